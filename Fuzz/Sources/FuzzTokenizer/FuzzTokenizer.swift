// The bundled GLM-4 tokenizer on arbitrary bytes, with and without special-token matching.
// Valid UTF-8: every id is inside the vocabulary and decode(encode(x)) == x (GLM-4 does not
// normalize, so the round trip is exact). Invalid UTF-8: `.invalidUTF8(offset:)` names the
// first byte of the first ill-formed sequence (Swift's own UTF-8 parser decides which).
import GLM4
import Tokenizer

let tokenizer = try! GLM4.loadTokenizer()
nonisolated(unsafe) var encoder = tokenizer.makeEncoder()
nonisolated(unsafe) var ids: [Int32] = []

/// Offset of the first ill-formed UTF-8 sequence, or nil when `bytes` is valid UTF-8.
func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var it = bytes.makeIterator()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &it) {
        case .valid(let s): offset += s.count
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let invalid = firstInvalidOffset(bytes)
    for specials in [true, false] {
        ids.removeAll(keepingCapacity: true)
        do {
            try encoder.encode(bytes, specials: specials, into: &ids)
        } catch {
            guard case .invalidUTF8(let offset) = error else { preconditionFailure("unexpected error \(error)") }
            precondition(invalid == offset, "invalidUTF8(offset: \(offset)) but the first ill-formed sequence is at \(String(describing: invalid))")
            continue
        }
        precondition(invalid == nil, "encoded invalid UTF-8 (ill-formed at \(invalid!)) without an error")
        let limit = Int32(tokenizer.vocabularySize)
        precondition(ids.allSatisfy { $0 >= 0 && $0 < limit }, "id outside the vocabulary")
        let back = tokenizer.decode(ids)
        precondition(back.elementsEqual(bytes), "decode(encode(x)) != x (specials: \(specials))")
        if !specials { precondition(!ids.contains { tokenizer.isSpecial($0) }, "a special id with specials off") }
    }
    return 0
}
