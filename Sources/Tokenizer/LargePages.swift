#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for the tables an encode walks at random (the token table, the trie, the piece
/// cache: ~15 MB for GLM-4), mapped so that the kernel can back it with 2 MB pages. With 4 KB
/// pages those tables span ~3,700 pages, more than the core's second-level TLB holds, so most
/// random loads also miss the TLB; with 2 MB pages they span eight.
///
/// A region is an anonymous mapping whose start is aligned to 2 MB and whose length is rounded
/// up to a whole number of 2 MB pages; `madvise(MADV_HUGEPAGE)` asks for transparent huge pages
/// (the kernel's "madvise" mode honours it; where huge pages are off, the mapping is ordinary).
/// Every page is written once (zeroed) before the region is handed out, so no later first
/// write replaces the shared zero page: on a multi-threaded process that replacement costs a
/// TLB flush on every other core running the process.
enum LargePages {
    static let hugePage = 2 << 20
    /// Smaller tables stay on the heap: a region costs two system calls and whole pages.
    static let threshold = 1 << 20

    /// The mapped length for a request of `byteCount` bytes: whole huge pages, since a partial
    /// one at the end would be 4 KB pages (at most 2 MB more than asked, per region).
    static func mappedLength(_ byteCount: Int) -> Int {
        (Swift.max(byteCount, 1) + hugePage - 1) / hugePage * hugePage
    }

    /// `byteCount` zeroed bytes, 2 MB-aligned; free with `deallocate(_:byteCount:)`.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        #if canImport(Darwin)
        let anonymous = MAP_ANON
        #else
        let anonymous = MAP_ANONYMOUS
        #endif
        let length = mappedLength(byteCount)
        // Over-map by one huge page, then unmap the unaligned head and the tail.
        let span = length + hugePage
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | anonymous, -1, 0), raw != MAP_FAILED else {
            fatalError("cannot map \(span) bytes")
        }
        let address = UInt(bitPattern: raw)
        let aligned = (address + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
        let head = Int(aligned - address)
        if head > 0 { munmap(raw, head) }
        let tail = span - head - length
        // SAFETY: both offsets are inside the span just mapped.
        let start = raw + head
        if tail > 0 { munmap(start + length, tail) }
        #if canImport(Glibc)
        _ = madvise(start, length, Int32(MADV_HUGEPAGE))
        #endif
        // One write per 4 KB page (the memory is already zero).
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var offset = 0
        while offset < length {
            start.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
            offset += page
        }
        return start
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        munmap(pointer, mappedLength(byteCount))
    }
}
