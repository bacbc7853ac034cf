import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate render book.txt -o book/`
    public struct Render: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
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

        @Option(name: .shortAndLong, help: ArgumentHelp("Output folder (default: a folder named after the book).", valueName: "dir"))
        public var output: String?

        @Option(name: .shortAndLong, help: "Chapters rendered at once, each synthesizing and encoding on its own (default: the number of cores).")
        public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Progress on stderr: auto (a live line on a terminal), json (one JSON line per event) or none.")
        public var progress: ProgressMode = .auto

        @Option(help: ArgumentHelp("Write captions beside each chapter file: vtt (WebVTT) or srt; repeat for both.", valueName: "format"))
        public var captions: [CaptionFormat] = []

        @Option(help: ArgumentHelp("Render only these chapters, numbered as narrate plan shows them, e.g. 3-5,9.", valueName: "list"))
        public var chapters: String?

        public func validate() throws {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1–256 (got \(jobs))") }
            if let chapters, ChapterSelection(chapters) == nil {
                throw ValidationError("--chapters takes numbers and ranges like 3-5,9 (got \"\(chapters)\"); a range must not run backwards")
            }
        }

        public init() {}

        public func run() async throws {
            try reportingErrors {
                Interruption.install()
                let warnings = WarningLog(echo: true)
                let (book, engine, plan) = try loadPlan(manuscript, voice, warnings: warnings)
                let selection = chapters.flatMap(ChapterSelection.init)
                try selection?.check(chapterCount: plan.chapters.count)
                let directory = output.map { URL(fileURLWithPath: $0) } ?? OutputLayout.defaultDirectory(for: book.title)
                var settings = RenderSettings(
                    outputDirectory: directory, mp3: encoder.settings, jobs: jobs,
                    progress: report.quiet && progress == .auto ? .none : progress, cacheMaxBytes: cache.maxBytes,
                    chapters: selection)
                settings.captions = Array(Set(captions)).sorted { $0.rawValue < $1.rawValue }
                let segmentCache = cache.open(warnings: warnings)
                if let segmentCache { Interruption.onInterrupt { segmentCache.flush() } }
                do {
                    var result = try Renderer(plan: plan, engine: engine, cache: segmentCache, settings: settings).run()
                    result.warnings = warnings.all
                    if !report.quiet { Diagnostics.note(result.summary) }
                    if report.json { print(try result.json()) }
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
