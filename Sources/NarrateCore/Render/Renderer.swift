import Dispatch
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

/// A failure tied to a place in the book, so the user knows where to look.
public struct SegmentFailure: NarrateError {
    public var chapter: Int
    public var paragraph: Int
    public var text: String
    public var underlying: any NarrateError

    public var exitStatus: ExitStatus { underlying.exitStatus }
    public var description: String {
        let place = paragraph > 0 ? "chapter \(chapter), paragraph \(paragraph)" : "chapter \(chapter), heading"
        let excerpt = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\(place) (\"\(excerpt)\"): \(underlying.description)"
    }
}

/// Some segments could not be synthesized; everything else was rendered and cached (exit 1).
public struct PartialRenderFailure: NarrateError {
    public var failures: [SegmentFailure]
    public var report: RunReport

    public var exitStatus: ExitStatus { .partialFailure }
    public var description: String {
        "\(failures.count) segment(s) failed; the chapters that hold them were not written, everything else was:\n"
            + failures.map { "  \($0.description)" }.joined(separator: "\n")
    }
}

/// Renders a plan. Chapters are independent: up to `jobs` of them are rendered at once, the
/// longest first, each streaming its segments (from the cache, else synthesized, trimmed and
/// stored) with their pauses into its own MP3 encoder. A chapter whose fingerprint matches the
/// previous manifest, and whose file is still there with the recorded size, is reused as it is.
/// Only the segments being worked on are in memory, whatever the book's length.
public final class Renderer: Sendable {
    private let plan: Plan
    private let source: SegmentAudioSource
    private let cache: SegmentCache?
    private let settings: RenderSettings

    public init(plan: Plan, engine: any SpeechEngine, cache: SegmentCache?, settings: RenderSettings, warnings: WarningLog? = nil) {
        self.plan = plan
        self.cache = cache
        source = SegmentAudioSource(engine: engine, cache: cache, warnings: warnings)
        self.settings = settings
    }

    /// Renders every chapter; throws `PartialRenderFailure` when some segments failed.
    public func run() throws -> RunReport {
        let started = Date()
        let directory = settings.outputDirectory
        try OutputLayout.prepare(directory)
        let previous = Manifest.load(from: directory)
        let selected = plan.chapters.filter { settings.chapters?.contains($0.index) ?? true }
        let segmentCount = selected.reduce(0) { $0 + $1.segments.count }
        let progress = ProgressReporter(mode: settings.progress, totalSegments: segmentCount)

        var report = RunReport()
        report.skipped = plan.skipped.map(PlanDocument.Skipped.init)
        report.output = directory.path
        report.jobs = settings.jobs
        report.segments.total = segmentCount
        report.chapters.total = selected.count

        let outcomes = Locked([Int: ChapterOutcome]())
        var pending: [(chapter: PlannedChapter, job: ChapterJob)] = []
        for chapter in selected {
            let job = ChapterJob(chapter: chapter, plan: plan, settings: settings)
            if let old = previous?.reusableChapter(file: job.fileName, fingerprint: job.fingerprint, in: directory) {
                outcomes.withLock { $0[chapter.index] = .reused(old) }
                progress.chapterSkipped(chapter, seconds: old.duration)
            } else {
                pending.append((chapter, job))
            }
        }
        // Longest chapters first, so the last one to finish is a short one.
        pending.sort { $0.chapter.segments.count > $1.chapter.segments.count }
        let queue = WorkQueue(pending.map(\.job))
        DispatchQueue.concurrentPerform(iterations: min(settings.jobs, max(pending.count, 1))) { _ in
            while let job = queue.next() {
                let outcome = job.run(source: source, progress: progress)
                outcomes.withLock { $0[job.chapter.index] = outcome }
            }
        }
        progress.finish()

        var chapters: [Manifest.Chapter] = []
        var failures: [SegmentFailure] = []
        for chapter in plan.chapters {
            guard settings.chapters?.contains(chapter.index) ?? true else {
                // Not selected: keep what an earlier run wrote for it, if the file is still there.
                let file = OutputLayout.chapterFileName(index: chapter.index, of: plan.chapters.count, title: chapter.title)
                if let old = previous?.chapters.first(where: { $0.index == chapter.index && $0.file == file }),
                   FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) {
                    chapters.append(old)
                }
                continue
            }
            switch outcomes.withLock({ $0[chapter.index] }) {
            case let .reused(chapter):
                chapters.append(chapter)
                report.chapters.reused += 1
            case let .written(chapter):
                chapters.append(chapter)
                report.chapters.encoded += 1
            case let .failed(segmentFailures):
                failures += segmentFailures
            case let .error(error):
                throw error
            case nil:
                throw InternalError("chapter \(chapter.index) was not rendered")
            }
        }
        report.seconds.audio = chapters.filter { settings.chapters?.contains($0.index) ?? true }.reduce(0) { $0 + $1.duration }
        // Each segment synthesized counts once (without a cache a long chapter's segments are
        // synthesized twice, see ChapterJob.keptSamplesLimit); never below zero, whatever
        // happened to the cache during the run.
        report.segments.synthesized = min(source.misses, report.segments.total - failures.count)
        report.segments.cached = max(0, report.segments.total - report.segments.synthesized - failures.count)
        report.segments.failed = failures.count
        report.cacheHitRate = report.segments.total > 0
            ? (Double(report.segments.cached) / Double(report.segments.total) * 1000).rounded() / 1000 : 0
        report.latency = source.latencyPercentiles()

