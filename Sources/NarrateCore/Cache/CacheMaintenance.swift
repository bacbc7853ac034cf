import Foundation

/// `narrate cache stats|prune|verify|clear`: inspecting and repairing the segment cache file.
public enum CacheMaintenance {
    public struct Stats: Codable, Sendable {
        public var path: String
        public var entries = 0
        /// Stored (FLAC) bytes of audio, and the file size on disk including SQLite overhead.
        public var audioBytes = 0
        public var fileBytes = 0
        public var audioSeconds = 0.0
        /// Raw 16-bit PCM bytes divided by stored bytes.
        public var compressionRatio = 0.0
        public var oldest: Date?
        public var newest: Date?
        public var lastUsed: Date?
        public var recentRuns = 0
        /// Share of segments served from the cache over the recent runs (up to 10).
        public var recentHitRate = 0.0
        public var lastRunHitRate: Double?
    }

    /// Reads the cache without changing it (no schema upgrade, no journal-mode switch).
    public static func stats(_ url: URL) throws -> Stats {
        do { return try readStats(url) } catch { throw CacheError.from(error, path: url.path) }
    }

    private static func readStats(_ url: URL) throws -> Stats {
        let database = try SegmentCache.open(url, readOnly: true)
        var stats = Stats(path: url.path)
        let row = try database.query("""
            SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS audio_bytes, COALESCE(SUM(samples), 0) AS total_samples,
                   COALESCE(SUM(CAST(samples AS REAL) / sample_rate), 0) AS audio_seconds,
                   MIN(created) AS oldest, MAX(created) AS newest, MAX(last_used) AS latest_use FROM segments
            """)[0]
        stats.entries = Int(row["entries"].integer)
        stats.audioBytes = Int(row["audio_bytes"].integer)
        stats.audioSeconds = (row["audio_seconds"].real * 10).rounded() / 10
        stats.compressionRatio = stats.audioBytes > 0 ? ((Double(row["total_samples"].integer) * 2 / Double(stats.audioBytes)) * 100).rounded() / 100 : 0
        if row["oldest"] != .null { stats.oldest = Date(timeIntervalSince1970: row["oldest"].real) }
        if row["newest"] != .null { stats.newest = Date(timeIntervalSince1970: row["newest"].real) }
        if row["latest_use"] != .null { stats.lastUsed = Date(timeIntervalSince1970: row["latest_use"].real) }
        let runs = try database.query("SELECT hits, misses FROM runs ORDER BY id DESC LIMIT 10")
        stats.recentRuns = runs.count
        let hits = runs.reduce(0) { $0 + $1["hits"].integer }, total = runs.reduce(0) { $0 + $1["hits"].integer + $1["misses"].integer }
        stats.recentHitRate = total > 0 ? (Double(hits) / Double(total) * 1000).rounded() / 1000 : 0
        if let last = runs.first, last["hits"].integer + last["misses"].integer > 0 {
            stats.lastRunHitRate = (Double(last["hits"].integer) / Double(last["hits"].integer + last["misses"].integer) * 1000).rounded() / 1000
        }
        database.close()
        stats.fileBytes = ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: url.path + $1))?[.size] as? Int ?? 0) }
        return stats
    }

    public struct PruneResult: Codable, Sendable {
        public var removed = 0
        public var remaining = 0
        public var audioBytes = 0
    }

    /// Removes entries not used within `olderThan` seconds, then least-recently-used entries
    /// until the stored audio fits `maxBytes`; then compacts the file.
    public static func prune(_ url: URL, maxBytes: Int?, olderThan: Int?) throws -> PruneResult {
        do { return try pruneExisting(url, maxBytes: maxBytes, olderThan: olderThan) } catch { throw CacheError.from(error, path: url.path) }
    }

    private static func pruneExisting(_ url: URL, maxBytes: Int?, olderThan: Int?) throws -> PruneResult {
        let database = try openExisting(url)
        var result = PruneResult()
        if let age = olderThan {
            let cutoff = Int64(Date().timeIntervalSince1970) - Int64(age)
            try database.query("DELETE FROM segments WHERE last_used < ?", [.integer(cutoff)])
            result.removed += database.changes
        }
        if let maxBytes { result.removed += try SegmentCache.evict(database, maxBytes: maxBytes) }
        if result.removed > 0 { try database.execute("VACUUM") }
        let row = try database.query("SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS audio_bytes FROM segments")[0]
        result.remaining = Int(row["entries"].integer)
        result.audioBytes = Int(row["audio_bytes"].integer)
        return result
    }

    public struct VerifyResult: Codable, Sendable {
        public var checked = 0
        public var removed = 0
        public var integrity = "ok"
        /// Set when the file was not a usable database and was replaced by an empty cache.
        public var replacedWith: String?
        public var problems: [String] = []
    }

    /// Runs SQLite's integrity check and decodes every entry; removes entries that do not decode
    /// to the recorded sample count. A narrate cache whose file is damaged is moved aside (kept
    /// as `<name>.corrupt-<time>`) and replaced by an empty cache; a file narrate cannot
    /// recognise as its own is left as it is.
    public static func verify(_ url: URL) throws -> VerifyResult {
        var result = VerifyResult()
        var recognised = false
        do {
            let database = try openExisting(url)
            recognised = true
            let integrity = try database.query("PRAGMA integrity_check").compactMap { $0["integrity_check"].text }
            if integrity != ["ok"] {
                result.integrity = integrity.prefix(3).joined(separator: "; ")
                throw CacheError.damaged(path: url.path, reason: result.integrity)
            }
            var bad: [SQLiteValue] = []
            for row in try database.query("SELECT key, audio, samples, sample_rate FROM segments") {
                result.checked += 1
                let decoded = try? SoundFile.decode(row["audio"].blob ?? [])
                if decoded?.samples.count != Int(row["samples"].integer) || decoded?.sampleRate != Int(row["sample_rate"].integer) {
                    bad.append(row["key"])
                    result.problems.append("\(row["key"].text?.prefix(16) ?? "?")…: audio does not decode to \(row["samples"].integer) samples")
                }
            }
            try database.transaction { for key in bad { try database.query("DELETE FROM segments WHERE key = ?", [key]) } }
            result.removed = bad.count
        } catch {
            guard case let .damaged(_, reason) = CacheError.from(error, path: url.path) else { throw CacheError.from(error, path: url.path) }
            // Only a file that is narrate's is moved: it opened as a cache, or its header carries narrate's id.
            guard recognised || CacheFile.header(url) == .sqlite(applicationID: CacheFile.applicationID) else {
                throw CacheError.notACache(path: url.path, what: "a damaged SQLite database without narrate's mark (\(reason)); move it away yourself if it was a cache")
            }
            result.integrity = reason
            result.replacedWith = try replace(url)
        }
        return result
    }

    /// Empties the cache: every segment and run is deleted in one transaction (waiting for other
    /// narrate processes' writes, which then see an empty cache) and the file compacted. A path
    /// with no cache gets an empty one. A narrate cache that is damaged or from a newer narrate is
    /// deleted (with its `-wal`/`-shm` files) and made again. Anything else is left untouched.
    public static func clear(_ url: URL) throws {
        let database: SQLiteDatabase
        do {
            database = try SegmentCache.open(url)
        } catch let error as CacheError {
            switch error {
            case .damaged, .newerSchema:
                guard CacheFile.header(url) == .sqlite(applicationID: CacheFile.applicationID) else { throw error }
                for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: url.path + suffix) {
                    do { try FileManager.default.removeItem(atPath: url.path + suffix) } catch { throw CacheError.from(error, path: url.path) }
                }
                _ = try SegmentCache.open(url)
                return
            default: throw error
            }
        }
        do {
            try database.transaction {
                try database.execute("DELETE FROM segments; DELETE FROM runs;")
            }
            // Compacting needs a moment with no other writer; when another run is writing it is skipped.
            try? database.execute("VACUUM")
            try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            throw CacheError.from(error, path: url.path)
        }
    }

    private static func replace(_ url: URL) throws -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let aside = url.path + ".corrupt-\(stamp)"
        do {
            try FileManager.default.moveItem(atPath: url.path, toPath: aside)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
        } catch {
            throw CacheError.from(error, path: url.path)
        }
        _ = try SegmentCache.open(url)
        return aside
    }

    /// An existing narrate cache, opened for changes; `CacheError.missing` when there is none yet.
    private static func openExisting(_ url: URL) throws -> SQLiteDatabase {
        switch CacheFile.header(url) {
        case .absent, .empty: throw CacheError.missing(path: url.path)
        default: return try SegmentCache.open(url)
        }
    }
}
