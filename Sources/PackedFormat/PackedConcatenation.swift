#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends MMIDIDX datasets end to end into one (what `tokenpack merge` does per array).
///
/// The result is the dataset a single writer would have produced from all sequences in order:
/// `.bin` is the sources' `.bin`s back to back (copied with `copy_file_range`, in the kernel,
/// where the file system allows, else with 8 MiB reads and writes); `.idx` has the summed
/// counts, the sources' lengths as they are, their offsets moved by the bytes before them, and
/// their document indexes joined (each source's entries after its leading 0, moved by the
/// sequences before it), so `0, 1, …, S` for Tokenpack's files.
///
/// Memory: fixed buffers (a 64 KiB index chunk, the copy buffer), whatever the sizes. Every
/// source is opened, and so validated, before the first byte is written.
public enum PackedConcatenation {
    public struct Totals: Sendable, Equatable {
        public var sequences: Int
        public var tokens: Int
        public var binBytes: Int
    }

    /// Writes the concatenation of the datasets `sources` (paths without `.bin`/`.idx`) to the
    /// files `binPath` and `idxPath` (created or truncated, fsynced). On error the caller
    /// removes them.
    public static func write(sources: [String], binPath: String, idxPath: String) throws(PackedFormatError) -> Totals {
        let indexes = try sources.map { s throws(PackedFormatError) in try PackedIndex(idxPath: s + ".idx", binPath: s + ".bin") }
        let sequences = indexes.reduce(0) { $0 + $1.sequenceCount }
        let documents = indexes.reduce(0) { $0 + $1.documentIndexLength - 1 } + 1
        var totals = Totals(sequences: sequences, tokens: indexes.reduce(0) { $0 + $1.tokenCount }, binBytes: 0)

        let idx = try PosixFile(creating: idxPath)
        var header: [UInt8] = IndexLayout.magic
        header.appendLE(IndexLayout.version)
        header.append(IndexLayout.int32Code)
        header.appendLE(UInt64(sequences))
        header.appendLE(UInt64(documents))
        try idx.write(header)
        // Lengths: the sources' bytes as they are.
        for x in indexes {
            let at = IndexLayout.headerSize
            try idx.write(UnsafeRawBufferPointer(rebasing: x.idx.bytes[at ..< at + 4 * x.sequenceCount]))
        }
        // Offsets, moved by the .bin bytes of the sources before.
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        func flushIfFull() throws(PackedFormatError) {
            if chunk.count >= (1 << 16) - 8 { try idx.write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        var binBase = 0
        for x in indexes {
            let at = IndexLayout.headerSize + 4 * x.sequenceCount
            for k in 0 ..< x.sequenceCount {
                chunk.appendLE(x.idx.load(at + 8 * k, as: Int64.self) + Int64(binBase))
                try flushIfFull()
            }
            binBase += x.bin.bytes.count
        }
        // Document index: 0, then each source's entries after its first, moved by the sequences before.
        chunk.appendLE(Int64(0))
        var sequenceBase = 0
        for x in indexes {
            let at = IndexLayout.headerSize + 12 * x.sequenceCount
            for j in 1 ..< x.documentIndexLength {
                chunk.appendLE(x.idx.load(at + 8 * j, as: Int64.self) + Int64(sequenceBase))
                try flushIfFull()
            }
            sequenceBase += x.sequenceCount
        }
        try idx.write(chunk)
        try idx.closeAfterSync()

        totals.binBytes = try copyConcatenated(sources.map { $0 + ".bin" }, to: binPath)
        return totals
    }

    /// `sources` back to back into `destination`; returns the bytes written.
    static func copyConcatenated(_ sources: [String], to destination: String) throws(PackedFormatError) -> Int {
        let out = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if out < 0 { throw PackedFormatError(path: destination, "cannot create: \(errnoText())") }
        defer { close(out) }
        var buffer: UnsafeMutableRawBufferPointer?
        defer { buffer?.deallocate() }
        var total = 0
        for source in sources {
            let input = open(source, O_RDONLY | O_CLOEXEC)
            if input < 0 { throw PackedFormatError(path: source, "cannot open: \(errnoText())") }
            defer { close(input) }
            var inKernel = true
            while true {
                var n = -1
                #if os(Linux)
                if inKernel {
                    if let copyRange = copyFileRange { n = copyRange(input, nil, out, nil, 1 << 30, 0) } else { inKernel = false; continue }
                    // Not supported between these files (old kernel, another file system):
                    // fall back to plain copies for the rest of this source.
                    if n < 0 && [ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EBADF].contains(errno) { inKernel = false; continue }
                }
                #else
                inKernel = false
                #endif
                if !inKernel {
                    if buffer == nil { buffer = .allocate(byteCount: 8 << 20, alignment: 4096) }
                    n = read(input, buffer!.baseAddress, buffer!.count)
                    if n > 0 { try writeAll(out, UnsafeRawBufferPointer(rebasing: buffer![0 ..< n]), destination) }
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PackedFormatError(path: source, "copy to \(destination) failed: \(errnoText())")
                }
                if n == 0 { break }
                total += n
            }
        }
        if fsync(out) != 0 { throw PackedFormatError(path: destination, "fsync failed: \(errnoText())") }
        return total
    }

    #if os(Linux)
    /// glibc's `copy_file_range` (2.27+), looked up at run time: Swift's Glibc module does not
    /// declare it (it is a `_GNU_SOURCE` function). nil on older systems: plain copies then.
    typealias CopyFileRange = @convention(c) (Int32, UnsafeMutablePointer<off_t>?, Int32, UnsafeMutablePointer<off_t>?, Int, UInt32) -> Int
    static let copyFileRange: CopyFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") else { return nil }
        return unsafeBitCast(symbol, to: CopyFileRange.self)
    }()
    #endif

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws(PackedFormatError) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #elseif canImport(Musl)
            let n = Musl.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #else
            let n = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                throw PackedFormatError(path: path, "write failed: \(errnoText())")
            }
            offset += n
        }
    }
}
