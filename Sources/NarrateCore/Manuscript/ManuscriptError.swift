/// Errors reading a manuscript; every message names the file and says what to do.
public enum ManuscriptError: NarrateError, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case binary(path: String, kind: String)
    case noSpeakableText(path: String)
    case tooLarge(path: String, limit: Int)
    case directory(path: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .missing, .unreadable, .directory: return .noInput
        case .empty, .binary, .noSpeakableText, .tooLarge: return .dataError
        }
    }

    public var description: String {
        switch self {
        case let .missing(path):
            return "\(path): no such file; check the path of the manuscript"
        case let .unreadable(path, reason):
            return "\(path): cannot read the manuscript (\(reason)); check its permissions"
        case let .empty(path):
            return "\(path): the manuscript is empty; give a text file with at least one sentence"
        case let .binary(path, kind):
            return "\(path): this is \(kind), not a text manuscript; give a plain-text (.txt) book"
        case let .directory(path):
            return "\(path): it is a directory, not a manuscript; give the book's file (an EPUB or a text file)"
        case let .tooLarge(path, limit):
            return "\(path): more than \(limit >> 20) MiB, too large for a manuscript; give one book's text (split a larger one into volumes)"
        case let .noSpeakableText(path):
            return "\(path): the manuscript has no words to read aloud; give a file with prose in it"
        }
    }
}
