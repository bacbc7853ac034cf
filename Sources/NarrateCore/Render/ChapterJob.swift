import Foundation

/// Rendering one chapter into its MP3 file: segments in plan order, each followed by its pause,
/// between two edge silences.
struct ChapterJob: Sendable {
    let chapter: PlannedChapter
    let fileName: String
    let tag: ID3Tag
    /// SHA-256 of everything that produced the file (see Docs/manifest.md).
    let fingerprint: String
    private let directory: URL
    private let mp3: MP3Settings
    private let sampleRate: Int
    private let edgeMilliseconds: Int
    private let endEdgeMilliseconds: Int
    private let format: OutputFormat
    private let book: BookInfo
    private let loudness: LoudnessSettings?
    private let outputRate: Int

    init(chapter: PlannedChapter, plan: Plan, settings: RenderSettings) {
        self.chapter = chapter
        fileName = OutputLayout.chapterFileName(
            index: chapter.index, of: plan.chapters.count, title: chapter.title, extension: settings.format.fileExtension)
        format = settings.format
        book = plan.book
        loudness = settings.loudness
        outputRate = settings.sampleRate ?? plan.engine.sampleRate
        tag = ID3Tag.chapter(title: chapter.title, book: plan.book, track: chapter.index, of: plan.chapters.count, cover: plan.cover)
        directory = settings.outputDirectory
        mp3 = settings.mp3
        sampleRate = plan.engine.sampleRate
        edgeMilliseconds = plan.pauses.chapterEdge
        endEdgeMilliseconds = plan.pauses.endEdge
        var hasher = SHA256()
        hasher.update(settings.format == .mp3 ? "chapter-v1 mp3 \(mp3.bitrate) q\(mp3.quality) edge \(edgeMilliseconds)\n"
                                              : "chapter-v1 \(settings.format.rawValue) edge \(edgeMilliseconds)\n")
        hasher.update(tag.bytes())
        if plan.pauses.chapterEnd != nil { hasher.update("end edge \(plan.pauses.endEdge)\n") }
        if let loudness = settings.loudness { hasher.update("loudness \(loudness.fingerprint)\n") }
        if let rate = settings.sampleRate { hasher.update("rate \(rate)\n") }
        for segment in chapter.segments { hasher.update("\(segment.key) \(segment.pauseAfter)\n") }
        fingerprint = hasher.hexDigest()
    }

    /// Without a cache, the first pass keeps at most this many samples of audio for the second
    /// (8 MB, about 3 minutes at 22.05 kHz); the rest is synthesized again, so memory stays
    /// bounded however long the chapter (a 50 MB chapter used to keep all its audio: gigabytes).
    static let keptSamplesLimit = 4 << 20

    /// The first pass when normalising: every segment's levels (synthesizing what is missing),
    /// and the chapter's gain. Without a cache the first `keptSamplesLimit` samples of audio
    /// are kept for the second pass.
    private func measure(source: SegmentAudioSource, progress: ProgressReporter, loudness: LoudnessSettings)
        -> (gain: Float, level: Double?, kept: [Int: CachedSegment], failures: [SegmentFailure]) {
        var levels: [SegmentLevels] = []
        var kept: [Int: CachedSegment] = [:]
        var failures: [SegmentFailure] = []
        var total = samples(ms: edgeMilliseconds) + samples(ms: endEdgeMilliseconds)
        var keptSamples = 0
        for (offset, segment) in chapter.segments.enumerated() {
            do {
                let segmentLevels: SegmentLevels
                if source.hasCache {
                    segmentLevels = try source.levels(for: segment, chapter: chapter.index)
                } else {
                    var (audio, _) = try source.audio(for: segment, chapter: chapter.index)
                    segmentLevels = try source.levels(of: &audio, segment: segment, chapter: chapter.index)
                    if keptSamples + audio.samples.count <= Self.keptSamplesLimit {
                        kept[offset] = audio
                        keptSamples += audio.samples.count
                    }
                }
                levels.append(segmentLevels)
                total += segmentLevels.samples + samples(ms: segment.pauseAfter)
                progress.segmentDone(chapter: chapter.index, fromCache: false, seconds: Double(segmentLevels.samples) / Double(sampleRate))
            } catch let failure as SegmentFailure {
                failures.append(failure)
            } catch {
                failures.append(SegmentFailure(chapter: chapter.index, paragraph: segment.paragraph, text: segment.text,
                                               underlying: InternalError("\(error)")))
            }
        }
        let level = loudness.level(of: levels, totalSamples: total)
        return (loudness.gain(from: level), level, kept, failures)
    }

