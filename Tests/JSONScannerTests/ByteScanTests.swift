import Testing
import TestSupport
@testable import JSONScanner

/// The word-at-a-time scans against byte-by-byte oracles, on random buffers built from the
/// bytes the bit tricks treat differently (each side of 0x20, 0x22, 0x5C and 0x80, plus bytes
/// whose XOR with `"` or `\` has the high bit), at every start offset.
struct ByteScanTests {
    static let edgeBytes: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F,
                                     0x80, 0x81, 0xA2, 0xA3, 0xDC, 0xDD, 0xE4, 0xFF, 0x61, 0x61, 0x61]

    static func randomBuffers(seed: UInt64, count: Int) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let n = Int.random(in: 0...40, using: &rng)
            // Mostly plain letters, so hits fall at every position of a word.
            return (0..<n).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0 ? edgeBytes.randomElement(using: &rng)! : 0x61
            }
        }
    }

    @Test func firstStringSpecialFindsTheFirstQuoteBackslashControlOrNonASCII() {
        func oracle(_ b: [UInt8], _ from: Int) -> Int {
            b[from...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 } ?? b.count
        }
        for b in Self.randomBuffers(seed: 1, count: 20_000) {
            b.withUnsafeBytes { raw in
                for from in 0...b.count {
                    let got = firstStringSpecial(raw, from: from)
                    if got != oracle(b, from) {
                        Issue.record("\(b) from \(from): \(got), expected \(oracle(b, from))")
                        return
                    }
                }
            }
        }
    }

    @Test func firstBackslashFindsTheFirstBackslash() {
        for b in Self.randomBuffers(seed: 2, count: 20_000) {
            b.withUnsafeBytes { raw in
                for from in 0...b.count {
                    let want = b[from...].firstIndex(of: 0x5C) ?? b.count
                    let got = firstBackslash(raw, from: from)
                    if got != want {
                        Issue.record("\(b) from \(from): \(got), expected \(want)")
                        return
                    }
                }
            }
        }
    }

    @Test func bytesEqualAgreesWithArrayEquality() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let a = (0..<Int.random(in: 0...24, using: &rng)).map { _ in UInt8.random(in: 0...3, using: &rng) }
            var b = a
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &rng)] ^= 1 }  // one byte differs
            case 1: b.append(0)  // lengths differ
            default: break  // equal
            }
            let got = a.withUnsafeBytes { ra in b.withUnsafeBytes { rb in bytesEqual(ra, rb) } }
            #expect(got == (a == b), "\(a) vs \(b)")
        }
    }
}
