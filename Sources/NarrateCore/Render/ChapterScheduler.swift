import Dispatch
import Foundation

/// Renders a plan into one file per chapter. Chapters are independent: up to `jobs` of them are
/// rendered at once, the longest first, each through a `ChapterWriter` into its own sink. A
/// chapter whose fingerprint matches the previous manifest, and whose file is still there with
/// the recorded size, is reused as it is. Only the segments being worked on are in memory,
/// whatever the book's length.
public final class ChapterScheduler: Sendable {
    private let plan: Plan
    private let source: SegmentAudioSource
    private let cache: SegmentCache?
    private let settings: RenderSettings
    private let warnings: WarningLog?

    public init(plan: Plan, engine: any SpeechEngine, cache: SegmentCache?, settings: RenderSettings, warnings: WarningLog? = nil) {
        self.plan = plan
        self.cache = cache
        self.warnings = warnings
        source = SegmentAudioSource(engine: engine, cache: cache, warnings: warnings)
        self.settings = settings
    }

    /// Without a cache, the loudness pass keeps at most this many samples of a chapter's audio
    /// for the second (8 MB, about 3 minutes at 22.05 kHz); the rest is synthesized again, so
    /// memory stays bounded however long the chapter (a 50 MB chapter used to keep all its
    /// audio: gigabytes).
    static let keptSamplesLimit = 4 << 20

    /// How many segments a chapter's fetching thread may have ready before its encoder takes them.
    static let segmentsAhead = 4

    /// Segments a chapter's loudness pass synthesizes at once (one with `--jobs 1`). With one,
    /// a core sat idle whenever a chapter's thread trimmed, measured and stored a segment between
    /// two requests to its worker. With two, a cold render of Pride and Prejudice keeps 1.91 of 2
    /// cores busy (`make bench`); three gained nothing more.
    var synthesisPerChapter: Int { min(2, settings.jobs) }

    /// Renders every selected chapter; throws `PartialRenderFailure` when some segments failed.
    public func run() throws -> RunReport {
        let started = Date()
        try OutputLayout.prepare(settings.outputDirectory)
        var folder = BookFolder(directory: settings.outputDirectory, previous: Manifest.load(from: settings.outputDirectory),
                                shards: ShardSelection.manifests(in: settings.outputDirectory))
        let shardChapters = settings.shard.map { $0.chapters(of: plan) }
        let selected = plan.chapters.filter { settings.chapters?.contains($0.index) ?? shardChapters?.contains($0.index) ?? true }
        var report = ReportFinisher.starting(plan, chapters: selected, settings: settings, output: settings.outputDirectory.path)
        let progress = ProgressReporter(mode: settings.progress, totalSegments: report.segments.total)

        let outcomes = Locked([Int: ChapterOutcome]())
        var pending: [ChapterFile] = []
        for chapter in selected {
            let file = ChapterFile(chapter: chapter, plan: plan, settings: settings)
            if let old = folder.reusableChapter(file: file.fileName, fingerprint: file.fingerprint) {
                outcomes.withLock { $0[chapter.index] = .reused(old) }
                progress.chapterSkipped(chapter, seconds: old.duration)
            } else {
                pending.append(file)
            }
        }
        if settings.shard == nil { warnAboutMissingShards(pending, folder: folder) }
        folder.forgetSegments(ofChapters: pending.map(\.chapter.index))
        // Longest chapters first, so the last one to finish is a short one.
        pending.sort { $0.chapter.segments.count > $1.chapter.segments.count }
        let queue = WorkQueue(pending)
        DispatchQueue.concurrentPerform(iterations: min(settings.jobs, max(pending.count, 1))) { _ in
            while let file = queue.next() {
                let outcome = render(file, progress: progress)
                outcomes.withLock { $0[file.chapter.index] = outcome }
            }
        }
        progress.finish()

        let (chapters, failures) = try collect(outcomes.withLock { $0 }, folder: folder, report: &report)
        let audio = chapters.filter { settings.chapters?.contains($0.index) ?? true }.reduce(0) { $0 + $1.duration }
        ReportFinisher(source: source, cache: cache, settings: settings).count(&report, audioSeconds: audio, failed: failures.count)
        if let shard = settings.shard {
            try folder.writeShard(BookFolder.manifest(plan, settings: settings, chapters: chapters), shard: shard, captions: settings.captions)
        } else {
            try folder.write(BookFolder.manifest(plan, settings: settings, chapters: chapters), captions: settings.captions)
            // manifest.json now lists every chapter: the shards' manifests have been merged.
            if settings.chapters == nil && failures.isEmpty { folder.removeShardManifests() }
        }
        ReportFinisher.stopClock(&report, started: started)
        if !failures.isEmpty { throw PartialRenderFailure(failures: failures, report: report) }
        return report
    }

