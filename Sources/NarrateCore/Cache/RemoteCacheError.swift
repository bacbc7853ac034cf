import Foundation

/// Why the shared cache tier cannot be used, each with its fix. A render prints one warning and
/// goes on with the local cache; `cache stats --remote` fails with it.
public enum RemoteCacheError: NarrateError, Equatable {
    /// No connection, a broken one, or no answer within the timeout.
    case unreachable(address: String, reason: String)
    /// The server refused the password (or asks for one).
    case refused(address: String, reason: String)
    /// The server is out of memory and refuses writes.
    case full(address: String, reason: String)
    /// Any other error reply.
    case failed(address: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .refused: return .usage
        case .unreachable, .full, .failed: return .temporaryFailure
        }
    }

    public var address: String {
        switch self {
        case let .unreachable(address, _), let .refused(address, _), let .full(address, _), let .failed(address, _): return address
        }
    }

    public var cause: String {
        switch self {
        case let .unreachable(_, reason): return "cannot reach it (\(reason))"
        case let .refused(_, reason): return "it refused the credentials (\(reason))"
        case let .full(_, reason): return "it is full (\(reason))"
        case let .failed(_, reason): return "it answered with an error (\(reason))"
        }
    }

    public var fix: String {
        switch self {
        case .unreachable: return "check that Redis is running and reachable from this machine, or drop --cache-remote / unset NARRATE_CACHE_REMOTE"
        case .refused: return "put the right password in the URL: redis://:PASSWORD@host:6379/0 (or user:PASSWORD@ with Redis ACLs)"
        case .full: return "raise its maxmemory, set maxmemory-policy allkeys-lru, or shorten the ttl= of the URL"
        case .failed: return "check the Redis server's log"
        }
    }

    public var description: String { "\(address): the shared cache \(cause); \(fix)" }

    /// The one warning of a render that goes on without the shared tier.
    func warning(then: String) -> String {
        "\(address): the shared cache \(cause); \(then). " + fix.prefix(1).uppercased() + fix.dropFirst()
    }

    /// The cause of a Redis failure, with timeouts said plainly.
    static func from(_ error: RedisError, address: RemoteCacheAddress) -> RemoteCacheError {
        let where_ = address.description
        switch error.kind {
        case .connection:
            let timedOut = error.message.contains("temporarily unavailable") || error.message.lowercased().contains("timed out")
            let reason = timedOut ? "\(error.operation): no answer within \(Self.seconds(address.timeout)) s" : error.description
            return .unreachable(address: where_, reason: reason)
        case .server:
            let code = error.message.split(separator: " ").first.map(String.init) ?? ""
            if ["NOAUTH", "WRONGPASS", "NOPERM"].contains(code) || error.operation == "AUTH" {
                return .refused(address: where_, reason: error.message)
            }
            if code == "OOM" { return .full(address: where_, reason: error.message) }
            return .failed(address: where_, reason: error.description)
        }
    }

    private static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
