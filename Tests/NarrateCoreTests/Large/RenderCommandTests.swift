import Foundation
import Testing
@testable import NarrateCore

/// End-to-end: the built `narrate` binary on fixtures and real books; files, stdout, stderr, exit codes.
@Suite(.tags(.large)) struct RenderCommandTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")

    @Test func rendersTheSampleBookToTaggedChapterFiles() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("book")
        let result = try TestSupport.narrate(["render", sample.path, "-o", out.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("3 chapters"))

        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(files == [
            "01 - Chapter 1 The Last Lamp.mp3", "02 - Chapter 2 The Apprentice.mp3",
            "03 - Chapter 3 The Electric Men.mp3", "playlist.m3u8", "manifest.json",
        ])
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.title == "The Lamplighter of Harrow Street")
        #expect(manifest.author == "The Narrate Authors")
        #expect(manifest.language == "en")
        #expect(manifest.chapters.map(\.index) == [1, 2, 3])

        for chapter in manifest.chapters {
            let url = out.appendingPathComponent(chapter.file)
            // Decoded length equals what the manifest says the chapter holds.
            let decoded = try SoundFile.read(url)
            #expect(decoded.sampleRate == 22050 && decoded.channels == 1)
            #expect(abs(decoded.duration - chapter.duration) < 0.05, "\(chapter.file)")
            #expect(chapter.bytes == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int))
            // The chapter is the sum of its segments and pauses, plus the edge silence.
            let last = try #require(chapter.segments.last)
            #expect(abs(last.start + last.duration + last.pause + 0.5 - chapter.duration) < 0.002)
            #expect(zip(chapter.segments, chapter.segments.dropFirst()).allSatisfy {
                abs($0.start + $0.duration + $0.pause - $1.start) < 0.002
            })
            #expect(chapter.segments.first?.kind == "heading")
            #expect(chapter.segments.allSatisfy { $0.voice == "en-us" && $0.speaker == "narrator" && $0.duration > 0.1 })

            let probe = try TestSupport.ffprobe(url)
            #expect(probe.tags["title"] == chapter.title)
            #expect(probe.tags["album"] == "The Lamplighter of Harrow Street")
            #expect(probe.tags["artist"] == "The Narrate Authors")
            #expect(probe.tags["album_artist"] == "The Narrate Authors")
            #expect(probe.tags["track"] == "\(chapter.index)/3")
            #expect(probe.tags["genre"] == "Audiobook")
        }

        let playlist = try String(contentsOf: out.appendingPathComponent("playlist.m3u8"), encoding: .utf8)
        #expect(playlist.hasPrefix("#EXTM3U\n"))
        #expect(playlist.components(separatedBy: "#EXTINF:").count == 4)
        #expect(playlist.contains("#EXTINF:\(Int(manifest.chapters[0].duration.rounded())),The Narrate Authors - Chapter 1: The Last Lamp\n01 - Chapter 1 The Last Lamp.mp3\n"))
    }

    @Test func pausesBetweenSentencesAreSilentInTheDecodedAudio() throws {
        let out = try TestSupport.temporaryDirectory()
        let result = try TestSupport.narrate(["render", TestSupport.fixture("tiny.txt").path, "-o", out.path, "--sentence-pause", "800"])
        #expect(result.status == 0)
        let chapter = try TestSupport.manifest(in: out).chapters[0]
        let audio = try SoundFile.read(out.appendingPathComponent(chapter.file))
        let first = chapter.segments[1]  // "Hello there."
        let gapStart = Int((first.start + first.duration + 0.05) * 22050)
        let gapEnd = Int((first.start + first.duration + first.pause - 0.05) * 22050)
        #expect(first.pause == 0.8)
        let peak = audio.samples[gapStart..<gapEnd].map { abs(Int($0)) }.max() ?? 0
        #expect(peak < 300)  // MP3 coding noise only
        let speech = audio.samples[Int(first.start * 22050)..<Int((first.start + first.duration) * 22050)]
        #expect((speech.map { abs(Int($0)) }.max() ?? 0) > 3000)
    }

    @Test func readsTheManuscriptFromStandardInput() throws {
        let out = try TestSupport.temporaryDirectory()
        let text = try Data(contentsOf: TestSupport.fixture("tiny.txt"))
        let result = try TestSupport.narrate(["render", "-", "-o", out.path, "--json", "--quiet"], stdin: text)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let report = try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
        let segments = report["segments"] as! [String: Int]
        let chapters = report["chapters"] as! [String: Int]
        #expect(segments["total"] == 5 && segments["synthesized"] == 5 && segments["cached"] == 0)
        #expect(chapters["total"] == 2 && chapters["encoded"] == 2 && chapters["reused"] == 0)
        #expect((report["peakRSSBytes"] as! Int) > 1_000_000)
        #expect(((report["seconds"] as! [String: Double])["audio"] ?? 0) > 1)
        #expect(try TestSupport.manifest(in: out).title == "A Tiny Book")
    }

    @Test func defaultOutputFolderIsNamedAfterTheBook() throws {
        let cwd = try TestSupport.temporaryDirectory()
        let result = try TestSupport.narrate(["render", TestSupport.fixture("tiny.txt").path, "-q"], cwd: cwd)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("A Tiny Book/manifest.json").path))
    }

    @Test func rendersTheFirstChaptersOfARealNovel() throws {
        // Alice's Adventures in Wonderland up to the start of chapter III, through stdin.
        let full = try String(contentsOf: TestSupport.corpus("text/alice-in-wonderland_pg11.txt"), encoding: .utf8)
        let cut = try #require(full.range(of: "CHAPTER III.\nA Caucus-Race"))
        let out = try TestSupport.temporaryDirectory()
        let result = try TestSupport.narrate(
            ["render", "-", "-o", out.path, "--title", "Alice", "--author", "Lewis Carroll", "--rate", "260", "--bitrate", "32", "--quality", "7"],
            stdin: Data(full[..<cut.lowerBound].utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.chapters.map(\.title) == ["Chapter I: Down the Rabbit-Hole", "Chapter II: The Pool of Tears"])
        #expect(manifest.chapters[0].segments[1].text == "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations in it, “and what is the use of a book,” thought Alice “without pictures or conversations?”")
        for chapter in manifest.chapters {
            let probe = try TestSupport.ffprobe(out.appendingPathComponent(chapter.file))
            #expect(probe.duration > 300)  // more than five minutes of speech per chapter
            #expect(abs(probe.duration - chapter.duration) < 0.1)
            #expect(probe.tags["album"] == "Alice")
        }
    }

    @Test func planJSONHasTheManifestShapeWithoutTimings() throws {
        let result = try TestSupport.narrate(["plan", sample.path, "--json"])
        #expect(result.status == 0)
        let plan = try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
        #expect(plan["title"] as? String == "The Lamplighter of Harrow Street")
        let chapters = plan["chapters"] as! [[String: Any]]
        #expect(chapters.count == 3)
        #expect(chapters[0]["index"] as? Int == 1)
        #expect(chapters[0]["title"] as? String == "Chapter 1: The Last Lamp")
        #expect(chapters[0]["language"] as? String == "en")
        #expect((chapters[0]["words"] as? Int ?? 0) > 50)
        let segment = (chapters[0]["segments"] as! [[String: Any]])[1]
        #expect(segment["text"] as? String == "Every evening at dusk, old Tobias Wren climbed the iron ladder at the end of Harrow Street and lit the last lamp in the city.")
        #expect(segment["voice"] as? String == "en-us")
        #expect(segment["speaker"] as? String == "narrator")
        #expect(segment["start"] == nil)
    }

    @Test func planTextListsChaptersAndEstimate() throws {
        let result = try TestSupport.narrate(["plan", sample.path])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("3 chapters"))
        #expect(result.stdoutText.contains("1  Chapter 1: The Last Lamp"))
    }

    @Test func helpAndVersion() throws {
        let version = try TestSupport.narrate(["--version"])
        #expect(version.status == 0 && version.stdoutText == "\(NarrateVersion.string)\n")
        let help = try TestSupport.narrate(["render", "--help"])
        #expect(help.status == 0 && help.stdoutText.contains("--bitrate"))
        #expect(try TestSupport.narrate(["--help"]).stdoutText.contains("plan"))
    }
}

