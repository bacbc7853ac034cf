/// Errors reading an EPUB; every message names the book, the place inside it and what to do.
public enum EPUBError: NarrateError, Equatable {
    case notAnEPUB(path: String, reason: String)
    case encrypted(path: String, entry: String)
    case missingEntry(path: String, entry: String, hint: String)
    case escapingPath(path: String, href: String, file: String)
    case entryTooLarge(path: String, entry: String, limit: Int)
    case bookTooLarge(path: String, limit: Int)
    case damagedEntry(path: String, entry: String, reason: String)
    case malformed(path: String, entry: String, line: Int, reason: String)
    case nothingToRead(path: String)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case let .notAnEPUB(path, reason):
            return "\(path): not an EPUB (\(reason)); give an .epub file or a plain-text manuscript"
        case let .encrypted(path, entry):
            return "\(path): this EPUB is encrypted (DRM: \(entry) is encrypted); narrate cannot read it. "
                + "Use a DRM-free copy of the book"
        case let .missingEntry(path, entry, hint):
            return "\(path): \(entry) is missing from the EPUB\(hint.isEmpty ? "" : "; \(hint)")"
        case let .escapingPath(path, href, file):
            return "\(path): \(file) refers to \(href), which points outside the EPUB; narrate refuses to read it. "
                + "The file is damaged or hostile"
        case let .entryTooLarge(path, entry, limit):
            return "\(path): \(entry) unpacks to more than \(Units.describe(bytes: limit)), which no book file needs; "
                + "refusing it as a likely ZIP bomb"
        case let .bookTooLarge(path, limit):
            return "\(path): the EPUB unpacks to more than \(Units.describe(bytes: limit)) of text; refusing it as a likely ZIP bomb"
        case let .damagedEntry(path, entry, reason):
            return "\(path): \(entry) inside the EPUB is damaged (\(reason)); get a fresh copy of the book"
        case let .malformed(path, entry, line, reason):
            return "\(path): \(entry) line \(line): \(reason); the EPUB is damaged, get a fresh copy of the book"
        case let .nothingToRead(path):
            return "\(path): the EPUB has no chapters with words to read aloud"
                + " (front matter is skipped; try --include-front-matter)"
        }
    }
}
