/// Text normalization applied to each piece of text between special tokens, before the
/// pre-tokenizer (Hugging Face `normalizer`; special tokens themselves are never normalized).
public enum Normalizer: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The bytes are encoded as they are (tiktoken, GLM-4).
    case none
    /// Unicode NFC (Qwen3.5).
    case nfc

    public var description: String { rawValue }
}

/// The scalars after which NFC may change the text (`nfcStopRanges`: NFC_Quick_Check No or
/// Maybe, or combining class != 0), as a two-level bitmap.
///
/// Layout:
/// - `stage1[cp >> 8]` (UInt8, 4352 entries): the block number of the 256 code points sharing `cp >> 8`;
/// - `stage2[block << 2 | (cp & 0xFF) >> 6]` (UInt64, 4 words = 32 bytes per distinct block):
///   bit `cp & 63` is set for a stop scalar.
/// Invariant: every stage1 value is < stage2.count / 4 (block 0 is all clear). ~2 KB for
/// Unicode 16.0 (2,131 scalars in a few dozen distinct blocks).
final class NFCStopTable: Sendable {
    let stage1: FixedBuffer<UInt8>
    let stage2: FixedBuffer<UInt64>

    static let shared = NFCStopTable(ranges: nfcStopRanges)

    init(ranges: [UInt32]) {
        var bits = [UInt64](repeating: 0, count: 0x110000 >> 6)
        var r = 0
        while r + 1 < ranges.count {
            for cp in Int(ranges[r])...Int(ranges[r + 1]) { bits[cp >> 6] |= 1 << UInt64(cp & 63) }
            r += 2
        }
        var s1 = [UInt8](repeating: 0, count: 0x110000 >> 8)
        var s2 = [UInt64](repeating: 0, count: 4)
        var blockOf: [[UInt64]: UInt8] = [[0, 0, 0, 0]: 0]
        for b in 0..<(0x110000 >> 8) {
            let words = Array(bits[(4 * b)..<(4 * b + 4)])
            if let n = blockOf[words] {
                s1[b] = n
            } else {
                precondition(blockOf.count < 256, "too many distinct NFC blocks for a UInt8 stage 1")
                let n = UInt8(blockOf.count)
                blockOf[words] = n
                s1[b] = n
                s2.append(contentsOf: words)
            }
        }
        stage1 = FixedBuffer(s1)
        stage2 = FixedBuffer(s2)
    }

    /// Whether `cp` (≤ 0x10FFFF) is a stop scalar.
    @inline(__always)
    func contains(_ cp: UInt32) -> Bool {
        // SAFETY: cp >> 8 < 4352 = stage1.count; stage1 values index whole blocks of stage2.
        let block = Int(stage1.base[Int(cp >> 8)])
        return stage2.base[block << 2 | Int(cp & 0xFF) >> 6] >> UInt64(cp & 63) & 1 != 0
    }
}

extension NFCStopTable {
    /// Whether `p[start..<end]` is certainly NFC: no stop scalar in it. Only scalars whose lead
    /// byte is ≥ 0xCC (U+0300 and up) are decoded, since every code point below U+0300 is
    /// NFC_QC=Yes with combining class 0 (checked by the generator); ASCII is skipped 8 bytes at
    /// a time. Invalid UTF-8 answers false, so that the caller's slow path (which validates
    /// first) reports it at its offset.
    func isCertainlyNFC(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        // SAFETY (whole function): every p[k] read has k < end.
        while i < end {
            if i + 8 <= end {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = p[i]
            if b0 < 0xCC {
                i += 1
                continue
            }
            let cp: UInt32
            if b0 < 0xE0 {
                guard i + 1 < end, p[i + 1] & 0xC0 == 0x80 else { return false }
                cp = UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < end, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                cp = UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < end, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
                cp = UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
                if cp > 0x10FFFF { return false }
                i += 4
            } else {
                return false
            }
            if contains(cp) { return false }
        }
        return true
    }
}

/// The offset of the first invalid UTF-8 sequence in `p[start..<end]`, or nil: the offset the
/// pre-tokenizer would report, since it too decodes every scalar in order from `start`.
func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var i = start
    // SAFETY: every p[k] read has k < end.
    while i < end {
        let b0 = p[i]
        if b0 < 0x80 {
            i += 1
            continue
        }
        if b0 < 0xC2 { return i }
        if b0 < 0xE0 {
            guard i + 1 < end, p[i + 1] & 0xC0 == 0x80 else { return i }
            i += 2
        } else if b0 < 0xF0 {
            guard i + 2 < end else { return i }
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80, hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard p[i + 1] >= lo && p[i + 1] <= hi && p[i + 2] & 0xC0 == 0x80 else { return i }
            i += 3
        } else if b0 < 0xF5 {
            guard i + 3 < end else { return i }
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80, hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard p[i + 1] >= lo && p[i + 1] <= hi && p[i + 2] & 0xC0 == 0x80 && p[i + 3] & 0xC0 == 0x80 else { return i }
            i += 4
        } else {
            return i
        }
    }
    return nil
}

