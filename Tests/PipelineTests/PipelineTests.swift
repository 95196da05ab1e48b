import CZstd
import Foundation
import JSONLines
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

final class TempDir: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    var path: String { url.path }
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    func read(_ name: String) throws -> [UInt8] { try Reference.bytes(url.appendingPathComponent(name)) }
}

/// Counts encoders running at once, to check the worker bound.
final class Concurrency: @unchecked Sendable {
    private let lock = NSLock()
    private var running = 0
    private(set) var peak = 0
    private var started = 0
    /// Returns how many records have started so far, this one included.
    @discardableResult
    func enter() -> Int { lock.withLock { running += 1; started += 1; peak = max(peak, running); return started } }
    func leave() { lock.withLock { running -= 1 } }
}

/// A stand-in encoder with an obvious oracle: a record must start with `{`; ids are its bytes,
/// labels keep the lowercase ASCII letters and mask the rest.
struct ByteEncoder: RecordEncoder {
    var producesLabels = true
    var delayMicroseconds: UInt32 = 0
    var concurrency: Concurrency? = nil
    var onRecord: (@Sendable (Int) -> Void)? = nil

    mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection) {
        let n = concurrency?.enter() ?? 0
        onRecord?(n)
        defer { concurrency?.leave() }
        if delayMicroseconds > 0 { usleep(delayMicroseconds) }
        guard record.first(where: { $0 != 0x20 }) == UInt8(ascii: "{") else { throw RecordRejection("not a JSON object") }
        ids = record.map { Int32($0) }
        if producesLabels { labels = record.map { (0x61 ... 0x7A).contains($0) ? Int32($0) : -100 } }
    }

    static func expected(_ line: [UInt8]) -> (ids: [Int32], labels: [Int32])? {
        guard line.first(where: { $0 != 0x20 }) == UInt8(ascii: "{") else { return nil }
        return (line.map { Int32($0) }, line.map { (0x61 ... 0x7A).contains($0) ? Int32($0) : -100 })
    }
}


/// Lines of varied size: records, blank lines, bad records, now and then a long one.
func corpus(lines: Int, seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    var out: [UInt8] = []
    for _ in 0 ..< lines {
        switch Int.random(in: 0 ..< 100, using: &rng) {
        case 0 ..< 5: out += Array("   ".utf8)
        case 5 ..< 10: out += Array("oops, not json".utf8)
        case 10 ..< 12: out += Array(("{\"long\":\"" + String(repeating: "ab", count: Int.random(in: 500 ... 5000, using: &rng)) + "\"}").utf8)
        default:
            let n = Int.random(in: 0 ... 60, using: &rng)
            out += Array("{\"t\":\"".utf8) + (0 ..< n).map { _ in UInt8.random(in: 0x41 ... 0x7A, using: &rng) } + Array("\"}".utf8)
        }
        out.append(0x0A)
    }
    return out
}

struct Expectation {
    var sequences: [(ids: [Int32], labels: [Int32])] = []
    var rejects: [String] = []
    var blank = 0
}

/// The oracle for ByteEncoder over whole files: split on `\n`, blank = only spaces.
func expect(_ files: [(path: String, content: [UInt8])]) -> Expectation {
    var e = Expectation()
    for (path, content) in files {
        let lines = content.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if i == lines.count - 1 && line.isEmpty { break }
            if line.allSatisfy({ $0 == 0x20 }) { e.blank += 1; continue }
            if let enc = ByteEncoder.expected(Array(line)) { e.sequences.append(enc) }
            else {
                let reason = "not a JSON object" + (i == lines.count - 1 ? " (last line, no final newline: truncated file?)" : "")
                e.rejects.append("{\"file\":\"\(path)\",\"line\":\(i + 1),\"error\":\"\(reason)\"}")
            }
        }
    }
    return e
}

