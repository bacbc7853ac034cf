import Foundation

/// Writes rendered audio to standard output as it is produced: an MP3 stream (one ID3 tag with
/// the book's tags, then frames; no info frame, since a pipe cannot be rewound), a WAV stream
/// (a header whose sizes say "unknown length", which sox and ffmpeg read to the end), or raw
/// 16-bit little-endian PCM. When the reader goes away (`| head -c 1000`) the next write throws
/// `OutputError.streamClosed`, which ends the render quietly with status 0.
public final class StreamWriter: AudioSink {
    private let descriptor: Int32
    private let encoder: LameEncoder?
    private let format: OutputFormat
    public private(set) var sampleCount = 0
    private var bytesWritten = 0

    /// What errors call the output.
    private let name: String

    public init(format: OutputFormat, sampleRate: Int, mp3: MP3Settings, tag: ID3Tag, descriptor: Int32 = STDOUT_FILENO,
                name: String = "standard output") throws {
        precondition(format != .flac, "FLAC needs a seekable file")
        self.descriptor = descriptor
        self.name = name
        self.format = format
        // A closed pipe must be an EPIPE error here, not a signal that kills the process.
        signal(SIGPIPE, SIG_IGN)
        encoder = format == .mp3 ? try LameEncoder(sampleRate: sampleRate, settings: mp3, infoFrame: false) : nil
        switch format {
        case .mp3: try write(tag.bytes())
        case .wav: try write(Self.streamingWAVHeader(sampleRate: sampleRate))
        default: break
        }
    }

    /// A 44-byte PCM WAV header with the RIFF and data sizes set to 0xFFFFFFFF ("until the end").
    static func streamingWAVHeader(sampleRate: Int) -> [UInt8] {
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        let rate = UInt32(sampleRate)
        return Array("RIFF".utf8) + le32(.max) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1)
            + le32(rate) + le32(rate * 2) + le16(2) + le16(16) + Array("data".utf8) + le32(.max)
    }

    public func append(_ samples: [Int16]) throws {
        guard !samples.isEmpty else { return }
        sampleCount += samples.count
        if let encoder {
            let bytes = try samples.withUnsafeBufferPointer { try encoder.encode($0) }
            try bytes.withUnsafeBytes { try write($0) }
        } else {
            #if _endian(little)
            try samples.withUnsafeBytes { try write($0) }
            #else
            try samples.map { $0.littleEndian }.withUnsafeBytes { try write($0) }
            #endif
        }
    }

    public func finish() throws -> Int {
        if let encoder {
            let tail = try encoder.flush()
            try tail.withUnsafeBytes { try write($0) }
        }
        return bytesWritten
    }

    public func cancel() {}

    private func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let error = AtomicFile.writeAll(descriptor, bytes) {
            if error == EPIPE { throw OutputError.streamClosed }
            throw OutputError.writing(name, errno: error)
        }
        bytesWritten += bytes.count
    }
}
