@testable import Bench
import Foundation
import JSONLines
import Pipeline
import Testing

/// The in-memory stages run slice by slice with one set of encoders kept for the whole run: the
/// state a part carries from slice to slice must never change what it produces.
@Suite struct InMemoryStagesTests {
    @Test func encodersKeptAcrossSlicesGiveTheReferenceTokens() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 120)
        let store = try RecordStore.load([InputFile(path: corpus.path, size: corpus.size)])
        let slices = store.slices(ofAtLeast: 20_000)
        #expect(slices.count >= 4)
        let options = EncodeOptions()
        let template = try glm4Model.chatTemplate(options.template)
        let encoding = InMemoryStages.Encoding(tokenizer: glm4, template: template, endOfDocument: glm4Model.endOfDocument)
        let want = try referenceTokens("dev_ref.jsonl", first: 120)
        let input = TokenizerInput.prepare(store, options, template: template)
        for parts in [1, 2] {
            let kept = InMemoryStages.recordEncoders(parts, options: options, encoding: encoding)
            let sliced = slices.reduce(0) { $0 + InMemoryStages.encode(store, records: $1, encoders: kept, parts: parts).tokens }
            #expect(sliced == want, "\(parts) parts")

            // tokenize: the same text tokens slice by slice with kept encoders as in one call
            // with fresh ones.
            let tokenEncoders = PartLocal(parts) { glm4.makeEncoder() }
            var bytes = 0, tokens = 0
            for slice in slices {
                let r = InMemoryStages.tokenize(input, records: input.records(from: slice), encoders: tokenEncoders, parts: parts)
                bytes += r.bytes
                tokens += r.tokens
            }
            let whole = InMemoryStages.tokenize(input, encoders: PartLocal(parts) { glm4.makeEncoder() }, parts: parts)
            #expect(bytes == whole.bytes && tokens == whole.tokens, "\(parts) parts")
            #expect(tokens > 0)
        }
    }

    @Test func eachPartKeepsItsOwnValue() {
        let parts = 3
        let counters = PartLocal(parts) { [Int]() }
        for round in 0 ..< 4 {
            _ = timedParallel(parts) { p in counters[p].value.append(p * 100 + round) }
        }
        for p in 0 ..< parts {
            #expect(counters[p].value == (0 ..< 4).map { p * 100 + $0 })
        }
    }
}
