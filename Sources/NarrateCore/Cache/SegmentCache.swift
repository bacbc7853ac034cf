import Foundation

/// A segment's audio as stored: silence-trimmed PCM, its word timings and levels.
public struct CachedSegment: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int
    public var words: [WordTiming]
    /// Largest absolute sample value.
    public var peak: Int
    /// Root-mean-square level, 0…1 of full scale.
    public var rms: Double
    /// EBU R 128 blocks, measured when the segment was synthesized (nil for entries made by
    /// an older narrate, until first needed).
    public var loudness: SegmentLoudness?

    public init(samples: [Int16], sampleRate: Int, words: [WordTiming], loudness: SegmentLoudness? = nil) {
        self.loudness = loudness
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
        peak = samples.reduce(0) { max($0, abs(Int($1))) }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        rms = samples.isEmpty ? 0 : (sum / Double(samples.count)).squareRoot() / 32768
    }
}

/// What loudness normalisation needs of a segment: its length, levels and EBU R 128 blocks.
public struct SegmentLevels: Sendable, Equatable {
    public var samples: Int
    public var peak: Int
    public var rms: Double
    public var loudness: SegmentLoudness
}

/// The SQLite cache of synthesized segments, keyed by `SegmentKey`.
///
/// Writes are queued and committed in batches (one transaction per `batchSize` segments or
/// `batchInterval` seconds) on a thread and connection of their own (`CacheCommitter`), so a
/// render thread never waits for a transaction or a WAL checkpoint, and lookups (on the reading
/// connection) go on meanwhile. Rows stay visible to lookups from the moment they are queued.
/// The database is in WAL mode with a busy timeout, so several narrate processes can share it;
/// a `kill -9` loses at most the batches that had not committed. When the cache cannot be used (unreadable, read-only, not a database,
/// corrupt) it warns once and turns itself off: the render goes on without caching.
public final class SegmentCache: Sendable {
    /// Everything that changes after opening; the reading connection is used only under this lock.
    struct State {
        /// nil when the cache could not be opened or was turned off after a failure.
        var database: SQLiteDatabase?
        /// Rows compressed and waiting for the next batch (FLAC, not PCM, to keep memory low).
        var pending: [QueuedRow] = []
        /// Rows handed to the committer and not yet committed, by batch.
        var committing: [Int: [QueuedRow]] = [:]
        var nextBatch = 0
        var touched: Set<String> = []
        var lastFlush = Date()
        var batchSize = 32
        var batchInterval: TimeInterval = 2
        /// Segments queued so far (for the `fail-cache-at-store` test fault).
        var storeCount = 0
    }

    /// A segment compressed and waiting for the next batch: its `segments` row. (Read back from
    /// the database for a lookup, `peak` and `rms` are left 0: `CachedSegment` measures them.)
    struct QueuedRow: Sendable {
        var key: String
        var flac: [UInt8]
        var samples: Int
        var sampleRate: Int
        var peak: Int
        var rms: Double
        var words: [UInt8]
        var loudness: [UInt8]?

        /// The parameters of the INSERT in `flush`, in its column order.
        func parameters(now: Int64) -> [SQLiteValue] {
            [
                .text(key), .blob(flac), .integer(Int64(samples)), .integer(Int64(sampleRate)),
                .integer(Int64(peak)), .real(rms), .blob(words),
                .integer(Int64(flac.count)), loudness.map { .blob($0) } ?? .null, .integer(now), .integer(now),
            ]
        }
    }

    private let state: Locked<State>
    private let warnings: WarningLog?
    public let url: URL
    private let committer: CacheCommitter
    /// The shared second tier (Redis), read on a local miss and written behind; nil without one.
    public let remote: RemoteCache?

    /// Segments queued before a batch is committed.
    public var batchSize: Int {
        get { state.withLock { $0.batchSize } }
        set { state.withLock { $0.batchSize = newValue } }
    }

    /// Seconds after which the next store commits the batch, however small.
    public var batchInterval: TimeInterval {
        get { state.withLock { $0.batchInterval } }
        set { state.withLock { $0.batchInterval = newValue } }
    }

    public static let schemaVersion: Int64 = 2

