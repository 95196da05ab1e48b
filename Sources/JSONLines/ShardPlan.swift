#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ZstdStream

/// A part of one input that a job reads: the whole file, or a byte range of a plain file.
public struct InputPiece: Sendable, Equatable {
    /// Index of the input in the job's input list (rejects and errors name that input).
    public var input: Int
    /// Plain files only: the bytes `[lowerBound, upperBound)` of the file, cut at line starts.
    /// nil: the whole file (zstd or plain).
    public var byteRange: Range<Int>?
    /// 1-based number, in the whole file, of the first line of the piece.
    public var firstLine: Int

    public init(input: Int, byteRange: Range<Int>? = nil, firstLine: Int = 1) {
        self.input = input
        self.byteRange = byteRange
        self.firstLine = firstLine
    }
}

/// Which part of the inputs shard `index` of `count` encodes (`--num-shards N --shard-index I`).
///
/// The rule, so that shards 0…N-1 laid end to end are exactly the whole input, in order:
/// - the inputs' sizes on disk (compressed bytes for zstd) are laid end to end, total T; shard
///   I owns the global bytes `[⌊T·I/N⌋, ⌊T·(I+1)/N⌋)`;
/// - a zstd file, and an empty file, belong wholly to the shard that owns their first byte
///   (a zstd stream cannot be entered in the middle);
/// - a plain file is cut at line boundaries: each line belongs to the shard that owns the
///   line's first byte. A shard's piece of a plain file runs from its first line start to the
///   first line start at or after its range's end (or the end of the file);
/// - a file that starts at T (an empty last file) belongs to shard N-1.
///
/// Compression is decided from the first bytes, as `ByteSource` does, not from the name.
/// Line numbers of a piece that starts inside a file come from counting the `\n`s before it
/// (`memchr` over the skipped prefix, once per shard).
public enum ShardPlan {
    public static func pieces(_ inputs: [InputFile], shardCount n: Int, shardIndex i: Int) throws(ShardPlanError) -> [InputPiece] {
        precondition(n >= 1 && i >= 0 && i < n, "shard index out of range")
        if let stdin = inputs.first(where: { $0.isStandardInput || $0.size == nil }) {
            throw ShardPlanError(path: stdin.path, reason: stdin.isStandardInput
                ? "standard input cannot be sharded (each shard must find its part of the input by itself): give files"
                : "not a regular file, so its size is unknown and it cannot be sharded")
        }
        let total = inputs.reduce(0) { $0 + $1.size! }
        func bound(_ k: Int) -> Int { Int((Int128(total) * Int128(k)) / Int128(n)) }
        let lo = bound(i), hi = bound(i + 1)
        /// The shard that owns global byte `g`.
        func owner(_ g: Int) -> Int {
            if g >= total { return n - 1 }
            // Largest k with bound(k) <= g; bound is non-decreasing.
            var k = Int((Int128(g) * Int128(n)) / Int128(max(total, 1)))
            while k + 1 < n && bound(k + 1) <= g { k += 1 }
            while k > 0 && bound(k) > g { k -= 1 }
            return k
        }
        var out: [InputPiece] = []
        var start = 0
        for (k, input) in inputs.enumerated() {
            let size = input.size!
            defer { start += size }
            let startsHere = owner(start) == i
            // Files that neither start in nor overlap this shard's range are not even opened.
            guard startsHere || (start < hi && start + size > lo) else { continue }
            let compressed = size > 0 ? try isCompressed(input.path) : false
            if size == 0 || compressed {
                if startsHere { out.append(InputPiece(input: k)) }
                continue
            }
            // Plain: local range of this shard, then moved to line starts.
            let a = max(lo - start, 0), b = min(hi - start, size)
            guard a < b else { continue }
            let begin = try lineStart(atOrAfter: a, path: input.path, size: size)
            let end = try lineStart(atOrAfter: b, path: input.path, size: size)
            guard begin < end else { continue }
            if begin == 0 && end == size {
                out.append(InputPiece(input: k))
            } else {
                let line = begin == 0 ? 1 : try newlines(before: begin, path: input.path) + 1
                out.append(InputPiece(input: k, byteRange: begin ..< end, firstLine: line))
            }
        }
        return out
    }

    /// Whether the file starts with a zstd (or skippable) frame magic.
    static func isCompressed(_ path: String) throws(ShardPlanError) -> Bool {
        do {
            return try ByteSource(path: path, inputCapacity: 8).isCompressed
        } catch {
            throw ShardPlanError(path: path, reason: "\(error)")
        }
    }

    /// The smallest line start ≥ `offset` (`size` if none): `offset` itself when it is 0 or the
    /// byte before it is `\n`, else just after the next `\n` at or after `offset`.
    static func lineStart(atOrAfter offset: Int, path: String, size: Int) throws(ShardPlanError) -> Int {
        if offset == 0 || offset >= size { return min(offset, size) }
        let file = try Reader(path)
        var position = offset - 1
        var found: Int?
        try file.scan(from: position) { chunk in
            if let hit = memchr(chunk.baseAddress!, 0x0A, chunk.count) {
                found = position + (UnsafeRawPointer(hit) - chunk.baseAddress!)
                return false
            }
            position += chunk.count
            return true
        }
        return found.map { $0 + 1 } ?? size
    }

    /// Number of `\n` bytes in the first `count` bytes of the file.
    static func newlines(before count: Int, path: String) throws(ShardPlanError) -> Int {
        let file = try Reader(path)
        var seen = 0, lines = 0
        try file.scan(from: 0) { chunk in
            let n = min(chunk.count, count - seen)
            var p = chunk.baseAddress!
            let end = p + n
            while p < end, let hit = memchr(p, 0x0A, end - p) {
                lines += 1
                p = UnsafeRawPointer(hit) + 1
            }
            seen += n
            return seen < count
        }
        return lines
    }

    /// A read-only descriptor scanned in 1 MiB chunks.
    private final class Reader {
        let path: String
        let fd: Int32
        init(_ path: String) throws(ShardPlanError) {
            self.path = path
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw ShardPlanError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        }
        deinit { close(fd) }

        /// Calls `body` with consecutive chunks from `offset` until it returns false or the file ends.
        func scan(from offset: Int, _ body: (UnsafeRawBufferPointer) -> Bool) throws(ShardPlanError) {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buffer.deallocate() }
            var at = offset
            while true {
                let n = pread(fd, buffer.baseAddress!, buffer.count, off_t(at))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ShardPlanError(path: path, reason: "read failed: \(String(cString: strerror(errno)))")
                }
                if n == 0 { return }
                at += n
                if !body(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n])) { return }
            }
        }
    }
}

/// Why the inputs cannot be sharded; names the path.
public struct ShardPlanError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
