import Foundation
import HuggingFaceTokenizer
import Testing
import Tokenizer

/// Small synthetic tokenizer.json files: what loads, and that every refusal names the file and
/// says what is wrong.
@Suite struct LoaderErrorTests {
    /// GPT-2's `bytes_to_unicode`, written out independently of the loader.
    static let unicodeOfByte: [Character] = {
        var printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var scalars = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            scalars.append(0x100 + extra)
            extra += 1
        }
        var out = [Character](repeating: " ", count: 256)
        for (b, s) in zip(printable, scalars) { out[b] = Character(Unicode.Scalar(UInt32(s))!) }
        return out
    }()

    static func byteLevel(_ s: String) -> String { String(s.utf8.map { unicodeOfByte[Int($0)] }) }

    /// A tokenizer.json: the 256 bytes (id = byte), then `extra` tokens from 256 on, `merges`
    /// as pairs of plain strings; `edit` changes the object before it is written.
    static func file(extra: [String] = ["ab", "abc"], merges: [(String, String)] = [("a", "b"), ("ab", "c")],
                     edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        var vocab: [String: Int] = [:]
        for b in 0..<256 { vocab[String(unicodeOfByte[b])] = b }
        for (k, t) in extra.enumerated() { vocab[byteLevel(t)] = 256 + k }
        var root: [String: Any] = [
            "version": "1.0",
            "added_tokens": [["id": 256 + extra.count, "content": "<|end|>", "single_word": false, "lstrip": false,
                              "rstrip": false, "normalized": false, "special": true]],
            "normalizer": ["type": "NFC"],
            "pre_tokenizer": ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": PreTokenizerPattern.qwen3_5.regex], "behavior": "Isolated", "invert": false],
                ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false],
            ]],
            "model": ["type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
                      "vocab": vocab, "merges": merges.map { [byteLevel($0.0), byteLevel($0.1)] }],
        ]
        edit(&root)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("tokenizer.json")
        try JSONSerialization.data(withJSONObject: root).write(to: url)
        return url.path
    }

    static func error(_ path: String) -> String? {
        do {
            _ = try HuggingFaceTokenizer(path: path)
            return nil
        } catch {
            #expect(error.file == path)
            #expect(error.description.hasPrefix(path + ": "))
            return error.message
        }
    }

    static func model(_ root: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var m = root["model"] as! [String: Any]
        edit(&m)
        root["model"] = m
    }

    @Test func aSmallFileLoads() throws {
        let q = try HuggingFaceTokenizer(path: Self.file())
        #expect(q.vocabularySize == 259)
        #expect(q.pattern == .qwen3_5 && q.normalizer == .nfc && !q.ignoreMerges)
        #expect(try q.tokenizer.encode(Array("abc<|end|>ab".utf8)) == [257, 258, 256])
        #expect(q.unreachableTokens.isEmpty)
    }

    @Test func mergesAsStringsLoad() throws {
        let path = try Self.file { root in
            Self.model(&root) { $0["merges"] = ["a b", "ab c"] }
        }
        #expect(try HuggingFaceTokenizer(path: path).tokenizer.encode(Array("abc".utf8)) == [257])
    }

    /// "abc" with no two-byte tokens cannot be built by BPE: emitted whole only with ignore_merges.
    @Test func unreachableTokenDependsOnIgnoreMerges() throws {
        let plain = try HuggingFaceTokenizer(path: Self.file(extra: ["abc"], merges: []))
        #expect(plain.unreachableTokens == [256])
        #expect(try plain.tokenizer.encode(Array("abc".utf8)) == [97, 98, 99])
        let ignoring = try HuggingFaceTokenizer(path: Self.file(extra: ["abc"], merges: []) { root in
            Self.model(&root) { $0["ignore_merges"] = true }
        })
        #expect(try ignoring.tokenizer.encode(Array("abc".utf8)) == [256])
        #expect(plain.tokenizer.decode([256]) == Array("abc".utf8))
    }

    @Test func unknownRegex() throws {
        let m = Self.error(try Self.file { root in
            root["pre_tokenizer"] = ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": "\\s+|\\w+"], "behavior": "Isolated", "invert": false],
                ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false],
            ]]
        })
        #expect(m?.contains("is not supported; supported patterns: cl100k") == true, "\(m ?? "loaded")")
        #expect(m?.contains(PreTokenizerPattern.qwen3_5.regex) == true)
    }

    @Test func gpt2ByteLevelIsRefused() throws {
        let m = Self.error(try Self.file { root in
            root["pre_tokenizer"] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true]
        })
        #expect(m?.contains("GPT-2 pattern") == true, "\(m ?? "loaded")")
    }

    @Test func nonBPEModel() throws {
        let m = Self.error(try Self.file { root in Self.model(&root) { $0["type"] = "WordPiece" } })
        #expect(m == "model.type is \"WordPiece\"; only \"BPE\" (byte-level) is supported")
    }

    @Test func nonNFCNormalizer() throws {
        let m = Self.error(try Self.file { root in root["normalizer"] = ["type": "NFKC"] })
        #expect(m == "normalizer \"NFKC\" is not supported (only null or NFC)")
        let none = try HuggingFaceTokenizer(path: Self.file { root in root["normalizer"] = NSNull() })
        #expect(none.normalizer == .none)
    }

    @Test func nonDenseIDs() throws {
        let gap = Self.error(try Self.file { root in
            Self.model(&root) { m in
                var v = m["vocab"] as! [String: Int]
                v[Self.byteLevel("abc")] = 300
                m["vocab"] = v
            }
        })
        #expect(gap?.contains("model.vocab ids are not dense: id 300 with 258 tokens") == true, "\(gap ?? "loaded")")
        let added = Self.error(try Self.file { root in
            root["added_tokens"] = [["id": 260, "content": "<|end|>", "normalized": false, "special": true]]
        })
        #expect(added?.contains("ids are not dense") == true, "\(added ?? "loaded")")
        let twice = Self.error(try Self.file { root in
            Self.model(&root) { m in
                var v = m["vocab"] as! [String: Int]
                v[Self.byteLevel("abc")] = 256
                m["vocab"] = v
            }
        })
        #expect(twice?.contains("model.vocab id 256 is used twice") == true, "\(twice ?? "loaded")")
    }

    @Test func mergesNotInTiktokenOrder() throws {
        // Out of id order.
        let order = Self.error(try Self.file(extra: ["ab", "cd"], merges: [("c", "d"), ("a", "b")]))
        #expect(order?.contains("model.merges[1] makes token 256, not after token 257") == true, "\(order ?? "loaded")")
        #expect(order?.contains("not supported yet") == true)
        // abc: rank-ordered BPE joins b+c (256) first, then a + bc; the file says ab + c.
        let last = Self.error(try Self.file(extra: ["bc", "ab", "abc"], merges: [("b", "c"), ("a", "b"), ("ab", "c")]))
        #expect(last?.contains("model.merges[2] makes token 258 from (257, 99), but rank-ordered BPE joins (97, 256) last") == true, "\(last ?? "loaded")")
        // A reachable token without its merge.
        let missing = Self.error(try Self.file(extra: ["ab", "abc"], merges: [("a", "b")]))
        #expect(missing?.contains("token 257 has no merge") == true, "\(missing ?? "loaded")")
        // A merge whose result BPE cannot build from its bytes.
        let unreachable = Self.error(try Self.file(extra: ["abc"], merges: [("a", "bc")]))
        #expect(unreachable != nil)
    }

    @Test func addedTokenOptions() throws {
        let strip = Self.error(try Self.file { root in
            root["added_tokens"] = [["id": 258, "content": "<|end|>", "lstrip": true, "normalized": false]]
        })
        #expect(strip?.contains("lstrip is not supported yet") == true, "\(strip ?? "loaded")")
        let normalized = Self.error(try Self.file { root in
            root["added_tokens"] = [["id": 258, "content": "<|end|>", "normalized": true]]
        })
        #expect(normalized?.contains("normalized: true") == true, "\(normalized ?? "loaded")")
    }

    @Test func notJSONAndMissingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bad = dir.appendingPathComponent("tokenizer.json")
        try Data("{\"model\": ".utf8).write(to: bad)
        #expect(Self.error(bad.path)?.hasPrefix("not valid JSON") == true)
        #expect(Self.error(dir.appendingPathComponent("nope.json").path) == "no such file")
    }
}