func config(_ inputs: [String], _ prefix: String, workers: Int, batchBytes: Int = 200, batchRecords: Int = 7) -> PipelineConfiguration {
    var c = PipelineConfiguration(inputs: inputs.map { InputFile(path: $0, size: InputFile.fileSize($0)) }, outputPrefix: prefix, workers: workers)
    c.batchBytes = batchBytes
    c.batchRecords = batchRecords
    c.metadata = ["format": MetaValue.string("test")]
    return c
}

func check(prefix: String, against e: Expectation, labels: Bool = true) throws {
    let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
    #expect(ids.count == e.sequences.count)
    let lab = labels ? try PackedReader(prefix: prefix, name: PackedPaths.labels) : nil
    for k in 0 ..< min(ids.count, e.sequences.count) {
        #expect(ids[k] == e.sequences[k].ids, "sequence \(k)")
        if let lab { #expect(lab[k] == e.sequences[k].labels, "sequence \(k)") }
    }
    let rejects = try Reference.lines(URL(fileURLWithPath: PackedPaths.rejects(prefix: prefix))).map { String(decoding: $0, as: UTF8.self) }
    #expect(rejects == e.rejects)
}

@Suite struct PipelineTests {
    @Test func outputIsIdenticalForAnyWorkerCount() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", corpus(lines: 1500, seed: 1))
        let b = try tmp.write("b.jsonl", corpus(lines: 700, seed: 2))
        let want = expect([(a, try tmp.read("a.jsonl")), (b, try tmp.read("b.jsonl"))])
        #expect(want.rejects.count > 50 && want.blank > 50)
        var outputs: [[Int]] = []
        for workers in [1, 2, 3] {
            let prefix = tmp.path + "/out\(workers)/w"
            let counter = Concurrency()
            let job = EncodeJob(configuration: config([a, b], prefix, workers: workers)) {
                ByteEncoder(concurrency: counter)
            }
            let s = try job.run()
            #expect(counter.peak <= workers)
            #expect(s.encoded == want.sequences.count)
            #expect(s.skipped == want.rejects.count)
            #expect(s.blankLines == want.blank)
            #expect(s.records == s.encoded + s.skipped)
            #expect(s.tokens == want.sequences.reduce(0) { $0 + $1.ids.count })
            #expect(s.targetTokens == want.sequences.reduce(0) { $0 + $1.labels.filter { $0 != -100 }.count })
            try check(prefix: prefix, against: want)
            outputs.append(try s.outputFiles.map { try Reference.bytes(URL(fileURLWithPath: $0)).hashValue })
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path + "/out\(workers)").count == 6)
        }
        for w in 1 ... 2 {
            for f in outputs[0].indices { #expect(outputs[w][f] == outputs[0][f], "workers \(w + 1), file \(f) differs from workers 1") }
        }
    }

    @Test func slowWorkersStillWriteInOrderAndStayBounded() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", corpus(lines: 300, seed: 3))
        let want = expect([(a, try tmp.read("a.jsonl"))])
        var c = config([a], tmp.path + "/p", workers: 3, batchBytes: 64, batchRecords: 3)
        c.maxBatchesInFlight = 4
        let counter = Concurrency()
        let job = EncodeJob(configuration: c) { ByteEncoder(delayMicroseconds: UInt32.random(in: 0 ... 300), concurrency: counter) }
        _ = try job.run()
        #expect(counter.peak <= 3)
        #expect(job.peakBatchesInFlight <= 4)
        #expect(job.peakBatchesInFlight >= 1)
        try check(prefix: tmp.path + "/p", against: want)
    }

    @Test func textEncodersWriteOnlyIDs() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", corpus(lines: 100, seed: 4))
        let s = try EncodeJob(configuration: config([a], tmp.path + "/t", workers: 2)) { ByteEncoder(producesLabels: false) }.run()
        #expect(try tmp.files() == ["a.jsonl", "t.meta.json", "t.rejects.jsonl", "t_input_ids_document.bin", "t_input_ids_document.idx"])
        #expect(s.targetTokens == 0)
        try check(prefix: tmp.path + "/t", against: expect([(a, try tmp.read("a.jsonl"))]), labels: false)
    }

    @Test func badInputSuiteKeepsEveryGoodRecord() throws {
        let tmp = try TempDir()
        let good = try tmp.write("1-good.jsonl", Array("{\"a\":\"x\"}\n{\"a\":\"y\"}\n".utf8))
        let empty = try tmp.write("2-empty.jsonl", [])
        let utf8 = try tmp.write("3-utf8.jsonl", Array("{\"a\":\"z\"}\n".utf8) + [0x7B, 0x22, 0xFF, 0x22, 0x7D, 0x0A] + Array("{\"b\":\"w\"}\n".utf8))
        let cut = try tmp.write("4-cut.jsonl", Array("{\"c\":\"v\"}\n  \n{\"c\":\"u\"}\nnot json\n{\"d\":1,".utf8))
        let lastOK = try tmp.write("5-nonl.jsonl", Array("{\"e\":\"t\"}".utf8))
        let prefix = tmp.path + "/o/x"
        let s = try EncodeJob(configuration: config([good, empty, utf8, cut, lastOK], prefix, workers: 2, batchBytes: 5, batchRecords: 2)) {
            // Our stand-in accepts anything starting with `{`; make the truncated record bad too.
            ByteEncoder()
        }.run()
        let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        let texts = (0 ..< ids.count).map { k in String(decoding: ids[k].map { UInt8($0) }, as: UTF8.self) }
        #expect(texts == ["{\"a\":\"x\"}", "{\"a\":\"y\"}", "{\"a\":\"z\"}", "{\"b\":\"w\"}", "{\"c\":\"v\"}", "{\"c\":\"u\"}", "{\"d\":1,", "{\"e\":\"t\"}"])
        let rejects = try Reference.jsonLines(URL(fileURLWithPath: prefix + ".rejects.jsonl")) as! [[String: Any]]
        #expect(rejects.map { $0["file"] as! String } == [empty, utf8, cut])
        #expect(rejects.map { $0["line"] as! Int } == [1, 2, 4])
        #expect(rejects.map { $0["error"] as! String } == ["empty file (no records)", "invalid UTF-8 at byte 2 of the line", "not a JSON object"])
        #expect(s.blankLines == 1)
        #expect(s.skipped == 3)
    }

    @Test func failPolicyStopsAtTheFirstBadRecordAndWritesNothing() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", corpus(lines: 2000, seed: 5))
        let firstBad = expect([(a, try tmp.read("a.jsonl"))]).rejects[0]
        var c = config([a], tmp.path + "/f", workers: 3)
        c.onError = .fail
        #expect {
            try EncodeJob(configuration: c) { ByteEncoder() }.run()
        } throws: { error in
            guard case .record(let path, let line, let reason) = error as? PipelineError else { return false }
            return path == a && firstBad.contains("\"line\":\(line),") && reason == "not a JSON object"
        }
        #expect(try tmp.files() == ["a.jsonl"])
    }

    @Test func unreadableInputsFailWithThePathAndWriteNothing() throws {
        let tmp = try TempDir()
        let good = try tmp.write("good.jsonl", corpus(lines: 500, seed: 6))
        var z = try Reference.bytes(Reference.data("dev.jsonl.zst"))
        for i in stride(from: 200, to: z.count, by: 1000) { z[i] ^= 0xA5 }
        let corrupt = try tmp.write("bad.jsonl.zst", z)
        let missing = tmp.path + "/missing.jsonl"
        for (inputs, culprit) in [([good, corrupt], corrupt), ([good, missing], missing)] {
            #expect {
                try EncodeJob(configuration: config(inputs, tmp.path + "/o", workers: 2, batchBytes: 4096)) { ByteEncoder() }.run()
            } throws: { error in
                guard case .input(let path, let message) = error as? PipelineError else { return false }
                return path == culprit && message.hasPrefix(culprit + ":")
            }
            #expect(try tmp.files() == ["bad.jsonl.zst", "good.jsonl"])
        }
    }

    @Test func unwritableOutputIsAnErrorNamingThePath() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", Array("{}\n".utf8))
        let prefix = a + "/sub/out"  // a file used as a directory
        #expect {
            try EncodeJob(configuration: config([a], prefix, workers: 1)) { ByteEncoder() }.run()
        } throws: { error in
            guard case .output = error as? PipelineError else { return false }
            return "\(error)".contains(a)
        }
    }

    @Test func cancelRemovesEverything() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", corpus(lines: 3000, seed: 7))
        // Cancel from inside the run, once a few hundred records are done, as SIGINT would.
        final class Box: @unchecked Sendable { var job: EncodeJob<ByteEncoder>? }
        let box = Box(), counter = Concurrency()
        var c = config([a], tmp.path + "/c", workers: 2)
        c.maxBatchesInFlight = 3
        let job = EncodeJob(configuration: c) { ByteEncoder(concurrency: counter, onRecord: { n in if n == 300 { box.job?.cancel() } }) }
        box.job = job
        #expect {
            try job.run()
        } throws: { error in
            guard case .cancelled = error as? PipelineError else { return false }
            return true
        }
        #expect(try tmp.files() == ["a.jsonl"])
    }

    @Test func metaJSONRecordsCountsAndInputs() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", Array("{\"a\":1}\n\n{\"b\":2}\nbad\n".utf8))
        var c = config([a], tmp.path + "/m", workers: 1)
        c.metadata = ["tokenizer": .object(["sha256": .string("abc")]), "mode": .string("per-turn")]
        _ = try EncodeJob(configuration: c) { ByteEncoder() }.run()
        let meta = try JSONSerialization.jsonObject(with: Data(tmp.read("m.meta.json"))) as! [String: Any]
        let counts = meta["counts"] as! [String: Int]
        #expect(counts == ["records": 3, "encoded": 2, "skipped": 1, "blank_lines": 1, "tokens": 14, "target_tokens": 2,
                           "truncated_records": 0, "truncated_tokens": 0, "truncated_targets": 0, "zero_target_records": 0])
        #expect((meta["inputs"] as! [[String: Any]]).map { $0["bytes"] as! Int } == [21])
        #expect((meta["tokenizer"] as! [String: String]) == ["sha256": "abc"])
        #expect(meta["mode"] as? String == "per-turn")
    }
}

