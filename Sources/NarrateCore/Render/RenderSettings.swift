import Foundation

/// Settings for writing a rendered book.
public struct RenderSettings: Sendable {
    public var outputDirectory: URL
    public var mp3: MP3Settings
    /// How many chapters are rendered at once (each synthesizing in its own child processes and
    /// encoding on its own thread), so at most this many CPU-heavy tasks run together.
    public var jobs: Int
    public var progress: ProgressMode
    /// Evict least-recently-used cache entries beyond this many bytes at the end of the run.
    public var cacheMaxBytes: Int?
    /// Render only these chapters (the others' files, if any, are kept as they are).
    public var chapters: ChapterSelection?
    /// Caption files written beside each chapter file.
    public var captions: [CaptionFormat] = []
    /// The chapter files' format (mp3, wav or flac).
    public var format: OutputFormat = .mp3
    /// Normalise each chapter's loudness (nil: leave the engine's level).
    public var loudness: LoudnessSettings?
    /// Output sample rate when it differs from the engine's (MP3: LAME resamples; else libsoxr).
    public var sampleRate: Int?
    /// Render only this shard's chapters and write its own manifest (`--shard K/N`).
    public var shard: ShardSelection?

    public init(outputDirectory: URL, mp3: MP3Settings, jobs: Int = 1, progress: ProgressMode = .none, cacheMaxBytes: Int? = nil,
                chapters: ChapterSelection? = nil) {
        self.chapters = chapters
        self.outputDirectory = outputDirectory
        self.mp3 = mp3
        self.jobs = max(1, jobs)
        self.progress = progress
        self.cacheMaxBytes = cacheMaxBytes
    }
}
