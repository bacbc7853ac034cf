import CSndFile
import Foundation

public enum SoundFileError: NarrateError, Equatable {
    case cannotOpen(path: String, reason: String)
    case failed(operation: String, reason: String)

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open as audio (\(reason))"
        case let .failed(operation, reason): return "libsndfile failed in \(operation): \(reason)"
        }
    }
}

/// Decoded audio: interleaved 16-bit samples and the stream's parameters.
public struct DecodedAudio: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int { channels > 0 ? samples.count / channels : 0 }
    public var duration: Double { Double(frames) / Double(max(sampleRate, 1)) }
}

/// The one owner of libsndfile handles: decodes WAV, FLAC, MP3 (libsndfile ≥ 1.1) and more.
public enum SoundFile {
    public static func read(_ url: URL) throws -> DecodedAudio {
        var info = SF_INFO()
        guard let handle = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw SoundFileError.cannotOpen(path: url.path, reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(handle) }
        var samples = [Int16](repeating: 0, count: Int(info.frames) * Int(info.channels))
        let read = samples.withUnsafeMutableBufferPointer { sf_read_short(handle, $0.baseAddress, sf_count_t($0.count)) }
        try check(handle, read >= 0, "sf_read_short")
        samples.removeSubrange(Int(read)...)
        return DecodedAudio(samples: samples, sampleRate: Int(info.samplerate), channels: Int(info.channels))
    }

    /// The one place libsndfile failures become errors.
    static func check(_ handle: OpaquePointer?, _ ok: Bool, _ operation: String) throws {
        guard !ok else { return }
        throw SoundFileError.failed(operation: operation, reason: String(cString: sf_strerror(handle)))
    }
}
