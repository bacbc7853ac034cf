import CFFmpeg
import Foundation

/// Errors from FFmpeg's libraries (AAC encoding, MP4 muxing and demuxing).
public enum MP4Error: NarrateError, Equatable {
    /// A library call failed while writing: narrate's fault or the machine's, not the user's.
    case ffmpeg(operation: String, code: Int32, reason: String)
    /// A file that is not an MP4/M4B/M4A narrate can read.
    case unreadable(path: String, reason: String)
    /// An M4B or M4A goes where only a regular file can be: its index is written at the end and
    /// moved to the front, so a pipe, device or FIFO cannot hold it.
    case needsRegularFile(path: String)
    /// FFmpeg's libraries cannot be loaded (they are loaded only for M4B and M4A).
    case unavailable(reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .ffmpeg: return .software
        case .unreadable: return .dataError
        case .needsRegularFile: return .cannotCreate
        case .unavailable: return .unavailable
        }
    }

    public var description: String {
        switch self {
        case let .ffmpeg(operation, code, reason):
            return "the AAC/MP4 writer (FFmpeg) failed in \(operation) with code \(code) (\(reason))"
        case let .unreadable(path, reason):
            return "\(path): not an MP4 audio file narrate can read (\(reason)); give an .m4b, .m4a or .mp3"
        case let .needsRegularFile(path):
            return "\(path): an M4B/M4A file needs a regular file (its index is moved to the front at the end); "
                + "give a file with -o, or stream with --format mp3 or --format wav and -o -"
        case let .unavailable(reason):
            let packages = [("avformat", LIBAVFORMAT_VERSION_MAJOR), ("avcodec", LIBAVCODEC_VERSION_MAJOR), ("avutil", LIBAVUTIL_VERSION_MAJOR)]
                .map { "lib\($0)\($1)" }.joined(separator: " ")
            return "M4B and M4A need FFmpeg's libraries, which cannot be loaded (\(reason)); "
                + "install them (Debian and Ubuntu: apt install \(packages)) or choose --format mp3"
        }
    }
}

/// The one owner of FFmpeg handles (libavformat, libavcodec, libavutil): writes AAC-LC in an
/// MP4 container (`Writer`: M4B books with chapters, M4A chapter files) and reads MP4 audio back
/// (`read`, for `narrate check`).
public enum MP4File {
    /// The iTunes-style tags of a file (the mov muxer's keys: ©nam, ©alb, ©ART, aART, ©gen,
    /// ©day, desc, ldes, stik, trkn, ©too).
    public struct Tags: Sendable {
        public var title: String
        public var album: String
        public var artist: String?
        public var genre = "Audiobook"
        /// The year of publication, where the book says.
        public var year: String?
        public var description: String?
        /// Track `n/N` (chapter files); nil for a whole book.
        public var track: (Int, Int)?
        /// `stik`: 2 marks an audiobook for Apple's players.
        public var mediaKind = 2
        /// ISO 639-2 code of the audio track's language.
        public var language: String
        /// `©too`: what wrote the file, with the fingerprint a re-run compares (see `fingerprint(of:)`).
        public var encoder: String

        public init(title: String, album: String, artist: String?, year: String?, description: String?, track: (Int, Int)?,
                    language: String, encoder: String) {
            (self.title, self.album, self.artist, self.year, self.description) = (title, album, artist, year, description)
            (self.track, self.language, self.encoder) = (track, language, encoder)
        }

        /// The muxer's metadata keys and values (it writes `encoding_tool` as ©too, which FFmpeg reads back as `encoder`).
        var entries: [(String, String)] {
            var entries = [("title", title), ("album", album), ("genre", genre), ("media_type", "\(mediaKind)"), ("encoding_tool", encoder)]
            if let artist { entries += [("artist", artist), ("album_artist", artist)] }
            if let year { entries.append(("date", year)) }
            if let description { entries += [("description", description), ("synopsis", description)] }
            if let (number, total) = track { entries.append(("track", "\(number)/\(total)")) }
            return entries
        }
    }

    /// A chapter mark, in samples of the rate given to the writer.
    public struct Chapter: Sendable, Equatable {
        public var title: String
        public var start: Int
        public var end: Int

        public init(title: String, start: Int, end: Int) {
            (self.title, self.start, self.end) = (title, start, end)
        }
    }

