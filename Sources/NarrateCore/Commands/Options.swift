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

    @Flag(help: "Read picture captions and images' alt text where they appear (EPUB captions and alt text, plain-text [Illustration: …]).")
    public var readAltText = false

    public init() {}

    func load(warnings: WarningLog) throws -> Book {
        try ManuscriptSource.load(
            input,
            options: PlainTextReader.Options(
                title: title, author: author, language: language, fallbackTitle: "Untitled", readAltText: readAltText),
            epub: EPUBReader.Options(
                includeFrontMatter: includeFrontMatter, includeNonLinear: includeNonLinear, readAltText: readAltText),
            warnings: warnings)
    }
}

/// The voices: a cast file and a lexicon, or one voice and its parameters.
public struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The cast file (YAML): narrator, dialogue and character voices (default: <book>.cast.yaml or cast.yaml beside the book; see Docs/voices.md).",
        valueName: "cast.yaml"))
    public var voices: String?

    @Option(help: ArgumentHelp(
        "A pronunciation lexicon (YAML) applied before synthesis (default: the cast's, else <book>.lexicon.yaml or lexicon.yaml beside the book).",
        valueName: "lexicon.yaml"))
    public var lexicon: String?

    @Flag(help: "Ignore cast and lexicon files beside the book.")
    public var noVoiceFiles = false

    @Option(help: "espeak-ng voice for the narrator, e.g. en-us, en-gb, en+f3, de; with --engine piper a Piper voice's name or .onnx path (default: the cast's, else from the book's language; see narrate voices).")
    public var voice: String?

    @Option(help: "The narrator's engine: espeak-ng or piper (neural; make deps-neural installs it) (default: the cast's, else espeak-ng).")
    public var engine: String?

    @Option(help: "ONNX Runtime threads per Piper instance (default 1); narrate runs at most cores ÷ threads instances.")
    public var threads: Int?

    @Option(help: "Narrator's speaking rate in words per minute, 80–450 (default: the cast's, else 175).")
    public var rate: Int?

    @Option(help: "Narrator's base pitch, 0–99 (default: the cast's, else 50).")
    public var pitch: Int?

    @Option(help: "Narrator's volume, 0–200, 100 is normal (default: the cast's, else 100).")
    public var volume: Int?

    @Option(help: "Pause after a sentence, in milliseconds.")
    public var sentencePause: Int = 300

    @Option(help: "Pause after a paragraph, in milliseconds.")
    public var paragraphPause: Int = 700

    @Option(help: "Pause after a chapter heading, in milliseconds.")
    public var headingPause: Int = 1000

    @Option(help: "Silence at the start and end of each chapter file, in milliseconds.")
    public var chapterEdge: Int = 500

    @Option(help: "Silence at the end of each chapter file, in milliseconds (default: --chapter-edge).")
    public var chapterEnd: Int?

    public init() {}

    public mutating func validate() throws {
        if let rate, !VoiceSettings.rateRange.contains(rate) { throw ValidationError("--rate must be 80–450 words per minute (got \(rate))") }
        if let pitch, !VoiceSettings.pitchRange.contains(pitch) { throw ValidationError("--pitch must be 0–99 (got \(pitch))") }
        if let volume, !VoiceSettings.volumeRange.contains(volume) { throw ValidationError("--volume must be 0–200 (got \(volume))") }
        if let engine, !["espeak-ng", "piper"].contains(engine) { throw ValidationError("--engine must be espeak-ng or piper (got \(engine))") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1–256 (got \(threads))") }
        for (name, value) in [("--sentence-pause", sentencePause), ("--paragraph-pause", paragraphPause),
                              ("--heading-pause", headingPause), ("--chapter-edge", chapterEdge)] {
            guard (0...60_000).contains(value) else { throw ValidationError("\(name) must be 0–60000 milliseconds (got \(value))") }
        }
        if noVoiceFiles, voices != nil || lexicon != nil { throw ValidationError("--no-voice-files ignores files beside the book; drop it to use --voices or --lexicon") }
    }

    var pauses: Pauses {
        Pauses(sentence: sentencePause, paragraph: paragraphPause, heading: headingPause, chapterEdge: chapterEdge, chapterEnd: chapterEnd)
    }

    /// What the command line says about the narrator; it wins over the cast file.
    var commandLine: VoiceSpec { VoiceSpec(name: voice, rate: rate, pitch: pitch, volume: volume, engine: engine) }

    /// The cast: `--voices`, else a cast file beside the book, else none.
    func cast(bookPath: String) throws -> Cast {
        try (voices ?? fileBeside(bookPath, named: "cast")).map(CastFile.load(path:)) ?? Cast()
    }

    /// The user's lexicon: `--lexicon`, else the cast's, else one beside the book.
    func userLexicon(cast: Cast, bookPath: String) throws -> Lexicon {
        try (lexicon ?? cast.lexicon ?? fileBeside(bookPath, named: "lexicon")).map(LexiconFile.load(path:)) ?? Lexicon()
    }

    /// `<book>.<name>.yaml` or `<name>.yaml` beside the book, unless told not to look.
    private func fileBeside(_ bookPath: String, named name: String) -> String? {
        guard !noVoiceFiles, bookPath != "-" else { return nil }
        return ConfigDocument.candidates(besideBook: bookPath, name: name).first { FileManager.default.fileExists(atPath: $0.path) }?.path
    }

    /// The voices for `book`, every one checked with the engine up front: an unknown voice in
    /// the cast file is an error naming its line (exit 65), on the command line exit 64.
    func assignment(for book: Book, cast: Cast, engine: ESpeakEngine) throws -> VoiceAssignment {
        var assignment = VoiceAssignment(
            cast: cast, base: VoiceSettings(name: VoiceSettings.defaultName(for: book.language)), bookLanguage: book.language,
            commandLine: commandLine, engineLanguages: engine.languages)
        if assignment.narrator.isPiper, voice == nil, cast.narrator?.name == nil {
            assignment.base.name = try EngineSetup.defaultPiperVoice(language: book.language)
        }
        let chapters = book.chapters.enumerated().map { ($0.offset + 1, $0.element.language ?? book.language) }
        for (settings, line) in assignment.voiceSettings(chapterLanguages: chapters) where !settings.isPiper {
            let name = settings.name
            do {
                try engine.validate(voice: VoiceSettings(name: name))
            } catch SynthesisError.unknownVoice(let name) where line != nil && name != commandLine.name {
                throw ConfigError(file: cast.file ?? "cast", line: line!,
                                  message: "unknown voice '\(name)'; run 'narrate voices' to list the voices and variants (e.g. en-gb, en-gb+f2)")
            }
        }
        return assignment
    }
}

