import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CacheStatsCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Entries, size, compression, age and recent hit rate of the cache.")

        @OptionGroup public var location: CacheLocationOptions

        public init() {}

        public func run() async throws {
            try reportingErrors {
                let stats = try CacheMaintenance.stats(location.url)
                if location.json { return try printJSON(stats) }
                let date = { (d: Date?) in d.map { ISO8601DateFormatter().string(from: $0) } ?? "—" }
                print("""
                    cache:        \(stats.path)
                    entries:      \(stats.entries) segments, \(TimeFormat.clock(stats.audioSeconds)) of audio
                    size:         \(Units.describe(bytes: stats.audioBytes)) of FLAC audio (\(String(format: "%.2f", stats.compressionRatio))× smaller than PCM), \(Units.describe(bytes: stats.fileBytes)) on disk
                    oldest:       \(date(stats.oldest))
                    newest:       \(date(stats.newest))
                    last used:    \(date(stats.lastUsed))
                    hit rate:     \(stats.lastRunHitRate.map { String(format: "%.1f %%", $0 * 100) } ?? "—") last run, \(String(format: "%.1f %%", stats.recentHitRate * 100)) over the last \(stats.recentRuns) runs
                    """)
            }
        }
    }
}
