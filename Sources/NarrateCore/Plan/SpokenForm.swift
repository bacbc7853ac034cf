/// What the engine is given for a segment's text, beyond the lexicons: numerals as a narrator
/// says them and, in headings set in capitals, words rather than letters (espeak-ng spells
/// "THE END OF IT." as "the end of I-T" and "US" as "U-S").
public enum SpokenForm {
    public static func apply(_ text: String, heading: Bool, language: String) -> String {
        let spoken = SpokenNumerals.apply(text, heading: heading, language: language)
        return heading ? wordsForCapitals(spoken) : spoken
    }

    /// A heading mostly in capitals, with each word of two or more capitals in title case
    /// ("THE END OF IT." → "The End Of It."). Phonemes (`[[…]]`) are left as they are.
    static func wordsForCapitals(_ text: String) -> String {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let capitals = letters.filter { $0.properties.isUppercase }.count
        guard letters.count >= 2, capitals * 10 >= letters.count * 8, !text.contains("[[") else { return text }
        var result = ""
        var word = ""
        func flush() {
            if word.count >= 2 { result += word.prefix(1) + word.dropFirst().lowercased() } else { result += word }
            word = ""
        }
        for character in text {
            if character.isLetter || (!word.isEmpty && (character == "’" || character == "'")) {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
