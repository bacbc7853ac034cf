import Foundation

/// Writes diagnostics and progress to standard error. Data goes to stdout; nothing else does.
public enum Diagnostics {
    public static func error(_ message: String) {
        write("narrate: error: \(message)\n")
    }

    public static func warning(_ message: String) {
        write("narrate: warning: \(message)\n")
    }

    public static func note(_ message: String) {
        write(message + "\n")
    }

    /// Best effort: a terminal that went away (SIGHUP) or a closed pipe must not trap, as
    /// FileHandle's non-throwing write would.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = AtomicFile.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }

    /// Whether standard error is an interactive terminal (progress bars only then).
    public static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Collects warnings for a run so they can be printed, counted and reported in JSON.
public final class WarningLog: Sendable {
    private let items = Locked<[String]>([])
    private let echo: Bool

    public init(echo: Bool) { self.echo = echo }

    public func add(_ message: String) {
        items.withLock { $0.append(message) }
        if echo { Diagnostics.warning(message) }
    }

    public var all: [String] { items.withLock { $0 } }
}
