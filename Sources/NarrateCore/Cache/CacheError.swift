import Foundation

/// Why a segment cache cannot be used, each with the fix for that cause. The `cache` commands
/// fail with these; a render prints `cause` and `fix` in one warning and goes on without a cache.
public enum CacheError: NarrateError, Equatable {
    case missing(path: String)
    case isDirectory(path: String)
    /// The file exists but is not a narrate cache: narrate leaves it as it is.
    case notACache(path: String, what: String)
    /// A narrate cache made by a newer narrate (a schema this one does not know).
    case newerSchema(path: String, version: Int64)
    /// Another process held the cache locked for longer than the busy timeout.
    case locked(path: String)
    /// A narrate cache whose file is damaged.
    case damaged(path: String, reason: String)
    /// The file or its folder cannot be written.
    case notWritable(path: String, reason: String)
    case unusable(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .missing: return .noInput
        case .notACache, .newerSchema, .damaged: return .dataError
        case .locked: return .temporaryFailure
        case .isDirectory, .notWritable, .unusable: return .cannotCreate
        }
    }

    public var path: String {
        switch self {
        case let .missing(path), let .isDirectory(path), let .notACache(path, _), let .newerSchema(path, _), let .locked(path),
             let .damaged(path, _), let .notWritable(path, _), let .unusable(path, _):
            return path
        }
    }

    /// What is wrong, without the path.
    public var cause: String {
        switch self {
        case .missing: return "no segment cache here yet"
        case .isDirectory: return "it is a directory, not a cache file"
        case let .notACache(_, what): return "it is not a narrate cache (\(what))"
        case let .newerSchema(_, version): return "it was made by a newer narrate (cache schema \(version), this narrate knows \(SegmentCache.schemaVersion))"
        case .locked: return "another process kept it locked for more than 15 s (database is locked)"
        case let .damaged(_, reason): return "the cache file is damaged (\(reason))"
        case let .notWritable(_, reason): return "it cannot be written (\(reason))"
        case let .unusable(_, reason): return reason
        }
    }

    /// What the user can do about it.
    public var fix: String {
        switch self {
        case .missing: return "it is created by the first 'narrate render'"
        case .isDirectory: return "remove it or choose another file with --cache"
        case .notACache: return "narrate never changes a file it did not make; choose another file with --cache or $NARRATE_CACHE"
        case .newerSchema: return "use that narrate, or run 'narrate cache clear' to start this cache over"
        case .locked: return "wait for the other narrate to finish and try again, or choose another file with --cache"
        case .damaged: return "run 'narrate cache verify' to repair it"
        case .notWritable:
            return "check the permissions of \(URL(fileURLWithPath: path).deletingLastPathComponent().path) or choose another file with --cache"
        case .unusable: return "choose another file with --cache"
        }
    }

    public var description: String { "\(path): \(cause); \(fix)" }

    /// The one warning line of a run that goes on without the cache: `what` happened (the
    /// segment cache cannot be used, failed during the run), the cause, what the run does, the fix.
    func warning(_ what: String, then: String) -> String {
        "\(path): \(what): \(cause); \(then). " + fix.prefix(1).uppercased() + fix.dropFirst()
    }

    /// The cause of a failure from SQLite or the file system, as one of these.
    static func from(_ error: Error, path: String) -> CacheError {
        if let error = error as? CacheError { return error }
        if let error = error as? SQLiteError {
            if error.isBusy { return .locked(path: path) }
            if error.isCorruption { return .damaged(path: path, reason: error.message) }
            if error.isNotWritable { return .notWritable(path: path, reason: error.message) }
            if error.isFull { return .unusable(path: path, reason: "the disk is full") }
            return .unusable(path: path, reason: error.message)
        }
        // The file system refused (creating the folder, removing a file).
        return .notWritable(path: path, reason: (error as NSError).localizedDescription)
    }
}
