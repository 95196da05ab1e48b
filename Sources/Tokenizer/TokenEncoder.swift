/// Per-worker scratch (reused buffers); one per thread, never shared.
///
/// Encoding allocates nothing per piece or per token: the merge buffers grow to the longest
/// piece seen and are reused; ids are appended to the caller's array.
public struct TokenEncoder {
    let tokenizer: Tokenizer
    var scratch: MergeScratch

    /// NFC form of the current text piece, when it was not NFC already (reused; grows to the
    /// longest such piece).
    var normalized: [UInt8] = []
    /// Scratch scalars for NFC.
    var nfcScalars: [UInt32] = []

    init(_ tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
        scratch = MergeScratch(capacity: 256)
    }

    /// Appends the ids of `bytes` to `ids`. `specials: true` turns special-token strings anywhere
    /// in the text into their ids (the reference behaviour); false treats them as plain text.
    /// Invalid UTF-8 throws `.invalidUTF8` with the offending byte offset; `ids` then holds the
    /// ids of an unspecified prefix of the text.
    public mutating func encode(_ bytes: UnsafeRawBufferPointer, specials: Bool, into ids: inout [Int32]) throws(TokenizerError) {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return }
        if !isKnownUniquelyReferenced(&scratch) { scratch = MergeScratch(capacity: scratch.capacity) }
        let out = scratch.output
        out.count = 0
        defer { out.flush(into: &ids) }
        // SAFETY: the buffer holds plain bytes; reading them as UInt8 is always valid.
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        let t = tokenizer
        let useSpecials = specials && !t.specials.isEmpty
        var i = 0
        while i < n {
            var segmentEnd = n
            var special: SpecialToken? = nil
            if useSpecials, let (at, s) = t.findSpecial(p, from: i, end: n) {
                segmentEnd = at
                special = s
            }
            if t.normalizer == .nfc {
                try encodeNormalized(p, i, segmentEnd, into: out)
            } else {
                try encodeOrdinary(p, i, segmentEnd, into: out)
            }
            if let s = special {
                out.reserve(1)
                out.append(s.id)
                i = segmentEnd + s.text.count
            } else {
                i = segmentEnd
            }
        }
    }

    public mutating func encode(_ bytes: [UInt8], specials: Bool, into ids: inout [Int32]) throws(TokenizerError) {
        var failure: TokenizerError? = nil
        bytes.withUnsafeBytes { b in
            do throws(TokenizerError) { try encode(b, specials: specials, into: &ids) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// tiktoken's merge loop alone on `piece` (≥ 1 byte), bypassing the whole-piece lookup and
    /// the piece cache. For tests.
    mutating func bytePairMerge(_ piece: [UInt8]) -> [Int32] {
        let tokens = tokenizer.tokens
        if piece.count == 1 { return [tokens.byteID.base[Int(piece[0])]] }
        let scratch = self.scratch
        let pairs = tokenizer.pairs
        let trie = tokenizer.trie
        let out = IDBuffer(capacity: piece.count)
        piece.withUnsafeBufferPointer {
            scratch.merge($0.baseAddress!, $0.count, tokens: tokens, trie: trie, pairs: pairs, into: out)
        }
        return Array(UnsafeBufferPointer(start: out.base, count: out.count))
    }

    /// `MergeScratch.mergeLongPiece` alone on `piece` (≥ 1 byte): the merge of the chunks between
    /// the cuts no token spans, which must equal `bytePairMerge`. For tests.
    mutating func longPieceMerge(_ piece: [UInt8]) -> [Int32] {
        let out = IDBuffer(capacity: piece.count)
        let t = tokenizer
        piece.withUnsafeBufferPointer {
            scratch.mergeLongPiece($0.baseAddress!, $0.count, tokens: t.tokens, trie: t.trie, pairs: t.pairs, into: out)
        }
        return Array(UnsafeBufferPointer(start: out.base, count: out.count))
    }

    /// NFC, then `encodeOrdinary`. Text that is certainly NFC (no scalar that NFC could change or
    /// reorder; ASCII skipped 8 bytes at a time) is encoded in place; otherwise the piece is
    /// validated (so errors keep their offsets in the input) and its NFC form encoded.
    private mutating func encodeNormalized(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: IDBuffer) throws(TokenizerError) {
        if start == end || NFCStopTable.shared.isCertainlyNFC(p, start, end) {
            return try encodeOrdinary(p, start, end, into: out)
        }
        if let bad = firstInvalidUTF8(p, start, end) { throw .invalidUTF8(offset: bad) }
        var text: [UInt8] = []
        swap(&text, &normalized)
        defer { swap(&text, &normalized) }
        appendNFC(p, start, end, into: &text, scalars: &nfcScalars)
        var failure: TokenizerError? = nil
        text.withUnsafeBufferPointer { b in
            do throws(TokenizerError) { try encodeOrdinary(b.baseAddress!, 0, b.count, into: out) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Pre-tokenizes `p[start..<end]` (text without special tokens) and BPE-encodes each piece.
    private mutating func encodeOrdinary(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: IDBuffer) throws(TokenizerError) {
        let t = tokenizer
        out.reserve(end - start)  // at most one id per byte
        if t.pattern == .o200k { return try encodePieces(O200kPreTokenizer(t.classes), p, start, end, into: out) }
        try encodePieces(PreTokenizer(t.classes, maxDigits: t.maxDigits), p, start, end, into: out)
    }

    /// `encodeOrdinary` with `scanner` (specialized per scanner type). Whole pieces are looked
    /// up in the hash table (one 16-byte slot for ≤ 8 bytes: 50 instructions per piece against
    /// 72 for the trie's one dependent load per byte); merges walk the trie (DESIGN.md, "Tokenizer").
    ///
    /// Pieces go in rounds of up to `MergeScratch.lookahead`: the first pass scans them, looks
    /// each ≥ 3-byte piece up whole and, for one that is no token, starts loading its piece-cache
    /// set; the second pass appends the ids. So the cache's misses (a 4 MB table, one line per
    /// entry) overlap with the scanning and lookups of the pieces after, instead of each
    /// stalling the loop in turn. What the first pass leaves for the second, per piece:
    /// `pieceEnds[k]` its end, and `pieceIDs[k]` its id (≥ 0), or `toMerge`, `toMergeLong`,
    /// `twoBytes` (a two-byte piece that is no token).
    @inline(__always)
    private mutating func encodePieces<S: PieceScanner>(_ scanner: S, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                                        into out: IDBuffer) throws(TokenizerError) {
        let t = tokenizer
        let tokens = t.tokens
        let bytePairs = t.pairs.bytePairs.base
        let scratch = self.scratch
        let cache = scratch.cache
        let ends = scratch.pieceEnds, found = scratch.pieceIDs
        let twoBytes: Int32 = -1, toMerge: Int32 = -2, toMergeLong: Int32 = -3
        var i = start
        while i < end {
            var count = 0
            var j = i
            while count < MergeScratch.lookahead && j < end {
                let e = try scanner.pieceEnd(p, j, end)
                let len = e - j
                var code: Int32
                if len == 1 {
                    // SAFETY: byteID has 256 entries.
                    code = tokens.byteID.base[Int(p[j])]
                } else if len == 2 {
                    // Two bytes are one token (never hidden: its own pair builds it) or stay two:
                    // the dense pair table answers without the whole-piece hash table.
                    // SAFETY: a byte pair indexes bytePairs' 65,536 entries.
                    let id = bytePairs[Int(p[j]) << 8 | Int(p[j + 1])]
                    code = id != PairTable.none ? id : twoBytes
                } else if let id = tokens.lookup(p + j, len) {
                    code = id
                } else if len <= PieceCache.maxPieceLength {
                    cache.prefetch(p + j, len)
                    code = toMerge
                } else {
                    code = toMergeLong
                }
                // SAFETY: count < lookahead, the capacity of both buffers.
                assert(count < MergeScratch.lookahead, "look-ahead slot \(count) outside \(MergeScratch.lookahead)")
                ends[count] = e
                found[count] = code
                count += 1
                j = e
            }
            for k in 0..<count {
                // SAFETY: k < count ≤ lookahead; entries 0..<count were written above.
                let e = ends[k], code = found[k]
                let len = e - i
                if code >= 0 {
                    out.append(code)
                } else if code == toMerge {
                    scratch.mergeCached(p + i, len, tokens: tokens, trie: t.trie, pairs: t.pairs, into: out)
                } else if code == toMergeLong {
                    scratch.mergeLongPiece(p + i, len, tokens: tokens, trie: t.trie, pairs: t.pairs, into: out)
                } else {
                    // SAFETY: a two-byte piece; byteID has 256 entries.
                    out.append(tokens.byteID.base[Int(p[i])])
                    out.append(tokens.byteID.base[Int(p[i + 1])])
                }
                i = e
            }
        }
    }
}

extension Tokenizer {
    /// The first special token in `p[from..<end]`: its start and the token (longest at a position).
    /// Skips 8 bytes at a time while none of them can start a special token (SWAR test against
    /// each distinct first byte, up to 4; GLM-4 has two: `<` and `[`), which took the search
    /// from ~7 to ~1.5 instructions per byte; on a hit it jumps to the matching byte.
    @inline(__always)
    func findSpecial(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> (Int, SpecialToken)? {
        let first = specialStart.base
        let broadcasts = specialStartWords.base
        let words = specialStartWords.count
        var i = from
        while i < end {
            if words > 0 && i + 8 <= end {
                // SAFETY: i + 8 ≤ end, so the 8 bytes at i are inside the input.
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                var hit: UInt64 = 0
                for k in 0..<words {
                    let x = w ^ broadcasts[k]
                    hit |= (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                }
                if hit == 0 {
                    i += 8
                    continue
                }
                // The lowest flagged byte is a real match (the borrow only flags bytes above
                // one): go straight there instead of retesting the word from every byte.
                i += hit.trailingZeroBitCount >> 3
            }
            // SAFETY: specialStart has 256 entries; i < end.
            if first[Int(p[i])] != 0 {
                for s in specials where s.text.count <= end - i {
                    var k = 0
                    let m = s.text.count
                    while k < m && p[i + k] == s.text[k] { k += 1 }
                    if k == m { return (i, s) }
                }
            }
            i += 1
        }
        return nil
    }
}
