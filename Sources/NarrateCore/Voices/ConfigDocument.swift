import Foundation
import Yams

/// A parsed YAML configuration file (a cast or a lexicon) as plain Swift values, each knowing
/// the line it was written on, so that every error can name its line. The only user of Yams.
///
/// Scalars stay text: the readers decide per key what a value must be (a voice name is a
/// string even when it looks like `no` or `1`), so YAML's implicit typing never applies.
public struct ConfigDocument: Sendable {
    public indirect enum Value: Sendable, Equatable {
        /// A scalar as written; `quoted` when it was in quotes (then never a number or a flag).
        case scalar(String, quoted: Bool)
        /// Keys in the order the file gives them.
        case table([Entry])
        case array([Node])
        /// An empty value (`key:` with nothing after it).
        case empty

        /// How the value is called in messages.
        public var kindName: String {
            switch self {
            case let .scalar(text, _): return "'\(text.prefix(40))'"
            case .table: return "a table"
            case .array: return "a list"
            case .empty: return "nothing"
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: Node
    }

    /// A value with where it was written: its key path and its 1-based line.
    public struct Node: Sendable, Equatable {
        public var value: Value
        public var path: [String]
        public var line: Int

        public var pathName: String { path.joined(separator: ".") }
    }

    public let file: String
    public let root: Node

    /// The most nodes a file may expand to (aliases can multiply them): a cast has a few hundred.
    static let maximumNodes = 100_000

    /// Parses `text`; a syntax error throws `ConfigError` with the file, line and column.
    public init(text: String, file: String) throws {
        self.file = file
        let composed: Yams.Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file, text: text)
        }
        guard let composed else {
            root = Node(value: .table([]), path: [], line: 1)
            return
        }
        var budget = Self.maximumNodes
        do {
            root = try Self.node(composed, path: [], file: file, budget: &budget)
        } catch var error as ConfigError where budget < 0
            && text.range(of: #"(^|[\s\[{,:-])\*[A-Za-z0-9_-]"#, options: .regularExpression) == nil {
            // No alias in sight: the file is simply that large.
            error.message = "the file has more than \(Self.maximumNodes) values; narrate reads at most that many (keep the entries this book needs)"
            throw error
        }
    }

