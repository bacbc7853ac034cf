import CSndFile
import Foundation

public enum SoundFileError: NarrateError, Equatable {
    case cannotOpen(path: String, reason: String)
    case failed(operation: String, reason: String)

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open as audio (\(reason))"
        case let .failed(operation, reason): return "libsndfile failed in \(operation): \(reason)"
        }
    }
}

/// Decoded audio: interleaved 16-bit samples and the stream's parameters.
public struct DecodedAudio: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int { channels > 0 ? samples.count / channels : 0 }
    public var duration: Double { Double(frames) / Double(max(sampleRate, 1)) }
}

/// The one owner of libsndfile handles: decodes WAV, FLAC, MP3 (libsndfile ≥ 1.1) and more.
public enum SoundFile {
    public static func read(_ url: URL) throws -> DecodedAudio {
        var info = SF_INFO()
        guard let handle = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw SoundFileError.cannotOpen(path: url.path, reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(handle) }
        var samples = [Int16](repeating: 0, count: Int(info.frames) * Int(info.channels))
        let read = samples.withUnsafeMutableBufferPointer { sf_read_short(handle, $0.baseAddress, sf_count_t($0.count)) }
        try check(handle, read >= 0, "sf_read_short")
        samples.removeSubrange(Int(read)...)
        return DecodedAudio(samples: samples, sampleRate: Int(info.samplerate), channels: Int(info.channels))
    }

    /// The one place libsndfile failures become errors.
    static func check(_ handle: OpaquePointer?, _ ok: Bool, _ operation: String) throws {
        guard !ok else { return }
        throw SoundFileError.failed(operation: operation, reason: String(cString: sf_strerror(handle)))
    }
}

extension SoundFile {
    /// Compresses 16-bit mono PCM to FLAC in memory (lossless; used for the segment cache).
    public static func encodeFLAC(_ samples: [Int16], sampleRate: Int) throws -> [UInt8] {
        let memory = MemoryFile(bytes: [])
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = 1
        info.format = Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        var io = MemoryFile.virtualIO
        let box = Unmanaged.passRetained(memory)
        defer { box.release() }
        guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, box.toOpaque()) else {
            throw SoundFileError.failed(operation: "sf_open_virtual(FLAC write)", reason: String(cString: sf_strerror(nil)))
        }
        let written = samples.withUnsafeBufferPointer { sf_write_short(handle, $0.baseAddress, sf_count_t($0.count)) }
        let ok = written == samples.count
        let reason = String(cString: sf_strerror(handle))
        try check(nil, sf_close(handle) == 0, "sf_close(FLAC)")
        guard ok else { throw SoundFileError.failed(operation: "sf_write_short(FLAC)", reason: reason) }
        return memory.bytes
    }

    /// Decodes FLAC (or any format libsndfile reads) from memory.
    public static func decode(_ bytes: [UInt8]) throws -> DecodedAudio {
        let memory = MemoryFile(bytes: bytes)
        var info = SF_INFO()
        var io = MemoryFile.virtualIO
        let box = Unmanaged.passRetained(memory)
        defer { box.release() }
        guard let handle = sf_open_virtual(&io, Int32(SFM_READ), &info, box.toOpaque()) else {
            throw SoundFileError.failed(operation: "sf_open_virtual(read)", reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(handle) }
        var samples = [Int16](repeating: 0, count: Int(info.frames) * Int(info.channels))
        let read = samples.withUnsafeMutableBufferPointer { sf_read_short(handle, $0.baseAddress, sf_count_t($0.count)) }
        try check(handle, read == samples.count, "sf_read_short")
        return DecodedAudio(samples: samples, sampleRate: Int(info.samplerate), channels: Int(info.channels))
    }
}

/// A growable in-memory file for libsndfile's virtual I/O callbacks.
private final class MemoryFile {
    var bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> MemoryFile {
        Unmanaged<MemoryFile>.fromOpaque(pointer!).takeUnretainedValue()
    }

