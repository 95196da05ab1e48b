import Foundation
import TestSupport
import Testing

/// The model flags as a user meets them: a Hugging Face directory end to end (encode, inspect
/// with the dataset's own model, verify), the errors for unknown templates and families, and a
/// foreign tiktoken vocabulary whose files `verify` accepts.
@Suite struct ModelCLITests {
    @Test func qwenDirectoryEncodesInspectsAndVerifies() throws {
        let dir = try Scratch()
        let prefix = dir.path + "/qwen"
        let kit = ModelKit.qwen3_5.directory.path
        let e = try CLI.run(["encode", ModelKit.qwen3_5.file("dev.jsonl").path, "--model", kit, "-o", prefix, "--workers", "2"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stderr.contains("encoded 496 of 496 records"))
        #expect(!e.stderr.contains("warning"))  // no cut by default for this family
        let v = try CLI.run(["verify", prefix])
        #expect(v.status == 0, "\(v.stderr)")
        // inspect decodes with the dataset's own model (meta.json), never GLM-4's by default.
        let i = try CLI.run(["inspect", prefix, "--plain"])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("<|im_start|>user\nDescribe a process of making crepes.<|im_end|>"))
        #expect(i.stdout.contains("<|im_start|>assistant\n<think>\n\n[[</think>\n\nMaking crepes"))  // the `\n\n` token starts in the prompt
        // Another vocabulary than the one recorded is refused, with the reason.
        let wrong = try CLI.run(["inspect", prefix, "--tokenizer", Reference.directory.appendingPathComponent("tokenizer.model").path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("sha256"))
    }

    @Test func unknownChatTemplateListsTheFamilies() throws {
        let dir = try Scratch()
        let model = dir.path + "/model"
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: model + "/tokenizer.json", withDestinationPath: ModelKit.qwen3_5.file("tokenizer.json").path)
        try Data(#"{"chat_template": "{% for m in messages %}{{ m.content }}{% endfor %}"}"#.utf8).write(to: URL(fileURLWithPath: model + "/tokenizer_config.json"))
        let r = try CLI.run(["encode", ModelKit.qwen3_5.file("dev.jsonl").path, "--model", model, "-o", dir.path + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("tokenizer_config.json: the chat template is not one Tokenpack renders exactly"), "\(r.stderr)")
        #expect(r.stderr.contains("glm4") && r.stderr.contains("qwen3.5") && r.stderr.contains("--template"))
        #expect(try dir.files() == ["model"])
    }

    @Test func unknownTemplateNameIsRefused() throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", Reference.data("dev.jsonl").path, "--template", "llama3", "-o", dir.path + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--template llama3: unknown family; supported: glm4, qwen3.5"), "\(r.stderr)")
    }

    /// A tiktoken vocabulary of 1,000 ranks: GLM-4's special tokens follow its ranks, so every id
    /// written lies inside the vocabulary recorded in meta.json and `verify` accepts the files.
    @Test func foreignTiktokenVocabularyWritesVerifiableFiles() throws {
        let dir = try Scratch()
        let lines = try Reference.lines(Reference.directory.appendingPathComponent("tokenizer.model")).prefix(1000)
        let vocab = dir.path + "/small.tiktoken"
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: vocab))
        let input = dir.path + "/in.jsonl"
        try Data(#"{"messages": [{"role": "user", "content": "hello <|user|>"}, {"role": "assistant", "content": "hi"}]}"#.utf8 + [0x0A]).write(to: URL(fileURLWithPath: input))
        let e = try CLI.run(["encode", input, "--tokenizer", vocab, "-o", dir.path + "/out"])
        #expect(e.status == 0, "\(e.stderr)")
        let ids = try readDataset(dir.path + "/out_input_ids")
        #expect(ids.count == 1 && ids[0].allSatisfy { $0 < 1014 })
        #expect(ids[0].first == 1002)  // [gMASK] = 1000 + 2
        let v = try CLI.run(["verify", dir.path + "/out"])
        #expect(v.status == 0, "\(v.stderr)")
    }
}
