import Foundation

/// Turns the bytes of a text manuscript into a String with `\n` line endings.
///
/// UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such; bytes that are not
/// valid UTF-8 are read as Windows-1252, the usual encoding of older text files, with a warning.
public enum TextDecoding {
    public struct Result: Equatable, Sendable {
        public var text: String
        public var warning: String?
    }

    public static func decode(_ bytes: [UInt8], name: String) throws -> Result {
        if bytes.isEmpty { throw ManuscriptError.empty(path: name) }
        if let kind = binaryKind(bytes) { throw ManuscriptError.binary(path: name, kind: kind) }

        let text: String
        var warning: String?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = try utf8OrFallback(Array(bytes.dropFirst(3)), name: name, warning: &warning)
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            text = decodeUTF16(bytes.dropFirst(2), littleEndian: true)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = decodeUTF16(bytes.dropFirst(2), littleEndian: false)
        } else {
            if bytes.contains(0) { throw ManuscriptError.binary(path: name, kind: "a binary file") }
            text = try utf8OrFallback(bytes, name: name, warning: &warning)
        }
        return Result(text: normalizeLineEndings(text), warning: warning)
    }

    private static func utf8OrFallback(_ bytes: [UInt8], name: String, warning: inout String?) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        warning = "\(name): not valid UTF-8; reading it as Windows-1252 (save it as UTF-8 to silence this)"
        return decodeWindows1252(bytes)
    }

    static func decodeUTF16<C: Collection>(_ bytes: C, littleEndian: Bool) -> String where C.Element == UInt8 {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var iterator = bytes.makeIterator()
        while let a = iterator.next(), let b = iterator.next() {
            units.append(littleEndian ? UInt16(b) << 8 | UInt16(a) : UInt16(a) << 8 | UInt16(b))
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The 0x80–0x9F block of Windows-1252; every other byte maps to the same code point.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? cp1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    static func normalizeLineEndings(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        // Bytewise: "\r\n" becomes "\n", a lone "\r" too (UTF-8 never has 0x0D inside a character).
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { continue }
                out.append(0x0A)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Recognises common binary formats by their magic bytes, and files full of control bytes.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        let magics: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (an EPUB or office document?)"),
            ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0x49, 0x44, 0x33], "an MP3 file"),
            ([0x7F, 0x45, 0x4C, 0x46], "a program (ELF binary)"),
            ([0x1F, 0x8B], "a gzip archive"),
        ]
        for (magic, kind) in magics where bytes.starts(with: magic) { return kind }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        let sample = bytes.prefix(8192)
        let control = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }.count
        return control * 20 > sample.count ? "a binary file" : nil
    }
}
