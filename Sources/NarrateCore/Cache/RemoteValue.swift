import Foundation

/// A segment as stored in the shared tier: the local cache's row (FLAC audio, word timings,
/// levels, loudness blocks) in one self-checking binary value (see Docs/cache.md).
///
///     "NRV1"  flags:u8 (1 = HMAC follows)  sampleRate:u32  samples:u32  peak:u32  rms:f64
///     flac:(u32 length, bytes)  words:(u32, bytes)  loudness:(u32, bytes; 0xFFFFFFFF = none)
///     checksum:u64 (FNV-1a of the segment key and the decoded PCM)  [hmac:32 bytes]
///
/// All integers little-endian. The HMAC-SHA256 (key: `NARRATE_CACHE_SECRET`) covers the segment
/// key and every byte before it, so a value cannot be moved to another key or altered.
struct RemoteValue: Equatable {
    var sampleRate: Int
    var samples: Int
    var peak: Int
    var rms: Double
    var flac: [UInt8]
    var words: [UInt8]
    var loudness: [UInt8]?
    /// FNV-1a 64 of the key's UTF-8 and the PCM samples (little-endian).
    var checksum: UInt64

    static let magic = Array("NRV1".utf8)

    /// Why a value was refused; the render synthesizes the segment again.
    enum Rejection: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unsigned
        case badSignature
        case undecodable
        case wrongLength(expected: Int, got: Int)
        case wrongChecksum

        var description: String {
            switch self {
            case let .malformed(what): return "not a narrate value (\(what))"
            case .unsigned: return "it carries no HMAC and NARRATE_CACHE_SECRET is set"
            case .badSignature: return "its HMAC does not match NARRATE_CACHE_SECRET"
            case .undecodable: return "its audio does not decode"
            case let .wrongLength(expected, got): return "it decodes to \(got) samples, not \(expected)"
            case .wrongChecksum: return "its audio does not match its checksum"
            }
        }
    }

    static func checksum(key: String, samples: [Int16]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        samples.withUnsafeBytes { raw in
            for byte in raw { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return hash
    }

    /// The value's bytes, signed when `secret` is given.
    func encoded(key: String, secret: [UInt8]?) -> [UInt8] {
        var out = Self.magic
        out.append(secret == nil ? 0 : 1)
        for field in [sampleRate, samples, peak] { out.appendLE(UInt32(clamping: field)) }
        out.appendLE(rms.bitPattern)
        for blob in [flac, words] {
            out.appendLE(UInt32(blob.count))
            out += blob
        }
        if let loudness {
            out.appendLE(UInt32(loudness.count))
            out += loudness
        } else {
            out.appendLE(UInt32.max)
        }
        out.appendLE(checksum)
        if let secret { out += HMAC.sha256(key: secret, message: Self.signed(key: key, body: out)) }
        return out
    }

    private static func signed(key: String, body: [UInt8]) -> [UInt8] { Array("narrate-remote-v1\n\(key)\n".utf8) + body }

    /// Parses and checks a value read for `key`: the HMAC when `secret` is set, then the audio
    /// decodes to the recorded number of samples with the recorded checksum.
    static func decode(_ bytes: [UInt8], key: String, secret: [UInt8]?) throws(Rejection) -> (RemoteValue, CachedSegment) {
        var reader = ByteReader(bytes)
        guard reader.take(4) == magic, let flags = reader.take(1)?.first else { throw .malformed("no NRV1 header") }
        guard let rate = reader.u32(), let samples = reader.u32(), let peak = reader.u32(), let rmsBits = reader.u64(),
              let flacLength = reader.u32(), let flac = reader.take(Int(flacLength)),
              let wordsLength = reader.u32(), let words = reader.take(Int(wordsLength)),
              let loudnessLength = reader.u32() else { throw .malformed("truncated") }
        var loudness: [UInt8]?
        if loudnessLength != UInt32.max {
            guard let blob = reader.take(Int(loudnessLength)) else { throw .malformed("truncated") }
            loudness = blob
        }
        guard let checksum = reader.u64() else { throw .malformed("truncated") }
        let bodyEnd = reader.offset
        if flags & 1 == 1 {
            guard let mac = reader.take(32) else { throw .malformed("truncated HMAC") }
            if let secret, !HMAC.equal(mac, HMAC.sha256(key: secret, message: signed(key: key, body: Array(bytes[..<bodyEnd])))) {
                throw .badSignature
            }
        } else if secret != nil {
            throw .unsigned
        }
        guard reader.offset == bytes.count else { throw .malformed("trailing bytes") }
        guard let decoded = try? SoundFile.decode(flac) else { throw .undecodable }
        guard decoded.samples.count == Int(samples) else { throw .wrongLength(expected: Int(samples), got: decoded.samples.count) }
        guard Self.checksum(key: key, samples: decoded.samples) == checksum else { throw .wrongChecksum }
        let value = RemoteValue(sampleRate: Int(rate), samples: Int(samples), peak: Int(peak), rms: Double(bitPattern: rmsBits),
                                flac: flac, words: words, loudness: loudness, checksum: checksum)
        let segment = CachedSegment(samples: decoded.samples, sampleRate: Int(rate), words: WordCoding.decode(words),
                                    loudness: loudness.flatMap(SegmentLoudness.init(encoded:)))
        return (value, segment)
    }
}

/// Reads little-endian fields from a byte array, returning nil past the end.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u32() -> UInt32? { take(4).map { $0.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } } }
    mutating func u64() -> UInt64? { take(8).map { $0.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } } }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// HMAC-SHA256 (RFC 2104) over the project's `SHA256`.
enum HMAC {
    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? { var h = SHA256(); h.update(key); return h.finalize() }() : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// Compares in time independent of where the bytes differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
