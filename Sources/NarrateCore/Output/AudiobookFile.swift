import Foundation

/// The M4B audiobook file and the M4A chapter files: where they go, their tags, and the
/// fingerprint that lets a re-run of an unchanged book keep its M4B as it is.
public enum AudiobookFile {
    /// Where `--format m4b` writes: `-o` itself (a file), `Title.m4b` inside `-o` when it is a
    /// folder (or ends in `/`), `Title.m4b` in the current folder without `-o`; with
    /// `--layout audiobookshelf`, `Author/Title/Title.m4b` inside `-o` (or the current folder).
    public static func url(output: String?, layout: LibraryLayout, plan: Plan) -> URL {
        let name = OutputLayout.safeName(plan.book.title) + ".m4b"
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard layout == .flat else {
            let base = output.map { URL(fileURLWithPath: $0) } ?? current
            return layout.bookDirectory(base: base, plan: plan).appendingPathComponent(name)
        }
        guard let output else { return current.appendingPathComponent(name) }
        var isFolder: ObjCBool = false
        if output.hasSuffix("/") || (FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) && isFolder.boolValue) {
            return URL(fileURLWithPath: output).appendingPathComponent(name)
        }
        return URL(fileURLWithPath: output)
    }

    /// The tags of a whole book (no track number) or of one chapter file (`chapter`, its track n/N).
    static func tags(_ plan: Plan, chapter: PlannedChapter? = nil, fingerprint: String) -> MP4File.Tags {
        MP4File.Tags(
            title: chapter?.title ?? plan.book.title, album: plan.book.title, artist: plan.book.author, year: plan.year,
            description: plan.description, track: chapter.map { ($0.index, plan.chapters.count) },
            language: ISO639.threeLetter(plan.book.language), encoder: encoderTag(fingerprint))
    }

    /// `©too`: narrate's version and the fingerprint of what made the file.
    static func encoderTag(_ fingerprint: String) -> String {
        "narrate \(NarrateVersion.string) (render \(fingerprint.prefix(32)))"
    }

    /// SHA-256 of everything that makes a book's M4B: the chapters' segments and pauses, the
    /// encoder settings, loudness, tags and cover. Stored in the file's `©too` tag.
    static func fingerprint(_ plan: Plan, chapters: [PlannedChapter], settings: RenderSettings) -> String {
        var hasher = SHA256()
        hasher.update("m4b-v1 aac-fast \(settings.mp3.bitrate) rate \(settings.sampleRate ?? plan.engine.sampleRate)\n")
        hasher.update("edge \(plan.pauses.chapterEdge) end \(plan.pauses.endEdge)\n")
        if let loudness = settings.loudness { hasher.update("loudness \(loudness.fingerprint)\n") }
        let tags = tags(plan, fingerprint: "")
        for (key, value) in tags.entries + [("language", tags.language)] { hasher.update("\(key)=\(value)\n") }
        if let cover = plan.cover { hasher.update(cover.mimeType + "\n"); hasher.update(cover.bytes) }
        for chapter in chapters {
            hasher.update("chapter \(chapter.index) \(chapter.title)\n")
            for segment in chapter.segments { hasher.update("\(segment.key) \(segment.pauseAfter)\n") }
        }
        return hasher.hexDigest()
    }

    /// Whether the file at `url` is an M4B narrate wrote from exactly this fingerprint; its
    /// duration in seconds when it is.
    static func reusable(_ url: URL, fingerprint: String) -> Double? {
        guard MP4File.isMP4(url), let contents = try? MP4File.read(url, decodeAudio: false),
              contents.tags["encoder"] == encoderTag(fingerprint) else { return nil }
        return contents.duration
    }
}
