/// Builds a `Plan` from a `Book`: sentences, speakers, voices, pronunciations, pauses and cache keys.
public struct Planner: Sendable {
    public var voices: VoiceAssignment
    public var pauses: Pauses
    public var engine: EngineIdentity
    public var splitter: SentenceSplitter
    /// The user's lexicon followed by the book's own (EPUB PLS).
    public var lexicon: Lexicon
    /// The attribution rules in use: all, except when measuring what each one adds.
    public var attributionRules = Set(AttributionRule.allCases)
    /// How many paragraphs a mention keeps a character in the scene, for attribution.
    public var sceneWindow = 6

    public init(voices: VoiceAssignment, pauses: Pauses, engine: EngineIdentity, lexicon: Lexicon = Lexicon(),
                splitter: SentenceSplitter = SentenceSplitter()) {
        self.voices = voices
        self.pauses = pauses
        self.engine = engine
        self.lexicon = lexicon
        self.splitter = splitter
    }

    /// One voice for everything.
    public init(voice: VoiceSettings, pauses: Pauses, engine: EngineIdentity, splitter: SentenceSplitter = SentenceSplitter()) {
        self.init(voices: VoiceAssignment(cast: Cast(), base: voice, bookLanguage: ""), pauses: pauses, engine: engine, splitter: splitter)
    }

    public func plan(_ book: Book) -> Plan {
        // The lexicon plans again without any rule it had to give up on (see `Lexicon`).
        var (result, warnings) = lexicon.plan { plan(book, lexicon: $0) }
        result.warnings += warnings
        return result
    }

    private func plan(_ book: Book, lexicon: Lexicon) -> Plan {
        var voices = voices
        if voices.bookLanguage.isEmpty { voices.bookLanguage = book.language }
        let chapterPlanner = ChapterPlanner(
            voices: voices, pauses: pauses, engine: engine, splitter: splitter, lexicon: lexicon,
            markup: SpeakerMarkup(cast: voices.cast), attributor: Attributor(cast: voices.cast, rules: attributionRules, sceneWindow: sceneWindow))
        var warnings: [String] = []
        let chapters = book.chapters.enumerated().map { offset, chapter in
            chapterPlanner.plan(chapter, index: offset + 1, language: chapter.language ?? book.language, warnings: &warnings)
        }
        var plan = Plan(
            book: BookInfo(title: book.title, author: book.author, language: book.language),
            chapters: chapters, engine: engine, pauses: pauses, cover: book.cover, description: book.description)
        plan.warnings = warnings
        plan.skipped = book.skipped
        plan.year = book.year
        return plan
    }
}

/// The key that identifies a segment's audio, independent of where it appears.
public enum SegmentKey {
    /// Bumped whenever the stored audio format or trimming changes.
    public static let formatVersion = 1

    /// From the text the engine is given, the voice and the engine: nothing else changes the audio.
    public static func make(text: String, voice: VoiceSettings, engine: EngineIdentity) -> String {
        let engine = voice.engine ?? engine
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
/// The identity of a speech engine build: what, besides text and voice, changes its audio.
public struct EngineIdentity: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    /// Identifies the voice/phoneme data in use (path and version), since it changes the audio.
    public var dataVersion: String
    public var sampleRate: Int

    /// The name Piper voices' identities carry (`VoiceSettings.engine`).
    public static let piperName = "piper"
    /// A Piper voice before its model is found and hashed (`VoiceAssignment.piperEngines`).
    public static let unresolvedPiper = EngineIdentity(name: piperName, version: "", dataVersion: "", sampleRate: 0)
}
