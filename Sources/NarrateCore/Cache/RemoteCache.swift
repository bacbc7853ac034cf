import Foundation

/// The shared second tier of the segment cache: Redis, behind the local SQLite cache.
///
/// Read-through: on a local miss the values are fetched with pipelined GETs (a chapter's keys
/// at a time, see `SegmentCache.prefetch`), each checked before use (`RemoteValue.decode`) and
/// its TTL renewed. Write-behind: synthesized segments are queued and sent in pipelined SETs
/// with the TTL, `batchSize` values at a time and at the end of the run. Keys are
/// `narrate:v1:seg:<segment key>`; the run counters are the hash `narrate:v1:stats`.
///
/// Never stuck, never wrong: every call has a timeout; the first failure (unreachable, slow,
/// wrong password, full, error replies) prints one warning and turns the tier off for the rest
/// of the run, which goes on with the local cache; a value that fails its checks is refused
/// (warned, synthesized again, and overwritten by the new value).
public final class RemoteCache: Sendable {
    /// Everything that changes; the connection is used only under this lock.
    private struct State {
        var connection: RedisConnection?
        var disabled = false
        var pending: [(key: String, value: [UInt8])] = []
        var pendingBytes = 0
        /// Keys the server did not have when asked this run (not asked again).
        var absent: Set<String> = []
        var counts = Counts()
        var rejectionWarnings = 0
    }

    /// This run's traffic, added to `narrate:v1:stats` at the end.
    public struct Counts: Sendable, Equatable {
        public var hits = 0, misses = 0, stored = 0, rejected = 0
    }

    public static let namespace = "narrate:v1:"
    static let statsKey = namespace + "stats"
    static let batchSize = 32
    static let batchBytes = 4 << 20

    public let address: RemoteCacheAddress
    private let secret: [UInt8]?
    private let warnings: WarningLog?
    private let state = Locked(State())

    /// `secret` signs and checks every value (`NARRATE_CACHE_SECRET`); nothing connects until first used.
    public init(address: RemoteCacheAddress, secret: String?, warnings: WarningLog?) {
        self.address = address
        self.secret = secret.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.warnings = warnings
    }

