import Foundation

/// The documents beside the chapter files: manifest.json, playlist.m3u8 and the captions.
struct BookFolder {
    let directory: URL
    private(set) var previous: Manifest?

    /// What shards (`--shard K/N`) wrote into this folder: chapters a run can reuse.
    let shards: [(shard: ShardSelection, manifest: Manifest)]

    init(directory: URL, previous: Manifest?, shards: [(shard: ShardSelection, manifest: Manifest)] = []) {
        self.directory = directory
        self.previous = previous
        self.shards = shards
    }

    /// Lets go of the previous run's segment lists for chapters rendered again: a novel's word
    /// timings take megabytes, and the new entries replace these. (The documents are then
    /// rewritten, even if the new entries come out the same.)
    mutating func forgetSegments(ofChapters indices: some Sequence<Int>) {
        guard var manifest = previous else { return }
        let indices = Set(indices)
        for offset in manifest.chapters.indices where indices.contains(manifest.chapters[offset].index) {
            manifest.chapters[offset].segments = []
        }
        previous = manifest
    }

    /// The chapter entry to reuse, from manifest.json or any shard's manifest.
    func reusableChapter(file: String, fingerprint: String) -> Manifest.Chapter? {
        ([previous].compactMap { $0 } + shards.map(\.manifest)).lazy
            .compactMap { $0.reusableChapter(file: file, fingerprint: fingerprint, in: directory) }.first
    }

    /// Removes the shard manifests a merge has folded into manifest.json.
    func removeShardManifests() {
        for (shard, _) in shards { try? FileManager.default.removeItem(at: directory.appendingPathComponent(shard.manifestName)) }
    }

    /// A shard's own manifest (its chapters only) and their captions; nothing else of the folder
    /// is touched, so shards can share it.
    func writeShard(_ manifest: Manifest, shard: ShardSelection, captions: [CaptionFormat]) throws {
        var manifest = manifest
        manifest.shard = shard.description
        for format in captions {
            for chapter in manifest.chapters {
                try AtomicFile.write(Data(format.document(chapter).utf8), to: directory.appendingPathComponent(format.fileName(forAudio: chapter.file)))
            }
        }
        try AtomicFile.write(try manifest.encoded(), to: directory.appendingPathComponent(shard.manifestName))
    }

    /// The manifest of a render into this folder.
    static func manifest(_ plan: Plan, settings: RenderSettings, chapters: [Manifest.Chapter]) -> Manifest {
        Manifest(
            generator: "narrate \(NarrateVersion.string)", title: plan.book.title, author: plan.book.author,
            language: plan.book.language, engine: plan.engine,
            audio: .init(codec: settings.format.rawValue,
                         sampleRate: settings.sampleRate ?? plan.engine.sampleRate,
                         channels: 1,
                         bitrate: settings.mp3.bitrate, quality: settings.mp3.quality),
            duration: chapters.reduce(0) { $0 + $1.duration }, chapters: chapters,
            skipped: plan.skipped.map(PlanDocument.Skipped.init))
    }

    /// Writes the documents, then removes the files of chapters the book no longer has. A re-run
    /// that changed nothing leaves the files as they are (encoding a novel's manifest with its
    /// word timings is a good part of such a run).
    func write(_ manifest: Manifest, captions: [CaptionFormat]) throws {
        let captionFiles = captions.flatMap { format in manifest.chapters.map { format.fileName(forAudio: $0.file) } }
        let unchanged = previous == manifest
            && (["playlist.m3u8"] + captionFiles).allSatisfy { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if !unchanged {
            try AtomicFile.write(Data(Playlist.m3u8(manifest).utf8), to: directory.appendingPathComponent("playlist.m3u8"))
            try manifest.write(to: directory.appendingPathComponent("manifest.json"))
            for format in captions {
                for chapter in manifest.chapters {
                    try AtomicFile.write(Data(format.document(chapter).utf8),
                                         to: directory.appendingPathComponent(format.fileName(forAudio: chapter.file)))
                }
            }
        }
        previous?.removeFiles(notIn: manifest, from: directory)
    }

    /// What an earlier run wrote for a chapter not rendered this time, if its file is still there.
    func kept(_ chapter: PlannedChapter, chapterCount: Int, fileExtension: String = "mp3") -> Manifest.Chapter? {
        let file = OutputLayout.chapterFileName(index: chapter.index, of: chapterCount, title: chapter.title, extension: fileExtension)
        guard let old = previous?.chapters.first(where: { $0.index == chapter.index && $0.file == file }),
              FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) else { return nil }
        return old
    }
}
