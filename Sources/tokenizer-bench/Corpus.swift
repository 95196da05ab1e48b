import Tokenizer

/// A benchmark corpus: documents separated by NUL bytes.
///
/// Layout: `bytes` is the file as read; document `i` is `bytes[bounds[i].0 ..< bounds[i].1]`.
struct Corpus {
    let bytes: [UInt8]
    let bounds: [(Int, Int)]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var bounds: [(Int, Int)] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 0 {
            bounds.append((start, i))
            start = i + 1
        }
        if start < bytes.count { bounds.append((start, bytes.count)) }
        self.bounds = bounds
    }

    /// Text bytes: the file without its separators.
    var textBytes: Int { bytes.count - (bounds.count - 1) }

    /// Encodes every document (each on its own, specials on); returns the token count and the
    /// sum of the ids, to compare runs and variants.
    func encodeAll(_ encoder: inout TokenEncoder, ids: inout [Int32], specials: Bool = true) -> (tokens: Int, idSum: UInt64) {
        var tokens = 0
        var sum: UInt64 = 0
        bytes.withUnsafeBytes { all in
            for (s, e) in bounds {
                ids.removeAll(keepingCapacity: true)
                do {
                    try encoder.encode(UnsafeRawBufferPointer(rebasing: all[s..<e]), specials: specials, into: &ids)
                } catch {
                    fail("document at byte \(s): \(error)")
                }
                tokens += ids.count
                for id in ids { sum &+= UInt64(id) }
            }
        }
        return (tokens, sum)
    }
}
