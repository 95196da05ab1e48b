import HuggingFaceTokenizer
import TestSupport
import Testing
@testable import Tokenizer

/// Long pieces cut where no token spans the cut (`MergeScratch.mergeLongPiece`) merge as the
/// whole piece does, on the Qwen3.5 and o200k vocabularies (the GLM-4 case is in
/// TokenizerTests' LongPieceTests).
@Suite struct LongPieceCutTests {
    static let ranges: [ClosedRange<UInt32>] = [0x4E00...0x4FFF, 0x4E00...0x9FFF, 0x3040...0x30FF, 0xAC00...0xD7A3,
                                                0x0400...0x04FF, 0x0600...0x06FF, 0x1F300...0x1F64F, 0x0041...0x007A]

    static func check(_ tok: Tokenizer) {
        var encoder = tok.makeEncoder()
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        var bad: [String] = []
        for _ in 0..<3000 {
            var s: [UInt8] = Bool.random(using: &rng) ? [0x20] : []
            let mixed = Int.random(in: 0..<4, using: &rng) == 0
            let range = ranges.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 9...100, using: &rng) {
                let v = UInt32.random(in: mixed ? ranges.randomElement(using: &rng)! : range, using: &rng)
                s += Array(String(Unicode.Scalar(v).map { Character($0) } ?? "a").utf8)
            }
            if encoder.longPieceMerge(s) != encoder.bytePairMerge(s) { bad.append(String(decoding: s, as: UTF8.self)) }
        }
        #expect(bad.isEmpty, "seed \(seed): \(bad.count) disagreements, first \(bad.prefix(2))")
    }

    @Test func qwen3_5() throws { LongPieceCutTests.check(try qwen().tokenizer) }

    @Test func o200k() throws { LongPieceCutTests.check(try sharedGptOSS.get().tokenizer) }
}
