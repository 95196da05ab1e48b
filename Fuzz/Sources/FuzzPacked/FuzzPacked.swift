// PackedReader and DatasetVerifier on arbitrary `.idx`/`.bin` pairs (what `verify` and
// `inspect` open). Input: byte 0 = flags (bit 0: also write a labels pair, bit 1: labels `.bin`
// is the ids `.bin` with its first byte flipped), bytes 1–2 = `.idx` length (little-endian), then
// the `.idx` bytes, then the `.bin` bytes. Checks: an index that opens describes sequences
// inside `.bin` (every token is read, so ASan sees any read outside the mapping), and `verify`
// either accepts or throws; it never crashes.
#if canImport(Glibc)
import Glibc
#endif
import PackedFormat

let prefix = "/tmp/tokenpack-fuzz-packed-\(getpid())"

func write(_ path: String, _ bytes: ArraySlice<UInt8>) {
    guard let f = fopen(path, "w") else { fatalError("cannot write \(path)") }
    _ = Array(bytes).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPacked(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 3 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let flags = all[0]
    let idxLength = min(Int(all[1]) | Int(all[2]) << 8, size - 3)
    let idx = all[3 ..< 3 + idxLength], bin = all[(3 + idxLength)...]
    let paths = [PackedPaths.inputIDs, PackedPaths.labels].flatMap { [PackedPaths.idx(prefix: prefix, name: $0), PackedPaths.bin(prefix: prefix, name: $0)] }
    defer { for p in paths { unlink(p) } }
    write(paths[0], idx)
    write(paths[1], bin)
    if flags & 1 != 0 {
        write(paths[2], idx)
        var labels = Array(bin)
        if flags & 2 != 0, !labels.isEmpty { labels[0] ^= 0x80 }
        write(paths[3], labels[...])
    }
    if let reader = try? PackedReader(binPath: paths[1], idxPath: paths[0]) {
        var tokens = 0
        for i in 0..<reader.count {
            precondition(reader.length(i) >= 0 && reader.byteOffset(i) >= 0 && reader.byteOffset(i) + 4 * reader.length(i) <= bin.count,
                         "sequence \(i) lies outside .bin")
            tokens += reader.length(i)
            _ = reader.withSequence(i) { s in s.reduce(0) { $0 &+ Int($1) } }
        }
        precondition(tokens == reader.tokenCount, "tokenCount \(reader.tokenCount) but the lengths add up to \(tokens)")
        _ = reader.documentIndex
    }
    _ = try? DatasetVerifier.verify(prefix: prefix, vocabularySize: 1 + Int(flags >> 2) * 1000, requireLabels: flags & 1 != 0)
    return 0
}
