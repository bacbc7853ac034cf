import Foundation
import Testing
@testable import NarrateCore

/// `--shard K/N`: which chapters a shard renders, and the shared tier's URL and HMAC.
@Suite(.tags(.small)) struct ShardSelectionTests {
    @Test func shardTakesKOfNAndRefusesEverythingElse() {
        #expect(ShardSelection("2/8") == ShardSelection(index: 2, count: 8))
        #expect(ShardSelection("1/1")?.manifestName == "manifest.shard-1-of-1.json")
        for bad in ["0/3", "4/3", "3", "1/0", "a/b", "1/2/3", "-1/2", "", "1/"] { #expect(ShardSelection(bad) == nil, "\(bad)") }
    }

    @Test func everyChapterGoesToExactlyOneShardLongestFirstOntoTheLeastLoaded() {
        let chapters = [(1, 10.0), (2, 50.0), (3, 30.0), (4, 20.0), (5, 20.0), (6, 5.0)].map { (index: $0.0, seconds: $0.1) }
        let parts = ShardSelection.assign(chapters, shards: 3).map { $0.map(\.index) }
        // 50 → shard 1; 30 → 2; 20 (ch 4) → 3; 20 (ch 5) → 3 (20 < 30); 10 → 2 (30 < 40); 5 → 2 (40 = 40: the lower shard).
        #expect(parts == [[2], [1, 3, 6], [4, 5]])
        #expect(parts.flatMap { $0 }.sorted() == [1, 2, 3, 4, 5, 6])
        // The same input gives the same shards, whatever the order it comes in.
        #expect(ShardSelection.assign(chapters.reversed(), shards: 3).map { $0.map(\.index) } == parts)
    }

    @Test func aNovelsShardsAreBalancedAndCoverTheBook() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/alice-in-wonderland_pg11.txt"))
        let engine = EngineIdentity(name: "test", version: "1", dataVersion: "1", sampleRate: 22050)
        let plan = Planner(voice: VoiceSettings(), pauses: Pauses(), engine: engine).plan(book)
        for count in [2, 4, 8] {
            let parts = ShardSelection.assign(plan, shards: count)
            #expect(parts.flatMap { $0 }.sorted() == plan.chapters.map(\.index))
            let loads = ShardSelection.loads(plan, shards: count)
            let longestChapter = plan.chapters.map { $0.estimatedSeconds(pauses: plan.pauses) }.max()!
            // Greedy longest-first: no shard is more than one chapter above the lightest.
            #expect(loads.max()! - loads.min()! <= longestChapter)
            #expect(ShardSelection(index: 1, count: count).chapters(of: plan) == Set(parts[0]))
        }
    }

    @Test func remoteURLsParseAndNeverShowTheirPassword() throws {
        let plain = try RemoteCacheAddress("redis://cache:6379/2")
        #expect(plain.host == "cache" && plain.port == 6379 && plain.database == 2 && plain.password == nil)
        #expect(plain.ttlSeconds == RemoteCacheAddress.defaultTTLSeconds && plain.timeout == RemoteCacheAddress.defaultTimeout)
        let secret = try RemoteCacheAddress("redis://:s3cr%40t@10.0.0.5?ttl=3600&timeout=0.5")
        #expect(secret.password == "s3cr@t" && secret.port == 6379 && secret.database == 0 && secret.ttlSeconds == 3600 && secret.timeout == 0.5)
        #expect(secret.description == "redis://:***@10.0.0.5:6379/0")
        #expect(try RemoteCacheAddress("redis://narrate:pw@h:7000/1").description == "redis://narrate:***@h:7000/1")
        for bad in ["http://h", "redis://", "redis://h/x", "redis://h?ttl=0", "redis://h?colour=red", "redis://:hunter2@h/x"] {
            #expect(throws: UsageError.self) { try RemoteCacheAddress(bad) }
            do { _ = try RemoteCacheAddress(bad) } catch { #expect(!error.message.contains("hunter2")) }
        }
        #expect(try RemoteCacheAddress.from(option: nil, environment: [:]) == nil)
        #expect(try RemoteCacheAddress.from(option: nil, environment: ["NARRATE_CACHE_REMOTE": "redis://h"])?.host == "h")
        #expect(throws: UsageError.self) { try RemoteCacheAddress.from(option: nil, environment: ["NARRATE_CACHE_REMOTE": "h:6379"]) }
    }

    @Test func hmacMatchesRFC4231() {
        let mac = HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let long = HMAC.sha256(key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(long.map { String(format: "%02x", $0) }.joined() == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMAC.equal(mac, mac) && !HMAC.equal(mac, long) && !HMAC.equal(mac, Array(mac.dropLast())))
    }
}
