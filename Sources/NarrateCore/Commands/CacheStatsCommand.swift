import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CacheStatsCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Entries, size, compression, age and recent hit rate of the cache.")

        @OptionGroup public var location: CacheLocationOptions

        @Flag(help: "Show the shared tier instead: entries, bytes and hit rate of the Redis at --cache-remote or $NARRATE_CACHE_REMOTE.")
        public var remote = false

        @Option(help: ArgumentHelp("The shared tier's URL for --remote (default: $NARRATE_CACHE_REMOTE).", valueName: "url"))
        public var cacheRemote: String?

        public init() {}

        public func validate() throws {
            if cacheRemote != nil && !remote { throw ValidationError("--cache-remote is for --remote; add --remote") }
        }

        public func run() async throws {
            try reportingErrors {
                if remote { return try remoteStats() }
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

        /// `cache stats --remote`: the shared tier's entries, bytes and hit rate.
        private func remoteStats() throws {
            guard let address = try RemoteCacheAddress.from(option: cacheRemote) else {
                throw UsageError("--remote needs the shared tier's URL: set NARRATE_CACHE_REMOTE or add --cache-remote redis://host:6379/0")
            }
            let stats = try RemoteCache.stats(address)
            if location.json { return try printJSON(stats) }
            let memory = stats.usedMemoryBytes.map { used in
                "\(Units.describe(bytes: used)) used by Redis" + (stats.maxMemoryBytes.map { " of \(Units.describe(bytes: $0)) maxmemory" } ?? ", no maxmemory")
            } ?? "—"
            print("""
                remote:       \(stats.address)
                entries:      \(stats.entries) segments (keys \(RemoteCache.namespace)seg:*)
                size:         \(Units.describe(bytes: stats.bytes)) of values; \(memory)
                hit rate:     \(stats.hitRate.map { String(format: "%.1f %%", $0 * 100) } ?? "—") (\(stats.hits) hits, \(stats.misses) misses over every run that used it)
                stored:       \(stats.stored) segments written, \(stats.rejected) values refused by their checks
                ttl:          \(stats.ttlSeconds / 86400) days (each read renews it)
                """)
        }
    }
}
