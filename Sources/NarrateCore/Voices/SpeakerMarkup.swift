/// Explicit markup an author can put in a manuscript's text (Docs/voices.md):
///
///     {darcy} A paragraph read by darcy's voice (also {narrator}, {dialogue}).
///     She said {darcy: “I am not.”} and left.      a span read by darcy
///     {pause 2s}  {pause 750ms}                    silence here
///
/// Braces are markup only when they name the narrator, the dialogue voice or a character of
/// the cast, or are a well-formed pause; anything else stays text (and is reported).
public struct SpeakerMarkup: Sendable {
    public struct Parsed: Sendable {
        /// The text with the markup removed.
        public internal(set) var text: [Character]
        /// The same, as a string.
        public internal(set) var string: String
        public var paragraphSpeaker: Speaker?
        public var spans: [SpeechPiece] = []
        /// Character offsets (into `text`) where silence goes, and how long, in milliseconds.
        public var pauses: [(offset: Int, milliseconds: Int)] = []
        /// Brace groups that look like markup but name nobody in the cast.
        public var unknownNames: [String] = []

        init(text: [Character], string: String? = nil) {
            self.text = text
            self.string = string ?? String(text)
        }
    }

    private let speakers: [String: Speaker]

    public init(cast: Cast) {
        var speakers: [String: Speaker] = ["narrator": .narrator, "dialogue": .dialogue]
        for character in cast.characters { speakers[character.key] = .character(character.key) }
        self.speakers = speakers
    }

    /// The longest pause markup accepts, in milliseconds.
    public static let maximumPause = 60_000

    public func parse(_ paragraph: String) -> Parsed {
        let chars = Array(paragraph)
        guard chars.contains("{") else { return Parsed(text: chars, string: paragraph) }
        var parsed = Parsed(text: [])
        var i = 0
        while i < chars.count {
            guard chars[i] == "{", let close = chars[(i + 1)...].firstIndex(of: "}") else {
                parsed.text.append(chars[i])
                i += 1
                continue
            }
            let inner = String(chars[(i + 1)..<close])
            if let milliseconds = Self.pause(inner) {
                parsed.pauses.append((parsed.text.count, milliseconds))
            } else if let speaker = speakers[inner.trimmingWhitespace()], parsed.text.allSatisfy(\.isWhitespace) {
                parsed.paragraphSpeaker = speaker
                parsed.text = []
            } else if let colon = inner.firstIndex(of: ":"), let speaker = speakers[String(inner[..<colon]).trimmingWhitespace()] {
                let spoken = Array(String(inner[inner.index(after: colon)...]).trimmingWhitespace())
                if !parsed.text.isEmpty, parsed.text.last?.isWhitespace == false { parsed.text.append(" ") }
                let start = parsed.text.count
                parsed.text += spoken
                parsed.spans.append(SpeechPiece(range: start..<parsed.text.count, speaker: speaker))
            } else {
                if Self.looksLikeMarkup(inner) { parsed.unknownNames.append(inner) }
                parsed.text += chars[i...close]
            }
            i = close + 1
        }
        // Markup removed at the start leaves the spaces that followed it.
        let leading = parsed.text.prefix(while: \.isWhitespace).count
        if leading > 0 {
            parsed.text.removeFirst(leading)
            parsed.spans = parsed.spans.map { SpeechPiece(range: ($0.range.lowerBound - leading)..<($0.range.upperBound - leading), speaker: $0.speaker) }
            parsed.pauses = parsed.pauses.map { (max(0, $0.offset - leading), $0.milliseconds) }
        }
        parsed.string = String(parsed.text)
        return parsed
    }

    /// `pause 2s`, `pause 1.5s`, `pause 750ms`.
    static func pause(_ inner: String) -> Int? {
        let words = inner.split(separator: " ")
        guard words.count == 2, words[0] == "pause" else { return nil }
        let value = words[1]
        let milliseconds: Double?
        if value.hasSuffix("ms") { milliseconds = Double(value.dropLast(2)) } else if value.hasSuffix("s") { milliseconds = Double(value.dropLast()).map { $0 * 1000 } } else { milliseconds = nil }
        guard let milliseconds, milliseconds >= 0, milliseconds <= Double(maximumPause) else { return nil }
        return Int(milliseconds.rounded())
    }

    /// `{name}` or `{name: …}` with a name-like word: meant as markup, so worth a warning.
    private static func looksLikeMarkup(_ inner: String) -> Bool {
        let name = inner.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? inner
        return !name.isEmpty && name.count <= 40 && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            && (inner.contains(":") || inner == name) || inner.hasPrefix("pause")
    }
}
