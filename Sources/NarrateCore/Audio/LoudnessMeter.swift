import CEbur128
import Foundation

/// A segment's loudness as EBU R 128 sees it: the momentary loudness (K-weighted, 400 ms
/// blocks) every 100 ms. Blocks are what integrated loudness gates and
/// averages, so a chapter's loudness follows from its segments' blocks without decoding audio
/// again: these are stored in the segment cache beside the audio.
public struct SegmentLoudness: Sendable, Equatable {
    /// LUFS of each 400 ms block, 100 ms apart (−200 for digital silence).
    public var blocks: [Float]

    public init(blocks: [Float]) { self.blocks = blocks }

    /// The blocks as little-endian Float32s.
    public var encoded: [UInt8] {
        blocks.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    public init?(encoded bytes: [UInt8]) {
        guard bytes.count % 4 == 0 else { return nil }
        blocks = stride(from: 0, to: bytes.count, by: 4).map { i in
            var bits: UInt32 = 0
            for byte in 0..<4 { bits |= UInt32(bytes[i + byte]) << (8 * byte) }
            return Float(bitPattern: bits)
        }
    }
}

/// The one owner of libebur128 states.
public enum LoudnessMeter {
    /// Silence before and after the segment, as in the chapter (pauses are at least this long by
    /// default), so blocks that straddle the segment's edges are measured as in the chapter.
    static let edgeMilliseconds = 300

    public static func measure(_ samples: [Int16], sampleRate: Int) throws -> SegmentLoudness {
        guard let state = ebur128_init(1, UInt(sampleRate), Int32(EBUR128_MODE_M.rawValue)) else {
            throw SoundFileError.failed(operation: "ebur128_init", reason: "out of memory")
        }
        var handle: UnsafeMutablePointer<ebur128_state>? = state
        defer { ebur128_destroy(&handle) }
        let hop = sampleRate / 10
        let edge = [Int16](repeating: 0, count: edgeMilliseconds * sampleRate / 1000)
        let padded = edge + samples + edge
        var blocks: [Float] = []
        var position = 0
        while position < padded.count {
            let count = min(hop, padded.count - position)
            try padded[position..<(position + count)].withUnsafeBufferPointer {
                try check(ebur128_add_frames_short(state, $0.baseAddress, count), "add_frames_short")
            }
            position += count
            // The first full block ends 400 ms in.
            if position >= 4 * hop {
                var loudness = 0.0
                try check(ebur128_loudness_momentary(state, &loudness), "loudness_momentary")
                blocks.append(loudness.isFinite ? Float(loudness) : -200)
            }
        }
        return SegmentLoudness(blocks: blocks)
    }

    /// Integrated loudness (EBU R 128 / ITU-R BS.1770): blocks above −70 LUFS, then above the
    /// mean of those less 10 LU, power-averaged. Nil when everything is below the gate.
    public static func integrated(_ blocks: [Float]) -> Double? {
        func power(_ lufs: Float) -> Double { pow(10, (Double(lufs) + 0.691) / 10) }
        func lufs(_ power: Double) -> Double { -0.691 + 10 * log10(power) }
        let audible = blocks.filter { $0 > -70 }
        guard !audible.isEmpty else { return nil }
        let relativeGate = lufs(audible.reduce(0) { $0 + power($1) } / Double(audible.count)) - 10
        let gated = audible.filter { Double($0) > relativeGate }
        guard !gated.isEmpty else { return nil }
        return lufs(gated.reduce(0) { $0 + power($1) } / Double(gated.count))
    }

    /// The one place libebur128 return codes become errors.
    static func check(_ code: Int32, _ operation: String) throws {
        guard code == Int32(EBUR128_SUCCESS.rawValue) else {
            throw SoundFileError.failed(operation: "ebur128_\(operation)", reason: "error \(code)")
        }
    }
}
