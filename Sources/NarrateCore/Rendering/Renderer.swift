import Foundation

/// Settings for writing a rendered book.
public struct RenderSettings: Sendable {
    public var outputDirectory: URL
    public var mp3: MP3Settings
    public var showProgress: Bool
    /// Evict least-recently-used cache entries beyond this many bytes at the end of the run.
    public var cacheMaxBytes: Int?

    public init(outputDirectory: URL, mp3: MP3Settings, showProgress: Bool, cacheMaxBytes: Int? = nil) {
        self.outputDirectory = outputDirectory
        self.mp3 = mp3
        self.showProgress = showProgress
        self.cacheMaxBytes = cacheMaxBytes
    }
}

/// A failure tied to a place in the book, so the user knows where to look.
public struct SegmentFailure: NarrateError {
    public var chapter: Int
    public var paragraph: Int
    public var text: String
    public var underlying: any NarrateError

    public var exitStatus: ExitStatus { underlying.exitStatus }
    public var description: String {
        let place = paragraph > 0 ? "chapter \(chapter), paragraph \(paragraph)" : "chapter \(chapter), heading"
        return "\(place) (\"\(text.prefix(50))\"): \(underlying.description)"
    }
}

/// Renders a plan: each chapter's segments come from the cache or the engine, separated by
/// their pauses and streamed into that chapter's MP3 file; then the playlist and manifest are
/// written. A chapter whose fingerprint matches the previous manifest, and whose file is still
/// there with the recorded size, is reused as it is. Only one segment's audio is in memory at a time.
public final class Renderer {
    private let plan: Plan
    private let source: SegmentAudioSource
    private let cache: SegmentCache?
    private let settings: RenderSettings
    private let clock = ContinuousClock()

    public init(plan: Plan, engine: any SpeechEngine, cache: SegmentCache?, settings: RenderSettings) {
        self.plan = plan
        self.cache = cache
        source = SegmentAudioSource(engine: engine, cache: cache)
        self.settings = settings
    }

    public func run() throws -> RunReport {
        let started = clock.now
        try OutputLayout.prepare(settings.outputDirectory)
        var report = RunReport()
        report.output = settings.outputDirectory.path
        report.segments.total = plan.segmentCount
        report.chapters.total = plan.chapters.count

        let directory = settings.outputDirectory
        let previous = Manifest.load(from: directory)
        var chapters: [Manifest.Chapter] = []
        for chapter in plan.chapters {
            let fileName = OutputLayout.chapterFileName(index: chapter.index, of: plan.chapters.count, title: chapter.title)
            let tag = ID3Tag.chapter(title: chapter.title, book: plan.book, track: chapter.index, of: plan.chapters.count)
            let fingerprint = fingerprint(chapter, tag: tag)
            if let old = previous?.reusableChapter(file: fileName, fingerprint: fingerprint, in: directory) {
                chapters.append(old)
                report.chapters.reused += 1
                report.segments.cached += chapter.segments.count
            } else {
                let hitsBefore = source.hits
                let written = try render(chapter, fileName: fileName, tag: tag, fingerprint: fingerprint)
                chapters.append(written)
                report.chapters.encoded += 1
                report.segments.cached += source.hits - hitsBefore
                report.segments.synthesized += chapter.segments.count - (source.hits - hitsBefore)
            }
            report.seconds.audio += chapters[chapters.count - 1].duration
        }
        if settings.showProgress { Diagnostics.write("\r\u{1B}[K") }
        cache?.finishRun(segments: report.segments.total, hits: report.segments.cached, misses: report.segments.synthesized)
        if let maxBytes = settings.cacheMaxBytes { cache?.evict(toMaxBytes: maxBytes) }

        let manifest = Manifest(
            generator: "narrate \(NarrateVersion.string)", title: plan.book.title, author: plan.book.author,
            language: plan.book.language, engine: plan.engine,
            audio: .init(codec: "mp3", sampleRate: plan.engine.sampleRate, channels: 1,
                         bitrate: settings.mp3.bitrate, quality: settings.mp3.quality),
            duration: report.seconds.audio, chapters: chapters)
        try AtomicFile.write(Data(Playlist.m3u8(manifest).utf8), to: directory.appendingPathComponent("playlist.m3u8"))
        try AtomicFile.write(try manifest.encoded(), to: directory.appendingPathComponent("manifest.json"))
        previous?.removeFiles(notIn: manifest, from: directory)

        let elapsed = clock.now - started
        report.seconds.wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        report.realtimeFactor = report.seconds.wall > 0 ? report.seconds.audio / report.seconds.wall : 0
        report.peakRSSBytes = ProcessStats.peakRSSBytes
        return report
    }

    private func render(_ chapter: PlannedChapter, fileName: String, tag: ID3Tag, fingerprint: String) throws -> Manifest.Chapter {
        let rate = plan.engine.sampleRate
        let writer = try MP3FileWriter(
            destination: settings.outputDirectory.appendingPathComponent(fileName),
            sampleRate: rate, settings: settings.mp3, tag: tag)
        do {
            let edge = samples(ms: plan.pauses.chapterEdge, rate: rate)
            try writer.appendSilence(edge)
            var segments: [Manifest.Segment] = []
            for (number, segment) in chapter.segments.enumerated() {
                progress(chapter: chapter, done: number)
                let audio = try source.audio(for: segment, chapter: chapter.index)
                let start = writer.sampleCount
                try writer.append(audio.samples)
                let pause = samples(ms: segment.pauseAfter, rate: rate)
                try writer.appendSilence(pause)
                segments.append(Manifest.Segment(
                    id: segment.id, kind: segment.kind.rawValue, text: segment.text, voice: segment.voice.name,
                    speaker: segment.speaker, start: seconds(start, rate), duration: seconds(audio.samples.count, rate),
                    pause: seconds(pause, rate), key: segment.key))
            }
            try writer.appendSilence(edge)
            let total = writer.sampleCount
            let bytes = try writer.finish()
            return Manifest.Chapter(
                index: chapter.index, title: chapter.title, language: chapter.language, file: fileName,
                duration: seconds(total, rate), samples: total, bytes: bytes, words: chapter.words,
                fingerprint: fingerprint, segments: segments)
        } catch {
            writer.cancel()
            throw error
        }
    }

    /// What produced a chapter file: if this is unchanged, the file need not be written again.
    func fingerprint(_ chapter: PlannedChapter, tag: ID3Tag) -> String {
        var hasher = SHA256()
        hasher.update("chapter-v1 mp3 \(settings.mp3.bitrate) q\(settings.mp3.quality) edge \(plan.pauses.chapterEdge)\n")
        hasher.update(tag.bytes())
        for segment in chapter.segments { hasher.update("\(segment.key) \(segment.pauseAfter)\n") }
        return hasher.hexDigest()
    }

    private func progress(chapter: PlannedChapter, done: Int) {
        guard settings.showProgress, done % 5 == 0 else { return }
        Diagnostics.write(
            "\r\u{1B}[K[\(chapter.index)/\(plan.chapters.count)] \(chapter.title.prefix(40)) — segment \(done)/\(chapter.segments.count)")
    }

    private func samples(ms: Int, rate: Int) -> Int { ms * rate / 1000 }
    private func seconds(_ samples: Int, _ rate: Int) -> Double { (Double(samples) / Double(rate) * 1000).rounded() / 1000 }
}

public enum NarrateVersion {
    public static let string = "0.1.0"
}
