/// An ID3v2.3 tag, written by narrate itself so every text is Unicode (UTF-16) and chapter
/// frames can be added. ID3v2.3 is the version the most players read.
public struct ID3Tag: Sendable, Equatable {
    public enum Frame: Sendable, Equatable {
        /// A text frame such as TIT2 (title), TALB (album), TPE1 (artist), TPE2 (album artist),
        /// TRCK (track "n/N"), TCON (genre), TLAN (language).
        case text(id: String, value: String)
        /// APIC: the front cover.
        case picture(mimeType: String, bytes: [UInt8])
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
        var body: [UInt8] = []
        for frame in frames {
            switch frame {
            case let .text(id, value):
                var data: [UInt8] = [0x01, 0xFF, 0xFE]  // UTF-16 with a little-endian BOM
                for unit in value.utf16 { data += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
                body += Array(id.utf8) + Self.bigEndian(UInt32(data.count)) + [0, 0] + data
            case let .picture(mimeType, bytes):
                // Latin-1 encoding, MIME type, picture type 3 (front cover), empty description.
                let data: [UInt8] = [0x00] + Array(mimeType.utf8) + [0x00, 0x03, 0x00] + bytes
                body += Array("APIC".utf8) + Self.bigEndian(UInt32(data.count)) + [0, 0] + data
            }
        }
        return Array("ID3".utf8) + [3, 0, 0] + Self.synchsafe(UInt32(body.count)) + body
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
