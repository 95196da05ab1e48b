import PackedFormat

/// The arrays `inspect` shows: a Tokenpack dataset's ids and labels, or, for a plain Megatron
/// dataset path (PATH.bin/PATH.idx, no meta.json), its int32 ids alone, with a note on stderr.
func openForInspection(_ prefix: String) throws -> (ids: PackedReader, labels: PackedReader?) {
    guard PlainDataset.looksPlain(prefix, metaPath: PackedPaths.meta(prefix: prefix)) else {
        return (try PackedReader(prefix: prefix, name: PackedPaths.inputIDs), try openLabelsIfPresent(prefix: prefix))
    }
    printError("\(prefix): a plain Megatron dataset (no meta.json): ids only, no targets, decoded with the tokenizer given by --tokenizer or the bundled GLM-4 one")
    return (try PackedReader(binPath: prefix + ".bin", idxPath: prefix + ".idx"), nil)
}
