/// The result of `tokenpack bench`: the input, the settings and one `StageResult` per stage.
/// `json()` is the machine form Tools/compare_peers.py reads; `table()` the human one.
public struct BenchReport: Sendable {
    public var inputs: [String]
    public var format: String
    /// Decompressed JSONL bytes.
    public var inputBytes: Int
    /// Bytes read from the inputs (compressed size for zstd).
    public var compressedBytes: Int
    public var records: Int
    /// Tokens of the `encode` stage (ids written by `encode`).
    public var tokens: Int
    public var workers: Int
    public var repeats: Int
    /// Active processor cores of the machine.
    public var cores: Int
    public var stages: [StageResult]

    public func stage(_ name: String) -> StageResult? { stages.first { $0.name == name } }
}
