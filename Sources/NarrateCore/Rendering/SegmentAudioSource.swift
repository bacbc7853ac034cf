/// Where a segment's audio comes from: the cache when it has the key, else the engine (then
/// trimmed and stored). Counts hits and misses for the run report.
public final class SegmentAudioSource: @unchecked Sendable {
    // Safe: the counters are only changed under `lock`; engine and cache are thread-safe.
    private let engine: any SpeechEngine
    private let cache: SegmentCache?
    private let trimmer = SilenceTrimmer()
    private let lock = NSLockish()
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(engine: any SpeechEngine, cache: SegmentCache?) {
        self.engine = engine
        self.cache = cache
    }

    public func audio(for segment: Segment, chapter: Int) throws -> CachedSegment {
        if let cached = cache?.lookup(segment.key) {
            lock.run { hits += 1 }
            return cached
        }
        let audio: SynthesizedAudio
        do {
            audio = try engine.synthesize(segment.text, voice: segment.voice)
        } catch let error as NarrateError {
            throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text, underlying: error)
        }
        let range = trimmer.audibleRange(audio.samples)
        if range.isEmpty {
            throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text,
                                 underlying: SynthesisError.noAudio(text: segment.text))
        }
        let words = audio.words.compactMap { word -> WordTiming? in
            var shifted = word
            shifted.sample = max(0, word.sample - range.lowerBound)
            return word.sample < range.upperBound ? shifted : nil
        }
        let result = CachedSegment(samples: Array(audio.samples[range]), sampleRate: audio.sampleRate, words: words)
        cache?.store(segment.key, result)
        lock.run { misses += 1 }
        return result
    }
}

import Foundation

/// A tiny lock wrapper so counters read clearly at the call site.
struct NSLockish: Sendable {
    private let lock = NSLock()
    func run<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }
}
