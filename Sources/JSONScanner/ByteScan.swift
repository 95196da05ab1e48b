// Byte scanning for the string loops: 16 bytes per step as a `SIMD16<UInt8>`, then 8-byte
// words, then single bytes at the end of the buffer.
//
// The 16-byte step uses only lane-wise arithmetic (xor, wrapping subtract, or, and), which
// compiles to single SSE2/NEON instructions; the lanes cannot borrow from each other, so every
// flag is exact. (SIMD comparisons such as `.==` compiled to a per-lane loop with Swift 6.3 on
// x86-64, so they are avoided.) Measured with callgrind on dev.jsonl: 1.5 instructions per
// byte of ASCII string text against 2.3 for the 8-byte words alone, which had already halved
// the byte-by-byte loops.

let ones: UInt64 = 0x0101_0101_0101_0101
let highs: UInt64 = 0x8080_8080_8080_8080

/// High bit set in each byte of `v` that is zero (exact for the lowest such byte, which is all
/// the callers use: they only ask whether there is one).
@inline(__always)
func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }

/// The offset of the first byte of `raw[from...]` that `byte` holds for, or `raw.count`. The
/// scan takes 16 bytes at a time through `lanes` (each lane's high bit set exactly where
/// `byte` holds, other bits clear), then 8 at a time through `word` (high bits set so that
/// the lowest one flags the first such byte; a flag above it may be false), then single bytes.
@inline(__always)
func firstByte(_ raw: UnsafeRawBufferPointer, from: Int, lanes: (SIMD16<UInt8>) -> SIMD16<UInt8>,
               word: (UInt64) -> UInt64, byte: (UInt8) -> Bool) -> Int {
    var p = from
    let n = raw.count
    while p &+ 16 <= n {
        // SAFETY: p + 16 <= n, so the 16 bytes are inside the buffer.
        assert(p >= 0 && p + 16 <= raw.count)
        if let offset = firstFlaggedLane(lanes(raw.loadUnaligned(fromByteOffset: p, as: SIMD16<UInt8>.self))) {
            return p + offset
        }
        p += 16
    }
    while p + 8 <= n {
        // SAFETY: p + 8 <= n, so the 8 bytes are inside the buffer.
        assert(p >= 0 && p + 8 <= raw.count)
        let hit = word(raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        // Little-endian load (every platform Swift targets here): the lowest flagged byte is
        // the first one, taken directly instead of rescanning the word byte by byte.
        if hit != 0 { return p + hit.trailingZeroBitCount >> 3 }
        p += 8
    }
    while p < n && !byte(raw[p]) { p += 1 }
    return p
}

/// Per lane, 0x80 where the byte is `\`, else 0: t = v ^ '\' is 0 exactly at a backslash;
/// t - 1 has the high bit for t == 0 and for t >= 0x81, which `& ~t` removes.
@inline(__always)
func backslashLanes(_ v: SIMD16<UInt8>) -> SIMD16<UInt8> {
    let t = v ^ 0x5C
    return (t &- 1) & ~t & 0x80
}

/// The offset of the first `\` in `raw[from...]`, or `raw.count`.
@inline(__always)
func firstBackslash(_ raw: UnsafeRawBufferPointer, from: Int) -> Int {
    firstByte(raw, from: from, lanes: backslashLanes,
              word: { zeroBytes($0 ^ (ones &* 0x5C)) }, byte: { $0 == UInt8(ascii: "\\") })
}

/// The offset of the first byte in `raw[from...]` that a JSON string scan must look at: `"`,
/// `\`, a control character (< 0x20) or a non-ASCII byte; `raw.count` if none.
@inline(__always)
func firstStringSpecial(_ raw: UnsafeRawBufferPointer, from: Int) -> Int {
    firstByte(raw, from: from, lanes: { v in
        // Per lane, the high bit of: (v ^ '"') - 1 is set for '"' and for v >= 0x80; the same
        // for '\'; v - 0x20 for v < 0x20 and v >= 0xA0; v itself for v >= 0x80. Their union
        // is exactly the bytes to look at.
        (((v ^ 0x22) &- 1) | ((v ^ 0x5C) &- 1) | (v &- 0x20) | v) & 0x80
    }, word: { v in
        // Bytes < 0x20 (on bytes without the high bit, v - 0x20 borrows into the high bit);
        // a false flag needs a borrow from a lower byte that is itself flagged.
        let control = (v &- ones &* 0x20) & ~v & highs
        return control | (v & highs) | zeroBytes(v ^ (ones &* 0x22)) | zeroBytes(v ^ (ones &* 0x5C))
    }, byte: { c in
        c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80
    })
}

/// The index of the lowest lane of `flags` that is not zero, or nil (lanes are 0 or 0x80).
@inline(__always)
func firstFlaggedLane(_ flags: SIMD16<UInt8>) -> Int? {
    // The two halves as words: lane i is byte i % 8 of word i / 8 (little-endian).
    let words = unsafeBitCast(flags, to: SIMD2<UInt64>.self)
    let low = words[0], high = words[1]
    guard low | high != 0 else { return nil }
    return low != 0 ? low.trailingZeroBitCount >> 3 : 8 + high.trailingZeroBitCount >> 3
}

/// Byte equality of two buffers, compared a word at a time (keys and role names are short: a
/// byte loop cost ~90 instructions for "content").
@inlinable @inline(__always)
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    let n = a.count
    guard n == b.count else { return false }
    guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
    // SAFETY: every load below lies inside both buffers (offsets 0..<n, n being both counts).
    if n >= 8 {
        var i = 0
        while i + 8 <= n {
            if pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) != pb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        // The last 8 bytes (overlapping what was compared) cover the remainder.
        return pa.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
        return pa.loadUnaligned(as: UInt32.self) == pb.loadUnaligned(as: UInt32.self)
            && pa.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == pb.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    for i in 0..<n where pa.load(fromByteOffset: i, as: UInt8.self) != pb.load(fromByteOffset: i, as: UInt8.self) {
        return false
    }
    return true
}
