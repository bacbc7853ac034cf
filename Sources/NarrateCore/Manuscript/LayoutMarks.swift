/// Project Gutenberg's layout marks, left in some plain-text books by the transcribers' tools:
/// `/* NIND “My dear Harriet, */` (set without indent), `/* RIGHT “Hunsford, near Westerham, …. */`
/// (set flush right), and lines of `/*` and `*/` alone around a block that keeps its line breaks.
/// They are markup, like `_italics_`, not the book's words: the marks go and the text stays.
enum LayoutMarks {
    /// The directives a mark may open with.
    static let directives: Set<String> = ["NIND", "RIGHT", "CENTER", "CENTRE", "LEFT", "INDENT", "BLOCK"]

    /// The lines without their marks, and how many directive words went with them (listed as
    /// skipped markup, so that the accounting says where they went).
    static func remove(_ lines: [String]) -> (lines: [String], directiveWords: Int) {
        var words = 0
        let kept = lines.map { line in
            let (text, directive) = remove(line)
            if directive { words += 1 }
            return text
        }
        return (kept, words)
    }

    /// The line without its marks, and whether a directive word went; a line of a mark alone
    /// becomes a blank line (line numbers stay).
    static func remove(_ line: String) -> (text: String, directive: Bool) {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.hasPrefix("/*") || trimmed.hasSuffix("*/") else { return (line, false) }
        if trimmed == "/*" || trimmed == "*/" { return ("", false) }
        guard trimmed.hasPrefix("/*"), trimmed.hasSuffix("*/"), trimmed.count > 4 else { return (line, false) }
        var inner = Substring(trimmed.dropFirst(2).dropLast(2)).drop { $0 == " " }
        var directive = false
        // A directive before the text it sets; not the first of words in capitals ("/* BLOCK LETTERS TWO FEET HIGH */").
        if let space = inner.firstIndex(of: " "), directives.contains(String(inner[..<space])) {
            let rest = inner[inner.index(after: space)...]
            let next = rest.prefix { !$0.isWhitespace }
            if !(next.contains(where: \.isLetter) && next.allSatisfy { !$0.isLetter || $0.isUppercase }) {
                inner = rest
                directive = true
            }
        }
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        return (indent + String(inner).trimmingWhitespace(), directive)
    }
}
