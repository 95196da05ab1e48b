#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CWriteback

/// A write-only file descriptor with a buffer: the one place PackedFormat touches the OS for writing.
final class PosixFile {
    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// 1 MiB: large enough that write(2) calls cost nothing next to tokenizing.
    private let bufferLimit = 1 << 20

    init(creating path: String) throws(PackedFormatError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw PackedFormatError(path: path, "cannot create: \(errnoText())") }
        buffer.reserveCapacity(bufferLimit)
    }

    deinit { if fd >= 0 { _ = closeDescriptor(fd) } }

    /// Writes of at least this many bytes (a batch of documents' ids) skip the buffer: copying
    /// them into it first cost the writer thread a memmove of everything it wrote.
    private let directLimit = 64 << 10

    func write(_ bytes: UnsafeRawBufferPointer) throws(PackedFormatError) {
        if bytes.count >= directLimit {
            try flush()
            try writeAll(bytes)
            return
        }
        if buffer.count + bytes.count > bufferLimit { try flush() }
        buffer.append(contentsOf: bytes)
    }

    func write(_ bytes: [UInt8]) throws(PackedFormatError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(PackedFormatError) in try write(raw) } }.get()
    }

    func flush() throws(PackedFormatError) {
        guard !buffer.isEmpty else { return }
        // Written from the buffer itself, then emptied in place: copying it to a local first
        // made `removeAll(keepingCapacity:)` allocate (and fault in) a fresh megabyte per flush.
        try buffer.withUnsafeBytes { raw in Result { () throws(PackedFormatError) in try writeAll(raw) } }.get()
        buffer.removeAll(keepingCapacity: true)
    }

    /// Bytes written to `fd` so far, and how many of them the kernel was asked to start
    /// writing back (`startedWriteback <= written`).
    private var written = 0, startedWriteback = 0
    /// Every 8 MiB written, the kernel is asked to start writing those bytes to disk, so that
    /// the final fsync finds little left to do and the dirty pages of a long run stay bounded:
    /// 20-30 ms of fsync at the end of 55 MB of ids was the one step of a run that no second
    /// worker shortens.
    private let writebackChunk = 8 << 20

    /// Starts (does not wait for) the writeback of what was written since the last call. A
    /// failure is ignored: the request is only a head start, and fsync reports real errors.
    private func startWriteback() {
        let count = written - startedWriteback
        guard count > 0 else { return }
        _ = tokenpack_start_writeback(fd, Int64(startedWriteback), Int64(count))
        startedWriteback = written
    }

    /// Flushes, fsyncs and closes; the data is on disk when this returns.
    func closeAfterSync() throws(PackedFormatError) {
        try flush()
        if fsync(fd) != 0 { throw PackedFormatError(path: path, "fsync failed: \(errnoText())") }
        let r = closeDescriptor(fd)
        fd = -1
        if r != 0 { throw PackedFormatError(path: path, "close failed: \(errnoText())") }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(PackedFormatError) {
        var offset = 0
        while offset < bytes.count {
            let n = writeDescriptor(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw PackedFormatError(path: path, "write failed: \(errnoText())")
            }
            offset += n
        }
        written += bytes.count
        if written - startedWriteback >= writebackChunk { startWriteback() }
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

/// Renames `from` to `to` (atomic on one file system).
func renameFile(_ from: String, _ to: String) throws(PackedFormatError) {
    if rename(from, to) != 0 { throw PackedFormatError(path: to, "cannot rename \(from): \(errnoText())") }
}

func removeFile(_ path: String) { unlink(path) }

private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func writeDescriptor(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
