import Dispatch

/// A byte-level BPE tokenizer: mergeable tokens (id = rank, tiktoken's merge rule), a
/// pre-tokenizer pattern, an optional normalizer, and special tokens recognised anywhere in the
/// text (GLM-4 from a tiktoken file; Qwen3.5 from a Hugging Face tokenizer.json, through the
/// `HuggingFaceTokenizer` target). Immutable after `init` and shared by all workers; each worker
/// encodes with its own `TokenEncoder`.
public final class Tokenizer: Sendable {
    let tokens: TokenTable
    let trie: DoubleArrayTrie
    let pairs: PairTable
    let classes: UnicodeClassTable
    /// `pattern.maxDigits`, stored for the encoder.
    let maxDigits: Int
    /// The special tokens, longest text first (so a longer one wins where two start at the same byte).
    let specials: [SpecialToken]
    /// `specialStart[b]` is 1 when some special token's text starts with byte `b` (256 entries).
    let specialStart: FixedBuffer<UInt8>
    /// Each distinct first byte of a special token repeated in all 8 bytes of a word, when
    /// there are at most 4 of them (else empty, and the search goes byte by byte).
    let specialStartWords: FixedBuffer<UInt64>

    /// Number of ordinary (mergeable) tokens, ids `0..<mergeableCount`.
    public let mergeableCount: Int
    /// Lowercase hex sha256 of the vocabulary file's bytes.
    public let sha256: String
    /// The pre-tokenizer regex.
    public let pattern: PreTokenizerPattern
    /// Applied to the text between special tokens before pre-tokenizing.
    public let normalizer: Normalizer
    /// Whether a piece equal to a token that BPE cannot build from its own bytes is emitted as
    /// that token (tiktoken; Hugging Face with `ignore_merges`) or merged (Hugging Face BPE).
    public let emitsUnreachableTokens: Bool
    /// tiktoken's BPE on each token's own bytes; computed at load when unreachable tokens are
    /// hidden, else nil (`computeSelfMerges()` on demand).
    package let selfMerges: SelfMerges?

    /// Mergeable tokens plus special tokens.
    public var vocabularySize: Int { mergeableCount + specials.count }

    /// Loads a tiktoken-format vocabulary file (see `init(vocabulary:source:specialTokens:expectedSHA256:)`).
    public convenience init(vocabularyPath: String, specialTokens: [SpecialToken], expectedSHA256: String? = nil,
                            pattern: PreTokenizerPattern = .cl100k, normalizer: Normalizer = .none,
                            emitsUnreachableTokens: Bool = true) throws(TokenizerError) {
        let bytes = try readFile(vocabularyPath)
        try self.init(vocabulary: bytes, source: vocabularyPath, specialTokens: specialTokens, expectedSHA256: expectedSHA256,
                      pattern: pattern, normalizer: normalizer, emitsUnreachableTokens: emitsUnreachableTokens)
    }

