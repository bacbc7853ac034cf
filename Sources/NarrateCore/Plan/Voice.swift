/// Everything about a voice that changes the audio it produces. Part of every segment's cache key.
public struct VoiceSettings: Codable, Hashable, Sendable {
    /// The engine's voice name, e.g. `en-us`, `en+f3`, `de`.
    public var name: String
    /// Words per minute (espeak-ng: 80–450).
    public var rate: Int
    /// Base pitch, 0–99 (espeak-ng default 50).
    public var pitch: Int
    /// Volume, 0–200 (100 is normal).
    public var volume: Int
    /// The engine that speaks this voice when it is not the plan's (espeak-ng): a Piper voice's
    /// identity (`piper`, the runtime's version, the model's hash, its sample rate), which the
    /// segment cache key then uses. Nil for espeak-ng voices, whose keys are unchanged.
    public var engine: EngineIdentity? = nil

    /// Whether this is a Piper voice (`engine: piper` in the cast, `--engine piper`).
    public var isPiper: Bool { engine?.name == EngineIdentity.piperName }

    public init(name: String = "en-us", rate: Int = 175, pitch: Int = 50, volume: Int = 100) {
        self.name = name
        self.rate = rate
        self.pitch = pitch
        self.volume = volume
    }

    public static let rateRange = 80...450
    public static let pitchRange = 0...99
    public static let volumeRange = 0...200
}

/// Silence inserted between segments, in milliseconds.
public struct Pauses: Codable, Hashable, Sendable {
    public var sentence: Int
    public var paragraph: Int
    /// After the chapter heading is read.
    public var heading: Int
    /// Silence at the start of each chapter file (and at the end, unless `chapterEnd` is set).
    public var chapterEdge: Int
    /// Silence at the end of each chapter file, when it differs from the start (ACX: 1–5 s).
    public var chapterEnd: Int?
    /// Between two voices within one sentence (“I am,” | said Darcy).
    public var voiceChange: Int = 150

    public init(sentence: Int = 300, paragraph: Int = 700, heading: Int = 1000, chapterEdge: Int = 500, chapterEnd: Int? = nil) {
        self.sentence = sentence
        self.paragraph = paragraph
        self.heading = heading
        self.chapterEdge = chapterEdge
        self.chapterEnd = chapterEnd
    }

    /// Milliseconds of silence closing a chapter.
    public var endEdge: Int { chapterEnd ?? chapterEdge }
}
