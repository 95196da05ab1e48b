import ChatTemplate
import Foundation
import Labels
import Models
import PackedFormat
import Tokenizer

/// `tokenpack audit`: what a dataset trains on, read back from its files with its own model.
///
/// Roles come from the token stream (the family's `TurnGrammar`), since the files hold ids and
/// labels only. The check that fails: a turn-opening token that is a target although the
/// message before it is not the model's (an unshifted GLM-4 mask trains every `<|assistant|>`
/// after a user message: the loss plateau). GLM-4's deliberate `<|assistant|>` between two
/// assistant messages is listed as a continuation, not a failure.
public enum LabelAudit {
    public struct RoleCount: Sendable, Equatable {
        public var messages = 0
        public var tokens = 0
        public var targets = 0
    }

    /// A trained opener: sequence (0-based), token position, the opener's text, the role of
    /// the message before it (nil: none).
    public struct Finding: Sendable, Equatable {
        public var sequence: Int
        public var position: Int
        public var token: String
        public var previousRole: String?
    }

    public struct Report: Sendable {
        public var prefix: String
        public var family: String
        public var sequences = 0
        public var documents = 0
        public var tokens = 0
        public var targets = 0
        public var roles: [String: RoleCount] = [:]
        /// Special tokens that are targets somewhere: text → times.
        public var specialTargets: [String: Int] = [:]
        /// Openers trained after a message that is not the model's (the failure).
        public var violations: [Finding] = []
        /// GLM-4's assistant continuations (trained `<|assistant|>` right after an assistant).
        public var continuations: [Finding] = []
        /// Sequences without a target.
        public var zeroTarget: [Int] = []
        /// Roles rendered as text (`<|tool|>`): name → sequences holding one, and whether any
        /// was trained.
        public var textRoles: [String: (sequences: [Int], trained: Int)] = [:]
        /// Sequences exactly at the recorded cut (max_length or the pack length): maybe cut.
        public var atCut: [Int] = []
        public var cutLength: Int?
        /// meta.json's counts: truncated_records/tokens/targets, zero_target_records.
        public var metaCounts: [String: Int] = [:]
        public var pack: Int?

        public var continuationSequences: [Int] { Array(Set(continuations.map(\.sequence))).sorted() }
        public var violationSequences: [Int] { Array(Set(violations.map(\.sequence))).sorted() }
        public var zeroTargetShare: Double { sequences == 0 ? 0 : Double(zeroTarget.count) / Double(sequences) }

        /// Why the audit fails: trained openers after a non-model message, and (when
        /// `maxZeroTargetShare` is given) too many sequences without a target.
        public func failures(maxZeroTargetShare: Double?) -> [String] {
            var f: [String] = []
            if !violations.isEmpty {
                f.append("\(violationSequences.count) sequences train a turn opener after a message that is not the model's")
            }
            if let x = maxZeroTargetShare, zeroTargetShare > x {
                f.append("\(zeroTarget.count) of \(sequences) sequences have no target (\(Self.percent(zeroTargetShare)), more than --max-zero-target-share \(x))")
            }
            return f
        }

        static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
    }

