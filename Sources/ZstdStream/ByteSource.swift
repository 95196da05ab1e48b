import CZstd

/// One input file (or stdin) as a stream of bytes, decompressed when it is zstd or gzip.
///
/// Compression is detected from the first bytes, not the file name: a zstd frame starts with
/// 28 B5 2F FD and a skippable frame with 5? 2A 4D 18 (RFC 8878 §3.1), gzip with 1F 8B
/// (RFC 1952). A name ending in `.zst` whose content does not start that way is reported as
/// corrupt rather than read as text. Any number of concatenated frames or gzip members is read
/// (`zstd a b > c`, pzstd and pigz output). zstd windows up to 2 GiB are accepted, so frames
/// made with `zstd --long=31` decode (libzstd's default limit is 128 MiB).
///
/// Buffers are fixed: one compressed input buffer (`inputCapacity` bytes, allocated once);
/// decompressed bytes go straight into the caller's buffer, as do plain-file reads.
/// Not thread-safe: one reader thread owns a `ByteSource`.
public final class ByteSource {
    /// The path as given (`-` for stdin); every error names it.
    public let path: String
    /// Whether the content is zstd (decided from the first bytes).
    public private(set) var isCompressed = false
    /// Bytes read from the file descriptor so far (compressed bytes for zstd): progress counter.
    public private(set) var rawBytesRead = 0
    /// Bytes handed out by `read(into:)` so far (decompressed bytes for zstd).
    public private(set) var bytesProduced = 0
    /// Bytes of the file consumed so far: `rawBytesRead` minus what waits in the input buffer.
    /// Finer-grained than `rawBytesRead` for progress (one read(2) may hold many MB of content).
    public var rawBytesConsumed: Int { rawBytesRead - (inputEnd - inputStart) }

    private var fd: Int32
    private let ownsDescriptor: Bool
    /// Compressed bytes read but not yet consumed: `input[inputStart..<inputEnd]`.
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var endOfFile = false
    private var dctx: OpaquePointer?
    private var gzip: GzipStream?
    /// libzstd's last return value: 0 exactly when the last frame ended cleanly.
    private var frameRemainder = 0
    /// Plain range reads only: bytes of the range not read yet (nil: read to the end of the file).
    private var remaining: Int?

    /// 256 KiB: twice libzstd's recommended `ZSTD_DStreamInSize()` (128 KiB + header),
    /// so one read(2) feeds several output blocks.
    public static let defaultInputCapacity = 256 << 10

    /// Opens `path` for reading; `-` reads standard input.
    public init(path: String, inputCapacity: Int = ByteSource.defaultInputCapacity) throws(ZstdStreamError) {
        precondition(inputCapacity >= 8, "input buffer too small to sniff the magic number")
        self.path = path
        if path == "-" {
            fd = Posix.stdinDescriptor
            ownsDescriptor = false
        } else {
            if Posix.isDirectory(path) { throw .readFailed(path: path, reason: "is a directory") }
            fd = Posix.openForReading(path)
            if fd < 0 { throw .cannotOpen(path: path, reason: Posix.lastErrorText()) }
            ownsDescriptor = true
        }
        input = .allocate(byteCount: inputCapacity, alignment: 16)
        // Every stored property is set, so if this throws, deinit frees the buffer and the descriptor.
        try sniff()
    }

    /// Opens the bytes `[range.lowerBound, range.upperBound)` of a plain (uncompressed) file,
    /// for a shard that starts inside it (`ShardPlan`). Nothing is sniffed: the caller has
    /// decided the file is plain. `rawBytesRead` counts bytes of the range.
    public init(path: String, plainRange range: Range<Int>, inputCapacity: Int = ByteSource.defaultInputCapacity) throws(ZstdStreamError) {
        precondition(inputCapacity >= 8 && range.lowerBound >= 0)
        self.path = path
        fd = Posix.openForReading(path)
        if fd < 0 { throw .cannotOpen(path: path, reason: Posix.lastErrorText()) }
        ownsDescriptor = true
        input = .allocate(byteCount: inputCapacity, alignment: 16)
        remaining = range.count
        if !Posix.seek(fd, to: range.lowerBound) { throw .readFailed(path: path, reason: Posix.lastErrorText()) }
    }

    deinit {
        if let dctx { ZSTD_freeDCtx(dctx) }
        input.deallocate()
        if ownsDescriptor { Posix.close(fd) }
    }

