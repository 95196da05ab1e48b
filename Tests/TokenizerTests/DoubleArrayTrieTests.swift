import TestSupport
import Testing
@testable import Tokenizer

/// The double-array trie against the vocabulary itself, against `TokenTable` (an independent
/// structure: open addressing over the same bytes) and against naive scans.
@Suite struct DoubleArrayTrieTests {
    /// Every token's bytes lead to a state holding exactly that token's id.
    @Test func everyTokenIsFoundWithItsID() throws {
        let tok = try glm4()
        let trie = tok.trie
        var bad: [Int] = []
        for id in 0..<tok.mergeableCount {
            let bytes = tok.tokens.tokenBytes(id)
            if trie.lookup(bytes.baseAddress!, bytes.count) != Int32(id) { bad.append(id) }
        }
        #expect(bad.isEmpty, "\(bad.count) tokens not found with their id, first \(bad.prefix(5))")
    }

    /// The trie has exactly one state per distinct token prefix (plus the root), and exactly
    /// `mergeableCount` states hold a value: nothing extra is reachable.
    @Test func statesAreTheDistinctPrefixes() throws {
        let tok = try glm4()
        var prefixes = Set<[UInt8]>()
        for id in 0..<tok.mergeableCount {
            let bytes = Array(tok.tokens.tokenBytes(id))
            for n in 1...bytes.count { prefixes.insert(Array(bytes[0..<n])) }
        }
        let trie = tok.trie
        #expect(trie.stateCount == prefixes.count + 1)
        var valued = 0
        for s in 0..<trie.units.count where trie.values.base[s] >= 0 { valued += 1 }
        #expect(valued == tok.mergeableCount)
    }

