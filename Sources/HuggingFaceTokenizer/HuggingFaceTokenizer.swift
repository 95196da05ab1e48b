// Loads a Hugging Face `tokenizer.json` (byte-level BPE) into a `Tokenizer`; see DESIGN.md.
import Dispatch
import JSONScanner
import Tokenizer

/// A Hugging Face `tokenizer.json` loaded as a `Tokenizer`, with the facts a caller records
/// about it. Supported: `model.type` BPE with GPT-2's byte-level alphabet, the pre-tokenizer
/// `Sequence[Split(regex, Isolated), ByteLevel(add_prefix_space: false, use_regex: false)]`
/// with a regex that `PreTokenizerPattern` implements, normalizer null or NFC, added tokens
/// (matched anywhere, like special tokens), `ignore_merges`, and merges that are
/// "tiktoken-ordered" (see `verifyTiktokenOrder`), so that tiktoken's merge rule gives exactly
/// what HF's merge list gives. Anything else is refused with an error naming the file.
public struct HuggingFaceTokenizer: Sendable {
    public let tokenizer: Tokenizer
    /// Lowercase hex sha256 of the tokenizer.json bytes.
    public let sha256: String
    public let pattern: PreTokenizerPattern
    public let normalizer: Normalizer
    /// `added_tokens` (id, content), in file order.
    public let addedTokens: [SpecialToken]
    /// `model.ignore_merges`: a piece that is a vocabulary token is emitted whole, unreachable
    /// tokens included (false: BPE only, as HF does).
    public let ignoreMerges: Bool
    /// Vocabulary plus added tokens (ids are dense: `0..<vocabularySize`).
    public let vocabularySize: Int
    /// Vocabulary tokens that BPE cannot build from their own bytes (ascending ids).
    public let unreachableTokens: [Int32]

    /// Reads and loads `path`.
    public init(path: String) throws(HuggingFaceTokenizerError) {
        let bytes: [UInt8]
        do throws(FileReadFailure) { bytes = try readWholeFile(path) } catch { throw HuggingFaceTokenizerError(file: path, error.reason) }
        try self.init(json: bytes, source: path)
    }

    /// Loads the bytes of a tokenizer.json; `source` names it in errors. SHA-256 runs on the
    /// second core beside parsing and building.
    public init(json bytes: [UInt8], source: String) throws(HuggingFaceTokenizerError) {
        let work = LoadWork()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                work.digest = bytes.withUnsafeBytes { Tokenizer.sha256Hex($0) }
            } else {
                work.loaded = bytes.withUnsafeBytes { b in
                    Result { () throws(HuggingFaceTokenizerError) in
                        var loader = Loader(bytes: b, source: source)
                        return try loader.load()
                    }
                }
            }
        }
        let loaded = try work.loaded!.get()
        tokenizer = loaded.tokenizer
        sha256 = work.digest
        pattern = loaded.pattern
        normalizer = loaded.normalizer
        addedTokens = loaded.added
        ignoreMerges = loaded.ignoreMerges
        vocabularySize = loaded.tokenizer.vocabularySize
        unreachableTokens = loaded.unreachable
    }
}

private final class LoadWork: @unchecked Sendable {
    // @unchecked Sendable: each field is written by one concurrentPerform iteration and read after it returns.
    var digest = ""
    var loaded: Result<Loaded, HuggingFaceTokenizerError>? = nil
}

private struct Loaded {
    var tokenizer: Tokenizer
    var pattern: PreTokenizerPattern
    var normalizer: Normalizer
    var added: [SpecialToken]
    var ignoreMerges: Bool
    var unreachable: [Int32]
}

/// One load: the parsed tape over the file's bytes and the checks, in file order of interest.
private struct Loader {
    let bytes: UnsafeRawBufferPointer
    let source: String
    var tape = JSONTape()

    init(bytes: UnsafeRawBufferPointer, source: String) {
        self.bytes = bytes
        self.source = source
    }

    func fail(_ message: String) -> HuggingFaceTokenizerError { HuggingFaceTokenizerError(file: source, message) }

    func kind(_ node: Int) -> JSONNode.Kind { tape[node].kind }

    func string(_ node: Int) -> [UInt8] {
        var out: [UInt8] = []
        tape.appendString(node, in: bytes, to: &out)
        return out
    }

