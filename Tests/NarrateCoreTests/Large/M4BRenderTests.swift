import Foundation
import Testing
@testable import NarrateCore

/// `--format m4b` and `--format m4a` end to end, read back with tools no one here wrote: ffprobe
/// and ffmpeg (chapters, streams, decoded length), mutagen (MP4 tags, cover, chapters) and
/// AtomicParsley (the atoms).
@Suite(.tags(.large)) struct M4BRenderTests {
    /// One AAC frame at the engine's rate: how far a chapter mark may be from the manifest's.
    static let aacFrame = 1024.0 / 22050

    /// A German EPUB with a cover, a French chapter title and a publication date.
    func germanBook(in directory: URL) throws -> URL {
        try EPUBFixture.write([
            ("META-INF/container.xml", Array(EPUBFixture.container.utf8)),
            ("OEBPS/content.opf", Array(EPUBFixture.opf(
                spine: [("a", "a.xhtml", true), ("b", "b.xhtml", true)],
                extraItems: "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"
                    + "<item id=\"cover\" href=\"cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\"/>",
                metadata: "<dc:date>1915-10-01</dc:date><dc:description>Eine Geschichte über Größe.</dc:description>")
                .replacingOccurrences(of: "<dc:title>Fixture Book</dc:title>", with: "<dc:title>Die Verwandlung – Straße</dc:title>")
                .replacingOccurrences(of: "<dc:language>en</dc:language>", with: "<dc:language>de</dc:language>").utf8)),
            ("OEBPS/nav.xhtml", Array(EPUBFixture.nav([("Erstes Kapitel: Übermut", "a.xhtml"), ("Chapitre deux : l’été", "b.xhtml")]).utf8)),
            ("OEBPS/a.xhtml", Array(EPUBFixture.xhtml(
                "<h1>Erstes Kapitel: Übermut</h1><p>Als Gregor eines Morgens aus unruhigen Träumen erwachte, fand er sich verwandelt.</p>",
                lang: "de").utf8)),
            ("OEBPS/b.xhtml", Array(EPUBFixture.xhtml(
                "<h1>Chapitre deux : l’été</h1><p>Er lag auf seinem panzerartig harten Rücken und sah seinen gewölbten Bauch.</p>",
                lang: "de").utf8)),
            ("OEBPS/cover.jpg", try EPUBRenderTests.mobyDickCover()),
        ], to: directory)
    }

    /// The chapter starts and the total length, in seconds, from a manifest.
    func starts(_ manifest: Manifest) -> [Double] {
        manifest.chapters.reduce(into: [0.0]) { $0.append($0.last! + Double($1.samples) / 22050) }
    }

    func json(_ result: TestSupport.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    }

    /// Seconds of audio ffmpeg decodes from the file (edit list applied).
    func decodedSeconds(_ url: URL, rate: Int = 22050) throws -> Double {
        let decoded = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"),
                                          ["-v", "error", "-i", url.path, "-map", "0:a", "-f", "s16le", "-ac", "1", "-ar", "\(rate)", "-"])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        return Double(decoded.stdout.count / 2) / Double(rate)
    }

    func python(_ script: String, _ arguments: [String]) throws -> [String] {
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    /// FFmpeg is loaded with dlopen for M4B and M4A only: an MP3 run does not map it (the
    /// dynamic loader's own log says which libraries a process loads).
    @Test func ffmpegIsLoadedOnlyForM4BAndM4A() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func loadsFFmpeg(_ output: String) throws -> Bool {
            let result = try TestSupport.run(TestSupport.narrate, ["say", "Hello there.", "-o", directory.appendingPathComponent(output).path],
                                             environment: ["LD_DEBUG": "files"])
            #expect(result.status == 0, "\(result.stderr.suffix(500))")
            return result.stderr.contains("libavformat.so")
        }
        #expect(try !loadsFFmpeg("hello.mp3"))
        #expect(try !loadsFFmpeg("hello.flac"))
        #expect(try loadsFFmpeg("hello.m4b"))
        #expect(try TestSupport.ffprobe(directory.appendingPathComponent("hello.m4b")).duration > 0.3)
    }

    @Test func germanEPUBBecomesAnM4BWithChaptersTagsAndCover() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try germanBook(in: dir)
        let m4b = dir.appendingPathComponent("out/buch.m4b")
        let result = try TestSupport.narrate(["render", book.path, "--format", "m4b", "-o", m4b.path, "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: m4b.deletingLastPathComponent().path) == ["buch.m4b"])
        // The same book as WAV chapter files: its manifest says where each chapter starts.
        let wav = try TestSupport.narrate(["render", book.path, "--format", "wav", "-o", dir.appendingPathComponent("wav").path, "-q"])
        #expect(wav.status == 0)
        let starts = starts(try TestSupport.manifest(in: dir.appendingPathComponent("wav")))
        let titles = ["Erstes Kapitel: Übermut", "Chapitre deux : l’été"]

        // ffprobe: AAC-LC mono at the engine's rate, the chapters' titles (UTF-8) and times.
        let probe = try json(TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
            "-v", "error", "-show_chapters", "-show_streams", "-show_format", "-of", "json", m4b.path,
        ]))
        let audio = try #require((probe["streams"] as? [[String: Any]])?.first { $0["codec_type"] as? String == "audio" })
        #expect(audio["codec_name"] as? String == "aac" && audio["profile"] as? String == "LC")
        #expect(audio["sample_rate"] as? String == "22050" && audio["channels"] as? Int == 1)
        let chapters = try #require(probe["chapters"] as? [[String: Any]])
        #expect(chapters.compactMap { ($0["tags"] as? [String: String])?["title"] } == titles)
        for (index, chapter) in chapters.enumerated() {
            #expect(abs(Double(chapter["start_time"] as! String)! - starts[index]) <= Self.aacFrame)
            #expect(abs(Double(chapter["end_time"] as! String)! - starts[index + 1]) <= Self.aacFrame)
        }
        let format = try #require(probe["format"] as? [String: Any])
        let tags = try #require(format["tags"] as? [String: String])
        #expect(tags["major_brand"]?.hasPrefix("M4B") == true)
        #expect(tags["title"] == "Die Verwandlung – Straße" && tags["album"] == "Die Verwandlung – Straße")

        // ffmpeg decodes as much audio as the manifest says, within 50 ms.
        #expect(abs(try decodedSeconds(m4b) - starts.last!) < 0.05)

        // mutagen: the iTunes tags, the cover and the (Nero) chapters.
        let script = """
            import sys, mutagen.mp4
            f = mutagen.mp4.MP4(sys.argv[1])
            t = f.tags
            for key in ['\\xa9nam', '\\xa9alb', '\\xa9ART', 'aART', '\\xa9gen', '\\xa9day', 'desc']: print(key, '=', t[key][0])
            print('stik =', t['stik'][0])
            print('covr =', len(t['covr']), t['covr'][0].imageformat == mutagen.mp4.MP4Cover.FORMAT_JPEG, len(bytes(t['covr'][0])))
            for c in f.chapters: print('chapter =', '%.3f' % c.start, c.title)
            """
        let lines = try python(script, [m4b.path])
        #expect(lines.contains("©nam = Die Verwandlung – Straße"))
        #expect(lines.contains("©alb = Die Verwandlung – Straße"))
        #expect(lines.contains("©ART = Ada Author") && lines.contains("aART = Ada Author"))
        #expect(lines.contains("©gen = Audiobook") && lines.contains("©day = 1915"))
        #expect(lines.contains("desc = Eine Geschichte über Größe."))
        #expect(lines.contains("stik = 2"))
        #expect(lines.contains("covr = 1 True \(try EPUBRenderTests.mobyDickCover().count)"))
        let marks = lines.filter { $0.hasPrefix("chapter = ") }.map { $0.dropFirst(10).split(separator: " ", maxSplits: 1) }
        #expect(marks.map { String($0[1]) } == titles)
        for (index, mark) in marks.enumerated() { #expect(abs(Double(mark[0])! - starts[index]) <= Self.aacFrame) }

        // AtomicParsley: the index (moov) before the audio (mdat), the QuickTime chapter track
        // referenced from the audio track (tref/chap), the Nero chapter list, the audiobook kind.
        let tree = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/AtomicParsley"), [m4b.path, "-T"]).stdoutText
        let atoms = tree.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])) }
            .filter { $0.hasPrefix("Atom ") }.map { String($0.dropFirst(5).prefix(4)) }
        #expect(try #require(atoms.firstIndex(of: "moov")) < (try #require(atoms.firstIndex(of: "mdat"))))
        #expect(atoms.contains("chap") && atoms.contains("chpl") && atoms.contains("text"))
        let atomTags = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/AtomicParsley"), [m4b.path, "-t"]).stdoutText
        #expect(atomTags.contains("Atom \"stik\" contains: Audiobook"))
        #expect(atomTags.contains("Atom \"covr\" contains: 1 piece of artwork"))

        // narrate check reads it and says which rules apply.
        let check = try TestSupport.narrate(["check", m4b.path])
        #expect(check.status == 0, "\(check.stdoutText)")
        #expect(check.stdoutText.contains("ACX's rules"))
        #expect(check.stdoutText.contains("chapters           2 (2 titled)"))
        #expect(check.stdoutText.contains("media kind         audiobook"))
    }

    @Test func unchangedBookKeepsItsM4BAndAChangeRemakesIt() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("book.txt")
        try "Chapter 1\n\nThe lamp was lit.\n\nChapter 2\n\nThe lamp went out.\n".write(to: book, atomically: true, encoding: .utf8)
        let m4b = dir.appendingPathComponent("book.m4b")
        let arguments = ["render", book.path, "--format", "m4b", "-o", m4b.path, "--cache", dir.appendingPathComponent("c.sqlite").path, "--json", "-q"]
        let first = try TestSupport.report(try TestSupport.narrate(arguments).stdout)
        #expect(first.chapters.encoded == 2 && first.segments.synthesized > 0)
        let inode = try FileManager.default.attributesOfItem(atPath: m4b.path)[.systemFileNumber] as? Int

        let again = try TestSupport.report(try TestSupport.narrate(arguments).stdout)
        #expect(again.chapters.encoded == 0 && again.chapters.reused == 2)
        #expect(abs(again.seconds.audio - first.seconds.audio) < 0.05)
        #expect(try FileManager.default.attributesOfItem(atPath: m4b.path)[.systemFileNumber] as? Int == inode)

        // Another bitrate is another file: encoded again, from the cache.
        let changed = try TestSupport.report(try TestSupport.narrate(arguments + ["--bitrate", "48"]).stdout)
        #expect(changed.chapters.encoded == 2 && changed.segments.synthesized == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: m4b.path)[.systemFileNumber] as? Int != inode)
    }

    @Test func twoHundredChaptersKeepTheirTitlesOrderAndTimes() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("many.txt")
        try (1...200).map { "Chapter \($0)\n\nPage \($0) was short.\n" }.joined(separator: "\n").write(to: book, atomically: true, encoding: .utf8)
        let m4b = dir.appendingPathComponent("many.m4b")
        let result = try TestSupport.narrate(["render", book.path, "--format", "m4b", "-o", m4b.path, "--chapter-edge", "100", "--json", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let audioSeconds = try TestSupport.report(result.stdout).seconds.audio

        let probe = try json(TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), ["-v", "error", "-show_chapters", "-of", "json", m4b.path]))
        let chapters = try #require(probe["chapters"] as? [[String: Any]])
        #expect(chapters.count == 200)
        #expect(chapters.compactMap { ($0["tags"] as? [String: String])?["title"] } == (1...200).map { "Chapter \($0)" })
        let times = chapters.map { (Double($0["start_time"] as! String)!, Double($0["end_time"] as! String)!) }
        #expect(times.first?.0 == 0)
        #expect(zip(times, times.dropFirst()).allSatisfy { abs($0.1 - $1.0) < 0.002 && $1.0 > $0.0 })
        #expect(abs(times.last!.1 - audioSeconds) <= Self.aacFrame)
        #expect(abs(try decodedSeconds(m4b) - audioSeconds) < 0.05)
        let lines = try python("import sys, mutagen.mp4\nprint(len(mutagen.mp4.MP4(sys.argv[1]).chapters))", [m4b.path])
        #expect(lines == ["200"])
    }

    @Test func m4aChapterFilesAndM4BInTheAudiobookshelfLayout() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try EPUBRenderTests().fixture(in: dir)

        // One M4A per chapter, at the asked rate and bitrate, tagged with its track.
        let files = dir.appendingPathComponent("files")
        let m4a = try TestSupport.narrate(["render", book.path, "--format", "m4a", "-o", files.path, "--sample-rate", "44100", "--bitrate", "96", "-q"])
        #expect(m4a.status == 0, "\(m4a.stderr)")
        let manifest = try TestSupport.manifest(in: files)
        #expect(manifest.chapters.map(\.file) == ["01 - The First.m4a", "02 - The Second.m4a"])
        #expect(manifest.audio.codec == "m4a" && manifest.audio.sampleRate == 44100)
        let second = files.appendingPathComponent(manifest.chapters[1].file)
        let probe = try TestSupport.ffprobe(second)
        #expect(probe.codec == "aac" && probe.sampleRate == 44100 && probe.channels == 1)
        #expect(probe.tags["track"] == "2/2" && probe.tags["title"] == "The Second" && probe.tags["album"] == "Fixture Book")
        #expect(probe.tags["major_brand"]?.hasPrefix("M4A") == true)
        #expect(abs(try decodedSeconds(second, rate: 44100) - manifest.chapters[1].duration) < 0.05)
        // 96 kbit/s: the audio track holds about that many bits a second (FFmpeg's encoder runs a little over).
        let rate = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
            "-v", "error", "-select_streams", "a", "-show_entries", "stream=bit_rate", "-of", "csv=p=0", second.path,
        ])
        let bits = try #require(Int(rate.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)), "\(rate.stdoutText)")
        #expect(bits > 80_000 && bits < 120_000)

        // --chapters re-renders one chapter file and keeps the others (their files and manifest entries).
        let again = try TestSupport.narrate(["render", book.path, "--format", "m4a", "-o", files.path, "--sample-rate", "44100", "--bitrate", "96",
                                             "--chapters", "2", "-q"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try TestSupport.manifest(in: files).chapters.map(\.file) == ["01 - The First.m4a", "02 - The Second.m4a"])
        #expect(FileManager.default.fileExists(atPath: files.appendingPathComponent("01 - The First.m4a").path))

        // The M4B goes into Author/Title/ with the cover, description and reader files beside it.
        let library = dir.appendingPathComponent("library")
        let m4b = try TestSupport.narrate(["render", book.path, "--format", "m4b", "--layout", "audiobookshelf", "-o", library.path, "-q"])
        #expect(m4b.status == 0, "\(m4b.stderr)")
        let folder = library.appendingPathComponent("Ada Author/Fixture Book")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["Fixture Book.m4b", "cover.jpg", "reader.txt"])
        let chapters = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
            "-v", "error", "-show_entries", "chapter_tags=title", "-of", "csv=p=0", folder.appendingPathComponent("Fixture Book.m4b").path,
        ])
        #expect(chapters.stdoutText.split(separator: "\n") == ["The First", "The Second"])
    }

    @Test(arguments: [
        ["--format", "m4b", "-o", "-"], ["--format", "m4a", "-o", "-"], ["--format", "m4b", "--single-file"],
        ["--format", "m4b", "--bitrate", "160"], ["--format", "m4b", "--preset", "acx"],
    ])
    func impossibleM4BRequestsAreOneLineUsageErrors(arguments: [String]) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")
        let result = try TestSupport.narrate(["render", sample.path] + arguments, cwd: dir)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        if arguments.contains("-") {
            let error = result.stderr.split(separator: "\n").first { $0.contains("error:") }
            #expect(error?.contains("--format mp3") == true && error?.contains("--format wav") == true, "\(result.stderr)")
        }
    }
}
