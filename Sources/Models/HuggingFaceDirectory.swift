import ChatTemplate
import Foundation
import Tokenizer

/// A Hugging Face tokenizer directory, the layout every model snapshot has: `tokenizer.json`
/// (byte-level BPE) and `tokenizer_config.json` (holding `chat_template`).
enum HuggingFaceDirectory {
    static func load(_ directory: String, template forced: TemplateFamily?) throws(ModelError) -> Model {
        throw ModelError("\(directory): Hugging Face tokenizer directories are not supported yet")
    }
}
