import Foundation

/// `manifest.json`: what every output file was made from. A documented interface (Docs/manifest.md);
/// field names are stable.
public struct Manifest: Codable, Sendable, Equatable {
    public var format = "narrate-manifest"
    public var version = 1
    public var generator: String
    public var title: String
    public var author: String?
    public var language: String
    public var engine: EngineIdentity
    public var audio: AudioFormat
    public var duration: Double
    public var chapters: [Chapter]
    /// What the book holds that is not read, and why (absent in manifests before narrate 0.9).
    public var skipped: [PlanDocument.Skipped]?
    /// `K/N` in a shard's own manifest (`manifest.shard-K-of-N.json`); absent in manifest.json.
    public var shard: String? = nil

    public struct AudioFormat: Codable, Sendable, Equatable {
        public var codec: String
        public var sampleRate: Int
        public var channels: Int
        public var bitrate: Int
        public var quality: Int
    }

    public struct Chapter: Codable, Sendable, Equatable {
        public var index: Int
        public var title: String
        /// The part the chapter belongs to, when the book's contents nest chapters in parts.
        public var part: String?
        public var language: String
        public var file: String
        /// Seconds.
        public var duration: Double
        public var samples: Int
        public var bytes: Int
        public var words: Int
        /// SHA-256 of everything that produced the file (segment keys, pauses, encoder, tags).
        public var fingerprint: String
        /// The chapter's level before normalisation and the gain applied (when normalised).
        public var loudness: Loudness?
        public var segments: [Segment]
    }

    public struct Loudness: Codable, Sendable, Equatable {
        /// Integrated loudness (LUFS) or RMS (dBFS) measured before the gain; nil when silent.
        public var measured: Double?
        /// Gain applied before the peak limiter, dB.
        public var gain: Double

        init(level: Double?, gain: Float) {
            measured = level.map { ($0 * 100).rounded() / 100 }
            self.gain = (20 * log10(Double(gain)) * 100).rounded() / 100
        }
    }

    public struct Segment: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var text: String
        /// What the engine read, when it differs from `text` (lexicons, SSML, numerals as spoken); word
        /// timings then point into this text.
        public var spoken: String?
        public var voice: String
        public var speaker: String
        /// Seconds from the start of the chapter file.
        public var start: Double
        public var duration: Double
        /// Silence after the segment, in seconds.
        public var pause: Double
        public var key: String
        /// Where each word starts, from the engine's word events (when it reports them).
        public var words: [Word]?

        public struct Word: Codable, Sendable, Equatable {
            public var text: String
            /// Seconds from the start of the chapter file.
            public var start: Double
        }

    }

    /// The manifest as JSON, all at once (see `write(to:)` for a book's).
    public func encoded() throws -> Data {
        try Self.encoder.encode(self)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The manifest a previous render left in `directory`, if it is readable.
    public static func load(from directory: URL) -> Manifest? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")) else { return nil }
        return decode(data)
    }

    /// The book a manifest is of: all that is decoded of it to tell whose folder it is.
    struct Owner: Decodable {
        var format: String
        var title: String
        var author: String?
    }

    /// The book whose manifest is in `directory`, if it is readable (without decoding its
    /// chapters: a novel's manifest takes a good part of a second to decode).
    static func owner(of directory: URL) -> Owner? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let owner = try? JSONDecoder().decode(Owner.self, from: data), owner.format == "narrate-manifest" else { return nil }
        return owner
    }

    /// The chapter entry to reuse when nothing that produced the file changed and the file is
    /// still there with the size it was written with.
    func reusableChapter(file: String, fingerprint: String, in directory: URL) -> Chapter? {
        guard let chapter = chapters.first(where: { $0.file == file && $0.fingerprint == fingerprint }) else { return nil }
        let path = directory.appendingPathComponent(file).path
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == chapter.bytes else {
            return nil
        }
        return chapter
    }

    /// Deletes chapter files this manifest listed that `current` no longer does (renamed or
    /// removed chapters). Only files narrate wrote are touched.
    func removeFiles(notIn current: Manifest, from directory: URL) {
        let keep = Set(current.chapters.map(\.file))
        for chapter in chapters where !keep.contains(chapter.file) && !chapter.file.contains("/") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(chapter.file))
            for format in CaptionFormat.allCases {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(format.fileName(forAudio: chapter.file)))
            }
        }
    }
}

/// `playlist.m3u8`: the chapter files in order with their durations.
public enum Playlist {
    public static func m3u8(_ manifest: Manifest) -> String {
        var text = "#EXTM3U\n#PLAYLIST:\(manifest.title)\n"
        for chapter in manifest.chapters {
            let who = manifest.author.map { "\($0) - " } ?? ""
            text += "#EXTINF:\(Int(chapter.duration.rounded())),\(who)\(chapter.title)\n\(chapter.file)\n"
        }
        return text
    }
}

extension Manifest {
    /// Seconds from a sample count, to the millisecond: how every time in the manifest is written.
    static func seconds(_ samples: Int, rate: Int) -> Double { (Double(samples) / Double(rate) * 1000).rounded() / 1000 }
}

extension Manifest.Segment {
    /// The record of `segment` written at sample `start` of the chapter, followed by `pause` samples.
    init(_ segment: NarrateCore.Segment, audio: CachedSegment, start: Int, pause: Int, sampleRate rate: Int) {
        func seconds(_ samples: Int) -> Double { Manifest.seconds(samples, rate: rate) }
        let characters = Array(segment.spoken)
        let words = audio.words.compactMap { word -> Word? in
            guard word.textOffset >= 0, word.length > 0, word.textOffset + word.length <= characters.count else { return nil }
            let text = String(characters[word.textOffset..<(word.textOffset + word.length)])
                .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
            return text.isEmpty ? nil : Word(text: text, start: seconds(start + word.sample))
        }
        self.init(
            id: segment.id, kind: segment.kind.rawValue, text: segment.text,
            spoken: segment.spoken == segment.text ? nil : segment.spoken, voice: segment.voice.name, speaker: segment.speaker,
            start: seconds(start), duration: seconds(audio.samples.count), pause: seconds(pause), key: segment.key,
            words: words.isEmpty ? nil : words)
    }
}
