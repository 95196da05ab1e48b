/// Checks a Tokenpack dataset (`PREFIX_input_ids_document` and, if present,
/// `PREFIX_labels_document`) the way a training loader will rely on it.
///
/// Structure (magic, version, dtype, counts, sizes against the `.bin` length, offsets,
/// document index) is checked by `PackedReader` at open. On top of that: every id in
/// `0..<vocabularySize`, the two indexes byte-identical, and every label -100 or its id.
public enum DatasetVerifier {
    /// What a verified dataset holds.
    public struct Summary: Equatable, Sendable {
        public var sequences: Int
        public var tokens: Int
        /// Labels that are not -100 (0 when there are no labels).
        public var targets: Int
        public var hasLabels: Bool
    }

    /// The label value that marks "not a training target".
    public static let ignoreIndex: Int32 = -100

    /// Throws the first inconsistency found, naming file, sequence and byte offset.
    public static func verify(prefix: String, vocabularySize: Int, requireLabels: Bool = false) throws(PackedFormatError) -> Summary {
        let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        var labels: PackedReader?
        let labelsIdx = PackedPaths.idx(prefix: prefix, name: PackedPaths.labels)
        if requireLabels || fileExists(labelsIdx) || fileExists(PackedPaths.bin(prefix: prefix, name: PackedPaths.labels)) {
            labels = try PackedReader(prefix: prefix, name: PackedPaths.labels)
        }
        let limit = Int32(clamping: vocabularySize)
        for i in 0..<ids.count {
            let base = ids.byteOffset(i)
            let bad: Int? = ids.withSequence(i) { s in s.firstIndex { $0 < 0 || $0 >= limit } }
            if let k = bad {
                throw PackedFormatError(path: ids.binPath, sequence: i, byteOffset: base + 4 * k,
                                        "token id \(ids[i][k]) at position \(k) is outside the vocabulary (0..<\(vocabularySize))")
            }
        }
        guard let labels else {
            return Summary(sequences: ids.count, tokens: ids.tokenCount, targets: 0, hasLabels: false)
        }
        // Both indexes describe the same sequence lengths, so they must be the same bytes.
        let a = try MappedFile(path: ids.idxPath), b = try MappedFile(path: labels.idxPath)
        if a.bytes.count != b.bytes.count || !a.bytes.elementsEqual(b.bytes) {
            let common = min(a.bytes.count, b.bytes.count)
            let at = (0..<common).first { a.bytes[$0] != b.bytes[$0] } ?? common
            let seq = at >= IndexLayout.headerSize && at < IndexLayout.headerSize + 4 * ids.count ? (at - IndexLayout.headerSize) / 4 : nil
            throw PackedFormatError(path: labels.idxPath, sequence: seq, byteOffset: at,
                                    "labels index differs from the input_ids index (\(ids.idxPath))")
        }
        var targets = 0
        for i in 0..<ids.count {
            let mismatch: Int? = ids.withSequence(i) { x in
                labels.withSequence(i) { y in
                    for k in 0..<x.count {
                        if y[k] == ignoreIndex { continue }
                        if y[k] != x[k] { return k }
                        targets += 1
                    }
                    return nil
                }
            }
            if let k = mismatch {
                throw PackedFormatError(path: labels.binPath, sequence: i, byteOffset: labels.byteOffset(i) + 4 * k,
                                        "label \(labels[i][k]) at position \(k) is neither -100 nor its id \(ids[i][k])")
            }
        }
        return Summary(sequences: ids.count, tokens: ids.tokenCount, targets: targets, hasLabels: true)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
