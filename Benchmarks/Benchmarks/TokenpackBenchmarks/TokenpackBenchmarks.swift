import Benchmark
import Foundation
import PackedFormat

let benchmarks: @Sendable () -> Void = {
    Benchmark("write", configuration: .init(metrics: [.wallClock, .mallocCountTotal, .throughput])) { benchmark in
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let seq = [Int32](repeating: 42, count: 1024)
        for _ in benchmark.scaledIterations {
            let w = try PackedWriter(prefix: dir.appendingPathComponent("w").path, name: "input_ids")
            for _ in 0..<1000 { try w.append(seq) }
            try w.finish()
            w.discard()
        }
    }
}