    /// Parses and validates `bytes` (`<base64> <rank>` per line, ranks 0..<N each once, byte
    /// strings unique, all 256 single bytes present); `source` names the file in errors.
    /// Special token ids must be ≥ N and distinct. The defaults are tiktoken's behaviour.
    public convenience init(vocabulary bytes: [UInt8], source: String, specialTokens: [SpecialToken], expectedSHA256: String? = nil,
                            pattern: PreTokenizerPattern = .cl100k, normalizer: Normalizer = .none,
                            emitsUnreachableTokens: Bool = true) throws(TokenizerError) {
        // Hashing is independent of parsing: on two cores, SHA-256 (~2 ms with the x86 SHA
        // extensions; ~185 M instructions with the Swift rounds) runs beside the parse
        // (~96 M). The trie and the hash table are then built side by side (`init(parsed:)`).
        let work = LoadWork()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                work.digest = SHA256.hex(bytes)
            } else {
                work.parsed = bytes.withUnsafeBufferPointer { b in
                    Result { () throws(TokenizerError) in try Vocabulary.parse(b, source: source) }
                }
            }
        }
        let digest = work.digest
        if let expected = expectedSHA256, expected.lowercased() != digest {
            throw .checksumMismatch(file: source, expected: expected, actual: digest)
        }
        try self.init(parsed: try work.parsed!.get(), sha256: digest, source: source, specialTokens: specialTokens,
                      pattern: pattern, normalizer: normalizer, emitsUnreachableTokens: emitsUnreachableTokens)
    }

    /// A tokenizer from the mergeable tokens' bytes (`mergeableTokens[id]`, id = rank: the
    /// merge rule joins the adjacent pair whose joined bytes have the lowest id). Byte strings
    /// must be non-empty and unique, all 256 single bytes present, special ids ≥ the count.
    /// `source` names the origin in errors; `sha256` is recorded as given.
    public convenience init(mergeableTokens: [[UInt8]], specialTokens: [SpecialToken], pattern: PreTokenizerPattern,
                            normalizer: Normalizer, emitsUnreachableTokens: Bool,
                            source: String = "mergeable tokens", sha256: String = "") throws(TokenizerError) {
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(mergeableTokens.count + 1)
        for t in mergeableTokens {
            bytes.append(contentsOf: t)
            offsets.append(UInt32(truncatingIfNeeded: bytes.count))
        }
        try self.init(tokenBytes: bytes, tokenEnds: offsets, specialTokens: specialTokens, pattern: pattern,
                      normalizer: normalizer, emitsUnreachableTokens: emitsUnreachableTokens, source: source, sha256: sha256)
    }

    /// As `init(mergeableTokens:...)` with the tokens concatenated: token `id` is
    /// `tokenBytes[tokenEnds[id] ..< tokenEnds[id + 1]]`, `tokenEnds[0] == 0` (loaders in this
    /// package build this form directly).
    package convenience init(tokenBytes: [UInt8], tokenEnds: [UInt32], specialTokens: [SpecialToken], pattern: PreTokenizerPattern,
                             normalizer: Normalizer, emitsUnreachableTokens: Bool, source: String, sha256: String) throws(TokenizerError) {
        let count = tokenEnds.count - 1
        if count <= 0 { throw .malformedVocabulary(file: source, line: 0, reason: "no tokens") }
        if count >= Int(Vocabulary.maxTokenCount) {
            throw .malformedVocabulary(file: source, line: 0, reason: "\(count) tokens; at most \(Vocabulary.maxTokenCount - 1) are supported")
        }
        if tokenEnds[0] != 0 || Int(tokenEnds[count]) != tokenBytes.count || tokenBytes.count > Int(UInt32.max) {
            throw .malformedVocabulary(file: source, line: 0, reason: "token offsets do not cover the token bytes")
        }
        for id in 0..<count where tokenEnds[id + 1] <= tokenEnds[id] {
            throw .malformedVocabulary(file: source, line: 0, reason: "token \(id) is empty")
        }
        let vocab = Vocabulary(bytes: tokenBytes, offsets: tokenEnds, lineOfID: [])
        try self.init(parsed: vocab, sha256: sha256, source: source, specialTokens: specialTokens,
                      pattern: pattern, normalizer: normalizer, emitsUnreachableTokens: emitsUnreachableTokens)
    }

    /// The hash table and the trie are independent, and each costs about half of what is left
    /// of a load after the parse (~20 ms together for GLM-4): they are built side by side, so
    /// the load, which no worker shares, takes less wall time when there are two cores.
    init(parsed vocab: Vocabulary, sha256 digest: String, source: String, specialTokens: [SpecialToken],
         pattern: PreTokenizerPattern, normalizer: Normalizer, emitsUnreachableTokens: Bool) throws(TokenizerError) {
        sha256 = digest
        let work = BuildWork()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                work.table = Result { () throws(TokenizerError) in try TokenTable(vocab, source: source) }
            } else {
                work.trie = DoubleArrayTrie(vocab)
            }
        }
        let table = try work.table!.get()
        tokens = table
        let trie = work.trie!
        self.trie = trie
        mergeableCount = vocab.count
        var seenIDs = Set<Int32>()
        var seenTexts = Set<[UInt8]>()
        let start = FixedBuffer<UInt8>(count: 256, repeating: 0)
        for s in specialTokens {
            let text = String(decoding: s.text, as: UTF8.self)
            if s.text.isEmpty { throw .invalidSpecialToken(text: text, id: s.id, reason: "empty text") }
            if Int(s.id) < vocab.count || s.id >= Vocabulary.maxTokenCount - 1 {
                throw .invalidSpecialToken(text: text, id: s.id, reason: "id must be in \(vocab.count)..<\(Vocabulary.maxTokenCount - 1)")
            }
            if !seenIDs.insert(s.id).inserted { throw .invalidSpecialToken(text: text, id: s.id, reason: "id used twice") }
            if !seenTexts.insert(s.text).inserted { throw .invalidSpecialToken(text: text, id: s.id, reason: "text used twice") }
            start.base[Int(s.text[0])] = 1
        }
        specials = specialTokens.sorted { $0.text.count > $1.text.count }
        specialStart = start
        let firstBytes = (0..<256).filter { start.base[$0] != 0 }
        specialStartWords = FixedBuffer(firstBytes.count <= 4 ? firstBytes.map { UInt64($0) &* 0x0101_0101_0101_0101 } : [])
        self.pattern = pattern
        classes = pattern.classTable
        maxDigits = pattern.maxDigits
        self.normalizer = normalizer
        if normalizer == .nfc { _ = (NFCStopTable.shared, NFCTables.shared) }
        pairs = PairTable(trie)
        self.emitsUnreachableTokens = emitsUnreachableTokens
        if emitsUnreachableTokens {
            selfMerges = nil
        } else {
            let merges = SelfMerges(tokens: table, trie: trie, pairs: pairs)
            for id in merges.unreachable { table.hide(id) }
            selfMerges = merges
        }
    }

    /// tiktoken's BPE on every token's own bytes (the stored result when there is one).
    package func computeSelfMerges() -> SelfMerges {
        selfMerges ?? SelfMerges(tokens: tokens, trie: trie, pairs: pairs)
    }

    /// The bytes of token `id`: its byte length for a mergeable token, the length of its text for
    /// a special token, 0 for an unknown id.
    public func byteCount(of id: Int32) -> Int {
        if id >= 0 && Int(id) < mergeableCount { return tokens.tokenBytes(Int(id)).count }
        return specials.first { $0.id == id }?.text.count ?? 0
    }

    /// The id of a special token's text.
    public func specialTokenID(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        return specials.first { $0.text == bytes }?.id
    }

    public func isSpecial(_ id: Int32) -> Bool {
        specials.contains { $0.id == id }
    }

    /// The bytes of one token (a special token's text for special ids); nil for an unknown id.
    public func tokenBytes(_ id: Int32) -> [UInt8]? {
        if id >= 0 && Int(id) < mergeableCount { return Array(tokens.tokenBytes(Int(id))) }
        return specials.first { $0.id == id }?.text
    }

    /// The concatenated bytes of `ids`; unknown ids contribute nothing.
    public func decode<S: Sequence>(_ ids: S) -> [UInt8] where S.Element == Int32 {
        var out: [UInt8] = []
        out.reserveCapacity(ids.underestimatedCount * 4)
        for id in ids {
            if id >= 0 && Int(id) < mergeableCount {
                out.append(contentsOf: tokens.tokenBytes(Int(id)))
            } else if let s = specials.first(where: { $0.id == id }) {
                out.append(contentsOf: s.text)
            }
        }
        return out
    }

    /// `decode` as a String, invalid UTF-8 (a token boundary inside a character) replaced by U+FFFD.
    public func decodeLossy<S: Sequence>(_ ids: S) -> String where S.Element == Int32 {
        String(decoding: decode(ids), as: UTF8.self)
    }

    /// A fresh encoder with its own scratch buffers, for one thread.
    public func makeEncoder() -> TokenEncoder {
        TokenEncoder(self)
    }

    /// The ids of `bytes` (allocates an encoder and the result; use `TokenEncoder` on hot paths).
    public func encode(_ bytes: [UInt8], specials: Bool = true) throws(TokenizerError) -> [Int32] {
        var encoder = makeEncoder()
        var ids: [Int32] = []
        try encoder.encode(bytes, specials: specials, into: &ids)
        return ids
    }

    /// The number of ids `encode` would return.
    public func count(_ bytes: [UInt8], specials: Bool = true) throws(TokenizerError) -> Int {
        try encode(bytes, specials: specials).count
    }

    /// The Unicode version of the pre-tokenizer's letter/number/white-space tables.
    public static var unicodeVersion: String { unicodeTablesVersion }
}