/// Reads the manuscript, the cast and the lexicons, starts the engine (checking every voice)
/// and plans the render: the first steps of `render`, `plan` and `cache warm`.
func loadPlan(_ manuscript: ManuscriptOptions, _ voice: VoiceOptions, warnings: WarningLog, jobs: Int = 1) throws -> (Book, any SpeechEngine, Plan) {
    let cast = try voice.cast(bookPath: manuscript.input)
    let userLexicon = try voice.userLexicon(cast: cast, bookPath: manuscript.input)
    let book = try manuscript.load(warnings: warnings)
    let espeak = try ESpeakEngine.shared()
    var assignment = try voice.assignment(for: book, cast: cast, engine: espeak)
    let engine = try EngineSetup.engine(
        for: &assignment, chapterLanguages: book.chapters.enumerated().map { ($0.offset + 1, $0.element.language ?? book.language) },
        espeak: espeak, jobs: jobs, threads: voice.threads, warnings: warnings)
    let plan = Planner(voices: assignment, pauses: voice.pauses, engine: engine.identity,
                       lexicon: userLexicon.followed(by: book.pronunciations.lexicon)).plan(book)
    for warning in plan.warnings { warnings.add(warning) }
    return (book, engine, plan)
}

/// A delivery standard that sets several options at once.
public enum Preset: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// ACX (Audible): 44.1 kHz 192 kbit/s CBR MP3, RMS −23…−18 dBFS, peaks ≤ −3 dBFS,
    /// 0.5–1 s of room tone at the start and 1–5 s at the end of each chapter file.
    case acx
}

/// Encoder, sample rate and loudness settings.
public struct EncoderOptions: ParsableArguments {
    @Option(help: "Delivery preset: acx (192 kbit/s 44.1 kHz MP3, RMS −20 dBFS, peaks ≤ −3.5 dBFS, 0.75 s/2 s room tone).")
    public var preset: Preset?

    @Option(help: "MP3 bitrate in kbit/s (constant; 8–160 at 22.05 kHz, 32–320 at 32 kHz and above; default 64, 192 with --preset acx).")
    public var bitrate: Int?

    @Option(help: "LAME quality: 0 (best, slowest) to 9 (fastest).")
    public var quality: Int = 5

