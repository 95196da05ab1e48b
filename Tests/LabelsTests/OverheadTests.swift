import ChatTemplate
import Foundation
import JSONScanner
import Testing
import TestSupport
import Tokenizer
import Labels

/// The performance bound, opt-in because timings need a quiet release build:
/// `TOKENPACK_PERF=1 swift test -c release --filter OverheadTests`.
/// Parsing, rendering and labelling together must add at most 10% to the time the tokenizer
/// spends on the same rendered text of `dev.jsonl` (per-turn mode, no truncation).
struct OverheadTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TOKENPACK_PERF"] != nil))
    func renderingAndLabellingAddAtMostTenPercent() throws {
        let lines = try Reference.lines(Reference.data("dev.jsonl"))
        let options = LabelOptions(maxInputLength: 1_000_000, maxOutputLength: 1_000_000)
        let bytes = lines.reduce(0) { $0 + $1.count }
        let rounds = 15

        // The tokenizer alone, on the segments the template produces (rendered beforehand).
        var tape = JSONTape()
        var renders: [RenderedConversation] = []
        for line in lines {
            try line.withUnsafeBytes { r in
                try tape.parse(r)
                var out = RenderedConversation()
                try ChatTemplate.render(tape, record: r, mode: .eachMessage, into: &out)
                renders.append(out)
            }
        }
        var encoder = glm4.makeEncoder()
        var ids: [Int32] = [], labels: [Int32] = []
        func tokenizeOnly() throws {
            for r in renders {
                ids.removeAll(keepingCapacity: true)
                try r.bytes.withUnsafeBytes { all in
                    for s in r.segments where s.special == nil {
                        try encoder.encode(UnsafeRawBufferPointer(rebasing: all[Int(s.start)..<Int(s.end)]), specials: true, into: &ids)
                    }
                }
            }
        }
        var chat = ChatRecordEncoder(tokenizer: glm4, options: options)
        func everything() throws {
            for line in lines { try chat.encode(line, ids: &ids, labels: &labels) }
        }
        func parseOnly() throws {
            for line in lines { try line.withUnsafeBytes { try tape.parse($0) } }
        }
        var truncating = ChatRecordEncoder(tokenizer: glm4, options: LabelOptions())
        func everythingTruncated() throws {
            for line in lines { try truncating.encode(line, ids: &ids, labels: &labels) }
        }
        var out = RenderedConversation()
        func parseAndRender() throws {
            for line in lines {
                try line.withUnsafeBytes { r in
                    try tape.parse(r)
                    try ChatTemplate.render(tape, record: r, mode: .eachMessage, into: &out)
                }
            }
        }
        /// Best of `rounds` timings; the stages alternate so load from other processes hits all alike.
        /// CPU time of this thread, so time spent descheduled on a busy machine does not count.
        func time(_ f: () throws -> Void) rethrows -> Double {
            func now() -> Double {
                var ts = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
                return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
            }
            let start = now()
            try f()
            return now() - start
        }
        var tTok = Double.infinity, tAll = Double.infinity, tCut = Double.infinity, tParse = Double.infinity, tRender = Double.infinity
        try tokenizeOnly(); try everything()  // warm-up
        for _ in 0..<rounds {
            tTok = min(tTok, try time(tokenizeOnly))
            tAll = min(tAll, try time(everything))
            tCut = min(tCut, try time(everythingTruncated))
            tParse = min(tParse, try time(parseOnly))
            tRender = min(tRender, try time(parseAndRender))
        }
        let mb = Double(bytes) / 1e6
        print(String(format: "dev.jsonl %.2f MB: parse %.1f MB/s, parse+render %.1f MB/s, tokenize only %.1f MB/s, all %.1f MB/s; overhead %.1f%%; with the default cut at 1025 tokens %.1f MB/s",
                     mb, mb / tParse, mb / tRender, mb / tTok, mb / tAll, (tAll - tTok) / tTok * 100, mb / tCut))
        #expect(tAll <= tTok * 1.10)
    }
}
