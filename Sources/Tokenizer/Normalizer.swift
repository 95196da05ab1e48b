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

/// Replaces `out` with the NFC form of the valid UTF-8 `p[start..<end]`, by the standard
/// library's normalizer (`String._withNFCCodeUnits`; Foundation stays off the hot path).
/// Only text that failed `isCertainlyNFC` comes here.
func appendNFC(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    let s = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
    out.reserveCapacity(end - start + 16)
    s._withNFCCodeUnits { out.append($0) }
}
