@testable import ChatTemplate
import Foundation
import Testing
import TestSupport
import Tokenizer
@testable import Models

/// Choosing a model at the edge: the bundled GLM-4, a tiktoken file, forced families, and the
/// errors a user sees.
struct ModelSelectionTests {
    @Test func defaultIsTheBundledGLM4() throws {
        let model = try ModelSelection().load()
        #expect(model.family == .glm4)
        #expect(model.provenance.kind == .bundled && model.provenance.path == nil)
        #expect(model.tokenizer.sha256 == "5a493598071550244b2ee7f26118f3edec2150b9dfa967929a99052ac83fe716")
        #expect(try model.chatTemplate().family == .glm4)
        #expect(model.endOfDocument == 151_329)
    }

    /// A tiktoken file gets GLM-4's special tokens numbered after its own ranks, so every id
    /// stays inside the vocabulary `verify` checks against; for GLM-4's own file that is the
    /// reference numbering.
    @Test func tiktokenFileNumbersSpecialsAfterItsRanks() throws {
        let path = Reference.directory.appendingPathComponent("tokenizer.model").path
        let glm = try ModelSelection(tiktokenFile: path).load()
        #expect(glm.provenance.kind == .tiktoken && glm.provenance.path == path)  // already absolute
        #expect(glm.tokenizer.specialTokenID("<|endoftext|>") == 151_329)
        #expect(glm.tokenizer.specialTokenID("<|end_of_video|>") == 151_342)
        #expect(glm.tokenizer.vocabularySize == 151_343)

        // A smaller vocabulary: the first 1,000 ranks of the same file.
        let lines = try Reference.lines(URL(fileURLWithPath: path)).prefix(1000)
        let dir = try TempDirectory()
        let small = dir.path + "/small.tiktoken"
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: small))
        let model = try ModelSelection(tiktokenFile: small).load()
        #expect(model.tokenizer.mergeableCount == 1000)
        #expect(model.tokenizer.specialTokenID("<|endoftext|>") == 1000)
        #expect(model.tokenizer.specialTokenID("<|assistant|>") == 1008)
        #expect(model.tokenizer.vocabularySize == 1014)
    }

    @Test func unknownTemplateNamesTheFamilies() {
        #expect {
            try ModelSelection(template: "llama3").load()
        } throws: { error in
            let m = (error as? ModelError)?.message ?? ""
            return m.contains("llama3") && m.contains("glm4") && m.contains("qwen3.5")
        }
    }

    @Test func modelAndTokenizerTogetherAreAnError() {
        #expect(throws: ModelError.self) { try ModelSelection(directory: "/x", tiktokenFile: "/y").load() }
    }

    /// Each family recognizes its own model's chat template and no other family's.
    @Test func familiesRecognizeOnlyTheirOwnTemplates() throws {
        let templates: [(String, String?)] = [
            (try Self.chatTemplate(Reference.directory.appendingPathComponent("tokenizer_config.json")), "glm4"),
            (try Self.chatTemplate(ModelKit.qwen3_5.file("tokenizer_config.json")), "qwen3.5"),
            (try Self.chatTemplate(ModelKit.gptOSS.file("tokenizer_config.json")), "gpt-oss"),
        ]
        for (text, family) in templates {
            #expect(TemplateFamily.recognizing(text)?.name == family)
            // Not only the first match: no other family claims it.
            for f in TemplateFamily.all { #expect(f.recognize(text) == (f.name == family), "\(f.name) on \(family ?? "-")") }
        }
        #expect(TemplateFamily.recognizing("{{ messages }}") == nil)
    }

    /// `--template gpt-oss` forces the family; the kit's directory is recognized without it.
    @Test func gptOSSIsForcedByName() throws {
        let m = try ModelSelection(directory: ModelKit.gptOSS.directory.path, template: "gpt-oss").load()
        #expect(m.family?.name == "gpt-oss")
        let t = try m.chatTemplate(TemplateOptions(date: TemplateDate("2024-02-29")!))
        #expect(t.family.name == "gpt-oss" && t.date?.description == "2024-02-29")
        #expect(m.tokenizer.specialTokenID("<|call|>") == 200_012)
    }

    /// `--template-date` values: exactly YYYY-MM-DD naming a real date.
    @Test func templateDates() {
        #expect(TemplateDate("2025-08-05")?.description == "2025-08-05")
        #expect(TemplateDate("2024-02-29") != nil && TemplateDate("2023-02-29") == nil && TemplateDate("1900-02-29") == nil)
        for bad in ["2025-8-05", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01", "20250805", " 2025-08-05", "2025-08-05T00:00"] {
            #expect(TemplateDate(bad) == nil, "\(bad)")
        }
        #expect(TemplateDate(daysSince1970: 0).description == "1970-01-01")
        #expect(TemplateDate(daysSince1970: 20_305).description == "2025-08-05")
        #expect(TemplateDate(daysSince1970: -1).description == "1969-12-31")
    }

    static func chatTemplate(_ url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        let o = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return o["chat_template"] as! String
    }
}

/// A temporary directory removed when the value goes away.
final class TempDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "tokenpack-models-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
