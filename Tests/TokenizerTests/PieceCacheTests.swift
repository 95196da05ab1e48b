import TestSupport
import Testing
@testable import Tokenizer

/// The piece cache never returns ids it was not given for that piece, and a set keeps its two
/// newest pieces.
@Suite struct PieceCacheTests {
    private func lookup(_ cache: PieceCache, _ piece: [UInt8]) -> [Int32]? {
        let out = IDBuffer(capacity: 32)
        let hit = piece.withUnsafeBufferPointer { cache.lookup($0.baseAddress!, $0.count, into: out) }
        return hit ? Array(UnsafeBufferPointer(start: out.base, count: out.count)) : nil
    }

    private func insert(_ cache: PieceCache, _ piece: [UInt8], _ ids: [Int32]) {
        let out = IDBuffer(capacity: 32)
        for id in ids { out.append(id) }
        piece.withUnsafeBufferPointer { cache.insert($0.baseAddress!, $0.count, ids: out, from: 0) }
    }

    private func index(_ piece: [UInt8]) -> Int {
        piece.withUnsafeBufferPointer { PieceCache.setIndex($0.baseAddress!, $0.count) }
    }

    private func randomPiece(_ rng: inout SplitMix64) -> [UInt8] {
        let n = 1 + Int(rng.next() % UInt64(PieceCache.maxPieceLength))
        return (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    @Test func hitsReturnWhatWasInsertedForThatPiece() {
        let cache = PieceCache()
        var rng = SplitMix64(seed: 7)
        var truth: [[UInt8]: [Int32]] = [:]
        for _ in 0..<200_000 {
            let piece = randomPiece(&rng)
            let ids = (0..<(1 + Int(rng.next() % UInt64(PieceCache.maxIDs)))).map { _ in Int32(truncatingIfNeeded: rng.next() % 200_000) }
            insert(cache, piece, ids)
            truth[piece] = ids
            #expect(lookup(cache, piece) == ids)  // the newest is always there
        }
        var hits = 0
        for (piece, ids) in truth {
            if let got = lookup(cache, piece) {
                #expect(got == ids)
                hits += 1
            }
        }
        #expect(hits > 0 && hits <= 1 << PieceCache.bits)
    }

    @Test func aSetKeepsItsTwoNewestPieces() {
        // Three distinct pieces whose hash picks one set.
        var rng = SplitMix64(seed: 11)
        var set: [[UInt8]] = [randomPiece(&rng)]
        while set.count < 3 {
            let b = randomPiece(&rng)
            if index(b) == index(set[0]) && !set.contains(b) { set.append(b) }
        }
        let cache = PieceCache()
        insert(cache, set[0], [1, 2])
        insert(cache, set[1], [3])
        #expect(lookup(cache, set[0]) == [1, 2])
        #expect(lookup(cache, set[1]) == [3])
        insert(cache, set[2], [4, 5, 6])
        #expect(lookup(cache, set[2]) == [4, 5, 6])
        #expect(lookup(cache, set[1]) == [3])
        #expect(lookup(cache, set[0]) == nil)
    }

    @Test func tooLongOrTooManyIDsAreNotCached() {
        let cache = PieceCache()
        let long = [UInt8](repeating: 0x61, count: PieceCache.maxPieceLength + 1)
        let out = IDBuffer(capacity: 64)
        out.append(1)
        long.withUnsafeBufferPointer { cache.insert($0.baseAddress!, $0.count, ids: out, from: 0) }
        let piece: [UInt8] = Array("abcdefghij".utf8)
        insert(cache, piece, Array(0..<Int32(PieceCache.maxIDs + 1)))
        #expect(lookup(cache, piece) == nil)
    }
}
