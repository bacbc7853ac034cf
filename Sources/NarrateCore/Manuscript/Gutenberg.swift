import Foundation

/// Project Gutenberg boilerplate: the header before `*** START OF ...` and the licence after
/// `*** END OF ...` (or "End of the Project Gutenberg EBook …") are never read aloud; the header's
/// Title/Author/Language fill the metadata. The plain-text and EPUB readers share `bodyRange`.
public enum Gutenberg {
    public struct Stripped: Equatable, Sendable {
        public var body: String
        /// Lines removed before the body, so source line numbers stay right.
        public var lineOffset: Int
        public var title: String?
        public var author: String?
        public var language: String?
        /// Words of the header and of the licence at the end, which are not read.
        public var headerWords = 0
        public var footerWords = 0
    }

    // Regex is not Sendable, but these are immutable after construction and only matched against.
    nonisolated(unsafe) private static let startMarker = #/^\s*\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/#.ignoresCase()
    nonisolated(unsafe) private static let endMarker = #/^\s*\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/#.ignoresCase()
    nonisolated(unsafe) private static let oldStartMarker = #/^\s*\*END\*\s*THE SMALL PRINT/#.ignoresCase()
    nonisolated(unsafe) private static let oldEndMarker = #/^\s*End of (the )?Project Gutenberg('s)?\b/#.ignoresCase()

    public static func strip(_ text: String) -> Stripped {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let body = bodyRange(lines)
        var result = Stripped(
            body: lines[body].joined(separator: "\n"), lineOffset: body.lowerBound,
            title: nil, author: nil, language: nil)
        result.headerWords = lines[..<body.lowerBound].reduce(0) { $0 + $1.wordCount }
        result.footerWords = lines[body.upperBound...].reduce(0) { $0 + $1.wordCount }
        if body.lowerBound > 0 {
            let header = lines[0..<body.lowerBound]
            result.title = field("Title", in: header)
            result.author = field("Author", in: header)
            result.language = field("Language", in: header).map(languageCode)
        }
        return result
    }

    /// The lines (or paragraphs) between the start marker and the end marker or end line; all of
    /// them when there are none.
    public static func bodyRange<Line: StringProtocol>(_ lines: [Line]) -> Range<Int> {
        var start = 0
        var end = lines.count
        for (index, line) in lines.enumerated() {
            // Cheap test first: every marker starts with "*" or "End" (after spaces).
            guard let first = line.first(where: { $0 != " " }), first == "*" || first == "E" || first == "e" else { continue }
            let text = Substring(line)
            if start == 0, text.firstMatch(of: startMarker) != nil || text.firstMatch(of: oldStartMarker) != nil {
                start = index + 1
            } else if text.firstMatch(of: endMarker) != nil || text.firstMatch(of: oldEndMarker) != nil {
                if index >= start { end = index; break }
            }
        }
        return start..<end
    }

    private static func field(_ name: String, in lines: ArraySlice<Substring>) -> String? {
        let prefix = name + ":"
        guard let line = lines.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let value = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    static func languageCode(_ name: String) -> String {
        let known = [
            "english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it",
            "dutch": "nl", "portuguese": "pt", "finnish": "fi", "swedish": "sv", "latin": "la",
            "danish": "da", "norwegian": "nb", "polish": "pl", "russian": "ru", "greek": "el",
        ]
        return known[name.lowercased()] ?? name.lowercased()
    }
}
