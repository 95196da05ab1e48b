import Foundation
import Testing
import TestSupport
@testable import JSONScanner

/// The pointer writer behind `appendPythonJSON` on random documents: its output never passes
/// the reserved bound (nesting past the 64-level fast path included), appending keeps what was
/// already in the buffer, and Foundation's parser (an independent oracle) reads the same value
/// from the output as from the input.
struct PythonJSONWriterTests {
    /// A random JSON document, without duplicate keys (Foundation and Python resolve those
    /// differently; `PythonSerializationTests` covers them against Python).
    static func document(_ rng: inout SplitMix64, depth: Int) -> String {
        let strings = [#""""#, #""plain""#, #""a\"b\\c\/d""#, #""line\nnext\ttab\r\b\f""#,
                       #""\u0001\u001f\u007f""#, #""é中\u00e9\u4e2d""#, #""\ud83d\ude00😀""#, #""\u2028""#]
        let numbers = ["0", "-0", "7", "-12", "123456789012345678901234567890", "0.1", "1e5", "1E+16",
                       "1.5e-7", "-2.5E300", "3.0", "NaN", "Infinity", "-Infinity"]
        let pick = depth <= 0 ? Int.random(in: 0..<3, using: &rng) : Int.random(in: 0..<6, using: &rng)
        switch pick {
        case 0: return strings.randomElement(using: &rng)!
        case 1: return numbers.randomElement(using: &rng)!
        case 2: return ["null", "true", "false"].randomElement(using: &rng)!
        case 3:
            let n = Int.random(in: 0...4, using: &rng)
            return "[" + (0..<n).map { _ in document(&rng, depth: depth - 1) }.joined(separator: ", ") + "]"
        default:
            let n = Int.random(in: 0...4, using: &rng)
            let members = (0..<n).map { i in #""k\#(i)\#(i % 2 == 0 ? "" : "\\n")": "# + document(&rng, depth: depth - 1) }
            return "{" + members.joined(separator: ", ") + "}"
        }
    }

    static func check(_ text: String, oracle: Bool = true) throws {
        let input = Array(text.utf8)
        var tape = JSONTape()
        try input.withUnsafeBytes { bytes in
            try tape.parse(bytes)
            let prefix: [UInt8] = Array("kept".utf8)
            var out = prefix
            tape.appendPythonJSON(0, in: bytes, to: &out)
            #expect(Array(out.prefix(prefix.count)) == prefix)
            let dumps = Array(out.dropFirst(prefix.count))
            #expect(dumps.count <= tape.pythonJSONBound(0, indent: 4), "\(text)")
            // Foundation has no NaN or Infinity; those documents are checked for the bound only.
            guard oracle, !text.contains("NaN"), !text.contains("Infinity") else { return }
            // Both parsed by Foundation and written back canonically (sorted keys).
            func canonical(_ json: [UInt8]) throws -> Data {
                let value = try JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])
                return try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            }
            #expect(try canonical(input) == canonical(dumps), "\(text) → \(String(decoding: dumps, as: UTF8.self))")
        }
    }

    @Test func randomDocumentsRoundTrip() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<3_000 {
            try Self.check(Self.document(&rng, depth: Int.random(in: 0...6, using: &rng)))
        }
    }

    @Test func deepNestingStaysInsideTheBound() throws {
        for depth in [63, 64, 65, 66, 200, 998] {
            // Foundation's parser stops at 512 levels; deeper documents are checked for the bound.
            try Self.check(String(repeating: #"{"a": ["#, count: depth / 2) + "1e5"
                           + String(repeating: "]}", count: depth / 2), oracle: depth < 500)
        }
    }
}
