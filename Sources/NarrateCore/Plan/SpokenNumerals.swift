import Foundation

/// Roman numerals as a narrator says them. espeak-ng reads "Chapter XLII" as "Chapter Roman
/// forty-two" (French "deux romain", German "römisch zwölf", Dutch spells them out), so what the
/// engine is given spells them the way each language reads them: a chapter's or part's number
/// as a cardinal ("Chapter 42", "Chapitre 2") or, where the language says small ones as words, an
/// ordinal ("Capítulo segundo"); a ruler's number as an ordinal ("Henry the 8th", "Louis 14",
/// "Felipe segundo", "Heinrich 8.", "Willem de derde"). Only `spoken` changes; the text keeps the
/// book's spelling. The pronoun "I", initials ("C. S. Lewis") and words in capitals that happen
/// to be numerals ("MIX") are left alone: a numeral is only read as one at the start of a
/// heading's sentence, after a chapter or part keyword, or after a name.
public enum SpokenNumerals {
    /// The engine's text for a heading or a sentence in `language` (a BCP 47 tag).
    public static func apply(_ text: String, heading: Bool, language: String) -> String {
        let language = NumberWords.primaryLanguage(language)
        // Italian: espeak-ng already reads a Roman numeral as the ordinal ("Enrico ottavo").
        guard language != "it", mayHaveNumeral(text) else { return text }
        if text.contains("[[") {
            // Phonemes from a lexicon or the book (`[[…]]`) are passed on untouched.
            return text.components(separatedBy: "[[").enumerated().map { index, part in
                guard index > 0, let close = part.range(of: "]]") else { return convert(part, heading: heading, language: language) }
                return String(part[..<close.upperBound]) + convert(String(part[close.upperBound...]), heading: heading, language: language)
            }.joined(separator: "[[")
        }
        return convert(text, heading: heading, language: language)
    }

    /// Cheap test first: a capital numeral letter that starts a word ("XLII", "I.", "V").
    private static func mayHaveNumeral(_ text: String) -> Bool {
        var previousIsLetter = false
        for byte in text.utf8 {
            let isNumeral = byte == 0x49 || byte == 0x56 || byte == 0x58 || byte == 0x4C || byte == 0x43 || byte == 0x44 || byte == 0x4D
            if isNumeral && !previousIsLetter { return true }
            previousIsLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
        }
        return false
    }

    private static func convert(_ text: String, heading: Bool, language: String) -> String {
        var result = ""
        result.reserveCapacity(text.count + 8)
        var previousWord: Substring = ""
        var index = text.startIndex
        // A heading's sentences each start with their own number: "Tome IV. LXXXV. Le voyage."
        var isFirstWord = true
        var afterStop = false
        while index < text.endIndex {
            let character = text[index]
            guard character.isLetter else {
                if ".!?:".contains(character) { afterStop = true } else if !character.isWhitespace { afterStop = false }
                result.append(character)
                index = text.index(after: index)
                continue
            }
            if afterStop { isFirstWord = true }
            afterStop = false
            let end = text[index...].firstIndex { !$0.isLetter } ?? text.endIndex
            let word = text[index..<end]
            let next = end < text.endIndex ? text[end] : nil
            if let value = numeral(word, next: next, previous: previousWord, isFirstWord: isFirstWord, heading: heading) {
                let isRuler = !Self.isKeyword(previousWord) && !(heading && isFirstWord)
                    && !Self.cardinalBefore.contains(String(previousWord))
                result += isRuler ? ruler(value, language: language, next: next) : chapterNumber(value, language: language)
            } else {
                result += word
            }
            previousWord = word
            isFirstWord = false
            index = end
        }
        return result
    }

    /// The numeral's value when `word` is read as a number here.
    private static func numeral(_ word: Substring, next: Character?, previous: Substring, isFirstWord: Bool, heading: Bool) -> Int? {
        guard word.allSatisfy({ "IVXLCDM".contains($0) }), let value = NumberWords.value(ofRoman: String(word)) else { return nil }
        if let next, next == "'" || next == "’" { return nil }
        let standsAlone = next == nil || next.map { ".—–-:,;)".contains($0) } == true
        if isKeyword(previous) {
            // In a sentence, "Chapter XII" or "Book I." but not "the part I played".
            if heading { return value }
            return previous.first?.isUppercase == true && (word.count > 1 || standsAlone) ? value : nil
        }
        if heading && isFirstWord {
            // "II—The Pool of Tears", "IV.", "XLII"; but "I Remember" is a pronoun.
            return word.count > 1 || standsAlone ? value : nil
        }
        // After a name: "Henry VIII", "Louis XIV", "Pius IX" (one letter is too often a letter: "Type V").
        guard word.count > 1, let first = previous.first, first.isUppercase, previous.count > 1,
              previous.dropFirst().allSatisfy(\.isLowercase)
        else { return nil }
        return value
    }

    /// Names after which a numeral is a plain number, not a ruler's: "World War II" is "World
    /// War Two", "Vatican II" "Vatican Two".
    static let cardinalBefore: Set<String> = [
        "War", "Vatican", "Apollo", "Gemini", "Bowl", "Type", "Class", "Mark", "Phase", "Level", "Grade", "Stage",
        "Title", "Article", "Psalm", "Appendix", "Figure", "Table", "Plate", "Weltkrieg", "Guerre", "Guerra",
    ]

    private static func isKeyword(_ word: Substring) -> Bool {
        guard !word.isEmpty else { return false }
        let key = NumberWords.fold(String(word))
        return Headings.chapterKeywords.contains(key) || Headings.partKeywords.contains(key)
    }

    /// A chapter's, part's or book's number.
    private static func chapterNumber(_ value: Int, language: String) -> String {
        NumberWords.spokenOrdinal(value, language: language) ?? String(value)
    }

    /// A ruler's or pope's number, as the language says it after the name.
    private static func ruler(_ value: Int, language: String, next: Character?) -> String {
        switch language {
        case "en":
            let suffix = (value % 100 / 10 == 1) ? "th" : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
            return "the \(value)\(suffix)"
        case "fr": return value == 1 ? "premier" : String(value)
        case "de": return next == "." ? String(value) : "\(value)."
        case "nl": return NumberWords.dutchOrdinal(value).map { "de \($0)" } ?? String(value)
        default: return NumberWords.spokenOrdinal(value, language: language) ?? String(value)
        }
    }
}
