import Foundation

/// One chapter's file: its name, its tag, the fingerprint of everything that produced it (so an
/// unchanged chapter is reused), and the sink that writes it.
struct ChapterFile: Sendable {
    let chapter: PlannedChapter
    let fileName: String
    let tag: ID3Tag
    /// SHA-256 of everything that produced the file (see Docs/manifest.md).
    let fingerprint: String
    private let destination: URL
    private let settings: RenderSettings
    private let book: BookInfo
    private let sampleRate: Int
    /// The plan, for an M4A chapter file's tags and cover.
    private let plan: Plan

    init(chapter: PlannedChapter, plan: Plan, settings: RenderSettings) {
        self.chapter = chapter
        self.settings = settings
        fileName = OutputLayout.chapterFileName(
            index: chapter.index, of: plan.chapters.count, title: chapter.title, extension: settings.format.fileExtension)
        destination = settings.outputDirectory.appendingPathComponent(fileName)
        book = plan.book
        self.plan = plan
        sampleRate = plan.engine.sampleRate
        tag = ID3Tag.chapter(title: chapter.title, book: plan.book, track: chapter.index, of: plan.chapters.count, cover: plan.cover)
        fingerprint = Self.fingerprint(chapter, plan: plan, settings: settings, tag: tag)
    }

    private static func fingerprint(_ chapter: PlannedChapter, plan: Plan, settings: RenderSettings, tag: ID3Tag) -> String {
        let (mp3, edge) = (settings.mp3, plan.pauses.chapterEdge)
        var hasher = SHA256()
        hasher.update(settings.format == .mp3 ? "chapter-v1 mp3 \(mp3.bitrate) q\(mp3.quality) edge \(edge)\n"
                    : settings.format == .m4a ? "chapter-v1 m4a aac-fast \(mp3.bitrate) edge \(edge)\n"
                                              : "chapter-v1 \(settings.format.rawValue) edge \(edge)\n")
        hasher.update(tag.bytes())
        if plan.pauses.chapterEnd != nil { hasher.update("end edge \(plan.pauses.endEdge)\n") }
        if let loudness = settings.loudness { hasher.update("loudness \(loudness.fingerprint)\n") }
        if let rate = settings.sampleRate { hasher.update("rate \(rate)\n") }
        if settings.format == .m4a { hasher.update("m4a tags \(plan.year ?? "") \(plan.description ?? "")\n") }
        for segment in chapter.segments { hasher.update("\(segment.key) \(segment.pauseAfter)\n") }
        return hasher.hexDigest()
    }

    /// The sink that writes the file under a temporary name: MP3 (LAME resamples), or WAV/FLAC
    /// through libsndfile, resampled by libsoxr when asked for another rate.
    func openSink() throws -> any AudioSink {
        if settings.format == .mp3 {
            return try MP3FileWriter(destination: destination, sampleRate: sampleRate, settings: settings.mp3, tag: tag)
        }
        let outputRate = settings.sampleRate ?? sampleRate
        if settings.format == .m4a {
            let tags = AudiobookFile.tags(plan, chapter: chapter, fingerprint: fingerprint)
            let writer = try MP4File.Writer(destination: destination, sampleRate: outputRate, bitrate: settings.mp3.bitrate, tags: tags,
                                            cover: plan.cover, brand: "M4A ")
            return outputRate == sampleRate ? writer : try ResamplingSink(writer, from: sampleRate, to: outputRate)
        }
        let writer = try SoundFile.Writer(
            destination: destination, format: settings.format, sampleRate: outputRate,
            tags: .init(title: chapter.title, album: book.title, artist: book.author, track: "\(chapter.index)"))
        guard outputRate != sampleRate else { return writer }
        return try ResamplingSink(writer, from: sampleRate, to: outputRate)
    }
}
