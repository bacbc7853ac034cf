import CFFmpeg
import Foundation

extension MP4File {
    /// FFmpeg's functions, looked up once per process in the libraries the headers were built
    /// against (`libavformat.so.59` for the headers of FFmpeg 5.1, and so on). They are loaded with
    /// `dlopen` the first time an M4B or M4A is written or read, never linked: a render to MP3,
    /// WAV or FLAC does not map FFmpeg and the libraries it depends on. Called by C name:
    /// `library.avcodec_open2(…)`.
    @dynamicMemberLookup
    struct Library: @unchecked Sendable {
        // @unchecked: C function pointers, immutable after loading and valid for the life of the
        // process (the libraries are never closed).
        private let util: Util
        private let codec: Codec
        private let format: Format

        subscript<T>(dynamicMember path: KeyPath<Util, T>) -> T { util[keyPath: path] }
        subscript<T>(dynamicMember path: KeyPath<Codec, T>) -> T { codec[keyPath: path] }
        subscript<T>(dynamicMember path: KeyPath<Format, T>) -> T { format[keyPath: path] }

        /// The libraries, loaded by the first caller; a failure is remembered and thrown to every caller.
        static func shared() throws -> Library { try loaded.get() }

        private static let loaded = Result { try Library() }

        /// The file names of the libraries, from the major versions in the headers.
        static var fileNames: [String] {
            [("avutil", LIBAVUTIL_VERSION_MAJOR), ("avcodec", LIBAVCODEC_VERSION_MAJOR), ("avformat", LIBAVFORMAT_VERSION_MAJOR)].map { name, major in
                #if os(macOS)
                    return "lib\(name).\(major).dylib"
                #else
                    return "lib\(name).so.\(major)"
                #endif
            }
        }

        private init() throws {
            // libavformat needs the other two; opening them first names the one that is missing.
            var handle: UnsafeMutableRawPointer?
            for name in Self.fileNames {
                guard let opened = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                    throw MP4Error.unavailable(reason: dlerror().map { String(cString: $0) } ?? "cannot load \(name)")
                }
                handle = opened
            }
            // libavformat's handle finds its own functions and those of the libraries it needs.
            let symbols = Symbols(handle: handle)
            (util, codec, format) = (try Util(symbols), try Codec(symbols), try Format(symbols))
            util.av_log_set_level(AV_LOG_QUIET)  // narrate reports failures through return codes, not FFmpeg's log
        }

        /// The one place FFmpeg return codes become errors: a negative code is a failure.
        func check(_ code: Int32, _ operation: String) throws {
            guard code < 0 else { return }
            throw MP4Error.ffmpeg(operation: operation, code: code, reason: reason(code))
        }

