/// Builds a `Plan` from a `Book`: sentences, voices, pauses and cache keys.
public struct Planner: Sendable {
    public var voice: VoiceSettings
    public var pauses: Pauses
    public var engine: EngineIdentity
    public var splitter: SentenceSplitter

    public init(voice: VoiceSettings, pauses: Pauses, engine: EngineIdentity, splitter: SentenceSplitter = SentenceSplitter()) {
        self.voice = voice
        self.pauses = pauses
        self.engine = engine
        self.splitter = splitter
    }

    public func plan(_ book: Book) -> Plan {
        let chapters = book.chapters.enumerated().map { offset, chapter in
            planChapter(chapter, index: offset + 1, language: chapter.language ?? book.language)
        }
        return Plan(
            book: BookInfo(title: book.title, author: book.author, language: book.language),
            chapters: chapters, engine: engine, pauses: pauses, cover: book.cover, description: book.description)
    }

    private func planChapter(_ chapter: Chapter, index: Int, language: String) -> PlannedChapter {
        var segments: [Segment] = []
        if let heading = chapter.spokenHeading {
            segments.append(makeSegment(id: "c\(index).h", kind: .heading, text: heading, pause: pauses.heading, paragraph: 0))
        }
        for (p, paragraph) in chapter.paragraphs.enumerated() {
            let sentences = splitter.split(paragraph.text).filter(\.isSpeakable)
            for (s, sentence) in sentences.enumerated() {
                let last = s == sentences.count - 1
                segments.append(makeSegment(
                    id: "c\(index).p\(p + 1).s\(s + 1)", kind: .sentence, text: sentence,
                    pause: last ? pauses.paragraph : pauses.sentence, paragraph: p + 1))
            }
        }
        // The chapter ends with its edge silence, not a paragraph pause.
        if !segments.isEmpty { segments[segments.count - 1].pauseAfter = 0 }
        return PlannedChapter(
            index: index, title: chapter.title, language: language, words: chapter.wordCount,
            isFrontMatter: chapter.isFrontMatter, part: chapter.part, segments: segments)
    }

    private func makeSegment(id: String, kind: Segment.Kind, text: String, pause: Int, paragraph: Int) -> Segment {
        Segment(
            id: id, kind: kind, text: text, voice: voice, speaker: "narrator", pauseAfter: pause,
            paragraph: paragraph, key: SegmentKey.make(text: text, voice: voice, engine: engine))
    }
}

/// The identity of a speech engine build: what, besides text and voice, changes its audio.
public struct EngineIdentity: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    /// Identifies the voice/phoneme data in use (path and version), since it changes the audio.
    public var dataVersion: String
    public var sampleRate: Int
}

/// The content hash that identifies a segment's audio, independent of where it appears.
public enum SegmentKey {
    /// Bumped whenever the stored audio format or trimming changes.
    public static let formatVersion = 1

    public static func make(text: String, voice: VoiceSettings, engine: EngineIdentity) -> String {
        var hasher = SHA256()
        let fields = [
            "narrate-segment-v\(formatVersion)", "engine=\(engine.name)", "version=\(engine.version)",
            "data=\(engine.dataVersion)", "rate=\(engine.sampleRate)", "format=s16le-mono",
            "voice=\(voice.name)", "wpm=\(voice.rate)", "pitch=\(voice.pitch)", "volume=\(voice.volume)",
            "text=\(text)",
        ]
        for field in fields {
            hasher.update(field)
            hasher.update([0])
        }
        return hasher.hexDigest()
    }
}

extension String {
    /// Whether the text has anything to pronounce (a letter or a digit), not only punctuation.
    var isSpeakable: Bool {
        unicodeScalars.contains { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
