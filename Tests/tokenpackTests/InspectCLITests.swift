import Foundation
import PackedFormat
import TestSupport
import Testing

/// The reference README's worked example, written as a one-sequence dataset.
func writeWorkedExample(to prefix: String) throws {
    let ids: [Int32] = [151331, 151333, 151336, 198, 13041, 151337, 198, 9703, 0, 151336,
                        198, 1359, 68, 151337, 198, 1359, 68, 13, 151336]
    let labels: [Int32] = [-100, -100, -100, -100, -100, -100, 198, 9703, 0, 151336,
                           -100, -100, -100, -100, 198, 1359, 68, 13, 151336]
    for (name, seq) in [(PackedPaths.inputIDs, ids), (PackedPaths.labels, labels)] {
        let w = try PackedWriter(prefix: prefix, name: name)
        try w.append(seq)
        try w.finish()
        try w.commit()
    }
}

func temporaryPrefix(_ name: String) -> (URL, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-cli-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return (dir, dir.appendingPathComponent(name).path)
}

@Suite struct InspectCLITests {
    @Test func plainShowsTheReadmeTargets() throws {
        let (dir, prefix) = temporaryPrefix("we")
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeWorkedExample(to: prefix)
        let r = try CLI.run(["inspect", prefix, "--plain"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            sequence 0: 19 tokens, 9 targets
            [gMASK]<sop><|user|>
            Hi<|assistant|>[[
            Hello!<|user|>]]
            Bye<|assistant|>[[
            Bye.<|user|>]]

            """)
    }

    @Test func encodedWorkedExampleShowsTheReadmeTargets() throws {
        // The conversation of the reference README's worked example, through encode then inspect.
        let (dir, prefix) = temporaryPrefix("conv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("we.jsonl")
        try Data(#"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Bye"}, {"role": "assistant", "content": "Bye."}]}"#.utf8 + [0x0A]).write(to: input)
        let enc = try CLI.run(["encode", input.path, "-o", prefix, "--quiet"])
        try #require(enc.status == 0, "\(enc.stderr)")
        let r = try CLI.run(["inspect", prefix, "--plain"])
        #expect(r.stdout == "sequence 0: 19 tokens, 9 targets\n[gMASK]<sop><|user|>\nHi<|assistant|>[[\nHello!<|user|>]]\nBye<|assistant|>[[\nBye.<|user|>]]\n")
    }

    @Test func tokensListsPositionsAndLabels() throws {
        let (dir, prefix) = temporaryPrefix("we")
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeWorkedExample(to: prefix)
        let r = try CLI.run(["inspect", prefix, "--tokens"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines[7] == "5\t151337\t<|assistant|>\t-100")
        #expect(lines[11] == "9\t151336\t<|user|>\t151336")
    }

    @Test func indexPastTheEndIsAClearError() throws {
        let (dir, prefix) = temporaryPrefix("we")
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeWorkedExample(to: prefix)
        let r = try CLI.run(["inspect", prefix, "--index", "5"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("past the last sequence"))
    }

    @Test func missingDatasetNamesTheFile() throws {
        let r = try CLI.run(["inspect", "/nonexistent/prefix"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/prefix_input_ids_document.idx"))
    }
}
