import JSONLines
import JSONScanner

/// A worker's state: its encoder plus scratch arrays reused for every record, so the steady
/// state allocates only the batch's output arrays.
final class Worker<Encoder: RecordEncoder> {
    var encoder: Encoder
    private var ids: [Int32] = []
    private var labels: [Int32] = []
    let validateUTF8: Bool

    init(encoder: Encoder, validateUTF8: Bool) {
        self.encoder = encoder
        self.validateUTF8 = validateUTF8
    }

    /// Encodes every record of `batch`, in order; bad records become rejects, never errors.
    func encode(_ batch: LineBatch) -> EncodedBatch {
        var out = EncodedBatch(sequence: batch.sequence)
        out.blankLines = batch.blankLines
        out.rawBytesRead = batch.rawBytesRead
        out.contentBytesRead = batch.contentBytesRead
        // ~1 token per 3 bytes of chat JSON on the dev set; reserving avoids regrowth.
        out.ids.reserveCapacity(batch.bytes.count / 3)
        let withLabels = encoder.producesLabels
        if withLabels { out.labels.reserveCapacity(batch.bytes.count / 3) }
        out.lengths.reserveCapacity(batch.records.count)
        batch.forEachRecord { record, bytes in
            if let reason = rejection(record, bytes) {
                out.rejects.append(.init(input: record.input, line: record.line, reason: reason))
                return
            }
            out.lengths.append(ids.count)
            out.ids.append(contentsOf: ids)
            if let examples = encoder.lastExamples {
                out.labels.append(contentsOf: labels)
                out.examples += examples
                out.examplesPerRecord.append(examples.count)
                out.targetTokens += labels.count
                if examples.isEmpty { out.zeroTargetRecords += 1 }
            } else if withLabels {
                precondition(labels.count == ids.count, "encoder returned \(labels.count) labels for \(ids.count) ids")
                out.labels.append(contentsOf: labels)
                var targets = 0
                for l in labels where l != -100 { targets += 1 }
                out.targetTokens += targets
                if targets == 0 { out.zeroTargetRecords += 1 }
                let cut = encoder.lastCut
                if cut.tokens > 0 {
                    out.truncatedRecords += 1
                    out.truncatedTokens += cut.tokens
                    out.truncatedTargets += cut.targets
                }
            }
        }
        return out
    }

    /// Encodes one record into the scratch arrays; returns why it is skipped, or nil.
    private func rejection(_ record: LineRecord, _ bytes: UnsafeRawBufferPointer) -> String? {
        if record.kind == .emptyInput { return "empty file (no records)" }
        if record.kind == .tooLong { return "line longer than the --max-record-bytes limit; left out without being parsed" }
        if validateUTF8, let bad = UTF8Validation.firstInvalidOffset(bytes) {
            return Self.annotate("invalid UTF-8 at byte \(bad) of the line", record)
        }
        ids.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        do {
            try encoder.encode(bytes, ids: &ids, labels: &labels)
            return nil
        } catch {
            return Self.annotate(error.reason, record)
        }
    }

    static func annotate(_ reason: String, _ record: LineRecord) -> String {
        record.kind == .unterminated ? reason + " (last line, no final newline: truncated file?)" : reason
    }
}
