import Foundation
import TestSupport
import Testing
@testable import JSONLines
import ZstdStream

final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jsonlines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
}

/// Everything a reader produced, flattened: (input, line, offset, kind, bytes) per record.
struct Flat: Equatable {
    var records: [Rec] = []
    var blank = 0
    var batches = 0
    struct Rec: Equatable {
        var input: Int32, line: Int, offset: Int, kind: LineRecord.Kind, bytes: [UInt8]
    }
}

func readAll(_ paths: [String], batchBytes: Int = 1 << 20, batchRecords: Int = 8192, readSize: Int = 256 << 10) throws -> Flat {
    let reader = LineReader(inputs: paths.map { InputFile(path: $0, size: nil) }, batchBytes: batchBytes, batchRecords: batchRecords, readSize: readSize)
    var flat = Flat()
    var expectedSequence = 0
    var lastRaw = 0
    while let batch = try reader.nextBatch() {
        #expect(batch.sequence == expectedSequence)
        #expect(batch.rawBytesRead >= lastRaw)
        lastRaw = batch.rawBytesRead
        expectedSequence += 1
        flat.batches += 1
        flat.blank += batch.blankLines
        batch.forEachRecord { r, bytes in
            flat.records.append(.init(input: r.input, line: r.line, offset: r.byteOffset, kind: r.kind, bytes: Array(bytes)))
        }
    }
    #expect(try reader.nextBatch() == nil)
    return flat
}

/// The oracle: split on `\n` only, 1-based numbering, offsets by summing line lengths + 1.
func oracle(_ content: [UInt8], input: Int32 = 0) -> Flat {
    var flat = Flat()
    if content.isEmpty {
        flat.records.append(.init(input: input, line: 1, offset: 0, kind: .emptyInput, bytes: []))
        return flat
    }
    var start = 0, line = 1
    func add(_ end: Int, _ kind: LineRecord.Kind) {
        let bytes = Array(content[start..<end])
        let text = String(decoding: bytes, as: UTF8.self)
        // Python's str.strip() set, as an independent oracle for blank lines.
        if text.unicodeScalars.allSatisfy({ pythonWhitespace.contains($0.value) }) { flat.blank += 1 }
        else { flat.records.append(.init(input: input, line: line, offset: start, kind: kind, bytes: bytes)) }
    }
    for i in content.indices where content[i] == 0x0A {
        add(i, .line)
        start = i + 1
        line += 1
    }
    if start < content.count { add(content.count, .unterminated) }
    return flat
}

/// `[c for c in range(0x110000) if chr(c).isspace()]` in Python 3.
let pythonWhitespace: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
    0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

func merge(_ parts: [Flat]) -> Flat {
    var f = Flat()
    for p in parts { f.records += p.records; f.blank += p.blank }
    return f
}