    /// Prefixes and one-byte extensions of random tokens, and random byte strings: the trie and
    /// the hash table agree on every probe (found or not, and the id), 300,000 probes.
    @Test func randomProbesAgreeWithTokenTable() throws {
        let tok = try glm4()
        var rng = SplitMix64(seed: 4)
        var probes = 0, tokensFound = 0, misses = 0
        var disagreements: [[UInt8]] = []
        func probe(_ s: [UInt8]) {
            guard !s.isEmpty else { return }
            probes += 1
            let (a, b) = s.withUnsafeBufferPointer { (tok.trie.lookup($0.baseAddress!, s.count), tok.tokens.lookup($0.baseAddress!, s.count)) }
            if a != b { disagreements.append(s) }
            if a != nil { tokensFound += 1 } else { misses += 1 }
        }
        for _ in 0..<100_000 {
            let t = Array(tok.tokens.tokenBytes(Int.random(in: 0..<tok.mergeableCount, using: &rng)))
            probe(Array(t[0..<Int.random(in: 0..<t.count, using: &rng)]))  // proper prefix
            probe(t + [UInt8.random(in: 0...255, using: &rng)])  // extension
            let n = Int.random(in: 1...12, using: &rng)
            probe((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        #expect(probes >= 250_000)  // empty prefixes of 1-byte tokens are skipped
        #expect(disagreements.isEmpty, "first disagreements: \(disagreements.prefix(3))")
        // The probes exercise both answers in bulk.
        #expect(tokensFound > 50_000 && misses > 100_000)
    }

    /// `longestPrefix` equals a naive scan (try every length with the hash table, keep the
    /// longest token) on prefixes of random text and random bytes.
    @Test func longestPrefixAgreesWithNaiveScan() throws {
        let tok = try glm4()
        var rng = SplitMix64(seed: 5)
        var checked = 0
        for round in 0..<20_000 {
            let bytes: [UInt8] = round % 2 == 0
                ? Array(RandomText.string(&rng).prefix(40))
                : (0..<Int.random(in: 1...20, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            guard !bytes.isEmpty else { continue }
            bytes.withUnsafeBufferPointer { b in
                var naive: (Int, Int32)? = nil
                for n in 1...b.count { if let id = tok.tokens.lookup(b.baseAddress!, n) { naive = (n, id) } }
                let fast = tok.trie.longestPrefix(b.baseAddress!, b.count)
                #expect(fast?.length == naive?.0 && fast?.id == naive?.1, "\(bytes)")
            }
            checked += 1
        }
        #expect(checked > 19_000)
    }

    /// A continued walk equals a walk from the root: the state of `left` walked by `right`
    /// is the state of `left + right` (what the merge loop relies on).
    @Test func walkContinuesFromAnyState() throws {
        let tok = try glm4()
        let trie = tok.trie
        var rng = SplitMix64(seed: 6)
        for _ in 0..<50_000 {
            let t = Array(tok.tokens.tokenBytes(Int.random(in: 0..<tok.mergeableCount, using: &rng)))
            guard t.count >= 2 else { continue }
            let cut = Int.random(in: 1..<t.count, using: &rng)
            t.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                let left = trie.walk(DoubleArrayTrie.root, p, cut)
                #expect(left >= 0)
                let both = trie.walk(left, p + cut, t.count - cut)
                #expect(both == trie.walk(DoubleArrayTrie.root, p, t.count) && both >= 0)
            }
        }
    }

    /// A small vocabulary built by the loader: every token found, nothing else.
    @Test func smallVocabulary() throws {
        let extra: [[UInt8]] = [Array("ab".utf8), Array("abc".utf8), Array("abd".utf8), [0, 0, 0], [255, 254]]
        let tok = try VocabularyTests.load(VocabularyTests.vocabulary(extra))
        for (k, bytes) in ((0..<256).map { [UInt8($0)] } + extra).enumerated() {
            #expect(bytes.withUnsafeBufferPointer { tok.trie.lookup($0.baseAddress!, $0.count) } == Int32(k))
        }
        for miss: [UInt8] in [Array("a".utf8) + [0], Array("abe".utf8), [0, 0], [0, 0, 0, 0], [255, 255]] {
            #expect(miss.withUnsafeBufferPointer { tok.trie.lookup($0.baseAddress!, $0.count) } == nil)
        }
    }

    /// The merge loop (trie walks; the heap path for pieces over 24 bytes) equals the plain
    /// rescan BPE over a dictionary of the token bytes on every token's bytes and on random
    /// byte strings of up to 80 bytes.
    @Test func trieMergesEqualSimpleBPE() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        let simple = SimpleBPE(tok)
        var bad: [[UInt8]] = []
        for id in 0..<Int32(tok.mergeableCount) {
            let bytes = tok.tokenBytes(id)!
            if bytes.count >= 2 && encoder.bytePairMerge(bytes) != simple.encode(bytes) { bad.append(bytes) }
        }
        var rng = SplitMix64(seed: 7)
        for round in 0..<20_000 {
            var bytes = RandomText.string(&rng, maxFragments: round % 4 == 0 ? 40 : 8)
            if round % 3 == 0 { bytes = (0..<Int.random(in: 2...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
            if bytes.count >= 2 && encoder.bytePairMerge(bytes) != simple.encode(bytes) { bad.append(bytes) }
        }
        #expect(bad.isEmpty, "\(bad.count) disagreements, first \(bad.prefix(2))")
    }

    /// The encoder reproduces the reference ids of `text.txt`.
    @Test func encoderReproducesTextRef() throws {
        let tok = try glm4()
        var samples = try Reference.lines(Reference.data("text.txt"))
        samples = samples.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 }
        let rows = try Reference.rows("text_ref.jsonl")
        #expect(samples.count == rows.count && rows.count == 318)
        var encoder = tok.makeEncoder()
        for (k, (sample, row)) in zip(samples, rows).enumerated() {
            var ids: [Int32] = []
            try encoder.encode(sample, specials: true, into: &ids)
            #expect(ids == row.inputIDs, "text.txt line \(k + 1)")
        }
    }
}
