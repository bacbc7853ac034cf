import Foundation
import Testing
@testable import NarrateCore

/// Determinism, hung synthesis and interrupts, on the built binary.
@Suite(.tags(.large)) struct ReliabilityTests {
    @Test func samplesAreIdenticalWhateverJobs() throws {
        let dir = try TestSupport.temporaryDirectory()
        let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
        for jobs in ["1", "2", "3"] {
            let result = try TestSupport.narrate(["render", sample, "-o", dir.appendingPathComponent("j\(jobs)").path, "--no-cache", "--jobs", jobs, "-q"])
            #expect(result.status == 0)
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: dir.appendingPathComponent("j1/manifest.json")))
        for chapter in manifest.chapters {
            let reference = try SoundFile.read(dir.appendingPathComponent("j1/\(chapter.file)")).samples
            #expect(reference.count == chapter.samples)
            for jobs in ["2", "3"] {
                let other = try SoundFile.read(dir.appendingPathComponent("j\(jobs)/\(chapter.file)")).samples
                #expect(digest(other) == digest(reference), "chapter \(chapter.index) with --jobs \(jobs)")
            }
        }
        let other = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: dir.appendingPathComponent("j3/manifest.json")))
        #expect(other.chapters.map(\.segments) == manifest.chapters.map(\.segments))
    }

    /// kill -9 at several points (early, mid-synthesis, while chapter files are being encoded),
    /// resuming each time: the finished book is sample-for-sample the uninterrupted one, and no
    /// file under a final name was ever incomplete.
    @Test func repeatedKillsThenResumeGiveTheUninterruptedAudio() throws {
        let dir = try TestSupport.temporaryDirectory()
        try TestSupport.aliceOpening().write(to: dir.appendingPathComponent("alice.txt"), atomically: true, encoding: .utf8)
        let options = ["--rate", "320", "--bitrate", "32", "--quality", "9", "--jobs", "2", "-q"]
        let reference = dir.appendingPathComponent("reference")
        #expect(try TestSupport.narrate(["render", dir.appendingPathComponent("alice.txt").path, "-o", reference.path, "--no-cache"] + options).status == 0)

        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let arguments = ["render", dir.appendingPathComponent("alice.txt").path, "-o", out.path, "--cache", cache.path] + options
        for (attempt, delay) in [0.4, 1.5, 3.0].enumerated() {
            let logs = dir.appendingPathComponent("kill\(attempt)")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            let process = try TestSupport.start(arguments, logs: logs)
            let deadline = Date().addingTimeInterval(delay)
            while Date() < deadline, process.isRunning {
                usleep(10_000)
                // Every file under its final name decodes completely at every moment.
                for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] where name.hasSuffix(".mp3") {
                    let audio = try SoundFile.read(out.appendingPathComponent(name))
                    #expect(audio.duration > 60, "\(name) was visible incomplete")
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try TestSupport.processesMentioning(out.path).isEmpty, "a synthesis worker outlived kill -9")
        }
        #expect(try TestSupport.narrate(arguments).status == 0)
        let manifest = try TestSupport.manifest(in: out)
        for chapter in manifest.chapters {
            let resumed = try SoundFile.read(out.appendingPathComponent(chapter.file)).samples
            let uninterrupted = try SoundFile.read(reference.appendingPathComponent(chapter.file)).samples
            #expect(resumed.count == uninterrupted.count)
            #expect(digest(resumed) == digest(uninterrupted), "chapter \(chapter.index)")
        }
        #expect(try CacheMaintenance.verify(cache).removed == 0)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: out.path)).contains { $0.hasSuffix(".partial") })
    }

    /// SIGKILL inside a cache transaction (rows written, not committed): the cache holds exactly
    /// the earlier batches, verifies clean, and the resumed run synthesizes only what is missing.
    @Test func killInsideACacheTransactionLosesOnlyThatBatch() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = dir.appendingPathComponent("alice.txt")
        try TestSupport.aliceOpening(upTo: "CHAPTER II.\nThe Pool of Tears").write(to: book, atomically: true, encoding: .utf8)
        let cache = dir.appendingPathComponent("c.sqlite")
        let arguments = ["render", book.path, "-o", dir.appendingPathComponent("out").path, "--cache", cache.path,
                         "--rate", "320", "--bitrate", "32", "--quality", "9", "--jobs", "2", "-q"]
        let process = try TestSupport.start(arguments, environment: ["NARRATE_TEST_FAULT": "kill-in-cache-write:2"], logs: dir)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

        let committedKeys = Set(try SQLiteDatabase(path: cache.path, readOnly: true).query("SELECT key FROM segments").compactMap { $0[0].text })
        #expect(!committedKeys.isEmpty)
        #expect(try CacheMaintenance.verify(cache).removed == 0)
        let resumed = try TestSupport.narrate(arguments + ["--json"])
        #expect(resumed.status == 0)
        let report = try TestSupport.report(resumed.stdout)
        let manifest = try TestSupport.manifest(in: dir.appendingPathComponent("out"))
        let keys = manifest.chapters.flatMap(\.segments).map(\.key)
        // Every segment committed before the kill is reused (repeated sentences may also hit
        // within the run); nothing else was kept.
        let committedSegments = keys.filter(committedKeys.contains).count
        #expect(report.segments.cached >= committedSegments)
        #expect(report.segments.synthesized <= report.segments.total - committedSegments)
        #expect(report.segments.synthesized == report.segments.total - report.segments.cached)
        #expect(report.segments.synthesized > 0)
        #expect(try CacheMaintenance.stats(cache).entries == Set(keys).count)
    }

    /// Memory does not grow with chapter length: audio streams from the cache to the encoder.
    @Test func aTenTimesLongerChapterDoesNotTakeTenTimesTheMemory() throws {
        let dir = try TestSupport.temporaryDirectory()
        let sentences = (1...20).map { "Sentence \($0) of the long chapter tells of lamps and harbours and the wind." }
        func chapter(_ count: Int) -> String {
            "Chapter 1\n\n" + (0..<count).map { sentences[$0 % sentences.count] }.joined(separator: " ") + "\n"
        }
        var peaks: [Int] = []
        for (name, count) in [("short", 150), ("long", 1500)] {
            let book = dir.appendingPathComponent("\(name).txt")
            try chapter(count).write(to: book, atomically: true, encoding: .utf8)
            let result = try TestSupport.narrate([
                "render", book.path, "-o", dir.appendingPathComponent(name).path, "--cache", dir.appendingPathComponent("c.sqlite").path,
                "--rate", "400", "--bitrate", "32", "--quality", "9", "--json", "-q",
            ])
            #expect(result.status == 0)
            let report = try TestSupport.report(result.stdout)
            #expect(report.segments.total == count + 1)
            peaks.append(report.peakRSSBytes)
        }
        // Buffering the long chapter's PCM would add over 100 MB; streaming adds next to nothing.
        #expect(peaks[1] < peaks[0] + 40 << 20, "peak RSS \(peaks[0] >> 20) MB for 150 sentences, \(peaks[1] >> 20) MB for 1500")
    }

    /// The report's peak is narrate's own. `ru_maxrss` survives `execve`, so narrate launched
    /// from a process with 256 MB resident used to report that process's peak, and the memory
    /// tests here compared the test runner's peaks, which grow as other tests run.
    @Test func peakRSSIsNarratesOwnNotItsParents() throws {
        let dir = try TestSupport.temporaryDirectory()
        let resident = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 20, alignment: 4096)
        defer { resident.deallocate() }
        // Touching each page makes it resident in this process (tests run as a debug build).
        for page in stride(from: 0, to: resident.count, by: 4096) { resident[page] = 1 }
        let result = try TestSupport.narrate([
            "render", TestSupport.fixture("tiny.txt").path, "-o", dir.appendingPathComponent("o").path, "--no-cache", "--json", "-q",
        ])
        #expect(result.status == 0)
        let peak = try TestSupport.report(result.stdout).peakRSSBytes
        #expect(peak > 1 << 20 && peak < 128 << 20, "peak RSS \(peak >> 20) MB")
    }

    @Test func progressJSONEmitsOneObjectPerLineAndNothingOnStdout() throws {
        let dir = try TestSupport.temporaryDirectory()
        let result = try TestSupport.narrate(
            ["render", TestSupport.fixture("tiny.txt").path, "-o", dir.path, "--progress", "json", "--no-cache", "--jobs", "2"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let events = result.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.allSatisfy { $0 != nil })
        let kinds = events.compactMap { $0?["event"] as? String }
        #expect(kinds.filter { $0 == "segment" }.count == 5)
        #expect(kinds.filter { $0 == "chapter-written" }.count == 2)
        #expect(kinds.filter { $0 == "chapter-started" }.count == 2)
        let last = events.compactMap { $0 }.last { $0["event"] as? String == "segment" }
        #expect(last?["done"] as? Int == 5 && last?["total"] as? Int == 5)
        // Without a terminal and without --progress, stderr has only the summary.
        let quiet = try TestSupport.narrate(["render", TestSupport.fixture("tiny.txt").path, "-o", dir.path, "--no-cache"])
        #expect(quiet.stderr.split(separator: "\n").count == 1)
    }

    /// On a terminal (a pseudo-terminal from script(1)) there is one live progress line.
    @Test func liveProgressLineOnATerminal() throws {
        let dir = try TestSupport.temporaryDirectory()
        let command = "\(TestSupport.narrate.path) render \(TestSupport.fixture("tiny.txt").path) -o \(dir.appendingPathComponent("o").path) --no-cache"
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("segments, "))
        #expect(result.stdoutText.contains("× realtime, ETA"))
        #expect(result.stdoutText.contains("\u{1B}[K"))
    }

    @Test func hungSynthesisIsKilledRetriedAndReported() throws {
        let dir = try TestSupport.temporaryDirectory()
        try "Chapter 1\n\nFine words.\n\nChapter 2\n\nThis one hangs.\n".write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let started = Date()
        let process = try TestSupport.start(
            ["render", dir.appendingPathComponent("b.txt").path, "-o", dir.appendingPathComponent("out").path, "--no-cache"],
            environment: ["NARRATE_TEST_FAULT": "hang:hangs", "NARRATE_TEST_TIMEOUT": "1"], logs: dir)
        process.waitUntilExit()
        let stderr = try String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("chapter 2, paragraph 1 (\"This one hangs.\"): synthesis failed: timed out"))
        #expect(Date().timeIntervalSince(started) < 30)  // two one-second timeouts, not a hang
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/01 - Chapter 1.mp3").path))
        #expect(try TestSupport.processesMentioning(dir.path).isEmpty, "a synthesis worker outlived narrate")
    }

    /// narrate reaps its synthesis workers before it exits, so `time narrate …` counts their CPU
    /// and none is left to init. A subreaper (a small Python parent) adopts any process narrate
    /// leaves behind; it must adopt none.
    @Test func synthesisWorkersAreReapedBeforeExit() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            import ctypes, os, subprocess, sys
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
            status = subprocess.call(sys.argv[1:])
            adopted = 0
            while True:
                try:
                    pid, _ = os.waitpid(-1, 0)
                except ChildProcessError:
                    break
                adopted += 1
            print(status, adopted)
            """
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["python3", "-c", script, TestSupport.narrate.path, "render", "-", "-o", dir.appendingPathComponent("out").path,
                                          "--no-cache", "--jobs", "2", "-q"],
                                         stdin: Data("Chapter 1\n\nOne line.\n\nChapter 2\n\nAnother line, and a third.\n".utf8))
        #expect(result.stdoutText == "0 0\n", "exit status and processes left behind: \(result.stdoutText) \(result.stderr)")
    }

    @Test func ctrlCExits130RemovesTemporaryFilesAndKeepsTheCache() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        try TestSupport.aliceOpening().write(to: dir.appendingPathComponent("alice.txt"), atomically: true, encoding: .utf8)
        let arguments = ["render", dir.appendingPathComponent("alice.txt").path, "-o", out.path, "--cache", cache.path,
                         "--jobs", "1", "--json", "-q"]
        let process = try TestSupport.start(arguments, logs: dir)
        // Interrupt once a partial chapter file is being written.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning,
              !((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.contains { $0.hasSuffix(".partial") } ?? false) {
            usleep(20_000)
        }
        usleep(300_000)
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try TestSupport.processesMentioning(out.path).isEmpty, "a synthesis worker outlived narrate")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".partial") })
        #expect(!left.contains("manifest.json"))
        let stored = try SQLiteDatabase(path: cache.path, readOnly: true).query("SELECT COUNT(*) FROM segments")[0][0].integer
        #expect(stored > 0)
        #expect(try CacheMaintenance.verify(cache).removed == 0)
        let resumed = try TestSupport.narrate(arguments)
        #expect(resumed.status == 0)
        // Every segment committed before the interrupt is reused: only the other distinct texts are synthesized.
        let manifest = try TestSupport.manifest(in: out)
        let distinct = Set(manifest.chapters.flatMap { $0.segments.map(\.key) }).count
        #expect(try TestSupport.report(resumed.stdout).segments.synthesized == distinct - Int(stored))
    }
}
