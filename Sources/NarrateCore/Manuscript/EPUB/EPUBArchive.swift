import CLibZ
import Foundation

/// The ZIP container of an EPUB: narrate's own small reader over zlib, the only user of zlib.
///
/// It reads the central directory and inflates entries with every size and offset checked, so
/// a hostile archive ends in an `EPUBError`, never a crash or a hang. (ZIPFoundation was used
/// first; fuzzing found that it traps on some damaged archives in memory and loops forever on a
/// truncated deflate stream.) Files are only ever read by archive path, never extracted to disk,
/// so no path in the book can reach a file outside it. Sizes are counted while inflating (the
/// sizes a ZIP header claims are not trusted), per entry and in total, so a ZIP bomb ends in a
/// clear error, not an exhausted machine.
final class EPUBArchive {
    /// No text file in a real book comes near this; a cover image neither.
    static let maximumEntryBytes = 64 << 20
    /// Everything narrate reads from one book together.
    static let maximumTotalBytes = 512 << 20

    private struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var localHeaderOffset: Int
    }

    let bookPath: String
    /// Paths in archive order, each once.
    let paths: [String]
    /// Paths stored more than once (a reader uses the first).
    let duplicatePaths: [String]
    private let bytes: Data
    private var entries: [String: Entry] = [:]
    private var bytesRead = 0

    convenience init(url: URL, bookPath: String) throws {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            throw ManuscriptError.unreadable(path: bookPath, reason: "it cannot be opened")
        }
        try self.init(data: data, bookPath: bookPath)
    }

    init(data: Data, bookPath: String) throws {
        bytes = data
        self.bookPath = bookPath
        var paths: [String] = []
        var duplicates: [String] = []
        for entry in try Self.centralDirectory(data, bookPath: bookPath) where !entry.path.hasSuffix("/") {
            if entries[entry.path] == nil {
                entries[entry.path] = entry
                paths.append(entry.path)
            } else if !duplicates.contains(entry.path) {
                duplicates.append(entry.path)
            }
        }
        self.paths = paths
        duplicatePaths = duplicates
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of one file in the archive.
    func read(_ path: String, limit: Int = maximumEntryBytes) throws -> [UInt8] {
        guard let entry = entries[path] else {
            throw EPUBError.missingEntry(path: bookPath, entry: path, hint: "")
        }
        func damaged(_ reason: String) -> EPUBError { .damagedEntry(path: bookPath, entry: path, reason: reason) }
        if entry.flags & 1 != 0 { throw EPUBError.encrypted(path: bookPath, entry: path) }
        // The local header repeats the name and may have its own extra field; the data follows it.
        let header = entry.localHeaderOffset
        guard header >= 0, header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw damaged("its local header is missing")
        }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else { throw damaged("it is cut short") }
        let compressed = bytes[(bytes.startIndex + start)..<(bytes.startIndex + start + entry.compressedSize)]

        let remaining = Self.maximumTotalBytes - bytesRead
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard compressed.count <= limit else { throw EPUBError.entryTooLarge(path: bookPath, entry: path, limit: limit) }
            guard compressed.count <= remaining else { throw EPUBError.bookTooLarge(path: bookPath, limit: Self.maximumTotalBytes) }
            output = Array(compressed)
        case 8:
            output = try inflate(compressed, limit: limit, remaining: remaining, path: path)
        default:
            throw damaged("it uses compression method \(entry.method), which EPUBs do not use")
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw damaged("its checksum does not match") }
        bytesRead += output.count
        return output
    }

    private func inflate(_ compressed: Data, limit: Int, remaining: Int, path: String) throws -> [UInt8] {
        var stream = z_stream()
        guard narrate_inflate_init_raw(&stream) == Z_OK else {
            throw EPUBError.damagedEntry(path: bookPath, entry: path, reason: "zlib cannot start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(compressed)
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    return CLibZ.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output += chunk[0..<produced]
                if output.count > limit { throw EPUBError.entryTooLarge(path: bookPath, entry: path, limit: limit) }
                if output.count > remaining { throw EPUBError.bookTooLarge(path: bookPath, limit: Self.maximumTotalBytes) }
                // No progress with input left, or input used up before the end: the stream is broken.
                if status == Z_BUF_ERROR || (status == Z_OK && produced == 0 && stream.avail_in == 0) { break }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            throw EPUBError.damagedEntry(
                path: bookPath, entry: path,
                reason: status == Z_DATA_ERROR ? "its compressed data is invalid" : "its compressed data is cut short")
        }
        return output
    }

    // MARK: Central directory

    private static func centralDirectory(_ data: Data, bookPath: String) throws -> [Entry] {
        func notZIP(_ reason: String) -> EPUBError { .notAnEPUB(path: bookPath, reason: reason) }
        // The end record is in the last 22 + 65,535 (comment) bytes.
        let minimumEnd = max(0, data.count - 22 - 0xFFFF)
        var end = data.count - 22
        while end >= minimumEnd, uint32(data, end) != 0x0605_4B50 { end -= 1 }
        guard end >= minimumEnd, end >= 0 else { throw notZIP("it is not a ZIP archive (no central directory)") }
        let count = Int(uint16(data, end + 10))
        let size = Int(uint32(data, end + 12))
        let offset = Int(uint32(data, end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw notZIP("it is a ZIP64 archive, which no EPUB needs")
        }
        guard offset + size <= end else { throw notZIP("its central directory is damaged") }
        var entries: [Entry] = []
        var position = offset
        for _ in 0..<count {
            guard position + 46 <= end, uint32(data, position) == 0x0201_4B50 else {
                throw notZIP("its central directory is damaged")
            }
            let nameLength = Int(uint16(data, position + 28))
            let extraLength = Int(uint16(data, position + 30))
            let commentLength = Int(uint16(data, position + 32))
            guard position + 46 + nameLength <= end else { throw notZIP("its central directory is damaged") }
            let nameStart = data.startIndex + position + 46
            entries.append(Entry(
                path: String(decoding: data[nameStart..<(nameStart + nameLength)], as: UTF8.self),
                method: uint16(data, position + 10), flags: uint16(data, position + 8), crc: uint32(data, position + 16),
                compressedSize: Int(uint32(data, position + 20)), localHeaderOffset: Int(uint32(data, position + 42))))
            position += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    private static func uint16(_ data: Data, _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { return 0 }
        let i = data.startIndex + offset
        return UInt16(data[i]) | UInt16(data[i + 1]) << 8
    }

    private static func uint32(_ data: Data, _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { return 0 }
        let i = data.startIndex + offset
        return UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
    }

    // MARK: Paths

    /// Resolves `href` (percent-encoded, relative to the file `base`) to an archive path, or
    /// throws when it climbs out of the archive. Returns the path and the `#fragment`, if any.
    static func resolve(_ href: String, relativeTo base: String, bookPath: String) throws -> (path: String, fragment: String?) {
        var reference = href
        var fragment: String?
        if let hash = reference.firstIndex(of: "#") {
            fragment = String(reference[reference.index(after: hash)...]).removingPercentEncoding
            reference = String(reference[..<hash])
        }
        let decoded = reference.removingPercentEncoding ?? reference
        if decoded.isEmpty { return (base, fragment) }
        if decoded.hasPrefix("/") || decoded.contains("://") || decoded.hasPrefix("\\") {
            throw EPUBError.escapingPath(path: bookPath, href: href, file: base)
        }
        var components = base.split(separator: "/", omittingEmptySubsequences: true).dropLast().map(String.init)
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !components.isEmpty else { throw EPUBError.escapingPath(path: bookPath, href: href, file: base) }
                components.removeLast()
            default: components.append(String(part))
            }
        }
        return (components.joined(separator: "/"), fragment)
    }
}
