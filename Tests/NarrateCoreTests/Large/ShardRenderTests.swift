import Foundation
import Testing
@testable import NarrateCore

/// Past one machine: shards of one book rendered by separate processes, each with a local cache
/// of its own ("machines"), sharing one Redis and one output folder, then merged.
@Suite(.tags(.large), .enabled(if: RedisServer.available, RedisServer.skipReason)) struct ShardRenderTests {
    let fast = ["--rate", "300", "--bitrate", "32", "--quality", "7", "--json", "--quiet"]

    /// Runs narrate with a fresh local cache of its own (a fresh "machine").
    func render(_ arguments: [String], environment: [String: String] = [:]) throws -> (report: RunReport, stderr: String) {
        let logs = try TestSupport.temporaryDirectory()
        let process = try TestSupport.start(["render"] + arguments + fast, environment: environment, logs: logs)
        process.waitUntilExit()
        let stderr = try String(contentsOf: logs.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(stderr)")
        return (try TestSupport.report(Data(contentsOf: logs.appendingPathComponent("stdout"))), stderr)
    }

    /// Every chapter file of a manifest, decoded to 16-bit PCM.
    func decodedChapters(_ folder: URL) throws -> [String: Data] {
        var audio: [String: Data] = [:]
        for chapter in try TestSupport.manifest(in: folder).chapters {
            let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), [
                "-v", "error", "-i", folder.appendingPathComponent(chapter.file).path, "-f", "s16le", "-acodec", "pcm_s16le", "-",
            ])
            #expect(result.status == 0 && !result.stdout.isEmpty)
            audio[chapter.file] = result.stdout
        }
        return audio
    }

    func book(in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("alice.txt")
        try TestSupport.aliceOpening(upTo: "CHAPTER V.\nAdvice from a Caterpillar").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func threeMachinesThenAMergeThatSynthesizesAndEncodesNothingSoundLikeOne() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let dir = try TestSupport.temporaryDirectory()
        let (book, shared) = (try book(in: dir), dir.appendingPathComponent("shared"))
        let remote = ["--cache-remote", server.url]

        // Three shard processes at once, each with a fresh local cache of its own.
        let logs = try (1...3).map { _ in try TestSupport.temporaryDirectory() }
        let shards = try (1...3).map { k in
            try TestSupport.start(["render", book, "-o", shared.path, "--shard", "\(k)/3"] + remote + fast, logs: logs[k - 1])
        }
        var shardSegments = 0
        for (k, process) in shards.enumerated() {
            process.waitUntilExit()
            let stderr = try String(contentsOf: logs[k].appendingPathComponent("stderr"), encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(stderr)")
            #expect(stderr.isEmpty, "shard \(k + 1): \(stderr)")
            let report = try TestSupport.report(Data(contentsOf: logs[k].appendingPathComponent("stdout")))
            shardSegments += report.segments.total
            #expect(report.chapters.total >= 1 && report.chapters.encoded == report.chapters.total)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: shared.path)
        #expect(Set(names.filter { $0.hasPrefix("manifest") }) == ["manifest.shard-1-of-3.json", "manifest.shard-2-of-3.json", "manifest.shard-3-of-3.json"])
        #expect(!names.contains("playlist.m3u8"))

        // The merge, on a fourth machine: every chapter file reused.
        let merge = try render([book, "-o", shared.path] + remote)
        #expect(merge.report.segments.synthesized == 0 && merge.report.chapters.encoded == 0)
        #expect(merge.report.chapters.reused == 4 && merge.report.segments.total == shardSegments)
        #expect(merge.stderr.isEmpty, "\(merge.stderr)")
        let merged = try TestSupport.manifest(in: shared)
        #expect(merged.chapters.map(\.index) == [1, 2, 3, 4] && merged.shard == nil)
        #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("playlist.m3u8").path))
        #expect(ShardSelection.manifests(in: shared).isEmpty)

        // One machine, no Redis: the same samples.
        let alone = dir.appendingPathComponent("alone")
        let single = try render([book, "-o", alone.path])
        let uniqueKeys = Set(try TestSupport.manifest(in: alone).chapters.flatMap(\.segments).map(\.key))
        #expect(single.report.segments.synthesized == uniqueKeys.count, "a sentence said twice is synthesized once")
        let expected = try decodedChapters(alone)
        #expect(expected.count == 4)
        #expect(try decodedChapters(shared) == expected)

        // A fresh machine rendering the book from the warm Redis synthesizes nothing.
        let fresh = dir.appendingPathComponent("fresh")
        let warm = try render([book, "-o", fresh.path] + remote)
        #expect(warm.report.segments.synthesized == 0 && warm.report.chapters.encoded == 4)
        #expect(try decodedChapters(fresh) == expected)
    }

    @Test func aMissingShardIsNamedAndTheMergeRendersItsChapters() throws {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
        let first = try render([sample, "-o", out.path, "--shard", "1/2"])
        let plan = try #require(Manifest.load(from: out) == nil ? ShardSelection.manifests(in: out).first : nil)
        #expect(plan.shard == ShardSelection(index: 1, count: 2) && plan.manifest.shard == "1/2")
        #expect(plan.manifest.chapters.count == first.report.chapters.total)
        let merge = try render([sample, "-o", out.path])
        #expect(merge.stderr.contains("shard 2/2 (no manifest.shard-2-of-2.json) did not finish"), "\(merge.stderr)")
        #expect(merge.report.chapters.reused == first.report.chapters.total)
        #expect(merge.report.chapters.encoded == 3 - first.report.chapters.total)
        #expect(try TestSupport.manifest(in: out).chapters.count == 3)
    }

    @Test func redisKilledMidRenderWarnsOnceAndTheNextRunUsesItAgain() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let dir = try TestSupport.temporaryDirectory()
        let book = try self.book(in: dir)
        let logs = try TestSupport.temporaryDirectory()
        let process = try TestSupport.start(
            ["render", book, "-o", dir.appendingPathComponent("a").path, "--cache-remote", server.url, "--jobs", "1"] + fast, logs: logs)
        // Kill Redis as soon as the render has written to it.
        while process.isRunning, (try? server.segmentKeys().isEmpty) ?? true { usleep(20_000) }
        #expect(process.isRunning, "the render finished before Redis was killed")
        server.stop()
        process.waitUntilExit()
        let stderr = try String(contentsOf: logs.appendingPathComponent("stderr"), encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(stderr)")
        let report = try TestSupport.report(Data(contentsOf: logs.appendingPathComponent("stdout")))
        #expect(report.chapters.encoded == report.chapters.total && report.segments.failed == 0)
        #expect(report.warnings.count == 1 && report.warnings[0].contains("the shared cache cannot reach it"), "\(report.warnings)")
        #expect(report.warnings[0].contains("continuing with the local cache only"))

        try server.start()
        let next = try render([book, "-o", dir.appendingPathComponent("b").path, "--cache-remote", server.url, "--chapters", "1-2"])
        #expect(next.report.warnings.isEmpty)
        let keys = Set(try TestSupport.manifest(in: dir.appendingPathComponent("b")).chapters.flatMap(\.segments).map(\.key))
        #expect(try Set(server.segmentKeys()) == Set(keys.map(RemoteCache.redisKey)), "every segment of the next run is in Redis again")
    }

    @Test func tamperedValuesAreRefusedResynthesizedAndWarned() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let dir = try TestSupport.temporaryDirectory()
        let tiny = TestSupport.fixture("tiny.txt").path
        let signed = ["NARRATE_CACHE_SECRET": "correct horse", "NARRATE_CACHE_REMOTE": server.url]
        let first = try render([tiny, "-o", dir.appendingPathComponent("a").path], environment: signed)
        #expect(first.report.segments.synthesized == first.report.segments.total)
        let keys = try TestSupport.manifest(in: dir.appendingPathComponent("a")).chapters.flatMap(\.segments).map(\.key)
        let redis = try server.connection()
        // Garbage under one key; under another, a valid signed FLAC of other audio (another segment's value).
        try redis.command(["SET", RemoteCache.redisKey(keys[0]), "garbage"])
        let other = try #require(redis.command(["GET", RemoteCache.redisKey(keys[2])]).bytes)
        _ = try redis.pipeline([[Array("SET".utf8), Array(RemoteCache.redisKey(keys[1]).utf8), other]])

        let second = try render([tiny, "-o", dir.appendingPathComponent("b").path], environment: signed)
        #expect(second.report.segments.synthesized == 2)
        #expect(second.report.warnings.count == 2 && second.report.warnings.allSatisfy { $0.contains("refused the shared cache's value") })
        #expect(try decodedChapters(dir.appendingPathComponent("b")) == decodedChapters(dir.appendingPathComponent("a")))
        // The re-synthesized values replaced the tampered ones.
        let third = try render([tiny, "-o", dir.appendingPathComponent("c").path], environment: signed)
        #expect(third.report.segments.synthesized == 0 && third.report.warnings.isEmpty)
    }

    @Test func aWrongPasswordWarnsOnceWithoutShowingIt() throws {
        let server = try RedisServer(password: "sesame")
        defer { server.stop() }
        let dir = try TestSupport.temporaryDirectory()
        let tiny = TestSupport.fixture("tiny.txt").path
        let wrong = try render([tiny, "-o", dir.appendingPathComponent("a").path, "--cache-remote", "redis://:open-up@127.0.0.1:\(server.port)/0"])
        #expect(wrong.report.warnings.count == 1 && wrong.report.warnings[0].contains("refused the credentials"))
        #expect(!wrong.stderr.contains("open-up") && wrong.stderr.contains("redis://:***@127.0.0.1"))
        #expect(wrong.report.chapters.encoded == 2)
        let stats = try TestSupport.narrate(["cache", "stats", "--remote", "--cache-remote", server.url, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdoutText.contains("\"entries\" : 0"))
        let refused = try TestSupport.narrate(["cache", "stats", "--remote", "--cache-remote", "redis://:nope@127.0.0.1:\(server.port)/0"])
        #expect(refused.status == ExitStatus.usage.rawValue && refused.stderr.contains("refused the credentials") && !refused.stderr.contains("nope"))
    }

    /// The GNU parallel recipe of Docs/scale.md, run as written (with this machine's narrate first on PATH).
    @Test func theGNUParallelRecipeInDocsScaleWorksAsWritten() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let docs = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Docs/scale.md"), encoding: .utf8)
        let marker = try #require(docs.range(of: "<!-- tested: parallel-local -->"))
        let fence = try #require(docs.range(of: "```bash\n", range: marker.upperBound..<docs.endIndex))
        let end = try #require(docs.range(of: "```", range: fence.upperBound..<docs.endIndex))
        let recipe = String(docs[fence.upperBound..<end.lowerBound])
        #expect(recipe.contains("parallel") && recipe.contains("--shard {}/"))

        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("book")
        var environment = TestSupport.isolatedEnvironment()
        environment["PATH"] = TestSupport.narrate.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["BOOK"] = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
        environment["OUT"] = out.path
        environment["NARRATE_CACHE_REMOTE"] = server.url
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", recipe]
        process.environment = environment
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.chapters.count == 3)
        #expect(stderr.contains("0 encoded, 3 reused") && stderr.contains("0 synthesized"), "\(stderr)")
        #expect(try ShardSelection.manifests(in: out).isEmpty, "the merge folded the shard manifests into manifest.json")
    }
}
