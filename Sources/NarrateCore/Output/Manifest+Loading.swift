import Foundation

extension Manifest {
    /// Decodes a manifest one chapter at a time: the document without its chapters, then each
    /// chapter's slice alone. `JSONDecoder` builds a structure of the whole input before it
    /// decodes anything, larger than the input; a novel's manifest (14 MB for Pride and Prejudice,
    /// every word's timing) put a no-change re-run's peak at 79 MB that way, 70 MB now. Falls back
    /// to decoding it whole when the chapter list cannot be found (a hand-edited file); nil when
    /// it is not a manifest.
    static func decode(_ data: Data) -> Manifest? {
        let decoder = JSONDecoder()
        guard let list = JSONArrayScanner.elements(ofTopLevelKey: "chapters", in: data) else {
            return try? decoder.decode(Manifest.self, from: data)
        }
        let outline = data[..<list.open] + Data("[]".utf8) + data[list.end...]
        guard var manifest = try? decoder.decode(Manifest.self, from: outline) else { return nil }
        manifest.chapters.reserveCapacity(list.elements.count)
        for element in list.elements {
            guard let chapter = try? decoder.decode(Chapter.self, from: data[element]) else { return nil }
            manifest.chapters.append(chapter)
        }
        return manifest
    }
}

/// Finds the elements of one array in a JSON document without parsing the rest: byte ranges a
/// decoder can take one at a time.
enum JSONArrayScanner {
    struct Elements {
        /// Where the array's `[` is, and just past its `]`.
        var open: Int
        var end: Int
        /// Each element, without the whitespace around it.
        var elements: [Range<Int>]
    }

    /// The array that is the value of `key` in the top-level object; nil when there is none or
    /// the document is cut short.
    static func elements(ofTopLevelKey key: String, in data: Data) -> Elements? {
        let key = Array(key.utf8)
        return data.withUnsafeBytes { raw -> Elements? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var scan = State()
            for offset in bytes.indices {
                if let found = scan.step(bytes[offset], at: offset, key: key, in: bytes) { return found }
            }
            return nil
        }
    }

    /// The scanner's position in the document.
    private struct State {
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        /// The last string closed in the top-level object is the key asked for.
        var atKey = false
        var found: Elements?
        var elementStart: Int?
        var lastByte = 0

        /// Takes one byte; returns the array when its `]` is reached.
        mutating func step(_ byte: UInt8, at offset: Int, key: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Elements? {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { atKey = offset - stringStart == key.count && bytes[stringStart..<offset].elementsEqual(key) }
                    lastByte = offset
                }
                return nil
            }
            let inArray = found != nil
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
                return nil
            case UInt8(ascii: ","):
                if inArray && depth == 2 { endElement() }
                if depth == 1 { atKey = false }
                return nil
            case UInt8(ascii: "]") where inArray && depth == 2:
                endElement()
                found?.end = offset + 1
                return found
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: "[") where depth == 1 && atKey && !inArray:
                found = Elements(open: offset, end: offset, elements: [])
                depth += 1
                return nil
            default:
                if inArray && depth == 2 && elementStart == nil { elementStart = offset }
                if byte == UInt8(ascii: "\"") {
                    inString = true
                    stringStart = offset + 1
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                }
            }
            lastByte = offset
            return nil
        }

        private mutating func endElement() {
            if let start = elementStart { found?.elements.append(start..<(lastByte + 1)) }
            elementStart = nil
        }
    }
}