    public struct AuditError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Audits the dataset at `prefix` with its own model (`DatasetModel.load`).
    public static func run(prefix: String, override: ModelSelection? = nil) throws(AuditError) -> Report {
        let model: Model
        do { model = try DatasetModel.load(prefix: prefix, override: override) } catch { throw AuditError(message: error.message) }
        let meta = (FileManager.default.contents(atPath: PackedPaths.meta(prefix: prefix))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        if meta["eval"] != nil {
            throw AuditError(message: "\(prefix): an evaluation dataset (input_ids and output_ids, no labels): nothing to audit; `tokenpack inspect` shows its examples")
        }
        let template: any ConversationTemplate
        do { template = try model.chatTemplate() } catch { throw AuditError(message: error.message) }
        guard let grammar = (template as? any TurnGrammarProviding)?.turnGrammar else {
            throw AuditError(message: "the \(template.family.name) family states no turn grammar (TurnGrammarProviding), so its turns cannot be recovered from the tokens")
        }
        let ids: PackedReader, labels: PackedReader
        do {
            ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
            labels = try PackedReader(prefix: prefix, name: PackedPaths.labels)
        } catch { throw AuditError(message: error.description) }
        guard ids.count == labels.count else { throw AuditError(message: "\(prefix): \(ids.count) id sequences but \(labels.count) label sequences") }
        var r = Report(prefix: prefix, family: template.family.name)
        r.sequences = ids.count
        r.documents = ids.documentIndex.count - 1
        r.pack = meta["pack"] as? Int
        r.cutLength = r.pack ?? (meta["max_length"] as? Int)
        if let c = meta["counts"] as? [String: Any] {
            for k in ["truncated_records", "truncated_tokens", "truncated_targets", "zero_target_records"] {
                if let v = c[k] as? Int { r.metaCounts[k] = v }
            }
        }
        let tok = model.tokenizer
        func name(_ id: Int32) -> String { template.specialText(id) ?? String(decoding: tok.tokenBytes(id) ?? [], as: UTF8.self) }
        for s in 0..<ids.count {
            ids.withSequence(s) { x in
                labels.withSequence(s) { y in
                    audit(sequence: s, x, y, grammar, tok, name, &r)
                }
            }
        }
        return r
    }

    private static func audit(sequence s: Int, _ x: UnsafeBufferPointer<Int32>, _ y: UnsafeBufferPointer<Int32>,
                              _ g: TurnGrammar, _ tok: Tokenizer, _ name: (Int32) -> String, _ r: inout Report) {
        r.tokens += x.count
        var targets = 0
        for k in 0..<x.count where y[k] != ignoreIndex {
            targets += 1
            if tok.isSpecial(x[k]) { r.specialTargets[name(x[k]), default: 0] += 1 }
        }
        r.targets += targets
        if targets == 0 { r.zeroTarget.append(s) }
        if let cut = r.cutLength, x.count == cut { r.atCut.append(s) }
        var previous: (role: String, isModel: Bool)?
        for t in g.turns(x, tokenizer: tok) {
            var c = r.roles[t.role, default: RoleCount()]
            c.messages += 1
            c.tokens += t.end - t.start
            for k in t.start..<t.end where y[k] != ignoreIndex { c.targets += 1 }
            r.roles[t.role] = c
            if let p = t.opener, y[p] != ignoreIndex {
                let f = Finding(sequence: s, position: p, token: name(x[p]), previousRole: previous?.role)
                if let prev = previous, prev.isModel, g.trainsOpenerAfterModel {
                    if x[p] == g.continuation && g.isModelRole(prev.role) { r.continuations.append(f) }
                } else {
                    r.violations.append(f)
                }
            }
            previous = t.opener == nil ? nil : (t.role, g.isModelRole(t.role))
            if g.unknownRolesAsText, let marker = lastTextRole(t, x, y, tok) {
                var e = r.textRoles[marker.name] ?? (sequences: [], trained: 0)
                if e.sequences.last != s { e.sequences.append(s) }
                if marker.trained { e.trained += 1 }
                r.textRoles[marker.name] = e
                // The official code trains an unknown role like the model's, so the opener
                // after it is trained as after an assistant message.
                if marker.trained { previous = (marker.name, true) }
            }
        }
    }

    /// The last `<|name|>` written as text in turn `t` (GLM-4 renders a role it has no token
    /// for this way), and whether its closing token is a target.
    private static func lastTextRole(_ t: RecoveredTurn, _ x: UnsafeBufferPointer<Int32>, _ y: UnsafeBufferPointer<Int32>,
                                     _ tok: Tokenizer) -> (name: String, trained: Bool)? {
        var bytes: [UInt8] = []
        var owner: [Int] = []
        for k in t.start..<t.end where !tok.isSpecial(x[k]) {
            for b in tok.tokenBytes(x[k]) ?? [] { bytes.append(b); owner.append(k) }
        }
        var found: (String, Bool)?
        var i = 0
        let lt = UInt8(ascii: "<"), bar = UInt8(ascii: "|"), gt = UInt8(ascii: ">")
        while i + 4 < bytes.count {
            if bytes[i] == lt && bytes[i + 1] == bar {
                var j = i + 2
                while j < bytes.count, bytes[j] == UInt8(ascii: "_") || (bytes[j] >= 0x61 && bytes[j] <= 0x7A) || (bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
                if j > i + 2, j + 1 < bytes.count, bytes[j] == bar, bytes[j + 1] == gt {
                    found = (String(decoding: bytes[i + 2 ..< j], as: UTF8.self), y[owner[j + 1]] != ignoreIndex)
                    i = j + 2
                    continue
                }
            }
            i += 1
        }
        return found
    }
}
