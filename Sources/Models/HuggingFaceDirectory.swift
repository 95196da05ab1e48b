import ChatTemplate
import Foundation
import HuggingFaceTokenizer
import Tokenizer

/// A Hugging Face tokenizer directory, the layout every model snapshot has: `tokenizer.json`
/// (byte-level BPE) and `tokenizer_config.json` holding `chat_template` (or, as newer snapshots
/// keep it, a `chat_template.jinja` file beside it, which transformers then prefers).
enum HuggingFaceDirectory {
    static func load(_ directory: String, template forced: TemplateFamily?) throws(ModelError) -> Model {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ModelError("\(directory): no such directory (--model takes a Hugging Face tokenizer directory)")
        }
        guard isDirectory.boolValue else {
            throw ModelError("\(directory): not a directory (--model takes a directory holding tokenizer.json and tokenizer_config.json; a .tiktoken file goes to --tokenizer)")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let tokenizerPath = base + "/tokenizer.json"
        let configPath = base + "/tokenizer_config.json"
        let jinjaPath = base + "/chat_template.jinja"
        guard FileManager.default.fileExists(atPath: tokenizerPath) else {
            throw ModelError("\(tokenizerPath): not found (a Hugging Face tokenizer directory has tokenizer.json)")
        }
        let hf: HuggingFaceTokenizer
        do { hf = try HuggingFaceTokenizer(path: tokenizerPath) } catch { throw ModelError(error.description) }

        var files = ["tokenizer.json": hf.sha256]
        var chatTemplate: String?
        var templateSource = configPath
        if let data = FileManager.default.contents(atPath: configPath) {
            files["tokenizer_config.json"] = Tokenizer.sha256Hex([UInt8](data))
            guard let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ModelError("\(configPath): not a JSON object")
            }
            chatTemplate = Self.chatTemplate(config["chat_template"])
        }
        if let data = FileManager.default.contents(atPath: jinjaPath) {
            files["chat_template.jinja"] = Tokenizer.sha256Hex([UInt8](data))
            chatTemplate = String(decoding: data, as: UTF8.self)
            templateSource = jinjaPath
        }

        var family = forced
        var unrecognized: String?
        if family == nil {
            if let chatTemplate {
                family = TemplateFamily.recognizing(chatTemplate)
                if family == nil {
                    unrecognized = "\(templateSource): the chat template is not one Tokenpack renders exactly (supported: \(ModelSelection.familyNames)); give --template NAME if the model uses one of them, or --format text"
                }
            } else {
                unrecognized = "\(configPath): no chat_template (and no chat_template.jinja); give --template NAME (\(ModelSelection.familyNames)) or use --format text"
            }
        }
        let provenance = ModelProvenance(
            kind: .huggingFace, path: directory, files: files,
            chatTemplateSHA256: chatTemplate.map { Tokenizer.sha256Hex(Array($0.utf8)) },
            pattern: hf.pattern.rawValue, normalizer: hf.normalizer.rawValue)
        return Model(tokenizer: hf.tokenizer, family: family, provenance: provenance, unrecognized: unrecognized)
    }

    /// `chat_template` is a string, or a list of `{"name", "template"}` (then "default").
    static func chatTemplate(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        if let list = value as? [[String: Any]] {
            let named = list.first { $0["name"] as? String == "default" } ?? list.first
            return named?["template"] as? String
        }
        return nil
    }
}
