// FFmpeg's libraries as narrate uses them: the native AAC-LC encoder and decoder (libavcodec),
// the MP4/M4B muxer and demuxer (libavformat), frames, options and dictionaries (libavutil).
//
// Declarations only: nothing here is linked. MP4File loads the three libraries with dlopen the
// first time an M4B or M4A is written or read, so every other run does not map FFmpeg and the
// ~160 libraries it pulls in (22 MB of resident memory and 50 ms of start-up).
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>

// Macros Swift cannot import.
static inline int cffmpeg_error_again(void) { return AVERROR(EAGAIN); }
static inline int cffmpeg_error_eof(void) { return AVERROR_EOF; }
static inline int cffmpeg_error_nomem(void) { return AVERROR(ENOMEM); }
static inline int cffmpeg_error_invalid(void) { return AVERROR(EINVAL); }

// The type of a pointer to each function narrate looks up, taken from its declaration above so
// that the two cannot disagree: `cffmpeg_<name>_fn`.
#define CFFMPEG_FUNCTION(name) typedef __typeof__(name) *cffmpeg_##name##_fn;
// libavutil
CFFMPEG_FUNCTION(av_dict_set)
CFFMPEG_FUNCTION(av_dict_free)
CFFMPEG_FUNCTION(av_dict_get)
CFFMPEG_FUNCTION(av_frame_alloc)
CFFMPEG_FUNCTION(av_frame_free)
CFFMPEG_FUNCTION(av_frame_unref)
CFFMPEG_FUNCTION(av_frame_get_buffer)
CFFMPEG_FUNCTION(av_mallocz)
CFFMPEG_FUNCTION(av_calloc)
CFFMPEG_FUNCTION(av_strerror)
CFFMPEG_FUNCTION(av_sample_fmt_is_planar)
CFFMPEG_FUNCTION(av_log_set_level)
CFFMPEG_FUNCTION(av_channel_layout_default)
CFFMPEG_FUNCTION(av_channel_layout_copy)
// libavcodec
CFFMPEG_FUNCTION(avcodec_find_encoder)
CFFMPEG_FUNCTION(avcodec_alloc_context3)
CFFMPEG_FUNCTION(avcodec_free_context)
CFFMPEG_FUNCTION(avcodec_open2)
CFFMPEG_FUNCTION(avcodec_parameters_from_context)
CFFMPEG_FUNCTION(avcodec_parameters_to_context)
CFFMPEG_FUNCTION(avcodec_send_frame)
CFFMPEG_FUNCTION(avcodec_receive_packet)
CFFMPEG_FUNCTION(avcodec_send_packet)
CFFMPEG_FUNCTION(avcodec_receive_frame)
CFFMPEG_FUNCTION(avcodec_get_name)
CFFMPEG_FUNCTION(avcodec_profile_name)
CFFMPEG_FUNCTION(av_packet_alloc)
CFFMPEG_FUNCTION(av_packet_free)
CFFMPEG_FUNCTION(av_packet_unref)
CFFMPEG_FUNCTION(av_packet_rescale_ts)
CFFMPEG_FUNCTION(av_new_packet)
// libavformat
CFFMPEG_FUNCTION(avformat_alloc_output_context2)
CFFMPEG_FUNCTION(avformat_new_stream)
CFFMPEG_FUNCTION(avformat_write_header)
CFFMPEG_FUNCTION(avformat_free_context)
CFFMPEG_FUNCTION(avformat_open_input)
CFFMPEG_FUNCTION(avformat_find_stream_info)
CFFMPEG_FUNCTION(avformat_close_input)
CFFMPEG_FUNCTION(avio_open)
CFFMPEG_FUNCTION(avio_closep)
CFFMPEG_FUNCTION(av_write_frame)
CFFMPEG_FUNCTION(av_write_trailer)
CFFMPEG_FUNCTION(av_read_frame)
CFFMPEG_FUNCTION(av_find_best_stream)
#undef CFFMPEG_FUNCTION
