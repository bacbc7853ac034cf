import Foundation

/// Test-only faults, so failure handling can be tested end to end; unset in normal use.
///
/// Read once from the environment. Production code consults it at one seam per fault:
/// - `NARRATE_TEST_FAULT=crash:SUBSTRING` or `hang:SUBSTRING`: the synthesis of a segment whose
///   text contains SUBSTRING crashes or hangs in its worker's grandchild (`ESpeakEngine.synthesize`
///   puts `fault(for:)` into the request; `worker.c` acts on it).
/// - `NARRATE_TEST_TIMEOUT=SECONDS`: replaces the base of the per-segment synthesis timeout
///   (`ESpeakEngine`), so a hang is noticed quickly.
/// - `kill-in-cache-write:N`: the process SIGKILLs itself inside its N-th cache transaction,
///   after the rows are written and before the commit (`SegmentCache`).
/// - `fail-cache-at-store:N`: the N-th segment store fails as if the disk had (`SegmentCache`).
final class TestFaults: Sendable {
    static let shared = TestFaults(
        ProcessInfo.processInfo.environment["NARRATE_TEST_FAULT"],
        timeout: ProcessInfo.processInfo.environment["NARRATE_TEST_TIMEOUT"].flatMap(Double.init))
    private let kind: Int32
    private let needle: String
    /// Replaces the base of the per-segment timeout when set.
    let timeout: Double?

    init(_ spec: String?, timeout: Double? = nil) {
        self.timeout = timeout
        let parts = spec?.split(separator: ":", maxSplits: 1).map(String.init) ?? []
        needle = parts.count == 2 ? parts[1] : ""
        kind = parts.count == 2 ? (parts[0] == "crash" ? 1 : parts[0] == "hang" ? 2 : 0) : 0
        killInCacheWrite = parts.count == 2 && parts[0] == "kill-in-cache-write" ? Int(parts[1]) : nil
        failCacheAtStore = parts.count == 2 && parts[0] == "fail-cache-at-store" ? Int(parts[1]) : nil
    }

    /// The segment store (1-based) at which the cache fails as if the disk had, for tests of a
    /// run that loses its cache half-way.
    let failCacheAtStore: Int?

    /// The cache transaction (1-based) inside which to die, for crash-consistency tests.
    let killInCacheWrite: Int?

    /// The fault for a segment's synthesis, as the worker protocol carries it: 0 none, 1 crash,
    /// 2 hang.
    func fault(for text: String) -> Int32 {
        kind != 0 && text.contains(needle) ? kind : 0
    }
}