    /// Kilobits per second AAC-LC can carry for one channel at `sampleRate` (6144 bits a frame of 1024 samples).
    public static func maximumBitrate(sampleRate: Int) -> Int { 6144 * sampleRate / 1024 / 1000 }

    /// Whether the file starts like an MP4 (an `ftyp` box), whatever its name.
    public static func isMP4(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return head.count == 8 && head[4..<8] == Data("ftyp".utf8)
    }
}

extension MP4File {
    /// Streams 16-bit mono PCM through FFmpeg's native AAC-LC encoder into an MP4 file ("ipod"
    /// muxer: iTunes tags, a QuickTime chapter track and a Nero `chpl` list, cover art as
    /// `covr`), with the index (moov) moved to the front when complete (fast start). Written under
    /// a temporary name beside the destination and renamed into place only when complete.
    public final class Writer: AudioSink {
        private let av: Library
        private let file: AtomicFile
        private var format: UnsafeMutablePointer<AVFormatContext>?
        private var codec: UnsafeMutablePointer<AVCodecContext>?
        private var frame: UnsafeMutablePointer<AVFrame>?
        private var packet: UnsafeMutablePointer<AVPacket>?
        private var stream: UnsafeMutablePointer<AVStream>?
        private let sampleRate: Int
        private var frameSize = 1024
        /// Samples waiting for a whole AAC frame.
        private var pending: [Float] = []
        private var encoded = 0
        public private(set) var sampleCount = 0
        /// Chapter marks written at the end (set before `finish()`), in samples of `sampleRate`.
        public var chapters: [Chapter] = []

        /// `brand`: the file type's major brand, "M4B " for a book, "M4A " for a chapter file.
        public init(destination: URL, sampleRate: Int, bitrate: Int, tags: Tags, cover: CoverImage?, brand: String) throws {
            let av = try Library.shared()
            self.av = av
            file = try AtomicFile(destination: destination)
            guard let temporary = file.temporary else {
                file.discard()
                throw MP4Error.needsRegularFile(path: destination.path)
            }
            self.sampleRate = sampleRate
            var context: UnsafeMutablePointer<AVFormatContext>?
            do {
                try av.check(av.avformat_alloc_output_context2(&context, nil, "ipod", temporary.path), "avformat_alloc_output_context2")
                guard let context else { throw MP4Error.ffmpeg(operation: "avformat_alloc_output_context2", code: -1, reason: "no context") }
                format = context
                guard let aac = av.avcodec_find_encoder(AV_CODEC_ID_AAC), let encoder = av.avcodec_alloc_context3(aac),
                      let stream = av.avformat_new_stream(context, nil) else {
                    throw MP4Error.ffmpeg(operation: "find the AAC encoder", code: -1, reason: "FFmpeg was built without it")
                }
                codec = encoder
                self.stream = stream
                encoder.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
                encoder.pointee.sample_rate = Int32(sampleRate)
                av.av_channel_layout_default(&encoder.pointee.ch_layout, 1)
                encoder.pointee.bit_rate = Int64(bitrate) * 1000
                encoder.pointee.profile = FF_PROFILE_AAC_LOW
                encoder.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
                if context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 {
                    encoder.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
                }
                // The "fast" coder, not the default two-loop search: on espeak-ng speech it scores
                // higher (wideband PESQ 4.35 against 4.14 at 64 kbit/s) in a sixth of the CPU time.
                var coderOptions: OpaquePointer?
                defer { av.av_dict_free(&coderOptions) }
                try av.check(av.av_dict_set(&coderOptions, "aac_coder", "fast", 0), "av_dict_set")
                try av.check(av.avcodec_open2(encoder, aac, &coderOptions), "avcodec_open2(aac)")
                frameSize = Int(encoder.pointee.frame_size)
                try av.check(av.avcodec_parameters_from_context(stream.pointee.codecpar, encoder), "avcodec_parameters_from_context")
                stream.pointee.time_base = encoder.pointee.time_base
                try av.check(av.av_dict_set(&stream.pointee.metadata, "language", tags.language, 0), "av_dict_set")
                let picture = try cover.flatMap { $0.bytes.isEmpty ? nil : try Self.addCover($0, to: context, av) }
                try av.check(av.avio_open(&context.pointee.pb, temporary.path, AVIO_FLAG_WRITE), "avio_open")
                var options: OpaquePointer?
                defer { av.av_dict_free(&options) }
                try av.check(av.av_dict_set(&options, "movflags", "+faststart", 0), "av_dict_set")
                try av.check(av.av_dict_set(&options, "brand", brand, 0), "av_dict_set")
                try av.check(av.avformat_write_header(context, &options), "avformat_write_header")
                // Tags after the header: the muxer sets its own `encoder` there; the index (and
                // the tags in it) is written at the end.
                for (key, value) in tags.entries { try av.check(av.av_dict_set(&context.pointee.metadata, key, value, 0), "av_dict_set(\(key))") }
                frame = av.av_frame_alloc()
                packet = av.av_packet_alloc()
                guard frame != nil, packet != nil else { throw MP4Error.ffmpeg(operation: "av_frame_alloc", code: -1, reason: "out of memory") }
                if let picture { try write(picture: picture, stream: 1) }
            } catch {
                release()
                file.discard()
                throw error
            }
        }

