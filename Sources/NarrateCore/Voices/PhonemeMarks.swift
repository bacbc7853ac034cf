/// Pronunciations carried inside a paragraph's text from the EPUB reader (`ssml:ph`): the
/// written words and their phonemes between private-use marks, so they survive sentence
/// splitting and quote detection unchanged. `written` gives what is shown, `spoken` what the
/// engine reads.
public enum PhonemeMarks {
    static let open: Character = "\u{E000}"
    static let separator: Character = "\u{E001}"
    static let close: Character = "\u{E002}"

    /// `written` to be read as `phonemes` (espeak-ng mnemonics).
    public static func mark(_ written: String, phonemes: String) -> String {
        "\(open)\(written)\(separator)\(phonemes)\(close)"
    }

    /// Whether the text carries marks (a scalar scan: this runs for every segment).
    static func hasMarks(_ text: String) -> Bool { text.unicodeScalars.contains(open.unicodeScalars.first!) }

    /// The text as written.
    public static func written(_ text: String) -> String {
        guard hasMarks(text) else { return text }
        var out = ""
        var skipping = false
        for c in text {
            switch c {
            case open: continue
            case separator: skipping = true
            case close: skipping = false
            default: if !skipping { out.append(c) }
            }
        }
        return out
    }

    /// What the engine reads: marked words as `[[phonemes]]`, the rest through the lexicon. A
    /// book's own `[[` (which espeak-ng would take for phonemes) is read as brackets.
    public static func spoken(_ text: String, lexicon: Lexicon) -> String {
        func plain(_ part: String) -> String {
            let brackets = part.utf8.contains(UInt8(ascii: "[")) || part.utf8.contains(UInt8(ascii: "]"))
            return lexicon.apply(brackets ? part.replacingOccurrences(of: "[[", with: "[ [").replacingOccurrences(of: "]]", with: "] ]") : part)
        }
        guard hasMarks(text) else { return plain(text) }
        var out = ""
        var current = ""
        var state = 0  // 0 text, 1 written part of a mark, 2 phonemes
        for c in text {
            switch (c, state) {
            case (open, 0): out += plain(current); current = ""; state = 1
            case (separator, 1): current = ""; state = 2
            case (close, 2): out += " [[\(current)]] "; current = ""; state = 0
            default: current.append(c)
            }
        }
        out += state == 0 ? plain(current) : plain(written(String(current)))
        return out.trimmingWhitespace()
    }
}