    /// The secret from the environment, if set.
    public static func secret(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["NARRATE_CACHE_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func redisKey(_ key: String) -> String { namespace + "seg:" + key }

    public var isEnabled: Bool { state.withLock { !$0.disabled } }
    public var counts: Counts { state.withLock { $0.counts } }

    // MARK: - Reading

    /// Fetches the keys the server may have (one pipeline per `batchSize` keys) and passes each
    /// value that passed its checks to `found` (batch by batch, so memory holds one batch).
    func fetch(_ keys: [String], found: (String, RemoteValue, CachedSegment) -> Void) {
        let wanted = state.withLock { state in keys.filter { !state.absent.contains($0) } }
        var start = 0
        while start < wanted.count {
            let batch = Array(wanted[start..<min(start + Self.batchSize, wanted.count)])
            start += Self.batchSize
            let commands = batch.flatMap { key -> [[[UInt8]]] in
                let name = Array(Self.redisKey(key).utf8)
                return [[Array("GET".utf8), name], [Array("EXPIRE".utf8), name, Array(String(address.ttlSeconds).utf8)]]
            }
            guard let replies = call({ try $0.pipeline(commands) }) else { return }
            var bytes: [(String, [UInt8])] = []
            var missing: [String] = []
            for (offset, key) in batch.enumerated() {
                switch replies[2 * offset] {
                case let .string(value): bytes.append((key, value))
                case .null: missing.append(key)
                case let .error(message):
                    fail(RedisError(kind: .server, operation: "GET", message: message))
                    return
                default: missing.append(key)
                }
            }
            // Decoding and checking outside the lock: other chapters' threads go on meanwhile.
            var rejected: [(String, RemoteValue.Rejection)] = []
            for (key, value) in bytes {
                do {
                    let (value, segment) = try RemoteValue.decode(value, key: key, secret: secret)
                    found(key, value, segment)
                } catch {
                    rejected.append((key, error))
                }
            }
            state.withLock { state in
                state.absent.formUnion(missing)
                state.absent.formUnion(rejected.map(\.0))
                state.counts.hits += bytes.count - rejected.count
                state.counts.misses += missing.count + rejected.count
                state.counts.rejected += rejected.count
            }
            for (key, why) in rejected { warnRejected(key, why) }
        }
    }

    private func warnRejected(_ key: String, _ why: RemoteValue.Rejection) {
        let shown = state.withLock { state -> Int in
            state.rejectionWarnings += 1
            return state.rejectionWarnings
        }
        if shown <= 3 {
            warnings?.add("\(address): refused the shared cache's value for segment \(key.prefix(16))…: \(why); synthesizing it again"
                + (shown == 3 ? " (further refusals are counted in 'narrate cache stats --remote', not shown)" : ""))
        }
    }

    // MARK: - Writing

    /// Queues a segment for the next pipelined batch (signed, when a secret is set).
    func enqueue(_ key: String, _ value: RemoteValue) {
        guard isEnabled else { return }
        let bytes = value.encoded(key: key, secret: secret)
        let full = state.withLock { state -> Bool in
            state.pending.append((key, bytes))
            state.pendingBytes += bytes.count
            return state.pending.count >= Self.batchSize || state.pendingBytes >= Self.batchBytes
        }
        if full { flush() }
    }

    /// Sends the queued segments: one pipeline of `SET key value EX ttl`.
    public func flush() {
        let batch = state.withLock { state -> [(key: String, value: [UInt8])] in
            defer { state.pending.removeAll(); state.pendingBytes = 0 }
            return state.pending
        }
        guard !batch.isEmpty else { return }
        let ttl = Array(String(address.ttlSeconds).utf8)
        let commands = batch.map { [Array("SET".utf8), Array(Self.redisKey($0.key).utf8), $0.value, Array("EX".utf8), ttl] }
        guard let replies = call({ try $0.pipeline(commands) }) else { return }
        if let message = replies.lazy.compactMap({ reply -> String? in if case let .error(m) = reply { return m }; return nil }).first {
            return fail(RedisError(kind: .server, operation: "SET", message: message))
        }
        state.withLock { $0.counts.stored += batch.count }
    }

    /// Flushes, then adds this run's counts to `narrate:v1:stats` (for `cache stats --remote`).
    public func finishRun() {
        flush()
        let counts = self.counts
        guard counts != Counts() else { return }
        let fields = [("hits", counts.hits), ("misses", counts.misses), ("stored", counts.stored), ("rejected", counts.rejected)]
        _ = call { connection in
            try connection.pipeline(fields.map { [Array("HINCRBY".utf8), Array(Self.statsKey.utf8), Array($0.0.utf8), Array(String($0.1).utf8)] })
        }
    }

    // MARK: - The connection

    /// Runs `body` with the connection (connecting first if need be), under the lock; nil after
    /// a failure, which turns the tier off with one warning.
    private func call<T>(_ body: (RedisConnection) throws -> T) -> T? {
        var failure: RedisError?
        let result = state.withLock { state -> T? in
            guard !state.disabled else { return nil }
            do {
                if state.connection == nil { state.connection = try Self.connect(address) }
                return try body(state.connection!)
            } catch {
                failure = (error as? RedisError) ?? RedisError(kind: .connection, operation: "call", message: "\(error)")
                return nil
            }
        }
        if let failure { fail(failure) }
        return result
    }

    /// A new connection, authenticated and on the right database.
    static func connect(_ address: RemoteCacheAddress) throws -> RedisConnection {
        let connection = try RedisConnection(host: address.host, port: address.port, connectTimeout: address.timeout, callTimeout: address.timeout)
        if let password = address.password {
            try connection.command(["AUTH"] + (address.user.map { [$0] } ?? []) + [password])
        }
        if address.database != 0 { try connection.command(["SELECT", String(address.database)]) }
        return connection
    }

    /// Turns the tier off for the rest of the run, with one warning; queued writes are dropped
    /// (they are in the local cache; a later run with a working Redis stores them again).
    private func fail(_ error: RedisError) {
        let first = state.withLock { state -> Bool in
            defer {
                state.disabled = true
                state.connection?.close()
                state.connection = nil
                state.pending.removeAll()
                state.pendingBytes = 0
            }
            return !state.disabled
        }
        if first {
            warnings?.add(RemoteCacheError.from(error, address: address).warning(then: "continuing with the local cache only"))
        }
    }
}

extension RemoteCache {
    /// What `cache stats --remote` shows.
    public struct Stats: Codable, Sendable {
        public var address: String
        public var entries: Int
        /// Bytes of the stored values (as `STRLEN` counts them).
        public var bytes: Int
        public var hits: Int
        public var misses: Int
        public var stored: Int
        public var rejected: Int
        /// hits / (hits + misses) over every run that used this Redis; nil before any lookup.
        public var hitRate: Double?
        public var ttlSeconds: Int
        public var usedMemoryBytes: Int?
        public var maxMemoryBytes: Int?
    }

    /// Counts the entries and their bytes (SCAN over the namespace, STRLEN pipelined) and reads
    /// the run counters; throws `RemoteCacheError` when the server cannot be used.
    public static func stats(_ address: RemoteCacheAddress) throws -> Stats {
        do {
            let connection = try connect(address)
            defer { connection.close() }
            var (cursor, entries, bytes) = ("0", 0, 0)
            repeat {
                let reply = try connection.command(["SCAN", cursor, "MATCH", redisKey("*"), "COUNT", "1000"])
                guard case let .array(parts) = reply, parts.count == 2, let next = parts[0].text, case let .array(keys) = parts[1] else {
                    throw RedisError(kind: .server, operation: "SCAN", message: "an unexpected reply")
                }
                cursor = next
                let names = keys.compactMap(\.bytes)
                entries += names.count
                bytes += try connection.pipeline(names.map { [Array("STRLEN".utf8), $0] }).reduce(0) { $0 + Int($1.integer ?? 0) }
            } while cursor != "0"
            let counters = try connection.command(["HGETALL", statsKey])
            var values: [String: Int] = [:]
            if case let .array(items) = counters {
                for pair in stride(from: 0, to: items.count - 1, by: 2) {
                    if let name = items[pair].text, let value = items[pair + 1].text.flatMap(Int.init) { values[name] = value }
                }
            }
            let info = (try? connection.command(["INFO", "memory"]))?.text ?? ""
            func field(_ name: String) -> Int? {
                info.split(whereSeparator: \.isNewline).first { $0.hasPrefix(name + ":") }.flatMap { Int($0.dropFirst(name.count + 1)) }
            }
            let (hits, misses) = (values["hits"] ?? 0, values["misses"] ?? 0)
            return Stats(
                address: address.description, entries: entries, bytes: bytes, hits: hits, misses: misses,
                stored: values["stored"] ?? 0, rejected: values["rejected"] ?? 0,
                hitRate: hits + misses > 0 ? Double(hits) / Double(hits + misses) : nil, ttlSeconds: address.ttlSeconds,
                usedMemoryBytes: field("used_memory"), maxMemoryBytes: field("maxmemory").flatMap { $0 > 0 ? $0 : nil })
        } catch let error as RedisError {
            throw RemoteCacheError.from(error, address: address)
        }
    }
}
