import ChatTemplate
import JSONScanner
import Labels
import Pipeline
import Tokenizer

/// The stages that run on records already in memory, each split over `parts` threads (one
/// contiguous range of records per thread, each thread with its own scratch state). Every
/// function times one run and returns its seconds with what it counted.
enum InMemoryStages {
    /// `JSONTape.parse` of every record.
    static func parse(_ store: RecordStore, parts: Int) -> Double {
        timedParallel(parts) { p in
            var tape = JSONTape()
            store.forEach(split(store.count, into: parts)[p]) { record in
                do throws(JSONError) { try tape.parse(record) } catch {}
            }
        }
    }

    /// Parse + `ChatTemplate.render` of every record.
    static func render(_ store: RecordStore, template: any ConversationTemplate, mode: LabelMode, parts: Int) -> Double {
        timedParallel(parts) { p in
            var tape = JSONTape()
            var rendered = RenderedConversation()
            store.forEach(split(store.count, into: parts)[p]) { record in
                do throws(JSONError) { try tape.parse(record) } catch { return }
                do throws(TemplateError) { try template.render(tape, record: record, mode: mode, into: &rendered) } catch {}
            }
        }
    }

    /// `TokenEncoder.encode` over the prepared text of `records` (all by default), stopping each
    /// record where the labeler would, part `p` with `encoders[p]`. Returns the seconds, the text
    /// bytes fed and the text tokens produced.
    static func tokenize(_ input: TokenizerInput, records: Range<Int>? = nil, encoders: PartLocal<TokenEncoder>,
                         parts: Int) -> (seconds: Double, bytes: Int, tokens: Int) {
        let recordRange = records ?? 0 ..< input.recordCount
        let counts = PartResults(parts, (bytes: 0, tokens: 0))
        let seconds = timedParallel(parts) { p in
            let encoder = encoders[p]
            var ids: [Int32] = []
            ids.reserveCapacity(1 << 14)
            var bytes = 0, tokens = 0
            let records = split(recordRange, into: parts)[p]
            input.text.withUnsafeBytes { text in
                for r in records {
                    ids.removeAll(keepingCapacity: true)
                    var piece = r == 0 ? 0 : input.recordEnds[r - 1]
                    while piece < input.recordEnds[r] {
                        if input.isSpecial[piece] {
                            ids.append(0)
                        } else {
                            let start = piece == 0 ? 0 : input.pieceEnds[piece - 1]
                            let before = ids.count
                            // SAFETY: pieceEnds is non-decreasing and ends at text.count (prepare).
                            let slice = UnsafeRawBufferPointer(rebasing: text[start ..< input.pieceEnds[piece]])
                            do throws(TokenizerError) { try encoder.value.encode(slice, specials: input.specials, into: &ids) } catch {}
                            bytes += slice.count
                            tokens += ids.count - before
                        }
                        piece += 1
                    }
                }
            }
            counts.set(p, (bytes, tokens))
        }
        let all = counts.all
        return (seconds, all.reduce(0) { $0 + $1.bytes }, all.reduce(0) { $0 + $1.tokens })
    }

    /// What the per-record encoders are made of.
    struct Encoding: @unchecked Sendable {
        // @unchecked Sendable: every member is immutable and Sendable; the existential is too.
        var tokenizer: Tokenizer
        var template: (any ConversationTemplate)?
        var endOfDocument: Int32?
    }

    /// One part's per-record encoder: `ChatRecordEncoder` for chat, `TextRecordEncoder` for text
    /// (the other is nil).
    struct RecordEncoder {
        var chat: ChatRecordEncoder?
        var text: TextRecordEncoder?

        init(options: EncodeOptions, encoding: Encoding) {
            switch options.format {
            case .chat:
                chat = ChatRecordEncoder(tokenizer: encoding.tokenizer, template: encoding.template!, options: options.labels)
            case .text:
                text = TextRecordEncoder(tokenizer: encoding.tokenizer, textKey: options.textKey,
                                         endOfDocument: options.appendEOD ? encoding.endOfDocument : nil,
                                         specials: options.specialTokens)
            }
        }
    }

    /// Fresh per-record encoders, one per part.
    static func recordEncoders(_ parts: Int, options: EncodeOptions, encoding: Encoding) -> PartLocal<RecordEncoder> {
        PartLocal(parts) { RecordEncoder(options: options, encoding: encoding) }
    }

    /// The per-record encoder over `records` (all by default), part `p` with `encoders[p]`.
    /// With `keep`, also returns the ids and labels (untimed use: the `write` stage's input).
    static func encode(_ store: RecordStore, records: Range<Int>? = nil, encoders: PartLocal<RecordEncoder>,
                       parts: Int, keep: Bool = false) -> (seconds: Double, tokens: Int, encoded: EncodedCorpus?) {
        let recordRange = records ?? 0 ..< store.count
        let results = PartResults(parts, EncodedCorpus())
        let seconds = timedParallel(parts) { p in
            let encoder = encoders[p]
            var out = EncodedCorpus()
            var ids: [Int32] = [], labels: [Int32] = []
            ids.reserveCapacity(1 << 14)
            labels.reserveCapacity(1 << 14)
            let range = split(recordRange, into: parts)[p]
            if encoder.value.chat != nil {
                store.forEach(range) { record in
                    do throws(RecordError) { try encoder.value.chat!.encode(record, ids: &ids, labels: &labels) } catch { return }
                    out.add(ids, labels: labels, keep: keep)
                }
            } else {
                store.forEach(range) { record in
                    do throws(RecordError) { try encoder.value.text!.encode(record, ids: &ids) } catch { return }
                    out.add(ids, labels: nil, keep: keep)
                }
            }
            results.set(p, out)
        }
        let all = results.all
        let tokens = all.reduce(0) { $0 + $1.tokens }
        guard keep else { return (seconds, tokens, nil) }
        var joined = EncodedCorpus()
        for part in all { joined.append(part) }
        return (seconds, tokens, joined)
    }
}

/// Encoded records, for the `write` stage. Layout: sequence `i` is `ids[offsets[i] ..<
/// offsets[i + 1]]` (and the same range of `labels` when chat; `labels` is empty for text);
/// `offsets` starts at 0 and is non-decreasing. 4 bytes per id and label, 8 per sequence.
struct EncodedCorpus: Sendable {
    var ids: [Int32] = []
    var labels: [Int32] = []
    var offsets: [Int] = [0]
    /// Tokens counted, kept or not.
    var tokens = 0

    var sequenceCount: Int { offsets.count - 1 }

    mutating func add(_ ids: [Int32], labels: [Int32]?, keep: Bool) {
        tokens += ids.count
        guard keep else { return }
        self.ids += ids
        if let labels { self.labels += labels }
        offsets.append(self.ids.count)
    }

    mutating func append(_ other: EncodedCorpus) {
        let base = ids.count
        ids += other.ids
        labels += other.labels
        offsets += other.offsets.dropFirst().map { $0 + base }
        tokens += other.tokens
    }
}