    /// Fills `buffer` as far as the input allows; returns the byte count, 0 only at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZstdStreamError) -> Int {
        guard buffer.count > 0 else { return 0 }
        let n = gzip != nil ? try gunzip(into: buffer) : isCompressed ? try decompress(into: buffer) : try copyPlain(into: buffer)
        bytesProduced += n
        return n
    }

    /// Reads until at least 4 bytes are buffered (or the end), then decides zstd or plain.
    private func sniff() throws(ZstdStreamError) {
        while inputEnd < 4 && !endOfFile { try refill() }
        let head = UnsafeRawBufferPointer(rebasing: input[0..<inputEnd])
        isCompressed = head.count >= 4 && Self.isFrameMagic(head[0], head[1], head[2], head[3])
        if isCompressed {
            guard let ctx = ZSTD_createDCtx() else { throw .corrupt(path: path, offset: 0, reason: "cannot allocate a zstd context") }
            dctx = ctx
            // 31 is ZSTD_WINDOWLOG_MAX on 64-bit: the largest window `zstd --long=31` writes.
            ZSTD_DCtx_setParameter(ctx, ZSTD_d_windowLogMax, 31)
        } else if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            guard let g = GzipStream() else { throw .corruptGzip(path: path, offset: 0, reason: "cannot allocate a zlib stream") }
            gzip = g
            isCompressed = true
        } else if path.hasSuffix(".zst") && inputEnd > 0 {
            throw .corrupt(path: path, offset: 0, reason: "not a zstd stream (no frame magic 28 B5 2F FD)")
        }
    }

    static func isFrameMagic(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> Bool {
        if b0 == 0x28 && b1 == 0xB5 && b2 == 0x2F && b3 == 0xFD { return true }
        return b0 & 0xF0 == 0x50 && b1 == 0x2A && b2 == 0x4D && b3 == 0x18
    }

    /// Appends one read(2) to `input`, compacting first when the free space is short.
    private func refill() throws(ZstdStreamError) {
        if inputStart > 0 && inputStart == inputEnd {
            inputStart = 0
            inputEnd = 0
        } else if inputEnd == input.count {
            let pending = inputEnd - inputStart
            // SAFETY: 0 < inputStart <= inputEnd == input.count; copyMemory allows overlap (memmove).
            input.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: pending)
            inputStart = 0
            inputEnd = pending
        }
        assert(inputEnd < input.count, "refill with a full buffer would read 0 bytes and look like EOF")
        let n = Posix.read(fd, UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...]))
        if n < 0 { throw .readFailed(path: path, reason: Posix.lastErrorText()) }
        if n == 0 { endOfFile = true }
        inputEnd += n
        rawBytesRead += n
    }

    private func copyPlain(into buffer: UnsafeMutableRawBufferPointer) throws(ZstdStreamError) -> Int {
        // The sniffed bytes first; after that, read(2) straight into the caller's buffer.
        if inputStart < inputEnd {
            let n = min(buffer.count, inputEnd - inputStart)
            // SAFETY: n fits both the caller's buffer and input[inputStart ..< inputEnd].
            buffer.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: n)
            inputStart += n
            return n
        }
        if endOfFile { return 0 }
        var filled = 0
        let wanted = min(buffer.count, remaining ?? Int.max)
        while filled < wanted {
            let n = Posix.read(fd, UnsafeMutableRawBufferPointer(rebasing: buffer[filled ..< wanted]))
            if n < 0 { throw .readFailed(path: path, reason: Posix.lastErrorText()) }
            if n == 0 { endOfFile = true; break }
            filled += n
            rawBytesRead += n
        }
        if let r = remaining {
            remaining = r - filled
            if r - filled == 0 { endOfFile = true }
        }
        return filled
    }

    private func gunzip(into buffer: UnsafeMutableRawBufferPointer) throws(ZstdStreamError) -> Int {
        var produced = 0
        while produced < buffer.count {
            if inputStart == inputEnd {
                if endOfFile {
                    if !gzip!.atMemberBoundary { throw .truncatedGzip(path: path, offset: rawBytesRead) }
                    break
                }
                try refill()
                continue
            }
            let available = UnsafeRawBufferPointer(rebasing: input[inputStart ..< inputEnd])
            let step = gzip!.inflate(available, into: UnsafeMutableRawBufferPointer(rebasing: buffer[produced...]))
            switch step {
            case .progress(let consumed, let n):
                inputStart += consumed
                produced += n
                // A lone first byte of a next member's magic: read more before deciding.
                if consumed == 0 && n == 0 {
                    if endOfFile { throw .corruptGzip(path: path, offset: rawBytesConsumed, reason: "data after the last gzip member is not gzip") }
                    try refill()
                }
            case .failure(let consumed, let reason):
                throw .corruptGzip(path: path, offset: rawBytesConsumed + consumed, reason: reason)
            }
        }
        return produced
    }

    private func decompress(into buffer: UnsafeMutableRawBufferPointer) throws(ZstdStreamError) -> Int {
        var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
        while output.pos < output.size {
            if inputStart == inputEnd {
                if endOfFile {
                    if frameRemainder != 0 { throw .truncated(path: path, offset: rawBytesRead) }
                    break
                }
                try refill()
                continue
            }
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress! + inputStart, size: inputEnd - inputStart, pos: 0)
            let r = ZSTD_decompressStream(dctx, &output, &inBuffer)
            if ZSTD_isError(r) != 0 {
                let consumedBefore = rawBytesRead - (inputEnd - inputStart)
                throw .corrupt(path: path, offset: consumedBefore + inBuffer.pos, reason: String(cString: ZSTD_getErrorName(r)))
            }
            inputStart += inBuffer.pos
            frameRemainder = r
            // r > 0 with input left and output full: libzstd holds data internally; loop ends on
            // the full output and the next call continues.
        }
        return output.pos
    }
}
