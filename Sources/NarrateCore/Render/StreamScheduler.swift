import Foundation

/// Renders the book (or the selected chapters) in plan order into one output: a single MP3 file
/// whose ID3 tag carries a CTOC and one CHAP frame per chapter, or a stream on standard output.
/// Synthesis runs ahead on `jobs` threads through an `OrderedSegmentFetcher`; each chapter goes
/// through a `ChapterWriter` into the one encoder, so chapters join without a gap or a
/// frame-boundary seam.
public final class StreamScheduler {
    public enum Destination: Sendable, Equatable {
        case singleFile(URL)
        case standardOutput
    }

    private let plan: Plan
    private let source: SegmentAudioSource
    private let settings: RenderSettings
    private let destination: Destination
    private let format: OutputFormat
    private let finisher: ReportFinisher
    private var sampleRate: Int { plan.engine.sampleRate }

    public init(plan: Plan, engine: any SpeechEngine, cache: SegmentCache?, settings: RenderSettings,
                destination: Destination, format: OutputFormat, warnings: WarningLog? = nil) {
        self.plan = plan
        source = SegmentAudioSource(engine: engine, cache: cache, warnings: warnings)
        self.settings = settings
        self.destination = destination
        self.format = format
        finisher = ReportFinisher(source: source, cache: cache, settings: settings)
    }

    public func run() throws -> RunReport {
        let started = Date()
        let chapters = plan.chapters.filter { settings.chapters?.contains($0.index) ?? true }
        let progress = ProgressReporter(mode: settings.progress, totalSegments: chapters.reduce(0) { $0 + $1.segments.count })
        var report = ReportFinisher.starting(plan, chapters: chapters, settings: settings, output: "")
        if let reused = reuseAudiobook(chapters, report: report, started: started) { return reused }
        let output = try open(chapters)
        report.output = output.name
        var gains: [Int: ChapterGain] = [:]
        if let loudness = settings.loudness {
            let pass = LoudnessPass(settings: loudness, source: source, sampleRate: sampleRate, pauses: plan.pauses, progress: progress)
            let measured = pass.measure(chapters, jobs: settings.jobs, keptSamples: 0)
            if let failure = measured.failures.first {
                output.sink.cancel()
                throw failed(failure, report: report, started: started)
            }
            gains = measured.gains
        }
        let items = chapters.flatMap { chapter in chapter.segments.map { BookSegment(chapter: chapter.index, segment: $0) } }
        let fetcher = OrderedSegmentFetcher(items: items, source: source, jobs: settings.jobs, window: 4 * settings.jobs)
        defer { fetcher.stop() }
        let written: [Manifest.Chapter]
        do {
            written = try write(chapters, to: output, gains: gains, fetcher: fetcher, progress: progress)
        } catch let failure as SegmentFailure {
            progress.finish()
            output.sink.cancel()
            throw failed(failure, report: report, started: started)
        } catch OutputError.streamClosed {
            // The reader has what it wanted (`| head`); stop quietly, keeping what was synthesized.
            fetcher.stop()
            progress.finish()
            finisher.cache?.flush()
            finisher.count(&report, audioSeconds: Double(output.sink.sampleCount) / Double(sampleRate), failed: 0)
            ReportFinisher.stopClock(&report, started: started)
            return report
        } catch {
            output.sink.cancel()
            throw error
        }
        progress.finish()
        try finish(output, chapters: written)
        report.chapters.encoded = written.count
        finisher.count(&report, audioSeconds: written.reduce(0) { $0 + $1.duration }, failed: 0)
        ReportFinisher.stopClock(&report, started: started)
        return report
    }

