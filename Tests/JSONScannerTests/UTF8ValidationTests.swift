import Testing
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
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let n = Int.random(in: 0...24, using: &rng)
            let bytes = (0..<n).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0x20...0x7E, using: &rng) : UInt8.random(in: 0x80...0xF5, using: &rng)
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let offset = check(bytes)
            #expect((offset == nil) == valid, "\(bytes)")
            if let offset { #expect(String(validating: bytes[..<offset], as: UTF8.self) != nil) }
        }
    }

    /// The parser's string scan (with its inline 3-byte fast path) accepts a string exactly
    /// when the standard library's validator accepts its bytes.
    @Test func parserAgreesWithTheStandardLibraryOnRandomStrings() {
        var rng = SystemRandomNumberGenerator()
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
            #expect(parsed == valid, "\(bytes)")
        }
    }
}
