// zlib's public API (Debian: zlib1g-dev). Streaming gzip decompression only.
#include <zlib.h>

// inflateInit2 is a macro Swift cannot call: 15 + 16 = a 32 KiB window, gzip header and trailer.
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