/// NFC exactly as the Hugging Face oracle does it (`tokenizers`' normalizer has Unicode 9.0
/// data, so compositions and combining classes of later characters are not applied; the
/// generator lists them). The standard library's `_withNFCCodeUnits` was the first choice and
/// is wrong twice for this purpose: it does not reorder `U+0F73 U+0F73` (Tibetan vowel signs whose
/// decompositions interleave, HF and Python give 0F71 0F71 0F72 0F72), and it has 16.0's
/// compositions. Foundation's `precomposedStringWithCanonicalMapping` on Linux does not compose
/// a Hangul LV syllable with a trailing jamo (U+AC00 U+11A8). Only text that failed
/// `isCertainlyNFC` comes here, so dictionaries are fast enough (DESIGN.md, "NFC").
final class NFCTables: Sendable {
    /// cp → range of its full canonical decomposition in `storage` (Hangul syllables are algorithmic).
    let decompositions: [UInt32: Range<Int>]
    let storage: [UInt32]
    /// Nonzero canonical combining classes.
    let classes: [UInt32: UInt8]
    /// `first << 21 | second` → primary composite.
    let compositions: [UInt64: UInt32]

    static let shared = NFCTables()

    init() {
        var d: [UInt32: Range<Int>] = [:]
        var st: [UInt32] = []
        var i = 0
        while i + 1 < nfcDecompositions.count {
            let cp = nfcDecompositions[i], n = Int(nfcDecompositions[i + 1])
            d[cp] = st.count..<(st.count + n)
            st.append(contentsOf: nfcDecompositions[(i + 2)..<(i + 2 + n)])
            i += 2 + n
        }
        decompositions = d
        storage = st
        var c: [UInt32: UInt8] = [:]
        for k in stride(from: 0, to: nfcCombiningClasses.count, by: 2) { c[nfcCombiningClasses[k]] = UInt8(nfcCombiningClasses[k + 1]) }
        classes = c
        var m: [UInt64: UInt32] = [:]
        for k in stride(from: 0, to: nfcCompositions.count, by: 3) {
            m[UInt64(nfcCompositions[k]) << 21 | UInt64(nfcCompositions[k + 1])] = nfcCompositions[k + 2]
        }
        compositions = m
    }

    @inline(__always) func ccc(_ cp: UInt32) -> UInt8 { cp < 0x300 ? 0 : classes[cp] ?? 0 }

    static let sBase: UInt32 = 0xAC00, lBase: UInt32 = 0x1100, vBase: UInt32 = 0x1161, tBase: UInt32 = 0x11A7
    static let lCount: UInt32 = 19, vCount: UInt32 = 21, tCount: UInt32 = 28, nCount: UInt32 = 588, sCount: UInt32 = 11172

