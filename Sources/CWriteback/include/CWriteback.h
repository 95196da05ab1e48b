// Early writeback for the output writer (Sources/PackedFormat's PosixFile). The declaration
// needs _GNU_SOURCE, which a Swift module import of <fcntl.h> does not see, so the call lives
// in writeback.c.
#ifndef CWRITEBACK_H
#define CWRITEBACK_H

/// Asks the kernel to start writing `count` bytes of `fd` from `offset` to disk and returns
/// without waiting (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`). It makes nothing durable:
/// that is still fsync's job, which then finds less to write. Returns 0, or -1 with errno set;
/// elsewhere than Linux it does nothing and returns 0.
int tokenpack_start_writeback(int fd, long long offset, long long count);

#endif
