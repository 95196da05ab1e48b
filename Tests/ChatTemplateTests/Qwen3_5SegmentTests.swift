import JSONScanner
import Testing
import TestSupport
@testable import ChatTemplate

/// Properties of Qwen3.5's segment stream on every kit dev line and Jinja fixture case.
struct Qwen3_5SegmentTests {
    static func records() -> [[UInt8]] {
        KitDevTests.Kit.qwenDev.records + Qwen3_5JinjaCaseTests.cases.filter { $0.text != nil }.map { Array($0.record.utf8) }
    }

    /// Text is never split (adjacent text segments always join: the tokenizer sees each
    /// stretch between specials whole), no segment is empty, segments cover the bytes in order,
    /// and every special is one of the template's own.
    @Test(arguments: LabelMode.allCases)
    func segmentsAreWellFormed(_ mode: LabelMode) throws {
        var tape = JSONTape()
        var out = RenderedConversation()
        for line in Self.records() {
            try line.withUnsafeBytes { r in
                try tape.parse(r)
                try qwen.render(tape, record: r, mode: mode, into: &out)
            }
            var position: UInt32 = 0
            for (i, s) in out.segments.enumerated() {
                #expect(s.start == position)
                if let id = s.special {
                    #expect(s.end == s.start && !s.joinsPrevious)
                    #expect(qwen.specialText(id) != nil)
                } else {
                    #expect(s.end > s.start)
                    #expect(s.joinsPrevious == (i > 0 && out.segments[i - 1].special == nil))
                    if s.joinsPrevious { #expect(s.trainable != out.segments[i - 1].trainable) }
                }
                position = s.end
            }
            #expect(Int(position) == out.bytes.count)
        }
    }

    /// Every trainable stretch ends with `<|im_end|>` and is followed by a non-trainable `\n`;
    /// `<|im_start|>` is never trainable.
    @Test func turnsEndWithImEnd() throws {
        var tape = JSONTape()
        var out = RenderedConversation()
        let imEnd = qwenSpecialIDs["<|im_end|>"]!, imStart = qwenSpecialIDs["<|im_start|>"]!
        for line in Self.records() {
            try line.withUnsafeBytes { r in
                try tape.parse(r)
                try qwen.render(tape, record: r, mode: .perTurn, into: &out)
            }
            let s = out.segments
            for i in s.indices where s[i].trainable && (i + 1 == s.count || !s[i + 1].trainable) {
                #expect(s[i].special == imEnd)
                #expect(i + 1 < s.count && Array(out.text(i + 1)) == [10])
            }
            #expect(!s.contains { $0.special == imStart && $0.trainable })
        }
    }
}
