/// Byte string → token id for the mergeable vocabulary: an open-addressing hash table whose
/// slots hold the whole key of short tokens, so a lookup of a piece of ≤ 8 bytes (95% of pieces
/// on the reference texts) touches one cache line and never the token bytes.
///
/// Layout:
/// - `slots` (UInt64 pairs, 16 bytes per slot, a power of two ≥ 1.6 × token count; 262,144
///   slots = 4 MB for GLM-4, load 0.58): slot `s` is `slots[2s]` = key, `slots[2s+1]` = meta.
///   meta 0 = empty, else `length << 32 | (id + 1)`, plus bit 63 for a token hidden from
///   lookups (`hide`: unreachable tokens of a Hugging Face BPE; a hidden slot never compares
///   equal, so hiding costs the lookup nothing). key = `ByteHash.pack` of the bytes for
///   length ≤ 8 (exact), else `ByteHash.hashLong` (then the bytes are compared too).
///   Slots are probed in aligned groups of 8 (see `control`), from the group of slot
///   `ByteHash.mix(key, length)` & mask.
/// - `mediumSlots` (UInt64 triples, 24 bytes per slot, a power of two ≥ 1.6 × the tokens of
///   9...16 bytes; 65,536 slots = 1.5 MB for GLM-4's 30,553): those tokens live here instead,
///   slot `s` = key words `mediumSlots[3s]` (bytes 0..<8) and `[3s+1]` (bytes n-8..<n: the
///   two loads cover the token and are injective for a fixed n), then meta as above. So a
///   lookup of a 9...16-byte piece (English words, 40% of them misses) compares in the slot and
///   never reads the token bytes, which cost ~6% of the encoder's cycles when it did (perf).
///   Probed in groups of 8 from the group of slot `ByteHash.mix(k0 ^ k1 · odd, length)` &
///   mediumMask, with its own `mediumControl`.
/// - `control`/`mediumControl` (one byte per slot, 8 slots per UInt64 word, slot g + k in byte k
///   of word g / 8): 0x80 = empty, else a 7-bit tag, bits 57...63 of the key's `ByteHash.hash`. A
///   lookup reads its group's control word and compares only the slots whose tag matches; a
///   group with an empty slot ends the probe. Most pieces of text are not tokens (56% of the
///   ≥ 3-byte pieces of the unique corpus), and such a miss now reads one word of a 256 KB
///   array instead of ~3.4 slots of the 4 MB one (linear probing at load 0.58). An item sits
///   in the first group along its probe sequence that had an empty slot when it was inserted
///   (nothing is ever removed), so the probe finds it before any group with an empty slot.
/// - `bytes`/`offsets`: the vocabulary (see `Vocabulary`): token `id` is
///   `bytes[offsets[id] ..< offsets[id + 1]]`.
/// Invariants: every id in a slot is < `count`; offsets are within `bytes`; each byte string once.
/// `byteID[b]` (256 × Int32) is the id of the single byte `b` (all 256 present).
final class TokenTable: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let slots: FixedBuffer<UInt64>
    let control: FixedBuffer<UInt64>
    let mask: Int
    let mediumSlots: FixedBuffer<UInt64>
    let mediumControl: FixedBuffer<UInt64>
    let mediumMask: Int
    static let mediumRange = 9...16
    let bytes: FixedBuffer<UInt8>
    let offsets: FixedBuffer<UInt32>
    let byteID: FixedBuffer<Int32>
    let count: Int

    init(_ vocab: Vocabulary, source: String) throws(TokenizerError) {
        count = vocab.count
        var mediumCount = 0
        for id in 0..<count where TokenTable.mediumRange.contains(Int(vocab.offsets[id + 1] - vocab.offsets[id])) { mediumCount += 1 }
        var capacity = 1024
        while capacity < (count - mediumCount) * 8 / 5 { capacity <<= 1 }
        mask = capacity - 1
        slots = FixedBuffer(count: 2 * capacity, repeating: 0)
        control = FixedBuffer(count: capacity / 8, repeating: TokenTable.allEmpty)
        var mediumCapacity = 256
        while mediumCapacity < mediumCount * 8 / 5 { mediumCapacity <<= 1 }
        mediumMask = mediumCapacity - 1
        mediumSlots = FixedBuffer(count: 3 * mediumCapacity, repeating: 0)
        mediumControl = FixedBuffer(count: mediumCapacity / 8, repeating: TokenTable.allEmpty)
        bytes = FixedBuffer(vocab.bytes)
        offsets = FixedBuffer(vocab.offsets)
        byteID = FixedBuffer(count: 256, repeating: -1)
        let s = slots.base
        for id in 0..<count {
            let start = Int(offsets.base[id]), n = Int(offsets.base[id + 1]) - start
            let p = UnsafePointer(bytes.base + start)
            if let other = lookup(p, n) {
                if vocab.lineOfID.isEmpty {
                    throw .malformedVocabulary(file: source, line: 0, reason: "token \(id) repeats the byte string of token \(other)")
                }
                throw .malformedVocabulary(file: source, line: Int(vocab.lineOfID[id]),
                                           reason: "token repeats the byte string of line \(vocab.lineOfID[Int(other)])")
            }
            let meta = UInt64(n) << 32 | UInt64(id + 1)
            if TokenTable.mediumRange.contains(n) {
                let m = mediumSlots.base
                let (k0, k1) = TokenTable.mediumKey(p, n)
                let i = TokenTable.insertionSlot(TokenTable.mediumHash(k0, k1, n), mediumControl.base, mediumMask)
                m[3 * i] = k0
                m[3 * i + 1] = k1
                m[3 * i + 2] = meta
                continue
            }
            let key = n <= 8 ? ByteHash.pack(p, n) : ByteHash.hashLong(p, n)
            let i = TokenTable.insertionSlot(ByteHash.hash(key, n), control.base, mask)
            s[2 * i] = key
            s[2 * i + 1] = meta
            if n == 1 { byteID.base[Int(p[0])] = Int32(id) }
        }
        for b in 0..<256 where byteID.base[b] < 0 {
            throw .malformedVocabulary(file: source, line: 0, reason: "no token for the single byte 0x\(String(b, radix: 16, uppercase: true))")
        }
    }

    /// The id of the token whose bytes are `p[0..<n]` (n ≥ 1), if there is one.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        let s = slots.base
        let want = UInt64(n) << 32
        if n <= 8 {
            let key = ByteHash.pack(p, n)
            return TokenTable.probe(ByteHash.hash(key, n), control.base, mask) { i in
                // SAFETY: i ≤ mask, and slots has 2 × (mask + 1) entries.
                let meta = s[2 * i + 1]
                return s[2 * i] == key && meta & 0xFFFF_FFFF_0000_0000 == want ? Int32(truncatingIfNeeded: meta) - 1 : nil
            }
        }
        if n <= TokenTable.mediumRange.upperBound {
            let m = mediumSlots.base
            let (k0, k1) = TokenTable.mediumKey(p, n)
            return TokenTable.probe(TokenTable.mediumHash(k0, k1, n), mediumControl.base, mediumMask) { i in
                // SAFETY: i ≤ mediumMask, and mediumSlots has 3 × (mediumMask + 1) entries.
                let meta = m[3 * i + 2]
                return m[3 * i] == k0 && m[3 * i + 1] == k1 && meta & 0xFFFF_FFFF_0000_0000 == want ? Int32(truncatingIfNeeded: meta) - 1 : nil
            }
        }
        let key = ByteHash.hashLong(p, n)
        return TokenTable.probe(ByteHash.hash(key, n), control.base, mask) { i in
            // SAFETY: as in the first probe.
            let meta = s[2 * i + 1]
            guard s[2 * i] == key && meta & 0xFFFF_FFFF_0000_0000 == want else { return nil }
            let id = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
            // SAFETY: ids in slots are < count, and offsets has count + 1 entries.
            return ByteHash.equal(bytes.base + Int(offsets.base[id]), p, n) ? Int32(id) : nil
        }
    }

    /// The probe of a key of hash `h`: `match` is asked about each slot whose tag matches, group
    /// by group, until it answers or a group with an empty slot ends the probe.
    @inline(__always)
    private static func probe<Answer>(_ h: UInt64, _ control: UnsafePointer<UInt64>, _ mask: Int, _ match: (Int) -> Answer?) -> Answer? {
        var g = firstGroup(h, mask)
        let tags = broadcast(h)
        while true {
            // SAFETY: g is a multiple of 8 ≤ mask, so word g / 8 exists (control has
            // (mask + 1) / 8 words) and the slots g...g+7 it describes are ≤ mask.
            assert(g & 7 == 0 && g <= mask, "group \(g) outside mask \(mask)")
            let c = control[g >> 3]
            var bits = matches(c, tags)
            while bits != 0 {
                if let id = match(g + bits.trailingZeroBitCount >> 3) { return id }
                bits &= bits &- 1
            }
            if c & allEmpty != 0 { return nil }
            g = (g + 8) & mask
        }
    }

    /// The first slot of the first group a key of hash `h` probes.
    @inline(__always)
    static func firstGroup(_ h: UInt64, _ mask: Int) -> Int { ByteHash.slot(h) & mask & ~7 }

    /// The hash of a 9...16-byte key (`mediumKey`'s two words).
    @inline(__always)
    static func mediumHash(_ k0: UInt64, _ k1: UInt64, _ n: Int) -> UInt64 { ByteHash.hash(k0 ^ k1 &* 0x9E37_79B9_7F4A_7C15, n) }

    /// A control word whose 8 slots are all empty.
    static let allEmpty: UInt64 = 0x8080_8080_8080_8080

    /// The 7-bit tag of hash `h` in all 8 bytes of a word.
    @inline(__always)
    static func broadcast(_ h: UInt64) -> UInt64 { (h >> 57) &* 0x0101_0101_0101_0101 }

    /// The high bit of every byte of control word `c` that may hold the tag in `tags`: every
    /// slot whose tag matches is flagged (a byte above a match may be flagged too, and the
    /// caller compares the key anyway); an empty slot (0x80) never is.
    @inline(__always)
    static func matches(_ c: UInt64, _ tags: UInt64) -> UInt64 {
        let x = c ^ tags
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The slot for a new key of hash `h`: the first empty one along the probe sequence, its
    /// control byte set to the tag. The table is below 5/8 full, so there is one.
    static func insertionSlot(_ h: UInt64, _ control: UnsafeMutablePointer<UInt64>, _ mask: Int) -> Int {
        var g = firstGroup(h, mask)
        while true {
            // SAFETY: g is a multiple of 8 ≤ mask; control has (mask + 1) / 8 words.
            let empty = control[g >> 3] & allEmpty
            if empty != 0 {
                let k = empty.trailingZeroBitCount >> 3
                control[g >> 3] ^= (0x80 ^ (h >> 57)) << (8 * UInt64(k))
                return g + k
            }
            g = (g + 8) & mask
        }
    }

    /// Makes `lookup` miss token `id` (< count), which stays decodable.
    /// Only during the owning tokenizer's init, before it is shared.
    func hide(_ id: Int32) {
        let t = tokenBytes(Int(id))
        let n = t.count
        let meta = UInt64(n) << 32 | UInt64(id + 1)
        // The token is in the table, so its own probe reaches its slot.
        if TokenTable.mediumRange.contains(n) {
            let m = mediumSlots.base
            let (k0, k1) = TokenTable.mediumKey(t.baseAddress!, n)
            // SAFETY: probe's slots are ≤ mediumMask; mediumSlots has 3 × (mediumMask + 1) entries.
            let i = TokenTable.probe(TokenTable.mediumHash(k0, k1, n), mediumControl.base, mediumMask) { i in m[3 * i + 2] & 0x7FFF_FFFF_FFFF_FFFF == meta ? i : nil }
            m[3 * i! + 2] |= 1 << 63
            return
        }
        let key = n <= 8 ? ByteHash.pack(t.baseAddress!, n) : ByteHash.hashLong(t.baseAddress!, n)
        let s = slots.base
        // SAFETY: probe's slots are ≤ mask; slots has 2 × (mask + 1) entries.
        let i = TokenTable.probe(ByteHash.hash(key, n), control.base, mask) { i in s[2 * i + 1] & 0x7FFF_FFFF_FFFF_FFFF == meta ? i : nil }
        s[2 * i! + 1] |= 1 << 63
    }

    /// The two key words of a 9...16-byte string: its first and its last 8 bytes.
    @inline(__always)
    static func mediumKey(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        // SAFETY: 9 ≤ n ≤ 16: the loads at 0 and n-8 are inside the string and cover it.
        return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    /// The bytes of a mergeable token (`id` < count).
    @inline(__always)
    func tokenBytes(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets.base[id])
        return UnsafeBufferPointer(start: bytes.base + start, count: Int(offsets.base[id + 1]) - start)
    }
}
