import CSHA256

/// FIPS 180-4 SHA-256, used once per vocabulary load to check the file against a known digest.
///
/// Whole 64-byte blocks are compressed with the x86 SHA extensions when the CPU has them
/// (`CSHA256`), else by `compress` below; padding and the digest are always done here. For
/// GLM-4's 2.6 MB `tokenizer.model` in release builds: 2.0 ms with the SHA extensions (164
/// instructions per block, ~6.7 M in all, 2.6 per byte), 12.3 ms with the Swift rounds
/// (185 M instructions, ~70 per byte, cachegrind); a 20 MB file takes 16 ms against 93–164 ms.
struct SHA256 {
    /// Whether this CPU has the SHA extensions (asked once per process).
    static let hardwareAvailable: Bool = tokenpack_sha256_available() != 0

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// Bytes not yet compressed (fewer than 64).
    private var pending: [UInt8] = []
    private var totalBytes: UInt64 = 0
    /// Compress with the SHA extensions; false: with the Swift rounds.
    private let accelerated: Bool


    init() { accelerated = SHA256.hardwareAvailable }

    /// `accelerated: false` always uses the Swift rounds; `true` uses the SHA extensions when
    /// the CPU has them (as `init()` does). The tests compare the two.
    init(accelerated: Bool) { self.accelerated = accelerated && SHA256.hardwareAvailable }

    /// The lowercase hex digest of `bytes`.
    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hex(bytes, accelerated: true)
    }

    /// `hex` with the compression chosen as in `init(accelerated:)`.
    static func hex<C: Collection>(_ bytes: C, accelerated: Bool) -> String where C.Element == UInt8 {
        var h = SHA256(accelerated: accelerated)
        if let done = bytes.withContiguousStorageIfAvailable({ b in h.update(UnsafeRawBufferPointer(b)) }) {
            _ = done
        } else {
            h.update(Array(bytes))
        }
        return h.finalizeHex()
    }

    /// `update` without copying the input into an array first (4 M instructions of GLM-4's load;
    /// a 20 MB copy for a tokenizer.json).
    mutating func update(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let whole = pending.isEmpty ? n & ~63 : 0
        totalBytes &+= UInt64(whole)
        // SAFETY: whole ≤ n, so the blocks lie inside raw.
        compress(blocks: base, count: whole / 64)
        if whole < n { update(Array(UnsafeBufferPointer(start: base + whole, count: n - whole))) }
    }

    mutating func update(_ bytes: [UInt8]) {
        totalBytes &+= UInt64(bytes.count)
        var i = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            i = take
            if pending.count == 64 {
                let block = pending
                pending.removeAll(keepingCapacity: true)
                block.withUnsafeBufferPointer { compress(blocks: $0.baseAddress!, count: 1) }
            }
        }
        bytes.withUnsafeBufferPointer { buf in
            let count = (buf.count - i) / 64
            guard count > 0 else { return }
            // SAFETY: i + 64 * count ≤ buf.count.
            assert(i + 64 * count <= buf.count)
            compress(blocks: buf.baseAddress! + i, count: count)
            i += 64 * count
        }
        if i < bytes.count { pending.append(contentsOf: bytes[i...]) }
    }

    mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var tail: [UInt8] = [0x80]
        let padding = (55 &- pending.count) & 63  // pending + 1 + padding + 8 ≡ 0 (mod 64)
        tail.append(contentsOf: repeatElement(0, count: padding))
        for s in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(s))) }
        let saved = totalBytes
        update(tail)
        totalBytes = saved
        precondition(pending.isEmpty)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            out.append(UInt8(word >> 24)); out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8)); out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    mutating func finalizeHex() -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        for b in finalize() {
            chars.append(digits[Int(b >> 4)])
            chars.append(digits[Int(b & 15)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// Compresses the `count` whole blocks at `p` (64 × `count` readable bytes).
    private mutating func compress(blocks p: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        if accelerated {
            // SAFETY: the state tuple is eight UInt32s, laid out as C's uint32_t[8]; p has
            // 64 * count readable bytes (the callers' contract), which is what CSHA256 reads.
            withUnsafeMutablePointer(to: &state) { tuple in
                tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { tokenpack_sha256_blocks($0, p, count) }
            }
        } else {
            for b in 0..<count { compress(p + 64 * b) }
        }
    }

    private mutating func compress(_ p: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            // SAFETY: p points at a full 64-byte block; w has 64 entries; t < 64 below.
            for t in 0..<16 {
                w[t] = UInt32(p[4 * t]) << 24 | UInt32(p[4 * t + 1]) << 16 | UInt32(p[4 * t + 2]) << 8 | UInt32(p[4 * t + 3])
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            // The constants are C's table (one copy for both paths), 64 UInt32 in a row.
            withUnsafePointer(to: tokenpack_sha256_round_constants) { table in
                table.withMemoryRebound(to: UInt32.self, capacity: 64) { k in
                    for t in 0..<64 {
                        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
                        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                     state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

extension Tokenizer {
    /// Lowercase hex sha256 of `bytes` (for recording model files in `meta.json`).
    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }
}
