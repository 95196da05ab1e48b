/// A seed for a randomized test: `TOKENPACK_TEST_SEED` when set (to replay a failure), else a
/// fresh one per run. Tests put it in every failure message, with the input, so that any
/// failure can be rerun exactly: `TOKENPACK_TEST_SEED=<seed> swift test --filter <test>`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public func testSeed() -> UInt64 {
    if let text = getenv("TOKENPACK_TEST_SEED"), let seed = UInt64(String(cString: text)) { return seed }
    var system = SystemRandomNumberGenerator()
    return system.next()
}
