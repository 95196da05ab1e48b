import Foundation
import JSONScanner
import TestSupport
@testable import ChatTemplate

/// A model kit's added tokens, read with Foundation from its `tokenizer_config.json`
/// (`added_tokens_decoder`), not through our loaders.
func kitSpecialIDs(_ kit: ModelKit) -> [String: Int32] {
    let data = FileManager.default.contents(atPath: kit.file("tokenizer_config.json").path)!
    let config = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    let added = config["added_tokens_decoder"] as! [String: [String: Any]]
    var ids: [String: Int32] = [:]
    for (id, token) in added { ids[token["content"] as! String] = Int32(id)! }
    return ids
}

/// One rendering written out: the text with specials as their strings, and its runs of equal
/// trainable flag.
struct KitRendering {
    var text: String
    var runs: [(text: String, trainable: Bool)]

    /// The trainable parts, in order.
    var trainableTexts: [String] { runs.filter(\.trainable).map(\.text) }

    /// Character (Unicode scalar, as Python counts) ranges of the trainable runs.
    var trainableCharRanges: [Range<Int>] {
        var out: [Range<Int>] = []
        var offset = 0
        for run in runs {
            let n = run.text.unicodeScalars.count
            if run.trainable { out.append(offset..<(offset + n)) }
            offset += n
        }
        return out
    }

    init(_ r: RenderedConversation, _ template: some ConversationTemplate) {
        var runs: [(text: String, trainable: Bool)] = []
        for (i, s) in r.segments.enumerated() {
            let t = s.special.map { template.specialText($0)! } ?? String(decoding: r.text(i), as: UTF8.self)
            if let last = runs.last, last.trainable == s.trainable {
                runs[runs.count - 1].text += t
            } else {
                runs.append((t, s.trainable))
            }
        }
        self.runs = runs
        text = runs.map(\.text).joined()
    }
}

/// Renders `record` (JSON text) with `template`.
func kitRender(_ template: some ConversationTemplate, _ record: [UInt8], _ mode: LabelMode,
               afterMessage: (borrowing RenderedConversation) -> Bool = { _ in true }) throws(TemplateError) -> KitRendering {
    var tape = JSONTape()
    var out = RenderedConversation()
    var failure: TemplateError?
    record.withUnsafeBytes { bytes in
        do { try tape.parse(bytes) } catch { fatalError("test record is not JSON: \(error)") }
        do throws(TemplateError) {
            try template.render(tape, record: bytes, mode: mode, into: &out, afterMessage: afterMessage)
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return KitRendering(out, template)
}
