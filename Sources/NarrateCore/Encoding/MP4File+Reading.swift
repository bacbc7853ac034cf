import CFFmpeg
import Foundation

extension MP4File {
    /// What `read` finds in an MP4 audio file.
    public struct Contents: Sendable {
        /// The audio track decoded to 16-bit samples, mixed to mono (the encoder's priming and
        /// padding removed, as the file's edit list says).
        public var audio: DecodedAudio
        /// `aac`, `alac`, …
        public var codec: String
        /// The AAC profile ("LC"), when the decoder names one.
        public var profile: String?
        /// Bits per second of the audio track, as the container states it.
        public var bitrate: Int
        /// The container's tags by FFmpeg's names (title, album, artist, media_type, major_brand, …).
        public var tags: [String: String]
        /// Chapter titles and times in seconds.
        public var chapters: [(title: String, start: Double, end: Double)]
        /// Whether the file carries cover art.
        public var hasCover: Bool
        /// The container's duration in seconds.
        public var duration: Double
    }

    /// Decodes the first audio track of an MP4/M4B/M4A file and reads its tags and chapters.
    public static func read(_ url: URL, decodeAudio: Bool = true) throws -> Contents {
        let av = try Library.shared()
        var context: UnsafeMutablePointer<AVFormatContext>?
        func failed(_ code: Int32) -> MP4Error { .unreadable(path: url.path, reason: av.reason(code)) }
        var code = av.avformat_open_input(&context, url.path, nil, nil)
        guard code >= 0, let format = context else { throw failed(code) }
        defer { av.avformat_close_input(&context) }
        code = av.avformat_find_stream_info(format, nil)
        guard code >= 0 else { throw failed(code) }
        var decoder: UnsafePointer<AVCodec>?
        let index = av.av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        guard index >= 0, let decoder, let stream = format.pointee.streams[Int(index)] else {
            throw MP4Error.unreadable(path: url.path, reason: "no audio track")
        }
        let parameters = stream.pointee.codecpar!
        var contents = Contents(
            audio: DecodedAudio(samples: [], sampleRate: Int(parameters.pointee.sample_rate), channels: 1),
            codec: av.avcodec_get_name(parameters.pointee.codec_id).map { String(cString: $0) } ?? "unknown",
            profile: av.avcodec_profile_name(parameters.pointee.codec_id, parameters.pointee.profile).map { String(cString: $0) },
            bitrate: Int(parameters.pointee.bit_rate), tags: dictionary(format.pointee.metadata, av), chapters: [],
            hasCover: (0..<Int(format.pointee.nb_streams)).contains { format.pointee.streams[$0]!.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0 },
            duration: Double(max(0, format.pointee.duration)) / Double(AV_TIME_BASE))
        for i in 0..<Int(format.pointee.nb_chapters) {
            let chapter = format.pointee.chapters[i]!.pointee
            let base = Double(chapter.time_base.num) / Double(chapter.time_base.den)
            contents.chapters.append((dictionary(chapter.metadata, av)["title"] ?? "", Double(chapter.start) * base, Double(chapter.end) * base))
        }
        if decodeAudio {
            contents.audio.samples = try decode(format, stream: index, decoder: decoder, path: url.path, av)
            // The decoder drops the priming the edit list skips, but keeps the last frame's padding:
            // cut at the track's stated length.
            let (length, base) = (stream.pointee.duration, stream.pointee.time_base)
            if length > 0, base.den > 0 {
                let samples = Int((Double(length) * Double(base.num) / Double(base.den) * Double(contents.audio.sampleRate)).rounded())
                if contents.audio.samples.count > samples { contents.audio.samples.removeLast(contents.audio.samples.count - samples) }
            }
        }
        return contents
    }

    /// Every frame of the audio track as 16-bit mono.
    private static func decode(_ format: UnsafeMutablePointer<AVFormatContext>, stream index: Int32, decoder: UnsafePointer<AVCodec>,
                               path: String, _ av: Library) throws -> [Int16] {
        var codec = av.avcodec_alloc_context3(decoder)
        var frame = av.av_frame_alloc()
        var packet = av.av_packet_alloc()
        defer {
            av.avcodec_free_context(&codec)
            av.av_frame_free(&frame)
            av.av_packet_free(&packet)
        }
        guard let codec, let frame, let packet else { throw MP4Error.unreadable(path: path, reason: "out of memory") }
        func failed(_ code: Int32) -> MP4Error { .unreadable(path: path, reason: av.reason(code)) }
        var code = av.avcodec_parameters_to_context(codec, format.pointee.streams[Int(index)]!.pointee.codecpar)
        if code >= 0 { code = av.avcodec_open2(codec, decoder, nil) }
        guard code >= 0 else { throw failed(code) }
        var samples: [Int16] = []
        func receive() throws {
            while true {
                let code = av.avcodec_receive_frame(codec, frame)
                if code == cffmpeg_error_again() || code == cffmpeg_error_eof() { return }
                guard code >= 0 else { throw failed(code) }
                samples += monoSamples(frame, av)
                av.av_frame_unref(frame)
            }
        }
        while av.av_read_frame(format, packet) >= 0 {
            defer { av.av_packet_unref(packet) }
            guard packet.pointee.stream_index == index else { continue }
            code = av.avcodec_send_packet(codec, packet)
            guard code >= 0 || code == cffmpeg_error_again() else { throw failed(code) }
            try receive()
        }
        _ = av.avcodec_send_packet(codec, nil)
        try receive()
        return samples
    }

    /// A decoded frame's samples (float or 16-bit, planar or interleaved) averaged to one channel.
    private static func monoSamples(_ frame: UnsafeMutablePointer<AVFrame>, _ av: Library) -> [Int16] {
        let count = Int(frame.pointee.nb_samples), channels = max(1, Int(frame.pointee.ch_layout.nb_channels))
        let sampleFormat = AVSampleFormat(rawValue: frame.pointee.format)
        let planar = av.av_sample_fmt_is_planar(sampleFormat) != 0
        let isFloat = sampleFormat == AV_SAMPLE_FMT_FLTP || sampleFormat == AV_SAMPLE_FMT_FLT
        guard isFloat || sampleFormat == AV_SAMPLE_FMT_S16P || sampleFormat == AV_SAMPLE_FMT_S16 else { return [] }
        let planes = frame.pointee.extended_data!
        func value(_ sample: Int, _ channel: Int) -> Float {
            let plane = planes[planar ? channel : 0]!
            let position = planar ? sample : sample * channels + channel
            return isFloat ? plane.withMemoryRebound(to: Float.self, capacity: position + 1) { $0[position] }
                : plane.withMemoryRebound(to: Int16.self, capacity: position + 1) { Float($0[position]) / 32768 }
        }
        return (0..<count).map { sample in
            let mixed = (0..<channels).reduce(Float(0)) { $0 + value(sample, $1) } / Float(channels)
            return Int16(max(-32768, min(32767, (mixed * 32768).rounded())))
        }
    }

    /// An AVDictionary as a Swift dictionary.
    private static func dictionary(_ metadata: OpaquePointer?, _ av: Library) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av.av_dict_get(metadata, "", entry, AV_DICT_IGNORE_SUFFIX) {
            result[String(cString: next.pointee.key)] = String(cString: next.pointee.value)
            entry = next
        }
        return result
    }
}
