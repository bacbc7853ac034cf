import Dispatch
import Foundation

/// The one place SIGINT, SIGTERM, SIGHUP (an ssh session that drops) and SIGQUIT (Ctrl-\) are
/// handled: temporary files are removed (finished output files and committed cache entries
/// stay), the cache batch is committed, and the process exits 128 + the signal's number
/// (130, 143, 129, 131).
public enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let hooks = InterruptHooks()

    /// Runs `hook` before exiting on an interrupt (e.g. to commit cached segments).
    public static func onInterrupt(_ hook: @escaping @Sendable () -> Void) { hooks.add(hook) }

    public static func install() {
        guard sources.isEmpty else { return }
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            let status = 128 + signo
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
