// Every chat template family (`TemplateFamily.all`, so a new family is fuzzed once registered)
// in every input format and label mode, on whatever arbitrary bytes parse as JSON. Checks: no
// crash; segments lie inside the rendered buffer, in order, back to back; a special segment
// carries an id the template knows; errors point inside the record.
import ChatTemplate
import JSONScanner

/// Specials get distinct ids above any text; which ids does not matter to rendering.
let specials = SpecialTokenLookup { text in Int32(1_000_000 + text.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFFF }) }
let templates: [any ConversationTemplate] = TemplateFamily.all.flatMap { family in
    InputFormat.allCases.compactMap { format in try? family.makeTemplate(specials, options: TemplateOptions(inputFormat: format)) }
}
nonisolated(unsafe) var tape = JSONTape()
nonisolated(unsafe) var out = RenderedConversation()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    precondition(!templates.isEmpty)
    let record = UnsafeRawBufferPointer(start: data, count: size)
    do { try tape.parse(record) } catch { return 0 }
    for template in templates {
        for mode in LabelMode.allCases {
            out.reset()
            do {
                var messages = 0
                try template.render(tape, record: record, mode: mode, into: &out) { _ in messages += 1; return messages < 64 }
            } catch {
                precondition(error.byteOffset >= 0 && error.byteOffset <= size, "template error offset \(error.byteOffset) outside the record")
                continue
            }
            var end: UInt32 = 0
            for s in out.segments {
                if let id = s.special {
                    precondition(template.specialText(id) != nil, "special id \(id) is not the template's")
                    precondition(s.start == s.end, "a special segment holds text")
                } else {
                    precondition(s.start == end && s.end >= s.start, "text segments not back to back")
                    end = s.end
                }
            }
            precondition(Int(end) == out.bytes.count, "segments do not cover the rendered bytes")
            _ = template.renderedText(out)
        }
    }
    return 0
}