    /// Every chapter through a `ChapterWriter` into the one sink; throws the first segment that failed.
    private func write(_ chapters: [PlannedChapter], to output: Output, gains: [Int: ChapterGain],
                       fetcher: OrderedSegmentFetcher, progress: ProgressReporter) throws -> [Manifest.Chapter] {
        let writer = ChapterWriter(sampleRate: sampleRate, pauses: plan.pauses, loudness: settings.loudness, progress: progress)
        var written: [Manifest.Chapter] = []
        for chapter in chapters {
            progress.chapterStarted(chapter)
            let outcome = try writer.write(chapter, into: output.sink, gain: gains[chapter.index]) { _ in
                guard let next = fetcher.next() else { throw InternalError("the segment stream ended early") }
                return next
            }
            switch outcome {
            case let .written(samples, segments):
                written.append(Manifest.Chapter(chapter, file: output.name, samples: samples, sampleRate: sampleRate,
                                                bytes: 0, fingerprint: "", gain: gains[chapter.index], segments: segments))
                progress.chapterFinished(chapter, file: output.name, error: nil)
            case let .failed(failure, _):
                throw failure
            }
        }
        return written
    }

    /// The stream stops at its first failure: the report counts it as the one failed segment
    /// (the segments after it were neither synthesized nor failed).
    private func failed(_ failure: SegmentFailure, report: RunReport, started: Date) -> PartialRenderFailure {
        var report = report
        finisher.count(&report, audioSeconds: 0, failed: 0)
        report.segments.failed = 1
        ReportFinisher.stopClock(&report, started: started)
        return PartialRenderFailure(failures: [failure], report: report)
    }
}

extension StreamScheduler {
    /// The one sink a stream render writes into, the book's tag, and the name the report gives it.
    struct Output {
        var sink: any AudioSink
        var bookTag: ID3Tag
        var name: String
        /// The M4B writer under `sink` (which may resample before it), for its chapter marks.
        var audiobook: MP4File.Writer?
    }

    /// Opens the single file (its tag holding chapter marks to be filled in at the end) or the
    /// stream on standard output (resampled by libsoxr when WAV or raw at another rate).
    private func open(_ chapters: [PlannedChapter]) throws -> Output {
        let bookTag = ID3Tag.chapter(title: plan.book.title, book: plan.book, track: 1, of: 1, cover: plan.cover).removing("TRCK")
        switch destination {
        case let .singleFile(url) where format == .m4b:
            return try openAudiobook(url, chapters: chapters, bookTag: bookTag)
        case let .singleFile(url):
            // A device or FIFO is written into as it is: no folder to prepare, and no going back
            // to fill in the chapter marks' times, so its tag has none.
            let isStream = OutputTarget.isStream(url)
            if !isStream { try OutputLayout.prepare(url.deletingLastPathComponent()) }
            let marks = chapters.map { ID3Tag.ChapterMark(title: $0.title, start: 0, end: 0) }
            let placeholder = ID3Tag(frames: bookTag.frames + ID3Tag.chapterFrames(marks, bookTitle: plan.book.title))
            let sink = try MP3FileWriter(destination: url, sampleRate: sampleRate, settings: settings.mp3, tag: isStream ? bookTag : placeholder)
            return Output(sink: sink, bookTag: bookTag, name: url.path)
        case .standardOutput:
            let outputRate = format == .mp3 ? sampleRate : settings.sampleRate ?? sampleRate
            let stream = try StreamWriter(format: format, sampleRate: outputRate, mp3: settings.mp3, tag: bookTag)
            let sink: any AudioSink = outputRate == sampleRate ? stream : try ResamplingSink(stream, from: sampleRate, to: outputRate)
            return Output(sink: sink, bookTag: bookTag, name: "-")
        }
    }

