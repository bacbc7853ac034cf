import Foundation

/// Where rendered PCM goes: an MP3, WAV or FLAC file, or a stream on standard output.
public protocol AudioSink: AnyObject {
    /// Samples appended so far.
    var sampleCount: Int { get }
    func append(_ samples: [Int16]) throws
    /// Completes the output; returns the bytes written.
    func finish() throws -> Int
    /// Abandons the output (a file never appears under its final name).
    func cancel()
}

extension AudioSink {
    /// Appends `count` samples of digital silence, in bounded chunks.
    public func appendSilence(_ count: Int) throws {
        var left = count
        while left > 0 {
            let n = min(left, 1 << 16)
            try append([Int16](repeating: 0, count: n))
            left -= n
        }
    }
}

/// `--format`: what a render writes.
public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    case mp3, wav, flac, raw
    /// AAC in MP4: one audiobook file with chapters (m4b), or one file per chapter (m4a).
    case m4b, m4a

    public var fileExtension: String { self == .raw ? "pcm" : rawValue }
}
