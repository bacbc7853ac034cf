import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CacheWarmCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "warm",
            abstract: "Synthesize every segment of a book into the cache, without writing audio files.")

        @OptionGroup public var manuscript: ManuscriptOptions
        @OptionGroup public var voice: VoiceOptions
        @OptionGroup public var location: CacheLocationOptions

        @Option(name: .shortAndLong, help: "Segments synthesized at once (default: the number of cores).")
        public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        public init() {}

        public func validate() throws {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1–256 (got \(jobs))") }
        }

        public func run() async throws {
            try reportingErrors {
                Interruption.install()
                let warnings = WarningLog(echo: true)
                let (_, engine, plan) = try loadPlan(manuscript, voice, warnings: warnings, jobs: jobs)
                // Warming is all about the cache: one that cannot be used is this command's error, not a warning.
                let cache = try SegmentCache.opened(url: location.url, warnings: warnings)
                Interruption.onInterrupt { cache.flush() }
                let (report, failures) = CacheWarmer(plan: plan, jobs: jobs).run(engine: engine, cache: cache, warnings: warnings)
                if location.json { try printJSON(report) } else {
                    Diagnostics.note(
                        "narrate: \(report.segments) distinct segments (\(report.synthesized) synthesized, \(report.cached) already cached), "
                            + "\(TimeFormat.clock(report.audioSeconds)) of audio in \(String(format: "%.1f", report.wallSeconds)) s "
                            + "(\(String(format: "%.0f", report.realtimeFactor))× realtime, \(report.jobs) jobs)")
                }
                if !failures.isEmpty {
                    throw PartialRenderFailure(failures: failures, report: RunReport())
                }
            }
        }
    }
}
