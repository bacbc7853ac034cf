import Foundation

/// Where the shared cache tier is: `redis://[[user]:password@]host[:port][/db][?ttl=SECONDS&timeout=SECONDS]`,
/// from `--cache-remote` or `$NARRATE_CACHE_REMOTE`. Printed only with the password masked.
public struct RemoteCacheAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var database: Int
    public var user: String?
    public var password: String?
    /// How long a stored segment lives in Redis unless read again (each read renews it).
    public var ttlSeconds: Int
    /// The longest wait for a connection, and for each call.
    public var timeout: TimeInterval

    public static let defaultTTLSeconds = 30 * 24 * 3600
    public static let defaultTimeout: TimeInterval = 2

    /// Parses `text`, or throws a message naming what is wrong (for a usage error).
    public init(_ text: String) throws(UsageError) {
        guard let components = URLComponents(string: text), components.scheme == "redis" else {
            throw UsageError("\(Self.masked(text)) is not a redis:// URL; use redis://[:password@]host[:port][/db]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw UsageError("\(Self.masked(text)) names no host; use redis://host:6379/0")
        }
        self.host = host
        port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw UsageError("\(Self.masked(text)): port \(port) is not 1–65535") }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let database = path.isEmpty ? 0 : Int(path), database >= 0 else {
            throw UsageError("\(Self.masked(text)): the path must be a database number such as /0 (got /\(path))")
        }
        self.database = database
        user = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        password = components.password.flatMap { $0.removingPercentEncoding }
        ttlSeconds = Self.defaultTTLSeconds
        timeout = Self.defaultTimeout
        for item in components.queryItems ?? [] {
            switch item.name {
            case "ttl":
                guard let value = item.value.flatMap(Int.init), value > 0 else {
                    throw UsageError("\(Self.masked(text)): ttl must be a number of seconds above 0 (e.g. ttl=604800 for a week)")
                }
                ttlSeconds = value
            case "timeout":
                guard let value = item.value.flatMap(Double.init), value > 0, value <= 60 else {
                    throw UsageError("\(Self.masked(text)): timeout must be 0–60 seconds (e.g. timeout=0.5)")
                }
                timeout = value
            default:
                throw UsageError("\(Self.masked(text)): unknown setting '\(item.name)'; the URL takes ttl= and timeout=")
            }
        }
    }

    /// The address as given on the command line or in the environment; nil when neither is set.
    public static func from(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError)
        -> RemoteCacheAddress? {
        if let option { return try RemoteCacheAddress(option) }
        guard let text = environment["NARRATE_CACHE_REMOTE"], !text.isEmpty else { return nil }
        do {
            return try RemoteCacheAddress(text)
        } catch {
            throw UsageError("NARRATE_CACHE_REMOTE: \(error.message); correct or unset the variable")
        }
    }

    /// `redis://host:port/db`, with `:***@` where a password was given: for every message.
    public var description: String {
        let credentials = password == nil ? (user.map { "\($0)@" } ?? "") : "\(user ?? ""):***@"
        return "redis://\(credentials)\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// `text` with any password replaced by `***` (for messages about a URL that did not parse).
    static func masked(_ text: String) -> String {
        guard let at = text.range(of: "@", options: .backwards), let scheme = text.range(of: "://"),
              scheme.upperBound <= at.lowerBound else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return text[..<scheme.upperBound] + credentials[..<colon] + ":***" + text[at.lowerBound...]
    }
}