    /// `$NARRATE_CACHE`, else `$XDG_CACHE_HOME/narrate/segments.sqlite`, else `~/.cache/narrate/…`.
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["NARRATE_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("narrate/segments.sqlite")
    }

    /// The cache a `--cache PATH` option names, else the default location.
    public static func url(option path: String?) -> URL {
        path.map { URL(fileURLWithPath: $0) } ?? defaultURL()
    }

    /// Opens the cache, or returns a disabled one (after one warning naming the cause and its
    /// fix) when it cannot be used.
    public convenience init(url: URL, warnings: WarningLog?, remote: RemoteCache? = nil) {
        self.init(url: url, warnings: warnings, database: nil, remote: remote)
        do {
            let database = try Self.open(url)
            state.withLock { $0.database = database }
        } catch {
            let problem = CacheError.from(error, path: url.path)
            warnings?.add(problem.warning("the segment cache cannot be used", then: "rendering without it"))
        }
    }

    /// Opens the cache or throws why it cannot be used (for commands that are about the cache);
    /// failures during the run still warn once through `warnings`.
    public static func opened(url: URL, warnings: WarningLog?) throws -> SegmentCache {
        SegmentCache(url: url, warnings: warnings, database: try open(url))
    }

    private init(url: URL, warnings: WarningLog?, database: SQLiteDatabase?, remote: RemoteCache? = nil) {
        self.url = url
        self.warnings = warnings
        self.remote = remote
        state = Locked(State(database: database))
        committer = CacheCommitter(url: url)
    }

    public var isEnabled: Bool { state.withLock { $0.database != nil } }

