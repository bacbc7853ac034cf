import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.medium)) struct MP3WriterTests {
    func sine(seconds: Double, rate: Int = 22050, frequency: Double = 440) -> [Int16] {
        (0..<Int(seconds * Double(rate))).map { Int16(12000 * sin(2 * .pi * frequency * Double($0) / Double(rate))) }
    }

    @Test func writesAnMP3ThatDecodesToTheRightDurationAndRate() throws {
        let dir = try TestSupport.temporaryDirectory()
        let url = dir.appendingPathComponent("tone.mp3")
        let writer = try MP3FileWriter(destination: url, sampleRate: 22050, settings: MP3Settings(), tag: ID3Tag())
        try writer.append(sine(seconds: 2))
        try writer.appendSilence(22050 / 2)
        #expect(writer.sampleCount == 22050 * 5 / 2)
        let size = try writer.finish()
        #expect(size == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int))

        // libsndfile decodes MP3 itself; the Xing/LAME header lets it drop encoder delay and padding.
        let decoded = try SoundFile.read(url)
        #expect(decoded.sampleRate == 22050)
        #expect(decoded.channels == 1)
        #expect(abs(decoded.duration - 2.5) < 0.03)
        let probe = try TestSupport.ffprobe(url)
        // ffprobe reports whole MPEG frames (576 samples at 22.05 kHz) without the gapless trim.
        #expect(abs(probe.duration - 2.5) < 0.1)
        #expect(probe.codec == "mp3")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["tone.mp3"])
    }

    /// The Xing/LAME info frame carries encoder delay and padding, so a decoder returns exactly
    /// the samples written, at every bitrate (below 56 kbit/s narrate switches to ABR for this).
    @Test(arguments: [8, 32, 48, 56, 64, 160])
    func decodesToExactlyTheSamplesWritten(bitrate: Int) throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("exact.mp3")
        let writer = try MP3FileWriter(destination: url, sampleRate: 22050, settings: MP3Settings(bitrate: bitrate), tag: ID3Tag())
        try writer.append(sine(seconds: 1.3))
        _ = try writer.finish()
        let pcm = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), ["-v", "error", "-i", url.path, "-f", "s16le", "-"])
        #expect(pcm.stdout.count / 2 == Int(1.3 * 22050))
        let bytes = try Data(contentsOf: url)
        #expect(bytes.range(of: Data("Info".utf8)) != nil || bytes.range(of: Data("Xing".utf8)) != nil)
    }

    @Test func tagsReadBackWithFFprobe() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("tagged.mp3")
        let book = BookInfo(title: "Die Verwandlung", author: "Franz Kafka", language: "de")
        let writer = try MP3FileWriter(
            destination: url, sampleRate: 22050, settings: MP3Settings(bitrate: 32, quality: 7),
            tag: .chapter(title: "Kapitel I: Grüße", book: book, track: 1, of: 3))
        try writer.append(sine(seconds: 1))
        _ = try writer.finish()
        let tags = try TestSupport.ffprobe(url).tags
        #expect(tags["title"] == "Kapitel I: Grüße")
        #expect(tags["album"] == "Die Verwandlung")
        #expect(tags["artist"] == "Franz Kafka")
        #expect(tags["album_artist"] == "Franz Kafka")
        #expect(tags["track"] == "1/3")
        #expect(tags["genre"] == "Audiobook")
        #expect(tags["language"] == "deu")
    }

    @Test func cancelledFileLeavesNothingBehind() throws {
        let dir = try TestSupport.temporaryDirectory()
        let writer = try MP3FileWriter(
            destination: dir.appendingPathComponent("gone.mp3"), sampleRate: 22050, settings: MP3Settings(), tag: ID3Tag())
        try writer.append(sine(seconds: 1))
        writer.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func impossibleBitrateIsRejected() {
        #expect(throws: MP3EncodingError.self) {
            try LameEncoder(sampleRate: 22050, settings: MP3Settings(bitrate: 320))
        }
    }

    @Test func soundFileRefusesNonAudio() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("text.wav")
        try Data("not audio".utf8).write(to: url)
        #expect(throws: SoundFileError.self) { try SoundFile.read(url) }
    }
}
