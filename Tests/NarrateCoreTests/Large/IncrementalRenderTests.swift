import Foundation
import Testing
@testable import NarrateCore

/// The user's loop: render, listen, edit, render again. Re-runs cost only what changed.
@Suite(.tags(.large)) struct IncrementalRenderTests {
    let fast = ["--rate", "300", "--bitrate", "32", "--quality", "7", "--json", "--quiet"]

    func render(_ input: String, stdin: String? = nil, out: URL, cache: URL, _ extra: [String] = []) throws -> RunReport {
        let result = try TestSupport.narrate(
            ["render", input, "-o", out.path, "--cache", cache.path] + fast + extra, stdin: stdin.map { Data($0.utf8) })
        #expect(result.status == 0, "\(result.stderr)")
        return try TestSupport.report(result.stdout)
    }

    @Test func unchangedReRunSynthesizesAndEncodesNothing() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
        let cold = try render(sample, out: out, cache: cache)
        #expect(cold.segments.synthesized == cold.segments.total && cold.chapters.encoded == 3)
        let mtimes = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".mp3") }
            .map { try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent($0).path)[.modificationDate] as! Date }
        let warm = try render(sample, out: out, cache: cache)
        #expect(warm.segments.synthesized == 0)
        #expect(warm.segments.cached == warm.segments.total)
        #expect(warm.chapters.encoded == 0 && warm.chapters.reused == 3)
        #expect(warm.cacheHitRate == 1 && cold.cacheHitRate == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".mp3") }
            .map { try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent($0).path)[.modificationDate] as! Date }
        #expect(after == mtimes)
    }

    @Test func editingOneParagraphOfANovelResynthesizesOnlyItsSentences() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let original = try TestSupport.aliceOpening()
        let cold = try render("-", stdin: original, out: out, cache: cache)
        #expect(cold.chapters.total == 2)

        // Edit one paragraph of chapter II (two sentences).
        let edited = original.replacingOccurrences(of: "“Curiouser and curiouser!” cried Alice", with: "“Curiouser and ever curiouser!” cried Alice")
        #expect(edited != original)
        let before = try TestSupport.manifest(in: out)
        let warm = try render("-", stdin: edited, out: out, cache: cache)
        let after = try TestSupport.manifest(in: out)
        let changed = after.chapters[1].segments.filter { !Set(before.chapters[1].segments.map(\.key)).contains($0.key) }
        // Only the edited sentence is new, and it is the only one synthesized.
        #expect(changed.map(\.text) == ["“Curiouser and ever curiouser!” cried Alice (she was so much surprised, that for the moment she quite forgot how to speak good English); “now I’m opening out like the largest telescope that ever was!"])
        #expect(warm.segments.synthesized == changed.count)
        #expect(warm.segments.cached == warm.segments.total - changed.count)
        #expect(warm.chapters.encoded == 1 && warm.chapters.reused == 1)
        #expect(after.chapters[0] == before.chapters[0])
        #expect(after.chapters[1].segments.contains { $0.text.hasPrefix("“Curiouser and ever curiouser!”") })
    }

    @Test func theSameSentenceInTwoBooksIsSynthesizedOnce() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = dir.appendingPathComponent("c.sqlite")
        let shared = "The lamp was lit at dusk."
        let a = try render("-", stdin: "Book A\n\nChapter 1\n\n\(shared) Only in A.\n", out: dir.appendingPathComponent("a"), cache: cache)
        #expect(a.segments.synthesized == 3)
        let b = try render("-", stdin: "Book B\n\nChapter 1\n\nOnly in book two. \(shared)\n", out: dir.appendingPathComponent("b"), cache: cache)
        #expect(b.segments.total == 3)
        #expect(b.segments.cached == 2)  // "Chapter 1." and the shared sentence
        #expect(b.segments.synthesized == 1)
    }

    @Test func voiceChangesMissTheCacheButBitrateOnlyReEncodes() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let book = TestSupport.fixture("tiny.txt").path
        _ = try render(book, out: out, cache: cache)
        let rate = try render(book, out: out, cache: cache, ["--rate", "250"])
        #expect(rate.segments.synthesized == rate.segments.total && rate.chapters.encoded == 2)
        let voice = try render(book, out: out, cache: cache, ["--rate", "250", "--voice", "en-gb"])
        #expect(voice.segments.synthesized == voice.segments.total)
        let bitrate = try render(book, out: out, cache: cache, ["--rate", "250", "--voice", "en-gb", "--bitrate", "48"])
        #expect(bitrate.segments.synthesized == 0 && bitrate.segments.cached == bitrate.segments.total)
        #expect(bitrate.chapters.encoded == 2 && bitrate.chapters.reused == 0)
        let probe = try TestSupport.ffprobe(out.appendingPathComponent("01 - Chapter 1.mp3"))
        #expect(probe.duration > 1)
    }

    @Test func cachedAudioIsIdenticalToFreshlySynthesizedAudio() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = TestSupport.fixture("tiny.txt").path
        _ = try render(book, out: dir.appendingPathComponent("a"), cache: dir.appendingPathComponent("c.sqlite"))
        _ = try render(book, out: dir.appendingPathComponent("b"), cache: dir.appendingPathComponent("c.sqlite"))
        let fresh = try TestSupport.narrate(["render", book, "-o", dir.appendingPathComponent("n").path, "--no-cache"] + fast)
        #expect(fresh.status == 0)
        for name in ["01 - Chapter 1.mp3", "02 - Chapter 2.mp3"] {
            let cached = try SoundFile.read(dir.appendingPathComponent("b/\(name)")).samples
            let uncached = try SoundFile.read(dir.appendingPathComponent("n/\(name)")).samples
            #expect(cached.count == uncached.count)
            #expect(digest(cached) == digest(uncached))
        }
    }

    @Test func deletedOrTruncatedChapterFileIsRewritten() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let book = TestSupport.fixture("tiny.txt").path
        _ = try render(book, out: out, cache: cache)
        try FileManager.default.removeItem(at: out.appendingPathComponent("01 - Chapter 1.mp3"))
        let handle = try FileHandle(forWritingTo: out.appendingPathComponent("02 - Chapter 2.mp3"))
        try handle.truncate(atOffset: 100)
        try handle.close()
        let again = try render(book, out: out, cache: cache)
        #expect(again.chapters.encoded == 2 && again.segments.synthesized == 0)
        let manifest = try TestSupport.manifest(in: out)
        for chapter in manifest.chapters {
            #expect(abs(try SoundFile.read(out.appendingPathComponent(chapter.file)).duration - chapter.duration) < 0.05)
        }
    }

    @Test func renamedChapterReplacesItsOldFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        _ = try render("-", stdin: "Chapter 1: Old Name\n\nText here.\n\nChapter 2\n\nMore.\n", out: out, cache: cache)
        _ = try render("-", stdin: "Chapter 1: New Name\n\nText here.\n\nChapter 2\n\nMore.\n", out: out, cache: cache)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(files == ["01 - Chapter 1 New Name.mp3", "02 - Chapter 2.mp3", "manifest.json", "playlist.m3u8"])
    }

    @Test func twoRendersShareOneCacheAtOnce() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = dir.appendingPathComponent("c.sqlite")
        let text = try TestSupport.aliceOpening(upTo: "CHAPTER II.")
        try text.write(to: dir.appendingPathComponent("alice.txt"), atomically: true, encoding: .utf8)
        let processes = try (0..<3).map { i -> Process in
            let logs = dir.appendingPathComponent("logs\(i)")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            return try TestSupport.start(
                ["render", dir.appendingPathComponent("alice.txt").path, "-o", dir.appendingPathComponent("out\(i)").path,
                 "--cache", cache.path] + fast, logs: logs)
        }
        for (i, process) in processes.enumerated() {
            process.waitUntilExit()
            let stderr = try String(contentsOf: dir.appendingPathComponent("logs\(i)/stderr"), encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(stderr)")
            #expect(!stderr.contains("locked") && !stderr.contains("warning"), "\(stderr)")
        }
        let verify = try CacheMaintenance.verify(cache)
        #expect(verify.integrity == "ok" && verify.removed == 0)
        let reports = try (0..<3).map { try TestSupport.report(Data(contentsOf: dir.appendingPathComponent("logs\($0)/stdout"))) }
        #expect(verify.checked == reports[0].segments.total)
    }

    @Test func killDashNineLosesNoCommittedSegment() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        try TestSupport.aliceOpening().write(to: dir.appendingPathComponent("alice.txt"), atomically: true, encoding: .utf8)
        let arguments = ["render", dir.appendingPathComponent("alice.txt").path, "-o", out.path, "--cache", cache.path] + fast
        let process = try TestSupport.start(arguments, logs: dir)
        // Wait until some batches have committed, then kill without warning.
        var committed: Int64 = 0
        let deadline = Date().addingTimeInterval(60)
        while committed < 70, Date() < deadline, process.isRunning {
            usleep(20_000)
            committed = (try? SQLiteDatabase(path: cache.path, readOnly: true).query("SELECT COUNT(*) FROM segments").first?.first?.integer) ?? 0
        }
        #expect(process.isRunning, "the render finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let survived = try SQLiteDatabase(path: cache.path, readOnly: true).query("SELECT COUNT(*) FROM segments")[0][0].integer
        #expect(survived >= committed)
        // No file under a final name is incomplete: every MP3 there decodes fully.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] where name.hasSuffix(".mp3") {
            #expect(try SoundFile.read(out.appendingPathComponent(name)).duration > 60)
        }
        let resumed = try TestSupport.narrate(arguments)
        #expect(resumed.status == 0)
        let report = try TestSupport.report(resumed.stdout)
        let manifest = try TestSupport.manifest(in: out)
        let distinct = Set(manifest.chapters.flatMap { $0.segments.map(\.key) }).count
        #expect(report.segments.synthesized == distinct - Int(survived))
        #expect(report.segments.synthesized + report.segments.cached == report.segments.total)
        #expect(try CacheMaintenance.verify(cache).removed == 0)
    }

    @Test(arguments: ["garbage", "directory", "unwritable"])
    func unusableCacheWarnsAndRenderStillSucceeds(kind: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        var cache = dir.appendingPathComponent("c.sqlite")
        switch kind {
        case "garbage": try Data(repeating: 0x5A, count: 4096).write(to: cache)
        case "directory": try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        default: cache = URL(fileURLWithPath: "/proc/narrate-test/c.sqlite")
        }
        let result = try TestSupport.narrate(
            ["render", TestSupport.fixture("tiny.txt").path, "-o", dir.appendingPathComponent("out").path, "--cache", cache.path] + fast)
        #expect(result.status == 0)
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(cache.path) == true)
        #expect(try TestSupport.report(result.stdout).segments.synthesized == 5)
        if kind == "garbage" {
            // Not narrate's file: verify leaves it as it is (see CacheRecognitionTests for a damaged cache).
            let verify = try TestSupport.narrate(["cache", "verify", "--cache", cache.path])
            #expect(verify.status == 65 && verify.stderr.contains("not a narrate cache"))
            #expect(try Data(contentsOf: cache) == Data(repeating: 0x5A, count: 4096))
        }
    }

    @Test func cacheCommandsReportAndRepair() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = dir.appendingPathComponent("c.sqlite")
        _ = try render(TestSupport.fixture("tiny.txt").path, out: dir.appendingPathComponent("out"), cache: cache)
        let stats = try TestSupport.narrate(["cache", "stats", "--cache", cache.path, "--json"])
        #expect(stats.status == 0)
        let json = try JSONSerialization.jsonObject(with: stats.stdout) as! [String: Any]
        #expect(json["entries"] as? Int == 5)
        #expect((json["compressionRatio"] as? Double ?? 0) > 1.3)
        let prune = try TestSupport.narrate(["cache", "prune", "--cache", cache.path, "--max-size", "1"])
        #expect(prune.status == 0 && prune.stdoutText.contains("removed 5 segments"))
        let clear = try TestSupport.narrate(["cache", "clear", "--cache", cache.path])
        #expect(clear.status == 0)
        #expect(try CacheMaintenance.stats(cache).entries == 0)
        let bad = try TestSupport.narrate(["cache", "prune", "--cache", cache.path])
        #expect(bad.status == 64)
        let env = try TestSupport.run(TestSupport.narrate, ["cache", "stats", "--cache", dir.appendingPathComponent("none.sqlite").path])
        #expect(env.status == 66)
    }
}