    /// Opens the cache at `url`: recognises it (see `CacheFile`), creates or upgrades the schema
    /// and switches to WAL. With `readOnly`, nothing is changed: no schema, no journal mode; a
    /// path with no cache yet is `CacheError.missing`. Every failure is a `CacheError`.
    static func open(_ url: URL, readOnly: Bool = false) throws -> SQLiteDatabase {
        let header = CacheFile.header(url)
        switch header {
        case .directory: throw CacheError.isDirectory(path: url.path)
        case .notSQLite: throw CacheError.notACache(path: url.path, what: "it is not an SQLite database")
        case .absent, .empty:
            if readOnly { throw CacheError.missing(path: url.path) }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw CacheError.from(error, path: url.path)
            }
        case .sqlite: break
        }
        // SQLite returns "database is locked" at once, without waiting for the busy timeout, where
        // waiting could deadlock: a connection that holds a read lock and needs the write lock, as
        // the switch to WAL does. Several processes opening a brand-new cache at once meet there;
        // the open is retried until the busy timeout has passed.
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1000)
        while true {
            do {
                return try openOnce(url, create: header == .absent || header == .empty, readOnly: readOnly)
            } catch let error as SQLiteError where error.isBusy && Date() < deadline {
                usleep(UInt32.random(in: 2_000...20_000))
            } catch {
                throw CacheError.from(error, path: url.path)
            }
        }
    }

    static let busyTimeoutMilliseconds: Int32 = 15_000

    private static func openOnce(_ url: URL, create: Bool, readOnly: Bool) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: url.path, create: create, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        if readOnly {
            // A read transaction: recognising changes nothing.
            try database.execute("BEGIN")
            defer { try? database.execute("ROLLBACK") }
            if try CacheFile.recognise(database) == .fresh { throw CacheError.missing(path: url.path) }
            return database
        }
        // Recognise and create or upgrade in one write transaction taken up front (BEGIN
        // IMMEDIATE waits for the busy timeout), so two processes never both create the schema.
        try database.transaction { try migrate(database, from: CacheFile.recognise(database)) }
        // Then WAL; a database already in WAL mode needs no write for this.
        var attempts = 0
        while try database.query("PRAGMA journal_mode").first?["journal_mode"].text?.lowercased() != "wal" {
            // SQLite leaves the mode as it was when another connection is in the way (or when
            // the file system cannot share memory, where WAL is never available).
            if try database.query("PRAGMA journal_mode=WAL").first?["journal_mode"].text?.lowercased() == "wal" { break }
            attempts += 1
            guard attempts < 50 else { throw CacheError.unusable(path: url.path, reason: "WAL mode is not available on this file system") }
            usleep(UInt32.random(in: 2_000...20_000))
        }
        try database.execute("PRAGMA synchronous=NORMAL")
        return database
    }

    /// Creates or upgrades the schema, recorded in `PRAGMA user_version`; marks the file as
    /// narrate's (`PRAGMA application_id`). The caller holds a write transaction.
    static func migrate(_ database: SQLiteDatabase, from contents: CacheFile.Contents) throws {
        let version: Int64
        switch contents {
        case .fresh: version = 0
        case let .narrate(existing): version = existing
        }
        if version < 1 {
            try database.execute("""
                CREATE TABLE IF NOT EXISTS segments (
                    key TEXT PRIMARY KEY,
                    audio BLOB NOT NULL,
                    samples INTEGER NOT NULL,
                    sample_rate INTEGER NOT NULL,
                    peak INTEGER NOT NULL,
                    rms REAL NOT NULL,
                    words BLOB NOT NULL,
                    bytes INTEGER NOT NULL,
                    created INTEGER NOT NULL,
                    last_used INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS segments_last_used ON segments(last_used);
                CREATE TABLE IF NOT EXISTS runs (
                    id INTEGER PRIMARY KEY,
                    finished INTEGER NOT NULL,
                    segments INTEGER NOT NULL,
                    hits INTEGER NOT NULL,
                    misses INTEGER NOT NULL
                );
                PRAGMA user_version = 1;
                """)
        }
        if version < 2 {
            // Version 2: each segment's EBU R 128 blocks, for loudness normalisation without decoding.
            try database.execute("ALTER TABLE segments ADD COLUMN loudness BLOB; PRAGMA user_version = 2;")
        }
        if try database.query("PRAGMA application_id").first?["application_id"].integer != CacheFile.applicationID {
            try database.execute("PRAGMA application_id = \(CacheFile.applicationID)")
        }
    }

    // MARK: - Reading and writing

    /// The cached audio for `key`, or nil. A damaged entry counts as a miss. On a local miss the
    /// shared tier is asked (unless it already said it has no such key this run); what it has
    /// is checked, then kept in the local cache too.
    public func lookup(_ key: String) -> CachedSegment? {
        if let local = localLookup(key) { return local }
        var found: CachedSegment?
        remote?.fetch([key]) { key, value, segment in
            adopt(key, value)
            found = segment
        }
        return found
    }

    /// Asks the shared tier, in one pipelined round trip per batch, for those of `keys` the
    /// local cache lacks, and keeps what it has locally: a chapter's keys before its render.
    public func prefetch(_ keys: [String]) {
        guard let remote, remote.isEnabled else { return }
        remote.fetch(keys.filter { !contains($0) }) { key, value, _ in adopt(key, value) }
    }

    /// Queues a value from the shared tier as a local row (already compressed; not sent back).
    private func adopt(_ key: String, _ value: RemoteValue) {
        state.withLock { state in
            guard state.database != nil else { return }
            state.pending.append(QueuedRow(
                key: key, flac: value.flac, samples: value.samples, sampleRate: value.sampleRate, peak: value.peak, rms: value.rms,
                words: value.words, loudness: value.loudness))
            if state.isBatchFull { handOff(&state) }
        }
        committer.waitForRoom()
    }

    private func localLookup(_ key: String) -> CachedSegment? {
        // The row is read under the lock; the audio is decoded after it, so threads decode at once.
        let row: QueuedRow? = state.withLock { state in
            if let queued = state.queued(key) { return queued }
            guard let database = state.database else { return nil }
            do {
                guard let row = try database.query(
                    "SELECT audio, sample_rate, words, samples, loudness FROM segments WHERE key = ?", [.text(key)]).first
                else { return nil }
                return QueuedRow(key: key, flac: row["audio"].blob ?? [], samples: Int(row["samples"].integer),
                                 sampleRate: Int(row["sample_rate"].integer), peak: 0, rms: 0, words: row["words"].blob ?? [],
                                 loudness: row["loudness"].blob)
            } catch {
                disable(&state, error)
                return nil
            }
        }
        guard let row, let segment = Self.segment(from: row) else { return nil }
        state.withLock { _ = $0.touched.insert(key) }
        return segment
    }

    /// Whether `key` is stored (without decoding it).
    /// A stored segment's levels without decoding its audio; nil when it is not stored or was
    /// stored without a loudness measurement.
    public func levels(_ key: String) -> SegmentLevels? {
        state.withLock { state in
            if let queued = state.queued(key) {
                guard let loudness = queued.loudness.flatMap(SegmentLoudness.init(encoded:)) else { return nil }
                return SegmentLevels(samples: queued.samples, peak: queued.peak, rms: queued.rms, loudness: loudness)
            }
            guard let database = state.database else { return nil }
            do {
                guard let row = try database.query("SELECT samples, peak, rms, loudness FROM segments WHERE key = ?", [.text(key)]).first,
                      let loudness = row["loudness"].blob.flatMap(SegmentLoudness.init(encoded:)) else { return nil }
                state.touched.insert(key)
                return SegmentLevels(samples: Int(row["samples"].integer), peak: Int(row["peak"].integer), rms: row["rms"].real, loudness: loudness)
            } catch {
                disable(&state, error)
                return nil
            }
        }
    }

    public func contains(_ key: String) -> Bool {
        state.withLock { state in
            if state.queued(key) != nil { return true }
            guard let database = state.database else { return false }
            do {
                return try !database.query("SELECT 1 FROM segments WHERE key = ?", [.text(key)]).isEmpty
            } catch {
                disable(&state, error)
                return false
            }
        }
    }

    /// Compresses a segment (on the calling thread) and queues it for the next batch.
    public func store(_ key: String, _ segment: CachedSegment) {
        guard isEnabled || remote?.isEnabled == true else { return }
        let queued: QueuedRow
        do {
            queued = QueuedRow(
                key: key, flac: try SoundFile.encodeFLAC(segment.samples, sampleRate: segment.sampleRate),
                samples: segment.samples.count, sampleRate: segment.sampleRate, peak: segment.peak, rms: segment.rms,
                words: WordCoding.encode(segment.words), loudness: segment.loudness?.encoded)
        } catch {
            state.withLock { disable(&$0, error) }
            return
        }
        remote?.enqueue(key, RemoteValue(
            sampleRate: queued.sampleRate, samples: queued.samples, peak: queued.peak, rms: queued.rms, flac: queued.flac,
            words: queued.words, loudness: queued.loudness, checksum: RemoteValue.checksum(key: key, samples: segment.samples)))
        state.withLock { state in
            guard state.database != nil else { return }
            state.storeCount += 1
            if TestFaults.shared.failCacheAtStore == state.storeCount {
                return disable(&state, SQLiteError(code: 10, operation: "test fault", message: "disk I/O error"))
            }
            state.pending.append(queued)
            if state.isBatchFull || Date().timeIntervalSince(state.lastFlush) >= state.batchInterval { handOff(&state) }
        }
        committer.waitForRoom()
    }

    /// A row back as a segment; nil when its audio does not decode to the samples it records.
    private static func segment(from queued: QueuedRow) -> CachedSegment? {
        guard let decoded = try? SoundFile.decode(queued.flac), decoded.samples.count == queued.samples else { return nil }
        return CachedSegment(samples: decoded.samples, sampleRate: queued.sampleRate, words: WordCoding.decode(queued.words),
                             loudness: queued.loudness.flatMap(SegmentLoudness.init(encoded:)))
    }

    /// Commits queued segments and last-used times, and waits until they are committed; sends
    /// the shared tier's queued writes.
    public func flush() {
        state.withLock { handOff(&$0) }
        committer.waitUntilIdle()
        remote?.flush()
    }

    /// Hands the queued rows and last-used times to the committer as one batch; the caller
    /// holds the lock. The rows stay visible to lookups until the batch has committed.
    private func handOff(_ state: inout State) {
        state.lastFlush = Date()
        guard state.database != nil, !state.pending.isEmpty || !state.touched.isEmpty else { return }
        let batch = state.nextBatch
        state.nextBatch += 1
        state.committing[batch] = state.pending
        let rows = state.pending, touched = state.touched
        state.pending.removeAll()
        state.touched.removeAll()
        committer.commit(rows, touched: touched) { [self] error in
            self.state.withLock { state in
                state.committing[batch] = nil
                if let error { disable(&state, error) }
            }
        }
    }

    /// Records a run's hit rate (shown by `cache stats`), after flushing.
    public func finishRun(segments: Int, hits: Int, misses: Int) {
        remote?.finishRun()
        flush()
        state.withLock { state in
            guard let database = state.database else { return }
            do {
                try database.query(
                    "INSERT INTO runs (finished, segments, hits, misses) VALUES (?, ?, ?, ?)",
                    [.integer(Int64(Date().timeIntervalSince1970)), .integer(Int64(segments)), .integer(Int64(hits)), .integer(Int64(misses))])
                try database.query("DELETE FROM runs WHERE id <= (SELECT MAX(id) FROM runs) - 100")
            } catch {
                disable(&state, error)
            }
        }
    }

    /// Evicts least-recently-used entries until the stored audio is at most `maxBytes`.
    @discardableResult
    public func evict(toMaxBytes maxBytes: Int) -> Int {
        flush()
        return state.withLock { state in
            guard let database = state.database else { return 0 }
            do { return try Self.evict(database, maxBytes: maxBytes) } catch { disable(&state, error); return 0 }
        }
    }

    static func evict(_ database: SQLiteDatabase, maxBytes: Int) throws -> Int {
        try database.transaction {
            var total = Int(try database.query("SELECT COALESCE(SUM(bytes), 0) AS audio_bytes FROM segments").first?["audio_bytes"].integer ?? 0)
            guard total > maxBytes else { return 0 }
            var removed = 0
            for row in try database.query("SELECT key, bytes FROM segments ORDER BY last_used ASC, created ASC") {
                guard total > maxBytes else { break }
                try database.query("DELETE FROM segments WHERE key = ?", [row["key"]])
                total -= Int(row["bytes"].integer)
                removed += 1
            }
            return removed
        }
    }

    /// Waits until every batch handed to the committer has committed (for tests of batching).
    func waitForCommits() { committer.waitUntilIdle() }

    /// Turns the cache off after a failure, with one warning; the caller holds the lock.
    private func disable(_ state: inout State, _ error: Error) {
        guard state.database != nil else { return }
        state.database = nil
        state.pending.removeAll()
        state.committing.removeAll()
        let problem = CacheError.from(error, path: url.path)
        warnings?.add(problem.warning("the segment cache failed during the run", then: "continuing without it"))
    }

}

