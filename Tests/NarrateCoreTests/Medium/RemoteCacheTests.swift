import Foundation
import Testing
@testable import NarrateCore

/// The shared tier against a real redis-server of the test's own: read-through into a fresh
/// local cache, refused values, and failures that warn once and never stop the caller.
@Suite(.tags(.medium), .enabled(if: RedisServer.available, RedisServer.skipReason)) struct RemoteCacheTests {
    func segment(_ seed: Int, count: Int = 4000) -> CachedSegment {
        let samples = (0..<count).map { Int16(truncatingIfNeeded: Int(6000 * sin(Double($0 * (seed + 2)) / 30)) + seed) }
        return CachedSegment(samples: samples, sampleRate: 22050, words: [WordTiming(sample: 5, textOffset: 0, length: 3)])
    }

    func cache(_ server: RedisServer, secret: String? = nil, warnings: WarningLog? = nil, url: String? = nil) throws -> SegmentCache {
        let local = try TestSupport.temporaryDirectory().appendingPathComponent("c.sqlite")
        let remote = RemoteCache(address: try RemoteCacheAddress(url ?? server.url), secret: secret, warnings: warnings)
        return SegmentCache(url: local, warnings: warnings, remote: remote)
    }

    @Test func aFreshLocalCacheReadsThroughFromRedisAndKeepsTheValues() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let first = try cache(server)
        for seed in 1...40 { first.store("key\(seed)", segment(seed)) }
        first.finishRun(segments: 40, hits: 0, misses: 40)
        #expect(try server.segmentKeys().count == 40)

        let warnings = WarningLog(echo: false)
        let second = try cache(server, warnings: warnings)
        second.prefetch((1...41).map { "key\($0)" })
        #expect(second.remote?.counts == RemoteCache.Counts(hits: 40, misses: 1))
        for seed in 1...40 { #expect(second.lookup("key\(seed)") == segment(seed)) }
        #expect(second.lookup("key41") == nil)
        #expect(second.remote?.counts.misses == 1, "a key the server lacked is not asked for again")
        second.finishRun(segments: 41, hits: 40, misses: 1)
        #expect(try CacheMaintenance.stats(second.url).entries == 40, "the values are now in the local tier too")
        #expect(warnings.all.isEmpty)

        let stats = try RemoteCache.stats(server.address)
        #expect(stats.entries == 40 && stats.bytes > 40 * 1000)
        #expect(stats.hits == 40 && stats.misses == 1 && stats.stored == 40 && stats.hitRate == 40.0 / 41)
        let ttl = try server.connection().command(["TTL", RemoteCache.redisKey("key1")]).integer ?? 0
        #expect(ttl > 29 * 86400)
    }

    @Test func garbageAndOtherAudioAreRefusedWithAWarning() throws {
        let server = try RedisServer()
        defer { server.stop() }
        let signer = try cache(server, secret: "s3cret")
        signer.store("good", segment(1))
        signer.store("other", segment(2))
        signer.flush()
        let redis = try server.connection()
        try redis.command(["SET", RemoteCache.redisKey("garbage"), "not audio at all"])
        // A valid, signed value of other audio moved under another key: the HMAC covers the key.
        let other = try #require(redis.command(["GET", RemoteCache.redisKey("other")]).bytes)
        _ = try redis.pipeline([[Array("SET".utf8), Array(RemoteCache.redisKey("moved").utf8), other]])
        // A valid FLAC of other audio, unsigned, with a checksum that matches it.
        let forged = segment(9)
        let unsigned = RemoteValue(sampleRate: 22050, samples: forged.samples.count, peak: forged.peak, rms: forged.rms,
                                   flac: try SoundFile.encodeFLAC(forged.samples, sampleRate: 22050), words: [], loudness: nil,
                                   checksum: RemoteValue.checksum(key: "forged", samples: forged.samples))
        _ = try redis.pipeline([[Array("SET".utf8), Array(RemoteCache.redisKey("forged").utf8), unsigned.encoded(key: "forged", secret: nil)]])

        let warnings = WarningLog(echo: false)
        let reader = try cache(server, secret: "s3cret", warnings: warnings)
        #expect(reader.lookup("good") == segment(1))
        #expect(reader.lookup("garbage") == nil)
        #expect(reader.lookup("moved") == nil)
        #expect(reader.lookup("forged") == nil)
        #expect(reader.remote?.counts.rejected == 3)
        #expect(warnings.all.count == 3)
        #expect(warnings.all.allSatisfy { $0.contains("refused the shared cache's value") })
        #expect(warnings.all.contains { $0.contains("HMAC does not match") } && warnings.all.contains { $0.contains("carries no HMAC") })
        // Without the secret, an unsigned value is checked by its checksum alone.
        let trusting = try cache(server)
        #expect(trusting.lookup("forged")?.samples == forged.samples, "an unsigned value is accepted without a secret")
        try redis.command(["SET", RemoteCache.redisKey("swapped"), "x"])
        var wrong = unsigned
        wrong.checksum ^= 1
        _ = try redis.pipeline([[Array("SET".utf8), Array(RemoteCache.redisKey("swapped").utf8), wrong.encoded(key: "swapped", secret: nil)]])
        #expect(trusting.lookup("swapped") == nil)
    }

    @Test func aWrongPasswordWarnsOnceAndTheLocalTierGoesOn() throws {
        let server = try RedisServer(password: "right horse")
        defer { server.stop() }
        let warnings = WarningLog(echo: false)
        let wrong = try cache(server, warnings: warnings, url: "redis://:wrong%20battery@127.0.0.1:\(server.port)/0")
        wrong.store("k", segment(1))
        #expect(wrong.lookup("k") == segment(1))
        #expect(wrong.lookup("absent") == nil)
        wrong.prefetch(["a", "b"])
        wrong.finishRun(segments: 1, hits: 0, misses: 1)
        #expect(warnings.all.count == 1)
        #expect(warnings.all[0].contains("refused the credentials") && warnings.all[0].contains(":***@"))
        #expect(!warnings.all[0].contains("wrong battery"))
        #expect(wrong.isEnabled && wrong.remote?.isEnabled == false)
        // The right password works.
        let right = try cache(server, url: "redis://:right%20horse@127.0.0.1:\(server.port)/0")
        right.store("k", segment(1))
        right.flush()
        #expect(try RemoteCache.stats(RemoteCacheAddress("redis://:right%20horse@127.0.0.1:\(server.port)/0")).entries == 1)
    }

    @Test func aServerThatDoesNotAnswerTimesOutWithOneWarning() throws {
        let server = try RedisServer()
        defer {
            server.resume()
            server.stop()
        }
        server.pause()
        let warnings = WarningLog(echo: false)
        let slow = try cache(server, warnings: warnings, url: "redis://127.0.0.1:\(server.port)/0?timeout=0.3")
        slow.prefetch(["a", "b"])
        #expect(slow.lookup("a") == nil)
        slow.store("a", segment(1))
        slow.finishRun(segments: 1, hits: 0, misses: 1)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("no answer within 0.3 s") == true, "\(warnings.all)")
        #expect(slow.lookup("a") == segment(1), "the local tier has it")
    }

    @Test func aServerThatIsDownFullOrGoneWarnsOnce() throws {
        let server = try RedisServer(maxMemory: "1mb")
        let warnings = WarningLog(echo: false)
        let full = try cache(server, warnings: warnings)
        for seed in 1...200 { full.store("big\(seed)", segment(seed, count: 20000)) }
        full.finishRun(segments: 200, hits: 0, misses: 200)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("it is full") == true, "\(warnings.all)")
        #expect(full.lookup("big7") == segment(7, count: 20000), "the local tier has everything")

        server.stop()
        let down = WarningLog(echo: false)
        let gone = try cache(server, warnings: down)
        gone.prefetch(["x", "y"])
        #expect(gone.lookup("x") == nil)
        gone.store("x", segment(3))
        gone.finishRun(segments: 1, hits: 0, misses: 1)
        #expect(down.all.count == 1)
        #expect(down.all.first?.contains("cannot reach it") == true, "\(down.all)")
        #expect(throws: RemoteCacheError.self) { try RemoteCache.stats(server.address) }
    }
}