    /// Completes the output: a single file gets its chapter marks, from sample counts so they do
    /// not drift over a long book, and its caption files.
    private func finish(_ output: Output, chapters: [Manifest.Chapter]) throws {
        guard case let .singleFile(url) = destination, output.sink is MP3FileWriter || output.audiobook != nil else {
            _ = try output.sink.finish()
            return
        }
        func milliseconds(_ samples: Int) -> UInt32 { UInt32(min(Int(UInt32.max), samples * 1000 / sampleRate)) }
        var (offset, marks, cues) = (0, [ID3Tag.ChapterMark](), [CaptionFormat.Cue]())
        for chapter in chapters {
            marks.append(ID3Tag.ChapterMark(title: chapter.title, start: milliseconds(offset), end: milliseconds(offset + chapter.samples)))
            cues += CaptionFormat.cues(chapter, offset: Double(offset) / Double(sampleRate))
            offset += chapter.samples
        }
        if let writer = output.sink as? MP3FileWriter {
            try writer.rewriteTag(ID3Tag(frames: output.bookTag.frames + ID3Tag.chapterFrames(marks, bookTitle: plan.book.title)))
        }
        output.audiobook?.chapters = audiobookChapters(chapters)
        _ = try output.sink.finish()
        for format in settings.captions {
            try AtomicFile.write(Data(format.document(cues: cues).utf8),
                                 to: url.deletingLastPathComponent().appendingPathComponent(format.fileName(forAudio: url.lastPathComponent)))
        }
    }
}

extension ID3Tag {
    func removing(_ id: String) -> ID3Tag {
        ID3Tag(frames: frames.filter { if case let .text(frameID, _) = $0 { frameID != id } else { true } })
    }
}

extension StreamScheduler {
    /// Opens the M4B (`--format m4b`): AAC through FFmpeg, resampled by libsoxr when asked for
    /// another rate; its tags carry the fingerprint a re-run compares.
    private func openAudiobook(_ url: URL, chapters: [PlannedChapter], bookTag: ID3Tag) throws -> Output {
        if !OutputTarget.isStream(url) { try OutputLayout.prepare(url.deletingLastPathComponent()) }
        let rate = settings.sampleRate ?? sampleRate
        let tags = AudiobookFile.tags(plan, fingerprint: AudiobookFile.fingerprint(plan, chapters: chapters, settings: settings))
        let writer = try MP4File.Writer(destination: url, sampleRate: rate, bitrate: settings.mp3.bitrate, tags: tags, cover: plan.cover,
                                        brand: "M4B ")
        let sink: any AudioSink = rate == sampleRate ? writer : try ResamplingSink(writer, from: sampleRate, to: rate)
        return Output(sink: sink, bookTag: bookTag, name: url.path, audiobook: writer)
    }

    /// The report of a run that keeps an M4B made from exactly this book and these settings (and
    /// its caption files), without synthesizing or encoding anything; nil when it must be made.
    private func reuseAudiobook(_ chapters: [PlannedChapter], report: RunReport, started: Date) -> RunReport? {
        guard case let .singleFile(url) = destination, format == .m4b,
              settings.captions.allSatisfy({ FileManager.default.fileExists(atPath: Self.captionURL(url, $0).path) }),
              let duration = AudiobookFile.reusable(url, fingerprint: AudiobookFile.fingerprint(plan, chapters: chapters, settings: settings))
        else { return nil }
        var report = report
        report.output = url.path
        report.chapters.reused = chapters.count
        finisher.count(&report, audioSeconds: duration, failed: 0)
        ReportFinisher.stopClock(&report, started: started)
        return report
    }

    private static func captionURL(_ audio: URL, _ format: CaptionFormat) -> URL {
        audio.deletingLastPathComponent().appendingPathComponent(format.fileName(forAudio: audio.lastPathComponent))
    }

    /// The M4B's chapter marks, from sample counts in the file's rate (so they do not drift).
    private func audiobookChapters(_ chapters: [Manifest.Chapter]) -> [MP4File.Chapter] {
        let rate = settings.sampleRate ?? sampleRate
        var offset = 0
        return chapters.map { chapter in
            defer { offset += chapter.samples }
            return MP4File.Chapter(title: chapter.title, start: offset * rate / sampleRate, end: (offset + chapter.samples) * rate / sampleRate)
        }
    }
}
