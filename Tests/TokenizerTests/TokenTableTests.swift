import TestSupport
import Testing
@testable import Tokenizer

/// `TokenTable` against a dictionary of the same byte strings, on a random vocabulary dense
/// enough that probes run past full groups in both the short and the 9...16-byte table.
@Suite struct TokenTableTests {
    /// The 256 single bytes, then random distinct strings: `short` of 2...8 or 17...40 bytes
    /// (half each) and `medium` of 9...16. The defaults fill both tables to just under 5/8
    /// (65,536 and 16,384 slots), the densest the table allows.
    private func randomVocabulary(seed: UInt64, short: Int = 40_600, medium: Int = 10_150) -> (Vocabulary, [[UInt8]: Int32]) {
        var rng = SplitMix64(seed: seed)
        var tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] }
        var ids: [[UInt8]: Int32] = [:]
        for (id, t) in tokens.enumerated() { ids[t] = Int32(id) }
        var shortCount = 256, mediumCount = 0
        while shortCount < short || mediumCount < medium {
            let n: Int
            if mediumCount < medium && (shortCount >= short || Bool.random(using: &rng)) {
                n = Int.random(in: 9...16, using: &rng)
            } else {
                n = Bool.random(using: &rng) ? Int.random(in: 2...8, using: &rng) : Int.random(in: 17...40, using: &rng)
            }
            // A small alphabet, so strings share prefixes and hash keys as real tokens do.
            let t = (0..<n).map { _ in UInt8.random(in: 0x61...0x68, using: &rng) }
            if ids[t] != nil { continue }
            ids[t] = Int32(tokens.count)
            tokens.append(t)
            if n >= 9 && n <= 16 { mediumCount += 1 } else { shortCount += 1 }
        }
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [0]
        for t in tokens {
            bytes += t
            offsets.append(UInt32(bytes.count))
        }
        return (Vocabulary(bytes: bytes, offsets: offsets, lineOfID: []), ids)
    }

    private func lookup(_ table: TokenTable, _ s: [UInt8]) -> Int32? {
        s.withUnsafeBufferPointer { table.lookup($0.baseAddress!, $0.count) }
    }

    private func fullGroups(_ control: FixedBuffer<UInt64>) -> Int {
        (0..<control.count).filter { control.base[$0] & TokenTable.allEmpty == 0 }.count
    }

    @Test func everyTokenIsFoundAndNothingElse() throws {
        let (vocab, ids) = randomVocabulary(seed: 11)
        let table = try TokenTable(vocab, source: "random")
        // The probes cross full groups: without this the test would not reach the group loop's
        // second round.
        #expect(table.mask == 65_535 && table.mediumMask == 16_383)
        #expect(fullGroups(table.control) > 100 && fullGroups(table.mediumControl) > 20)
        var wrong: [[UInt8]] = []
        for (t, id) in ids where lookup(table, t) != id { wrong.append(t) }
        #expect(wrong.count == 0, "\(wrong.count) tokens not found with their id, first \(wrong.prefix(3))")
        var rng = SplitMix64(seed: 12)
        var misses = 0, falseHits: [[UInt8]] = []
        for _ in 0..<200_000 {
            let n = Int.random(in: 1...40, using: &rng)
            let s = (0..<n).map { _ in UInt8.random(in: 0x61...0x68, using: &rng) }
            let got = lookup(table, s)
            if got != ids[s] { falseHits.append(s) }
            if got == nil { misses += 1 }
        }
        #expect(falseHits.count == 0, "first disagreements: \(falseHits.prefix(3))")
        #expect(misses > 100_000)
    }

    @Test func hiddenTokensMissAndTheRestStay() throws {
        let (vocab, ids) = randomVocabulary(seed: 13)
        let table = try TokenTable(vocab, source: "random")
        let hidden = Set(stride(from: Int32(256), to: Int32(ids.count), by: 7))
        for id in hidden { table.hide(id) }
        var wrong = 0
        for (t, id) in ids where lookup(table, t) != (hidden.contains(id) ? nil : id) { wrong += 1 }
        #expect(wrong == 0)
        // Hidden tokens stay decodable.
        #expect(hidden.allSatisfy { Array(table.tokenBytes(Int($0))) == Array(vocab.bytes[Int(vocab.offsets[Int($0)])..<Int(vocab.offsets[Int($0) + 1])]) })
    }

    @Test func aRepeatedByteStringIsRejected() {
        var bytes: [UInt8] = (0..<256).map { UInt8($0) }
        var offsets: [UInt32] = (0...256).map { UInt32($0) }
        for _ in 0..<2 {
            bytes += Array("abcdefghijk".utf8)
            offsets.append(UInt32(bytes.count))
        }
        #expect(throws: TokenizerError.self) { try TokenTable(Vocabulary(bytes: bytes, offsets: offsets, lineOfID: []), source: "dup") }
    }
}
