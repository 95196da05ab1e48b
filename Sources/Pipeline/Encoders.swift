import Labels

/// `ChatRecordEncoder` (Labels) as a pipeline encoder: ids and labels.
struct ChatEncoding: RecordEncoder {
    var inner: ChatRecordEncoder
    var producesLabels: Bool { true }
    var lastCut: (tokens: Int, targets: Int) { (inner.lastCut.tokens, inner.lastCut.targets) }

    mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection) {
        do throws(RecordError) {
            try inner.encode(record, ids: &ids, labels: &labels)
        } catch {
            throw RecordRejection(error.description)
        }
    }
}

/// `EvalRecordEncoder` (Labels) as a pipeline encoder: example inputs and outputs.
struct EvalEncoding: RecordEncoder {
    var inner: EvalRecordEncoder
    var producesLabels: Bool { true }
    var lastExamples: [(input: Int, output: Int)]? { inner.examples }

    mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection) {
        do throws(RecordError) {
            try inner.encode(record, inputs: &ids, outputs: &labels)
        } catch {
            throw RecordRejection(error.description)
        }
    }
}

/// `TextRecordEncoder` (Labels) as a pipeline encoder: ids only.
struct TextEncoding: RecordEncoder {
    var inner: TextRecordEncoder
    var producesLabels: Bool { false }

    mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection) {
        do throws(RecordError) {
            try inner.encode(record, ids: &ids)
        } catch {
            throw RecordRejection(error.description)
        }
    }
}
