import Foundation
import TOMLKit

/// A parsed TOML file as plain Swift values, each knowing the line it was written on, so that
/// every error in a cast or lexicon file can name its line. The only user of TOMLKit.
public struct ConfigDocument: Sendable {
    public indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)
        /// Keys in the order the file gives them.
        case table([(key: String, value: Node)])
        case array([Node])
        case other(String)

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)): return a == b
            case let (.integer(a), .integer(b)): return a == b
            case let (.number(a), .number(b)): return a == b
            case let (.bool(a), .bool(b)): return a == b
            case let (.table(a), .table(b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
            case let (.array(a), .array(b)): return a == b
            case let (.other(a), .other(b)): return a == b
            default: return false
            }
        }

        /// How the value is called in messages ("a string", "a table").
        public var kindName: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .number: return "a number"
            case .bool: return "true or false"
            case .table: return "a table"
            case .array: return "a list"
            case let .other(kind): return "a \(kind)"
            }
        }
    }

    /// A value with where it was written: its key path and its 1-based line.
    public struct Node: Sendable, Equatable {
        public var value: Value
        public var path: [String]
        public var line: Int

        public var pathName: String { path.map { $0.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "-" }) ? "\"\($0)\"" : $0 }.joined(separator: ".") }
    }

    public let file: String
    public let root: Node

    /// Parses `text`; a syntax error throws `ConfigError` with the file, line and column.
    public init(text: String, file: String) throws {
        self.file = file
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: file, line: error.source.begin.line,
                message: "\(error.description) (column \(error.source.begin.column)); fix the TOML syntax")
        }
        let lines = KeyLines(text: text)
        root = Self.node(table, path: [], lines: lines)
    }

    /// Reads a configuration file: a missing file exits 66, unreadable text 65.
    public static func read(path: String, kind: String, option: String) throws -> ConfigDocument {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigError(file: path, line: 0,
                              message: exists ? "cannot read the \(kind) as UTF-8 text; save it as UTF-8" : "no such \(kind); check the path given to \(option)",
                              status: exists ? .dataError : .noInput)
        }
        return try ConfigDocument(text: text, file: path)
    }

    /// The files looked for beside a book, in order: `<book>.<name>.toml`, then `<name>.toml`.
    public static func candidates(besideBook path: String, name: String) -> [URL] {
        let book = URL(fileURLWithPath: path)
        let directory = book.deletingLastPathComponent()
        return [
            directory.appendingPathComponent("\(book.deletingPathExtension().lastPathComponent).\(name).toml"),
            directory.appendingPathComponent("\(name).toml"),
        ]
    }

    private static func node(_ value: TOMLValueConvertible, path: [String], lines: KeyLines) -> Node {
        let line = lines.line(for: path)
        if let table = value.table {
            let ordered = table.keys.sorted { lines.line(for: path + [$0]) < lines.line(for: path + [$1]) }
            return Node(value: .table(ordered.map { key in (key, node(table[key]!, path: path + [key], lines: lines)) }), path: path, line: line)
        }
        if let array = value.array {
            return Node(value: .array(array.enumerated().map { node($1, path: path + [String($0)], lines: lines) }), path: path, line: line)
        }
        switch value.type {
        case .string: return Node(value: .string(value.string ?? ""), path: path, line: line)
        case .int: return Node(value: .integer(value.int ?? 0), path: path, line: line)
        case .double: return Node(value: .number(value.double ?? 0), path: path, line: line)
        case .bool: return Node(value: .bool(value.bool ?? false), path: path, line: line)
        default: return Node(value: .other(value.type.description), path: path, line: line)
        }
    }
}

/// An error in a configuration file: always the file and the line, and what to do.
public struct ConfigError: NarrateError, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var status: ExitStatus = .dataError

    public init(file: String, line: Int, message: String, status: ExitStatus = .dataError) {
        self.file = file
        self.line = line
        self.message = message
        self.status = status
    }

    public var exitStatus: ExitStatus { status }
    public var description: String { "\(file):\(line): \(message)" }
}

extension ConfigDocument.Node {
    func error(_ message: String, in document: ConfigDocument) -> ConfigError {
        ConfigError(file: document.file, line: line, message: message)
    }
}

/// Finds the line where each key path is written, by reading table headers and `key =` lines;
/// TOMLKit keeps positions only for syntax errors. Paths not found fall back to their parent.
struct KeyLines {
    private var lines: [[String]: Int] = [:]

    init(text: String) {
        var table: [String] = []
        var arrayCounts: [[String]: Int] = [:]
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[[") {
                let path = Self.keys(line.dropFirst(2).prefix { $0 != "]" })
                let index = arrayCounts[path, default: 0]
                arrayCounts[path] = index + 1
                table = path + [String(index)]
                record(path, number)
                record(table, number)
            } else if line.hasPrefix("[") {
                table = Self.keys(line.dropFirst().prefix { $0 != "]" })
                record(table, number)
            } else if let equals = Self.assignment(in: Substring(line)) {
                let key = table + Self.keys(line[..<equals])
                record(key, number)
                // Inline tables: `narrator = { voice = "en", rate = 150 }` — the inner keys are on this line.
                var rest = line[line.index(after: equals)...]
                while let open = rest.firstIndex(of: "{") {
                    rest = rest[rest.index(after: open)...]
                    for part in rest.split(separator: ",") {
                        if let inner = Self.assignment(in: Substring(part)) { record(key + Self.keys(part[..<inner]), number) }
                    }
                }
            }
        }
    }

    private mutating func record(_ path: [String], _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    func line(for path: [String]) -> Int {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return 1
    }

    /// The `=` of a `key = value` line, outside quotes.
    private static func assignment(in line: Substring) -> String.Index? {
        guard let first = line.first, first != "#" else { return nil }
        var quote: Character?
        for index in line.indices {
            let c = line[index]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "=" { return index }
        }
        return nil
    }

    /// The keys of a dotted key: `characters."Mr. Darcy".voice`.
    private static func keys(_ text: Substring) -> [String] {
        var keys: [String] = []
        var current = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                keys.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        keys.append(current.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "{ ")))
        return keys
    }
}
