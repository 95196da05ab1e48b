#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file. The bytes stay valid while the object lives.
final class MappedFile: @unchecked Sendable {
    let path: String
    /// The mapped bytes (empty, with no mapping, for an empty file). Read-only; never written.
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws(PackedFormatError) {
        self.path = path
        try RegularFile.check(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw PackedFormatError(path: path, "cannot open: \(errnoText())") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw PackedFormatError(path: path, "cannot stat: \(errnoText())") }
        let size = Int(st.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else {
            throw PackedFormatError(path: path, "cannot map: \(errnoText())")
        }
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// A little-endian integer at `offset`; the caller has checked `offset + size <= count`.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
        assert(offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count)
        // SAFETY: callers bound-check against `bytes.count` (PackedIndex validates every array's
        // extent once, at open); loadUnaligned because the idx arrays start at byte 34.
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
