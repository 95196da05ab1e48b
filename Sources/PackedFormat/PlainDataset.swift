/// A Megatron MMIDIDX dataset that Tokenpack did not write: `PATH.bin` and `PATH.idx` with no
/// `meta.json` (e.g. `PREFIX_text_document` from Megatron's `tools/preprocess_data.py`).
///
/// Without meta.json there is no vocabulary size, label array or recorded count to check
/// against, so only the structure is checked: what `PackedIndex` checks at open (magic,
/// version, dtype, counts, sizes against the `.bin` length, contiguous offsets, the document
/// index), for any Megatron dtype.
public enum PlainDataset {
    public struct Summary: Sendable, Equatable {
        public var sequences: Int
        public var tokens: Int
        /// Entries of the document index minus one: the number of documents.
        public var documents: Int
        /// `int32`, `uint16`, …
        public var dtype: String

        public func line(path: String) -> String {
            "\(path): ok (structure only: a plain Megatron dataset, no meta.json, so ids, labels and counts are not checked), "
                + "\(sequences) sequences, \(tokens) tokens (\(dtype)), \(documents) documents"
        }
    }

    /// Whether `path.idx` exists and `meta` (a Tokenpack meta.json for `path`) does not.
    public static func looksPlain(_ path: String, metaPath: String) -> Bool {
        fileExists(path + ".idx") && !fileExists(metaPath)
    }

    public static func verify(path: String) throws(PackedFormatError) -> Summary {
        let index = try PackedIndex(idxPath: path + ".idx", binPath: path + ".bin", anyDType: true)
        return Summary(sequences: index.sequenceCount, tokens: index.tokenCount, documents: index.documentIndexLength - 1,
                       dtype: IndexLayout.dtypeNames[index.dtypeCode] ?? "code \(index.dtypeCode)")
    }
}
