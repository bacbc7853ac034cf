/// What a render will do: every chapter's segments with their text, voice, pause and cache key.
/// A pure value computed from the book and the settings; printable with `narrate plan`.
public struct Plan: Sendable, Equatable {
    public var book: BookInfo
    public var chapters: [PlannedChapter]
    public var engine: EngineIdentity
    public var pauses: Pauses
    /// Cover art for the tags, from the book.
    public var cover: CoverImage?
    /// The book's description, for library layouts.
    public var description: String?
    /// The year of publication, where the book says (EPUB `dc:date`), for tags.
    public var year: String?
    /// Things the author may want to fix (markup naming nobody in the cast), with their place.
    public var warnings: [String] = []
    /// What the book holds that is not read, and why (from the reader).
    public var skipped: [SkippedText] = []

    public var segmentCount: Int { chapters.reduce(0) { $0 + $1.segments.count } }
}

public struct BookInfo: Codable, Sendable, Equatable {
    public var title: String
    public var author: String?
    public var language: String
}

public struct PlannedChapter: Sendable, Equatable {
    /// 1-based, as shown to users.
    public var index: Int
    public var title: String
    public var language: String
    public var words: Int
    public var isFrontMatter: Bool
    /// The part the chapter belongs to (EPUB nested contents), outermost first.
    public var part: String?
    public var segments: [Segment]

    /// A rough duration from the words and the voice rates, plus the pauses.
    public func estimatedSeconds(pauses: Pauses) -> Double {
        let speech = segments.reduce(0.0) { $0 + Double($1.text.wordCount) * 60 / Double(max($1.voice.rate, 1)) }
        let silence = segments.reduce(0) { $0 + $1.pauseAfter } + pauses.chapterEdge + pauses.endEdge
        return speech + Double(silence) / 1000
    }
}

public struct Segment: Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case heading, sentence }

    /// Stable within a plan: `c3.p12.s2` (chapter, paragraph, sentence; the heading is `c3.h`).
    public var id: String
    public var kind: Kind
    /// The text as written (what plans, manifests and captions show).
    public var text: String
    /// What the engine is given: the text after the pronunciation lexicons, with phonemes as
    /// `[[…]]`. The cache key is computed from this.
    public var spoken: String
    public var voice: VoiceSettings
    /// `narrator`, `dialogue` or a character's key.
    public var speaker: String
    /// Silence after this segment, in milliseconds.
    public var pauseAfter: Int
    /// 1-based paragraph number within the chapter (0 for the heading), for error messages.
    public var paragraph: Int
    /// SHA-256 of everything that changes this segment's audio (see `SegmentKey`).
    public var key: String
}
