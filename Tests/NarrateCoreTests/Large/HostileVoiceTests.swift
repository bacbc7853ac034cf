import Foundation
import Testing
@testable import NarrateCore

/// Synthesis workers, voices and lexicons under hostile conditions (issue #14): workers killed
/// from outside or crashing, text with nothing to say, unknown variants, lexicon rules that grow
/// or never finish. Runs the built binary.
@Suite(.tags(.large)) struct HostileVoiceTests {
    /// Four chapters of distinct sentences, long enough that a render is still synthesizing a
    /// moment after its workers start.
    static func longBook(chapters: Int = 4, sentences: Int = 60) -> String {
        (1...chapters).map { chapter in
            "Chapter \(chapter)\n\n" + (1...sentences).map { "Sentence \($0) of chapter \(chapter) tells of lamps and harbours." }
                .joined(separator: " ")
        }.joined(separator: "\n\n") + "\n"
    }

    @Test func killingOneSynthesisWorkerStillWritesTheWholeBook() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("long.txt")
        try Self.longBook().write(to: book, atomically: true, encoding: .utf8)
        let options = ["--no-cache", "--jobs", "2", "--rate", "400", "--bitrate", "32", "--quality", "9", "-q"]
        let reference = dir.appendingPathComponent("reference")
        #expect(try TestSupport.narrate(["render", book.path, "-o", reference.path] + options).status == 0)

        let out = dir.appendingPathComponent("out")
        let process = try TestSupport.start(["render", book.path, "-o", out.path, "--json"] + options, logs: dir)
        // Wait for a worker (a child of narrate), let it work a little, then kill -9 it.
        var victim: pid_t?
        while process.isRunning, victim == nil {
            usleep(20_000)
            let children = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-P", "\(process.processIdentifier)"])
            victim = children.stdoutText.split(separator: "\n").first.flatMap { pid_t($0) }
        }
        usleep(300_000)
        let killedWhileRunning = process.isRunning
        #expect(victim.map { kill($0, SIGKILL) } == 0)
        process.waitUntilExit()
        #expect(killedWhileRunning, "the render ended before a worker could be killed; make the book longer")

        let stderr = try String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(stderr)")
        let report = try TestSupport.report(Data(contentsOf: dir.appendingPathComponent("stdout")))
        #expect(report.segments.failed == 0)
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.chapters.count == 4)
        for chapter in manifest.chapters {
            let audio = try SoundFile.read(out.appendingPathComponent(chapter.file)).samples
            let expected = try SoundFile.read(reference.appendingPathComponent(chapter.file)).samples
            #expect(audio == expected, "chapter \(chapter.index)")
        }
        #expect(try TestSupport.processesMentioning(out.path).isEmpty, "a synthesis worker outlived narrate")
    }

    @Test func aCrashedSynthesisIsOneLineNotABacktrace() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "Chapter 1\n\nFine words.\n\nThis one crashes.\n".write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let process = try TestSupport.start(
            ["render", dir.appendingPathComponent("b.txt").path, "-o", dir.appendingPathComponent("out").path, "--no-cache"],
            environment: ["NARRATE_TEST_FAULT": "crash:crashes"], logs: dir)
        process.waitUntilExit()
        let stderr = try String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("chapter 1, paragraph 2 (\"This one crashes.\"): synthesis failed: the synthesis process was killed by signal 6"))
        #expect(!stderr.contains("Backtrac") && !stderr.contains("crashed"), "\(stderr)")
        // The run summary, the error and the segment: nothing else.
        #expect(stderr.split(separator: "\n").count == 3, "\(stderr)")
    }

    /// Javanese script: espeak-ng's English voice gives no audio for it. The paragraph is
    /// skipped with one warning; the chapter is written, also from the cache.
    @Test func aParagraphTheVoiceCannotSayIsSkippedWithOneWarning() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("b.txt")
        try "Chapter 1\n\nFine words.\n\nꦲꦏ꧀ꦱꦫ ꦗꦮ\n\nThe end.\n".write(to: book, atomically: true, encoding: .utf8)
        // The second run, into another folder, takes the rest from the cache and warns again.
        for run in 1...2 {
            let out = dir.appendingPathComponent("out\(run)")
            let result = try TestSupport.narrate(["render", book.path, "-o", out.path, "--cache", dir.appendingPathComponent("c.sqlite").path,
                                                  "--captions", "vtt", "--json"])
            #expect(result.status == 0, "run \(run): \(result.stderr)")
            let warnings = result.stderr.split(separator: "\n").filter { $0.contains("nothing to say") }
            #expect(warnings.count == 1, "run \(run): \(result.stderr)")
            #expect(warnings.first?.hasPrefix("narrate: warning: chapter 1, paragraph 2 (\"ꦲꦏ꧀ꦱꦫ ꦗꦮ\")") == true)
            let report = try TestSupport.report(result.stdout)
            #expect(report.segments.failed == 0 && report.segments.total == 4)
            let manifest = try TestSupport.manifest(in: out)
            #expect(manifest.chapters.count == 1)
            let audio = try SoundFile.read(out.appendingPathComponent(manifest.chapters[0].file))
            #expect(audio.duration > 1)
        }
    }

    @Test(arguments: ["en-gb+m33", "en-gb+zzz", "en-gb+../../../../etc/passwd", "en-gb+", "../../../../etc/passwd"])
    func anUnknownVariantOnTheCommandLineIsAUsageError(voice: String) throws {
        let result = try TestSupport.narrate(["plan", TestSupport.fixture("tiny.txt").path, "--voice", voice])
        #expect(result.status == 64)
        #expect(result.stderr == "narrate: error: unknown voice '\(voice)'; run 'narrate voices' to list voices and variants (e.g. en-us, en-gb, en+f3)\n")
    }

    @Test func anUnknownVariantInACastFileNamesItsLine() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cast = dir.appendingPathComponent("cast.yaml")
        for (variant, line) in [("zzz", 7), ("../../../../etc/passwd", 7), ("M3", 7)] {
            try "narrator:\n  voice: en-gb\ncharacters:\n  darcy:\n    names: [Darcy]\n    voice: en-gb\n    variant: \(variant)\n"
                .write(to: cast, atomically: true, encoding: .utf8)
            let result = try TestSupport.narrate(["plan", TestSupport.fixture("tiny.txt").path, "--voices", cast.path])
            #expect(result.status == 65)
            #expect(result.stderr.hasPrefix("narrate: error: \(cast.path):\(line): unknown voice 'en-gb+\(variant)'"), "\(result.stderr)")
        }
        // The listed variants still work, with voice and variant on one line or two.
        try "narrator:\n  voice: en-gb+m3\ndialogue:\n  variant: Alex\n".write(to: cast, atomically: true, encoding: .utf8)
        #expect(try TestSupport.narrate(["plan", TestSupport.fixture("tiny.txt").path, "--voices", cast.path]).status == 0)
    }

    @Test(arguments: ["…", "?", "..", "* * *"])
    func sayingOnlyPunctuationIsAUsageError(text: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestSupport.narrate(["say", text, "-o", dir.appendingPathComponent("x.wav").path])
        #expect(result.status == 64)
        #expect(result.stderr == "narrate: error: nothing to say; give some words\n")
    }

    /// A cast or lexicon that is a device, a folder or far too large says what it is, in one
    /// line; a FIFO (`<(…)`) is read like a file.
    @Test func castAndLexiconFilesThatAreNotFilesSayWhatTheyAre() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
        let zero = try TestSupport.narrate(["plan", book, "--voices", "/dev/zero"])
        #expect(zero.status == 65)
        #expect(zero.stderr == "narrate: error: /dev/zero: this is a binary file, not a cast file\n")
        let folder = try TestSupport.narrate(["plan", book, "--lexicon", dir.path])
        #expect(folder.status == 74)
        #expect(folder.stderr.contains("is a folder, not a lexicon file"))
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: UInt8(ascii: "a"), count: (16 << 20) + 1).write(to: big)
        let tooBig = try TestSupport.narrate(["plan", book, "--lexicon", big.path])
        #expect(tooBig.status == 65)
        #expect(tooBig.stderr.contains("larger than 16 MiB"))

        let fifo = dir.appendingPathComponent("lexicon.fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo.path)
            handle?.write(Data("say:\n  Harrow: Harrow-on-the-Hill\n".utf8))
            try? handle?.close()
        }
        writer.start()
        let fromFIFO = try TestSupport.narrate(["plan", book, "--lexicon", fifo.path, "--segments"])
        #expect(fromFIFO.status == 0)
        #expect(fromFIFO.stdoutText.contains("Harrow-on-the-Hill"))
    }
}
