#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-line progress display on stderr, redrawn at most 4 times a second.
struct Progress {
    let totalBytes: Int?
    let start: Double
    private var lastDraw = 0.0
    private(set) var drawn = false

    init(totalBytes: Int?, start: Double) {
        self.totalBytes = totalBytes
        self.start = start
    }

    /// `rawBytes`: read from the inputs (compressed for zstd), compared with the total on disk;
    /// `contentBytes`: JSONL bytes, for a rate that does not depend on the compression ratio.
    mutating func update(rawBytes: Int, contentBytes: Int, records: Int, now: Double) {
        guard now - lastDraw >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now - start, 1e-9)
        var line = "read " + Format.megabytes(rawBytes)
        if let totalBytes, totalBytes > 0 {
            line += " of " + Format.megabytes(totalBytes) + " MB (\(min(100, rawBytes * 100 / totalBytes))%)"
        } else {
            line += " MB"
        }
        line += " · \(Format.grouped(Int(Double(records) / elapsed))) records/s · "
            + Format.megabytes(Int(Double(contentBytes) / elapsed)) + " MB/s of JSONL"
        if let totalBytes, rawBytes > 0, rawBytes < totalBytes {
            line += " · ETA " + Format.duration(elapsed * Double(totalBytes - rawBytes) / Double(rawBytes))
        }
        Self.emit("\r\u{1B}[K" + line)
        drawn = true
    }

    /// Erases the progress line so the summary starts on a clean line.
    func clear() { if drawn { Self.emit("\r\u{1B}[K") } }

    /// One write(2) to stderr: unbuffered, so the line appears at once.
    static func emit(_ s: String) {
        var bytes = Array(s.utf8)
        bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}

/// Number formatting shared by progress and summary (no Foundation formatters: fixed output).
enum Format {
    static func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_000_000, digits: 1) }

    static func fixed(_ x: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0 ..< digits { scale *= 10 }
        let v = Int((x * scale).rounded())
        let whole = v / Int(scale), frac = v % Int(scale)
        guard digits > 0 else { return grouped(whole) }
        let f = String(frac)
        return grouped(whole) + "." + String(repeating: "0", count: digits - f.count) + f
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let h = s / 3600, m = (s % 3600) / 60, r = s % 60
        let mm = m < 10 ? "0\(m)" : "\(m)", rr = r < 10 ? "0\(r)" : "\(r)"
        return h > 0 ? "\(h):\(mm):\(rr)" : "\(m):\(rr)"
    }
}
