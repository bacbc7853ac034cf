import Foundation

/// Reading a synthesis child's output and reaping it.
enum ChildPipe {
    /// Reads until end of file, or returns nil when `timeout` seconds pass first.
    static func readAll(_ fd: Int32, timeout: Double) -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 { if errno == EINTR { continue } else { return nil } }
            if ready == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return nil } }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    struct Status: CustomStringConvertible {
        var raw: Int32
        var exitedNormally: Bool { raw & 0x7F == 0 && (raw >> 8) & 0xFF == 0 }
        var description: String {
            let signal = raw & 0x7F
            if signal != 0 { return "the synthesis process was killed by signal \(signal)" }
            return "the synthesis process exited with status \((raw >> 8) & 0xFF)"
        }
    }

    static func wait(_ pid: pid_t) -> Status {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Status(raw: status)
    }
}

/// The records a synthesis child writes (format in CEspeakNG/shim.h).
struct SynthesisRecords {
    var samples: [Int16] = []
    var words: [(milliseconds: Int, position: Int, length: Int)] = []
    var status: Int32 = 0

    static func parse(_ bytes: [UInt8]) throws -> SynthesisRecords {
        var records = SynthesisRecords()
        var ended = false
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            func int32() throws -> Int32 {
                guard offset + 4 <= raw.count else { throw SynthesisError.workerFailed(reason: "its output was cut short") }
                defer { offset += 4 }
                return raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            }
            while offset < raw.count {
                switch try int32() {
                case 0:
                    records.status = try int32()
                    ended = true
                case 1:
                    let count = Int(try int32())
                    guard count >= 0, offset + count * 2 <= raw.count else {
                        throw SynthesisError.workerFailed(reason: "its output was cut short")
                    }
                    let start = records.samples.count
                    records.samples.append(contentsOf: repeatElement(0, count: count))
                    records.samples.withUnsafeMutableBytes { target in
                        target.baseAddress!.advanced(by: start * 2).copyMemory(from: raw.baseAddress!.advanced(by: offset), byteCount: count * 2)
                    }
                    offset += count * 2
                case 2:
                    records.words.append((Int(try int32()), Int(try int32()), Int(try int32())))
                default:
                    throw SynthesisError.workerFailed(reason: "it wrote an unknown record")
                }
            }
        }
        guard ended else { throw SynthesisError.workerFailed(reason: "it ended without finishing") }
        return records
    }
}

/// A test-only way to make synthesis fail for chosen text, so failure handling can be tested
/// end to end: `NARRATE_TEST_FAULT=crash:SUBSTRING` or `hang:SUBSTRING`, and
/// `NARRATE_TEST_TIMEOUT=SECONDS` to shorten the hang timeout. Unset in normal use.
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
    }

    func fault(for text: String) -> Int32 {
        kind != 0 && text.contains(needle) ? kind : 0
    }
}
