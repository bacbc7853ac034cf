import Foundation

/// Renders the book (or the selected chapters) in plan order into one output: a single MP3 file
/// whose ID3 tag carries a CTOC and one CHAP frame per chapter, or a stream on standard output.
/// Synthesis runs ahead on `jobs` threads through an `OrderedSegmentFetcher`; the encoder is one
/// continuous stream, so chapters join without a gap or a frame-boundary seam.
public final class SequentialRenderer {
    public enum Destination: Sendable, Equatable {
        case singleFile(URL)
        case standardOutput
    }

    private let plan: Plan
    private let source: SegmentAudioSource
    private let cache: SegmentCache?
    private let settings: RenderSettings
    private let destination: Destination
    private let format: OutputFormat

    public init(plan: Plan, engine: any SpeechEngine, cache: SegmentCache?, settings: RenderSettings,
                destination: Destination, format: OutputFormat, warnings: WarningLog? = nil) {
        self.plan = plan
        self.cache = cache
        source = SegmentAudioSource(engine: engine, cache: cache, warnings: warnings)
        self.settings = settings
        self.destination = destination
        self.format = format
    }

    public func run() throws -> RunReport {
        let started = Date()
        let chapters = plan.chapters.filter { settings.chapters?.contains($0.index) ?? true }
        let rate = plan.engine.sampleRate
        let progress = ProgressReporter(mode: settings.progress, totalSegments: chapters.reduce(0) { $0 + $1.segments.count })
        var report = RunReport()
        report.skipped = plan.skipped.map(PlanDocument.Skipped.init)
        report.jobs = settings.jobs
        report.segments.total = chapters.reduce(0) { $0 + $1.segments.count }
        report.chapters.total = chapters.count

        let bookTag = ID3Tag.chapter(title: plan.book.title, book: plan.book, track: 1, of: 1, cover: plan.cover)
            .removing("TRCK")
        let placeholder = ID3Tag(frames: bookTag.frames + ID3Tag.chapterFrames(
            chapters.map { ($0.title, UInt32(0), UInt32(0)) }, bookTitle: plan.book.title))
        let sink: any AudioSink
        switch destination {
        case let .singleFile(url):
            // A device or FIFO is written into as it is: no folder to prepare, and no going back
            // to fill in the chapter marks' times, so its tag has none.
            let isStream = OutputTarget.isStream(url)
            if !isStream { try OutputLayout.prepare(url.deletingLastPathComponent()) }
            sink = try MP3FileWriter(destination: url, sampleRate: rate, settings: settings.mp3, tag: isStream ? bookTag : placeholder)
            report.output = url.path
        case .standardOutput:
            let outputRate = format == .mp3 ? rate : settings.sampleRate ?? rate
            let stream = try StreamWriter(format: format, sampleRate: outputRate, mp3: settings.mp3, tag: bookTag)
            sink = outputRate == rate ? stream : try ResamplingSink(stream, from: rate, to: outputRate)
            report.output = "-"
        }

        let items = chapters.flatMap { chapter in chapter.segments.map { (chapter.index, $0) } }
        let gains: [Int: (gain: Float, level: Double?)]
        if let loudness = settings.loudness {
            do {
                gains = try measure(chapters, items: items, loudness: loudness, progress: progress)
            } catch let failure as SegmentFailure {
                sink.cancel()
                report = finishReport(report, audioSeconds: 0)
                report.segments.failed = 1
                throw PartialRenderFailure(failures: [failure], report: report)
            }
        } else {
            gains = [:]
        }
        let fetcher = OrderedSegmentFetcher(items: items, source: source, jobs: settings.jobs, window: 4 * settings.jobs)
        defer { fetcher.stop() }
        var written: [Manifest.Chapter] = []
        var failure: SegmentFailure?
        let (edge, endEdge) = (plan.pauses.chapterEdge * rate / 1000, plan.pauses.endEdge * rate / 1000)
        do {
            chapterLoop: for chapter in chapters {
                progress.chapterStarted(chapter)
                let chapterStart = sink.sampleCount
                let limiter = gains[chapter.index].map {
                    LimitingSink(sink, gain: $0.gain, settings: settings.loudness!, sampleRate: rate)
                }
                let chapterSink: any AudioSink = limiter ?? sink
                var position: Int { limiter?.sampleCount ?? sink.sampleCount - chapterStart }
                try chapterSink.appendSilence(edge)
                var segments: [Manifest.Segment] = []
                for segment in chapter.segments {
                    switch fetcher.next() {
                    case let .success((audio, fromCache))?:
                        if limiter == nil {
                            progress.segmentDone(chapter: chapter.index, fromCache: fromCache, seconds: Double(audio.samples.count) / Double(rate))
                        }
                        let start = position
                        try chapterSink.append(audio.samples)
                        let pause = segment.pauseAfter * rate / 1000
                        try chapterSink.appendSilence(pause)
                        segments.append(Manifest.Segment(segment, audio: audio, start: start, pause: pause, sampleRate: rate))
                    case let .failure(error)?:
                        failure = error
                        break chapterLoop
                    case nil:
                        throw InternalError("the segment stream ended early")
                    }
                }
                try chapterSink.appendSilence(endEdge)
                try limiter?.drain()
                let samples = sink.sampleCount - chapterStart
                written.append(Manifest.Chapter(
                    index: chapter.index, title: chapter.title, part: chapter.part, language: chapter.language,
                    file: report.output, duration: Manifest.seconds(samples, rate: rate), samples: samples, bytes: 0, words: chapter.words,
                    fingerprint: "", loudness: gains[chapter.index].map { Manifest.Loudness(level: $0.level, gain: $0.gain) },
                    segments: segments))
                progress.chapterFinished(chapter, file: report.output, error: nil)
            }
        } catch OutputError.streamClosed {
            // The reader has what it wanted (`| head`); stop quietly, keeping what was synthesized.
            fetcher.stop()
            progress.finish()
            cache?.flush()
            report.seconds.wall = Date().timeIntervalSince(started)
            return finishReport(report, audioSeconds: Double(sink.sampleCount) / Double(rate))
        } catch {
            sink.cancel()
            throw error
        }
        progress.finish()

        if let failure {
            sink.cancel()
            report = finishReport(report, audioSeconds: 0)
            report.segments.failed = 1
            throw PartialRenderFailure(failures: [failure], report: report)
        }
        if case let .singleFile(url) = destination, let writer = sink as? MP3FileWriter {
            // Chapter marks from sample counts, so they do not drift over a long book.
            var offset = 0
            var marks: [(title: String, start: UInt32, end: UInt32)] = []
            func milliseconds(_ samples: Int) -> UInt32 { UInt32(min(Int(UInt32.max), samples * 1000 / rate)) }
            for chapter in written {
                marks.append((chapter.title, milliseconds(offset), milliseconds(offset + chapter.samples)))
                offset += chapter.samples
            }
            try writer.rewriteTag(ID3Tag(frames: bookTag.frames + ID3Tag.chapterFrames(marks, bookTitle: plan.book.title)))
            _ = try writer.finish()
            var captionOffset = 0
            var cues: [CaptionFormat.Cue] = []
            for chapter in written {
                cues += CaptionFormat.cues(chapter, offset: Double(captionOffset) / Double(rate))
                captionOffset += chapter.samples
            }
            for format in settings.captions {
                try AtomicFile.write(Data(format.document(cues: cues).utf8),
                                     to: url.deletingLastPathComponent().appendingPathComponent(format.fileName(forAudio: url.lastPathComponent)))
            }
        } else {
            _ = try sink.finish()
        }
        report.chapters.encoded = written.count
        report.seconds.wall = Date().timeIntervalSince(started)
        return finishReport(report, audioSeconds: written.reduce(0) { $0 + $1.duration })
    }

