/// A parsed XML element: the small, namespace-aware tree narrate reads container.xml, the OPF,
/// the NCX and XHTML chapters into.
final class MarkupElement {
    let name: String
    let localName: String
    let namespace: String?
    let attributes: [MarkupAttribute]
    /// 1-based line of the start tag in the file.
    let line: Int
    fileprivate(set) var children: [MarkupContent] = []

    func append(_ content: MarkupContent) { children.append(content) }

    init(name: String, localName: String, namespace: String?, attributes: [MarkupAttribute], line: Int) {
        self.name = name
        self.localName = localName
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
    }

    /// The value of an attribute by local name, optionally in a namespace (`nil`: no namespace).
    func attribute(_ localName: String, namespace: String? = nil) -> String? {
        attributes.first { $0.localName == localName && $0.namespace == namespace }?.value
    }

    var elements: [MarkupElement] {
        children.compactMap { if case let .element(element) = $0 { element } else { nil } }
    }

    func first(_ localName: String) -> MarkupElement? { elements.first { $0.localName == localName } }
    func all(_ localName: String) -> [MarkupElement] { elements.filter { $0.localName == localName } }

    /// Every descendant element (depth first, document order) with this local name.
    func descendants(_ localName: String) -> [MarkupElement] {
        var found: [MarkupElement] = []
        var stack: [MarkupElement] = [self]
        while let element = stack.popLast() {
            if element !== self && element.localName == localName { found.append(element) }
            stack.append(contentsOf: element.elements.reversed())
        }
        return found
    }

    /// All text inside, with runs of white space collapsed to one space.
    var text: String {
        var out = ""
        var stack: [MarkupContent] = children.reversed()
        while let item = stack.popLast() {
            switch item {
            case let .text(text): out += text
            case let .element(element): stack.append(contentsOf: element.children.reversed())
            }
        }
        return out.collapsingWhitespace
    }
}

struct MarkupAttribute {
    let name: String
    let localName: String
    let namespace: String?
    let value: String
}

enum MarkupContent {
    case element(MarkupElement)
    case text(String)
}

enum XMLNamespace {
    static let xml = "http://www.w3.org/XML/1998/namespace"
    static let ops = "http://www.idpf.org/2007/ops"
    static let opf = "http://www.idpf.org/2007/opf"
    static let ssml = "http://www.w3.org/2001/10/synthesis"
}

/// What went wrong where, for a warning or an error that names the place.
struct XMLProblem: Equatable {
    let line: Int
    let message: String
}

/// A forgiving XML parser for untrusted files.
///
/// Safety by construction: DOCTYPE declarations are skipped unread, so there are no external
/// entities, no DTD fetching and no entity expansion (only the five XML entities, numeric
/// references and the fixed HTML table are decoded). Malformed markup — a tag never closed, a
/// stray end tag, a bare `<` — is repaired the way a browser would and reported as a problem, so
/// the caller can warn and keep the text. Nesting deeper than `maximumDepth` is an error rather
/// than a stack overflow later.
struct XMLTreeParser {
    static let maximumDepth = 256

    struct TooDeep: Error { let line: Int }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private(set) var problems: [XMLProblem] = []

