import Foundation

/// `--layout`: where chapter files go and what goes beside them.
public enum LibraryLayout: String, CaseIterable, Sendable {
    /// Everything in the output folder.
    case flat
    /// Audiobookshelf's book library: `Author/Title/` (or `Title/` without an author) inside the
    /// output folder, chapter files numbered in order with track tags, `cover.jpg`/`cover.png`,
    /// `desc.txt` (the description) and `reader.txt` (the narrator). See Docs/outputs.md.
    case audiobookshelf

    /// The folder the chapter files go into.
    public func bookDirectory(base: URL, plan: Plan) -> URL {
        switch self {
        case .flat: return base
        case .audiobookshelf:
            let title = base.appendingPathComponent(plan.book.author.map { OutputLayout.safeName($0) } ?? "")
            return title.appendingPathComponent(OutputLayout.safeName(plan.book.title))
        }
    }

    /// Writes the files beside the audio that the library reads.
    public func writeCompanions(in directory: URL, plan: Plan, voice: String) throws {
        guard self == .audiobookshelf else { return }
        if let cover = plan.cover {
            let name = cover.mimeType == "image/png" ? "cover.png" : "cover.jpg"
            try AtomicFile.write(Data(cover.bytes), to: directory.appendingPathComponent(name))
        }
        if let description = plan.description {
            try AtomicFile.write(Data((description + "\n").utf8), to: directory.appendingPathComponent("desc.txt"))
        }
        try AtomicFile.write(Data("narrate (\(plan.engine.name) \(voice))\n".utf8), to: directory.appendingPathComponent("reader.txt"))
    }
}
