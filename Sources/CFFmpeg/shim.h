// FFmpeg's libraries as narrate uses them: the native AAC-LC encoder and decoder (libavcodec),
// the MP4/M4B muxer and demuxer (libavformat), frames, options and dictionaries (libavutil).
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
