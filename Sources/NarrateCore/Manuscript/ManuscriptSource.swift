import Foundation

/// Where a manuscript comes from: a path, or `-` for standard input.
public enum ManuscriptSource {
    /// Reads and parses the manuscript. Missing or unreadable files throw with exit status 66.
    public static func load(_ path: String, options: PlainTextReader.Options? = nil, warnings: WarningLog? = nil) throws -> Book {
        let bytes: [UInt8]
        let name: String
        var options = options ?? PlainTextReader.Options(fallbackTitle: "Untitled")
        if path == "-" {
            name = "standard input"
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            name = path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ManuscriptError.missing(path: path)
            }
            if isDirectory.boolValue { throw ManuscriptError.unreadable(path: path, reason: "it is a directory") }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ManuscriptError.unreadable(path: path, reason: String(cString: strerror(EACCES)).lowercased())
            }
            bytes = Array(data)
            if options.fallbackTitle == "Untitled" {
                options.fallbackTitle = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            }
        }
        return try PlainTextReader(options: options).read(bytes, name: name, warnings: warnings)
    }
}
