import Foundation

/// How a synthesis process ended, as waitpid(2) reports it.
enum ChildPipe {
    struct Status: CustomStringConvertible {
        var raw: Int32
        var description: String {
            let signal = raw & 0x7F
            if signal != 0 { return "the synthesis process was killed by signal \(signal)" }
            return "the synthesis process exited with status \((raw >> 8) & 0xFF)"
        }
    }
}

/// The records a synthesis child writes (format in Sources/CNarrateWorker/include/CNarrateWorker.h).
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
