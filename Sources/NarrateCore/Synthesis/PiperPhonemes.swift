import Foundation

/// Turns espeak-ng's IPA clauses into what a Piper model reads: sentences of phoneme
/// codepoints, the way Piper itself does (piper-tts `phonemize_espeak.py`). Each clause's IPA
/// without espeak-ng's `(en)` language-switch marks, followed by the punctuation that ended the
/// clause (and a space after `,` `:` `;`), decomposed (NFD) into codepoints; a sentence ends at
/// `.` `?` `!`. Codepoints the voice's `phoneme_id_map` lacks are dropped, as Piper drops them.
enum PiperPhonemes {
    static let sentenceEnds: Set<Character> = [".", "?", "!"]
    static let terminators: Set<Character> = [".", "?", "!", ",", ":", ";"]

    static func sentences(_ clauses: [(source: String, ipa: String)], known: [String: Int]) -> [[Int32]] {
        var sentences: [[Int32]] = [], current: [Int32] = []
        for (index, clause) in clauses.enumerated() {
            let terminator = self.terminator(of: clause.source)
            var text = stripLanguageMarks(clause.ipa)
            if let terminator { text.append(terminator) }
            if terminator.map({ !sentenceEnds.contains($0) }) ?? (index + 1 < clauses.count) { text += " " }
            for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where known[String(scalar)] != nil {
                current.append(Int32(bitPattern: scalar.value))
            }
            if let terminator, sentenceEnds.contains(terminator) {
                sentences.append(current)
                current = []
            }
        }
        sentences.append(current)
        // A sentence of punctuation alone has nothing to say.
        let silent = Set(" .?!,:;".unicodeScalars.map { Int32($0.value) })
        return sentences.filter { codepoints in codepoints.contains { !silent.contains($0) } }
    }

    /// The punctuation that ended a clause, from the text espeak-ng read for it: the last
    /// character, past closing quotes and brackets, and past the one character espeak-ng reads
    /// ahead of a clause's end. `…` counts as `.`.
    static func terminator(of source: String) -> Character? {
        var characters = Array(source.trimmingCharacters(in: .whitespacesAndNewlines))
        if characters.count >= 2, characters[characters.count - 2].isWhitespace,
           !isClosing(characters.last!), !terminators.contains(characters.last!), characters.last != "…" {
            characters.removeLast()  // the character read ahead
            while characters.last?.isWhitespace == true { characters.removeLast() }
        }
        while let last = characters.last, isClosing(last) { characters.removeLast() }
        guard let last = characters.last else { return nil }
        if last == "…" { return "." }
        return terminators.contains(last) ? last : nil
    }

    private static func isClosing(_ character: Character) -> Bool {
        "\"'”’»)]}".contains(character)
    }

    /// espeak-ng marks words it reads with another language's rules as `(fr)…(en)`.
    static func stripLanguageMarks(_ ipa: String) -> String {
        ipa.replacingOccurrences(of: "\\([^)]+\\)", with: "", options: .regularExpression)
    }
}