    private static func syntaxError(_ error: YamlError, file: String, text: String) -> ConfigError {
        func located(_ problem: String, _ mark: Mark) -> ConfigError {
            let problem = problem.hasPrefix("Maximum nesting level") ? "lists and tables nested too deeply" : problem
            return ConfigError(file: file, line: mark.line, message: "\(problem) (column \(mark.column)); fix the YAML syntax")
        }
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return located(problem, mark)
        case let .reader(problem, offset, value, _):
            // libyaml counts bytes; the message names the character escaped, never raw.
            let before = offset.map { Array(text.utf8.prefix($0)) } ?? []
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = String(decoding: before.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last ?? [], as: UTF8.self).count + 1
            let character = String(format: "U+%04X", value)
            return ConfigError(file: file, line: line, message: "\(problem) (\(character) in column \(column)); remove it")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the table; the second `key:` line after it is the duplicate.
            let key = duplicates.first ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset + 1 >= context.mark.line && $0.element.trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") }
            let line = lines.count > 1 ? lines[1].offset + 1 : context.mark.line
            return ConfigError(file: file, line: line, message: "the key '\(key)' is given twice in one table; keep one")
        default:
            let reason = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return ConfigError(file: file, line: 1, message: "not a readable YAML file (\(reason.escapingControlCharacters)); fix the YAML syntax")
        }
    }

    private static func node(_ yaml: Yams.Node, path: [String], file: String, budget: inout Int) throws -> Node {
        let line = yaml.mark?.line ?? 1
        budget -= 1
        guard budget >= 0 else {
            throw ConfigError(file: file, line: line, message: "the file expands to more than \(maximumNodes) values (aliases?); write it out plainly")
        }
        switch yaml {
        case let .scalar(scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return Node(value: .empty, path: path, line: line)
            }
            return Node(value: .scalar(scalar.string, quoted: quoted || scalar.style == .literal || scalar.style == .folded), path: path, line: line)
        case let .mapping(mapping):
            var entries: [Entry] = []
            var seen = Set<String>()
            for (key, value) in mapping {
                guard case let .scalar(name) = key else {
                    throw ConfigError(file: file, line: key.mark?.line ?? line, message: "a key must be a plain name, not a list or table")
                }
                if !seen.insert(name.string).inserted {  // a set: a table may have 100,000 keys
                    throw ConfigError(file: file, line: key.mark?.line ?? line, message: "the key '\(name.string)' is given twice in one table; keep one")
                }
                entries.append(Entry(key: name.string, value: try node(value, path: path + [name.string], file: file, budget: &budget)))
            }
            return Node(value: .table(entries), path: path, line: line)
        case let .sequence(sequence):
            var items: [Node] = []
            for (index, item) in sequence.enumerated() {
                items.append(try node(item, path: path + [String(index)], file: file, budget: &budget))
            }
            return Node(value: .array(items), path: path, line: line)
        case let .alias(alias):  // compose resolves aliases to their nodes; kept for exhaustiveness
            return Node(value: .scalar("*\(alias.anchor.rawValue)", quoted: true), path: path, line: line)
        }
    }

    /// The most bytes a cast or lexicon file may have: 16 MiB, far more than any book needs.
    static let maximumBytes = 16 << 20

    /// Reads a configuration file (a file, a FIFO or `<(…)`, at most `maximumBytes`): a missing
    /// file exits 66, a folder or unreadable file 74, text that is not a configuration 65.
    public static func read(path: String, kind: String, option: String) throws -> ConfigDocument {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let missing = errno == ENOENT
            throw ConfigError(file: path, line: 0,
                              message: missing ? "no such \(kind); check the path given to \(option)"
                                  : "cannot read the \(kind) (\(String(cString: strerror(errno)).lowercased()))",
                              status: missing ? .noInput : .ioError)
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw ConfigError(file: path, line: 0, message: "is a folder, not a \(kind); give the file", status: .ioError)
        }
        let data: Data
        do {
            data = Data(try ManuscriptSource.readAll(descriptor: descriptor, name: path, limit: maximumBytes))
        } catch ManuscriptError.tooLarge {
            throw ConfigError(file: path, line: 0, message: "larger than \(maximumBytes >> 20) MiB; a \(kind) this big is not one")
        } catch ManuscriptError.binary(_, let what) {
            throw ConfigError(file: path, line: 0, message: "this is \(what), not a \(kind)")
        } catch let error as ManuscriptError {
            throw ConfigError(file: path, line: 0, message: "cannot read the \(kind): \(error.description)", status: .ioError)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Name the first line that is not UTF-8 (a Latin-1 or Windows-1252 file, typically).
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let index = lines.firstIndex { String(data: Data($0), encoding: .utf8) == nil } ?? 0
            let byte = lines.isEmpty ? nil : lines[index].first { $0 >= 0x80 }
            throw ConfigError(file: path, line: index + 1,
                              message: "not UTF-8 text" + (byte.map { String(format: " (byte 0x%02X)", $0) } ?? "") + "; save the \(kind) as UTF-8")
        }
        return try ConfigDocument(text: text, file: path)
    }

    /// The files looked for beside a book, in order: `<book>.<name>.yaml`, then `<name>.yaml`
    /// (`.yml` also).
    public static func candidates(besideBook path: String, name: String) -> [URL] {
        let book = URL(fileURLWithPath: path)
        let directory = book.deletingLastPathComponent()
        let stem = book.deletingPathExtension().lastPathComponent
        return ["\(stem).\(name).yaml", "\(stem).\(name).yml", "\(name).yaml", "\(name).yml"].map(directory.appendingPathComponent)
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
    /// `file:line: message`, or `file: message` for what concerns the whole file (line 0).
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

extension String {
    /// Control characters as `\u{1}`, so a message stays one readable line.
    var escapingControlCharacters: String {
        unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }
}

extension ConfigDocument.Node {
    func error(_ message: String, in document: ConfigDocument) -> ConfigError {
        ConfigError(file: document.file, line: line, message: message)
    }

    /// The value of `key` in a table, or nil.
    func child(_ key: String) -> ConfigDocument.Node? {
        if case let .table(entries) = value { return entries.first { $0.key == key }?.value }
        return nil
    }

    /// The text of a scalar, or nil.
    var text: String? {
        if case let .scalar(text, _) = value { return text }
        return nil
    }
}
