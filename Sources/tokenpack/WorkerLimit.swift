import ArgumentParser
import Foundation

/// The most `--workers` accepted: 4 per active core, and at least 64. More threads than that
/// cannot run at once, and each costs memory (an encoder of about 1.2 MB plus two batches in
/// flight of about 1 MB each), so 100000 would exhaust memory before any work.
enum WorkerLimit {
    static var maximum: Int { max(64, 4 * ProcessInfo.processInfo.activeProcessorCount) }

    /// Throws a validation error naming the bound and the reason when `n` is out of range.
    static func check(_ n: Int) throws {
        guard n >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard n <= maximum else {
            throw ValidationError("--workers \(n) is more than \(maximum) (4 per active core, at least 64): more threads cannot run at once and each one costs about 3 MB of memory")
        }
    }
}
