import PackedFormat

extension DatasetCheck {
    /// A packed dataset (`pack` in meta.json): every document (bin) holds at most `capacity`
    /// tokens, and the labels' bins are the ids' bins.
    static func checkBins(prefix: String, capacity: Int, metaPath: String) throws(PackedFormatError) {
        let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        let labels = try PackedReader(prefix: prefix, name: PackedPaths.labels)
        let docs = ids.documentIndex
        guard docs == labels.documentIndex else {
            throw PackedFormatError(path: labels.idxPath, "document index differs from \(ids.idxPath): the bins must be the same")
        }
        for d in 0 ..< docs.count - 1 {
            var tokens = 0
            for s in Int(docs[d]) ..< Int(docs[d + 1]) { tokens += ids.length(s) }
            if tokens > capacity {
                throw PackedFormatError(path: ids.idxPath, sequence: Int(docs[d]), "bin \(d) holds \(tokens) tokens, more than pack \(capacity) recorded in \(metaPath)")
            }
        }
    }
}