    /// The manifest's chapters in book order (those not selected kept from the previous run)
    /// and the segments that failed; the chapters encoded and reused counted in the report.
    private func collect(_ outcomes: [Int: ChapterOutcome], folder: BookFolder,
                         report: inout RunReport) throws -> ([Manifest.Chapter], [SegmentFailure]) {
        var chapters: [Manifest.Chapter] = []
        var failures: [SegmentFailure] = []
        for chapter in plan.chapters {
            if let shard = settings.shard, settings.chapters == nil, !shard.chapters(of: plan).contains(chapter.index) { continue }
            guard settings.chapters?.contains(chapter.index) ?? true else {
                if let old = folder.kept(chapter, chapterCount: plan.chapters.count, fileExtension: settings.format.fileExtension) { chapters.append(old) }
                continue
            }
            switch outcomes[chapter.index] {
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
        return (chapters, failures)
    }

    /// Names the shards whose chapters a merge run (no --shard, shard manifests in the folder)
    /// finds unfinished: it renders them itself, but the user learns which machine fell short.
    private func warnAboutMissingShards(_ pending: [ChapterFile], folder: BookFolder) {
        guard !pending.isEmpty, let count = folder.shards.map(\.shard.count).max() else { return }
        let assignment = ShardSelection.assign(plan, shards: count)
        let unfinished = pending.map(\.chapter.index)
        let shards = assignment.indices.filter { !Set(assignment[$0]).isDisjoint(with: unfinished) }.map { ShardSelection(index: $0 + 1, count: count) }
        guard !shards.isEmpty else { return }
        let names = shards.map { shard in
            "\(shard.description) (\(folder.shards.contains { $0.shard == shard } ? "out of date" : "no \(shard.manifestName)"))"
        }
        warnings?.add("\(settings.outputDirectory.path): shard\(shards.count == 1 ? "" : "s") \(names.joined(separator: ", ")) did not finish; "
            + "rendering \(unfinished.count) chapter\(unfinished.count == 1 ? "" : "s") (\(unfinished.sorted().map(String.init).joined(separator: ", "))) here. "
            + "Re-run the missing shard\(shards.count == 1 ? "" : "s") with --shard to spread the work")
    }

    /// One chapter: the loudness pass, then its segments through a `ChapterWriter` into its file.
    private func render(_ file: ChapterFile, progress: ProgressReporter) -> ChapterOutcome {
        let chapter = file.chapter
        progress.chapterStarted(chapter)
        // The shared tier (if any) is asked for the chapter's segments in one pipelined go.
        cache?.prefetch(chapter.segments.map(\.key))
        var gain: ChapterGain?
        var kept: [Int: CachedSegment] = [:]
        if let loudness = settings.loudness {
            let pass = LoudnessPass(settings: loudness, source: source, sampleRate: plan.engine.sampleRate, pauses: plan.pauses, progress: progress)
            let measured = pass.measure([chapter], jobs: synthesisPerChapter, keptSamples: Self.keptSamplesLimit)
            guard measured.failures.isEmpty else { return failed(chapter, measured.failures, progress: progress) }
            (gain, kept) = (measured.gains[chapter.index], measured.kept[chapter.index] ?? [:])
        }
        let writer = ChapterWriter(sampleRate: plan.engine.sampleRate, pauses: plan.pauses, loudness: settings.loudness, progress: progress)
        // The segments are fetched (synthesized, trimmed, measured, cached) on their own thread,
        // up to `segmentsAhead` ahead of this one, which encodes: synthesis and encoding overlap.
        let items = chapter.segments.indices.filter { kept[$0] == nil }.map { BookSegment(chapter: chapter.index, segment: chapter.segments[$0]) }
        let fetcher = OrderedSegmentFetcher(items: items, source: source, jobs: 1, window: Self.segmentsAhead)
        defer { fetcher.stop() }
        let next: (Int) -> Result<FetchedSegment, SegmentFailure> = { offset in
            if let audio = kept[offset] { return .success(FetchedSegment(audio: audio, fromCache: false)) }
            return fetcher.next() ?? .failure(SegmentFailure(InternalError("the segment stream ended early"),
                                                             at: BookSegment(chapter: chapter.index, segment: chapter.segments[offset])))
        }
        var sink: (any AudioSink)?
        do {
            sink = try file.openSink()
            switch try writer.write(chapter, into: sink!, gain: gain, next: next) {
            case let .written(samples, segments):
                let bytes = try sink!.finish()
                progress.chapterFinished(chapter, file: file.fileName, error: nil)
                return .written(Manifest.Chapter(chapter, file: file.fileName, samples: samples, sampleRate: plan.engine.sampleRate,
                                                 bytes: bytes, fingerprint: file.fingerprint, gain: gain, segments: segments))
            case let .failed(failure, offset):
                // Keep going: the remaining segments are still synthesized and cached.
                let rest = chapter.segments.indices.dropFirst(offset + 1).compactMap { offset -> SegmentFailure? in
                    switch next(offset) {
                    case let .success(fetched):
                        if gain == nil { writer.countProgress(fetched, chapter: chapter.index) }
                        return nil
                    case let .failure(failure): return failure
                    }
                }
                sink!.cancel()
                return failed(chapter, [failure] + rest, progress: progress)
            }
        } catch {
            sink?.cancel()
            return .error((error as? NarrateError) ?? InternalError("\(error)"))
        }
    }

    private func failed(_ chapter: PlannedChapter, _ failures: [SegmentFailure], progress: ProgressReporter) -> ChapterOutcome {
        progress.chapterFinished(chapter, file: nil, error: failures[0].description)
        return .failed(failures)
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
