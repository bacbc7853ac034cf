/// An ID3v2.3 tag, written by narrate itself so every text is Unicode (UTF-16) and chapter
/// frames can be added. ID3v2.3 is the version the most players read.
public struct ID3Tag: Sendable, Equatable {
    public enum Frame: Sendable, Equatable {
        /// A text frame such as TIT2 (title), TALB (album), TPE1 (artist), TPE2 (album artist),
        /// TRCK (track "n/N"), TCON (genre), TLAN (language).
        case text(id: String, value: String)
        /// APIC: the front cover.
        case picture(mimeType: String, bytes: [UInt8])
        /// CHAP (ID3v2 Chapter Frame Addendum): a chapter's start and end in milliseconds and its title.
        case chapter(id: String, startMilliseconds: UInt32, endMilliseconds: UInt32, title: String)
        /// CTOC: an ordered table of contents listing CHAP (or child CTOC) element IDs.
        case tableOfContents(id: String, topLevel: Bool, children: [String], title: String?)
    }

    public var frames: [Frame]

    public init(frames: [Frame] = []) { self.frames = frames }

    /// Tags for one chapter file of a book.
    public static func chapter(title: String, book: BookInfo, track: Int, of total: Int, cover: CoverImage? = nil) -> ID3Tag {
        var frames: [Frame] = [
            .text(id: "TIT2", value: title),
            .text(id: "TALB", value: book.title),
            .text(id: "TRCK", value: "\(track)/\(total)"),
            .text(id: "TCON", value: "Audiobook"),
        ]
        if let author = book.author {
            frames.append(.text(id: "TPE1", value: author))
            frames.append(.text(id: "TPE2", value: author))
        }
        frames.append(.text(id: "TLAN", value: ISO639.threeLetter(book.language)))
        if let cover { frames.append(.picture(mimeType: cover.mimeType, bytes: cover.bytes)) }
        return ID3Tag(frames: frames)
    }

    public func bytes() -> [UInt8] {
        let body = frames.flatMap(Self.bytes)
        return Array("ID3".utf8) + [3, 0, 0] + Self.synchsafe(UInt32(body.count)) + body
    }

    static func bytes(_ frame: Frame) -> [UInt8] {
        switch frame {
        case let .text(id, value):
            var data: [UInt8] = [0x01, 0xFF, 0xFE]  // UTF-16 with a little-endian BOM
            for unit in value.utf16 { data += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return Self.frame(id, data)
        case let .picture(mimeType, bytes):
            // Latin-1 encoding, MIME type, picture type 3 (front cover), empty description.
            return Self.frame("APIC", [0x00] + Array(mimeType.utf8) + [0x00, 0x03, 0x00] + bytes)
        case let .chapter(id, start, end, title):
            // Byte offsets 0xFFFFFFFF: "use the times".
            let data = Array(id.utf8) + [0] + bigEndian(start) + bigEndian(end) + bigEndian(.max) + bigEndian(.max)
                + bytes(.text(id: "TIT2", value: title))
            return Self.frame("CHAP", data)
        case let .tableOfContents(id, topLevel, children, title):
            var data = Array(id.utf8) + [0, (topLevel ? 0x02 : 0) | 0x01, UInt8(children.count)]
            for child in children { data += Array(child.utf8) + [0] }
            if let title { data += bytes(.text(id: "TIT2", value: title)) }
            return Self.frame("CTOC", data)
        }
    }

    private static func frame(_ id: String, _ data: [UInt8]) -> [UInt8] {
        Array(id.utf8) + bigEndian(UInt32(data.count)) + [0, 0] + data
    }

    /// A chapter's place in a single-file book, in milliseconds.
    public struct ChapterMark: Sendable, Equatable {
        public var title: String
        public var start: UInt32
        public var end: UInt32
    }

    /// CHAP frames for chapters' marks, and the CTOC frames that list them: one top-level CTOC,
    /// with child CTOCs when there are more than 255 chapters (a CTOC counts its entries in one byte).
    public static func chapterFrames(_ chapters: [ChapterMark], bookTitle: String) -> [Frame] {
        let chaps = chapters.enumerated().map { index, chapter in
            Frame.chapter(id: "chp\(index + 1)", startMilliseconds: chapter.start, endMilliseconds: chapter.end, title: chapter.title)
        }
        let ids = chapters.indices.map { "chp\($0 + 1)" }
        guard ids.count > 255 else {
            return [.tableOfContents(id: "toc", topLevel: true, children: ids, title: bookTitle)] + chaps
        }
        let groups = stride(from: 0, to: ids.count, by: 255).map { Array(ids[$0..<min($0 + 255, ids.count)]) }
        let children = groups.indices.map { "toc\($0 + 1)" }
        return [.tableOfContents(id: "toc", topLevel: true, children: children, title: bookTitle)]
            + zip(children, groups).map { Frame.tableOfContents(id: $0, topLevel: false, children: $1, title: nil) } + chaps
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// ID3 sizes use 7 bits a byte so they never look like an MPEG sync word.
    static func synchsafe(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 21 & 0x7F), UInt8(value >> 14 & 0x7F), UInt8(value >> 7 & 0x7F), UInt8(value & 0x7F)]
    }
}

/// ISO 639-2 codes for the TLAN frame, from the two-letter codes books use.
enum ISO639 {
    static func threeLetter(_ tag: String) -> String {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? "und"
        let table = [
            "en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "nl": "nld", "pt": "por", "fi": "fin",
            "sv": "swe", "la": "lat", "da": "dan", "nb": "nob", "no": "nor", "pl": "pol", "ru": "rus", "el": "ell",
        ]
        return table[primary] ?? (primary.count == 3 ? primary : "und")
    }
}
