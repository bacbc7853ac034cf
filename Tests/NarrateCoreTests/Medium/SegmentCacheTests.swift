import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.medium)) struct SegmentCacheTests {
    func segment(_ seed: Int, count: Int = 22050) -> CachedSegment {
        let samples = (0..<count).map { Int16(truncatingIfNeeded: Int(8000 * sin(Double($0 * (seed + 3)) / 40)) + ($0 % 7) * seed) }
        return CachedSegment(samples: samples, sampleRate: 22050, words: [WordTiming(sample: 10, textOffset: 0, length: 4)])
    }

    @Test func flacRoundTripIsLossless() throws {
        let original = segment(5).samples
        let flac = try SoundFile.encodeFLAC(original, sampleRate: 22050)
        #expect(Array(flac.prefix(4)) == Array("fLaC".utf8))
        let decoded = try SoundFile.decode(flac)
        #expect(decoded.sampleRate == 22050 && decoded.channels == 1)
        #expect(decoded.samples == original)
    }

    @Test func storedSegmentsSurviveReopeningAndCountAsOneEntryPerKey() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("c.sqlite")
        let cache = SegmentCache(url: url, warnings: nil)
        #expect(cache.isEnabled)
        cache.store("k1", segment(1))
        cache.store("k1", segment(1))
        cache.store("k2", segment(2, count: 500))
        #expect(cache.lookup("k1") == segment(1))  // served from the pending batch
        cache.finishRun(segments: 3, hits: 1, misses: 2)

        let reopened = SegmentCache(url: url, warnings: nil)
        let first = try #require(reopened.lookup("k1"))
        #expect(first.samples == segment(1).samples)
        #expect(first.words == [WordTiming(sample: 10, textOffset: 0, length: 4)])
        #expect(reopened.lookup("missing") == nil)
        let stats = try CacheMaintenance.stats(url)
        #expect(stats.entries == 2)
        #expect(stats.lastRunHitRate == 0.333)
        #expect(stats.compressionRatio > 1)
        let version = try SQLiteDatabase(path: url.path).query("PRAGMA user_version")[0][0].integer
        #expect(version == SegmentCache.schemaVersion)
        let mode = try SQLiteDatabase(path: url.path).query("PRAGMA journal_mode")[0][0].text
        #expect(mode == "wal")
    }

    @Test func writesAreBatchedNotOneTransactionPerSegment() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("c.sqlite")
        let cache = SegmentCache(url: url, warnings: nil)
        cache.batchSize = 10
        cache.batchInterval = 3600
        for i in 0..<9 { cache.store("k\(i)", segment(i, count: 100)) }
        let reader = try SQLiteDatabase(path: url.path)
        #expect(try reader.query("SELECT COUNT(*) FROM segments")[0][0].integer == 0)
        cache.store("k9", segment(9, count: 100))
        // The tenth store hands the batch to the committer's thread: committed there, at once.
        cache.waitForCommits()
        #expect(try reader.query("SELECT COUNT(*) FROM segments")[0][0].integer == 10)
        #expect(cache.lookup("k3") != nil)
    }

    @Test func evictionRemovesLeastRecentlyUsedFirst() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("c.sqlite")
        let cache = SegmentCache(url: url, warnings: nil)
        for i in 0..<4 { cache.store("k\(i)", segment(i)) }
        cache.flush()
        let db = try SQLiteDatabase(path: url.path)
        for i in 0..<4 { try db.query("UPDATE segments SET last_used = ? WHERE key = ?", [.integer(Int64(1000 + i)), .text("k\(i)")]) }
        let each = Int(try db.query("SELECT MAX(bytes) FROM segments")[0][0].integer)
        let removed = cache.evict(toMaxBytes: each * 2 + each / 2)
        #expect(removed == 2)
        let left = try db.query("SELECT key FROM segments ORDER BY key").map { $0[0].text! }
        #expect(left == ["k2", "k3"])
    }

    @Test func pruneByAgeAndVerifyRemovesUndecodableEntries() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("c.sqlite")
        let cache = SegmentCache(url: url, warnings: nil)
        for i in 0..<3 { cache.store("k\(i)", segment(i, count: 1000)) }
        cache.flush()
        let db = try SQLiteDatabase(path: url.path)
        try db.query("UPDATE segments SET last_used = 0 WHERE key = 'k0'")
        try db.query("UPDATE segments SET audio = x'00112233' WHERE key = 'k1'")
        #expect(try CacheMaintenance.prune(url, maxBytes: nil, olderThan: 86400).removed == 1)
        let verified = try CacheMaintenance.verify(url)
        #expect(verified.checked == 2 && verified.removed == 1 && verified.integrity == "ok")
        #expect(try CacheMaintenance.stats(url).entries == 1)
    }

    @Test(arguments: ["garbage", "truncated", "directory", "unwritable"])
    func unusableCacheWarnsOnceAndDisablesItself(kind: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        var url = dir.appendingPathComponent("c.sqlite")
        switch kind {
        case "garbage": try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: url)
        case "truncated":
            let good = SegmentCache(url: url, warnings: nil)
            for i in 0..<20 { good.store("k\(i)", segment(i)) }
            good.flush()
            let data = try Data(contentsOf: url)
            try data.prefix(data.count / 3).write(to: url)
        case "directory": try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        default: url = URL(fileURLWithPath: "/proc/narrate-cannot-create/c.sqlite")
        }
        let warnings = WarningLog(echo: false)
        let cache = SegmentCache(url: url, warnings: warnings)
        _ = cache.lookup("k1")
        cache.store("x", segment(1))
        cache.flush()
        _ = cache.lookup("k2")
        #expect(!cache.isEnabled || kind == "truncated")
        #expect(warnings.all.count <= 1)
        if kind != "truncated" { #expect(warnings.all.first?.contains(url.path) == true) }
    }

    @Test func defaultLocationFollowsEnvironment() {
        #expect(SegmentCache.defaultURL(environment: ["NARRATE_CACHE": "/x/y.sqlite"]).path == "/x/y.sqlite")
        #expect(SegmentCache.defaultURL(environment: ["XDG_CACHE_HOME": "/c"]).path == "/c/narrate/segments.sqlite")
        #expect(SegmentCache.defaultURL(environment: [:]).path.hasSuffix("/.cache/narrate/segments.sqlite"))
    }

    @Test func unitsParseSizesAndAges() {
        #expect(Units.bytes("500MB") == 500_000_000)
        #expect(Units.bytes("2GiB") == 2_147_483_648)
        #expect(Units.bytes("1024") == 1024)
        #expect(Units.bytes("12 parsecs") == nil)
        #expect(Units.seconds("30d") == 2_592_000)
        #expect(Units.seconds("12h") == 43_200)
        #expect(Units.seconds("soon") == nil)
    }
}
