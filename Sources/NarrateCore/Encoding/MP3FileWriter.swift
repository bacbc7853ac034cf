import Foundation

/// Streams PCM into an MP3 file: ID3 tag, LAME frames, then the Xing/LAME info frame patched in
/// at the start, written under a temporary name and renamed only when complete.
public final class MP3FileWriter: AudioSink {
    private let file: AtomicFile
    private let encoder: LameEncoder
    private let audioStart: Int
    private let tagSize: Int
    public private(set) var sampleCount = 0

    public init(destination: URL, sampleRate: Int, settings: MP3Settings, tag: ID3Tag) throws {
        file = try AtomicFile(destination: destination)
        // A device or FIFO cannot be rewound to the info frame: write none, as to a pipe.
        encoder = try LameEncoder(sampleRate: sampleRate, settings: settings, infoFrame: file.isSeekable)
        let tagBytes = tag.bytes()
        try file.write(tagBytes)
        audioStart = tagBytes.count
        tagSize = tagBytes.count
    }

    /// Replaces the ID3 tag written at the start with one of the same size (a single-file book's
    /// chapter times, known only at the end; every number in them is fixed-width).
    public func rewriteTag(_ tag: ID3Tag) throws {
        guard file.isSeekable else { return }
        let bytes = tag.bytes()
        guard bytes.count == tagSize else { throw InternalError("the final ID3 tag changed size (\(tagSize) → \(bytes.count))") }
        try file.write(bytes, at: 0)
    }

    /// The Xing/LAME info frame counts bytes in 32 bits: a longer MP3 could not state its length.
    static let maximumBytes = Int(UInt32.max)
    private var bytesWritten = 0

    public func append(_ samples: UnsafeBufferPointer<Int16>) throws {
        sampleCount += samples.count
        let bytes = try encoder.encode(samples)
        bytesWritten += bytes.count
        if bytesWritten > Self.maximumBytes - audioStart { throw OutputError.tooLargeForMP3(path: file.destination.path) }
        if !bytes.isEmpty { try bytes.withUnsafeBytes { try file.write($0) } }
    }

    public func append(_ samples: [Int16]) throws {
        try samples.withUnsafeBufferPointer { try append($0) }
    }

    /// Flushes the encoder, writes the info frame, and renames the file into place.
    /// Returns the file's size in bytes.
    public func finish() throws -> Int {
        let tail = try encoder.flush()
        if !tail.isEmpty { try tail.withUnsafeBytes { try file.write($0) } }
        let infoFrame = try encoder.lameTagFrame()
        if !infoFrame.isEmpty && file.isSeekable { try file.write(infoFrame, at: audioStart) }
        return try file.commit()
    }

    /// Abandons the file; nothing appears under the destination name.
    public func cancel() { file.discard() }
}
