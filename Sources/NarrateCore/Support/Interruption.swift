import Dispatch
import Foundation

/// The one place SIGINT, SIGTERM, SIGHUP (an ssh session that drops) and SIGQUIT (Ctrl-\) are
/// handled: temporary files are removed (finished output files and committed cache entries
/// stay), the cache batch is committed, and the process exits 128 + the signal's number
/// (130, 143, 129, 131).
public enum Interruption {
    /// The signal sources, kept for the life of the process; empty until `install()`.
    private static let sources = Locked<[DispatchSourceSignal]>([])
    private static let hooks = Locked<[@Sendable () -> Void]>([])

    /// Runs `hook` before exiting on an interrupt (e.g. to commit cached segments).
    public static func onInterrupt(_ hook: @escaping @Sendable () -> Void) { hooks.withLock { $0.append(hook) } }

    public static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for signo in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                let status = 128 + signo
                signal(signo, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
                source.setEventHandler {
                    TemporaryFiles.shared.removeAll()
                    for hook in hooks.withLock({ $0 }) { hook() }
                    Diagnostics.write("\nnarrate: interrupted; finished files are kept, partial files removed\n")
                    exit(status)
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
