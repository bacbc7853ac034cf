import Foundation

/// The printable form of a `Plan`: `narrate plan --json` prints this, the same shape as
/// `manifest.json` without timings.
public struct PlanDocument: Codable, Sendable, Equatable {
    public var title: String
    public var author: String?
    public var language: String
    public var engine: EngineIdentity
    public var estimatedDuration: Double
    public var chapters: [Chapter]
    /// What is not read, and why; with the chapters' words, every word of the source.
    public var skipped: [Skipped]

    /// A piece of the book that is not read: where, how many words, why, and the option that reads it.
    public struct Skipped: Codable, Sendable, Equatable {
        public var title: String
        public var words: Int
        public var reason: SkippedText.Reason
        public var flag: String?

        init(_ skipped: SkippedText) {
            title = skipped.title
            words = skipped.words
            reason = skipped.reason
            flag = skipped.reason.flag
        }
    }

    public struct Chapter: Codable, Sendable, Equatable {
        public var index: Int
        public var title: String
        public var part: String?
        public var language: String
        public var words: Int
        public var frontMatter: Bool
        public var estimatedDuration: Double
        public var segments: [Segment]
    }

    public struct Segment: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var text: String
        /// What the engine reads, when it differs from `text` (lexicons, SSML, numerals as spoken).
        public var spoken: String?
        public var voice: String
        public var rate: Int
        public var pitch: Int
        public var volume: Int
        public var speaker: String
        public var pause: Double
        public var key: String
    }

    public init(_ plan: Plan) {
        title = plan.book.title
        author = plan.book.author
        language = plan.book.language
        engine = plan.engine
        chapters = plan.chapters.map { chapter in
            Chapter(
                index: chapter.index, title: chapter.title, part: chapter.part, language: chapter.language,
                words: chapter.words,
                frontMatter: chapter.isFrontMatter,
                estimatedDuration: (chapter.estimatedSeconds(pauses: plan.pauses) * 10).rounded() / 10,
                segments: chapter.segments.map {
                    Segment(id: $0.id, kind: $0.kind.rawValue, text: $0.text, spoken: $0.spoken == $0.text ? nil : $0.spoken, voice: $0.voice.name, rate: $0.voice.rate,
                            pitch: $0.voice.pitch, volume: $0.voice.volume, speaker: $0.speaker,
                            pause: Double($0.pauseAfter) / 1000, key: $0.key)
                })
        }
        estimatedDuration = chapters.reduce(0) { $0 + $1.estimatedDuration }
        skipped = plan.skipped.map(Skipped.init)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A human-readable listing.
    /// The plan for a person to read. Text from the book is shown with control characters
    /// (an EPUB title's ESC sequences) and bidirectional overrides escaped as `\u{1B}`, so a
    /// book cannot drive the terminal; the JSON document is escaped by its encoder.
    public func text(showSegments: Bool) -> String {
        let title = title.terminalSafe, author = author?.terminalSafe, language = language.terminalSafe
        let chapters = chapters.map { chapter in
            var chapter = chapter
            chapter.title = chapter.title.terminalSafe
            chapter.segments = chapter.segments.map { segment in
                var segment = segment
                (segment.text, segment.spoken) = (segment.text.terminalSafe, segment.spoken?.terminalSafe)
                (segment.speaker, segment.voice) = (segment.speaker.terminalSafe, segment.voice.terminalSafe)
                return segment
            }
            return chapter
        }
        var out = "\(title)" + (author.map { " — \($0)" } ?? "") + " [\(language)]\n"
        let segmentTotal = chapters.reduce(0) { $0 + $1.segments.count }
        let words = chapters.reduce(0) { $0 + $1.words }
        out += "\(chapters.count) chapters, \(segmentTotal) segments, \(words) words, about \(TimeFormat.clock(estimatedDuration))\n\n"
        let width = String(chapters.count).count
        for chapter in chapters {
            out += "\(String(chapter.index).leftPadded(to: width, with: " "))  \(chapter.title)  "
                + "(\(chapter.words) words, \(chapter.segments.count) segments, ~\(TimeFormat.clock(chapter.estimatedDuration)))\n"
            if showSegments {
                for segment in chapter.segments {
                    out += "      \(segment.id)  [\(segment.speaker): \(segment.voice)]  \(segment.text)\n"
                    if let spoken = segment.spoken { out += "      \(String(repeating: " ", count: segment.id.count))  says: \(spoken)\n" }
                }
            }
        }
        if !skipped.isEmpty {
            let total = skipped.reduce(0) { $0 + $1.words }
            out += "\nNot read: \(total) words\n"
            for item in skipped {
                out += "   \(item.title.terminalSafe)  (\(item.words) words, \(item.reason.description)"
                    + (item.flag.map { "; \($0) reads it" } ?? "") + ")\n"
            }
        }
        return out
    }
}

extension String {
    /// The text with control characters (C0, DEL, C1) and bidirectional embedding, override and
    /// isolate characters written as `\u{…}` escapes: safe to print on a terminal.
    var terminalSafe: String {
        guard unicodeScalars.contains(where: \.isUnsafeOnTerminal) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.isUnsafeOnTerminal {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    fileprivate var isUnsafeOnTerminal: Bool {
        properties.generalCategory == .control || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
