import Foundation
import Testing
@testable import NarrateCore

/// `-o -` streams, `--format wav|flac|raw` and `--single-file`, read back with ffprobe, ffmpeg,
/// sox and mutagen.
@Suite(.tags(.large)) struct StreamAndFormatTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")

    /// Runs a shell pipeline with narrate in it (`$NARRATE`), returning stdout and narrate's status.
    func pipeline(_ script: String, in dir: URL) throws -> TestSupport.Result {
        try TestSupport.run(URL(fileURLWithPath: "/bin/bash"), [
            "-c", "set -o pipefail; cd '\(dir.path)'; NARRATE='\(TestSupport.narrate.path)'; \(script)",
        ])
    }

    func chapterSamples(_ dir: URL, _ manifest: Manifest) throws -> [Int16] {
        try manifest.chapters.flatMap { try SoundFile.read(dir.appendingPathComponent($0.file)).samples }
    }

    @Test func wavFlacAndRawCarryTheSameSamples() throws {
        let dir = try TestSupport.temporaryDirectory()
        for format in ["wav", "flac"] {
            let result = try TestSupport.narrate(["render", sample.path, "-o", dir.appendingPathComponent(format).path, "--format", format, "-q"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let wavManifest = try TestSupport.manifest(in: dir.appendingPathComponent("wav"))
        #expect(wavManifest.audio.codec == "wav")
        #expect(wavManifest.chapters.map(\.file).allSatisfy { $0.hasSuffix(".wav") })
        let probe = try TestSupport.ffprobe(dir.appendingPathComponent("flac/" + wavManifest.chapters[0].file.replacingOccurrences(of: ".wav", with: ".flac")))
        #expect(probe.codec == "flac" && probe.sampleRate == 22050 && probe.channels == 1)
        #expect(probe.tags["ALBUM"] ?? probe.tags["album"] == "The Lamplighter of Harrow Street")
        let wav = try chapterSamples(dir.appendingPathComponent("wav"), wavManifest)
        let flacManifest = try TestSupport.manifest(in: dir.appendingPathComponent("flac"))
        let flacSamples = try chapterSamples(dir.appendingPathComponent("flac"), flacManifest)
        let flacSame = flacSamples == wav
        #expect(flacSame)
        #expect(wav.count == wavManifest.chapters.reduce(0) { $0 + $1.samples })

        // The raw stream is those chapters back to back, sample for sample; a WAV stream too (read by sox).
        // Streams are normalised only when asked; asked, they match the (normalised) files exactly.
        let raw = try TestSupport.narrate(["render", sample.path, "-o", "-", "--format", "raw", "--loudness", "-18"])
        #expect(raw.status == 0)
        #expect(raw.stderr.contains("signed 16-bit little-endian, 22050 Hz, mono"))
        let rawSamples = raw.stdout.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let sameSamples = rawSamples == wav  // compared outside #expect: a diff of millions of samples never ends
        #expect(rawSamples.count == wav.count && sameSamples)
        let sox = try pipeline("$NARRATE render '\(sample.path)' -o - --format wav --loudness -18 -q | sox -t wav - -t raw -e signed -b 16 - 2>/dev/null", in: dir)
        #expect(sox.status == 0)
        let soxSame = sox.stdout == raw.stdout
        #expect(soxSame)
    }

    @Test func mp3StreamDecodesWithFFmpeg() throws {
        let dir = try TestSupport.temporaryDirectory()
        let result = try pipeline("$NARRATE render '\(sample.path)' -o - -q | ffmpeg -v error -f mp3 -i - -f s16le -ac 1 -", in: dir)
        #expect(result.status == 0)
        let decoded = result.stdout.count / 2
        let files = try TestSupport.narrate(["render", sample.path, "-o", dir.appendingPathComponent("files").path, "--json", "-q"])
        let audioSeconds = try TestSupport.report(files.stdout).seconds.audio
        // A stream has no info frame, so the decoder keeps LAME's delay and padding (under 0.1 s).
        #expect(abs(Double(decoded) / 22050 - audioSeconds) < 0.1)
    }

    @Test func aClosedPipeEndsQuietlyAndKeepsTheCache() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = dir.appendingPathComponent("alice.txt")
        try TestSupport.aliceOpening(upTo: "CHAPTER II.\nThe Pool of Tears").write(to: book, atomically: true, encoding: .utf8)
        let cache = dir.appendingPathComponent("c.sqlite")
        let result = try pipeline("$NARRATE render '\(book.path)' -o - --cache '\(cache.path)' | head -c 1000 | wc -c", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "1000")
        #expect(!result.stderr.contains("error"))
        #expect(try CacheMaintenance.stats(cache).entries > 0)
        #expect(try CacheMaintenance.verify(cache).removed == 0)
    }

    @Test func singleFileHasChapterMarksTagsAndCover() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = try EPUBRenderTests().fixture(in: dir)
        let mp3 = dir.appendingPathComponent("book.mp3")
        let result = try TestSupport.narrate(["render", book.path, "--single-file", "-o", mp3.path, "--captions", "vtt", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let perChapter = try TestSupport.narrate(["render", book.path, "-o", dir.appendingPathComponent("files").path, "-q"])
        #expect(perChapter.status == 0)
        let manifest = try TestSupport.manifest(in: dir.appendingPathComponent("files"))
        var starts: [Double] = [0]
        for chapter in manifest.chapters { starts.append(starts.last! + chapter.duration) }

        // ffprobe's chapters.
        let probe = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), ["-v", "error", "-show_chapters", "-of", "json", mp3.path])
        let chapters = (try JSONSerialization.jsonObject(with: probe.stdout) as! [String: Any])["chapters"] as! [[String: Any]]
        #expect(chapters.compactMap { ($0["tags"] as? [String: String])?["title"] } == ["The First", "The Second"])
        for (index, chapter) in chapters.enumerated() {
            #expect(abs(Double(chapter["start_time"] as! String)! - starts[index]) < 0.05)
            #expect(abs(Double(chapter["end_time"] as! String)! - starts[index + 1]) < 0.05)
        }
        // mutagen's view of the ID3 frames.
        let script = """
            import sys, mutagen.id3
            t = mutagen.id3.ID3(sys.argv[1])
            toc = t.getall('CTOC')[0]
            print(toc.element_id, int(toc.flags), ','.join(toc.child_element_ids))
            for c in t.getall('CHAP'): print(c.element_id, c.start_time, c.end_time, c.sub_frames['TIT2'].text[0])
            print(t['TALB'].text[0], '|', t['TPE1'].text[0], '|', t.getall('APIC')[0].mime, len(t.getall('APIC')[0].data))
            """
        let mutagen = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, mp3.path])
        let lines = mutagen.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "toc 3 chp1,chp2", "\(mutagen.stderr)")
        #expect(lines.count == 4)
        let chap2 = lines[2].split(separator: " ")
        #expect(chap2.first == "chp2" && abs(Double(chap2[1])! / 1000 - starts[1]) < 0.05 && abs(Double(chap2[2])! / 1000 - starts[2]) < 0.05)
        #expect(lines[3].hasPrefix("Fixture Book | Ada Author | image/jpeg"))

        // One decoded stream as long as the chapters together; captions for the whole book.
        let decoded = try SoundFile.read(mp3)
        #expect(abs(decoded.duration - starts.last!) < 0.05)
        let vtt = try String(contentsOf: dir.appendingPathComponent("book.vtt"), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT"))
        #expect(vtt.contains("The Second."))
    }

    @Test(arguments: [
        ["--single-file", "-o", "-"], ["--format", "ogg"], ["--format", "raw", "-o", "dir"], ["--format", "flac", "-o", "-"],
        ["--captions", "vtt", "-o", "-"], ["--single-file", "--format", "wav"],
    ])
    func badCombinationsAreUsageErrors(arguments: [String]) throws {
        let dir = try TestSupport.temporaryDirectory()
        let result = try TestSupport.narrate(["render", sample.path] + arguments, cwd: dir)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// More than 24 hours of audio (28 h: pauses between repeated sentences) streamed as raw PCM:
    /// over 2^31 samples and 4 GiB, counted exactly; the same chapter as a WAV file is refused.
    @Test func longerThanADayWithoutOverflow() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = dir.appendingPathComponent("long.txt")
        try ("Chapter 1\n\n" + String(repeating: "The lamp was lit again. ", count: 1700) + "\n").write(to: book, atomically: true, encoding: .utf8)
        let options = ["--sentence-pause", "60000", "--rate", "450"]
        let wav = try TestSupport.narrate(["render", book.path, "-o", dir.appendingPathComponent("wav").path, "--format", "wav"] + options)
        #expect(wav.status == 64)
        #expect(wav.stderr.contains("a WAV file cannot hold more than 4 GiB"))

        let result = try pipeline("$NARRATE render '\(book.path)' -o - --format raw --json -q \(options.joined(separator: " ")) | wc -c", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))!
        let report = try TestSupport.report(Data(result.stderr.utf8))
        #expect(bytes > 1 << 32)
        #expect(bytes / 2 > Int(Int32.max))
        #expect(report.seconds.audio > 24 * 3600)
        #expect(abs(Double(bytes / 2) / 22050 - report.seconds.audio) < 0.01)
    }
}

