import CFFmpeg
import Foundation
import Testing
import ZIPFoundation
@testable import NarrateCore

/// `MP4File` against FFmpeg's libraries: what the writer puts in, the reader (and ffprobe) gets out.
@Suite(.tags(.medium)) struct MP4WriterTests {
    func sine(seconds: Double, rate: Int = 22050) -> [Int16] {
        (0..<Int(seconds * Double(rate))).map { Int16(12000 * sin(2 * .pi * 440 * Double($0) / Double(rate))) }
    }

    func tags(track: (Int, Int)? = nil) -> MP4File.Tags {
        MP4File.Tags(title: "Tö", album: "Bük", artist: "Ada", year: "1901", description: "Über", track: track, language: "deu",
                     encoder: "narrate test")
    }

    @Test func writesAACThatDecodesToEverySampleWithChaptersAndTags() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tone.m4b")
        let writer = try MP4File.Writer(destination: url, sampleRate: 22050, bitrate: 64, tags: tags(), cover: nil, brand: "M4B ")
        // Uneven pieces: the writer gathers whole AAC frames itself.
        try writer.append(sine(seconds: 1.3))
        try writer.appendSilence(777)
        try writer.append(sine(seconds: 0.7))
        let total = writer.sampleCount
        writer.chapters = [MP4File.Chapter(title: "Eins", start: 0, end: 30000), MP4File.Chapter(title: "Deux été", start: 30000, end: total)]
        #expect(!FileManager.default.fileExists(atPath: url.path))  // nothing under the name until finished
        let size = try writer.finish()
        #expect(size == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["tone.m4b"])

        let contents = try MP4File.read(url)
        #expect(contents.codec == "aac" && contents.audio.sampleRate == 22050)
        // The edit list removes the encoder's priming and padding: the length comes back within a millisecond.
        #expect(abs(contents.audio.samples.count - total) <= 22)
        #expect(contents.chapters.map(\.title) == ["Eins", "Deux été"])
        #expect(abs(contents.chapters[1].start - 30000.0 / 22050) < 0.001)
        #expect(contents.tags["title"] == "Tö" && contents.tags["artist"] == "Ada" && contents.tags["date"] == "1901")
        #expect(contents.tags["media_type"] == "2" && contents.tags["encoder"] == "narrate test")
        #expect(DeliveryCheck.topLevelBoxes(url).prefix(2) == ["ftyp", "moov"])
        #expect(try TestSupport.ffprobe(url).tags["album"] == "Bük")
    }

    @Test func cancelLeavesNothingAndADeviceIsRefused() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("gone.m4a")
        let writer = try MP4File.Writer(destination: url, sampleRate: 22050, bitrate: 64, tags: tags(track: (1, 2)), cover: nil, brand: "M4A ")
        try writer.append(sine(seconds: 0.5))
        writer.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(throws: MP4Error.needsRegularFile(path: "/dev/null")) {
            try MP4File.Writer(destination: URL(fileURLWithPath: "/dev/null"), sampleRate: 22050, bitrate: 64, tags: tags(), cover: nil, brand: "M4B ")
        }
    }

    /// Without FFmpeg's libraries an M4B is refused in one line naming what to install (exit 69).
    @Test func missingLibrariesNameThePackagesAndMP3() throws {
        let error = MP4Error.unavailable(reason: "libavformat.so.59: cannot open shared object file")
        #expect(error.exitStatus == .unavailable)
        #expect(error.description.contains("apt install libavformat\(LIBAVFORMAT_VERSION_MAJOR)"))
        #expect(error.description.contains("--format mp3"))
        #expect(!error.description.contains("\n"))
        #expect(MP4File.Library.fileNames.last == "libavformat.so.\(LIBAVFORMAT_VERSION_MAJOR)")
    }

    @Test func coverSizesAreReadFromJPEGAndPNGHeaders() throws {
        #expect(ImageSize(try EPUBRenderTests.mobyDickCover()) != nil)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 1, 44, 0, 0, 0, 200]
        #expect(ImageSize(png) == ImageSize(width: 300, height: 200))
        #expect(ImageSize([1, 2, 3]) == nil)
    }

    @Test func aPNGCoverIsStoredAsPNGArtwork() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = try Archive(url: TestSupport.corpus("epub-valid/childrens-literature_idpf.epub"), accessMode: .read, pathEncoding: nil)
        var png: [UInt8] = []
        _ = try archive.extract(try #require(archive["EPUB/images/cover.png"])) { png += $0 }
        let url = dir.appendingPathComponent("cover.m4b")
        let writer = try MP4File.Writer(destination: url, sampleRate: 22050, bitrate: 64, tags: tags(), cover: CoverImage(bytes: png, mimeType: "image/png"),
                                        brand: "M4B ")
        try writer.append(sine(seconds: 0.5))
        _ = try writer.finish()
        #expect(try MP4File.read(url, decodeAudio: false).hasCover)
        let script = "import sys, mutagen.mp4\nc = mutagen.mp4.MP4(sys.argv[1]).tags['covr'][0]\nprint(c.imageformat == mutagen.mp4.MP4Cover.FORMAT_PNG, len(bytes(c)))"
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, url.path])
        #expect(result.stdoutText == "True \(png.count)\n", "\(result.stderr)")
    }
}