        /// FFmpeg's words for a return code.
        func reason(_ code: Int32) -> String {
            var buffer = [CChar](repeating: 0, count: 128)
            _ = util.av_strerror(code, &buffer, buffer.count)
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Looks up functions by name: `symbol("avcodec_open2") as cffmpeg_avcodec_open2_fn`.
        struct Symbols {
            let handle: UnsafeMutableRawPointer?

            func callAsFunction<T>(_ name: String) throws -> T {
                guard let pointer = dlsym(handle, name) else {
                    throw MP4Error.unavailable(reason: "\(Library.fileNames.joined(separator: ", ")) have no \(name)")
                }
                return unsafeBitCast(pointer, to: T.self)
            }
        }

        /// The functions narrate uses from libavutil.
        struct Util {
            let av_dict_set: cffmpeg_av_dict_set_fn
            let av_dict_free: cffmpeg_av_dict_free_fn
            let av_dict_get: cffmpeg_av_dict_get_fn
            let av_frame_alloc: cffmpeg_av_frame_alloc_fn
            let av_frame_free: cffmpeg_av_frame_free_fn
            let av_frame_unref: cffmpeg_av_frame_unref_fn
            let av_frame_get_buffer: cffmpeg_av_frame_get_buffer_fn
            let av_mallocz: cffmpeg_av_mallocz_fn
            let av_calloc: cffmpeg_av_calloc_fn
            let av_strerror: cffmpeg_av_strerror_fn
            let av_sample_fmt_is_planar: cffmpeg_av_sample_fmt_is_planar_fn
            let av_log_set_level: cffmpeg_av_log_set_level_fn
            let av_channel_layout_default: cffmpeg_av_channel_layout_default_fn
            let av_channel_layout_copy: cffmpeg_av_channel_layout_copy_fn

            init(_ symbol: Symbols) throws {
                av_dict_set = try symbol("av_dict_set")
                av_dict_free = try symbol("av_dict_free")
                av_dict_get = try symbol("av_dict_get")
                av_frame_alloc = try symbol("av_frame_alloc")
                av_frame_free = try symbol("av_frame_free")
                av_frame_unref = try symbol("av_frame_unref")
                av_frame_get_buffer = try symbol("av_frame_get_buffer")
                av_mallocz = try symbol("av_mallocz")
                av_calloc = try symbol("av_calloc")
                av_strerror = try symbol("av_strerror")
                av_sample_fmt_is_planar = try symbol("av_sample_fmt_is_planar")
                av_log_set_level = try symbol("av_log_set_level")
                av_channel_layout_default = try symbol("av_channel_layout_default")
                av_channel_layout_copy = try symbol("av_channel_layout_copy")
            }
        }

        /// The functions narrate uses from libavcodec.
        struct Codec {
            let avcodec_find_encoder: cffmpeg_avcodec_find_encoder_fn
            let avcodec_alloc_context3: cffmpeg_avcodec_alloc_context3_fn
            let avcodec_free_context: cffmpeg_avcodec_free_context_fn
            let avcodec_open2: cffmpeg_avcodec_open2_fn
            let avcodec_parameters_from_context: cffmpeg_avcodec_parameters_from_context_fn
            let avcodec_parameters_to_context: cffmpeg_avcodec_parameters_to_context_fn
            let avcodec_send_frame: cffmpeg_avcodec_send_frame_fn
            let avcodec_receive_packet: cffmpeg_avcodec_receive_packet_fn
            let avcodec_send_packet: cffmpeg_avcodec_send_packet_fn
            let avcodec_receive_frame: cffmpeg_avcodec_receive_frame_fn
            let avcodec_get_name: cffmpeg_avcodec_get_name_fn
            let avcodec_profile_name: cffmpeg_avcodec_profile_name_fn
            let av_packet_alloc: cffmpeg_av_packet_alloc_fn
            let av_packet_free: cffmpeg_av_packet_free_fn
            let av_packet_unref: cffmpeg_av_packet_unref_fn
            let av_packet_rescale_ts: cffmpeg_av_packet_rescale_ts_fn
            let av_new_packet: cffmpeg_av_new_packet_fn

            init(_ symbol: Symbols) throws {
                avcodec_find_encoder = try symbol("avcodec_find_encoder")
                avcodec_alloc_context3 = try symbol("avcodec_alloc_context3")
                avcodec_free_context = try symbol("avcodec_free_context")
                avcodec_open2 = try symbol("avcodec_open2")
                avcodec_parameters_from_context = try symbol("avcodec_parameters_from_context")
                avcodec_parameters_to_context = try symbol("avcodec_parameters_to_context")
                avcodec_send_frame = try symbol("avcodec_send_frame")
                avcodec_receive_packet = try symbol("avcodec_receive_packet")
                avcodec_send_packet = try symbol("avcodec_send_packet")
                avcodec_receive_frame = try symbol("avcodec_receive_frame")
                avcodec_get_name = try symbol("avcodec_get_name")
                avcodec_profile_name = try symbol("avcodec_profile_name")
                av_packet_alloc = try symbol("av_packet_alloc")
                av_packet_free = try symbol("av_packet_free")
                av_packet_unref = try symbol("av_packet_unref")
                av_packet_rescale_ts = try symbol("av_packet_rescale_ts")
                av_new_packet = try symbol("av_new_packet")
            }
        }

        /// The functions narrate uses from libavformat.
        struct Format {
            let avformat_alloc_output_context2: cffmpeg_avformat_alloc_output_context2_fn
            let avformat_new_stream: cffmpeg_avformat_new_stream_fn
            let avformat_write_header: cffmpeg_avformat_write_header_fn
            let avformat_free_context: cffmpeg_avformat_free_context_fn
            let avformat_open_input: cffmpeg_avformat_open_input_fn
            let avformat_find_stream_info: cffmpeg_avformat_find_stream_info_fn
            let avformat_close_input: cffmpeg_avformat_close_input_fn
            let avio_open: cffmpeg_avio_open_fn
            let avio_closep: cffmpeg_avio_closep_fn
            let av_write_frame: cffmpeg_av_write_frame_fn
            let av_write_trailer: cffmpeg_av_write_trailer_fn
            let av_read_frame: cffmpeg_av_read_frame_fn
            let av_find_best_stream: cffmpeg_av_find_best_stream_fn

            init(_ symbol: Symbols) throws {
                avformat_alloc_output_context2 = try symbol("avformat_alloc_output_context2")
                avformat_new_stream = try symbol("avformat_new_stream")
                avformat_write_header = try symbol("avformat_write_header")
                avformat_free_context = try symbol("avformat_free_context")
                avformat_open_input = try symbol("avformat_open_input")
                avformat_find_stream_info = try symbol("avformat_find_stream_info")
                avformat_close_input = try symbol("avformat_close_input")
                avio_open = try symbol("avio_open")
                avio_closep = try symbol("avio_closep")
                av_write_frame = try symbol("av_write_frame")
                av_write_trailer = try symbol("av_write_trailer")
                av_read_frame = try symbol("av_read_frame")
                av_find_best_stream = try symbol("av_find_best_stream")
            }
        }
    }
}
