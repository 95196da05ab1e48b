import JSONScanner
import Tokenizer

/// Per-worker: one `{"text": …}` record (key configurable; a bare JSON string is the text
/// itself, as the reference's text mode reads it) → ids, with an optional end-of-document id at
/// the end. `specials: false` tokenizes special-token strings as plain text.
public struct TextRecordEncoder {
    private var tape = JSONTape()
    private var encoder: TokenEncoder
    private var scratch: [UInt8] = []
    private let key: [UInt8]
    private let eod: Int32?
    private let specials: Bool

    /// - Parameter endOfDocument: the id appended after each document (`--append-eod`), or nil.
    public init(tokenizer: Tokenizer, textKey: String = "text", endOfDocument: Int32? = nil, specials: Bool = true) {
        encoder = tokenizer.makeEncoder()
        key = Array(textKey.utf8)
        eod = endOfDocument
        self.specials = specials
    }

    /// Replaces the contents of `ids` (reusing its capacity).
    public mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32]) throws(RecordError) {
        ids.removeAll(keepingCapacity: true)
        do throws(JSONError) { try tape.parse(record) } catch { throw RecordError(error) }
        var text = 0
        if tape[0].kind == .object {
            let found = key.withUnsafeBytes { tape.member(0, $0, in: record) }
            guard let found else {
                throw RecordError(reason: "record has no \"\(String(decoding: key, as: UTF8.self))\"", byteOffset: 0)
            }
            text = found
        }
        guard tape[text].kind == .string else {
            throw RecordError(reason: "\"\(String(decoding: key, as: UTF8.self))\" is not a string",
                              byteOffset: Int(tape[text].start))
        }
        do throws(TokenizerError) {
            if tape[text].hasEscapes {
                scratch.removeAll(keepingCapacity: true)
                tape.appendString(text, in: record, to: &scratch)
                try encoder.encode(scratch, specials: specials, into: &ids)
            } else {
                try encoder.encode(tape.rawBytes(text, in: record), specials: specials, into: &ids)
            }
        } catch {
            throw RecordError(error)
        }
        if let eod { ids.append(eod) }
    }
}
