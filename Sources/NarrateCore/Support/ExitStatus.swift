/// Process exit statuses, following BSD sysexits(3) where one fits.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Some segments failed; everything else was rendered and cached.
    case partialFailure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    /// A component narrate loads at run time is not installed (the neural runtime: make deps-neural).
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case ioError = 74
    /// Try again later (a resource another process holds, such as a locked cache).
    case temporaryFailure = 75
    case interrupted = 130
}

/// An error a user can act on, carrying the exit status it should end the process with.
public protocol NarrateError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}

extension NarrateError {
    public var localizedDescription: String { description }
}

/// A failure that is narrate's fault, not the user's: exit 70 and a request to report it.
public struct InternalError: NarrateError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .software }
    public var description: String { "internal error: \(message) (this is a bug in narrate; please report it)" }
}
