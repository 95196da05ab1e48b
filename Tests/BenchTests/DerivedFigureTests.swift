@testable import Bench
import Testing

/// The figures README quotes, from known run times: median, MB/s, tokens/s, MB per CPU-second,
/// records/s and the render+label overhead ratio.
@Suite struct DerivedFigureTests {
    /// 10 MB, 2 M tokens, 1,000 records, runs of 2, 1 and 4 s (median 2 s).
    static let stage = StageResult(name: "tokenize", bytes: 10_000_000, tokens: 2_000_000, records: 1000,
                                   seconds: [2, 1, 4], cpuSeconds: [2.5, 1.25, 5], threads: 1)

    @Test func medianOfOddAndEvenCounts() {
        #expect(StageResult.median([3, 1, 2]) == 2)
        #expect(StageResult.median([4, 1, 3, 2]) == 2.5)
        #expect(StageResult.median([7]) == 7)
        #expect(StageResult.median([]) == 0)
    }

    @Test func throughputFromTheMedianRun() {
        let s = Self.stage
        #expect(s.medianSeconds == 2)
        #expect(s.megabytesPerSecond == [5, 10, 2.5])
        #expect(s.throughput.median == 5 && s.throughput.min == 2.5 && s.throughput.max == 10)
        #expect(s.tokensPerSecond == 1_000_000)
        #expect(s.megabytesPerCPUSecond == 4)
        #expect(s.recordsPerSecond == 500)
    }

    @Test func zeroTimesGiveNoRates() {
        let s = StageResult(name: "x", bytes: 1_000_000, tokens: 10, records: 0, seconds: [0, 0], threads: 1)
        #expect(s.megabytesPerSecond.isEmpty)
        #expect(s.throughput.median == 0)
        #expect(s.tokensPerSecond == nil)
        #expect(s.megabytesPerCPUSecond == nil)
        #expect(s.recordsPerSecond == nil)
    }

    /// Pairs (encode, tokenize): (3, 2) → 0.5, (2, 2) → 0, (5, 2) → 1.5; median 0.5. A pair where
    /// noise made encode faster than tokenize gives 0 s, not a negative time.
    @Test func renderLabelOverheadIsTheMedianPairedRatio() {
        let tokenize = StageResult(name: "tokenize", bytes: 8_000_000, tokens: 100, records: 10,
                                   seconds: [2, 2, 2], cpuSeconds: [2, 2, 2], threads: 1)
        let encode = StageResult(name: "encode", bytes: 9_000_000, tokens: 90, records: 10,
                                 seconds: [3, 2, 5], cpuSeconds: [3, 1, 5], threads: 1)
        let d = StageResult.renderLabel(encode: encode, tokenize: tokenize)
        #expect(d.name == "render+label" && d.derived)
        #expect(d.seconds == [1, 0, 3])
        #expect(d.cpuSeconds == [1, 0, 3])
        #expect(d.overheadVsTokenize == 0.5)
        #expect(d.bytes == 9_000_000 && d.tokens == nil)
        #expect(d.megabytesPerSecond == [9, 3])
    }
}