        deinit {
            release()
            file.discard()
        }

        /// The cover as an attached picture stream (the muxer writes it as `covr`).
        private static func addCover(_ cover: CoverImage, to context: UnsafeMutablePointer<AVFormatContext>, _ av: Library) throws -> [UInt8] {
            guard let stream = av.avformat_new_stream(context, nil) else {
                throw MP4Error.ffmpeg(operation: "avformat_new_stream(cover)", code: -1, reason: "out of memory")
            }
            let size = ImageSize(cover.bytes) ?? ImageSize(width: 1, height: 1)
            stream.pointee.disposition = AV_DISPOSITION_ATTACHED_PIC
            stream.pointee.codecpar.pointee.codec_type = AVMEDIA_TYPE_VIDEO
            stream.pointee.codecpar.pointee.codec_id = cover.mimeType == "image/png" ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG
            stream.pointee.codecpar.pointee.width = Int32(size.width)
            stream.pointee.codecpar.pointee.height = Int32(size.height)
            return cover.bytes
        }

        private func write(picture: [UInt8], stream index: Int32) throws {
            guard let format, let packet else { return }
            try av.check(av.av_new_packet(packet, Int32(picture.count)), "av_new_packet(cover)")
            picture.withUnsafeBytes { packet.pointee.data.update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: picture.count) }
            packet.pointee.stream_index = index
            packet.pointee.flags |= AV_PKT_FLAG_KEY
            defer { av.av_packet_unref(packet) }
            try av.check(av.av_write_frame(format, packet), "av_write_frame(cover)")
        }

        public func append(_ samples: [Int16]) throws {
            sampleCount += samples.count
            pending.reserveCapacity(pending.count + samples.count)
            for sample in samples { pending.append(Float(sample) / 32768) }
            var offset = 0
            while pending.count - offset >= frameSize {
                try encode(pending[offset..<(offset + frameSize)])
                offset += frameSize
            }
            pending.removeFirst(offset)
        }

        /// Sends one frame (the last may be short) to the encoder and writes the packets it gives.
        private func encode(_ samples: ArraySlice<Float>) throws {
            guard let codec, let frame else { throw InternalError("MP4 writer used after finish") }
            av.av_frame_unref(frame)
            frame.pointee.nb_samples = Int32(samples.count)
            frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            frame.pointee.sample_rate = Int32(sampleRate)
            try av.check(av.av_channel_layout_copy(&frame.pointee.ch_layout, &codec.pointee.ch_layout), "av_channel_layout_copy")
            try av.check(av.av_frame_get_buffer(frame, 0), "av_frame_get_buffer")
            frame.pointee.data.0!.withMemoryRebound(to: Float.self, capacity: samples.count) { plane in
                _ = samples.withUnsafeBufferPointer { plane.update(from: $0.baseAddress!, count: samples.count) }
            }
            frame.pointee.pts = Int64(encoded)
            encoded += samples.count
            try av.check(av.avcodec_send_frame(codec, frame), "avcodec_send_frame")
            try drain()
        }

