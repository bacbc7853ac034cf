import Foundation

/// Writes one chapter into a sink, the same for both schedulers: the edge silence, each
/// segment's audio followed by its pause, the end edge — through the chapter's gain and the peak
/// limiter when normalising — and the manifest entries of its segments.
struct ChapterWriter {
    /// What came of a chapter.
    enum Outcome {
        /// `samples` written (the edges and pauses included), and where each segment is.
        case written(samples: Int, segments: [Manifest.Segment])
        /// The segment at `offset` failed; nothing after it was written.
        case failed(SegmentFailure, offset: Int)
    }

    let sampleRate: Int
    let pauses: Pauses
    let loudness: LoudnessSettings?
    let progress: ProgressReporter

    /// Writes `chapter` into `sink`, taking each segment's audio from `next(offset)` in plan
    /// order. Segments are counted in the progress here unless the loudness pass counted them.
    func write(_ chapter: PlannedChapter, into sink: any AudioSink, gain: ChapterGain?,
               next: (Int) throws -> Result<FetchedSegment, SegmentFailure>) throws -> Outcome {
        let limiter = gain.map { LimitingSink(sink, gain: $0.gain, settings: loudness!, sampleRate: sampleRate) }
        let target: any AudioSink = limiter ?? sink
        let start = target.sampleCount
        try target.appendSilence(samples(pauses.chapterEdge))
        var segments: [Manifest.Segment] = []
        for (offset, segment) in chapter.segments.enumerated() {
            let fetched: FetchedSegment
            switch try next(offset) {
            case let .success(audio): fetched = audio
            case let .failure(failure): return .failed(failure, offset: offset)
            }
            if gain == nil { countProgress(fetched, chapter: chapter.index) }
            let position = target.sampleCount - start
            try target.append(fetched.audio.samples)
            let pause = samples(segment.pauseAfter)
            try target.appendSilence(pause)
            segments.append(Manifest.Segment(segment, audio: fetched.audio, start: position, pause: pause, sampleRate: sampleRate))
        }
        try target.appendSilence(samples(pauses.endEdge))
        try limiter?.drain()
        return .written(samples: target.sampleCount - start, segments: segments)
    }

    func countProgress(_ fetched: FetchedSegment, chapter: Int) {
        progress.segmentDone(chapter: chapter, fromCache: fetched.fromCache, seconds: Double(fetched.audio.samples.count) / Double(sampleRate))
    }

    private func samples(_ milliseconds: Int) -> Int { milliseconds * sampleRate / 1000 }
}

extension Manifest.Chapter {
    /// The manifest entry of a chapter as written.
    init(_ chapter: PlannedChapter, file: String, samples: Int, sampleRate: Int, bytes: Int, fingerprint: String,
         gain: ChapterGain?, segments: [Manifest.Segment]) {
        self.init(index: chapter.index, title: chapter.title, part: chapter.part, language: chapter.language, file: file,
                  duration: Manifest.seconds(samples, rate: sampleRate), samples: samples, bytes: bytes, words: chapter.words,
                  fingerprint: fingerprint, loudness: gain.map { Manifest.Loudness(level: $0.level, gain: $0.gain) },
                  segments: segments)
    }
}
