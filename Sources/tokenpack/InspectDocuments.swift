import ArgumentParser
import Foundation
import Inspect
import PackedFormat

extension InspectCommand {
    /// Packed bins and evaluation rows: sequences shown with their document. Returns false for a
    /// dataset whose documents are single sequences (the plain view applies).
    func showDocuments(prefix: String, ids: PackedReader, labels: PackedReader?, view: SequenceView, marking: SequenceView.Marking) throws -> Bool {
        let outputsIdx = PackedPaths.idx(prefix: prefix, name: PackedPaths.outputIDs)
        let outputs = FileManager.default.fileExists(atPath: outputsIdx) ? try PackedReader(prefix: prefix, name: PackedPaths.outputIDs) : nil
        let docs = ids.documentIndex
        let perSequence = docs.count - 1 == ids.count
        guard outputs != nil || !perSequence else {
            if document != nil { throw ValidationError("--document: every document of \(prefix) is one sequence; use --index") }
            return false
        }
        let range: Range<Int>
        if let d = document {
            guard d < docs.count - 1 else { throw ValidationError("--document \(d) is past the last document (\(docs.count - 1) in \(prefix))") }
            range = Int(docs[d]) ..< Int(docs[d + 1])
            if range.isEmpty { print("document \(d): no sequences (a conversation without a model turn)"); return true }
        } else {
            guard index < ids.count else { throw ValidationError("--index \(index) is past the last sequence (\(ids.count) sequences in \(prefix))") }
            range = index ..< min(ids.count, index + count)
        }
        let meta = (FileManager.default.contents(atPath: PackedPaths.meta(prefix: prefix))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let capacity = meta?["pack"] as? Int
        for i in range {
            let place = DocumentPlace.of(i, in: docs)
            if let outputs {
                print(view.evalExample(index: i, input: ids[i], output: outputs[i], place: place, marking: marking))
            } else if let place {
                let first = i - place.position
                let binStart = (first ..< i).reduce(0) { $0 + ids.length($1) }
                let binTokens = (first ..< first + place.count).reduce(0) { $0 + ids.length($1) }
                let x = ids[i], y = labels?[i]
                print(view.packedHeader(index: i, ids: x, labels: y, place: place, binStart: binStart, binTokens: binTokens, capacity: capacity))
                print(tokens ? view.tokenTable(ids: x, labels: y) : view.text(ids: x, labels: y, marking: marking))
            }
            if i + 1 < range.upperBound { print() }
        }
        return true
    }
}
