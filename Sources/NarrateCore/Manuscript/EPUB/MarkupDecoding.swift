/// Bytes of an XML or XHTML file inside an EPUB to UTF-8 the parser reads, honouring a BOM and
/// the declared encoding. Bad bytes never stop a book: they are replaced and reported.
enum MarkupDecoding {
    struct Result {
        var utf8: [UInt8]
        /// Set when the bytes were not what they claimed to be.
        var problem: String?
    }

    static func decode(_ bytes: [UInt8]) -> Result {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(Array(bytes.dropFirst(3))) }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return Result(utf8: Array(TextDecoding.decodeUTF16(bytes.dropFirst(2), littleEndian: true).utf8))
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return Result(utf8: Array(TextDecoding.decodeUTF16(bytes.dropFirst(2), littleEndian: false).utf8))
        }
        switch declaredEncoding(bytes) {
        case nil, "utf-8", "utf8", "us-ascii", "ascii":
            return utf8(bytes)
        case "iso-8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252":
            return Result(utf8: Array(TextDecoding.decodeWindows1252(bytes).utf8))
        case let other?:
            var result = utf8(bytes)
            result.problem = result.problem ?? "it declares the encoding “\(other)”, which narrate does not read; read as UTF-8"
            return result
        }
    }

    private static func utf8(_ bytes: [UInt8]) -> Result {
        if String(validating: bytes, as: UTF8.self) != nil { return Result(utf8: bytes) }
        // Replace each bad sequence with U+FFFD; the text extractor drops those characters.
        return Result(utf8: Array(String(decoding: bytes, as: UTF8.self).utf8),
                      problem: "it has bytes that are not valid UTF-8 (skipped)")
    }

    /// The encoding named by `<?xml … encoding="…"?>` or `<meta charset="…">` near the start.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        for marker in ["encoding=", "charset="] {
            guard let range = head.range(of: marker) else { continue }
            let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if !name.isEmpty { return String(name) }
        }
        return nil
    }
}