    func run(source: SegmentAudioSource, progress: ProgressReporter) -> ChapterOutcome {
        progress.chapterStarted(chapter)
        var normalisation: (gain: Float, level: Double?, kept: [Int: CachedSegment])?
        if let loudness {
            let measured = measure(source: source, progress: progress, loudness: loudness)
            guard measured.failures.isEmpty else {
                progress.chapterFinished(chapter, file: nil, error: measured.failures[0].description)
                return .failed(measured.failures)
            }
            normalisation = (measured.gain, measured.level, measured.kept)
        }
        var writer: any AudioSink
        do {
            let destination = directory.appendingPathComponent(fileName)
            if format == .mp3 {
                writer = try MP3FileWriter(destination: destination, sampleRate: sampleRate, settings: mp3, tag: tag)
            } else {
                writer = try SoundFile.Writer(
                    destination: destination, format: format, sampleRate: outputRate,
                    tags: .init(title: chapter.title, album: book.title, artist: book.author, track: "\(chapter.index)"))
                if outputRate != sampleRate { writer = try ResamplingSink(writer, from: sampleRate, to: outputRate) }
            }
        } catch let error as NarrateError {
            return .error(error)
        } catch {
            return .error(InternalError("\(error)"))
        }
        if let loudness, let normalisation {
            writer = LimitingSink(writer, gain: normalisation.gain, settings: loudness, sampleRate: sampleRate)
        }
        var failures: [SegmentFailure] = []
        var segments: [Manifest.Segment] = []
        do {
            let edge = samples(ms: edgeMilliseconds)
            try writer.appendSilence(edge)
            for (offset, segment) in chapter.segments.enumerated() {
                let audio: CachedSegment
                let fromCache: Bool
                do {
                    if let kept = normalisation?.kept[offset] {
                        (audio, fromCache) = (kept, false)
                    } else {
                        (audio, fromCache) = try source.audio(for: segment, chapter: chapter.index)
                    }
                } catch let failure as SegmentFailure {
                    // Keep going: the remaining segments are still synthesized and cached.
                    failures.append(failure)
                    continue
                }
                if normalisation == nil {
                    progress.segmentDone(chapter: chapter.index, fromCache: fromCache, seconds: Double(audio.samples.count) / Double(sampleRate))
                }
                guard failures.isEmpty else { continue }
                let start = writer.sampleCount
                try writer.append(audio.samples)
                let pause = samples(ms: segment.pauseAfter)
                try writer.appendSilence(pause)
                segments.append(Manifest.Segment(segment, audio: audio, start: start, pause: pause, sampleRate: sampleRate))
            }
            guard failures.isEmpty else {
                writer.cancel()
                progress.chapterFinished(chapter, file: nil, error: failures[0].description)
                return .failed(failures)
            }
            try writer.appendSilence(samples(ms: endEdgeMilliseconds))
            let total = writer.sampleCount
            let bytes = try writer.finish()
            progress.chapterFinished(chapter, file: fileName, error: nil)
            return .written(Manifest.Chapter(
                index: chapter.index, title: chapter.title, part: chapter.part, language: chapter.language, file: fileName,
                duration: seconds(total), samples: total, bytes: bytes, words: chapter.words,
                fingerprint: fingerprint, loudness: normalisation.map { Manifest.Loudness(level: $0.level, gain: $0.gain) },
                segments: segments))
        } catch {
            writer.cancel()
            return .error((error as? NarrateError) ?? InternalError("\(error)"))
        }
    }

    private func samples(ms: Int) -> Int { ms * sampleRate / 1000 }
    private func seconds(_ samples: Int) -> Double { Manifest.seconds(samples, rate: sampleRate) }
}
