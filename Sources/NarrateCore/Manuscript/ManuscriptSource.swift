import Foundation

/// Where a manuscript comes from: a path, or `-` for standard input. EPUBs are recognised by
/// their `.epub` name or their ZIP signature; everything else is read as plain text. A FIFO,
/// process substitution (`<(cat book.txt)`), `/dev/stdin` or another device is read as a
/// stream, like standard input.
public enum ManuscriptSource {
    /// The most bytes a manuscript may have: 512 MiB. The longest novels are a few megabytes and
    /// the whole text is held in memory, so anything larger is a mistake (`< /dev/zero`, a disk image).
    public static let maximumBytes = 512 << 20

    /// Reads and parses the manuscript. Missing or unreadable files throw with exit status 66.
    public static func load(
        _ path: String, options: PlainTextReader.Options? = nil, epub: EPUBReader.Options = .init(),
        warnings: WarningLog? = nil
    ) throws -> Book {
        var options = options ?? PlainTextReader.Options(fallbackTitle: "Untitled")
        if path == "-" {
            let bytes = try readAll(descriptor: STDIN_FILENO, name: "standard input")
            if EPUBReader.looksLikeEPUB(Array(bytes.prefix(4))) {
                return apply(options, to: try EPUBReader(options: epub).read(data: Data(bytes), name: "standard input", warnings: warnings))
            }
            return try PlainTextReader(options: options).read(bytes, name: "standard input", warnings: warnings)
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { throw ManuscriptError.missing(path: path) }
                throw ManuscriptError.unreadable(path: path, reason: String(cString: strerror(errno)).lowercased())
            }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { throw ManuscriptError.directory(path: path) }
            if kind == S_IFREG && Int(info.st_size) > maximumBytes { throw ManuscriptError.tooLarge(path: path, limit: maximumBytes) }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)  // a FIFO waits here for its writer, as with cat
            guard descriptor >= 0 else {
                throw ManuscriptError.unreadable(path: path, reason: String(cString: strerror(errno)).lowercased())
            }
            defer { close(descriptor) }
            var prefix = [UInt8](repeating: 0, count: 4)
            if kind == S_IFREG {
                let n = pread(descriptor, &prefix, 4, 0)
                if path.lowercased().hasSuffix(".epub") || EPUBReader.looksLikeEPUB(Array(prefix.prefix(max(n, 0)))) {
                    return apply(options, to: try EPUBReader(options: epub).read(path: path, warnings: warnings))
                }
            }
            let bytes = try readAll(descriptor: descriptor, name: path)
            if kind != S_IFREG && EPUBReader.looksLikeEPUB(Array(bytes.prefix(4))) {
                return apply(options, to: try EPUBReader(options: epub).read(data: Data(bytes), name: path, warnings: warnings))
            }
            if options.fallbackTitle == "Untitled" && kind == S_IFREG {
                options.fallbackTitle = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            }
            return try PlainTextReader(options: options).read(bytes, name: path, warnings: warnings)
        }
    }

    /// What the user says beats what the EPUB says.
    private static func apply(_ options: PlainTextReader.Options, to book: Book) -> Book {
        var book = book
        if let title = options.title { book.title = title }
        if let author = options.author { book.author = author }
        if let language = options.language { book.language = language }
        return book
    }

    /// Reads a descriptor to its end, at most `limit` bytes (more is `ManuscriptError.tooLarge`).
    /// What is plainly not text (`/dev/zero`, a program) is refused after its first 8 KiB, as
    /// `TextDecoding` would refuse it whole, so an endless stream of it ends at once.
    public static func readAll(descriptor: Int32, name: String, limit: Int = maximumBytes) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var checked = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ManuscriptError.unreadable(path: name, reason: String(cString: strerror(errno)).lowercased())
            }
            if n == 0 { break }
            guard bytes.count + n <= limit else { throw ManuscriptError.tooLarge(path: name, limit: limit) }
            bytes.append(contentsOf: chunk[0..<n])
            if !checked && bytes.count >= 8192 {
                checked = true
                if !EPUBReader.looksLikeEPUB(Array(bytes.prefix(4))), let kind = TextDecoding.binaryKind(bytes) {
                    throw ManuscriptError.binary(path: name, kind: kind)
                }
            }
        }
        return bytes
    }
}
