import Dispatch
import Foundation

/// Commits the segment cache's batches in order on a serial queue, through a connection of its
/// own: a render thread hands a batch over and goes on, and lookups on the cache's reading
/// connection are not held up by a transaction or by the WAL checkpoint that follows one (an
/// `fsync` that took the other threads' lock with it when the storing thread committed).
final class CacheCommitter: Sendable {
    /// Batches handed over and not yet committed beyond which `waitForRoom` waits, so the
    /// compressed rows in memory stay bounded when the disk is slower than synthesis.
    static let batchesInFlight = 1

    private let url: URL
    private let queue = DispatchQueue(label: "narrate.cache.commit")
    /// The writing connection, opened on first use; touched only on `queue`.
    private let connection = Locked<SQLiteDatabase?>(nil)
    /// Batches handed over and not yet committed, and transactions with rows so far (for the
    /// `kill-in-cache-write` test fault).
    private let counts = Locked((inFlight: 0, commits: 0))
    /// Signalled when a batch is done. (A condition, not `Locked`: `waitForRoom` waits on it.)
    private let done = NSCondition()

    init(url: URL) { self.url = url }

    /// Commits `rows` and the last-used times of `touched` in one transaction, after the
    /// batches handed over before; then calls `finished` (on the committer's queue) with the
    /// error, if any.
    func commit(_ rows: [SegmentCache.QueuedRow], touched: Set<String>, finished: @escaping @Sendable (Error?) -> Void) {
        counts.withLock { $0.inFlight += 1 }
        queue.async { [self] in
            let error = transaction(rows, touched: touched)
            finished(error)
            done.lock()
            counts.withLock { $0.inFlight -= 1 }
            done.broadcast()
            done.unlock()
        }
    }

    /// Waits while more than `batchesInFlight` batches are waiting to commit.
    func waitForRoom() {
        done.lock()
        while counts.withLock({ $0.inFlight }) > Self.batchesInFlight { done.wait() }
        done.unlock()
    }

    /// Waits until every batch handed over has committed (or failed).
    func waitUntilIdle() {
        queue.sync {}
    }

    private func transaction(_ rows: [SegmentCache.QueuedRow], touched: Set<String>) -> Error? {
        connection.withLock { connection in
            do {
                if connection == nil { connection = try Self.open(url) }
                let database = connection!
                let now = Int64(Date().timeIntervalSince1970)
                try database.transaction {
                    for row in rows {
                        try database.query("""
                            INSERT INTO segments (key, audio, samples, sample_rate, peak, rms, words, bytes, loudness, created, last_used)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT(key) DO UPDATE SET last_used = excluded.last_used,
                                loudness = COALESCE(segments.loudness, excluded.loudness)
                            """, row.parameters(now: now))
                    }
                    for key in touched {
                        try database.query("UPDATE segments SET last_used = ? WHERE key = ?", [.integer(now), .text(key)])
                    }
                    let commits = counts.withLock { counts in
                        if !rows.isEmpty { counts.commits += 1 }
                        return counts.commits
                    }
                    if TestFaults.shared.killInCacheWrite == commits && !rows.isEmpty { kill(getpid(), SIGKILL) }
                }
                return nil
            } catch {
                connection = nil
                return error
            }
        }
    }

    /// The writing connection: the file was opened (and its schema made) by the cache already.
    private static func open(_ url: URL) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: url.path, create: false, busyTimeoutMilliseconds: SegmentCache.busyTimeoutMilliseconds)
        try database.execute("PRAGMA synchronous=NORMAL")
        return database
    }
}
