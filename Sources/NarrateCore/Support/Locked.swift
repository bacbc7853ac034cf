import Foundation

/// The project's one lock: a value that is only read or changed under its lock.
///
/// `@unchecked Sendable` is safe because `value` is private and every access goes through
/// `withLock`, which holds `lock` for the whole of `body`.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock; what `body` changes is kept.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
