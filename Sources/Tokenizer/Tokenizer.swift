import Dispatch

/// GLM-4's tokenizer: byte-level BPE over a tiktoken-format vocabulary, the cl100k
/// pre-tokenizer, and special tokens recognised anywhere in the text. Immutable after `init`
/// and shared by all workers; each worker encodes with its own `TokenEncoder`.
public final class Tokenizer: Sendable {
    let tokens: TokenTable
    let pairs: PairTable
    let classes: UnicodeClassTable
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

    /// Mergeable tokens plus special tokens.
    public var vocabularySize: Int { mergeableCount + specials.count }

    /// Loads a tiktoken-format vocabulary file (see `init(vocabulary:source:specialTokens:expectedSHA256:)`).
    public convenience init(vocabularyPath: String, specialTokens: [SpecialToken], expectedSHA256: String? = nil) throws(TokenizerError) {
        let bytes = try readFile(vocabularyPath)
        try self.init(vocabulary: bytes, source: vocabularyPath, specialTokens: specialTokens, expectedSHA256: expectedSHA256)
    }

    /// Parses and validates `bytes` (`<base64> <rank>` per line, ranks 0..<N each once, byte
    /// strings unique, all 256 single bytes present); `source` names the file in errors.
    /// Special token ids must be ≥ N and distinct.
    public init(vocabulary bytes: [UInt8], source: String, specialTokens: [SpecialToken], expectedSHA256: String? = nil) throws(TokenizerError) {
        // Hashing and parsing are independent; on two cores this saves the ~15 ms of SHA-256.
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
        sha256 = digest
        let vocab = try work.parsed!.get()
        let table = try TokenTable(vocab, source: source)
        tokens = table
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
        classes = UnicodeClassTable.shared
        pairs = PairTable(table)
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

/// Results of the two halves of loading, each written by one `concurrentPerform` iteration.
private final class LoadWork: @unchecked Sendable {
    // @unchecked Sendable: each field is written by exactly one iteration and read after
    // concurrentPerform returns.
    var digest = ""
    var parsed: Result<Vocabulary, TokenizerError>? = nil
}

extension Tokenizer {
    /// The pre-tokenizer's pieces of `bytes` (no special-token handling), as byte ranges.
    /// For tests and tools; not on the hot path.
    func pieces(_ bytes: [UInt8]) throws(TokenizerError) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var failure: TokenizerError? = nil
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return }
            let scanner = PreTokenizer(stage1: classes.stage1.base, stage2: classes.stage2.base)
            var i = 0
            do throws(TokenizerError) {
                while i < b.count {
                    let e = try scanner.pieceEnd(p, i, b.count)
                    out.append(i..<e)
                    i = e
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

}
