import Testing
import TestSupport
import JSONScanner

@Suite struct UTF8ValidationTests {
    func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) } }

    @Test func tableOfCases() {
        #expect(check(Array("plain ascii, long enough for the 8-byte path".utf8)) == nil)
        #expect(check(Array("中文 and emoji 😀 \u{10FFFF}".utf8)) == nil)
        #expect(check([0x61, 0x62, 0xFF]) == 2)
        #expect(check([0xC0, 0x80]) == 0)                 // overlong NUL
        #expect(check([0xE0, 0x80, 0x80]) == 0)           // overlong
        #expect(check([0xED, 0xA0, 0x80]) == 0)           // surrogate U+D800
        #expect(check([0xF4, 0x90, 0x80, 0x80]) == 0)     // above U+10FFFF
        #expect(check(Array("abcdefghij".utf8) + [0xE4, 0xB8]) == 10)  // cut-off sequence
        #expect(check([0x80]) == 0)                       // lone continuation
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5000 {
            let n = Int.random(in: 0...24, using: &rng)
            let bytes = (0..<n).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0x20...0x7E, using: &rng) : UInt8.random(in: 0x80...0xF5, using: &rng)
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let offset = check(bytes)
            #expect((offset == nil) == valid, "TOKENPACK_TEST_SEED=\(seed): \(bytes)")
            if let offset { #expect(String(validating: bytes[..<offset], as: UTF8.self) != nil, "TOKENPACK_TEST_SEED=\(seed): \(bytes)") }
        }
    }

    /// The parser's string scan (with its inline 3-byte fast path) accepts a string exactly
    /// when the standard library's validator accepts its bytes.
    @Test func parserAgreesWithTheStandardLibraryOnRandomStrings() {
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        var tape = JSONTape()
        for _ in 0..<5000 {
            let n = Int.random(in: 0...24, using: &rng)
            let bytes = (0..<n).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0x61...0x7A, using: &rng) : UInt8.random(in: 0x80...0xF5, using: &rng)
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let record = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
            let parsed = record.withUnsafeBytes { r in
                do throws(JSONError) { try tape.parse(r); return true } catch { return false }
            }
            #expect(parsed == valid, "TOKENPACK_TEST_SEED=\(seed): \(bytes)")
        }
    }

    /// The same on strings built from 3-byte pieces, where the parser checks two sequences per
    /// 8-byte load: well-formed sequences next to the leads that need their own second-byte
    /// range (E0, ED), bad continuations and cut-off sequences, with and without padding after
    /// the string (the paired check needs 8 bytes left in the record).
    @Test func parserAgreesOnRunsOfThreeByteSequences() {
        let seed: UInt64 = 7
        var rng = SplitMix64(seed: seed)
        var tape = JSONTape()
        func piece() -> [UInt8] {
            let cont = { UInt8.random(in: 0x80...0xBF, using: &rng) }
            switch Int.random(in: 0..<8, using: &rng) {
            case 0, 1, 2:  // any well-formed 3-byte scalar
                let scalar = Unicode.Scalar(UInt32.random(in: 0xE000...0xFFFF, using: &rng)) ?? "中"
                let v = Bool.random(using: &rng) ? scalar : Unicode.Scalar(UInt32.random(in: 0x800...0xD7FF, using: &rng))!
                return Array(String(v).utf8)
            case 3: return [0xE0, cont(), cont()]  // overlong below A0
            case 4: return [0xED, cont(), cont()]  // surrogate from A0
            case 5: return [UInt8.random(in: 0xE1...0xEF, using: &rng), cont(), UInt8.random(in: 0x20...0xFF, using: &rng)]
            case 6: return [UInt8.random(in: 0xE1...0xEF, using: &rng), cont()]  // cut off
            default: return [UInt8.random(in: 0x61...0x7A, using: &rng)]
            }
        }
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...8, using: &rng)).flatMap { _ in piece() }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let padding = [UInt8](repeating: 0x20, count: Int.random(in: 0...9, using: &rng))
            let record = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")] + padding
            let parsed = record.withUnsafeBytes { r in
                do throws(JSONError) { try tape.parse(r); return true } catch { return false }
            }
            #expect(parsed == valid, "TOKENPACK_TEST_SEED=\(seed): \(bytes)")
        }
    }
}
