import ArgumentParser
import Foundation

/// The manuscript and what to call it.
public struct ManuscriptOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The manuscript: an EPUB, a plain-text file, or - for standard input.", valueName: "book"))
    public var input: String

    @Option(help: "Book title (default: from the file, else the file name).")
    public var title: String?

    @Option(help: "Book author (default: from the file).")
    public var author: String?

    @Option(help: "Language of the book as a BCP 47 tag, e.g. en, de (default: from the file, else en).")
    public var language: String?

    @Flag(help: "EPUB: also read the cover, title page, contents, copyright and other front and back matter.")
    public var includeFrontMatter = false

    @Flag(help: "EPUB: also read spine items marked linear=\"no\" (supplements a reader shows out of order).")
    public var includeNonLinear = false

    @Flag(help: "EPUB: read the alt text of images where they appear.")
    public var readAltText = false

    public init() {}

    func load(warnings: WarningLog) throws -> Book {
        try ManuscriptSource.load(
            input,
            options: PlainTextReader.Options(title: title, author: author, language: language, fallbackTitle: "Untitled"),
            epub: EPUBReader.Options(
                includeFrontMatter: includeFrontMatter, includeNonLinear: includeNonLinear, readAltText: readAltText),
            warnings: warnings)
    }
}

/// The voice and its parameters.
public struct VoiceOptions: ParsableArguments {
    @Option(help: "espeak-ng voice, e.g. en-us, en-gb, en+f3, de (default: from the book's language; see espeak-ng --voices).")
    public var voice: String?

    @Option(help: "Speaking rate in words per minute (80–450).")
    public var rate: Int = 175

    @Option(help: "Base pitch (0–99).")
    public var pitch: Int = 50

    @Option(help: "Volume (0–200; 100 is normal).")
    public var volume: Int = 100

    @Option(help: "Pause after a sentence, in milliseconds.")
    public var sentencePause: Int = 300

    @Option(help: "Pause after a paragraph, in milliseconds.")
    public var paragraphPause: Int = 700

    @Option(help: "Pause after a chapter heading, in milliseconds.")
    public var headingPause: Int = 1000

    @Option(help: "Silence at the start and end of each chapter file, in milliseconds.")
    public var chapterEdge: Int = 500

    public init() {}

    public mutating func validate() throws {
        guard VoiceSettings.rateRange.contains(rate) else { throw ValidationError("--rate must be 80–450 words per minute (got \(rate))") }
        guard VoiceSettings.pitchRange.contains(pitch) else { throw ValidationError("--pitch must be 0–99 (got \(pitch))") }
        guard VoiceSettings.volumeRange.contains(volume) else { throw ValidationError("--volume must be 0–200 (got \(volume))") }
        for (name, value) in [("--sentence-pause", sentencePause), ("--paragraph-pause", paragraphPause),
                              ("--heading-pause", headingPause), ("--chapter-edge", chapterEdge)] {
            guard (0...60_000).contains(value) else { throw ValidationError("\(name) must be 0–60000 milliseconds (got \(value))") }
        }
    }

    /// The voice for a book: `--voice`, else the book's language (English as `en-us`).
    func settings(for book: Book) -> VoiceSettings {
        let language = book.language.lowercased()
        let name = voice ?? (language == "en" || language.hasPrefix("en-") ? "en-us" : language)
        return VoiceSettings(name: name, rate: rate, pitch: pitch, volume: volume)
    }
    var pauses: Pauses {
        Pauses(sentence: sentencePause, paragraph: paragraphPause, heading: headingPause, chapterEdge: chapterEdge)
    }

    /// The engine, with the voice checked up front (an unknown voice exits 64).
    func engine(for book: Book) throws -> ESpeakEngine {
        let engine = try ESpeakEngine.shared()
        try engine.validate(voice: settings(for: book))
        return engine
    }
}

/// Reads the manuscript, starts the engine (checking the voice) and plans the render: the
/// first steps of `render`, `plan` and `cache warm`.
func loadPlan(_ manuscript: ManuscriptOptions, _ voice: VoiceOptions, warnings: WarningLog) throws -> (Book, ESpeakEngine, Plan) {
    let book = try manuscript.load(warnings: warnings)
    let engine = try voice.engine(for: book)
    let plan = Planner(voice: voice.settings(for: book), pauses: voice.pauses, engine: engine.identity).plan(book)
    return (book, engine, plan)
}

/// MP3 encoder settings.
public struct EncoderOptions: ParsableArguments {
    @Option(help: "MP3 bitrate in kbit/s (constant; at 22.05 kHz: 8–160).")
    public var bitrate: Int = 64

    @Option(help: "LAME quality: 0 (best, slowest) to 9 (fastest).")
    public var quality: Int = 5

    public init() {}

    public mutating func validate() throws {
        guard MP3Settings.mpeg2Bitrates.contains(bitrate) else {
            throw ValidationError("--bitrate must be one of \(MP3Settings.mpeg2Bitrates.map(String.init).joined(separator: ", ")) (got \(bitrate))")
        }
        guard (0...9).contains(quality) else { throw ValidationError("--quality must be 0–9 (got \(quality))") }
    }

    var settings: MP3Settings { MP3Settings(bitrate: bitrate, quality: quality) }
}

/// How results are reported.
public struct ReportOptions: ParsableArguments {
    @Flag(help: "Print a machine-readable JSON report on standard output.")
    public var json = false

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but warnings and errors.")
    public var quiet = false

    public init() {}
}

/// Where the segment cache lives and how big it may grow.
public struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The segment cache database (default: $NARRATE_CACHE, else $XDG_CACHE_HOME/narrate/segments.sqlite).", valueName: "path"))
    public var cache: String?

    @Flag(help: "Do not read or write the segment cache.")
    public var noCache = false

    @Option(help: ArgumentHelp("After the run, evict least-recently-used segments beyond this size, e.g. 500MB, 2GiB (default: $NARRATE_CACHE_MAX_SIZE, else 4GB).", valueName: "size"))
    public var cacheMaxSize: String?

    public init() {}

    public mutating func validate() throws {
        if noCache, cache != nil { throw ValidationError("--cache and --no-cache cannot be used together") }
        if let size = cacheMaxSize, Units.bytes(size) == nil {
            throw ValidationError("--cache-max-size: '\(size)' is not a size; use e.g. 500MB or 2GiB")
        }
    }

    var url: URL {
        SegmentCache.url(option: cache)
    }

    /// The size limit: the option, else $NARRATE_CACHE_MAX_SIZE, else 4 GB.
    var maxBytes: Int {
        if let size = cacheMaxSize.flatMap(Units.bytes) { return size }
        if let size = ProcessInfo.processInfo.environment["NARRATE_CACHE_MAX_SIZE"].flatMap(Units.bytes) { return size }
        return 4_000_000_000
    }

    /// The cache to use, or nil with `--no-cache`. An unusable cache warns and is disabled.
    func open(warnings: WarningLog) -> SegmentCache? {
        noCache ? nil : SegmentCache(url: url, warnings: warnings)
    }
}

extension ProgressMode: ExpressibleByArgument {}
