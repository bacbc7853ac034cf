import CLame

/// Errors from MP3 encoding with libmp3lame (named for it, so as not to shadow the standard
/// library's `EncodingError`).
public enum MP3EncodingError: NarrateError, Equatable {
    case invalidSettings(String)
    case lame(operation: String, code: Int32)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidSettings: return .usage
        case .lame: return .software
        }
    }

    public var description: String {
        switch self {
        case let .invalidSettings(message): return message
        case let .lame(operation, code): return "the MP3 encoder (libmp3lame) failed in \(operation) with code \(code)"
        }
    }
}

/// Settings for MP3 output.
public struct MP3Settings: Codable, Hashable, Sendable {
    /// Constant bitrate in kbit/s.
    public var bitrate: Int
    /// LAME's algorithm quality, 0 (best, slowest) to 9 (fastest).
    public var quality: Int
    /// Output sample rate when it differs from the input; LAME resamples.
    public var sampleRate: Int?

    public init(bitrate: Int = 64, quality: Int = 5, sampleRate: Int? = nil) {
        self.bitrate = bitrate
        self.quality = quality
        self.sampleRate = sampleRate
    }

    /// Sample rates an MP3 can have (MPEG-1, 2 and 2.5).
    public static let sampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

    /// MPEG-2 Layer III bitrates, the ones valid at espeak-ng's 22.05 kHz.
    public static let mpeg2Bitrates = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    public static let mpeg1Bitrates = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]

    public static func validBitrates(sampleRate: Int) -> [Int] {
        sampleRate >= 32000 ? mpeg1Bitrates : mpeg2Bitrates
    }
}

/// The one owner of a libmp3lame encoder handle: mono 16-bit PCM in, MP3 frames out, CBR with
/// a Xing/LAME info frame (written by the caller at the position `lameTagFrame()` replaces).
public final class LameEncoder {
    private let handle: OpaquePointer
    private var output: [UInt8]
    private var closed = false
    public let sampleRate: Int
    /// The most MP3 bytes one input sample can produce: LAME's documented 1.25 × samples (as
    /// output samples, so scaled up when it resamples up) or the bitrate's bytes per input
    /// sample with the same margin, whichever is larger (320 kbit/s from 22.05 kHz is 1.8).
    private let bytesPerInputSample: Double

    /// `infoFrame`: reserve the Xing/LAME frame at the start (files); a stream cannot go back to it.
    public init(sampleRate: Int, settings: MP3Settings, infoFrame: Bool = true) throws {
        let outRate = settings.sampleRate ?? sampleRate
        guard MP3Settings.validBitrates(sampleRate: outRate).contains(settings.bitrate) else {
            throw MP3EncodingError.invalidSettings(
                "bitrate \(settings.bitrate) kbit/s is not possible at \(outRate) Hz; use one of "
                    + MP3Settings.validBitrates(sampleRate: outRate).map(String.init).joined(separator: ", "))
        }
        guard let gfp = lame_init() else { throw MP3EncodingError.lame(operation: "lame_init", code: -1) }
        handle = gfp
        self.sampleRate = sampleRate
        bytesPerInputSample = max(1.25 * max(1, Double(outRate) / Double(sampleRate)),
                                  1.25 * Double(settings.bitrate) * 125 / Double(sampleRate))
        output = []
        do {
            try Self.check(lame_set_in_samplerate(gfp, Int32(sampleRate)), "set_in_samplerate")
            try Self.check(lame_set_out_samplerate(gfp, Int32(outRate)), "set_out_samplerate")
            try Self.check(lame_set_num_channels(gfp, 1), "set_num_channels")
            try Self.check(lame_set_mode(gfp, MONO), "set_mode")
            if Self.infoFrameFits(bitrate: settings.bitrate, sampleRate: outRate) {
                try Self.check(lame_set_VBR(gfp, vbr_off), "set_VBR")
                try Self.check(lame_set_brate(gfp, Int32(settings.bitrate)), "set_brate")
            } else {
                try Self.check(lame_set_VBR(gfp, vbr_abr), "set_VBR")
                try Self.check(lame_set_VBR_mean_bitrate_kbps(gfp, Int32(settings.bitrate)), "set_VBR_mean_bitrate_kbps")
            }
            try Self.check(lame_set_quality(gfp, Int32(settings.quality)), "set_quality")
            try Self.check(lame_set_bWriteVbrTag(gfp, infoFrame ? 1 : 0), "set_bWriteVbrTag")
            lame_set_write_id3tag_automatic(gfp, 0)
            try Self.check(lame_init_params(gfp), "init_params")
        } catch {
            lame_close(gfp)
            throw error
        }
    }

    deinit {
        if !closed { lame_close(handle) }
    }

    /// Encodes samples; returns the MP3 bytes produced so far (may be empty).
    public func encode(_ samples: UnsafeBufferPointer<Int16>) throws -> ArraySlice<UInt8> {
        guard !samples.isEmpty else { return [] }
        let needed = Int((Double(samples.count) * bytesPerInputSample).rounded(.up)) + 7200
        if output.count < needed { output = [UInt8](repeating: 0, count: needed) }
        let written = output.withUnsafeMutableBufferPointer { out in
            lame_encode_buffer(
                handle, samples.baseAddress, samples.baseAddress, Int32(samples.count), out.baseAddress, Int32(out.count))
        }
        try Self.check(written, "encode_buffer")
        return output[0..<Int(written)]
    }

    /// Flushes the last frames.
    public func flush() throws -> ArraySlice<UInt8> {
        // LAME asks for 7200 bytes; resampling and the bit reservoir can hold a few more frames.
        if output.count < 16384 { output = [UInt8](repeating: 0, count: 16384) }
        let written = output.withUnsafeMutableBufferPointer { lame_encode_flush(handle, $0.baseAddress, Int32($0.count)) }
        try Self.check(written, "encode_flush")
        return output[0..<Int(written)]
    }

    /// The final Xing/LAME info frame (valid after `flush()`); it replaces the placeholder frame
    /// LAME put at the start of the audio data.
    public func lameTagFrame() throws -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: 2880)
        let size = lame_get_lametag_frame(handle, &frame, frame.count)
        guard size <= frame.count else { throw MP3EncodingError.lame(operation: "get_lametag_frame", code: -1) }
        return Array(frame.prefix(size))
    }

    /// Whether a constant-bitrate frame is large enough for the Xing/LAME info frame. LAME drops
    /// the info frame when it is not (below 56 kbit/s at 22.05 kHz), and without it decoders keep
    /// the encoder delay and padding and players guess the duration. At those bitrates narrate
    /// encodes with an average bitrate (ABR) instead, whose info frame LAME writes at 64 kbit/s.
    static func infoFrameFits(bitrate: Int, sampleRate: Int) -> Bool {
        let samplesPerFrame = sampleRate >= 32000 ? 1152 : 576
        let frameBytes = samplesPerFrame / 8 * bitrate * 1000 / sampleRate
        let sideInfo = sampleRate >= 32000 ? 17 : 9  // mono
        return frameBytes >= 4 + sideInfo + 156  // header + side info + Xing/LAME tag
    }

    /// The one place LAME return codes become errors.
    private static func check(_ code: Int32, _ operation: String) throws {
        guard code >= 0 else { throw MP3EncodingError.lame(operation: operation, code: code) }
    }
}
