import Foundation
import Testing
@testable import NarrateCore

/// A `redis-server` of the test's own on 127.0.0.1 and a free port, without persistence; killed
/// by `stop()` (tests call it in `defer`). Tests that need one are enabled only when the binary
/// is installed (`make test-deps` installs it), and say so when skipped.
final class RedisServer: @unchecked Sendable {
    // Safe: `process` is changed only by the test that owns the server, on its own thread.
    static let binary = "/usr/bin/redis-server"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    static let skipReason: Comment = "redis-server is not installed (make test-deps installs it)"

    let port: Int
    let password: String?
    private var process: Process?

    init(password: String? = nil, maxMemory: String? = nil) throws {
        port = Self.freePort()
        self.password = password
        try start(maxMemory: maxMemory)
    }

    deinit { stop() }

    var url: String { "redis://\(password.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/0" }
    var address: RemoteCacheAddress { try! RemoteCacheAddress(url) }

    func start(maxMemory: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                         "--dir", FileManager.default.temporaryDirectory.path]
        if let password { arguments += ["--requirepass", password] }
        if let maxMemory { arguments += ["--maxmemory", maxMemory, "--maxmemory-policy", "noeviction"] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<500 {
            if (try? connection().command(["PING"])) != nil { return }
            usleep(10_000)
        }
        stop()
        throw RedisError(kind: .connection, operation: "start redis-server", message: "it did not answer on port \(port)")
    }

    /// Kills the server (SIGKILL, as a crash would) and waits for it.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Stops the server without closing its port (SIGSTOP): connections are accepted by the
    /// kernel but nothing answers, as with a server stuck in a long command.
    func pause() { if let process { kill(process.processIdentifier, SIGSTOP) } }
    func resume() { if let process { kill(process.processIdentifier, SIGCONT) } }

    func connection() throws -> RedisConnection {
        try RemoteCache.connect(address)
    }

    /// The number of segment values stored.
    func segmentKeys() throws -> [String] {
        guard case let .array(keys) = try connection().command(["KEYS", RemoteCache.namespace + "seg:*"]) else { return [] }
        return keys.compactMap(\.text)
    }

    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