/// Bad input: one clear line naming the file and the fix, a sysexits code, nothing half-written.
@Suite(.tags(.large)) struct BadInputTests {
    func expectFailure(_ arguments: [String], stdin: Data? = nil, status: Int32, mentions: String) throws {
        let result = try TestSupport.narrate(arguments, stdin: stdin)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingInputExits66() throws {
        try expectFailure(["render", "/nonexistent/book.txt", "-o", "/tmp/x"], status: 66, mentions: "/nonexistent/book.txt: no such file")
    }

    @Test func directoryInputExits66() throws {
        try expectFailure(["render", "/tmp"], status: 66, mentions: "it is a directory")
    }

    @Test func emptyAndWhitespaceInputExit65() throws {
        let dir = try TestSupport.temporaryDirectory()
        let empty = dir.appendingPathComponent("empty.txt")
        let blank = dir.appendingPathComponent("blank.txt")
        try Data().write(to: empty)
        try Data(" \n\n\t \n".utf8).write(to: blank)
        try expectFailure(["render", empty.path, "-o", dir.appendingPathComponent("o").path], status: 65, mentions: "empty.txt: the manuscript is empty")
        try expectFailure(["plan", blank.path], status: 65, mentions: "blank.txt")
        try expectFailure(["render", "-", "-o", dir.appendingPathComponent("o").path], stdin: Data(), status: 65, mentions: "standard input")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
    }

    @Test func binaryInputExits65() throws {
        try expectFailure(["render", TestSupport.corpus("epub-bad/jpeg-with-epub-extension.epub").path, "-o", "/tmp/x"],
                          status: 65, mentions: "JPEG image")
    }

    @Test func unwritableOutputExits73() throws {
        let dir = try TestSupport.temporaryDirectory()
        let file = dir.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        try expectFailure(["render", TestSupport.fixture("tiny.txt").path, "-o", file.appendingPathComponent("out").path],
                          status: 73, mentions: "cannot create the output folder")
    }

    @Test func unknownVoiceExits64() throws {
        try expectFailure(["render", TestSupport.fixture("tiny.txt").path, "--voice", "xx-nope", "-o", "/tmp/x"],
                          status: 64, mentions: "unknown voice 'xx-nope'")
    }

    @Test func outOfRangeOptionsExit64() throws {
        try expectFailure(["render", "x.txt", "--rate", "5000"], status: 64, mentions: "--rate must be 80–450")
        try expectFailure(["render", "x.txt", "--bitrate", "65"], status: 64, mentions: "--bitrate must be one of")
    }

    @Test func windows1252InputWarnsOnceAndRenders() throws {
        let dir = try TestSupport.temporaryDirectory()
        let file = dir.appendingPathComponent("legacy.txt")
        try Data(Array("Chapter 1\r\n\r\nThe caf".utf8) + [0xE9] + Array(" was open. \u{93}Yes,\u{94} she said.\r\n".utf8).map { $0 }).write(to: file)
        let result = try TestSupport.narrate(["plan", file.path, "--json"])
        #expect(result.status == 0)
        #expect(result.stderr.components(separatedBy: "\n").filter { $0.contains("warning") }.count == 1)
        #expect(result.stderr.contains("legacy.txt: not valid UTF-8"))
        #expect(result.stdoutText.contains("The café was open."))
    }

    /// A segment that keeps failing (its synthesis process crashes, is retried once and crashes
    /// again) is reported with its place; its chapter is not written, everything else is, exit 1.
    @Test func failedSegmentSkipsOnlyItsChapter() throws {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let cache = dir.appendingPathComponent("c.sqlite")
        let text = "Chapter 1\n\nAll is well here.\n\nChapter 2\n\nThis one breaks. But this one is fine.\n\nChapter 3\n\nAlso well.\n"
        try text.write(to: dir.appendingPathComponent("book.txt"), atomically: true, encoding: .utf8)
        let process = try TestSupport.start(
            ["render", dir.appendingPathComponent("book.txt").path, "-o", out.path, "--cache", cache.path, "--json", "--jobs", "2"],
            environment: ["NARRATE_TEST_FAULT": "crash:breaks"], logs: dir)
        process.waitUntilExit()
        let stderr = try String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("chapter 2, paragraph 1 (\"This one breaks.\")"))
        #expect(stderr.contains("killed by signal"))
        let report = try TestSupport.report(Data(contentsOf: dir.appendingPathComponent("stdout")))
        #expect(report.segments.failed == 1)
        #expect(report.chapters.encoded == 2)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(files == ["01 - Chapter 1.mp3", "03 - Chapter 3.mp3", "manifest.json", "playlist.m3u8"])
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.chapters.map(\.index) == [1, 3])
        // The failing chapter's other segments were still synthesized and cached.
        let rerun = try TestSupport.narrate(["render", dir.appendingPathComponent("book.txt").path, "-o", out.path, "--cache", cache.path, "--json", "-q"])
        #expect(rerun.status == 0)
        let second = try TestSupport.report(rerun.stdout)
        #expect(second.segments.synthesized == 1 && second.chapters.encoded == 1 && second.chapters.reused == 2)
    }
}
