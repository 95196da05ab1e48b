// libzstd's public API (Debian: libzstd-dev). Streaming decompression only.
#include <zstd.h>
#include <zstd_errors.h>
