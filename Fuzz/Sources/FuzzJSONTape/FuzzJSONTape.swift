// JSONTape.parse on arbitrary bytes, then every accessor on every node of a parsed tape.
// Checks: a node's bytes lie inside the input; `next` links move forward and stay inside the
// parent; decoded strings are valid UTF-8; a member found by key is one of the members.
import JSONScanner

nonisolated(unsafe) var tape = JSONTape()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONTape(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    do { try tape.parse(bytes) } catch {
        precondition(error.byteOffset >= 0 && error.byteOffset <= size, "error offset \(error.byteOffset) outside 0...\(size)")
        return 0
    }
    let n = tape.count
    precondition(n >= 1)
    var decoded: [UInt8] = []
    for i in 0..<n {
        let node = tape[i]
        precondition(node.start <= node.end, "node \(i) start > end")
        precondition(Int(node.end) <= size, "node \(i) ends past the input")
        precondition(Int(node.next) > i && Int(node.next) <= n, "node \(i) next \(node.next) not in \(i + 1)...\(n)")
        _ = tape.isEmptyString(i)
        switch node.kind {
        case .object:
            var count = 0
            for (k, v) in tape.members(i) {
                precondition(k > i && v == k + 1 && v < Int(node.next))
                precondition(tape[k].kind == .string, "object key is not a string")
                // The member found by this key is this member or a later duplicate.
                decoded.removeAll(keepingCapacity: true)
                tape.appendString(k, in: bytes, to: &decoded)
                let found = decoded.withUnsafeBytes { key in tape.member(i, key, in: bytes) }
                precondition(found != nil && found! >= v, "member lookup missed a key")
                precondition(decoded.withUnsafeBytes { tape.stringEquals(k, $0, in: bytes) })
                count += 1
            }
            _ = tape.member(i, "messages", in: bytes)
            _ = count
        case .array:
            for e in tape.elements(i) { precondition(e > i && e < Int(node.next)) }
        case .string:
            decoded.removeAll(keepingCapacity: true)
            tape.appendString(i, in: bytes, to: &decoded)
            precondition(String(validating: decoded, as: UTF8.self) != nil, "decoded string is not UTF-8")
            _ = tape.stringEquals(i, "user", in: bytes)
            _ = tape.rawBytes(i, in: bytes)
        default:
            _ = tape.rawBytes(i, in: bytes)
        }
    }
    return 0
}
