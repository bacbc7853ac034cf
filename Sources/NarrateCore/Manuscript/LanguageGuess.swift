/// Guesses a book's language from its most common function words, for files that do not say.
/// Only the languages whose espeak-ng voices narrate picks by default are considered.
public enum LanguageGuess {
    private static let markers: [String: Set<String>] = [
        "en": ["the", "and", "of", "to", "was", "he", "she", "that", "with", "his", "her", "it", "you"],
        "de": ["und", "der", "die", "das", "nicht", "sie", "ich", "er", "zu", "mit", "sich", "auf", "ein"],
        "fr": ["le", "la", "les", "et", "des", "une", "est", "il", "elle", "que", "dans", "pas", "qui"],
        "es": ["el", "la", "los", "y", "que", "una", "del", "las", "por", "con", "se", "no", "su"],
        "it": ["il", "di", "che", "e", "la", "non", "un", "per", "una", "sono", "del", "gli", "si"],
        "pt": ["o", "os", "as", "um", "uma", "não", "com", "do", "da", "dos", "das", "em", "ao"],
        "nl": ["de", "het", "een", "en", "van", "niet", "dat", "zijn", "ik", "hij", "zij", "met", "op"],
    ]

    /// The best-scoring language, or nil when the text is too short to tell.
    public static func guess(_ text: Substring) -> String? {
        var counts: [String: Int] = [:]
        var total = 0
        for word in text.prefix(200_000).split(whereSeparator: { !$0.isLetter }) {
            let lower = word.lowercased()
            total += 1
            for (language, words) in markers where words.contains(lower) { counts[language, default: 0] += 1 }
        }
        guard total >= 50, let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              best.value * 10 >= total else { return nil }
        return best.key
    }
}
