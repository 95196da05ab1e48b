// Drives the tokenizer for the Tools/ scripts: a single-thread throughput benchmark and a
// binary encode stream for checking against tiktoken. Not part of the tokenpack CLI.
//
//   tokenizer-bench bench <corpus> [runs] [--ordinary]   (--ordinary: special-token strings as plain text)
//                                           corpus: documents separated by NUL bytes; prints one JSON line
//   tokenizer-bench stream [--specials]     stdin: (u32 LE length, bytes)*; stdout: (u32 LE count, i32 LE ids)*
//   tokenizer-bench load [runs]             vocabulary load time only
//   tokenizer-bench chat <jsonl> [runs] [--no-truncate]   per-turn chat stages: tokenize alone vs parse, render, encode
//   --hf <tokenizer.json>   (any mode that loads) the Hugging Face tokenizer instead of GLM-4's
import ChatTemplate
import Foundation
import GLM4
import HuggingFaceTokenizer
import JSONScanner
import Labels
import Tokenizer

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Encoding is timed in this thread's CPU time (the machine may be shared with other jobs);
/// loading in wall time (it uses more than one thread).
func now(wall: Bool = false, process: Bool = false) -> Double {
    var ts = timespec()
    clock_gettime(wall ? CLOCK_MONOTONIC : process ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

var args = CommandLine.arguments
/// `--hf PATH`: benchmark a Hugging Face tokenizer.json instead of the bundled GLM-4 vocabulary.
nonisolated(unsafe) var huggingFacePath: String? = nil
if let k = args.firstIndex(of: "--hf"), k + 1 < args.count {
    huggingFacePath = args[k + 1]
    args.removeSubrange(k...(k + 1))
}

func timedLoad() -> (Tokenizer, Double) {
    let t0 = now(wall: true)
    do {
        let tok = try huggingFacePath.map { try HuggingFaceTokenizer(path: $0).tokenizer } ?? GLM4.loadTokenizer()
        return (tok, now(wall: true) - t0)
    } catch {
        fail("\(error)")
    }
}

guard args.count >= 2 else { fail("usage: tokenizer-bench bench <corpus> [runs] [--ordinary] | stream [--specials] | load [runs]") }

switch args[1] {
case "load":
    let runs = args.count > 2 ? Int(args[2]) ?? 5 : 5
    var times: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<runs {
        let c0 = now(process: true)
        times.append(timedLoad().1)
        cpu.append(now(process: true) - c0)
    }
    func ms(_ xs: [Double]) -> String { "[" + xs.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ",") + "]" }
    print("{\"load_ms\":\(ms(times)),\"load_cpu_ms\":\(ms(cpu))}")

case "bench":
    guard args.count >= 3, let data = FileManager.default.contents(atPath: args[2]) else { fail("cannot read corpus") }
    let runs = args.count > 3 ? Int(args[3]) ?? 3 : 3
    let (tok, loadSeconds) = timedLoad()
    let corpus = Corpus([UInt8](data))
    var encoder = tok.makeEncoder()
    var ids: [Int32] = []
    ids.reserveCapacity(1 << 20)
    var seconds: [Double] = []
    var tokens = 0
    var sum: UInt64 = 0
    for _ in 0..<runs {
        let t0 = now()
        (tokens, sum) = corpus.encodeAll(&encoder, ids: &ids, specials: !args.contains("--ordinary"))
        seconds.append(now() - t0)
    }
    print("{\"bytes\":\(corpus.textBytes),\"documents\":\(corpus.bounds.count),\"tokens\":\(tokens),\"id_sum\":\(sum),"
        + "\"load_ms\":\(String(format: "%.1f", loadSeconds * 1000)),"
        + "\"seconds\":[\(seconds.map { String(format: "%.4f", $0) }.joined(separator: ","))]}")

case "stream":
    let specials = args.contains("--specials")
    let (tok, _) = timedLoad()
    let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    var out: [UInt8] = []
    out.reserveCapacity(input.count * 2)
    var encoder = tok.makeEncoder()
    var ids: [Int32] = []
    var i = 0
    func u32(_ v: UInt32) { for s in [0, 8, 16, 24] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    input.withUnsafeBytes { all in
        while i + 4 <= all.count {
            let n = Int(all[i]) | Int(all[i + 1]) << 8 | Int(all[i + 2]) << 16 | Int(all[i + 3]) << 24
            i += 4
            guard i + n <= all.count else { fail("truncated input") }
            ids.removeAll(keepingCapacity: true)
            do {
                try encoder.encode(UnsafeRawBufferPointer(rebasing: all[i..<(i + n)]), specials: specials, into: &ids)
                u32(UInt32(ids.count))
                for id in ids { u32(UInt32(bitPattern: id)) }
            } catch {
                u32(0xFFFF_FFFF)  // error marker
            }
            i += n
        }
    }
    FileHandle.standardOutput.write(Data(out))

case "chat":
    guard args.count >= 3, let data = FileManager.default.contents(atPath: args[2]) else { fail("cannot read JSONL") }
    let runs = args.count > 3 ? Int(args[3]) ?? 5 : 5
    let options = LabelOptions(truncate: !args.contains("--no-truncate"))
    let (tok, _) = timedLoad()
    let template: any ConversationTemplate
    do { template = try GLM4Template(SpecialTokenLookup { tok.specialTokenID($0) }) } catch { fail("\(error)") }
    let stages = ChatStages(jsonl: [UInt8](data), tokenizer: tok, template: template, options: options)
    print(stages.measure(runs: runs))

default:
    fail("unknown mode \(args[1])")
}
