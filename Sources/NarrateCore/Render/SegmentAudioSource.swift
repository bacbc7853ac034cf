import Foundation

/// Where a segment's audio comes from: the cache when it has the key, else the engine (then
/// trimmed and stored). Thread-safe; counts cache misses and synthesis latencies for the report.
///
/// Text the engine has nothing to say for (a script its voice lacks, punctuation only) gives an
/// empty segment — its pause still follows — and one warning naming the place, rather than
/// failing the chapter. Such segments are not cached, so every run warns again.
public final class SegmentAudioSource: Sendable {
    /// What the report counts, filled in by the render threads.
    private struct Tally {
        var latencies: [Double] = []
        /// Segments (by chapter and id) synthesized at least once. A segment can be synthesized
        /// twice in a run (measured for loudness, then written, after the cache failed in
        /// between); it is still one segment of the book, so the report's counts stay within its total.
        var synthesized: Set<String> = []
        var silent: Set<String> = []
    }

    private let engine: any SpeechEngine
    private let cache: SegmentCache?
    private let warnings: WarningLog?
    private let trimmer = SilenceTrimmer()
    private let tally = Locked(Tally())

    public init(engine: any SpeechEngine, cache: SegmentCache?, warnings: WarningLog? = nil) {
        self.engine = engine
        self.cache = cache
        self.warnings = warnings
    }

    public var hasCache: Bool { cache?.isEnabled ?? false }

    /// Segments synthesized (not found in the cache) so far, each counted once.
    public var misses: Int { tally.withLock { $0.synthesized.count } }

    /// A segment's audio, or the failure at its place in the book.
    func fetch(_ item: BookSegment) -> Result<FetchedSegment, SegmentFailure> {
        do {
            return .success(try audio(for: item.segment, chapter: item.chapter))
        } catch {
            return .failure(SegmentFailure(error, at: item))
        }
    }

    /// The audio and whether it came from the cache.
    public func audio(for segment: Segment, chapter: Int) throws -> FetchedSegment {
        if let cached = cache?.lookup(segment.key) { return FetchedSegment(audio: cached, fromCache: true) }
        let started = Date()
        let audio: SynthesizedAudio
        do {
            audio = try engine.synthesize(segment.spoken, voice: segment.voice)
        } catch let error as NarrateError {
            throw SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text, underlying: error)
        }
        let range = trimmer.audibleRange(audio.samples)
        if range.isEmpty {
            if tally.withLock({ $0.silent.insert(segment.id).inserted }) {
                let place = segment.paragraph > 0 ? "chapter \(chapter), paragraph \(segment.paragraph)" : "chapter \(chapter), heading"
                let excerpt = segment.text.count > 60 ? segment.text.prefix(57) + "…" : Substring(segment.text)
                warnings?.add("\(place) (\"\(excerpt)\"): espeak-ng has nothing to say for this text with the voice \(segment.voice.name); skipped. Give that chapter a voice for its language in the cast file, or reword it")
            }
            tally.withLock {
                $0.latencies.append(Date().timeIntervalSince(started))
                $0.synthesized.insert("\(chapter) \(segment.id)")
            }
            var empty = CachedSegment(samples: [], sampleRate: audio.sampleRate, words: [])
            empty.loudness = try? LoudnessMeter.measure([], sampleRate: audio.sampleRate)
            return FetchedSegment(audio: empty, fromCache: false)
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
        tally.withLock {
            $0.latencies.append(elapsed)
            $0.synthesized.insert("\(chapter) \(segment.id)")
        }
        return FetchedSegment(audio: result, fromCache: false)
    }

    /// A segment's levels for loudness normalisation: from the cache without decoding when it
    /// has them, else from the audio (cached or synthesized), measured once and stored.
    public func levels(for segment: Segment, chapter: Int) throws -> SegmentLevels {
        if let levels = cache?.levels(segment.key) { return levels }
        var audio = try audio(for: segment, chapter: chapter).audio
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
        let sorted = tally.withLock { $0.latencies }.sorted()
        guard !sorted.isEmpty else { return nil }
        func percentile(_ p: Double) -> Double {
            (sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))] * 10_000).rounded() / 10
        }
        return RunReport.Latency(p50Milliseconds: percentile(0.5), p95Milliseconds: percentile(0.95))
    }
}

/// A segment and the chapter it belongs to: one item of the work the render threads share.
struct BookSegment: Sendable {
    var chapter: Int
    var segment: Segment
}

/// A segment's audio and where it came from.
public struct FetchedSegment: Sendable {
    public var audio: CachedSegment
    public var fromCache: Bool
}