    /// The first pass when normalising: every segment's levels, fetched `jobs` at a time (this
    /// synthesizes and caches what is missing), then each chapter's gain.
    private func measure(_ chapters: [PlannedChapter], items: [(Int, Segment)], loudness: LoudnessSettings,
                         progress: ProgressReporter) throws -> [Int: (gain: Float, level: Double?)] {
        let results = LevelResults(count: items.count)
        let queue = WorkQueue(Array(items.indices))
        let (source, rate) = (self.source, plan.engine.sampleRate)
        DispatchQueue.concurrentPerform(iterations: max(1, min(settings.jobs, items.count))) { _ in
            while let index = queue.next() {
                let (chapter, segment) = items[index]
                do {
                    let levels = try source.levels(for: segment, chapter: chapter)
                    results.set(index, .success(levels))
                    progress.segmentDone(chapter: chapter, fromCache: false, seconds: Double(levels.samples) / Double(rate))
                } catch let failure as SegmentFailure {
                    results.set(index, .failure(failure))
                } catch {
                    results.set(index, .failure(SegmentFailure(chapter: chapter, paragraph: segment.paragraph, text: segment.text,
                                                               underlying: InternalError("\(error)"))))
                }
            }
        }
        var gains: [Int: (gain: Float, level: Double?)] = [:]
        var index = 0
        for chapter in chapters {
            var levels: [SegmentLevels] = []
            var total = (plan.pauses.chapterEdge + plan.pauses.endEdge) * rate / 1000
            for segment in chapter.segments {
                levels.append(try results.get(index).get())
                total += levels[levels.count - 1].samples + segment.pauseAfter * rate / 1000
                index += 1
            }
            let level = loudness.level(of: levels, totalSamples: total)
            gains[chapter.index] = (loudness.gain(from: level), level)
        }
        return gains
    }

    private func finishReport(_ report: RunReport, audioSeconds: Double) -> RunReport {
        var report = report
        report.seconds.audio = audioSeconds
        report.segments.synthesized = source.misses
        report.segments.cached = max(0, report.segments.total - source.misses)
        report.cacheHitRate = report.segments.total > 0
            ? (Double(report.segments.cached) / Double(report.segments.total) * 1000).rounded() / 1000 : 0
        report.latency = source.latencyPercentiles()
        report.realtimeFactor = report.seconds.wall > 0 ? report.seconds.audio / report.seconds.wall : 0
        report.peakRSSBytes = ProcessStats.peakRSSBytes
        cache?.finishRun(segments: report.segments.total, hits: report.segments.cached, misses: report.segments.synthesized)
        if let maxBytes = settings.cacheMaxBytes { cache?.evict(toMaxBytes: maxBytes) }
        return report
    }

}

extension ID3Tag {
    func removing(_ id: String) -> ID3Tag {
        ID3Tag(frames: frames.filter { if case let .text(frameID, _) = $0 { frameID != id } else { true } })
    }
}

/// Levels by segment position, filled in by the measuring threads.
final class LevelResults: Sendable {
    private let results: Locked<[Result<SegmentLevels, SegmentFailure>?]>

    init(count: Int) { results = Locked(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ result: Result<SegmentLevels, SegmentFailure>) { results.withLock { $0[index] = result } }
    func get(_ index: Int) -> Result<SegmentLevels, SegmentFailure> {
        results.withLock { $0[index] } ?? .failure(SegmentFailure(chapter: 0, paragraph: 0, text: "", underlying: InternalError("segment \(index) was not measured")))
    }
}