        /// Writes every packet the encoder has ready.
        private func drain() throws {
            guard let codec, let packet, let format, let stream else { return }
            while true {
                let code = av.avcodec_receive_packet(codec, packet)
                if code == cffmpeg_error_again() || code == cffmpeg_error_eof() { return }
                try av.check(code, "avcodec_receive_packet")
                av.av_packet_rescale_ts(packet, codec.pointee.time_base, stream.pointee.time_base)
                packet.pointee.stream_index = stream.pointee.index
                let written = av.av_write_frame(format, packet)
                av.av_packet_unref(packet)
                if written == -ENOSPC || written == -EDQUOT || written == -EIO {
                    throw OutputError.writing(file.destination.path, errno: -written)
                }
                try av.check(written, "av_write_frame")
            }
        }

        /// Encodes what is left, writes the chapters, the tags and the index (moved to the front),
        /// and renames the file into place. Returns its size in bytes.
        public func finish() throws -> Int {
            guard let format, let codec else { throw InternalError("MP4 writer finished twice") }
            do {
                if !pending.isEmpty { try encode(pending[...]) }
                pending = []
                try av.check(av.avcodec_send_frame(codec, nil), "avcodec_send_frame(flush)")
                try drain()
                try addChapters(to: format)
                let trailer = av.av_write_trailer(format)
                if trailer == -ENOSPC || trailer == -EDQUOT || trailer == -EIO {
                    throw OutputError.writing(file.destination.path, errno: -trailer)
                }
                try av.check(trailer, "av_write_trailer")
                try av.check(av.avio_closep(&format.pointee.pb), "avio_closep")
            } catch {
                cancel()
                throw error
            }
            release()
            return try file.commit()
        }

        /// The chapters as the muxer takes them: it writes the QuickTime chapter track (Apple's
        /// players) and the Nero `chpl` list (mutagen, many others) from these at the end.
        private func addChapters(to format: UnsafeMutablePointer<AVFormatContext>) throws {
            guard !chapters.isEmpty, format.pointee.nb_chapters == 0 else { return }
            let size = MemoryLayout<UnsafeMutablePointer<AVChapter>?>.stride
            guard let list = av.av_calloc(chapters.count, size)?.bindMemory(to: UnsafeMutablePointer<AVChapter>?.self, capacity: chapters.count) else {
                throw MP4Error.ffmpeg(operation: "av_calloc(chapters)", code: cffmpeg_error_nomem(), reason: "out of memory")
            }
            format.pointee.chapters = list
            for (index, chapter) in chapters.enumerated() {
                guard let mark = av.av_mallocz(MemoryLayout<AVChapter>.stride)?.bindMemory(to: AVChapter.self, capacity: 1) else {
                    throw MP4Error.ffmpeg(operation: "av_mallocz(chapter)", code: cffmpeg_error_nomem(), reason: "out of memory")
                }
                mark.pointee.id = Int64(index + 1)
                mark.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
                mark.pointee.start = Int64(chapter.start)
                mark.pointee.end = Int64(chapter.end)
                try av.check(av.av_dict_set(&mark.pointee.metadata, "title", chapter.title, 0), "av_dict_set")
                list[index] = mark
                format.pointee.nb_chapters = UInt32(index + 1)
            }
        }

        /// Abandons the file; nothing appears under the destination name.
        public func cancel() {
            if let format, format.pointee.pb != nil { _ = av.avio_closep(&format.pointee.pb) }  // abandoning: the file is discarded
            release()
            file.discard()
        }

        /// Frees every FFmpeg handle (the chapters go with the format context).
        private func release() {
            if codec != nil { av.avcodec_free_context(&codec) }
            if frame != nil { av.av_frame_free(&frame) }
            if packet != nil { av.av_packet_free(&packet) }
            if let format {
                if format.pointee.pb != nil { _ = av.avio_closep(&format.pointee.pb) }  // only after a failure; finish() checks its own
                av.avformat_free_context(format)
                self.format = nil
            }
        }
    }
}

/// The width and height of a JPEG or PNG, read from its header (the muxer wants a cover's size).
struct ImageSize: Equatable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) { (self.width, self.height) = (width, height) }

    init?(_ bytes: [UInt8]) {
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {  // PNG: IHDR first
            self.init(width: be32(16), height: be32(20))
            return
        }
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            // Start of frame (baseline, progressive, …): not DHT (C4), JPG (C8) or DAC (CC).
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                self.init(width: be16(i + 7), height: be16(i + 5))
                return
            }
            i += 2 + be16(i + 2)
        }
        return nil
    }
}
