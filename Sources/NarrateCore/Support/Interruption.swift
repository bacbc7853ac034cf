import Dispatch
import Foundation

/// The one place SIGINT and SIGTERM are handled: temporary files are removed (finished output
/// files and, later, committed cache entries stay) and the process exits 130 (or 143).
public enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let hooks = InterruptHooks()

    /// Runs `hook` before exiting on an interrupt (e.g. to commit cached segments).
    public static func onInterrupt(_ hook: @escaping @Sendable () -> Void) { hooks.add(hook) }

    public static func install() {
        guard sources.isEmpty else { return }
        for (signo, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                hooks.runAll()
                Diagnostics.write("\nnarrate: interrupted; finished files are kept, partial files removed\n")
                exit(status)
            }
            source.resume()
            sources.append(source)
        }
    }
}

private final class InterruptHooks: @unchecked Sendable {
    // Safe: `hooks` is only touched under `lock`.
    private let lock = NSLock()
    private var hooks: [@Sendable () -> Void] = []

    func add(_ hook: @escaping @Sendable () -> Void) { lock.withLock { hooks.append(hook) } }
    func runAll() { for hook in lock.withLock({ hooks }) { hook() } }
}
