// LineReader on arbitrary bytes read in arbitrary chunkings: the first 3 input bytes choose
// readSize, batchBytes and maxRecordBytes (so reads split lines, BOMs and `\n`s anywhere), the
// rest is the file. Checks: records and blank lines account for every line; each record's bytes
// are the file's bytes at its byte offset; line numbers count `\n`s; nothing is lost or reordered.
#if canImport(Glibc)
import Glibc
#endif
import JSONLines

let path = "/tmp/tokenpack-fuzz-linereader-\(getpid()).jsonl"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 3 else { return 0 }
    let readSize = 1 + Int(data[0] % 64)
    let batchBytes = 1 + Int(data[1] % 128)
    let maxRecord = data[2] < 128 ? 1 << 30 : 1 + Int(data[2] % 96)
    let file = Array(UnsafeBufferPointer(start: data + 3, count: size - 3))
    guard let f = fopen(path, "w") else { fatalError("cannot write \(path)") }
    _ = file.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    defer { unlink(path) }
    // A zstd or gzip magic makes the reader decompress (and, mostly, report an error).
    let compressed = file.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) || file.starts(with: [0x1F, 0x8B])
    let reader = LineReader(inputs: [InputFile(path: path, size: file.count)], batchBytes: batchBytes, batchRecords: 1 + Int(data[1] % 7),
                            readSize: readSize, maxRecordBytes: maxRecord)
    var records: [LineRecord] = []
    var lastSequence = -1
    do {
        while let batch = try reader.nextBatch() {
            precondition(batch.sequence == lastSequence + 1, "batch numbers not consecutive")
            lastSequence = batch.sequence
            for r in batch.records {
                precondition(r.start >= 0 && r.count >= 0 && r.start + r.count <= batch.bytes.count, "record outside its batch")
                if !compressed, r.kind == .line || r.kind == .unterminated {
                    precondition(r.byteOffset + r.count <= file.count, "record past the end of the file")
                    precondition(batch.bytes[r.start ..< r.start + r.count].elementsEqual(file[r.byteOffset ..< r.byteOffset + r.count]),
                                 "record bytes differ from the file at its offset")
                    let newlines = file[..<r.byteOffset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    precondition(r.line == newlines + 1, "line \(r.line) but \(newlines) newlines before it")
                    precondition(!batch.bytes[r.start ..< r.start + r.count].contains(0x0A), "record holds a newline")
                }
                records.append(r)
            }
        }
    } catch {
        return 0
    }
    guard !compressed else { return 0 }
    for (a, b) in zip(records, records.dropFirst()) {
        precondition(a.line < b.line && a.byteOffset < b.byteOffset, "records out of order")
    }
    if maxRecord >= 1 << 30 {
        // Every non-blank line is a record, with exactly its bytes.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = file.starts(with: bom) ? Array(file.dropFirst(3)) : file
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        var expected: [Int] = []
        for (i, l) in lines.enumerated() where !(i == lines.count - 1 && l.isEmpty) {
            if !Array(l).withUnsafeBytes({ BlankLine.isBlank($0) }) { expected.append(l.count) }
        }
        let got = records.filter { $0.kind == .line || $0.kind == .unterminated }.map(\.count)
        precondition(got == expected, "record lengths \(got) but the file's non-blank lines are \(expected)")
    }
    return 0
}
