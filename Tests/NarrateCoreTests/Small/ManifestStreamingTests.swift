import Foundation
import Testing
@testable import NarrateCore

/// `Manifest.write(to:)` encodes a chapter at a time to keep memory low; its bytes must be the
/// ones `JSONEncoder` gives for the whole document, which readers and re-runs compare.
@Suite(.tags(.small)) struct ManifestStreamingTests {
    static func segment(_ id: String, _ text: String, words: Bool) -> Manifest.Segment {
        Manifest.Segment(id: id, kind: "sentence", text: text, spoken: words ? nil : "\(text) (spoken)", voice: "en-us",
                         speaker: "narrator", start: 1.5, duration: 2.25, pause: 0.4, key: "k-\(id)",
                         words: words ? [.init(text: "Grüße", start: 1.5), .init(text: "“quoted”/slash", start: 1.9)] : nil)
    }

    static func manifest(chapters: Int) -> Manifest {
        let list = (0..<chapters).map { index in
            Manifest.Chapter(index: index + 1, title: "Chapitre \(index + 1) — « Été »", part: index == 0 ? "Part One" : nil,
                             language: "fr", file: "0\(index + 1) - Chapitre.mp3", duration: 12.5, samples: 275_625, bytes: 100_000,
                             words: 42, fingerprint: "abc\(index)",
                             loudness: index == 1 ? nil : Manifest.Loudness(level: -20.5, gain: 1.2),
                             segments: index == 2 ? [] : [segment("c\(index).1", "Il dit: \"Bonjour\\n\".", words: true),
                                                          segment("c\(index).2", "Non.", words: false)])
        }
        return Manifest(generator: "narrate test", title: "Le Livre", author: nil, language: "fr",
                        engine: EngineIdentity(name: "espeak-ng", version: "1", dataVersion: "d", sampleRate: 22050),
                        audio: .init(codec: "mp3", sampleRate: 22050, channels: 1, bitrate: 64, quality: 5),
                        duration: 37.5, chapters: list, skipped: [])
    }

    @Test(arguments: [0, 1, 3])
    func piecesEqualTheWholeEncoding(chapters: Int) throws {
        let manifest = Self.manifest(chapters: chapters)
        var streamed = Data()
        try manifest.encodedPieces { streamed.append($0) }
        #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: try manifest.encoded(), as: UTF8.self))
    }

    @Test func writtenFileReadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = Self.manifest(chapters: 3)
        try manifest.write(to: folder.appendingPathComponent("manifest.json"))
        #expect(Manifest.load(from: folder) == manifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["manifest.json"])
    }
}
