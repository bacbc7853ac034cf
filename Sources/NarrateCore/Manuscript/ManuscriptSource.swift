import Foundation

/// Where a manuscript comes from: a path, or `-` for standard input. EPUBs are recognised by
/// their `.epub` name or their ZIP signature; everything else is read as plain text.
public enum ManuscriptSource {
    /// Reads and parses the manuscript. Missing or unreadable files throw with exit status 66.
    public static func load(
        _ path: String, options: PlainTextReader.Options? = nil, epub: EPUBReader.Options = .init(),
        warnings: WarningLog? = nil
    ) throws -> Book {
        var options = options ?? PlainTextReader.Options(fallbackTitle: "Untitled")
        var book: Book
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            if EPUBReader.looksLikeEPUB(Array(data.prefix(4))) {
                book = try EPUBReader(options: epub).read(data: data, name: "standard input", warnings: warnings)
            } else {
                return try PlainTextReader(options: options).read(Array(data), name: "standard input", warnings: warnings)
            }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ManuscriptError.missing(path: path)
            }
            if isDirectory.boolValue { throw ManuscriptError.unreadable(path: path, reason: "it is a directory") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ManuscriptError.unreadable(path: path, reason: String(cString: strerror(EACCES)).lowercased())
            }
            let prefix = Array((try? handle.read(upToCount: 4)) ?? Data())
            try? handle.close()
            if path.lowercased().hasSuffix(".epub") || EPUBReader.looksLikeEPUB(prefix) {
                book = try EPUBReader(options: epub).read(path: path, warnings: warnings)
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ManuscriptError.unreadable(path: path, reason: String(cString: strerror(EACCES)).lowercased())
                }
                if options.fallbackTitle == "Untitled" {
                    options.fallbackTitle = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                }
                return try PlainTextReader(options: options).read(Array(data), name: path, warnings: warnings)
            }
        }
        // What the user says beats what the EPUB says.
        if let title = options.title { book.title = title }
        if let author = options.author { book.author = author }
        if let language = options.language { book.language = language }
        return book
    }
}
