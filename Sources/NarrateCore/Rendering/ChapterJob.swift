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
    private let format: OutputFormat
    private let book: BookInfo

    init(chapter: PlannedChapter, plan: Plan, settings: RenderSettings) {
        self.chapter = chapter
        fileName = OutputLayout.chapterFileName(
            index: chapter.index, of: plan.chapters.count, title: chapter.title, extension: settings.format.fileExtension)
        format = settings.format
        book = plan.book
        tag = ID3Tag.chapter(title: chapter.title, book: plan.book, track: chapter.index, of: plan.chapters.count, cover: plan.cover)
        directory = settings.outputDirectory
        mp3 = settings.mp3
        sampleRate = plan.engine.sampleRate
        edgeMilliseconds = plan.pauses.chapterEdge
        var hasher = SHA256()
        hasher.update(settings.format == .mp3 ? "chapter-v1 mp3 \(mp3.bitrate) q\(mp3.quality) edge \(edgeMilliseconds)\n"
                                              : "chapter-v1 \(settings.format.rawValue) edge \(edgeMilliseconds)\n")
        hasher.update(tag.bytes())
        for segment in chapter.segments { hasher.update("\(segment.key) \(segment.pauseAfter)\n") }
        fingerprint = hasher.hexDigest()
    }

    func run(source: SegmentAudioSource, progress: ProgressReporter) -> ChapterOutcome {
        progress.chapterStarted(chapter)
        let writer: any AudioSink
        do {
            let destination = directory.appendingPathComponent(fileName)
            if format == .mp3 {
                writer = try MP3FileWriter(destination: destination, sampleRate: sampleRate, settings: mp3, tag: tag)
            } else {
                writer = try SoundFile.Writer(
                    destination: destination, format: format, sampleRate: sampleRate,
                    tags: .init(title: chapter.title, album: book.title, artist: book.author, track: "\(chapter.index)"))
            }
        } catch let error as NarrateError {
            return .error(error)
        } catch {
            return .error(InternalError("\(error)"))
        }
        var failures: [SegmentFailure] = []
        var segments: [Manifest.Segment] = []
        do {
            let edge = samples(ms: edgeMilliseconds)
            try writer.appendSilence(edge)
            for segment in chapter.segments {
                let audio: CachedSegment
                let fromCache: Bool
                do {
                    (audio, fromCache) = try source.audio(for: segment, chapter: chapter.index)
                } catch let failure as SegmentFailure {
                    // Keep going: the remaining segments are still synthesized and cached.
                    failures.append(failure)
                    continue
                }
                progress.segmentDone(chapter: chapter.index, fromCache: fromCache, seconds: Double(audio.samples.count) / Double(sampleRate))
                guard failures.isEmpty else { continue }
                let start = writer.sampleCount
                try writer.append(audio.samples)
                let pause = samples(ms: segment.pauseAfter)
                try writer.appendSilence(pause)
                segments.append(Manifest.Segment(
                    id: segment.id, kind: segment.kind.rawValue, text: segment.text, voice: segment.voice.name,
                    speaker: segment.speaker, start: seconds(start), duration: seconds(audio.samples.count),
                    pause: seconds(pause), key: segment.key))
            }
            guard failures.isEmpty else {
                writer.cancel()
                progress.chapterFinished(chapter, file: nil, error: failures[0].description)
                return .failed(failures)
            }
            try writer.appendSilence(edge)
            let total = writer.sampleCount
            let bytes = try writer.finish()
            progress.chapterFinished(chapter, file: fileName, error: nil)
            return .written(Manifest.Chapter(
                index: chapter.index, title: chapter.title, part: chapter.part, language: chapter.language, file: fileName,
                duration: seconds(total), samples: total, bytes: bytes, words: chapter.words,
                fingerprint: fingerprint, segments: segments))
        } catch {
            writer.cancel()
            return .error((error as? NarrateError) ?? InternalError("\(error)"))
        }
    }

    private func samples(ms: Int) -> Int { ms * sampleRate / 1000 }
    private func seconds(_ samples: Int) -> Double { (Double(samples) / Double(sampleRate) * 1000).rounded() / 1000 }
}