    init(utf8 bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document; returns its root element (nil when there is none).
    static func parse(utf8 bytes: [UInt8]) throws -> (root: MarkupElement?, problems: [XMLProblem]) {
        var parser = XMLTreeParser(utf8: bytes)
        let root = try parser.parseDocument()
        return (root, parser.problems)
    }

    private struct Frame {
        let element: MarkupElement
        let namespaces: [String: String]
    }

    mutating func parseDocument() throws -> MarkupElement? {
        let documentNode = MarkupElement(name: "#document", localName: "#document", namespace: nil, attributes: [], line: 1)
        var stack = [Frame(element: documentNode, namespaces: ["xml": XMLNamespace.xml])]
        var text: [UInt8] = []

        func flushText(into element: MarkupElement) {
            guard !text.isEmpty else { return }
            element.children.append(.text(Self.decodeEntities(text)))
            text.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "<") {
                if byte == UInt8(ascii: "\n") { line += 1 }
                text.append(byte)
                index += 1
                continue
            }
            if starts(with: "<!--") {
                flushText(into: stack[stack.count - 1].element)
                skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                skip(past: "]]>", what: "CDATA section")
                let end = max(start, index - 3)
                flushText(into: stack[stack.count - 1].element)
                stack[stack.count - 1].element.children.append(.text(String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)))
            } else if starts(with: "<!") {
                flushText(into: stack[stack.count - 1].element)
                skipDeclaration()
            } else if starts(with: "<?") {
                skip(past: "?>", what: "processing instruction")
            } else if starts(with: "</") {
                flushText(into: stack[stack.count - 1].element)
                closeTag(&stack)
            } else if index + 1 < bytes.count, Self.isNameStart(bytes[index + 1]) {
                flushText(into: stack[stack.count - 1].element)
                try openTag(&stack)
            } else {
                // A bare `<` in text: keep it as text, as a browser would.
                problems.append(XMLProblem(line: line, message: "a bare “<” in the text"))
                text.append(byte)
                index += 1
            }
        }
        flushText(into: stack[stack.count - 1].element)
        if stack.count > 2 {
            let open = stack[stack.count - 1].element
            problems.append(XMLProblem(line: open.line, message: "<\(open.name)> is never closed"))
        }
        while stack.count > 1 {
            let frame = stack.removeLast()
            stack[stack.count - 1].element.children.append(.element(frame.element))
        }
        return documentNode.elements.first
    }

    // MARK: Tags

    private mutating func openTag(_ stack: inout [Frame]) throws {
        let tagLine = line
        index += 1
        let name = readName()
        var rawAttributes: [(String, String)] = []
        var selfClosing = false
        var finished = false
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { index += 1; finished = true; break }
            if byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">") {
                index += 2; selfClosing = true; finished = true; break
            }
            if byte == UInt8(ascii: "<") { break }  // The tag was never finished; start over here.
            guard Self.isNameStart(byte) else { index += 1; continue }
            let attributeName = readName()
            skipWhitespace()
            var value = ""
            if index < bytes.count && bytes[index] == UInt8(ascii: "=") {
                index += 1
                skipWhitespace()
                value = readAttributeValue()
            }
            rawAttributes.append((attributeName, value))
        }
        guard finished else {
            problems.append(XMLProblem(line: tagLine, message: "the tag <\(name)> is never finished (no “>”)"))
            return
        }
        guard stack.count <= Self.maximumDepth else { throw TooDeep(line: tagLine) }

        var namespaces = stack[stack.count - 1].namespaces
        for (attributeName, value) in rawAttributes {
            if attributeName == "xmlns" { namespaces[""] = value }
            else if attributeName.hasPrefix("xmlns:") { namespaces[String(attributeName.dropFirst(6))] = value }
        }
        let (prefix, local) = Self.split(name)
        let attributes = rawAttributes.compactMap { attributeName, value -> MarkupAttribute? in
            if attributeName == "xmlns" || attributeName.hasPrefix("xmlns:") { return nil }
            let (attributePrefix, attributeLocal) = Self.split(attributeName)
            return MarkupAttribute(
                name: attributeName, localName: attributeLocal,
                namespace: attributePrefix.map { namespaces[$0] ?? $0 }, value: value)
        }
        let element = MarkupElement(
            name: name, localName: local, namespace: namespaces[prefix ?? ""], attributes: attributes, line: tagLine)
        if selfClosing {
            stack[stack.count - 1].element.children.append(.element(element))
        } else {
            stack.append(Frame(element: element, namespaces: namespaces))
        }
    }

    private mutating func closeTag(_ stack: inout [Frame]) {
        let tagLine = line
        index += 2
        let name = readName()
        skip(past: ">", what: "end tag")
        guard let depth = stack.lastIndex(where: { $0.element.name == name }), depth > 0 else {
            problems.append(XMLProblem(line: tagLine, message: "an end tag </\(name)> with no matching start tag"))
            return
        }
        if depth < stack.count - 1 {
            let open = stack[stack.count - 1].element
            problems.append(XMLProblem(line: open.line, message: "<\(open.name)> is never closed"))
        }
        while stack.count > depth {
            let frame = stack.removeLast()
            stack[stack.count - 1].element.children.append(.element(frame.element))
        }
    }

    /// Skips `<!DOCTYPE …>` including an internal subset in brackets, without reading it.
    private mutating func skipDeclaration() {
        var bracketDepth = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") { line += 1 }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "["): bracketDepth += 1
            case UInt8(ascii: "]"): bracketDepth = max(0, bracketDepth - 1)
            case UInt8(ascii: ">") where bracketDepth == 0: return
            default: break
            }
        }
        problems.append(XMLProblem(line: line, message: "a declaration is never closed"))
    }

    // MARK: Scanning

    private func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private mutating func skip(past literal: StaticString, what: String) {
        let startLine = line
        while index < bytes.count {
            if starts(with: literal) { index += literal.utf8CodeUnitCount; return }
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        problems.append(XMLProblem(line: startLine, message: "a \(what) is never closed"))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readAttributeValue() -> String {
        guard index < bytes.count else { return "" }
        let quote = bytes[index]
        let start: Int
        let end: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            start = index
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                index += 1
            }
            end = index
            if index < bytes.count { index += 1 }
        } else {
            start = index
            while index < bytes.count, !Self.isWhitespace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            end = index
        }
        return Self.decodeEntities(bytes[start..<end]).collapsingWhitespace
    }

    private static func split(_ name: String) -> (prefix: String?, local: String) {
        guard let colon = name.firstIndex(of: ":") else { return (nil, name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    // MARK: Entities

    /// Decodes character references. Unknown named references stay as written.
    static func decodeEntities<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let text = String(decoding: bytes, as: UTF8.self)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let afterAmp = rest.index(after: amp)
            guard let semicolon = rest[afterAmp...].prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[afterAmp...]
                continue
            }
            let name = rest[afterAmp..<semicolon]
            if let scalar = scalar(forReference: name) {
                out.unicodeScalars.append(scalar)
            } else {
                out += rest[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        out += rest
        return out
    }

    private static func scalar(forReference name: Substring) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(validScalar)
        }
        if name.hasPrefix("#") {
            return UInt32(name.dropFirst(), radix: 10).flatMap(validScalar)
        }
        return HTMLEntities.codePoints[String(name)].flatMap(Unicode.Scalar.init)
    }

    private static func validScalar(_ value: UInt32) -> Unicode.Scalar? {
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }
}

extension StringProtocol {
    /// Runs of white space (including no-break spaces and line breaks) as one space, trimmed.
    var collapsingWhitespace: String {
        var out = ""
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
