import Foundation
import JSONLines
import Labels
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// `encode --pack N`: first-fit decreasing within a window, one document per bin, the same
/// files for any worker count, records longer than N cut and counted.
@Suite struct PackingTests {
    @Test func planIsFirstFitDecreasing() {
        // 7, 5 open bins; 4 goes beside 5; 3 beside 7; 2 opens a third bin (7+3, 5+4 are full).
        #expect(Packer.plan([3, 7, 5, 4, 2], capacity: 10) == [[0, 1], [2, 3], [4]])
        #expect(Packer.plan([], capacity: 10).isEmpty)
        #expect(Packer.plan([10, 10], capacity: 10) == [[0], [1]])
        // Ties keep input order.
        #expect(Packer.plan([5, 5, 5], capacity: 10) == [[0, 1], [2]])
    }

    func packed(_ n: Int, window: Int = 1024, workers: Int, batchBytes: Int = 1 << 20, into dir: TempDir, prefix: String) throws -> PipelineSummary {
        var o = EncodeOptions()
        o.packing = PackingOptions(capacity: n, window: window)
        return try encodeReference(["dev.jsonl"], options: o, workers: workers, batchBytes: batchBytes, into: dir, prefix: prefix)
    }

    @Test func binsAreDocumentsAndTheSameForAnyWorkerCount() throws {
        let dir = try TempDir()
        _ = try encodeReference(["dev.jsonl"], into: dir, prefix: "plain")
        let plain = try readBack(dir, prefix: "plain")
        for (k, workers) in [1, 2, 3].enumerated() {
            _ = try packed(2048, window: 100, workers: workers, batchBytes: 4096, into: dir, prefix: "p\(k)")
        }
        for name in [PackedPaths.inputIDs, PackedPaths.labels] {
            for ext in ["bin", "idx"] {
                let a = FileManager.default.contents(atPath: dir.path + "/p0_\(name)_document.\(ext)")
                for k in 1...2 { #expect(a == FileManager.default.contents(atPath: dir.path + "/p\(k)_\(name)_document.\(ext)")) }
            }
        }
        let ids = try PackedReader(prefix: dir.path + "/p0", name: PackedPaths.inputIDs)
        let docs = ids.documentIndex
        // The plan, window by window, over the unpacked lengths in input order.
        var want: [[Int]] = []
        for w in stride(from: 0, to: plain.count, by: 100) {
            let chunk = Array(plain[w ..< min(w + 100, plain.count)])
            want += Packer.plan(chunk.map(\.ids.count), capacity: 2048).map { $0.map { $0 + w } }
        }
        #expect(docs.count - 1 == want.count)
        let got = try readBack(dir, prefix: "p0")
        var s = 0
        for (d, bin) in want.enumerated() {
            #expect(Int(docs[d]) == s)
            var tokens = 0
            for r in bin {
                #expect(got[s].ids == plain[r].ids && got[s].labels == plain[r].labels)
                tokens += got[s].ids.count
                s += 1
            }
            #expect(tokens <= 2048)
        }
        _ = try DatasetCheck.verify(prefix: dir.path + "/p0")
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/p0.meta.json"))) as! [String: Any]
        #expect(meta["pack"] as? Int == 2048 && meta["pack_window"] as? Int == 100)
    }

    @Test func recordsLongerThanABinAreCutAndCounted() throws {
        let dir = try TempDir()
        let s = try packed(300, workers: 2, into: dir, prefix: "p")
        let got = try readBack(dir, prefix: "p")
        #expect(got.allSatisfy { $0.ids.count <= 300 })
        var o = EncodeOptions()
        o.labels.maxLength = 300
        let cut = try encodeReference(["dev.jsonl"], options: o, into: dir, prefix: "cut")
        #expect(s.truncatedRecords == cut.truncatedRecords && s.truncatedTokens == cut.truncatedTokens && s.truncatedTargets == cut.truncatedTargets)
        #expect(s.truncatedRecords > 100)
        let audit = try LabelAudit.run(prefix: dir.path + "/p")
        #expect(audit.pack == 300 && audit.violations.isEmpty && audit.documents < audit.sequences)
    }
}