    @Option(help: "MP3 sample rate in Hz, resampled by LAME (default: the engine's 22050; 44100 with --preset acx).")
    public var sampleRate: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Normalise each chapter to this integrated loudness in LUFS (EBU R 128), or off (default: -18 for files, off for -o -).",
        valueName: "LUFS|off"))
    public var loudness: String?

    @Option(parsing: .unconditional, help: "Peak ceiling in dBFS for the limiter that follows the loudness gain (default -1; -3.5 with --preset acx).")
    public var peakCeiling: Double?

    public init() {}

    public mutating func validate() throws {
        if let sampleRate, !MP3Settings.sampleRates.contains(sampleRate) {
            throw ValidationError("--sample-rate must be one of \(MP3Settings.sampleRates.map(String.init).joined(separator: ", ")) (got \(sampleRate))")
        }
        let rate = outputSampleRate ?? 22050
        if let bitrate, !MP3Settings.validBitrates(sampleRate: rate).contains(bitrate) {
            throw ValidationError("--bitrate must be one of \(MP3Settings.validBitrates(sampleRate: rate).map(String.init).joined(separator: ", ")) at \(rate) Hz (got \(bitrate))")
        }
        guard (0...9).contains(quality) else { throw ValidationError("--quality must be 0–9 (got \(quality))") }
        if let loudness, loudness != "off", Double(loudness).map({ (-40.0...(-5.0)).contains($0) }) != true {
            throw ValidationError("--loudness must be a level from -40 to -5 LUFS, or off (got \(loudness))")
        }
        if let peakCeiling, !(-20.0...0.0).contains(peakCeiling) {
            throw ValidationError("--peak-ceiling must be -20 to 0 dBFS (got \(peakCeiling))")
        }
        if preset == .acx && loudness != nil { throw ValidationError("--preset acx sets the level itself (RMS −20 dBFS); drop --loudness") }
    }

    var outputSampleRate: Int? { sampleRate ?? (preset == .acx ? 44100 : nil) }

    var settings: MP3Settings {
        MP3Settings(bitrate: bitrate ?? (preset == .acx ? 192 : 64), quality: quality, sampleRate: outputSampleRate)
    }

    /// The loudness normalisation to apply; streams are not normalised unless asked, since
    /// normalising waits for a whole chapter to be measured before the first sample.
    func loudnessSettings(streaming: Bool) -> LoudnessSettings? {
        if preset == .acx { return peakCeiling.map { LoudnessSettings(measure: .rms, target: -20, ceiling: $0) } ?? .acx }
        switch loudness {
        case "off"?: return nil
        case nil where streaming: return nil
        default: return LoudnessSettings(target: loudness.flatMap(Double.init) ?? -18, ceiling: peakCeiling ?? -1)
        }
    }
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

    @Option(help: ArgumentHelp(
        "A shared second cache tier: redis://[:password@]host[:port][/db][?ttl=seconds&timeout=seconds] (default: $NARRATE_CACHE_REMOTE; see Docs/scale.md).",
        valueName: "url"))
    public var cacheRemote: String?

    public init() {}

    public mutating func validate() throws {
        if noCache, cache != nil { throw ValidationError("--cache and --no-cache cannot be used together") }
        if noCache, cacheRemote != nil { throw ValidationError("--no-cache turns off both cache tiers; drop --cache-remote or --no-cache") }
        if let cacheRemote {
            do { _ = try RemoteCacheAddress(cacheRemote) } catch { throw ValidationError("--cache-remote: \(error.message)") }
        }
        if let size = cacheMaxSize, let problem = Units.sizeProblem(size) {
            throw ValidationError("--cache-max-size: \(problem)")
        }
    }

    var url: URL {
        SegmentCache.url(option: cache)
    }

    /// The size limit: the option, else $NARRATE_CACHE_MAX_SIZE, else 4 GB; nil with --no-cache.
    /// A variable that is not a size is a usage error (exit 64), not silently replaced by the default.
    func maxBytes(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int? {
        if noCache { return nil }
        if let size = cacheMaxSize.flatMap(Units.bytes) { return size }
        if let text = environment["NARRATE_CACHE_MAX_SIZE"], !text.isEmpty {
            if let problem = Units.sizeProblem(text) { throw UsageError("NARRATE_CACHE_MAX_SIZE: \(problem); correct or unset the variable") }
            return Units.bytes(text)
        }
        return 4_000_000_000
    }

    /// The cache to use, or nil with `--no-cache`. An unusable cache warns and is disabled. With
    /// `--cache-remote` or `$NARRATE_CACHE_REMOTE`, Redis is its second tier (signed with
    /// `$NARRATE_CACHE_SECRET` when set); a variable that is not a redis:// URL is a usage error.
    func open(warnings: WarningLog, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SegmentCache? {
        if noCache { return nil }
        let remote = try RemoteCacheAddress.from(option: cacheRemote, environment: environment).map {
            RemoteCache(address: $0, secret: RemoteCache.secret(environment: environment), warnings: warnings)
        }
        return SegmentCache(url: url, warnings: warnings, remote: remote)
    }
}

extension ProgressMode: ExpressibleByArgument {}
