/// Narration beside a line that only says what its speaker does, naming nobody, not even by a
/// pronoun: "taking out a stick and whittling a toothpick", "rapidly bolting another mouthful",
/// "with a shrug and a laugh", or that it answers: "was the sepulchral reply". Such a line is a
/// turn of the exchange (`ChapterAttribution.isUnnamedBeat`). Narration that says where a voice
/// came from ("faintly from the river", "roared from a thousand throats") may be somebody else's.
enum Gestures {
    /// Whether one stretch of narration (its words, in order) is a gesture: it opens as one does
    /// (an -ing word, perhaps after an adverb, or "with"; or "was the … answer"), all in lower
    /// case, with no pronoun that says who and no word that says where the voice came from.
    static func isGesture(_ words: [String]) -> Bool {
        guard opensAsAGesture(words) else { return false }
        for (i, word) in words.enumerated() {
            // "holding the tongs towards him": the one spoken to, after a preposition; not "was her answer".
            let spokenTo = objects.contains(word) && i > 0 && prepositions.contains(words[i - 1])
            guard word.first?.isLowercase == true, Pronouns.gender(of: word) == nil, !personalWords.contains(word) || spokenTo,
                  !elsewhere.contains(word), !pairsElsewhere.contains([word, i + 1 < words.count ? words[i + 1] : ""])
            else { return false }
        }
        return true
    }

    /// "taking out a stick", "rapidly bolting another mouthful", "with a shrug"; or the answer to
    /// the line before: "was the answer", "was the sepulchral reply".
    private static func opensAsAGesture(_ words: [String]) -> Bool {
        guard !words.isEmpty else { return false }
        if words.count >= 3, words.count <= 5, words[0] == "was", ["the", "all"].contains(words[1]), let last = words.last, answers.contains(last) {
            return true
        }
        let isParticiple = { (word: String) in word.count > 4 && word.hasSuffix("ing") }
        if words[0] == "with" || isParticiple(words[0]) { return words.count >= 2 }
        return words.count >= 3 && words[0].hasSuffix("ly") && isParticiple(words[1])
    }

    /// Words of the narration that point at a person: "was her answer" is a tag.
    static let personalWords: Set<String> = ["his", "her", "hers", "him", "himself", "herself", "their", "them", "my", "me", "myself", "you", "one"]
    static let objects: Set<String> = ["him", "her", "them"]
    static let prepositions: Set<String> = ["to", "towards", "toward", "at", "for", "with", "upon", "on", "over", "before"]
    static let answers: Set<String> = ["answer", "reply", "response", "rejoinder", "retort"]
    /// Words that say where a voice came from, or that many spoke: "sung out from the mast-head",
    /// "roared from a thousand throats", "echoed round the table".
    static let elsewhere: Set<String> = [
        "from", "beneath", "below", "behind", "round", "around", "by", "outside", "above", "overhead", "within",
        "all", "chorus", "everybody", "everyone", "somebody", "someone",
    ]
    /// "rang out of the darkness", "and so on", "so forth" (but "taking out a stick").
    static let pairsElsewhere: Set<[String]> = [["out", "of"], ["so", "on"], ["so", "forth"]]
}
