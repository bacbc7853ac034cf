#ifndef NARRATE_CLIBZ_SHIM_H
#define NARRATE_CLIBZ_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro; Swift needs a function. Raw deflate (ZIP entries): windowBits -15.
static inline int narrate_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
