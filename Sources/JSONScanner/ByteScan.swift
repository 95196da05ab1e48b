// Word-at-a-time byte scanning for the string loops (8 bytes per step on plain ASCII text).
// Measured on dev.jsonl (release, `OverheadTests`): parsing went from ~720 to ~1,100 MB/s and
// parse + render from ~350 to ~470 MB/s against byte-by-byte loops (with the non-ASCII run
// loop in `parseString`); string scanning had been the largest share of both.

let ones: UInt64 = 0x0101_0101_0101_0101
let highs: UInt64 = 0x8080_8080_8080_8080

/// High bit set in each byte of `v` that is zero (exact for the lowest such byte, which is all
/// the callers use: they only ask whether there is one).
@inline(__always)
func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }

/// The offset of the first `\` in `raw[from...]`, or `raw.count`.
@inline(__always)
func firstBackslash(_ raw: UnsafeRawBufferPointer, from: Int) -> Int {
    var p = from
    let n = raw.count
    while p + 8 <= n {
        // SAFETY: p + 8 <= n, so the 8 bytes are inside the buffer.
        let v = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
        let hit = zeroBytes(v ^ (ones &* 0x5C))
        // The lowest flagged byte is exact (little-endian load): the first `\`.
        if hit != 0 { return p + hit.trailingZeroBitCount >> 3 }
        p += 8
    }
    while p < n && raw[p] != UInt8(ascii: "\\") { p += 1 }
    return p
}

/// The offset of the first byte in `raw[from...]` that a JSON string scan must look at: `"`,
/// `\`, a control character (< 0x20) or a non-ASCII byte; `raw.count` if none.
@inline(__always)
func firstStringSpecial(_ raw: UnsafeRawBufferPointer, from: Int) -> Int {
    var p = from
    let n = raw.count
    while p + 8 <= n {
        // SAFETY: p + 8 <= n, so the 8 bytes are inside the buffer.
        let v = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
        // Bytes < 0x20 (on bytes without the high bit, v - 0x20 borrows into the high bit).
        let control = (v &- ones &* 0x20) & ~v & highs
        let special = control | (v & highs) | zeroBytes(v ^ (ones &* 0x22)) | zeroBytes(v ^ (ones &* 0x5C))
        // A false flag needs a borrow from a lower byte that is itself flagged, so the lowest
        // flagged byte of the union is the first byte to look at (little-endian load, as on
        // every platform Swift targets here). Taken directly instead of rescanning the word
        // byte by byte.
        if special != 0 { return p + special.trailingZeroBitCount >> 3 }
        p += 8
    }
    while p < n {
        let c = raw[p]
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
        p += 1
    }
    return p
}

/// Byte equality of two buffers.
@inline(__always)
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var i = 0
    while i < a.count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
