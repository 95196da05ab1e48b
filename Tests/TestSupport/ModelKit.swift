import Foundation

/// Locates a model kit under `../shared/models/` (Qwen3.5, gpt-oss: a Hugging Face tokenizer
/// directory plus the rows transformers produced; see its README).
public struct ModelKit: Sendable {
    public let directory: URL

    public static let qwen3_5 = ModelKit(name: "qwen3_5")
    public static let gptOSS = ModelKit(name: "gpt_oss")

    /// `../shared/models/NAME`, or `TOKENPACK_MODELS/NAME` when that is set.
    public init(name: String) {
        let root: URL
        if let env = ProcessInfo.processInfo.environment["TOKENPACK_MODELS"] {
            root = URL(fileURLWithPath: env)
        } else {
            root = Reference.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
        }
        directory = root.appendingPathComponent(name)
    }

    /// A file of the kit (`dev.jsonl`, `tokenizer.json`, …).
    public func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The kit's lines of `name`, split on `\n` only.
    public func lines(_ name: String) throws -> [[UInt8]] { try Reference.lines(file(name)) }

    /// The kit's lines of `name`, each parsed with Foundation (an oracle independent of ours).
    public func jsonLines(_ name: String) throws -> [Any] { try Reference.jsonLines(file(name)) }

    /// `dev_ref.jsonl`: `{"input_ids", "labels"}` per conversation (unshifted, -100 = no target).
    public func devRows() throws -> [Reference.Row] {
        try jsonLines("dev_ref.jsonl").map { any in
            let o = any as! [String: Any]
            let ids = (o["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }
            let labels = (o["labels"] as? [NSNumber])?.map { Int32($0.intValue) }
            return Reference.Row(inputIDs: ids, labels: labels, error: o["error"] as? String)
        }
    }
}
