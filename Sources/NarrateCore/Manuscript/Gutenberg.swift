import Foundation

/// Project Gutenberg boilerplate: the header before `*** START OF ...` and the licence after
/// `*** END OF ...` are never read aloud; the header's Title/Author/Language fill the metadata.
public enum Gutenberg {
    public struct Stripped: Equatable, Sendable {
        public var body: String
        /// Lines removed before the body, so source line numbers stay right.
        public var lineOffset: Int
        public var title: String?
        public var author: String?
        public var language: String?
    }

    // Regex is not Sendable, but these are immutable after construction and only matched against.
    nonisolated(unsafe) private static let startMarker = #/^\s*\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/#.ignoresCase()
    nonisolated(unsafe) private static let endMarker = #/^\s*\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/#.ignoresCase()
    nonisolated(unsafe) private static let oldStartMarker = #/^\s*\*END\*\s*THE SMALL PRINT/#.ignoresCase()
    nonisolated(unsafe) private static let oldEndMarker = #/^\s*End of (the )?Project Gutenberg('s)?\b/#.ignoresCase()

    public static func strip(_ text: String) -> Stripped {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var start = 0
        var end = lines.count
        for (index, line) in lines.enumerated() {
            // Cheap test first: every marker starts with "*" or "End" (after spaces).
            guard let first = line.first(where: { $0 != " " }), first == "*" || first == "E" || first == "e" else { continue }
            if start == 0, line.firstMatch(of: startMarker) != nil || line.firstMatch(of: oldStartMarker) != nil {
                start = index + 1
            } else if line.firstMatch(of: endMarker) != nil || line.firstMatch(of: oldEndMarker) != nil {
                if index >= start { end = index; break }
            }
        }
        var result = Stripped(
            body: lines[start..<end].joined(separator: "\n"), lineOffset: start,
            title: nil, author: nil, language: nil)
        if start > 0 {
            let header = lines[0..<start]
            result.title = field("Title", in: header)
            result.author = field("Author", in: header)
            result.language = field("Language", in: header).map(languageCode)
        }
        return result
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
