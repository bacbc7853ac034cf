import Foundation

/// Where a segment's audio comes from: the cache when it has the key, else the engine (then
/// trimmed and stored). Thread-safe; counts cache misses and synthesis latencies for the report.
public final class SegmentAudioSource: @unchecked Sendable {
    // Safe: `latencies` and `synthesized` are only touched under `lock`; engine and cache are thread-safe.
    private let engine: any SpeechEngine
    private let cache: SegmentCache?
    private let trimmer = SilenceTrimmer()
    private let lock = NSLock()
    private var latencies: [Double] = []
    /// Segments (by chapter and id) synthesized at least once. A segment can be synthesized
    /// twice in a run (measured for loudness, then written, after the cache failed in between);
    /// it is still one segment of the book, so the report's counts stay within its total.
    private var synthesized: Set<String> = []

    public init(engine: any SpeechEngine, cache: SegmentCache?) {
        self.engine = engine
        self.cache = cache
    }

    public var hasCache: Bool { cache?.isEnabled ?? false }

    /// Segments synthesized (not found in the cache) so far, each counted once.
    public var misses: Int { lock.withLock { synthesized.count } }

    /// The audio and whether it came from the cache.
    public func audio(for segment: Segment, chapter: Int) throws -> (CachedSegment, fromCache: Bool) {
        if let cached = cache?.lookup(segment.key) { return (cached, true) }
        let started = Date()
        let audio: SynthesizedAudio
        do {
            audio = try engine.synthesize(segment.spoken, voice: segment.voice)
        } catch let error as NarrateError {
            throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text, underlying: error)
        }
        let range = trimmer.audibleRange(audio.samples)
        if range.isEmpty {
            throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text,
                                 underlying: SynthesisError.noAudio(text: segment.text))
        }
        let words = audio.words.compactMap { word -> WordTiming? in
            guard word.sample < range.upperBound else { return nil }
            var shifted = word
            shifted.sample = max(0, word.sample - range.lowerBound)
            return shifted
        }
        var result = CachedSegment(samples: Array(audio.samples[range]), sampleRate: audio.sampleRate, words: words)
        result.loudness = try? LoudnessMeter.measure(result.samples, sampleRate: result.sampleRate)
        cache?.store(segment.key, result)
        let elapsed = Date().timeIntervalSince(started)
        lock.withLock {
            latencies.append(elapsed)
            synthesized.insert("\(chapter) \(segment.id)")
        }
        return (result, false)
    }

    /// A segment's levels for loudness normalisation: from the cache without decoding when it
    /// has them, else from the audio (cached or synthesized), measured once and stored.
    public func levels(for segment: Segment, chapter: Int) throws -> SegmentLevels {
        if let levels = cache?.levels(segment.key) { return levels }
        var (audio, _) = try audio(for: segment, chapter: chapter)
        return try levels(of: &audio, segment: segment, chapter: chapter)
    }

    /// The levels of audio in hand, measuring it (and storing the measurement) when it has none.
    func levels(of audio: inout CachedSegment, segment: Segment, chapter: Int) throws -> SegmentLevels {
        if audio.loudness == nil {
            do {
                audio.loudness = try LoudnessMeter.measure(audio.samples, sampleRate: audio.sampleRate)
            } catch let error as NarrateError {
                throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text, underlying: error)
            }
            cache?.store(segment.key, audio)
        }
        return SegmentLevels(samples: audio.samples.count, peak: audio.peak, rms: audio.rms, loudness: audio.loudness!)
    }

    /// Median and 95th percentile of synthesis time per segment, in milliseconds.
    public func latencyPercentiles() -> RunReport.Latency? {
        let sorted = lock.withLock { latencies }.sorted()
        guard !sorted.isEmpty else { return nil }
        func percentile(_ p: Double) -> Double {
            (sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))] * 10_000).rounded() / 10
        }
        return RunReport.Latency(p50Milliseconds: percentile(0.5), p95Milliseconds: percentile(0.95))
    }
}
