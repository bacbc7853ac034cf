import CHiredis
import Foundation

/// An error from the Redis layer, naming the operation and hiredis's or the server's message.
public struct RedisError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Cannot connect, or the connection broke (reset, closed, timed out).
        case connection
        /// The server answered with an error reply (wrong password, out of memory, …).
        case server
    }

    public var kind: Kind
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message)" }
}

/// One reply, as Swift values.
public enum RedisReply: Equatable, Sendable {
    case string([UInt8])
    case integer(Int64)
    case array([RedisReply])
    case null
    case status(String)
    case error(String)

    public var bytes: [UInt8]? { if case let .string(bytes) = self { return bytes }; return nil }
    public var integer: Int64? { if case let .integer(value) = self { return value }; return nil }
    public var text: String? {
        switch self {
        case let .string(bytes): return String(decoding: bytes, as: UTF8.self)
        case let .status(text): return text
        default: return nil
        }
    }
}

/// The one owner of a hiredis connection (`redisContext`). Blocking, with a connect timeout and
/// a timeout on every read and write, so a dead or slow server costs at most those. Not
/// thread-safe by itself: `RemoteCache` serialises access. Every hiredis status goes through `check`.
final class RedisConnection {
    private var context: UnsafeMutablePointer<redisContext>?

    /// Connects to `host:port`, waiting at most `connectTimeout` seconds; then every call waits at
    /// most `callTimeout` seconds for the server.
    init(host: String, port: Int, connectTimeout: TimeInterval, callTimeout: TimeInterval) throws {
        // hiredis writes with write(2): a server that went away must be an EPIPE error the
        // caller turns into one warning, not a SIGPIPE that kills narrate.
        signal(SIGPIPE, SIG_IGN)
        context = redisConnectWithTimeout(host, Int32(port), Self.timeval(connectTimeout))
        guard let context else { throw RedisError(kind: .connection, operation: "connect", message: "out of memory") }
        try check(context.pointee.err == 0 ? REDIS_OK : REDIS_ERR, "connect to \(host):\(port)")
        try check(redisSetTimeout(context, Self.timeval(callTimeout)), "set the timeout")
    }

    deinit { close() }

    func close() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Sends one command and waits for its reply; an error reply is thrown.
    @discardableResult
    func command(_ arguments: [String]) throws -> RedisReply {
        let reply = try pipeline([arguments.map { Array($0.utf8) }])[0]
        if case let .error(message) = reply {
            throw RedisError(kind: .server, operation: arguments.first ?? "", message: message)
        }
        return reply
    }

    /// Sends every command, then reads their replies in order: one round trip for all. Error
    /// replies are returned as `.error`, for the caller to judge one by one.
    func pipeline(_ commands: [[[UInt8]]]) throws -> [RedisReply] {
        guard let context else { throw RedisError(kind: .connection, operation: "send", message: "the connection is closed") }
        for arguments in commands {
            let lengths = arguments.map(\.count)
            let status = withArgv(arguments) { argv in
                redisAppendCommandArgv(context, Int32(arguments.count), argv, lengths)
            }
            try check(status, "queue \(String(decoding: arguments.first ?? [], as: UTF8.self))")
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for arguments in commands {
            var raw: UnsafeMutableRawPointer?
            try check(redisGetReply(context, &raw), "\(String(decoding: arguments.first ?? [], as: UTF8.self)) (reply)")
            guard let raw else { throw RedisError(kind: .connection, operation: "read", message: "no reply") }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            defer { freeReplyObject(raw) }
            replies.append(Self.value(reply))
        }
        return replies
    }

    /// Calls `body` with a C `argv` pointing into `arguments` (valid only during the call).
    private func withArgv<T>(_ arguments: [[UInt8]], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let buffers = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { buffer.withMemoryRebound(to: UInt8.self, capacity: bytes.count) { $0.update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count) } }
            }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var argv = buffers.map { UnsafePointer<CChar>?(UnsafePointer($0)) }
        return argv.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    private static func value(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let r = reply.pointee
        func bytes() -> [UInt8] {
            guard let str = narrate_redis_reply_str(reply), r.len > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: str, count: Int(r.len)))
        }
        switch r.type {
        case REDIS_REPLY_STRING: return .string(bytes())
        case REDIS_REPLY_INTEGER: return .integer(r.integer)
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            return .array((0..<Int(r.elements)).compactMap { narrate_redis_reply_element(reply, $0).map(value) })
        default: return .null
        }
    }

    private static func timeval(_ seconds: TimeInterval) -> Foundation.timeval {
        Foundation.timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
    }

    /// The one place hiredis statuses become errors. After an error the connection cannot be
    /// used again (hiredis's rule), so it is closed.
    private func check(_ status: Int32, _ operation: String) throws {
        guard status != REDIS_OK else { return }
        let message = context.map { String(cString: narrate_redis_errstr($0)) } ?? "no connection"
        close()
        throw RedisError(kind: .connection, operation: operation, message: message.isEmpty ? "I/O error" : message)
    }
}
