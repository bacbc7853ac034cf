import Foundation

/// The pipe protocol between narrate and its synthesis workers, the Swift side of
/// `Sources/CNarrateWorker/include/CNarrateWorker.h` (the C side is `worker.c`): how a request
/// is encoded and framed, how a response frame is read, and the records a worker's grandchild
/// writes. All integers are little-endian. Nothing here does I/O; `SynthesisWorkerPool` moves
/// the bytes.
enum WorkerProtocol {
    /// One request: select `voice` (falling back to `language`, then re-selecting with
    /// `variant`) and, when `text` is given, set the parameters and synthesize it.
    struct Request: Equatable {
        var voice: String
        var language: String?
        var variant: String?
        var rate: Int32
        var pitch: Int32
        var volume: Int32
        /// Test only (`TestFaults`): 0 none, 1 the grandchild crashes, 2 it hangs.
        var fault: Int32 = 0
        /// Nil to validate the voice only.
        var text: String?
        /// Write the text's IPA phonemes (records of kind 3) instead of synthesizing it.
        var phonemize = false

        /// `[u32 length]` followed by the request's bytes, as the worker reads it.
        var frame: [UInt8] {
            let body = encoded
            return WorkerProtocol.bytes(of: UInt32(body.count)) + body
        }

        /// `[i32 rate][i32 pitch][i32 volume][i32 fault][i32 has_text]`, then voice, language,
        /// variant and text, each `[u32 n][n bytes of UTF-8]` (n = 0 for none).
        var encoded: [UInt8] {
            var bytes: [UInt8] = []
            for value in [rate, pitch, volume, fault, text == nil ? 0 : phonemize ? 2 : 1] {
                bytes += WorkerProtocol.bytes(of: value)
            }
            for string in [voice, language ?? "", variant ?? "", text ?? ""] {
                let utf8 = Array(string.utf8)
                bytes += WorkerProtocol.bytes(of: UInt32(utf8.count))
                bytes += utf8
            }
            return bytes
        }
    }

    /// The fixed head of a response frame: `[i32 outcome][i32 detail][u32 length]`, followed by
    /// `length` bytes of records.
    struct ResponseHeader: Equatable {
        static let size = 12
        /// The grandchild exited with status 0 (outcome 0); otherwise it died or failed.
        var exitedNormally: Bool
        /// The signal that killed the grandchild, or its exit status.
        var detail: Int32
        /// How many bytes of records follow.
        var length: Int

        init(exitedNormally: Bool, detail: Int32, length: Int) {
            self.exitedNormally = exitedNormally
            self.detail = detail
            self.length = length
        }

        /// Reads a header from exactly `size` bytes.
        init(_ bytes: [UInt8]) {
            precondition(bytes.count == Self.size, "a response header is \(Self.size) bytes")
            let outcome = bytes.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: Int32.self)) }
            detail = bytes.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: Int32.self)) }
            length = Int(bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) })
            exitedNormally = outcome == 0
        }
    }

    /// A whole response: how the grandchild ended, and what it wrote.
    struct Response {
        var header: ResponseHeader
        var body: [UInt8]

        /// The grandchild's records; throws `workerFailed` naming how it ended when it did not
        /// exit normally, or when its records are damaged.
        func records() throws -> Records {
            guard header.exitedNormally else {
                let detail = header.detail
                let reason = detail == 0 ? "the synthesis process failed" : detail & 0x7F != 0
                    ? "the synthesis process was killed by signal \(detail & 0x7F)"
                    : "the synthesis process exited with status \(detail & 0xFF)"
                throw SynthesisError.workerFailed(reason: reason)
            }
            return try Records.parse(body)
        }
    }

    /// A word event: where it starts in the audio, and the characters it spans (espeak-ng counts
    /// characters from 1).
    struct WordEvent: Equatable {
        var milliseconds: Int
        var position: Int
        var length: Int
    }

    /// One clause's phonemes: how many bytes of the text espeak-ng read for it (nil: the rest),
    /// and its IPA.
    struct PhonemeClause: Equatable {
        var consumed: Int?
        var ipa: String
    }

    /// The records a grandchild writes: `[i32 1][i32 count][count x i16]` samples,
    /// `[i32 2][i32 ms][i32 position][i32 length]` a word, `[i32 3][i32 consumed][i32 n][n bytes]`
    /// a clause's phonemes, `[i32 0][i32 status]` the end.
    struct Records {
        var samples: [Int16] = []
        var words: [WordEvent] = []
        var clauses: [PhonemeClause] = []
        /// espeak-ng's status code for the whole request.
        var status: Int32 = 0

        static func parse(_ bytes: [UInt8]) throws -> Records {
            var records = Records()
            var ended = false
            try bytes.withUnsafeBytes { raw in
                var offset = 0
                func int32() throws -> Int32 {
                    guard offset + 4 <= raw.count else { throw SynthesisError.workerFailed(reason: "its output was cut short") }
                    defer { offset += 4 }
                    return Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
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
                        records.words.append(WordEvent(milliseconds: Int(try int32()), position: Int(try int32()), length: Int(try int32())))
                    case 3:
                        let consumed = Int(try int32())
                        let count = Int(try int32())
                        guard count >= 0, offset + count <= raw.count else {
                            throw SynthesisError.workerFailed(reason: "its output was cut short")
                        }
                        let ipa = String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]), as: UTF8.self)
                        records.clauses.append(PhonemeClause(consumed: consumed < 0 ? nil : consumed, ipa: ipa))
                        offset += count
                    default:
                        throw SynthesisError.workerFailed(reason: "it wrote an unknown record")
                    }
                }
            }
            guard ended else { throw SynthesisError.workerFailed(reason: "it ended without finishing") }
            return records
        }
    }

    private static func bytes<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }
}
