import Foundation
import ZIPFoundation

/// The ZIP container of an EPUB, read through ZIPFoundation. The only type that touches it.
///
/// Everything is read by archive path, never through the file system, so no path in the book can
/// reach a file outside it. Sizes are counted while inflating (the sizes a ZIP header claims are
/// not trusted), per entry and in total, so a ZIP bomb ends in a clear error, not an exhausted
/// machine.
final class EPUBArchive {
    /// No text file in a real book comes near this; a cover image neither.
    static let maximumEntryBytes = 64 << 20
    /// Everything narrate reads from one book together.
    static let maximumTotalBytes = 512 << 20

    let bookPath: String
    /// Paths in archive order, each once.
    let paths: [String]
    /// Paths stored more than once (a reader uses the first).
    let duplicatePaths: [String]
    private let archive: Archive
    private var entries: [String: Entry] = [:]
    private var bytesRead = 0

    init(url: URL, bookPath: String) throws {
        do {
            archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
        } catch {
            throw EPUBError.notAnEPUB(path: bookPath, reason: "it is not a ZIP archive")
        }
        self.bookPath = bookPath
        (paths, duplicatePaths) = Self.index(archive, into: &entries)
    }

    private static func index(_ archive: Archive, into entries: inout [String: Entry]) -> ([String], [String]) {
        var paths: [String] = []
        var duplicates: [String] = []
        for entry in archive where entry.type == .file {
            let path = entry.path
            if entries[path] == nil {
                entries[path] = entry
                paths.append(path)
            } else if !duplicates.contains(path) {
                duplicates.append(path)
            }
        }
        return (paths, duplicates)
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of one file in the archive.
    func read(_ path: String, limit: Int = maximumEntryBytes) throws -> [UInt8] {
        guard let entry = entries[path] else {
            throw EPUBError.missingEntry(path: bookPath, entry: path, hint: "")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limit))))
        let bookPath = self.bookPath
        let alreadyRead = bytesRead
        do {
            _ = try archive.extract(entry, consumer: { chunk in
                bytes.append(contentsOf: chunk)
                if bytes.count > limit {
                    throw EPUBError.entryTooLarge(path: bookPath, entry: path, limit: limit)
                }
                if alreadyRead + bytes.count > Self.maximumTotalBytes {
                    throw EPUBError.bookTooLarge(path: bookPath, limit: Self.maximumTotalBytes)
                }
            })
        } catch let error as EPUBError {
            throw error
        } catch Archive.ArchiveError.invalidCRC32 {
            throw EPUBError.damagedEntry(path: bookPath, entry: path, reason: "its checksum does not match")
        } catch Archive.ArchiveError.invalidCompressionMethod {
            throw EPUBError.damagedEntry(path: bookPath, entry: path, reason: "it uses an unknown compression method")
        } catch {
            throw EPUBError.damagedEntry(path: bookPath, entry: path, reason: "it cannot be unpacked")
        }
        bytesRead += bytes.count
        return bytes
    }

    /// Resolves `href` (percent-encoded, relative to the file `base`) to an archive path, or
    /// throws when it climbs out of the archive. Returns the path and the `#fragment`, if any.
    func resolve(_ href: String, relativeTo base: String) throws -> (path: String, fragment: String?) {
        try Self.resolve(href, relativeTo: base, bookPath: bookPath)
    }

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