        cache?.finishRun(segments: report.segments.total, hits: report.segments.cached, misses: report.segments.synthesized)
        if let maxBytes = settings.cacheMaxBytes { cache?.evict(toMaxBytes: maxBytes) }

        let manifest = Manifest(
            generator: "narrate \(NarrateVersion.string)", title: plan.book.title, author: plan.book.author,
            language: plan.book.language, engine: plan.engine,
            audio: .init(codec: settings.format.rawValue,
                         sampleRate: settings.sampleRate ?? plan.engine.sampleRate,
                         channels: 1,
                         bitrate: settings.mp3.bitrate, quality: settings.mp3.quality),
            duration: chapters.reduce(0) { $0 + $1.duration }, chapters: chapters,
            skipped: plan.skipped.map(PlanDocument.Skipped.init))
        // A re-run that changed nothing leaves the files as they are (encoding a novel's
        // manifest with its word timings is a good part of such a run).
        let captionFiles = settings.captions.flatMap { format in chapters.map { format.fileName(forAudio: $0.file) } }
        let unchanged = previous == manifest
            && (["playlist.m3u8"] + captionFiles).allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if !unchanged {
            try AtomicFile.write(Data(Playlist.m3u8(manifest).utf8), to: directory.appendingPathComponent("playlist.m3u8"))
            try AtomicFile.write(try manifest.encoded(), to: directory.appendingPathComponent("manifest.json"))
            for format in settings.captions {
                for chapter in chapters {
                    try AtomicFile.write(Data(format.document(chapter).utf8),
                                         to: directory.appendingPathComponent(format.fileName(forAudio: chapter.file)))
                }
            }
        }
        previous?.removeFiles(notIn: manifest, from: directory)

        report.seconds.wall = Date().timeIntervalSince(started)
        report.realtimeFactor = report.seconds.wall > 0 ? report.seconds.audio / report.seconds.wall : 0
        report.peakRSSBytes = ProcessStats.peakRSSBytes
        if !failures.isEmpty { throw PartialRenderFailure(failures: failures, report: report) }
        return report
    }
}

/// What happened to one chapter.
enum ChapterOutcome: Sendable {
    case reused(Manifest.Chapter)
    case written(Manifest.Chapter)
    /// Some segments failed; the others were still synthesized and cached.
    case failed([SegmentFailure])
    /// Anything else (cannot write the file, encoder error): the run stops.
    case error(any NarrateError)
}