    static let virtualIO = SF_VIRTUAL_IO(
        get_filelen: { user in sf_count_t(MemoryFile.from(user).bytes.count) },
        seek: { offset, whence, user in
            let file = MemoryFile.from(user)
            let base: Int
            switch whence {
            case SEEK_CUR: base = file.position
            case SEEK_END: base = file.bytes.count
            default: base = 0
            }
            let target = base + Int(offset)
            guard target >= 0 else { return -1 }
            file.position = target
            return sf_count_t(target)
        },
        read: { pointer, count, user in
            let file = MemoryFile.from(user)
            let available = max(0, min(Int(count), file.bytes.count - file.position))
            if available > 0 {
                file.bytes.withUnsafeBytes { pointer!.copyMemory(from: $0.baseAddress! + file.position, byteCount: available) }
                file.position += available
            }
            return sf_count_t(available)
        },
        write: { pointer, count, user in
            let file = MemoryFile.from(user)
            let count = Int(count)
            let end = file.position + count
            if end > file.bytes.count { file.bytes.append(contentsOf: repeatElement(0, count: end - file.bytes.count)) }
            file.bytes.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: file.position).copyMemory(from: pointer!, byteCount: count) }
            file.position = end
            return sf_count_t(count)
        },
        tell: { user in sf_count_t(MemoryFile.from(user).position) })
}

extension SoundFile {
    /// Streams 16-bit mono PCM into a WAV or FLAC file through libsndfile, under a temporary
    /// name beside the destination, renamed into place only when complete.
    public final class Writer: AudioSink {
        /// A RIFF WAV file's sizes are 32-bit: its data may not pass 4 GiB less the header.
        public static let maximumWAVDataBytes = Int(UInt32.max) - 44

        public let destination: URL
        private let temporary: URL
        private let format: OutputFormat
        private var handle: OpaquePointer?
        public private(set) var sampleCount = 0

        public struct Tags {
            public var title: String, album: String, artist: String?, track: String
            public init(title: String, album: String, artist: String?, track: String) {
                (self.title, self.album, self.artist, self.track) = (title, album, artist, track)
            }
        }

        public init(destination: URL, format: OutputFormat, sampleRate: Int, tags: Tags) throws {
            precondition(format == .wav || format == .flac)
            // A symbolic link is followed; a device or FIFO is never replaced by a file (say
            // writes WAV into one with a StreamWriter; FLAC needs to seek).
            guard case let .file(destination) = try OutputTarget.resolve(destination) else {
                throw OutputError.unsuitable(path: destination.path, reason: "a \(format.rawValue.uppercased()) file needs a regular file, not a device or FIFO; give a file with -o")
            }
            self.destination = destination
            self.format = format
            temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).\(getpid()).partial")
            var info = SF_INFO()
            info.samplerate = Int32(sampleRate)
            info.channels = 1
            info.format = Int32((format == .wav ? SF_FORMAT_WAV : SF_FORMAT_FLAC) | SF_FORMAT_PCM_16)
            guard let handle = sf_open(temporary.path, Int32(SFM_WRITE), &info) else {
                throw OutputError.cannotWrite(path: destination.path, reason: String(cString: sf_strerror(nil)))
            }
            self.handle = handle
            TemporaryFiles.shared.register(temporary)
            for (kind, value) in [(SF_STR_TITLE, tags.title), (SF_STR_ALBUM, tags.album), (SF_STR_ARTIST, tags.artist ?? ""),
                                  (SF_STR_TRACKNUMBER, tags.track), (SF_STR_GENRE, "Audiobook")] where !value.isEmpty {
                sf_set_string(handle, Int32(kind), value)  // Best effort: not every format takes every tag.
            }
        }

        deinit { cancel() }

        public func append(_ samples: [Int16]) throws {
            guard let handle else { throw InternalError("append after finish") }
            if format == .wav && (sampleCount + samples.count) * 2 > Self.maximumWAVDataBytes {
                throw OutputError.tooLargeForWAV(path: destination.path)
            }
            errno = 0
            let written = samples.withUnsafeBufferPointer { sf_write_short(handle, $0.baseAddress, sf_count_t($0.count)) }
            guard written == samples.count else {
                if [ENOSPC, EDQUOT, EIO].contains(errno) { throw OutputError.writing(destination.path, errno: errno) }
                throw OutputError.cannotWrite(path: destination.path, reason: String(cString: sf_strerror(handle)))
            }
            sampleCount += samples.count
        }

        public func finish() throws -> Int {
            guard let handle else { throw InternalError("finish twice") }
            self.handle = nil
            sf_write_sync(handle)
            errno = 0
            guard sf_close(handle) == 0, rename(temporary.path, destination.path) == 0 else {
                let error = errno == 0 ? EIO : errno
                unlink(temporary.path)
                TemporaryFiles.shared.unregister(temporary)
                throw OutputError.writing(destination.path, errno: error)
            }
            TemporaryFiles.shared.unregister(temporary)
            return (try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int) ?? 0
        }

        public func cancel() {
            guard let handle else { return }
            self.handle = nil
            sf_close(handle)
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
        }
    }
}
