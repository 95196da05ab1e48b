import GLM4
import Testing
import Tokenizer
@testable import Inspect

/// The worked example of the reference README ("Loss-mask rule in words"): user "Hi",
/// assistant "Hello!", user "Bye", assistant "Bye.". Ids and labels copied from its table.
enum WorkedExample {
    static let ids: [Int32] = [151331, 151333, 151336, 198, 13041, 151337, 198, 9703, 0, 151336,
                               198, 1359, 68, 151337, 198, 1359, 68, 13, 151336]
    static let labels: [Int32] = [-100, -100, -100, -100, -100, -100, 198, 9703, 0, 151336,
                                  -100, -100, -100, -100, 198, 1359, 68, 13, 151336]
}

@Suite struct SequenceViewTests {
    static let tokenizer = try! GLM4.loadTokenizer()
    let view = SequenceView(tokenizer: Self.tokenizer)

    @Test func plainMarksExactlyTheReferenceTargets() {
        let text = view.text(ids: WorkedExample.ids, labels: WorkedExample.labels, marking: .brackets)
        // Targets per the README: positions 6–9 ("\n", "Hello", "!", "<|user|>") and 14–18.
        #expect(text == "[gMASK]<sop><|user|>\nHi<|assistant|>[[\nHello!<|user|>]]\nBye<|assistant|>[[\nBye.<|user|>]]")
    }

    @Test func colorWrapsTheSameRuns() {
        let text = view.text(ids: WorkedExample.ids, labels: WorkedExample.labels, marking: .color)
        let on = SequenceView.colorOn, off = SequenceView.colorOff
        #expect(text == "[gMASK]<sop><|user|>\nHi<|assistant|>\(on)\nHello!<|user|>\(off)\nBye<|assistant|>\(on)\nBye.<|user|>\(off)")
    }

    @Test func headerCountsTargets() {
        #expect(view.header(index: 3, ids: WorkedExample.ids, labels: WorkedExample.labels) == "sequence 3: 19 tokens, 9 targets")
        #expect(view.header(index: 0, ids: [1, 2], labels: Optional<[Int32]>.none) == "sequence 0: 2 tokens")
    }

    @Test func tokenTableHasOneRowPerPosition() {
        let rows = view.tokenTable(ids: WorkedExample.ids, labels: WorkedExample.labels).split(separator: "\n")
        #expect(rows.count == 20)
        #expect(rows[1] == "0\t151331\t[gMASK]\t-100")
        #expect(rows[7] == "6\t198\t\\n\t198")
        #expect(rows[8] == "7\t9703\tHello\t9703")
        #expect(rows[19] == "18\t151336\t<|user|>\t151336")
    }

    @Test func tokenTextEscapesPartialUTF8AndControls() throws {
        // The reference README: the first 256 ranks are the 256 single bytes.
        var fragments = 0
        for id in Int32(0)..<256 {
            let b = try #require(Self.tokenizer.tokenBytes(id))
            #expect(b.count == 1)
            let shown = view.tokenText(id)
            if b[0] >= 0x80 {
                fragments += 1
                let hex = String(b[0], radix: 16)
                #expect(shown == "\\x" + hex)
            } else if b[0] < 0x20 {
                #expect(shown.hasPrefix("\\"))
            }
        }
        #expect(fragments == 128)
    }
}
