import Foundation
import Testing
import TestSupport
@testable import JSONScanner

struct JSONTapeTests {
    func parse(_ s: String, _ body: (JSONTape, UnsafeRawBufferPointer) throws -> Void) throws {
        var tape = JSONTape()
        try Array(s.utf8).withUnsafeBytes { b in
            try tape.parse(b)
            try body(tape, b)
        }
    }

    func decoded(_ tape: JSONTape, _ node: Int, _ b: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        tape.appendString(node, in: b, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func layoutAndSiblings() throws {
        try parse(#" {"a": [1, {"b": null}], "c": "x\ny", "d": true} "#) { tape, b in
            #expect(tape.count == 11)
            #expect(tape[0].kind == .object && tape[0].next == 11)
            let a = try #require(tape.member(0, "a", in: b))
            #expect(tape[a].kind == .array && Array(tape.elements(a)).count == 2)
            let c = try #require(tape.member(0, "c", in: b))
            #expect(tape[c].hasEscapes && decoded(tape, c, b) == "x\ny")
            #expect(tape.member(0, "zz", in: b) == nil)
            #expect(tape.members(0).map { decoded(tape, $0.key, b) } == ["a", "c", "d"])
        }
    }

    /// The node storage grows past its first allocation, and a copy of a tape keeps reading
    /// its own document after the original parses another (copy-on-write).
    @Test func storageGrowsAndCopiesStayIntact() throws {
        let big = Array(("[" + (0..<5_000).map { "[\($0), {\"k\": \"v\"}]" }.joined(separator: ",") + "]").utf8)
        let small = Array(#"{"a": 1}"#.utf8)
        var tape = JSONTape()
        try big.withUnsafeBytes { b in
            try tape.parse(b)
            #expect(tape.count == 1 + 5_000 * 5)
            #expect(Array(tape.elements(0)).count == 5_000)
            let copy = tape
            try small.withUnsafeBytes { try tape.parse($0) }
            #expect(tape.count == 3 && tape[0].kind == .object)
            #expect(copy.count == 1 + 5_000 * 5 && copy[0].kind == .array)
            let last = try #require(Array(copy.elements(0)).last)
            #expect(decoded(copy, last + 4, b) == "v")
        }
    }

    @Test func lastDuplicateWinsAndEscapedKeysMatch() throws {
        try parse(#"{"role": "user", "r\u006fle": "assistant", "x": 1}"#) { tape, b in
            let r = try #require(tape.member(0, "role", in: b))
            #expect(decoded(tape, r, b) == "assistant")
            #expect(tape.stringEquals(r, "assistant", in: b))
        }
    }

    @Test func numbersAreClassifiedLikePython() throws {
        try parse(#"[0, -0, 12345678901234567890, 1.0, 1e5, -2E-3, NaN, -Infinity]"#) { tape, _ in
            let kinds = (1..<tape.count).map { (tape[$0].isInteger, tape[$0].isNonFinite) }
            #expect(kinds.map(\.0) == [true, true, true, false, false, false, false, false])
            #expect(kinds.map(\.1) == [false, false, false, false, false, false, true, true])
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        var tape = JSONTape()
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONError(.tooDeep(limit: JSONTape.maxDepth), at: JSONTape.maxDepth)) {
            try deep.withUnsafeBytes { try tape.parse($0) }
        }
        let ok = Array(repeating: UInt8(ascii: "["), count: 500) + Array(repeating: UInt8(ascii: "]"), count: 500)
        try ok.withUnsafeBytes { try tape.parse($0) }
        #expect(tape.count == 500)
    }

    /// Fuzz: mutated and truncated real records never crash; errors point inside the record;
    /// every strict prefix of a record is rejected; and a mutant rejected for an unexpected
    /// character is rejected by Foundation's parser too (an independent oracle).
    /// Every run draws new mutants; a failure prints the seed and the mutant.
    @Test func mutatedRecordsNeverCrash() throws {
        let lines = try Reference.lines(Reference.data("dev_edge.jsonl")) + Reference.lines(Reference.data("dev.jsonl")).prefix(60)
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        var tape = JSONTape()
        let alphabet = Array(#"{}[]",:\ u0123456789abcdefnNtrueIl-+.eE"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xE4, 0xED, 0xF0, 0xFF]
        var accepted = 0, rejected = 0
        for line in lines {
            for cut in stride(from: 0, to: line.count, by: max(1, line.count / 20)) {
                #expect(throws: JSONError.self) { try line.prefix(cut).withUnsafeBytes { try tape.parse($0) } }
            }
            for _ in 0..<40 {
                var m = line
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let i = Int.random(in: 0..<m.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: m[i] = alphabet.randomElement(using: &rng)!
                    case 1: m.remove(at: i)
                    default: m.insert(alphabet.randomElement(using: &rng)!, at: i)
                    }
                }
                do {
                    try m.withUnsafeBytes { try tape.parse($0) }
                    accepted += 1
                } catch let error as JSONError {
                    #expect(error.byteOffset >= 0 && error.byteOffset <= m.count, "TOKENPACK_TEST_SEED=\(seed): \(m)")
                    rejected += 1
                    // Foundation accepts what Python rejects in corners (a trailing comma
                    // before `}` or `]`), but not other syntax errors on ASCII structure.
                    if case .unexpectedByte(let b) = error.reason, b != UInt8(ascii: "}"), b != UInt8(ascii: "]") {
                        #expect((try? JSONSerialization.jsonObject(with: Data(m))) == nil, "TOKENPACK_TEST_SEED=\(seed): \(String(decoding: m, as: UTF8.self))")
                    }
                }
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }
}
