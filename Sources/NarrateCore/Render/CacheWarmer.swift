import Dispatch
import Foundation

/// Synthesizes every segment of a plan that the cache lacks, without writing audio files
/// (`narrate cache warm`). Work is spread over `jobs` threads segment by segment.
public struct CacheWarmer: Sendable {
    public struct Report: Codable, Sendable {
        public var segments = 0
        public var synthesized = 0
        public var cached = 0
        public var failed = 0
        /// Audio newly synthesized by this run.
        public var audioSeconds = 0.0
        public var wallSeconds = 0.0
        public var realtimeFactor = 0.0
        public var jobs = 1
        public var latency: RunReport.Latency?
    }

    public var plan: Plan
    public var jobs: Int

    public init(plan: Plan, jobs: Int) {
        self.plan = plan
        self.jobs = max(1, jobs)
    }

    public func run(engine: any SpeechEngine, cache: SegmentCache, warnings: WarningLog? = nil) -> (Report, [SegmentFailure]) {
        let started = Date()
        let source = SegmentAudioSource(engine: engine, cache: cache, warnings: warnings)
        // Each distinct key once: the same sentence twice is one synthesis.
        var seen = Set<String>()
        let work = plan.chapters.flatMap { chapter in chapter.segments.map { BookSegment(chapter: chapter.index, segment: $0) } }
            .filter { seen.insert($0.segment.key).inserted }
        let queue = WorkQueue(work)
        let totals = Locked(WarmTotals())
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(work.count, 1))) { _ in
            while let item = queue.next() {
                if cache.contains(item.segment.key) { continue }
                switch source.fetch(item) {
                case let .success(fetched):
                    let audio = fetched.audio
                    totals.withLock { $0.seconds += fetched.fromCache ? 0 : Double(audio.samples.count) / Double(audio.sampleRate) }
                case let .failure(failure):
                    totals.withLock { $0.failures.append(failure) }
                }
            }
        }
        cache.flush()
        var report = Report()
        report.segments = work.count
        report.synthesized = source.misses
        let added = totals.withLock { $0 }
        report.failed = added.failures.count
        report.cached = work.count - report.synthesized - report.failed
        report.audioSeconds = added.seconds
        report.wallSeconds = Date().timeIntervalSince(started)
        report.realtimeFactor = report.wallSeconds > 0 ? report.audioSeconds / report.wallSeconds : 0
        report.jobs = jobs
        report.latency = source.latencyPercentiles()
        cache.finishRun(segments: work.count, hits: report.cached, misses: report.synthesized)
        return (report, added.failures)
    }
}

/// What the warming threads add up.
private struct WarmTotals {
    var seconds = 0.0
    var failures: [SegmentFailure] = []
}
