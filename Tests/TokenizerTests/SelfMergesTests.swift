import Testing
@testable import Tokenizer

/// `SelfMerges` (the encoder's merge with a last-join observer) against the plainest BPE.
@Suite struct SelfMergesTests {
    @Test func finalPairsAndUnreachableTokensMatchPlainBPE() throws {
        let tok = try glm4()
        let merges = tok.computeSelfMerges()
        let simple = SimpleBPE(tok)
        #expect(merges.unreachable.count == 893)
        let unreachable = Set(merges.unreachable)
        // Every 7th token (pieces over 16 bytes take the heap merge), every unreachable one, and
        // every token of over 16 bytes.
        var checked = 0
        for id in 0..<Int32(tok.mergeableCount) {
            let bytes = tok.tokenBytes(id)!
            guard id % 7 == 0 || unreachable.contains(id) || bytes.count > MergeScratch.heapThreshold else { continue }
            let (ids, last) = simple.encodeWithLastJoin(bytes)
            if bytes.count == 1 {
                #expect(merges.pairs[Int(id)] == SelfMerges.single)
            } else if ids == [id] {
                let pair = merges.finalPair(id)
                #expect(pair?.left == last?.0 && pair?.right == last?.1, "token \(id)")
            } else {
                #expect(unreachable.contains(id), "token \(id)")
                #expect(merges.finalPair(id) == nil)
            }
            checked += 1
        }
        #expect(checked > 20_000)
    }
}
