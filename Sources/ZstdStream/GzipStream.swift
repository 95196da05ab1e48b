import CZlib

/// Streaming gzip decompression (RFC 1952) with zlib: one `z_stream`, members read one after
/// another (`cat a.gz b.gz > c.gz` and `pigz` output are several members), the caller's buffer
/// filled in place. Owned by one `ByteSource`.
final class GzipStream {
    private var stream = z_stream()
    /// True between a member's end and the next member's header: the input may end there.
    private(set) var atMemberBoundary = false

    init?() {
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { return nil }
    }

    deinit { inflateEnd(&stream) }

    enum Step {
        /// `consumed` input bytes were used and `produced` output bytes written.
        case progress(consumed: Int, produced: Int)
        /// The data is not gzip, or is damaged; `consumed` bytes were used before the error.
        case failure(consumed: Int, reason: String)
    }

    /// Inflates from `input` into `output` until one of them is used up or a member ends.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Step {
        if atMemberBoundary {
            // Another member must start with the gzip magic; anything else after a complete
            // member is not gzip data.
            guard input.count >= 1 else { return .progress(consumed: 0, produced: 0) }
            if input[0] != 0x1F || (input.count >= 2 && input[1] != 0x8B) {
                return .failure(consumed: 0, reason: "data after the last gzip member is not gzip")
            }
            if input.count < 2 { return .progress(consumed: 0, produced: 0) }
            inflateReset(&stream)
            atMemberBoundary = false
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(min(input.count, Int(UInt32.max)))
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(min(output.count, Int(UInt32.max)))
        let inBefore = Int(stream.avail_in), outBefore = Int(stream.avail_out)
        let r = CZlib.inflate(&stream, Z_NO_FLUSH)
        let consumed = inBefore - Int(stream.avail_in), produced = outBefore - Int(stream.avail_out)
        switch r {
        case Z_OK, Z_BUF_ERROR:
            return .progress(consumed: consumed, produced: produced)
        case Z_STREAM_END:
            atMemberBoundary = true
            return .progress(consumed: consumed, produced: produced)
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(r)"
            return .failure(consumed: consumed, reason: message)
        }
    }
}
