import ChatTemplate
import JSONScanner
import Labels
import Pipeline

/// What the encoders hand to the tokenizer, rendered once before timing, so the `tokenize`
/// stage times `TokenEncoder.encode` alone on the same text.
///
/// Layout: `text` holds the text pieces back to back. Piece `p` is a special token when
/// `isSpecial[p]` (no text; it counts one id), else text `text[pieceEnds[p - 1] ..< pieceEnds[p]]`
/// (`pieceEnds[-1]` read as 0). Record `r` is pieces `recordEnds[r - 1] ..< recordEnds[r]`.
/// `pieceEnds` is non-decreasing and ends at `text.count`; 9 bytes per piece, 8 per record.
struct TokenizerInput: Sendable {
    var text: [UInt8] = []
    var pieceEnds: [Int] = []
    var isSpecial: [Bool] = []
    var recordEnds: [Int] = []
    /// Per record, the index of the `RecordStore` record it was rendered from (increasing).
    var recordSources: [Int] = []
    /// Whether special-token strings inside the text become their ids (`specials:`).
    var specials = true

    var recordCount: Int { recordEnds.count }

    /// The records rendered from store records `storeRange` (contiguous, as sources increase).
    func records(from storeRange: Range<Int>) -> Range<Int> {
        func firstSource(atLeast v: Int) -> Int {
            var lo = 0, hi = recordSources.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if recordSources[mid] < v { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return firstSource(atLeast: storeRange.lowerBound) ..< firstSource(atLeast: storeRange.upperBound)
    }

    /// Chat: the segments `ChatRecordEncoder` would tokenize (same render mode). Text: the text
    /// `TextRecordEncoder` would tokenize. Records the encoder rejects before tokenizing are
    /// left out.
    static func prepare(_ store: RecordStore, _ options: EncodeOptions, template: (any ConversationTemplate)?) -> TokenizerInput {
        var input = TokenizerInput()
        var tape = JSONTape()
        switch options.format {
        case .chat:
            var rendered = RenderedConversation()
            let mode = options.labels.mode
            var source = -1
            store.forEach(0 ..< store.count) { record in
                source += 1
                do throws(JSONError) { try tape.parse(record) } catch { return }
                do throws(TemplateError) { try template!.render(tape, record: record, mode: mode, into: &rendered) } catch { return }
                // One piece per run, as SegmentLabeler tokenizes them.
                var i = 0
                while i < rendered.segments.count {
                    let end = rendered.runEnd(from: i)
                    let s = rendered.segments[i]
                    if s.special != nil {
                        input.isSpecial.append(true)
                    } else {
                        input.text.append(contentsOf: rendered.bytes[Int(s.start) ..< Int(rendered.segments[end - 1].end)])
                        input.isSpecial.append(false)
                    }
                    input.pieceEnds.append(input.text.count)
                    i = end
                }
                input.recordEnds.append(input.pieceEnds.count)
                input.recordSources.append(source)
            }
        case .text:
            input.specials = options.specialTokens
            let key = Array(options.textKey.utf8)
            var source = -1
            store.forEach(0 ..< store.count) { record in
                source += 1
                do throws(JSONError) { try tape.parse(record) } catch { return }
                var node = 0
                if tape[0].kind == .object {
                    guard let found = key.withUnsafeBytes({ tape.member(0, $0, in: record) }) else { return }
                    node = found
                }
                guard tape[node].kind == .string else { return }
                tape.appendString(node, in: record, to: &input.text)
                input.isSpecial.append(false)
                input.pieceEnds.append(input.text.count)
                input.recordEnds.append(input.pieceEnds.count)
                input.recordSources.append(source)
            }
        }
        return input
    }
}
