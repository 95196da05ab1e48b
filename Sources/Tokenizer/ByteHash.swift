/// Hashing and equality of short byte strings, word-at-a-time.
enum ByteHash {
    /// A 64-bit hash of `p[0..<n]` for n > 8.
    @inline(__always)
    static func hashLong(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var h: UInt64 = 0
        var i = 0
        while i + 8 < n {
            // SAFETY: i + 8 < n, so the 8 bytes at i are inside the string.
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        // SAFETY: n > 8, so the last 8 bytes are inside the string (overlapping the loop is fine).
        return h ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }

    /// A slot index from a key (`pack` or `hashLong`) and the length.
    @inline(__always)
    static func mix(_ key: UInt64, _ n: Int) -> Int { slot(hash(key, n)) }

    /// The 64-bit hash of a key and length, whose bits 32...63 give `slot` and bits 57...63 a tag.
    @inline(__always)
    static func hash(_ key: UInt64, _ n: Int) -> UInt64 {
        (key ^ UInt64(truncatingIfNeeded: n) &<< 58) &* 0xBF58_476D_1CE4_E5B9
    }

    /// A slot index from `hash` (mask it to the table).
    @inline(__always)
    static func slot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> 32) }

    /// The bytes of a string of 1...8 bytes in one word; injective for a fixed `n`.
    @inline(__always)
    static func pack(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if n >= 4 {
            // SAFETY: 4 ≤ n ≤ 8: the loads at 0 and n-4 cover all n bytes, inside the string.
            return UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        }
        // SAFETY: 1 ≤ n ≤ 3: indices 0, n/2 and n-1 are inside the string and cover it.
        return UInt64(p[0]) | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1]) << 16
    }

    /// Whether `a[0..<n] == b[0..<n]` (n ≥ 1).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n <= 8 { return pack(a, n) == pack(b, n) }
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 < n {
            // SAFETY: i + 8 < n for both strings.
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        // SAFETY: n > 8.
        return ra.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
}