/// `--sample-rate`: LAME resamples MP3, libsoxr everything else; lengths are kept.
@Suite(.tags(.large)) struct SampleRateTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")

    @Test(arguments: [("wav", 44100, 0.005), ("flac", 16000, 0.005), ("mp3", 48000, 0.05)])
    func resampledFilesKeepTheirLength(format: String, rate: Int, tolerance: Double) throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("book")
        let bitrate = format == "mp3" ? ["--bitrate", "128"] : []
        let result = try TestSupport.narrate(["render", sample.path, "-o", out.path, "--format", format, "--sample-rate", "\(rate)", "--chapters", "1", "-q"] + bitrate)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.audio.sampleRate == rate)
        let chapter = try #require(manifest.chapters.first)
        let probe = try TestSupport.ffprobe(out.appendingPathComponent(chapter.file))
        #expect(probe.sampleRate == rate)
        #expect(abs(probe.duration - chapter.duration) < tolerance, "\(probe.duration) vs \(chapter.duration)")
    }

    @Test func rawStreamAtAnotherRate() throws {
        let result = try TestSupport.narrate(["render", sample.path, "-o", "-", "--format", "raw", "--sample-rate", "48000", "--chapters", "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("48000 Hz"))
        let files = try TestSupport.narrate(["render", sample.path, "-o", try TestSupport.temporaryDirectory().path, "--chapters", "1", "--json", "-q"])
        let seconds = try TestSupport.report(files.stdout).seconds.audio
        #expect(abs(Double(result.stdout.count / 2) / 48000 - seconds) < 0.01)
    }
}
