import TestSupport
import Testing
import Tokenizer

/// Invalid UTF-8 is an error naming the byte offset, never a crash or a replacement character.
@Suite struct InvalidUTF8Tests {
    @Test(arguments: [
        ([0x80], 0),                          // lone continuation byte
        ([0x61, 0x62, 0xBF], 2),
        ([0xC0, 0x80], 0),                    // overlong NUL
        ([0xC1, 0xBF], 0),                    // overlong
        ([0x61, 0xE0, 0x80, 0x80], 1),        // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0x80], 0),        // overlong 4-byte
        ([0xED, 0xA0, 0x80], 0),              // surrogate U+D800
        ([0x20, 0xED, 0xBF, 0xBF], 1),        // surrogate U+DFFF
        ([0xF4, 0x90, 0x80, 0x80], 0),        // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0xFF], 0),
        ([0x68, 0x69, 0xE4, 0xB8], 2),        // truncated at the end
        ([0xE4, 0xB8, 0x41], 0),              // truncated before ASCII
        ([0xE4, 0x3C, 0x7C, 0x75, 0x73, 0x65, 0x72, 0x7C, 0x3E], 0),  // truncated before <|user|>
        ([0x3C, 0x7C, 0x75, 0x73, 0x65, 0x72, 0x7C, 0x3E, 0x80], 8),  // after a special token
        ([0x27, 0xC5], 1),                    // apostrophe, then half of U+017F
        ([0x31, 0x32, 0xF0, 0x9F, 0x98], 2),  // truncated emoji after digits
        ([0x20, 0x20, 0x0A, 0xC3], 3),        // inside a white-space run
    ] as [([UInt8], Int)])
    func rejected(bytes: [UInt8], offset: Int) throws {
        let tok = try glm4()
        for specials in [true, false] {
            #expect(throws: TokenizerError.invalidUTF8(offset: offset)) { try tok.encode(bytes, specials: specials) }
        }
    }

    /// Random byte strings: encoding succeeds exactly when the standard library's UTF-8 decoder
    /// accepts them, and otherwise fails at the offset where that decoder first fails.
    @Test func randomBytesAgreeWithTheStandardLibrary() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        var rng = SplitMix64(seed: 3)
        let pool: [UInt8] = [0x00, 0x20, 0x0A, 0x27, 0x41, 0x73, 0x3C, 0x7C, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
                             0xC5, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xB8, 0xAD]
        var invalid = 0
        for _ in 0..<5000 {
            let n = Int.random(in: 1...12, using: &rng)
            var bytes = (0..<n).map { _ in pool.randomElement(using: &rng)! }
            if Bool.random(using: &rng) { bytes = Array("ab 'c".utf8) + bytes }
            var ids: [Int32] = []
            let expected = firstInvalidOffset(bytes)
            do {
                try encoder.encode(bytes, specials: true, into: &ids)
                #expect(expected == nil, "\(bytes) accepted")
                #expect(tok.decode(ids) == bytes)
            } catch {
                invalid += 1
                #expect(error == .invalidUTF8(offset: expected ?? -1), "\(bytes)")
            }
        }
        #expect(invalid > 1000)
    }

    private func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var it = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let s): offset += s.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