/// Results of hashing and parsing, each written by one `concurrentPerform` iteration.
private final class LoadWork: @unchecked Sendable {
    // @unchecked Sendable: each field is written by exactly one iteration and read after
    // concurrentPerform returns.
    var digest = ""
    var parsed: Result<Vocabulary, TokenizerError>? = nil
}

/// Results of building the two lookup structures, each written by one `concurrentPerform`
/// iteration.
private final class BuildWork: @unchecked Sendable {
    // @unchecked Sendable: as `LoadWork`.
    var table: Result<TokenTable, TokenizerError>? = nil
    var trie: DoubleArrayTrie? = nil
}

extension Tokenizer {
    /// The pre-tokenizer's pieces of `bytes` (no special-token handling), as byte ranges.
    /// For tests and tools; not on the hot path.
    func pieces(_ bytes: [UInt8]) throws(TokenizerError) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var failure: TokenizerError? = nil
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return }
            let scanner = PreTokenizer(classes, maxDigits: pattern.maxDigits)
            let o200k = O200kPreTokenizer(classes)
            var i = 0
            do throws(TokenizerError) {
                while i < b.count {
                    let e = pattern == .o200k ? try o200k.pieceEnd(p, i, b.count) : try scanner.pieceEnd(p, i, b.count)
                    out.append(i..<e)
                    i = e
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

}

/// For loaders in this package (`HuggingFaceTokenizer`).
extension Tokenizer {
    /// Lowercase hex sha256 of `bytes`.
    package static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String { SHA256.hex(bytes) }

    /// The id of the mergeable token whose bytes are `p[0..<n]` (n ≥ 1), hidden tokens included.
    package func mergeableTokenID(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? { trie.lookup(p, n) }

    /// Whether mergeable token `id` (< mergeableCount) has exactly these bytes.
    package func mergeableTokenHasBytes(_ id: Int32, _ bytes: [UInt8]) -> Bool {
        let t = tokens.tokenBytes(Int(id))
        return t.count == bytes.count && bytes.withUnsafeBufferPointer { b in t.elementsEqual(b) }
    }
}
