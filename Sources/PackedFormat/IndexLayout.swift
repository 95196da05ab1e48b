/// The Megatron MMIDIDX version 1 index layout (README "Output format"; Megatron-LM
/// `megatron/core/datasets/indexed_dataset.py`, `_IndexWriter`/`_IndexReader`).
///
/// All integers little-endian, no padding:
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 9 | magic `MMIDIDX\0\0` |
/// | 9 | 8 | u64 version = 1 |
/// | 17 | 1 | u8 dtype code; 4 = int32 (the only one Tokenpack writes) |
/// | 18 | 8 | u64 sequence count S |
/// | 26 | 8 | u64 document index length D (= number of documents + 1) |
/// | 34 | 4·S | int32 sequence lengths, in tokens |
/// | 34+4S | 8·S | int64 sequence byte offsets into `.bin` |
/// | 34+12S | 8·D | int64 document index: sequence index where each document starts, then S |
///
/// Tokenpack writes one document per sequence, so the document index is `0, 1, …, S`.
/// The `.bin` is headerless: the sequences' int32 tokens back to back, in order.
enum IndexLayout {
    static let magic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]
    static let version: UInt64 = 1
    /// Megatron's `DType` code for int32.
    static let int32Code: UInt8 = 4
    /// Bytes before the sequence-length array.
    static let headerSize = 34
    /// Bytes per token in `.bin`.
    static let tokenSize = 4

    /// Megatron's dtype codes (`DType` in indexed_dataset.py) and their sizes in bytes:
    /// uint8 1, int8 2, int16 3, int32 4, int64 5, float64 6, float32 7, uint16 8.
    static func itemSize(dtypeCode: UInt8) -> Int? {
        switch dtypeCode {
        case 1, 2: 1
        case 3, 8: 2
        case 4, 7: 4
        case 5, 6: 8
        default: nil
        }
    }

    static let dtypeNames: [UInt8: String] = [1: "uint8", 2: "int8", 3: "int16", 4: "int32", 5: "int64", 6: "float64", 7: "float32", 8: "uint16"]

    static func size(sequences s: Int, documentIndexLength d: Int) -> Int { headerSize + 12 * s + 8 * d }
}

/// Little-endian encoding into a byte buffer.
extension Array where Element == UInt8 {
    mutating func appendLE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
}
