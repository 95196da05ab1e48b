import Testing
@testable import Tokenizer

/// `LargePages` regions and the `FixedBuffer`s built on them.
@Suite struct LargePagesTests {
    @Test(arguments: [1, 4095, 4097, 1 << 20, 2 << 20, (2 << 20) + 1, 5_000_000])
    func regionsAreAlignedZeroedAndWritable(_ byteCount: Int) {
        let p = LargePages.allocate(byteCount: byteCount)
        defer { LargePages.deallocate(p, byteCount: byteCount) }
        #expect(UInt(bitPattern: p) % UInt(LargePages.hugePage) == 0)
        #expect(LargePages.mappedLength(byteCount) % LargePages.hugePage == 0)
        #expect(LargePages.mappedLength(byteCount) >= byteCount)
        let bytes = UnsafeMutableRawBufferPointer(start: p, count: byteCount)
        #expect(bytes.allSatisfy { $0 == 0 })
        for i in stride(from: 0, to: byteCount, by: 4093) { bytes[i] = UInt8(truncatingIfNeeded: i) }
        bytes[byteCount - 1] = 0xA5
        for i in stride(from: 0, to: byteCount - 1, by: 4093) { #expect(bytes[i] == UInt8(truncatingIfNeeded: i)) }
        #expect(bytes[byteCount - 1] == 0xA5)
    }

    /// Both sides of the threshold hold what they were given.
    @Test(arguments: [10, (LargePages.threshold / 8) - 1, LargePages.threshold / 8, 3 * LargePages.threshold / 8 + 5])
    func fixedBuffersKeepTheirValues(_ count: Int) {
        let values = (0..<count).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        let copied = FixedBuffer(values)
        #expect(copied.count == count)
        #expect(Array(copied.buffer) == values)
        let filled = FixedBuffer<UInt64>(count: count, repeating: 7)
        #expect(filled.buffer.allSatisfy { $0 == 7 })
        let allocation = FixedBuffer<UInt64>.allocate(count)
        #expect((allocation.largeBytes != 0) == (count * 8 >= LargePages.threshold))
        allocation.base.initialize(from: values, count: count)
        let adopted = FixedBuffer(adopting: allocation, count: count)
        #expect(Array(adopted.buffer) == values)
    }
}
