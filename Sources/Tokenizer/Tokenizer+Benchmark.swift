import Dispatch

/// Hooks for `tokenizer-bench` (`@_spi(Benchmark) import Tokenizer`): time the structures the
/// encoder is built from, one at a time. Not part of the library's API.
extension Tokenizer {
    /// Seconds to build the token hash table and the trie from the parsed vocabulary, each
    /// alone on one thread (median of `runs`), and the trie's size.
    @_spi(Benchmark)
    public static func tableBuildSeconds(vocabulary bytes: [UInt8], runs: Int) throws -> (table: Double, trie: Double, trieCells: Int, trieStates: Int) {
        let vocab = try bytes.withUnsafeBufferPointer { b throws(TokenizerError) in try Vocabulary.parse(b, source: "vocabulary") }
        var table: [Double] = [], trie: [Double] = []
        var cells = 0, states = 0
        for _ in 0..<runs {
            var t0 = monotonicSeconds()
            _ = try TokenTable(vocab, source: "vocabulary")
            table.append(monotonicSeconds() - t0)
            t0 = monotonicSeconds()
            let t = DoubleArrayTrie(vocab)
            trie.append(monotonicSeconds() - t0)
            cells = t.units.count
            states = t.stateCount
        }
        return (table.sorted()[runs / 2], trie.sorted()[runs / 2], cells, states)
    }

    /// Looks up every piece `p[r]` (as the pre-tokenizer cut them) as a whole token through
    /// `structure` ("hash", "trie", or "none" for the loop alone); returns how many were tokens and the sum of their ids.
    @_spi(Benchmark)
    public func lookupAll(_ p: UnsafePointer<UInt8>, pieces: UnsafeBufferPointer<(Int32, Int32)>, structure: String) -> (found: Int, idSum: UInt64) {
        var found = 0
        var sum: UInt64 = 0
        if structure == "trie" {
            let trie = self.trie
            for (s, e) in pieces {
                if let id = trie.lookup(p + Int(s), Int(e - s)) { found += 1; sum &+= UInt64(id) }
            }
        } else if structure == "none" {
            // Baseline: the loop alone (for subtracting in instruction counts).
            for (s, e) in pieces { found += 1; sum &+= UInt64(p[Int(s)]) &+ UInt64(e - s) }
        } else {
            let table = tokens
            for (s, e) in pieces {
                if let id = table.lookup(p + Int(s), Int(e - s)) { found += 1; sum &+= UInt64(id) }
            }
        }
        return (found, sum)
    }

    /// The pre-tokenizer's pieces of `bytes` as (start, end) byte offsets (no special tokens).
    @_spi(Benchmark)
    public func pieceBounds(_ bytes: [UInt8]) throws -> [(Int32, Int32)] {
        try pieces(bytes).map { (Int32($0.lowerBound), Int32($0.upperBound)) }
    }
}

private func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}
