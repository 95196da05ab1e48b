import TestSupport
import GLM4
import Testing
@testable import Tokenizer

/// Properties that hold for any input, checked on the GLM-4 vocabulary.
@Suite struct PropertyTests {
    /// As github/rust-gems `bpe` checks: the merge of a token's own bytes is that token. GLM-4's
    /// vocabulary is not a proper BPE vocabulary: for exactly 893 tokens (ids 99855 and up, all
    /// a space plus CJK) tiktoken's merge of the bytes ends elsewhere (counted independently with
    /// a plain Python BPE over tokenizer.model); tiktoken still emits them when a whole piece is
    /// the token, as the next test checks. For those 893 the simple BPE below must agree.
    @Test func everyTokenMergesToItselfExceptTheKnown893() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        var bad: [Int32] = []
        for id in 0..<Int32(tok.mergeableCount) {
            let bytes = tok.tokenBytes(id)!
            if encoder.bytePairMerge(bytes) != [id] { bad.append(id) }
        }
        #expect(bad.count == 893)
        #expect(bad.first == 99855)
        let simple = SimpleBPE(tok)
        for id in bad {
            let bytes = tok.tokenBytes(id)!
            #expect(encoder.bytePairMerge(bytes) == simple.encode(bytes), "token \(id)")
        }
    }

    /// Every token that is valid UTF-8 and a single pre-tokenizer piece encodes to itself.
    @Test func everySinglePieceTokenEncodesToItself() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        var checked = 0
        for id in 0..<Int32(tok.mergeableCount) {
            let bytes = tok.tokenBytes(id)!
            guard let pieces = try? tok.pieces(bytes), pieces.count == 1 else { continue }
            var ids: [Int32] = []
            try encoder.encode(bytes, specials: false, into: &ids)
            #expect(ids == [id], "token \(id)")
            checked += 1
        }
        #expect(checked > 100_000)
    }

    @Test func decodeInvertsEncode() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        var rng = SplitMix64(seed: 1)
        for _ in 0..<4000 {
            let s = RandomText.string(&rng)
            for specials in [true, false] {
                var ids: [Int32] = []
                try encoder.encode(s, specials: specials, into: &ids)
                #expect(tok.decode(ids) == s, "\(String(decoding: s, as: UTF8.self).debugDescription)")
                #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tok.vocabularySize })
                if !specials { #expect(!ids.contains(where: tok.isSpecial)) }
            }
        }
    }

    /// Pieces tile the input, and the fast encoder (whole-piece lookup, caches, pair table,
    /// heap for long pieces) agrees with the obviously correct quadratic BPE below on each piece.
    @Test func fastEncoderAgreesWithSimpleBPE() throws {
        let tok = try glm4()
        let simple = SimpleBPE(tok)
        var encoder = tok.makeEncoder()
        var rng = SplitMix64(seed: 2)
        for k in 0..<3000 {
            let s = k % 30 == 0 ? RandomText.longRun(&rng) : RandomText.string(&rng)
            let pieces = try tok.pieces(s)
            #expect(pieces.first?.lowerBound ?? 0 == 0 && pieces.last?.upperBound ?? 0 == s.count)
            #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty })
            let expected = pieces.flatMap { simple.encode(Array(s[$0])) }
            var ids: [Int32] = []
            try encoder.encode(s, specials: false, into: &ids)
            #expect(ids == expected, "\(String(decoding: s, as: UTF8.self).debugDescription)")
        }
    }
}

/// tiktoken's BPE written as plainly as possible: parts are byte strings, ranks come from a
/// dictionary, each round rescans all adjacent pairs for the lowest rank (leftmost on ties).
struct SimpleBPE {
    var ranks: [[UInt8]: Int32] = [:]

    init(_ tok: Tokenizer) {
        ranks.reserveCapacity(tok.mergeableCount)
        for id in 0..<Int32(tok.mergeableCount) { ranks[tok.tokenBytes(id)!] = id }
    }

    func encode(_ piece: [UInt8]) -> [Int32] { encodeWithLastJoin(piece).ids }

    /// The ids and the last pair joined (nil when nothing was).
    func encodeWithLastJoin(_ piece: [UInt8]) -> (ids: [Int32], lastJoin: (Int32, Int32)?) {
        var parts = piece.map { [$0] }
        var last: (Int32, Int32)? = nil
        while parts.count > 1 {
            var best: (rank: Int32, at: Int)? = nil
            for i in 0..<(parts.count - 1) {
                if let r = ranks[parts[i] + parts[i + 1]], r < best?.rank ?? .max { best = (r, i) }
            }
            guard let b = best else { break }
            last = (ranks[parts[b.at]]!, ranks[parts[b.at + 1]]!)
            parts[b.at] += parts[b.at + 1]
            parts.remove(at: b.at + 1)
        }
        return (parts.map { ranks[$0]! }, last)
    }
}
