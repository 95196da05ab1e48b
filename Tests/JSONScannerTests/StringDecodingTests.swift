import Testing
import TestSupport
@testable import JSONScanner

/// `appendString` (the block-copying decoder) against the text the JSON was made from: random
/// scalars, each written raw or as one of its escape forms at random, at lengths on both sides
/// of the 16-byte blocks; lone surrogates written as `\uD8xx` decode to U+FFFD.
struct StringDecodingTests {
    @Test func decodesWhatWasEscaped() throws {
        var rng = SplitMix64(seed: 5)
        var tape = JSONTape()
        let pool: [UInt32] = [0x61, 0x62, 0x20, 0x22, 0x5C, 0x2F, 0x0A, 0x0D, 0x09, 0x08, 0x0C, 0x01, 0x1F, 0x7F,
                              0xE9, 0x4E2D, 0x2028, 0xFFFD, 0x1F600, 0x10FFFF, 0xD800, 0xDFFF]
        for _ in 0..<5_000 {
            var json: [UInt8] = [UInt8(ascii: "\"")]
            var want: [UInt8] = []
            var previous: UInt32 = 0
            for _ in 0..<Int.random(in: 0...60, using: &rng) {
                var c = Int.random(in: 0..<3, using: &rng) == 0 ? pool.randomElement(using: &rng)! : UInt32.random(in: 0x61...0x7A, using: &rng)
                // An escaped high surrogate followed by an escaped low one is a pair (as in
                // Python), not two lone surrogates.
                if previous == 0xD800 && c == 0xDFFF { c = 0x61 }
                previous = c
                let scalar = Unicode.Scalar(c)
                want += Array(String(scalar ?? "\u{FFFD}").utf8)
                func u(_ v: UInt32) -> [UInt8] { Array(("\\u" + String(v, radix: 16).leftPadded(to: 4)).utf8) }
                let mustEscape = c < 0x20 || c == 0x22 || c == 0x5C || scalar == nil
                if mustEscape || Bool.random(using: &rng) {
                    switch c {
                    case 0x22: json += Array(#"\""#.utf8)
                    case 0x5C: json += Array(#"\\"#.utf8)
                    case 0x2F where Bool.random(using: &rng): json += Array(#"\/"#.utf8)
                    case 0x0A where Bool.random(using: &rng): json += Array(#"\n"#.utf8)
                    case 0x09 where Bool.random(using: &rng): json += Array(#"\t"#.utf8)
                    case 0x10000...:
                        let v = c - 0x10000
                        json += u(0xD800 + (v >> 10)) + u(0xDC00 + (v & 0x3FF))
                    default: json += u(c)
                    }
                } else {
                    json += Array(String(scalar!).utf8)
                }
            }
            json.append(UInt8(ascii: "\""))
            try json.withUnsafeBytes { bytes in
                try tape.parse(bytes)
                var got: [UInt8] = Array("x".utf8)
                tape.appendString(0, in: bytes, to: &got)
                #expect(got == Array("x".utf8) + want, "\(String(decoding: json, as: UTF8.self))")
            }
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
