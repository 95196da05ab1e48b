import PackedFormat

extension OutputFiles {
    /// `--eval`: each example one sequence of `input_ids` (the prompt) and of `output_ids` (the
    /// answer); each record one document, empty when it has no model turn.
    func appendExamples(_ b: EncodedBatch) throws(PipelineError) {
        guard let outputs = labels else { preconditionFailure("evaluation rows need the output_ids writer") }
        var e = 0, i = 0, o = 0
        do {
            for count in b.examplesPerRecord {
                for (n, m) in b.examples[e ..< e + count] {
                    try b.ids.withUnsafeBufferPointer { p throws(PackedFormatError) in try ids.append(UnsafeBufferPointer(rebasing: p[i ..< i + n])) }
                    try b.labels.withUnsafeBufferPointer { p throws(PackedFormatError) in try outputs.append(UnsafeBufferPointer(rebasing: p[o ..< o + m])) }
                    i += n
                    o += m
                }
                e += count
                ids.endDocument()
                outputs.endDocument()
            }
        } catch {
            throw .output(path: error.path, message: error.description)
        }
    }
}

extension PipelineConfiguration {
    /// The array beside `input_ids`: `labels`, or `output_ids` for evaluation rows.
    var secondArrayName: String { evalRows ? PackedPaths.outputIDs : PackedPaths.labels }
}
