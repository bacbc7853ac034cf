import Foundation

/// Names of the files a render writes.
public enum OutputLayout {
    /// `NN - Title.mp3`, zero-padded to the width of the chapter count (at least two digits).
    /// The title is cut to 80 characters and 180 bytes, so the name, its caption files' names
    /// and its temporary name (`.NAME.PID.partial`, 20 bytes more) fit in 255 bytes.
    public static func chapterFileName(index: Int, of total: Int, title: String, extension ext: String = "mp3") -> String {
        let width = max(2, String(total).count)
        return "\(String(index).leftPadded(to: width)) - \(safeName(title, limit: 80, maxBytes: 180)).\(ext)"
    }

    /// A name safe on every common file system: no path separators, reserved or control
    /// characters, no leading dots, no trailing dots or spaces, at most `limit` characters and
    /// `maxBytes` bytes of UTF-8 (file systems count bytes: 255 for a name; a CJK character is
    /// 3 bytes, an emoji 4 or more), cut between characters.
    public static func safeName(_ text: String, limit: Int = 120, maxBytes: Int = 200) -> String {
        let reserved = Set("/\\:*?\"<>|")
        var result = ""
        for ch in text {
            if reserved.contains(ch) || ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                result.append(" ")
            } else {
                result.append(ch)
            }
        }
        result = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while result.hasPrefix(".") { result.removeFirst() }
        if result.count > limit { result = String(result.prefix(limit)) }
        if result.utf8.count > maxBytes {
            var cut = "", bytes = 0
            for character in result {
                bytes += character.utf8.count
                if bytes > maxBytes { break }
                cut.append(character)
            }
            result = cut
        }
        while let last = result.last, last == "." || last == " " { result.removeLast() }
        return result.isEmpty ? "Untitled" : result
    }

    /// The default output folder: named after the book, in the current directory.
    public static func defaultDirectory(for title: String) -> URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(safeName(title))
    }

    /// The folder a book's files go into. Different books never share one: when `preferred`
    /// holds another book's manifest (two titles that sanitise to one name, "Foo: Bar" and
    /// "Foo/ Bar"), a folder whose name narrate chose becomes `preferred (2)`, `(3)` … (the first
    /// that is free or holds this book), and a folder the user named is refused (exit 73).
    public static func bookFolder(_ preferred: URL, for book: BookInfo, nameChosenByNarrate: Bool) throws -> URL {
        func holdsAnotherBook(_ folder: URL) -> Manifest.Owner? {
            guard let manifest = Manifest.owner(of: folder),
                  manifest.title != book.title || manifest.author != book.author else { return nil }
            return manifest
        }
        guard let other = holdsAnotherBook(preferred) else { return preferred }
        guard nameChosenByNarrate else {
            throw OutputError.unsuitable(
                path: preferred.path, reason: "this folder holds another book, \"\(other.title)\"\(other.author.map { " by \($0)" } ?? "") "
                    + "(its manifest.json); choose another folder with -o, or delete that manifest.json to write over it")
        }
        for number in 2...1000 {
            let candidate = preferred.deletingLastPathComponent().appendingPathComponent("\(preferred.lastPathComponent) (\(number))")
            if holdsAnotherBook(candidate) == nil { return candidate }
        }
        throw OutputError.unsuitable(path: preferred.path, reason: "a thousand books already have folders of this name; choose another with -o")
    }

    /// Creates the folder if needed and checks it can be written; exit 73 otherwise.
    public static func prepare(_ directory: URL) throws {
        var info = stat()
        if stat(directory.path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            let what = info.st_mode & S_IFMT == S_IFREG ? "a file" : "a device or FIFO"
            throw OutputError.cannotCreateDirectory(
                path: directory.path, reason: "it is \(what), not a folder; to write one MP3 there add --single-file")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "permission denied or not a folder"
            throw OutputError.cannotCreateDirectory(path: directory.path, reason: reason)
        }
        guard access(directory.path, W_OK) == 0 else {
            throw OutputError.cannotCreateDirectory(path: directory.path, reason: "it is not writable")
        }
        removeAbandonedPartialFiles(in: directory)
    }

    /// Removes `.NAME.PID.partial` files left by a render that was killed (`kill -9` cannot
    /// clean up). Files of a process that is still running are left alone.
    static func removeAbandonedPartialFiles(in directory: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            let parts = name.split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
