import JSONScanner
import Testing
import TestSupport
@testable import ChatTemplate

/// Properties of the segment stream on every dev and edge record.
struct SegmentPropertyTests {
    static func records() throws -> [[UInt8]] {
        try Reference.lines(Reference.data("dev.jsonl")) + Reference.lines(Reference.data("dev_edge.jsonl"))
    }

    /// Whole-conversation text is never split: no two text segments are adjacent, and no
    /// segment is empty. Both modes start with [gMASK] <sop>.
    @Test func textIsNeverSplitInWholeConversationMode() throws {
        var tape = JSONTape()
        var out = RenderedConversation()
        for line in try Self.records() {
            try line.withUnsafeBytes { r in
                try tape.parse(r)
                try glm4.render(tape, record: r, mode: .lastTurn, into: &out)
            }
            #expect(out.segments.prefix(2).map(\.special) == [glm4SpecialIDs["[gMASK]"], glm4SpecialIDs["<sop>"]])
            for (a, b) in zip(out.segments, out.segments.dropFirst()) {
                #expect(a.special != nil || b.special != nil || b.joinsPrevious)
            }
            #expect(out.segments.allSatisfy { $0.special != nil || $0.end > $0.start })
        }
    }

    /// Without tools the two modes render the same text (`process_message` only touches
    /// tools); only where text segments break differs.
    @Test func modesAgreeWithoutTools() throws {
        var tape = JSONTape()
        var each = RenderedConversation(), whole = RenderedConversation()
        var compared = 0
        for line in try Self.records() where !String(decoding: line, as: UTF8.self).contains("\"tools\"") {
            do {
                try line.withUnsafeBytes { r in
                    try tape.parse(r)
                    try glm4.render(tape, record: r, mode: .perTurn, into: &each)
                    try glm4.render(tape, record: r, mode: .lastTurn, into: &whole)
                }
            } catch { continue }
            #expect(glm4.renderedText(each) == glm4.renderedText(whole))
            compared += 1
        }
        #expect(compared > 300)
    }
}
