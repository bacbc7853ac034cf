import Dispatch
import Foundation

/// A chapter's level before normalising (LUFS or dBFS; nil when silent) and the gain that brings
/// it to the target.
struct ChapterGain: Sendable {
    var level: Double?
    var gain: Float
}

/// The first pass when normalising, the same for both schedulers: every segment's levels
/// (synthesizing and caching what is missing), then each chapter's gain. Without a cache, up to
/// `keptSamples` of the audio it synthesized is kept for the second pass; the rest is
/// synthesized again, so memory stays bounded however long the chapter.
struct LoudnessPass {
    /// What the pass found.
    struct Measured {
        var gains: [Int: ChapterGain] = [:]
        /// Audio kept for the second pass, by chapter and segment offset.
        var kept: [Int: [Int: CachedSegment]] = [:]
        /// Every segment that failed, in plan order.
        var failures: [SegmentFailure] = []
    }

    let settings: LoudnessSettings
    let source: SegmentAudioSource
    let sampleRate: Int
    let pauses: Pauses
    let progress: ProgressReporter

    /// Measures `chapters`' segments on `jobs` threads (one: in plan order on this thread).
    func measure(_ chapters: [PlannedChapter], jobs: Int, keptSamples: Int) -> Measured {
        let items = chapters.flatMap { chapter in chapter.segments.map { BookSegment(chapter: chapter.index, segment: $0) } }
        let offsets = chapters.flatMap { $0.segments.indices }
        let state = Locked(Tally(count: items.count))
        let queue = WorkQueue(Array(items.indices))
        let keep = keptSamples > 0 && !source.hasCache
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, items.count))) { _ in
            while let index = queue.next() {
                let result = levels(of: items[index], keep: keep)
                if case let .success(measured) = result {
                    progress.segmentDone(chapter: items[index].chapter, fromCache: false,
                                         seconds: Double(measured.levels.samples) / Double(sampleRate))
                }
                state.withLock { $0.record(result, at: index, chapter: items[index].chapter, offset: offsets[index], limit: keptSamples) }
            }
        }
        return gains(chapters, state.withLock { $0 })
    }

    /// One segment's levels, with its audio when it was synthesized here and may be kept.
    private func levels(of item: BookSegment, keep: Bool) -> Result<(levels: SegmentLevels, audio: CachedSegment?), SegmentFailure> {
        do {
            guard keep else { return .success((try source.levels(for: item.segment, chapter: item.chapter), nil)) }
            var audio = try source.audio(for: item.segment, chapter: item.chapter).audio
            let levels = try source.levels(of: &audio, segment: item.segment, chapter: item.chapter)
            return .success((levels, audio))
        } catch {
            return .failure(SegmentFailure(error, at: item))
        }
    }

    /// Each chapter's gain from its segments' levels and its length (pauses and edges included).
    private func gains(_ chapters: [PlannedChapter], _ state: Tally) -> Measured {
        var measured = Measured(kept: state.kept, failures: state.results.compactMap { result in
            if case let .failure(failure)? = result { failure } else { nil }
        })
        var index = 0
        for chapter in chapters {
            var levels: [SegmentLevels] = []
            var total = samples(pauses.chapterEdge) + samples(pauses.endEdge)
            for segment in chapter.segments {
                if case let .success(segmentLevels)? = state.results[index] {
                    levels.append(segmentLevels)
                    total += segmentLevels.samples + samples(segment.pauseAfter)
                }
                index += 1
            }
            let level = settings.level(of: levels, totalSamples: total)
            measured.gains[chapter.index] = ChapterGain(level: level, gain: settings.gain(from: level))
        }
        return measured
    }

    private func samples(_ milliseconds: Int) -> Int { milliseconds * sampleRate / 1000 }

    /// Levels by segment position and the audio kept so far, filled in by the measuring threads.
    private struct Tally {
        var results: [Result<SegmentLevels, SegmentFailure>?]
        var kept: [Int: [Int: CachedSegment]] = [:]
        var keptSamples = 0

        init(count: Int) { results = Array(repeating: nil, count: count) }

        mutating func record(_ result: Result<(levels: SegmentLevels, audio: CachedSegment?), SegmentFailure>,
                             at index: Int, chapter: Int, offset: Int, limit: Int) {
            results[index] = result.map(\.levels)
            guard case let .success((_, audio?)) = result, keptSamples + audio.samples.count <= limit else { return }
            kept[chapter, default: [:]][offset] = audio
            keptSamples += audio.samples.count
        }
    }
}
