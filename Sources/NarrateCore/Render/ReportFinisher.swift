import Foundation

/// The one place a run's report is completed, for both schedulers: the segment counts from the
/// audio source, the cache's run statistics and eviction, then the clock.
struct ReportFinisher {
    let source: SegmentAudioSource
    let cache: SegmentCache?
    let settings: RenderSettings

    /// The report a run starts with.
    static func starting(_ plan: Plan, chapters: [PlannedChapter], settings: RenderSettings, output: String) -> RunReport {
        var report = RunReport()
        report.skipped = plan.skipped.map(PlanDocument.Skipped.init)
        report.output = output
        report.jobs = settings.jobs
        report.segments.total = chapters.reduce(0) { $0 + $1.segments.count }
        report.chapters.total = chapters.count
        return report
    }

    /// Counts the segments and ends the run in the cache (statistics, eviction to its size).
    /// Each segment synthesized counts once (without a cache a normalised chapter's segments can
    /// be synthesized twice); never below zero, whatever happened to the cache during the run.
    func count(_ report: inout RunReport, audioSeconds: Double, failed: Int) {
        report.seconds.audio = audioSeconds
        report.segments.synthesized = min(source.misses, report.segments.total - failed)
        report.segments.cached = max(0, report.segments.total - report.segments.synthesized - failed)
        report.segments.failed = failed
        report.cacheHitRate = report.segments.total > 0
            ? (Double(report.segments.cached) / Double(report.segments.total) * 1000).rounded() / 1000 : 0
        report.latency = source.latencyPercentiles()
        cache?.finishRun(segments: report.segments.total, hits: report.segments.cached, misses: report.segments.synthesized)
        if let maxBytes = settings.cacheMaxBytes { cache?.evict(toMaxBytes: maxBytes) }
    }

    /// Wall time, speed and peak memory, at the end of the run.
    static func stopClock(_ report: inout RunReport, started: Date) {
        report.seconds.wall = Date().timeIntervalSince(started)
        report.realtimeFactor = report.seconds.wall > 0 ? report.seconds.audio / report.seconds.wall : 0
        report.peakRSSBytes = ProcessStats.peakRSSBytes
    }
}
