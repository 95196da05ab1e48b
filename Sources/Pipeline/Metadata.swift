import Foundation
import JSONLines
import PackedFormat

/// `PREFIX.meta.json`: what produced the files and what they hold (README "Output format").
/// Nothing in it depends on timing or the worker count, so it is byte-identical across runs.
enum Metadata {
    static func document(configuration: PipelineConfiguration, summary: PipelineSummary) -> [String: Any] {
        var doc: [String: Any] = configuration.metadata.mapValues(json)
        doc["counts"] = [
            "records": summary.records,
            "encoded": summary.encoded,
            "skipped": summary.skipped,
            "blank_lines": summary.blankLines,
            "tokens": summary.tokens,
            "target_tokens": summary.targetTokens,
            "truncated_records": summary.truncatedRecords,
            "truncated_tokens": summary.truncatedTokens,
            "truncated_targets": summary.truncatedTargets,
            "zero_target_records": summary.zeroTargetRecords,
        ]
        if configuration.evalRows {
            var c = doc["counts"] as! [String: Any]
            c["examples"] = summary.examples
            doc["counts"] = c
        }
        // Sizes on disk (compressed for zstd); stdin's is what was read from it.
        let known = configuration.inputs.compactMap(\.size).reduce(0, +)
        doc["inputs"] = configuration.inputs.map { input -> [String: Any] in
            ["path": input.path, "bytes": input.size ?? max(0, summary.rawBytes - known)]
        }
        doc["content_bytes"] = summary.contentBytes
        // Names relative to the meta file's directory, so the set can be moved as a whole.
        let prefix = (configuration.outputPrefix as NSString).lastPathComponent
        var datasets = [PackedPaths.dataset(prefix: prefix, name: PackedPaths.inputIDs)]
        for second in [PackedPaths.labels, PackedPaths.outputIDs]
        where summary.outputFiles.contains(PackedPaths.bin(prefix: configuration.outputPrefix, name: second)) {
            datasets.append(PackedPaths.dataset(prefix: prefix, name: second))
        }
        doc["datasets"] = datasets
        doc["dtype"] = "int32"
        doc["index_format"] = "MMIDIDX v1"
        doc["rejects"] = PackedPaths.rejects(prefix: prefix)
        return doc
    }

    static func json(_ v: MetaValue) -> Any {
        switch v {
        case .string(let s): s
        case .int(let i): i
        case .bool(let b): b
        case .object(let o): o.mapValues(json)
        case .array(let a): a.map(json)
        }
    }
}