@Suite struct LineReaderTests {
    @Test(arguments: [(1 << 20, 256 << 10), (4096, 1000), (100, 7), (1, 1)])
    func devFileMatchesTheOracle(sizes: (Int, Int)) throws {
        let content = try Reference.bytes(Reference.data("dev.jsonl"))
        for name in ["dev.jsonl", "dev.jsonl.zst"] {
            let got = try readAll([Reference.data(name).path], batchBytes: sizes.0, readSize: sizes.1)
            let want = oracle(content)
            #expect(got.records == want.records)
            #expect(got.records.count == 496)
            #expect(got.blank == 0)
            if sizes.0 <= 4096 { #expect(got.batches > 100) }
        }
    }

    @Test func batchRecordsCutsBatches() throws {
        let got = try readAll([Reference.data("dev.jsonl").path], batchRecords: 10)
        #expect(got.batches == 50)
        #expect(got.records.count == 496)
    }

    @Test func manyInputsKeepOrderLinesAndKinds() throws {
        let tmp = try TempDir()
        let a = Array("{\"a\":1}\n\n  \t\n{\"a\":2}\r\n{\"a\":3}".utf8)          // blank lines, CRLF, no final \n
        let b: [UInt8] = []                                                  // empty input
        let c = Array("\u{2028}\u{3000} \n{\"c\":1}\n\u{85}".utf8)            // Unicode blank lines
        let d = Array("\n\n\n".utf8)                                         // blank only: not empty
        let paths = try [tmp.write("a.jsonl", a), tmp.write("b.jsonl", b), tmp.write("c.jsonl", c), tmp.write("d.jsonl", d)]
        let want = merge([oracle(a, input: 0), oracle(b, input: 1), oracle(c, input: 2), oracle(d, input: 3)])
        #expect(want.blank == 7)
        for sizes in [(1 << 20, 1 << 16), (3, 2), (1, 1)] {
            let got = try readAll(paths, batchBytes: sizes.0, readSize: sizes.1)
            #expect(got.records == want.records)
            #expect(got.blank == want.blank)
        }
        let kinds = want.records.map(\.kind)
        #expect(kinds == [.line, .line, .unterminated, .emptyInput, .line])
    }

    @Test func aFiveMegabyteLineIsOneRecord() throws {
        let tmp = try TempDir()
        let big = "{\"text\":\"" + String(repeating: "0123456789", count: 500_000) + "\"}"
        let content = Array(("{\"x\":1}\n" + big + "\n{\"x\":2}\n").utf8)
        let p = try tmp.write("big.jsonl", content)
        let got = try readAll([p], batchBytes: 1024, readSize: 4096)
        #expect(got.records == oracle(content).records)
        #expect(got.records.count == 3)
        #expect(got.records[1].bytes.count == big.utf8.count)
    }

    /// Regression (found by Fuzz/FuzzLineReader): with reads of 1–2 bytes, a BOM opening line 2
    /// after a short first line was skipped as if it opened the file.
    @Test func byteOrderMarkOnlyAtTheStartOfTheInputWhateverTheReadSize() throws {
        let tmp = try TempDir()
        let content: [UInt8] = [0x0D, 0x0A, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D, 0x0A, 0x7B, 0x7D, 0x0A]
        let p = try tmp.write("bom2.jsonl", content)
        for readSize in 1...8 {
            let got = try readAll([p], batchBytes: 64, readSize: readSize)
            #expect(got.records == oracle(content).records, "readSize \(readSize)")
            #expect(got.records.first?.bytes.count == 5, "readSize \(readSize): the BOM of line 2 is part of line 2")
        }
    }

    @Test func randomContentRoundTrips() throws {
        let tmp = try TempDir()
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        for trial in 0..<20 {
            let alphabet: [UInt8] = [0x0A, 0x0A, 0x20, 0x7B, 0x7D, 0x61, 0x0D, 0xE2, 0x80, 0xA8, 0xC2, 0x85]
            let content = (0..<Int.random(in: 0...3000, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let p = try tmp.write("r\(trial).jsonl", content)
            let (batchBytes, batchRecords, readSize) = (Int.random(in: 1...300, using: &rng), Int.random(in: 1...50, using: &rng), Int.random(in: 1...200, using: &rng))
            let got = try readAll([p], batchBytes: batchBytes, batchRecords: batchRecords, readSize: readSize)
            let want = oracle(content)
            let replay = "TOKENPACK_TEST_SEED=\(seed) trial \(trial) batchBytes \(batchBytes) batchRecords \(batchRecords) readSize \(readSize) content \(content)"
            #expect(got.records == want.records, "\(replay)")
            #expect(got.blank == want.blank, "\(replay)")
        }
    }

    @Test func missingInputIsAnErrorNamingIt() throws {
        #expect(throws: ZstdStreamError.self) { try readAll(["/nonexistent/x.jsonl"]) }
    }
}

@Suite struct BlankLineTests {
    @Test func matchesPythonIsspaceForEveryBMPScalar() {
        var mismatches: [String] = []
        for v in UInt32(0)...0xFFFF {
            guard let s = Unicode.Scalar(v), v != 0x0A else { continue }
            var bytes = Array(String(Character(s)).utf8)
            bytes += Array("  ".utf8)
            let blank = bytes.withUnsafeBytes { BlankLine.isBlank($0) }
            if blank != pythonWhitespace.contains(v) { mismatches.append("U+\(String(v, radix: 16))") }
        }
        #expect(mismatches == [])
    }

    @Test func truncatedSequencesAreNotBlank() {
        for bytes: [UInt8] in [[0xC2], [0xE2, 0x80], [0xE3, 0x80], [0x20, 0xE1, 0x9A]] {
            #expect(!bytes.withUnsafeBytes { BlankLine.isBlank($0) })
        }
        #expect([UInt8]().withUnsafeBytes { BlankLine.isBlank($0) })
    }
}


@Suite struct InputFileTests {
    @Test func directoriesExpandSortedAndFiltered() throws {
        let tmp = try TempDir()
        for name in ["b.jsonl", "a.jsonl.zst", "C.jsonl", "notes.txt", "x.json", "z.jsonl"] { try tmp.write(name, [0x0A]) }
        try FileManager.default.createDirectory(at: tmp.url.appendingPathComponent("sub.jsonl"), withIntermediateDirectories: false)
        let dir = tmp.url.path
        let got = try InputFile.expand([dir, "-", dir + "/notes.txt"])
        #expect(got.map(\.path) == ["C.jsonl", "a.jsonl.zst", "b.jsonl", "z.jsonl"].map { dir + "/" + $0 } + ["-", dir + "/notes.txt"])
        #expect(got[0].size == 1)
        #expect(got[4].size == nil)
    }

    @Test func badArgumentsNameThePath() throws {
        let tmp = try TempDir()
        #expect(throws: InputListError(path: "/nonexistent", reason: "no such file or directory")) { try InputFile.expand(["/nonexistent"]) }
        #expect(throws: InputListError(path: tmp.url.path, reason: "directory has no .jsonl, .jsonl.zst, .jsonl.zstd, .jsonl.gz files to read (it is empty)")) { try InputFile.expand([tmp.url.path]) }
        #expect(throws: InputListError.self) { try InputFile.expand(["-", "-"]) }
    }
}

@Suite struct ByteOrderMarkTests {
    /// A UTF-8 BOM opening a file is not part of line 1; one elsewhere is left alone. Offsets
    /// still count it (they are offsets in the file).
    @Test(arguments: [1, 2, 3, 4, 64])
    func leadingBOMIsSkipped(readSize: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let a = dir.appendingPathComponent("a.jsonl").path, b = dir.appendingPathComponent("b.jsonl").path
        try Data(bom + Array("{\"x\":1}\n\u{FEFF}{\"x\":2}\n".utf8)).write(to: URL(fileURLWithPath: a))
        try Data(bom + Array("{\"x\":3}".utf8)).write(to: URL(fileURLWithPath: b))
        let reader = LineReader(inputs: [InputFile(path: a, size: nil), InputFile(path: b, size: nil)], batchBytes: 1 << 16, readSize: readSize)
        var lines: [(String, Int, Int)] = []
        while let batch = try reader.nextBatch() {
            for r in batch.records {
                lines.append((String(decoding: batch.bytes[r.start ..< r.start + r.count], as: UTF8.self), r.line, r.byteOffset))
            }
        }
        #expect(lines.map(\.0) == ["{\"x\":1}", "\u{FEFF}{\"x\":2}", "{\"x\":3}"])
        #expect(lines.map(\.1) == [1, 2, 1])
        #expect(lines.map(\.2) == [3, 11, 3])
    }
}

@Suite struct MaxRecordBytesTests {
    /// Lines over the limit are `.tooLong` records with their line numbers, whether they fit
    /// the buffer or not; the buffer stays near the limit; the lines after them are intact.
    @Test(arguments: [10, 100, 5000])
    func longLinesBecomeTooLongRecords(limit: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "x", count: 20_000)
        let text = "{\"a\":1}\n\(long)\n{\"b\":2}\n\(long)"
        let p = dir.appendingPathComponent("a.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        let reader = LineReader(inputs: [InputFile(path: p, size: nil)], batchBytes: 64, readSize: 16, maxRecordBytes: limit)
        var seen: [(LineRecord.Kind, Int, Int, String)] = []
        while let batch = try reader.nextBatch() {
            for r in batch.records {
                seen.append((r.kind, r.line, r.byteOffset, String(decoding: batch.bytes[r.start ..< r.start + r.count], as: UTF8.self)))
            }
        }
        let kept = seen.filter { $0.0 != .tooLong }
        #expect(kept.map(\.3) == (limit >= 7 ? ["{\"a\":1}", "{\"b\":2}"] : []))
        #expect(kept.map(\.1) == [1, 3])
        #expect(kept.map(\.2) == [0, 20_009])
        #expect(seen.filter { $0.0 == .tooLong }.map(\.1) == [2, 4])
        #expect(seen.filter { $0.0 == .tooLong }.map(\.2) == [8, 20_017])
    }
}

@Suite struct InputSurveyTests {
    /// Everything a directory holds is either read or listed with a reason.
    @Test func directoryEntriesAreReadOrListedWithAReason() throws {
        let tmp = try TempDir()
        let line = Array("{\"text\": \"a\"}\n".utf8)
        for name in ["a.jsonl", "B.JSONL", "c.jsonl.zstd", "d.jsonl.gz"] { try tmp.write(name, line) }
        try tmp.write("arr.jsonl", Array(" [{\"text\": \"a\"}]".utf8))
        try tmp.write("p.jsonl", Array("PAR1....".utf8))
        try tmp.write("x.json", line)
        try tmp.write("y.parquet", Array("PAR1....".utf8))
        try tmp.write("z.gz", line)
        try tmp.write("README.md", line)
        try tmp.write(".hidden.jsonl.swp", line)
        try FileManager.default.createDirectory(at: tmp.url.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: tmp.url.appendingPathComponent("gone.jsonl").path, withDestinationPath: "nowhere")
        // A name that is not UTF-8 (Latin-1 "é").
        let raw = Array(tmp.url.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".jsonl".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let dir = tmp.url.path
        let s = try InputFile.survey([dir])
        #expect(s.inputs.map(\.path) == ["B.JSONL", "a.jsonl", "c.jsonl.zstd", "d.jsonl.gz"].map { dir + "/" + $0 })
        let reasons = Dictionary(s.skipped.map { ($0.path.replacingOccurrences(of: dir + "/", with: ""), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["arr.jsonl"]?.contains("a JSON array") == true)
        #expect(reasons["arr.jsonl"]?.contains("Tools/to_jsonl.py") == true)
        #expect(reasons["p.jsonl"]?.contains("parquet") == true)
        #expect(reasons["y.parquet"]?.contains("parquet") == true)
        #expect(reasons["x.json"]?.contains("not a .jsonl name") == true)
        #expect(reasons["z.gz"]?.contains("give it by name") == true)
        #expect(reasons["sub/"]?.contains("not searched recursively") == true)
        #expect(reasons["gone.jsonl"]?.contains("broken symbolic link") == true)
        #expect(reasons["caf\u{FFFD}.jsonl"]?.contains("not valid UTF-8") == true)
        #expect(reasons[""]?.contains("1 file not named") == true)
        #expect(reasons[""]?.contains("README.md") == true)
        #expect(s.skipped.count == 9)
    }

    @Test func ownOutputsAreRefusedOrLeftOut() throws {
        let tmp = try TempDir()
        let line = Array("{\"text\": \"a\"}\n".utf8)
        try tmp.write("a.jsonl", line)
        let rejects = try tmp.write("x.rejects.jsonl", line)
        let real = tmp.url.resolvingSymlinksInPath().path
        let own = [real + "/x.rejects.jsonl", real + "/x.meta.json"]
        let s = try InputFile.survey([tmp.url.path], ownOutputs: own)
        #expect(s.inputs.map(\.path) == [tmp.url.path + "/a.jsonl"])
        #expect(s.skipped.map(\.path) == [rejects])
        #expect(throws: InputListError.self) { try InputFile.survey([rejects], ownOutputs: own) }
    }

    @Test func aJobWithNothingToReadIsAnError() throws {
        let tmp = try TempDir()
        let p = try tmp.write("data.jsonl", Array("PAR1....".utf8))
        do {
            _ = try InputFile.survey([p])
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("nothing to read"))
            #expect(error.reason.contains("parquet"))
        }
    }
}
