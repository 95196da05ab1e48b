import Foundation

extension BenchReport {
    /// The `--json` form, one object (keys sorted). Tools/compare_peers.py relies on
    /// `input_bytes`, `records`, `tokens`, `workers`, `repeat` and, per stage, `name`, `bytes`,
    /// `tokens`, `seconds`, `mb_per_s.{median,min,max}` and `tokens_per_s.median`; the other
    /// keys are extras. Absent values (a stage without tokens) are `null`.
    public func json() -> String {
        let object: [String: Any] = [
            "inputs": inputs,
            "format": format,
            "input_bytes": inputBytes,
            "compressed_bytes": compressedBytes,
            "records": records,
            "tokens": tokens,
            "workers": workers,
            "repeat": repeats,
            "cores": cores,
            "stages": stages.map(Self.json),
        ]
        // Every value is a string, number, bool, null, array or dictionary: serialization cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func json(_ s: StageResult) -> [String: Any] {
        let t = s.throughput
        var o: [String: Any] = [
            "name": s.name,
            "bytes": s.bytes,
            "tokens": s.tokens.map { $0 as Any } ?? NSNull(),
            "records": s.records,
            "seconds": s.seconds,
            "cpu_seconds": s.cpuSeconds,
            "mb_per_cpu_s": s.megabytesPerCPUSecond.map { $0 as Any } ?? NSNull(),
            "threads": s.threads,
            "mb_per_s": ["median": t.median, "min": t.min, "max": t.max],
            "tokens_per_s": ["median": s.tokensPerSecond.map { $0 as Any } ?? NSNull()],
            "records_per_s": s.recordsPerSecond.map { $0 as Any } ?? NSNull(),
        ]
        if s.derived { o["derived"] = true }
        if let v = s.overheadVsTokenize { o["overhead_vs_tokenize"] = v }
        if let v = s.outputBytes { o["output_bytes"] = v }
        return o
    }
}