    func text(_ node: Int) -> String { String(decoding: string(node), as: UTF8.self) }

    func member(_ object: Int, _ key: StaticString) -> Int? {
        guard let v = tape.member(object, key, in: bytes), kind(v) != .null else { return nil }
        return v
    }

    func object(_ parent: Int, _ key: StaticString, _ path: String) throws(HuggingFaceTokenizerError) -> Int {
        guard let v = tape.member(parent, key, in: bytes) else { throw fail("\(path) is missing") }
        guard kind(v) == .object else { throw fail("\(path) is not an object") }
        return v
    }

    func bool(_ object: Int, _ key: StaticString, _ path: String, default value: Bool) throws(HuggingFaceTokenizerError) -> Bool {
        guard let v = member(object, key) else { return value }
        switch kind(v) {
        case .true: return true
        case .false: return false
        default: throw fail("\(path) is not true or false")
        }
    }

    func typeName(_ object: Int) -> String? {
        guard let t = member(object, "type"), kind(t) == .string else { return nil }
        return text(t)
    }

    /// A non-negative JSON integer (< 2^31).
    func int(_ node: Int, _ path: String) throws(HuggingFaceTokenizerError) -> Int {
        let n = tape[node]
        guard n.kind == .number, n.isInteger else { throw fail("\(path) is not an integer") }
        let raw = tape.rawBytes(node, in: bytes)
        var v = 0
        for c in raw {
            guard c >= 0x30 && c <= 0x39, v < Int(Int32.max) / 10 + 1 else { throw fail("\(path) is not an integer in 0..<2^31") }
            v = v * 10 + Int(c - 0x30)
        }
        if v > Int(Int32.max) { throw fail("\(path) is not an integer in 0..<2^31") }
        return v
    }

