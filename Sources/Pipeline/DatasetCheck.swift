import Foundation
import PackedFormat

/// `tokenpack verify`: everything a loader relies on, plus agreement with `PREFIX.meta.json`.
///
/// The arrays are checked by `DatasetVerifier` (structure, ids inside the vocabulary, identical
/// indexes, labels -100 or their id); this adds what only the metadata can tell: the vocabulary
/// size, whether labels must exist, the counts, and the truncation length.
public enum DatasetCheck {
    public struct Report: Sendable, Equatable {
        public var summary: DatasetVerifier.Summary
        public var metaPath: String
        /// Evaluation rows: the conversations (documents); the sequences are examples.
        public var evalDocuments: Int? = nil
        /// One line for people: `PREFIX: ok, 496 sequences, … (matches PREFIX.meta.json)`.
        public func line(prefix: String) -> String {
            if let d = evalDocuments {
                return "\(prefix): ok, evaluation rows: \(summary.sequences) examples from \(d) conversations, \(summary.tokens) input and \(summary.targets) output tokens; input_ids and output_ids consistent; counts match \(metaPath)"
            }
            var s = "\(prefix): ok, \(summary.sequences) sequences, \(summary.tokens) tokens"
            if summary.hasLabels { s += ", \(summary.targets) targets; input_ids and labels consistent" }
            return s + "; counts match \(metaPath)"
        }
    }

    public static func verify(prefix: String) throws(PackedFormatError) -> Report {
        let metaPath = PackedPaths.meta(prefix: prefix)
        let meta = try readMeta(metaPath)
        func field<T>(_ path: String..., as: T.Type) throws(PackedFormatError) -> T {
            var v: Any? = meta
            for k in path { v = (v as? [String: Any])?[k] }
            guard let t = v as? T else {
                throw PackedFormatError(path: metaPath, "missing or malformed \"\(path.joined(separator: "."))\"")
            }
            return t
        }
        let vocabularySize = try field("tokenizer", "vocabulary_size", as: Int.self)
        let format = try field("format", as: String.self)
        guard format == "chat" || format == "text" else {
            throw PackedFormatError(path: metaPath, "\"format\" is \"\(format)\"; Tokenpack writes \"chat\" or \"text\"")
        }
        // A file that is not the size meta.json records is from another run (a torn set): say so
        // beside the structural error it usually causes, or alone when the structure holds.
        let torn = CommitRecord.mismatch(meta, metaPath: metaPath)
        if meta["eval"] as? Bool == true {
            if let torn { throw PackedFormatError(path: metaPath, torn) }
            return try verifyEval(prefix: prefix, meta: meta, metaPath: metaPath, vocabularySize: vocabularySize)
        }
        let summary: DatasetVerifier.Summary
        do {
            summary = try DatasetVerifier.verify(prefix: prefix, vocabularySize: vocabularySize, requireLabels: format == "chat")
        } catch {
            var e = error
            if let torn { e.message += " (\(torn))" }
            throw e
        }
        if let torn { throw PackedFormatError(path: metaPath, torn) }
        func expect(_ key: String, _ actual: Int) throws(PackedFormatError) {
            let recorded = try field("counts", key, as: Int.self)
            if recorded != actual {
                throw PackedFormatError(path: metaPath, "counts.\(key) is \(recorded) but the files hold \(actual)")
            }
        }
        try expect("encoded", summary.sequences)
        try expect("tokens", summary.tokens)
        if format == "chat" { try expect("target_tokens", summary.targets) }
        // Unpacked, Tokenpack writes one document per sequence (README "Output format"); any other
        // valid Megatron document index passes DatasetVerifier but is not this dataset's (found by
        // randomByteFlipsNeverCrash: one flipped bit made the index 0, 0, 2, 3). Packed datasets'
        // documents are their bins, checked by `checkBins` below.
        let documents = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs).documentIndex
        if meta["pack"] == nil && documents != (0...Int64(summary.sequences)).map({ $0 }) {
            let j = zip(documents, 0...).first { $0.0 != Int64($0.1) }?.1 ?? documents.count
            throw PackedFormatError(path: PackedPaths.idx(prefix: prefix, name: PackedPaths.inputIDs),
                                    "document index entry \(j) is \(j < documents.count ? String(documents[j]) : "missing"); Tokenpack writes one document per sequence (0, 1, …, \(summary.sequences))")
        }
        if let maxLength = (meta["max_length"] as? Int) {
            let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
            for i in 0..<ids.count where ids.length(i) > maxLength {
                throw PackedFormatError(path: ids.idxPath, sequence: i,
                                        "length \(ids.length(i)) exceeds max_length \(maxLength) recorded in \(metaPath)")
            }
        }
        if let pack = meta["pack"] as? Int { try checkBins(prefix: prefix, capacity: pack, metaPath: metaPath) }
        return Report(summary: summary, metaPath: metaPath)
    }

    private static func readMeta(_ path: String) throws(PackedFormatError) -> [String: Any] {
        try RegularFile.check(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackedFormatError(path: path, "cannot read (every `tokenpack encode` output has one)")
        }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PackedFormatError(path: path, "not a JSON object")
        }
        return obj
    }
}
