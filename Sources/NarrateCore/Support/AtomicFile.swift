import Foundation

/// Errors from writing output files.
public enum OutputError: NarrateError, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The path names something narrate must not write a file over (a folder, a disk, a broken link).
    case unsuitable(path: String, reason: String)
    case tooLargeForWAV(path: String)
    case tooLargeForMP3(path: String)
    /// ENOSPC, EDQUOT or EIO: not a permissions problem, so exit 74 and say what it is.
    case diskFull(path: String)
    case quotaExceeded(path: String)
    case ioFailure(path: String, reason: String)
    /// The reader of standard output went away (`| head`): not an error for the user.
    case streamClosed

    public var exitStatus: ExitStatus {
        switch self {
        case .streamClosed: return .success
        case .diskFull, .quotaExceeded, .ioFailure: return .ioError
        default: return .cannotCreate
        }
    }

    /// The error for a failed write of `path` with `errno` `code`.
    public static func writing(_ path: String, errno code: Int32) -> OutputError {
        switch code {
        case ENOSPC: return .diskFull(path: path)
        case EDQUOT: return .quotaExceeded(path: path)
        case EIO: return .ioFailure(path: path, reason: String(cString: strerror(code)).lowercased())
        case ENAMETOOLONG: return .unsuitable(path: path, reason: "the name is too long for the file system; choose a shorter one with -o")
        case EROFS: return .unsuitable(path: path, reason: "the disk is read-only; choose another with -o")
        default: return .cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
    }

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(path, reason):
            return "\(path): cannot create the output folder (\(reason)); choose another with -o"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write (\(reason)); check the folder's permissions or choose another with -o"
        case let .tooLargeForWAV(path):
            return "\(path): a WAV file cannot hold more than 4 GiB of audio (about 27 hours at 22,050 Hz); "
                + "use --format flac, or render fewer chapters into it"
        case let .tooLargeForMP3(path):
            return "\(path): an MP3 file cannot pass 4 GiB (its info frame counts bytes in 32 bits); "
                + "lower --bitrate, or render one file per chapter instead of --single-file"
        case let .unsuitable(path, reason):
            return "\(path): \(reason)"
        case let .diskFull(path):
            return "\(path): the disk is full; free some space or choose another disk with -o"
        case let .quotaExceeded(path):
            return "\(path): your disk quota is used up; free some space or choose another disk with -o"
        case let .ioFailure(path, reason):
            return "\(path): the disk failed to write (\(reason)); check the disk, or choose another with -o"
        case .streamClosed:
            return "standard output was closed"
        }
    }
}

/// What an output path names: a regular file (or nothing yet), written under a temporary name
/// and renamed into place; or a device, FIFO or socket, written straight into. A symbolic
/// link is followed (to the file it names); it is never replaced.
public enum OutputTarget: Equatable {
    case file(URL)
    case stream(URL)

    public static func resolve(_ url: URL) throws -> OutputTarget {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            if errno == ENOENT { return .file(url) }
            throw OutputError.writing(url.path, errno: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(url)
        case S_IFLNK:
            guard let real = realpath(url.path, nil) else {
                throw OutputError.unsuitable(
                    path: url.path, reason: "a symbolic link to a missing file; remove the link or give the file's own path with -o")
            }
            defer { free(real) }
            return try resolve(URL(fileURLWithPath: String(cString: real)))  // no longer a link
        case S_IFDIR: throw OutputError.unsuitable(path: url.path, reason: "this is a folder; give a file name with -o")
        case S_IFBLK:
            throw OutputError.unsuitable(path: url.path, reason: "this is a disk (a block device); narrate does not write onto disks, give a file with -o")
        default: return .stream(url)  // a character device (/dev/null), a FIFO, a socket
        }
    }

    /// Whether `url` names a device or FIFO that output is written straight into.
    public static func isStream(_ url: URL) -> Bool {
        if case .stream? = try? resolve(url) { return true }
        return false
    }
}

/// A file written under a temporary name beside its destination and renamed into place only
/// when complete, so a reader never sees a half-written file under the final name. A device or
/// FIFO (`-o /dev/null`, `-o >(…)`) is written straight into instead: it cannot be renamed over,
/// and must never be replaced by a file.
public final class AtomicFile {
    /// The file written: the destination, or the file a symbolic link there names.
    public let destination: URL
    /// Nil when writing straight into a device or FIFO.
    public let temporary: URL?
    private let descriptor: Int32
    private var finished = false
    private var bytesWritten = 0

    /// Whether bytes written earlier can be rewritten (`write(_:at:)`): only in a regular file.
    public var isSeekable: Bool { temporary != nil }

    public init(destination: URL) throws {
        switch try OutputTarget.resolve(destination) {
        case let .file(url):
            self.destination = url
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
            self.temporary = temporary
            descriptor = open(temporary.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw OutputError.writing(url.path, errno: errno) }
            TemporaryFiles.shared.register(temporary)
        case let .stream(url):
            self.destination = url
            temporary = nil
            descriptor = open(url.path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw OutputError.writing(url.path, errno: errno) }
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes at the current end of the file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let error = Self.writeAll(descriptor, bytes) {
            throw OutputError.writing(destination.path, errno: error)
        }
        bytesWritten += bytes.count
    }

    /// Writes every byte to a descriptor, retrying on EINTR; returns the errno of a failure.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Overwrites bytes at an absolute offset (used for headers finalised after the body).
    public func write(_ bytes: [UInt8], at offset: Int) throws {
        guard isSeekable else { throw InternalError("rewriting bytes of \(destination.path), which is not a regular file") }
        let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard n == bytes.count else {
            throw OutputError.writing(destination.path, errno: n < 0 ? errno : ENOSPC)
        }
    }

    /// Flushes to disk and renames into place (a device or FIFO is only closed). Returns the
    /// bytes written.
    @discardableResult
    public func commit() throws -> Int {
        var info = stat()
        fstat(descriptor, &info)
        guard let temporary else {
            finished = true
            guard close(descriptor) == 0 else { throw OutputError.writing(destination.path, errno: errno) }
            return bytesWritten
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let error = errno
            finished = true
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
            throw OutputError.writing(destination.path, errno: error)
        }
        finished = true
        guard rename(temporary.path, destination.path) == 0 else {
            let error = errno
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
            throw OutputError.writing(destination.path, errno: error)
        }
        TemporaryFiles.shared.unregister(temporary)
        return Int(info.st_size)
    }

    /// Removes the temporary file; the destination is untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        if let temporary {
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
        }
    }

    /// Writes a whole file atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let file = try AtomicFile(destination: url)
        try file.write(data)
        try file.commit()
    }
}

/// The one registry of temporary files, so an interrupt can remove them all before exiting.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()
    private let paths = Locked<Set<String>>([])

    func register(_ url: URL) { paths.withLock { _ = $0.insert(url.path) } }
    func unregister(_ url: URL) { paths.withLock { _ = $0.remove(url.path) } }

    /// Unlinks every registered temporary file (called from the signal handler path).
    public func removeAll() {
        let all = paths.withLock { $0 }
        for path in all { unlink(path) }
    }
}
