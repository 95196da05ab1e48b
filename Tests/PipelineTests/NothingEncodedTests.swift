import Foundation
import Testing
@testable import Pipeline

@Suite struct NothingEncodedTests {
    /// Lines were read, none encoded: the job fails with the first reason and writes nothing.
    @Test func aJobInWhichNothingEncodesFailsWithTheFirstReason() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", Array("bad\n\nworse\n".utf8))
        do {
            _ = try EncodeJob(configuration: config([a], tmp.path + "/x", workers: 2)) { ByteEncoder() }.run()
            Issue.record("succeeded")
        } catch {
            guard case .nothingEncoded(let skipped, let blank, let first) = error else { Issue.record("\(error)"); return }
            #expect(skipped == 2 && blank == 1)
            #expect(first?.hasPrefix("\(a):1: ") == true, "\(first ?? "")")
        }
        #expect(try tmp.files() == ["a.jsonl"])
    }

    /// No lines at all (a shard that received none, say) is an empty dataset, not a failure.
    @Test func noLinesAtAllIsAnEmptyDataset() throws {
        let tmp = try TempDir()
        let a = try tmp.write("a.jsonl", [0xEF, 0xBB, 0xBF])
        let s = try EncodeJob(configuration: config([a], tmp.path + "/x", workers: 1)) { ByteEncoder() }.run()
        #expect(s.encoded == 0 && s.records == 0)
    }
}