    mutating func load() throws(HuggingFaceTokenizerError) -> Loaded {
        do { try tape.parse(bytes) } catch { throw fail("not valid JSON: \(error)") }
        guard tape.count > 0, kind(0) == .object else { throw fail("the top level is not an object") }
        let model = try object(0, "model", "model")
        guard let type = typeName(model) else { throw fail("model.type is missing") }
        guard type == "BPE" else { throw fail("model.type is \"\(type)\"; only \"BPE\" (byte-level) is supported") }
        let pattern = try preTokenizer()
        let normalizer = try self.normalizer()
        try checkBPEOptions(model)
        let ignoreMerges = try bool(model, "ignore_merges", "model.ignore_merges", default: false)
        let (tokenBytes, tokenEnds) = try vocabulary(model)
        let vocabCount = tokenEnds.count - 1
        let added = try addedTokens(vocabCount: vocabCount, normalizer: normalizer)
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(tokenBytes: tokenBytes, tokenEnds: tokenEnds, specialTokens: added, pattern: pattern,
                                      normalizer: normalizer, emitsUnreachableTokens: ignoreMerges, source: source, sha256: "")
        } catch {
            throw fail("model.vocab: \(error)")
        }
        let selfMerges = tokenizer.computeSelfMerges()
        try verifyTiktokenOrder(model, tokenizer, selfMerges)
        return Loaded(tokenizer: tokenizer, pattern: pattern, normalizer: normalizer, added: added,
                      ignoreMerges: ignoreMerges, unreachable: selfMerges.unreachable)
    }

    /// `Sequence[Split(regex, Isolated), ByteLevel(add_prefix_space: false, use_regex: false)]`.
    func preTokenizer() throws(HuggingFaceTokenizerError) -> PreTokenizerPattern {
        let supported = PreTokenizerPattern.allCases.map { "\($0) \($0.regex)" }.joined(separator: "; ")
        guard let pre = member(0, "pre_tokenizer") else { throw fail("pre_tokenizer is missing or null; a Split regex + ByteLevel is required") }
        guard kind(pre) == .object, let type = typeName(pre) else { throw fail("pre_tokenizer has no type") }
        if type == "ByteLevel" {
            if try bool(pre, "use_regex", "pre_tokenizer.use_regex", default: true) {
                throw fail("pre_tokenizer is ByteLevel with use_regex (the GPT-2 pattern), which is not supported yet; supported patterns: \(supported)")
            }
            throw fail("pre_tokenizer is ByteLevel without a regex, which is not supported")
        }
        guard type == "Sequence", let list = member(pre, "pretokenizers"), kind(list) == .array else {
            throw fail("pre_tokenizer.type is \"\(type)\"; expected Sequence[Split, ByteLevel]")
        }
        let steps = Array(tape.elements(list))
        guard steps.count == 2, kind(steps[0]) == .object, kind(steps[1]) == .object,
              typeName(steps[0]) == "Split", typeName(steps[1]) == "ByteLevel" else {
            throw fail("pre_tokenizer.pretokenizers must be [Split, ByteLevel]")
        }
        let split = steps[0], byteLevel = steps[1]
        guard let behavior = member(split, "behavior"), kind(behavior) == .string, text(behavior) == "Isolated" else {
            throw fail("pre_tokenizer Split.behavior must be \"Isolated\"")
        }
        if try bool(split, "invert", "pre_tokenizer Split.invert", default: false) { throw fail("pre_tokenizer Split.invert must be false") }
        guard let p = member(split, "pattern"), kind(p) == .object, let r = member(p, "Regex"), kind(r) == .string else {
            throw fail("pre_tokenizer Split.pattern must be {\"Regex\": ...}")
        }
        let regex = text(r)
        guard let pattern = PreTokenizerPattern(regex: regex) else {
            throw fail("pre_tokenizer Split regex \(regex.debugDescription) is not supported; supported patterns: \(supported)")
        }
        if try bool(byteLevel, "add_prefix_space", "pre_tokenizer ByteLevel.add_prefix_space", default: true) {
            throw fail("pre_tokenizer ByteLevel.add_prefix_space must be false")
        }
        if try bool(byteLevel, "use_regex", "pre_tokenizer ByteLevel.use_regex", default: true) {
            throw fail("pre_tokenizer ByteLevel.use_regex must be false (the Split regex is the pattern)")
        }
        return pattern
    }

    func normalizer() throws(HuggingFaceTokenizerError) -> Normalizer {
        guard let n = member(0, "normalizer") else { return .none }
        guard kind(n) == .object, let type = typeName(n) else { throw fail("normalizer has no type") }
        guard type == "NFC" else { throw fail("normalizer \"\(type)\" is not supported (only null or NFC)") }
        return .nfc
    }

    func checkBPEOptions(_ model: Int) throws(HuggingFaceTokenizerError) {
        if let d = member(model, "dropout") { throw fail("model.dropout is \(String(decoding: tape.rawBytes(d, in: bytes), as: UTF8.self)); only null is supported") }
        for (key, name) in [("continuing_subword_prefix", "continuing_subword_prefix"), ("end_of_word_suffix", "end_of_word_suffix")] {
            let v = key == "continuing_subword_prefix" ? member(model, "continuing_subword_prefix") : member(model, "end_of_word_suffix")
            if let v, !(kind(v) == .string && tape.isEmptyString(v)) { throw fail("model.\(name) must be empty or null") }
        }
        if try bool(model, "byte_fallback", "model.byte_fallback", default: false) { throw fail("model.byte_fallback is not supported") }
    }

    /// `model.vocab` (byte-level strings → ids), as the tokens' bytes in id order. Ids must be
    /// dense: 0..<count, each once.
    func vocabulary(_ model: Int) throws(HuggingFaceTokenizerError) -> ([UInt8], [UInt32]) {
        let vocab = try object(model, "vocab", "model.vocab")
        var decoded: [UInt8] = []
        decoded.reserveCapacity(Int(tape[vocab].end - tape[vocab].start) / 2)
        var starts: [UInt32] = []
        var ids: [Int32] = []
        var scratch: [UInt8] = []
        for (k, v) in tape.members(vocab) {
            let id = try int(v, "model.vocab id")
            let start = decoded.count
            let ok: Bool
            if tape[k].hasEscapes {
                scratch.removeAll(keepingCapacity: true)
                tape.appendString(k, in: bytes, to: &scratch)
                ok = scratch.withUnsafeBytes { ByteLevel.decode($0, into: &decoded) }
            } else {
                ok = ByteLevel.decode(tape.rawBytes(k, in: bytes), into: &decoded)
            }
            guard ok, decoded.count > start else {
                throw fail("model.vocab token \(text(k).debugDescription) (id \(id)) is not a byte-level string")
            }
            starts.append(UInt32(start))
            ids.append(Int32(id))
        }
        let count = ids.count
        if count == 0 { throw fail("model.vocab is empty") }
        var entryOfID = [Int32](repeating: -1, count: count)
        for e in 0..<count {
            let id = Int(ids[e])
            guard id < count else { throw fail("model.vocab ids are not dense: id \(id) with \(count) tokens (ids must be 0..<\(count))") }
            guard entryOfID[id] < 0 else { throw fail("model.vocab id \(id) is used twice") }
            entryOfID[id] = Int32(e)
        }
        var out: [UInt8] = []
        out.reserveCapacity(decoded.count)
        var ends: [UInt32] = [0]
        ends.reserveCapacity(count + 1)
        decoded.withUnsafeBufferPointer { d in
            for id in 0..<count {
                let e = Int(entryOfID[id])
                let s = Int(starts[e]), t = e + 1 < count ? Int(starts[e + 1]) : d.count
                out.append(contentsOf: UnsafeBufferPointer(rebasing: d[s..<t]))
                ends.append(UInt32(out.count))
            }
        }
        return (out, ends)
    }

    /// `added_tokens`: ids must continue the vocabulary densely; none may strip, match single
    /// words only, or (with a normalizer) be matched after normalization.
    func addedTokens(vocabCount: Int, normalizer: Normalizer) throws(HuggingFaceTokenizerError) -> [SpecialToken] {
        guard let list = member(0, "added_tokens") else { return [] }
        guard kind(list) == .array else { throw fail("added_tokens is not an array") }
        var out: [SpecialToken] = []
        for e in tape.elements(list) {
            guard kind(e) == .object, let idNode = member(e, "id"), let c = member(e, "content"), kind(c) == .string else {
                throw fail("added_tokens[\(out.count)] needs an id and a content string")
            }
            let id = try int(idNode, "added_tokens[\(out.count)].id")
            let content = text(c)
            let what = "added token \(content.debugDescription) (id \(id))"
            if id < vocabCount { throw fail("\(what) has an id inside model.vocab (0..<\(vocabCount)); not supported yet") }
            for (key, name) in [(0, "single_word"), (1, "lstrip"), (2, "rstrip")] {
                let v = key == 0 ? member(e, "single_word") : key == 1 ? member(e, "lstrip") : member(e, "rstrip")
                if let v, kind(v) == .true { throw fail("\(what): \(name) is not supported yet") }
            }
            if normalizer != .none, let v = member(e, "normalized"), kind(v) == .true {
                throw fail("\(what): normalized: true (matched after the normalizer) is not supported yet")
            }
            if content.isEmpty { throw fail("\(what) has empty content") }
            out.append(SpecialToken(text: content, id: Int32(id)))
        }
        let ids = out.map { Int($0.id) }.sorted()
        for (k, id) in ids.enumerated() where id != vocabCount + k {
            throw fail("ids are not dense: model.vocab has 0..<\(vocabCount), so added tokens must be \(vocabCount)..<\(vocabCount + ids.count), but id \(id) is there instead of \(vocabCount + k)")
        }
        return out
    }

    /// tiktoken's merge rule (join the adjacent pair whose joined bytes have the lowest id)
    /// equals HF's merge list when: merge k is (a, b) with a + b a token m_k whose id grows with
    /// k (so each token has at most one merge, and priority = id); m_k's own bytes, under
    /// tiktoken's BPE, end by joining exactly a and b; and every other multi-byte token is
    /// unreachable (its bytes never merge back to it), so it has no merge. Then two parts that
    /// tiktoken joins into m are always a and b (they arise only from merges inside m's span,
    /// in the order m's bytes alone merge), so both pick the same pair at every step.
    func verifyTiktokenOrder(_ model: Int, _ tokenizer: Tokenizer, _ selfMerges: SelfMerges) throws(HuggingFaceTokenizerError) {
        guard let merges = tape.member(model, "merges", in: bytes), kind(merges) == .array else { throw fail("model.merges is missing or not an array") }
        let notSupported = "tiktoken-ordered merges are required (one merge per reachable token, in id order, each the last join of that token's own bytes under rank-ordered BPE); other merge lists are not supported yet"
        var left: [UInt8] = [], right: [UInt8] = [], scratch: [UInt8] = []
        var previous: Int32 = -1
        var hasMerge = [Bool](repeating: false, count: tokenizer.mergeableCount)
        // A valid list makes the reachable multi-byte tokens in id order, each from its final
        // pair: merge k is checked against the next such token by comparing bytes. Only from
        // the first merge that fails that do the lookups below run, so that the error names
        // what is wrong (three trie lookups per merge were ~9% of a Qwen3.5 load).
        var inOrder = true
        var expected: Int32 = 0
        var k = 0
        for m in tape.elements(merges) {
            left.removeAll(keepingCapacity: true)
            right.removeAll(keepingCapacity: true)
            var parsed = false
            if kind(m) == .array {
                // Exactly two strings: [m + 1, second) and [second, end).
                let second = m + 1 < Int(tape[m].next) ? Int(tape[m + 1].next) : -1
                if second > 0, second < Int(tape[m].next), Int(tape[second].next) == Int(tape[m].next),
                   kind(m + 1) == .string, kind(second) == .string {
                    parsed = decodeByteLevel(m + 1, into: &left, &scratch) && decodeByteLevel(second, into: &right, &scratch)
                }
            } else if kind(m) == .string {
                scratch.removeAll(keepingCapacity: true)
                tape.appendString(m, in: bytes, to: &scratch)
                if let space = scratch.firstIndex(of: 0x20), scratch.lastIndex(of: 0x20) == space {
                    parsed = scratch[..<space].withUnsafeBytes { ByteLevel.decode($0, into: &left) }
                        && scratch[(space + 1)...].withUnsafeBytes { ByteLevel.decode($0, into: &right) }
                }
            }
            guard parsed, !left.isEmpty, !right.isEmpty else { throw fail("model.merges[\(k)] is not a pair of byte-level strings") }
            if inOrder {
                while Int(expected) < tokenizer.mergeableCount && selfMerges.finalPair(expected) == nil { expected += 1 }
                if Int(expected) < tokenizer.mergeableCount, let last = selfMerges.finalPair(expected),
                   tokenizer.mergeableTokenHasBytes(last.left, left), tokenizer.mergeableTokenHasBytes(last.right, right) {
                    hasMerge[Int(expected)] = true
                    previous = expected
                    expected += 1
                    k += 1
                    continue
                }
                inOrder = false
            }
            let a = left.withUnsafeBufferPointer { tokenizer.mergeableTokenID($0.baseAddress!, $0.count) }
            let b = right.withUnsafeBufferPointer { tokenizer.mergeableTokenID($0.baseAddress!, $0.count) }
            left.append(contentsOf: right)
            let joined = left.withUnsafeBufferPointer { tokenizer.mergeableTokenID($0.baseAddress!, $0.count) }
            guard let a, let b else { throw fail("model.merges[\(k)]: a part is not in model.vocab") }
            guard let joined else { throw fail("model.merges[\(k)]: the merged token is not in model.vocab") }
            guard joined > previous else {
                throw fail("model.merges[\(k)] makes token \(joined), not after token \(previous) of the merge before; \(notSupported)")
            }
            guard let last = selfMerges.finalPair(joined) else {
                throw fail("model.merges[\(k)] makes token \(joined), which rank-ordered BPE cannot build from its own bytes; \(notSupported)")
            }
            guard last.left == a, last.right == b else {
                throw fail("model.merges[\(k)] makes token \(joined) from (\(a), \(b)), but rank-ordered BPE joins (\(last.left), \(last.right)) last; \(notSupported)")
            }
            hasMerge[Int(joined)] = true
            previous = joined
            k += 1
        }
        for id in 0..<Int32(tokenizer.mergeableCount) where selfMerges.finalPair(id) != nil && !hasMerge[Int(id)] {
            throw fail("token \(id) has no merge, but rank-ordered BPE builds it from its own bytes; \(notSupported)")
        }
    }

    func decodeByteLevel(_ node: Int, into out: inout [UInt8], _ scratch: inout [UInt8]) -> Bool {
        if !tape[node].hasEscapes { return ByteLevel.decode(tape.rawBytes(node, in: bytes), into: &out) }
        scratch.removeAll(keepingCapacity: true)
        tape.appendString(node, in: bytes, to: &scratch)
        return scratch.withUnsafeBytes { ByteLevel.decode($0, into: &out) }
    }
}
