import PackedFormat

extension DatasetCheck {
    /// Evaluation rows (`eval` in meta.json): `input_ids` and `output_ids` hold one sequence per
    /// example, ids inside the vocabulary, the same document index (one document per
    /// conversation), and the counts meta.json records: conversations, examples, input and
    /// output tokens. `Report.summary.targets` counts output tokens.
    static func verifyEval(prefix: String, meta: [String: Any], metaPath: String, vocabularySize: Int) throws(PackedFormatError) -> Report {
        let inputs = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        let outputs = try PackedReader(prefix: prefix, name: PackedPaths.outputIDs)
        let limit = Int32(clamping: vocabularySize)
        for r in [inputs, outputs] {
            for i in 0..<r.count {
                if let k = r.withSequence(i, { s in s.firstIndex { $0 < 0 || $0 >= limit } }) {
                    throw PackedFormatError(path: r.binPath, sequence: i, byteOffset: r.byteOffset(i) + 4 * k,
                                            "token id \(r[i][k]) at position \(k) is outside the vocabulary (0..<\(vocabularySize))")
                }
            }
        }
        guard inputs.count == outputs.count else {
            throw PackedFormatError(path: outputs.idxPath, "\(outputs.count) output sequences but \(inputs.count) input sequences: one of each per example")
        }
        let docs = inputs.documentIndex
        guard docs == outputs.documentIndex else {
            throw PackedFormatError(path: outputs.idxPath, "document index differs from \(inputs.idxPath): both hold one document per conversation")
        }
        let counts = meta["counts"] as? [String: Any] ?? [:]
        for (key, actual) in [("encoded", docs.count - 1), ("examples", inputs.count), ("tokens", inputs.tokenCount), ("target_tokens", outputs.tokenCount)] {
            guard let recorded = counts[key] as? Int else { throw PackedFormatError(path: metaPath, "missing or malformed \"counts.\(key)\"") }
            if recorded != actual { throw PackedFormatError(path: metaPath, "counts.\(key) is \(recorded) but the files hold \(actual)") }
        }
        let summary = DatasetVerifier.Summary(examples: inputs.count, inputTokens: inputs.tokenCount, outputTokens: outputs.tokenCount)
        return Report(summary: summary, metaPath: metaPath, evalDocuments: docs.count - 1)
    }
}