    func compose(_ a: UInt32, _ b: UInt32) -> UInt32? {
        let T = NFCTables.self
        if a >= T.lBase && a < T.lBase + T.lCount && b >= T.vBase && b < T.vBase + T.vCount {
            return T.sBase + ((a - T.lBase) * T.vCount + (b - T.vBase)) * T.tCount
        }
        if a >= T.sBase && a < T.sBase + T.sCount && (a - T.sBase) % T.tCount == 0 && b > T.tBase && b < T.tBase + T.tCount {
            return a + (b - T.tBase)
        }
        return compositions[UInt64(a) << 21 | UInt64(b)]
    }

    /// Appends the full canonical decomposition of `cp`.
    func decompose(_ cp: UInt32, into buf: inout [UInt32]) {
        let T = NFCTables.self
        if cp >= T.sBase && cp < T.sBase + T.sCount {
            let s = cp - T.sBase
            buf.append(T.lBase + s / T.nCount)
            buf.append(T.vBase + (s % T.nCount) / T.tCount)
            if s % T.tCount != 0 { buf.append(T.tBase + s % T.tCount) }
        } else if cp >= 0xC0, let r = decompositions[cp] {
            buf.append(contentsOf: storage[r])
        } else {
            buf.append(cp)
        }
    }

    /// NFC of the scalars in `buf`, in place (UAX #15: canonical order, then canonical composition).
    func normalize(_ buf: inout [UInt32]) {
        let n = buf.count
        if n == 0 { return }
        // Canonical ordering: stable insertion sort of each run of non-starters by class.
        for i in 1..<n {
            let c = ccc(buf[i])
            if c == 0 { continue }
            var j = i
            while j > 0, ccc(buf[j - 1]) > c {
                buf.swapAt(j - 1, j)
                j -= 1
            }
        }
        // Composition: each char joins the last starter unless blocked.
        var starterPos = 0
        var starter = buf[0]
        var lastClass = Int(ccc(starter))
        if lastClass != 0 { lastClass = 256 }  // text starting with a non-starter composes nothing into it
        var out = 1
        for i in 1..<n {
            let ch = buf[i]
            let chClass = Int(ccc(ch))
            if lastClass < chClass || lastClass == 0, let composite = compose(starter, ch) {
                buf[starterPos] = composite
                starter = composite
            } else {
                if chClass == 0 {
                    starterPos = out
                    starter = ch
                }
                lastClass = chClass
                buf[out] = ch
                out += 1
            }
        }
        buf.removeLast(n - out)
    }
}

/// Replaces `out` with the NFC form (`NFCTables`) of the valid UTF-8 `p[start..<end]`;
/// `scalars` is scratch. Only text that failed `isCertainlyNFC` comes here.
func appendNFC(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8], scalars: inout [UInt32]) {
    let tables = NFCTables.shared
    scalars.removeAll(keepingCapacity: true)
    var i = start
    // SAFETY: the text is valid UTF-8 (checked by the caller), so each sequence is complete.
    while i < end {
        let b0 = p[i]
        var cp: UInt32
        if b0 < 0x80 {
            cp = UInt32(b0); i += 1
        } else if b0 < 0xE0 {
            cp = UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i += 2
        } else if b0 < 0xF0 {
            cp = UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i += 3
        } else {
            cp = UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); i += 4
        }
        tables.decompose(cp, into: &scalars)
    }
    tables.normalize(&scalars)
    out.removeAll(keepingCapacity: true)
    out.reserveCapacity(end - start + 16)
    for cp in scalars {
        if cp < 0x80 {
            out.append(UInt8(cp))
        } else if cp < 0x800 {
            out.append(UInt8(0xC0 | cp >> 6)); out.append(UInt8(0x80 | cp & 0x3F))
        } else if cp < 0x10000 {
            out.append(UInt8(0xE0 | cp >> 12)); out.append(UInt8(0x80 | cp >> 6 & 0x3F)); out.append(UInt8(0x80 | cp & 0x3F))
        } else {
            out.append(UInt8(0xF0 | cp >> 18)); out.append(UInt8(0x80 | cp >> 12 & 0x3F))
            out.append(UInt8(0x80 | cp >> 6 & 0x3F)); out.append(UInt8(0x80 | cp & 0x3F))
        }
    }
}