/// Word timings stored as little-endian Int32 triples (sample, text offset, length).
enum WordCoding {
    static func encode(_ words: [WordTiming]) -> [UInt8] {
        var values: [Int32] = []
        values.reserveCapacity(words.count * 3)
        for word in words { values += [Int32(word.sample), Int32(word.textOffset), Int32(word.length)] }
        return values.withUnsafeBytes { Array($0) }
    }

    static func decode(_ bytes: [UInt8]) -> [WordTiming] {
        guard bytes.count % 12 == 0 else { return [] }
        return bytes.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: 12).map { offset in
                WordTiming(
                    sample: Int(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)),
                    textOffset: Int(raw.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self)),
                    length: Int(raw.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self)))
            }
        }
    }
}

extension SegmentCache.State {
    /// The most compressed audio a batch holds before it is handed over (about 25 segments of
    /// speech), so that the queued batches stay a few megabytes.
    static let batchBytes = 4 << 20

    /// Whether the queued rows make a batch: `batchSize` rows, or `batchBytes` of audio.
    var isBatchFull: Bool {
        pending.count >= batchSize || pending.reduce(0) { $0 + $1.flac.count } >= Self.batchBytes
    }

    /// The latest row queued or being committed for `key`: what a lookup must see before the
    /// database has it.
    func queued(_ key: String) -> SegmentCache.QueuedRow? {
        if let row = pending.last(where: { $0.key == key }) { return row }
        for batch in committing.keys.sorted(by: >) {
            if let row = committing[batch]!.last(where: { $0.key == key }) { return row }
        }
        return nil
    }
}
