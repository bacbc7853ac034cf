import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate render book.txt -o book/`
    public struct RenderCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render a manuscript to chapter MP3 files, a playlist and a manifest.",
            discussion: """
                Writes "NN - Chapter Title.mp3" per chapter, playlist.m3u8 and manifest.json into \
                the output folder. Each file is written under a temporary name and renamed only \
                when complete.
                """)

        @OptionGroup public var manuscript: ManuscriptOptions
        @OptionGroup public var voice: VoiceOptions
        @OptionGroup public var encoder: EncoderOptions
        @OptionGroup public var cache: CacheOptions
        @OptionGroup public var report: ReportOptions

        @Option(name: .shortAndLong, help: ArgumentHelp(
            "Output folder (default: a folder named after the book); with --single-file the MP3 file; - streams to standard output.",
            valueName: "path"))
        public var output: String?

        @Option(help: "Audio format: mp3, wav, flac, raw (16-bit little-endian PCM, standard output only), m4b (one AAC audiobook file with chapters) or m4a (AAC per chapter).")
        public var format: OutputFormat = .mp3

        @Option(help: "Folder layout: flat (everything in the output folder) or audiobookshelf (Author/Title/ with cover, desc.txt, reader.txt).")
        public var layout: LibraryLayout = .flat

        @Flag(help: "Write one MP3 for the whole book with ID3 chapter marks (CHAP/CTOC) instead of one file per chapter.")
        public var singleFile = false

        @Option(name: .shortAndLong, parsing: .unconditional, help: "Chapters rendered at once, each synthesizing and encoding on its own (default: the number of cores).")
        public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Progress on stderr: auto (a live line on a terminal), json (one JSON line per event) or none.")
        public var progress: ProgressMode = .auto

        @Option(help: ArgumentHelp("Write captions beside each chapter file: vtt (WebVTT) or srt; repeat for both.", valueName: "format"))
        public var captions: [CaptionFormat] = []

        @Option(help: ArgumentHelp("Render only these chapters, numbered as narrate plan shows them, e.g. 3-5,9.", valueName: "list"))
        public var chapters: String?

        @Option(help: ArgumentHelp(
            "Render shard K of N: a duration-balanced share of the chapters and its own manifest.shard-K-of-N.json; a run without it merges (see Docs/scale.md).",
            valueName: "K/N"))
        public var shard: String?

        public func validate() throws {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1–256 (got \(jobs))") }
            if output == "" {
                throw ValidationError("-o is empty (an unset variable?); give a folder, a file with --single-file, or - for standard output")
            }
            let toStdout = output == "-"
            try validateAAC(toStdout: toStdout)
            if singleFile && toStdout { throw ValidationError("--single-file writes a file; to stream the book use -o - without it") }
            if singleFile && format != .mp3 { throw ValidationError("--single-file writes an MP3 with chapter marks; drop --format \(format.rawValue)") }
            if format == .raw && !toStdout { throw ValidationError("--format raw writes to standard output only; add -o -") }
            if format == .flac && toStdout { throw ValidationError("FLAC cannot be streamed to a pipe; use --format wav or raw with -o -") }
            if layout != .flat && (singleFile || toStdout) {
                throw ValidationError("--layout \(layout.rawValue) arranges chapter files in folders; it cannot be used with --single-file or -o -")
            }
            if encoder.preset == .acx && (singleFile || toStdout || format != .mp3) {
                throw ValidationError("--preset acx delivers one MP3 file per chapter; drop --single-file, -o - and --format")
            }
            if !captions.isEmpty && toStdout { throw ValidationError("--captions writes files beside the audio; it cannot be used with -o -") }
            if let shard {
                guard ShardSelection(shard) != nil else {
                    throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N ≤ \(ShardSelection.maximumCount), e.g. 2/8 (got \"\(shard)\")")
                }
                if singleFile || toStdout {
                    throw ValidationError("--shard writes chapter files into a shared folder; drop --single-file or -o - (the merge run without --shard can write them)")
                }
                if chapters != nil { throw ValidationError("--shard chooses the chapters itself; drop --chapters") }
            }
            if let chapters, ChapterSelection(chapters) == nil {
                throw ValidationError("--chapters takes numbers and ranges like 3-5,9 (got \"\(chapters)\"); a range must not run backwards")
            }
        }

        public init() {}

        /// What the schedulers need of the options.
        private func renderSettings(directory: URL, selection: ChapterSelection?, streaming: Bool) throws -> RenderSettings {
            var settings = RenderSettings(
                outputDirectory: directory, mp3: encoder.settings, jobs: jobs,
                progress: report.quiet && progress == .auto ? .none : progress, cacheMaxBytes: try cache.maxBytes(),
                chapters: selection)
            settings.captions = Array(Set(captions)).sorted { $0.rawValue < $1.rawValue }
            settings.format = format
            settings.loudness = encoder.loudnessSettings(streaming: streaming)
            settings.sampleRate = encoder.outputSampleRate
            settings.shard = shard.flatMap(ShardSelection.init)
            return settings
        }

        public func run() async throws {
            try reportingErrors {
                Interruption.install()
                let warnings = WarningLog(echo: true)
                var voice = self.voice
                if encoder.preset == .acx {
                    voice.chapterEdge = 750
                    voice.chapterEnd = 2000
                }
                let (book, engine, plan) = try loadPlan(manuscript, voice, warnings: warnings, jobs: jobs)
                let selection = chapters.flatMap(ChapterSelection.init)
                try selection?.check(chapterCount: plan.chapters.count)
                if format == .wav && output != "-" {
                    try checkWAVLimit(plan, selection: selection)
                }
                let toStdout = output == "-"
                let singleFileURL = format == .m4b ? AudiobookFile.url(output: output, layout: layout, plan: plan) : singleFile
                    ? output.map { URL(fileURLWithPath: $0) } ?? OutputLayout.defaultDirectory(for: book.title).appendingPathExtension("mp3")
                    : nil
                let base = output.map { URL(fileURLWithPath: $0) }
                    ?? (layout == .flat ? OutputLayout.defaultDirectory(for: book.title) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                let directory = try OutputLayout.bookFolder(
                    layout.bookDirectory(base: base, plan: plan), for: plan.book, nameChosenByNarrate: output == nil || layout != .flat)
                let settings = try renderSettings(directory: directory, selection: selection, streaming: toStdout)
                if toStdout && format != .mp3 && !report.quiet {
                    Diagnostics.note("narrate: streaming \(format == .wav ? "WAV" : "raw PCM"): signed 16-bit little-endian, \(encoder.outputSampleRate ?? plan.engine.sampleRate) Hz, mono")
                }
                let segmentCache = try cache.open(warnings: warnings)
                if let segmentCache { Interruption.onInterrupt { segmentCache.flush() } }
                do {
                    var result: RunReport
                    if toStdout || singleFileURL != nil {
                        result = try StreamScheduler(
                            plan: plan, engine: engine, cache: segmentCache, settings: settings,
                            destination: singleFileURL.map { .singleFile($0) } ?? .standardOutput, format: format, warnings: warnings
                        ).run()
                        if format == .m4b, let folder = singleFileURL?.deletingLastPathComponent() {
                            try layout.writeCompanions(in: folder, plan: plan, voice: plan.chapters.first?.segments.first?.voice.name ?? "")
                        }
                    } else {
                        result = try ChapterScheduler(plan: plan, engine: engine, cache: segmentCache, settings: settings, warnings: warnings).run()
                        // The merge run writes the folder's companions; a shard writes only its own files.
                        if settings.shard == nil {
                            try layout.writeCompanions(in: directory, plan: plan, voice: plan.chapters.first?.segments.first?.voice.name ?? "")
                        }
                    }
                    result.warnings = warnings.all
                    if !report.quiet { Diagnostics.note(result.summary) }
                    // Standard output carries the audio when streaming; the report goes to stderr then.
                    if report.json { toStdout ? Diagnostics.note(try result.json()) : print(try result.json()) }
                } catch var failure as PartialRenderFailure {
                    failure.report.warnings = warnings.all
                    if !report.quiet { Diagnostics.note(failure.report.summary) }
                    if report.json { print(try failure.report.json()) }
                    throw failure
                }
            }
        }
    }
}
extension CaptionFormat: ExpressibleByArgument {}

extension NarrateCommand.RenderCommand {
    /// `--format m4b|m4a`: a file (never a stream), one file already for m4b, and a bitrate AAC-LC
    /// can carry at the sample rate.
    func validateAAC(toStdout: Bool) throws {
        guard format == .m4b || format == .m4a else { return }
        if toStdout {
            throw ValidationError("--format \(format.rawValue) cannot be streamed (an MP4's index is written at the end); "
                + "use --format mp3 or --format wav with -o -")
        }
        if singleFile && format == .m4b { throw ValidationError("--format m4b is one file with chapter marks already; drop --single-file") }
        let rate = encoder.outputSampleRate ?? 22050
        if let bitrate = encoder.bitrate, bitrate > MP4File.maximumBitrate(sampleRate: rate) {
            throw ValidationError("--bitrate \(bitrate) is more than AAC can carry in mono at \(rate) Hz (at most "
                + "\(MP4File.maximumBitrate(sampleRate: rate)) kbit/s); lower --bitrate or raise --sample-rate")
        }
    }
}

/// Refuses, before anything is synthesized, a WAV chapter whose pauses alone would pass the
/// format's 4 GiB limit (the writer also stops at the limit, for chapters long in speech).
func checkWAVLimit(_ plan: Plan, selection: ChapterSelection?) throws {
    let rate = plan.engine.sampleRate
    for chapter in plan.chapters where selection?.contains(chapter.index) ?? true {
        let milliseconds = chapter.segments.reduce(plan.pauses.chapterEdge + plan.pauses.endEdge) { $0 + $1.pauseAfter }
        guard milliseconds / 1000 * rate * 2 > SoundFile.Writer.maximumWAVDataBytes else { continue }
        throw UsageError("chapter \(chapter.index) would be at least \(TimeFormat.clock(Double(milliseconds) / 1000)) long; "
            + "a WAV file cannot hold more than 4 GiB (about 27 hours at \(rate) Hz): use --format flac, or -o - to stream it")
    }
}
extension OutputFormat: ExpressibleByArgument {}
extension LibraryLayout: ExpressibleByArgument {}
