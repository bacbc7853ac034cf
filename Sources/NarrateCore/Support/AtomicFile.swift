import Foundation

/// Errors from writing output files.
public enum OutputError: NarrateError, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case tooLargeForWAV(path: String)
    case tooLargeForMP3(path: String)
    /// The reader of standard output went away (`| head`): not an error for the user.
    case streamClosed

    public var exitStatus: ExitStatus { self == .streamClosed ? .success : .cannotCreate }

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
        case .streamClosed:
            return "standard output was closed"
        }
    }
}

/// A file written under a temporary name beside its destination and renamed into place only
/// when complete, so a reader never sees a half-written file under the final name.
public final class AtomicFile {
    public let destination: URL
    public let temporary: URL
    private let descriptor: Int32
    private var finished = false

    public init(destination: URL) throws {
        self.destination = destination
        let dir = destination.deletingLastPathComponent()
        temporary = dir.appendingPathComponent(".\(destination.lastPathComponent).\(getpid()).partial")
        descriptor = open(temporary.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
        }
        TemporaryFiles.shared.register(temporary)
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes at the current end of the file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let error = Self.writeAll(descriptor, bytes) {
            throw OutputError.cannotWrite(path: destination.path, reason: String(cString: strerror(error)))
        }
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
        let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard n == bytes.count else {
            throw OutputError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Flushes to disk and renames into place. Returns the final size in bytes.
    @discardableResult
    public func commit() throws -> Int {
        var info = stat()
        fstat(descriptor, &info)
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw OutputError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
        }
        finished = true
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
            throw OutputError.cannotWrite(path: destination.path, reason: reason)
        }
        TemporaryFiles.shared.unregister(temporary)
        return Int(info.st_size)
    }

    /// Removes the temporary file; the destination is untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporary.path)
        TemporaryFiles.shared.unregister(temporary)
    }

    /// Writes a whole file atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let file = try AtomicFile(destination: url)
        try file.write(data)
        try file.commit()
    }
}

/// The one registry of temporary files, so an interrupt can remove them all before exiting.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    // Safe: `paths` is only touched under `lock`.
    private let lock = NSLock()
    private var paths: Set<String> = []

    func register(_ url: URL) { lock.withLock { _ = paths.insert(url.path) } }
    func unregister(_ url: URL) { lock.withLock { _ = paths.remove(url.path) } }

    /// Unlinks every registered temporary file (called from the signal handler path).
    public func removeAll() {
        let all = lock.withLock { paths }
        for path in all { unlink(path) }
    }
}