@Suite struct FormattingTests {
    @Test func rejectLinesAreJSONWithAwkwardText() throws {
        let tmp = try TempDir()
        let dir = tmp.path + "/we\"ird\\dir\u{1}\tname ü"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = dir + "/a.jsonl"
        // One good record: a job in which nothing encodes writes no files at all.
        try Data("nope\nok\n".utf8).write(to: URL(fileURLWithPath: p))
        struct Rejector: RecordEncoder {
            var producesLabels: Bool { false }
            mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection) {
                if record.first == UInt8(ascii: "o") { ids.append(1); return }
                throw RecordRejection("bad \"quote\" \\ back\nslash \u{7} bell \u{2028} sep")
            }
        }
        _ = try EncodeJob(configuration: config([p], tmp.path + "/r", workers: 1)) { Rejector() }.run()
        let rows = try Reference.jsonLines(URL(fileURLWithPath: tmp.path + "/r.rejects.jsonl")) as! [[String: Any]]
        #expect(rows.count == 1)
        #expect(rows[0]["file"] as? String == p)
        #expect(rows[0]["line"] as? Int == 1)
        #expect(rows[0]["error"] as? String == "bad \"quote\" \\ back\nslash \u{7} bell \u{2028} sep")
    }

    @Test func numbers() {
        #expect(Format.grouped(0) == "0")
        #expect(Format.grouped(999) == "999")
        #expect(Format.grouped(1_234_567) == "1,234,567")
        #expect(Format.grouped(-1000) == "-1,000")
        #expect(Format.fixed(3.14159, digits: 2) == "3.14")
        #expect(Format.fixed(1234.05, digits: 1) == "1,234.1")
        #expect(Format.fixed(0.04, digits: 1) == "0.0")
        #expect(Format.megabytes(243_360) == "0.2")
        #expect(Format.duration(59.4) == "0:59")
        #expect(Format.duration(3725) == "1:02:05")
    }
}
