import Foundation
import Testing
@testable import NarrateCore

/// Hostile and unlucky cache paths: files that are not narrate's, damaged or newer caches, sizes
/// that do not fit, a cache lost half-way through a run, many processes opening a new cache.
@Suite(.tags(.large)) struct CacheRecognitionTests {
    let fast = ["--rate", "300", "--bitrate", "32", "--quality", "7", "--json", "--quiet"]

    /// The lines of stderr that are warnings or errors.
    func diagnostics(_ result: TestSupport.Result) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.contains("warning") || $0.contains("error") }
    }

    func renderTiny(_ dir: URL, cache: URL, environment: [String: String] = [:], _ extra: [String] = []) throws -> TestSupport.Result {
        let arguments = ["render", TestSupport.fixture("tiny.txt").path, "-o", dir.appendingPathComponent("out-\(UUID().uuidString)").path,
                         "--cache", cache.path] + fast + extra
        guard !environment.isEmpty else { return try TestSupport.narrate(arguments) }
        let logs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: logs) }
        let process = try TestSupport.start(arguments, environment: environment, logs: logs)
        process.waitUntilExit()
        return TestSupport.Result(status: process.terminationStatus, stdout: try Data(contentsOf: logs.appendingPathComponent("stdout")),
                                  stderr: try String(contentsOf: logs.appendingPathComponent("stderr"), encoding: .utf8))
    }

    /// Every file whose name starts with the cache's, with its bytes.
    func snapshot(_ url: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(url.lastPathComponent) }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: url.deletingLastPathComponent().appendingPathComponent($0))) })
    }

    @Test(arguments: ["text", "other-sqlite", "other-application"])
    func filesThatAreNotNarratesAreNeverChanged(kind: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(kind == "text" ? "t.txt" : "notes.db")
        switch kind {
        case "text": try "thesis\n".write(to: file, atomically: true, encoding: .utf8)
        default:
            let database = try SQLiteDatabase(path: file.path)
            try database.execute("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            if kind == "other-application" { try database.execute("PRAGMA application_id = 1234; PRAGMA user_version = 7;") }
            database.close()
        }
        let before = try snapshot(file)
        for command in [["stats"], ["clear"], ["verify"], ["prune", "--max-size", "1"]] {
            let result = try TestSupport.narrate(["cache"] + command + ["--cache", file.path])
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(diagnostics(result).count == 1 && result.stderr.contains("is not a narrate cache"), "\(result.stderr)")
            #expect(!result.stderr.contains("cache clear") && !result.stderr.contains("cache verify"))
        }
        let render = try renderTiny(dir, cache: file)
        #expect(render.status == 0)
        #expect(diagnostics(render).count == 1 && render.stderr.contains("not a narrate cache"), "\(render.stderr)")
        #expect(try snapshot(file) == before)
    }

    @Test func emptyFilesAndCachesFromBeforeTheMarkAreUsed() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 0-byte file has nothing to lose: it becomes a cache, marked as narrate's.
        let empty = dir.appendingPathComponent("empty.sqlite")
        FileManager.default.createFile(atPath: empty.path, contents: nil)
        let first = try renderTiny(dir, cache: empty)
        #expect(first.status == 0 && diagnostics(first).isEmpty, "\(first.stderr)")
        #expect(try SQLiteDatabase(path: empty.path).query("PRAGMA application_id")[0][0].integer == CacheFile.applicationID)

        // A cache made before narrate set its application id: read as it is, adopted on the next render.
        let legacy = dir.appendingPathComponent("legacy.sqlite")
        do {
            let database = try SQLiteDatabase(path: legacy.path)
            try SegmentCache.migrate(database, from: .fresh)
            try database.execute("PRAGMA application_id = 0; PRAGMA journal_mode = WAL;")
        }
        let stats = try TestSupport.narrate(["cache", "stats", "--cache", legacy.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(try SQLiteDatabase(path: legacy.path).query("PRAGMA application_id")[0][0].integer == 0)
        let render = try renderTiny(dir, cache: legacy)
        #expect(render.status == 0 && diagnostics(render).isEmpty, "\(render.stderr)")
        #expect(try CacheMaintenance.stats(legacy).entries == 5)
        #expect(try SQLiteDatabase(path: legacy.path).query("PRAGMA application_id")[0][0].integer == CacheFile.applicationID)
    }

    @Test func damagedCacheIsRepairedAndNewerCacheIsLeftToItsNarrate() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("c.sqlite")
        #expect(try renderTiny(dir, cache: cache).status == 0)
        // Damaged: page 1 (with narrate's mark) kept, the rest overwritten.
        #expect(try TestSupport.narrate(["cache", "clear", "--cache", cache.path]).status == 0)
        #expect(try renderTiny(dir, cache: cache).status == 0)
        var data = try Data(contentsOf: cache)
        data.replaceSubrange(4096..<data.count, with: Data(repeating: 0xA5, count: data.count - 4096))
        try data.write(to: cache)
        try? FileManager.default.removeItem(atPath: cache.path + "-wal")
        let damaged = try renderTiny(dir, cache: cache)
        #expect(damaged.status == 0 && diagnostics(damaged).count == 1, "\(damaged.stderr)")
        #expect(damaged.stderr.contains("cache verify"))
        let verify = try TestSupport.narrate(["cache", "verify", "--cache", cache.path])
        #expect(verify.status == 0 && verify.stdoutText.contains("moved it to"), "\(verify.stderr)")
        #expect(try renderTiny(dir, cache: cache).stderr.isEmpty)

        // Newer: the advice names that narrate or starting over; stats refuses; clear starts over.
        try SQLiteDatabase(path: cache.path).execute("PRAGMA user_version = 99")
        let newer = try renderTiny(dir, cache: cache)
        #expect(newer.status == 0 && diagnostics(newer).count == 1, "\(newer.stderr)")
        #expect(newer.stderr.contains("newer narrate") && newer.stderr.contains("cache clear"))
        #expect(try TestSupport.narrate(["cache", "stats", "--cache", cache.path]).status == 65)
        #expect(try TestSupport.narrate(["cache", "clear", "--cache", cache.path]).status == 0)
        #expect(try SQLiteDatabase(path: cache.path).query("PRAGMA user_version")[0][0].integer == SegmentCache.schemaVersion)
    }

    @Test func eachCauseHasItsOwnFixAndExitStatus() {
        let path = "/x/c.sqlite"
        let locked = CacheError.from(SQLiteError(code: 5, operation: "BEGIN IMMEDIATE", message: "database is locked"), path: path)
        #expect(locked == .locked(path: path) && locked.exitStatus == .temporaryFailure && locked.fix.contains("wait"))
        let readOnly = CacheError.from(SQLiteError(code: 8, operation: "INSERT", message: "attempt to write a readonly database"), path: path)
        #expect(readOnly.exitStatus == .cannotCreate && readOnly.fix.contains("permissions of /x"))
        let corrupt = CacheError.from(SQLiteError(code: 11, operation: "SELECT", message: "database disk image is malformed"), path: path)
        #expect(corrupt.exitStatus == .dataError && corrupt.fix.contains("cache verify"))
        #expect(CacheError.notACache(path: path, what: "x").exitStatus == .dataError)
        #expect(!CacheError.notACache(path: path, what: "x").description.contains("cache clear"))
    }

    @Test func sizesBeyondWhatFitsAreUsageErrors() throws {
        #expect(Units.bytes("9000000000G") == nil && Units.sizeProblem("9000000000G")?.contains("too large") == true)
        #expect(Units.bytes("12345678901234567890") == nil)
        #expect(Units.bytes("9223372036854775807") == nil)  // rounds to 2^63 as a Double
        #expect(Units.bytes("8TiB") == 8_796_093_022_208)
        #expect(Units.sizeProblem("lots")?.contains("not a size") == true)
        #expect(Units.seconds("99999999999999999w") == nil)
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("c.sqlite")
        let option = try renderTiny(dir, cache: cache, ["--cache-max-size", "9000000000G"])
        #expect(option.status == 64 && option.stderr.contains("too large"), "\(option.stderr)")
        for value in ["12345678901234567890", "lots"] {
            let result = try renderTiny(dir, cache: cache, environment: ["NARRATE_CACHE_MAX_SIZE": value])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(diagnostics(result).count == 1 && result.stderr.contains("NARRATE_CACHE_MAX_SIZE"), "\(result.stderr)")
        }
        let prune = try TestSupport.narrate(["cache", "prune", "--cache", cache.path, "--max-size", "99999999999999999999"])
        #expect(prune.status == 64 && prune.stderr.contains("too large"))
    }

    /// The cache fails after the loudness pass stored every segment, so the writing pass
    /// synthesizes them again: still 5 segments, none of them "cached", no negative numbers.
    @Test(arguments: [1, 5])
    func aCacheLostMidRunReportsSaneCounts(failAt: Int) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try renderTiny(dir, cache: dir.appendingPathComponent("c.sqlite"),
                                    environment: ["NARRATE_TEST_FAULT": "fail-cache-at-store:\(failAt)"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try TestSupport.report(result.stdout)
        #expect(report.segments.total == 5)
        #expect(report.segments.synthesized == 5 && report.segments.cached == 0, "\(report.segments)")
        #expect((0...1).contains(report.cacheHitRate))
        let warnings = diagnostics(result)
        #expect(warnings.count == 1 && warnings[0].contains("failed during the run"), "\(result.stderr)")
    }

    /// Connections in one process meet at the same locks as processes do, and start within
    /// microseconds of each other here: 8 threads open each of 100 brand-new caches at once.
    @Test func threadsOpeningANewCacheAtOnceAllGetIt() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let failures = WarningLog(echo: false)
        for index in 0..<100 {
            let url = dir.appendingPathComponent("c\(index).sqlite")
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for _ in 0..<8 {
                group.enter()
                Thread {
                    start.wait()
                    let cache = SegmentCache(url: url, warnings: failures)
                    if !cache.isEnabled { failures.add("round \(index): disabled") }
                    group.leave()
                }.start()
            }
            for _ in 0..<8 { start.signal() }
            group.wait()
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
    }

    /// Many processes opening one brand-new cache at once (the switch to WAL needs a write lock
    /// SQLite will not wait for), then the same under CPU load: none gives up its cache.
    @Test func concurrentOpensOfANewCacheNeverGiveUp() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("one.txt")
        try "Hello there.\n".write(to: book, atomically: true, encoding: .utf8)
        func round(_ index: Int) throws {
            let cache = dir.appendingPathComponent("c\(index).sqlite")
            let processes = try (0..<8).map { i -> Process in
                let logs = dir.appendingPathComponent("logs\(index)-\(i)")
                try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
                return try TestSupport.start(["cache", "warm", book.path, "--cache", cache.path, "--jobs", "1"], logs: logs)
            }
            for (i, process) in processes.enumerated() {
                process.waitUntilExit()
                let stderr = try String(contentsOf: dir.appendingPathComponent("logs\(index)-\(i)/stderr"), encoding: .utf8)
                #expect(process.terminationStatus == 0 && !stderr.contains("warning") && !stderr.contains("error"), "round \(index): \(stderr)")
            }
            #expect(try CacheMaintenance.stats(cache).entries == 2)  // the heading and the sentence
        }
        for index in 0..<10 { try round(index) }
        let load = CPULoad(threads: ProcessInfo.processInfo.activeProcessorCount)
        defer { load.stop() }
        for index in 10..<15 { try round(index) }
    }
}

/// Threads that keep every core busy until stopped.
final class CPULoad: @unchecked Sendable {
    // Safe: `running` is only touched under `lock`.
    private let lock = NSLock()
    private var running = true

    init(threads: Int) {
        for _ in 0..<threads {
            Thread {
                var x = 0.0
                while self.lock.withLock({ self.running }) {
                    for i in 0..<10_000 { x += Double(i).squareRoot() }
                }
                _ = x
            }.start()
        }
    }

    func stop() { lock.withLock { running = false } }
}
