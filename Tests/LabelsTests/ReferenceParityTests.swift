import ChatTemplate
import GLM4
import Testing
import TestSupport
import Tokenizer
@testable import Labels

/// Shared by the Labels tests: loading the vocabulary takes a moment.
let glm4: Tokenizer = try! GLM4.loadTokenizer()
let glm4Template: any ConversationTemplate = try! GLM4Template(SpecialTokenLookup { glm4.specialTokenID($0) })

/// Every row of the reference kit's outputs, reproduced from its inputs: ids and labels equal,
/// and the reference's `{"error": …}` rows are errors here.
struct ReferenceParityTests {
    struct Setup: Sendable, CustomTestStringConvertible {
        var input: String
        var reference: String
        var options: LabelOptions
        var testDescription: String { reference }
    }

    static let setups: [Setup] = [
        Setup(input: "dev.jsonl", reference: "dev_ref.jsonl", options: LabelOptions()),
        Setup(input: "dev.jsonl", reference: "dev_ref_nolimit.jsonl",
              options: LabelOptions(maxInputLength: 1_000_000, maxOutputLength: 1_000_000)),
        Setup(input: "dev.jsonl", reference: "dev_ref_combine.jsonl", options: LabelOptions(mode: .lastTurn)),
        Setup(input: "dev_edge.jsonl", reference: "dev_edge_ref.jsonl", options: LabelOptions()),
        Setup(input: "dev_edge.jsonl", reference: "dev_edge_ref_nolimit.jsonl",
              options: LabelOptions(maxInputLength: 1_000_000, maxOutputLength: 1_000_000)),
    ]

    @Test(arguments: setups)
    func everyRowMatches(_ s: Setup) throws {
        let inputs = try Reference.lines(Reference.data(s.input))
        let rows = try Reference.rows(s.reference)
        try #require(inputs.count == rows.count)
        var encoder = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: s.options)
        var ids: [Int32] = [], labels: [Int32] = []
        var matched = 0, errors = 0
        for (i, (line, row)) in zip(inputs, rows).enumerated() {
            do {
                try encoder.encode(line, ids: &ids, labels: &labels)
                #expect(row.error == nil, "\(s.input):\(i + 1): reference raises \(row.error ?? "")")
                #expect(ids == row.inputIDs, "\(s.input):\(i + 1): input_ids differ")
                #expect(labels == row.labels, "\(s.input):\(i + 1): labels differ")
                if row.error == nil && ids == row.inputIDs && labels == row.labels { matched += 1 }
            } catch {
                #expect(row.error != nil, "\(s.input):\(i + 1): \(error)")
                if row.error != nil { errors += 1 }
            }
        }
        #expect(matched + errors == rows.count)
        print("\(s.reference): \(matched) rows equal, \(errors) errors where the reference raises, of \(rows.count)")
    }
}
