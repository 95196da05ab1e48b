@testable import ChatTemplate

/// GLM-4's template over the reference's special-token ids (README of `../shared/reference`:
/// 151329 `<|endoftext|>` … 151342), without loading a vocabulary.
let glm4SpecialIDs: [String: Int32] = [
    "[gMASK]": 151331, "<sop>": 151333, "<|system|>": 151335, "<|user|>": 151336,
    "<|assistant|>": 151337, "<|observation|>": 151338,
]
let glm4: GLM4Template = try! GLM4Template(SpecialTokenLookup { glm4SpecialIDs[$0] })

extension RenderedConversation {
    /// The segments without the closing `<|user|>` the official code appends after the
    /// template's text (the Jinja fixtures hold the template's text alone).
    var withoutClosingUser: RenderedConversation {
        var copy = RenderedConversation()
        let n = segments.last?.special == glm4SpecialIDs["<|user|>"] ? segments.count - 1 : segments.count
        for i in 0 ..< n {
            let s = segments[i]
            if let id = s.special { copy.appendSpecial(id, trainable: s.trainable) } else {
                if !s.joinsPrevious { copy.breakText() }
                Array(text(i)).withUnsafeBytes { copy.appendText($0, trainable: s.trainable) }
            }
        }
        return copy
    }
}
