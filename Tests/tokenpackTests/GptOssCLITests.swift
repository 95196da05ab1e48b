import Foundation
import TestSupport
import Testing

/// `tokenpack encode --model ../shared/models/gpt_oss --template-date 2025-08-05 --no-truncate`,
/// the command of the issue, and the flag's validation.
@Suite struct GptOssCLITests {
    @Test func theIssuesCommandReproducesDevRef() throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", ModelKit.gptOSS.file("dev.jsonl").path, "-o", dir.path + "/g", "--model", ModelKit.gptOSS.directory.path,
                             "--template-date", "2025-08-05", "--no-truncate", "--workers", "2", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let want = try ModelKit.gptOSS.devRows()
        #expect(try readDataset(dir.path + "/g_input_ids") == want.map(\.inputIDs))
        #expect(try readDataset(dir.path + "/g_labels") == want.map { $0.labels! })
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/g.meta.json"))) as! [String: Any]
        #expect(meta["template"] as? String == "gpt-oss" && meta["template_date"] as? String == "2025-08-05")
    }

    @Test(arguments: ["2025-02-30", "2025-8-5", "yesterday"])
    func badDatesAreRefused(_ date: String) throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", ModelKit.gptOSS.file("dev.jsonl").path, "-o", dir.path + "/g", "--model", ModelKit.gptOSS.directory.path,
                             "--template-date", date])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--template-date \(date): not a date written YYYY-MM-DD"), "\(r.stderr)")
        #expect(try dir.files().isEmpty)
    }

    @Test func aTemplateWithoutADateRefusesTheFlag() throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", Reference.data("dev.jsonl").path, "-o", dir.path + "/g", "--template-date", "2025-08-05"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("the glm4 template prints no date"), "\(r.stderr)")
    }
}
