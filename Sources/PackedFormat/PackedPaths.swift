/// File names of Tokenpack's output, as specified in README's "Output format".
///
/// A dataset is a prefix; each array is a Megatron indexed dataset named
/// `"\(prefix)_\(name)_document"` with `.bin` (data) and `.idx` (index) beside it.
public enum PackedPaths {
    /// The ids array (`input_ids`) and the labels array (`labels`), as named on disk.
    public static let inputIDs = "input_ids"
    public static let labels = "labels"
    /// Evaluation rows (`encode --eval`): the answers, beside `input_ids` (the prompts).
    public static let outputIDs = "output_ids"

    /// The Megatron dataset path prefix (what `IndexedDataset(path)` takes): `PREFIX_NAME_document`.
    public static func dataset(prefix: String, name: String) -> String { "\(prefix)_\(name)_document" }
    public static func bin(prefix: String, name: String) -> String { dataset(prefix: prefix, name: name) + ".bin" }
    public static func idx(prefix: String, name: String) -> String { dataset(prefix: prefix, name: name) + ".idx" }
    public static func meta(prefix: String) -> String { "\(prefix).meta.json" }
    public static func rejects(prefix: String) -> String { "\(prefix).rejects.jsonl" }

    /// The temporary name a file is written under before the final rename.
    /// Starts with the final name, so an interrupted run is easy to recognise and clean up.
    public static func temporary(_ finalPath: String, token: String) -> String { "\(finalPath).tmp-\(token)" }
}
