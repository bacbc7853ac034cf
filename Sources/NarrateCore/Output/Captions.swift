import Foundation

/// Caption files: one cue per spoken segment (heading or sentence), timed from the audio as
/// written: a cue starts where the segment's audio starts in the file and ends where it ends,
/// pauses and edge silence included in the offsets (see manifest.json's `start`/`duration`).
public enum CaptionFormat: String, CaseIterable, Sendable {
    case vtt, srt

    public var fileExtension: String { rawValue }

    /// The captions of one chapter file; `offset` (seconds) shifts every cue (single-file books).
    public func document(_ chapter: Manifest.Chapter, offset: Double = 0) -> String {
        document(cues: Self.cues(chapter, offset: offset))
    }

    public func document(cues: [Cue]) -> String {
        var out = self == .vtt ? "WEBVTT\n\n" : ""
        for (number, cue) in cues.enumerated() {
            out += "\(number + 1)\n\(timestamp(cue.start)) --> \(timestamp(cue.end))\n\(cue.text)\n\n"
        }
        return out
    }

    public struct Cue: Equatable, Sendable {
        public var start: Double
        public var end: Double
        public var text: String
    }

    public static func cues(_ chapter: Manifest.Chapter, offset: Double = 0) -> [Cue] {
        chapter.segments.map { Cue(start: offset + $0.start, end: offset + $0.start + $0.duration, text: $0.text.collapsingWhitespace) }
    }

    /// `01:02:03.456` (WebVTT) or `01:02:03,456` (SRT).
    func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int((max(0, seconds) * 1000).rounded())
        let (h, m, s, ms) = (milliseconds / 3_600_000, milliseconds / 60_000 % 60, milliseconds / 1000 % 60, milliseconds % 1000)
        let separator = self == .vtt ? "." : ","
        return String(format: "%02d:%02d:%02d%@%03d", h, m, s, separator, ms)
    }

    /// The caption file that belongs to an audio file: same name, this extension.
    public func fileName(forAudio audio: String) -> String {
        (audio as NSString).deletingPathExtension + "." + fileExtension
    }
}
