import ChatTemplate
import JSONScanner
import Labels
import Tokenizer

/// The chat encoder's stages on one JSONL file, each as a function of its own so that
/// `valgrind --tool=callgrind --toggle-collect='*ChatStages*stageX*'` counts one stage alone
/// (`Tools/overhead_instructions.py`), and timed alternately in this thread's CPU time.
///
/// - `tokenize`: `TokenEncoder.encode` on the text segments the per-turn template produces
///   (rendered beforehand), plus one id per special token, stopping each record where the
///   labeler stops: the tokenizer's own work.
/// - `parse`: `JSONTape.parse` of every record.
/// - `render`: parse + `ChatTemplate.render`.
/// - `encode`: `ChatRecordEncoder.encode`: parse, render, tokenize and label.
///
/// The overhead of parsing, rendering and labelling is `encode − tokenize`.
struct ChatStages {
    let lines: [[UInt8]]
    let tokenizer: Tokenizer
    let options: LabelOptions
    let template: any ConversationTemplate
    /// Per record, the rendered conversation (segments) for `tokenize`.
    let rendered: [RenderedConversation]

    init(jsonl: [UInt8], tokenizer: Tokenizer, template: any ConversationTemplate, options: LabelOptions) {
        lines = jsonl.split(separator: UInt8(ascii: "\n")).map(Array.init)
        self.tokenizer = tokenizer
        self.template = template
        self.options = options
        var tape = JSONTape()
        var rendered: [RenderedConversation] = []
        for line in lines {
            line.withUnsafeBytes { r in
                var out = RenderedConversation()
                do {
                    try tape.parse(r)
                    try template.render(tape, record: r, mode: .perTurn, into: &out)
                } catch {
                    fail("a record of the input is rejected: \(error)")
                }
                rendered.append(out)
            }
        }
        self.rendered = rendered
    }

    @inline(never)
    func stageTokenize(_ encoder: inout TokenEncoder, _ ids: inout [Int32]) -> Int {
        var total = 0
        for r in rendered {
            ids.removeAll(keepingCapacity: true)
            r.bytes.withUnsafeBytes { all in
                var i = 0
                while i < r.segments.count {
                    let s = r.segments[i], end = r.runEnd(from: i)
                    if s.special != nil {
                        ids.append(0)
                    } else {
                        do {
                            try encoder.encode(UnsafeRawBufferPointer(rebasing: all[Int(s.start)..<Int(r.segments[end - 1].end)]), specials: true, into: &ids)
                        } catch { fail("\(error)") }
                    }
                    i = end
                }
            }
            total += ids.count
        }
        return total
    }

    @inline(never)
    func stageParse(_ tape: inout JSONTape) -> Int {
        var nodes = 0
        for line in lines {
            line.withUnsafeBytes { r in
                do { try tape.parse(r) } catch { fail("\(error)") }
            }
            nodes += tape.count
        }
        return nodes
    }

    @inline(never)
    func stageRender(_ tape: inout JSONTape, _ out: inout RenderedConversation) -> Int {
        var bytes = 0
        for line in lines {
            line.withUnsafeBytes { r in
                do {
                    try tape.parse(r)
                    try template.render(tape, record: r, mode: .perTurn, into: &out)
                } catch { fail("\(error)") }
            }
            bytes += out.bytes.count
        }
        return bytes
    }

    @inline(never)
    func stageEncode(_ encoder: inout ChatRecordEncoder, _ ids: inout [Int32], _ labels: inout [Int32]) -> Int {
        var total = 0
        for line in lines {
            do { try encoder.encode(line, ids: &ids, labels: &labels) } catch { fail("\(error)") }
            total += ids.count
        }
        return total
    }

    /// Runs every stage `runs` times, alternating; returns one JSON line with each stage's
    /// median CPU seconds and the overhead `(encode − tokenize) / tokenize` of the medians.
    func measure(runs: Int) -> String {
        var tokenEncoder = tokenizer.makeEncoder()
        var chat = ChatRecordEncoder(tokenizer: tokenizer, template: template, options: options)
        var tape = JSONTape()
        var out = RenderedConversation()
        var ids: [Int32] = [], labels: [Int32] = []
        var seconds: [String: [Double]] = [:]
        var counts: [String: Int] = [:]
        func timed(_ name: String, _ body: () -> Int) {
            let t0 = now()
            counts[name] = body()
            seconds[name, default: []].append(now() - t0)
        }
        for _ in 0..<runs {
            timed("tokenize") { stageTokenize(&tokenEncoder, &ids) }
            timed("encode") { stageEncode(&chat, &ids, &labels) }
            timed("parse") { stageParse(&tape) }
            timed("render") { stageRender(&tape, &out) }
        }
        if counts["tokenize"] != counts["encode"] {
            fail("tokenize produced \(counts["tokenize"]!) ids but encode \(counts["encode"]!)")
        }
        func median(_ name: String) -> Double {
            let s = seconds[name]!.sorted()
            return s[s.count / 2]
        }
        let overhead = (median("encode") - median("tokenize")) / median("tokenize") * 100
        let stages = ["tokenize", "encode", "parse", "render"].map { name in
            "\"\(name)\":{\"median_s\":\(String(format: "%.5f", median(name))),"
                + "\"seconds\":[\(seconds[name]!.map { String(format: "%.5f", $0) }.joined(separator: ","))]}"
        }
        return "{\"records\":\(lines.count),\"tokens\":\(counts["encode"]!),\"overhead_percent\":\(String(format: "%.1f", overhead)),"
            + stages.joined(separator: ",") + "}"
    }
}
