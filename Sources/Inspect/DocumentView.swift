/// Where a sequence sits among the documents of its file: a packed bin (`encode --pack`) or an
/// evaluation conversation (`encode --eval`) holds several sequences.
public struct DocumentPlace: Sendable, Equatable {
    /// The document (0-based), the sequence's place in it (0-based) and the document's size.
    public var document: Int
    public var position: Int
    public var count: Int

    /// The place of sequence `i` under the document index `docs` (`0, …, sequences`), found by
    /// binary search; nil when every document is one sequence (nothing to say).
    public static func of(_ i: Int, in docs: [Int64]) -> DocumentPlace? {
        guard docs.count >= 2, docs.count - 1 != Int(docs.last!) || !zip(docs, docs.dropFirst()).allSatisfy({ $1 == $0 + 1 }) else { return nil }
        var lo = 0, hi = docs.count - 1   // docs[lo] <= i < docs[hi]
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if docs[mid] <= Int64(i) { lo = mid } else { hi = mid }
        }
        // Skip empty documents ending where i starts.
        while lo + 1 < docs.count - 1 && docs[lo + 1] <= Int64(i) { lo += 1 }
        return DocumentPlace(document: lo, position: i - Int(docs[lo]), count: Int(docs[lo + 1] - docs[lo]))
    }
}

extension SequenceView {
    /// `sequence I: N tokens, T targets; bin D: conversation k of n, tokens a..<b of the bin's M
    /// (of at most C)`, for a packed dataset.
    public func packedHeader(index: Int, ids: [Int32], labels: [Int32]?, place: DocumentPlace, binStart: Int, binTokens: Int, capacity: Int?) -> String {
        var s = header(index: index, ids: ids, labels: labels)
        s += "; bin \(place.document): conversation \(place.position + 1) of \(place.count), tokens \(binStart)..<\(binStart + ids.count) of the bin's \(binTokens)"
        if let capacity { s += " (at most \(capacity))" }
        return s
    }

    /// An evaluation example: a header, the prompt as text, then the answer marked as targets.
    public func evalExample(index: Int, input: [Int32], output: [Int32], place: DocumentPlace?, marking: Marking) -> String {
        var s = "example \(index): \(input.count) input tokens → \(output.count) output tokens"
        if let place { s += "; conversation \(place.document), example \(place.position + 1) of \(place.count)" }
        let all = input + output
        let labels = [Int32](repeating: Self.ignoreIndex, count: input.count) + output
        return s + "\n" + text(ids: all, labels: labels, marking: marking)
    }
}
