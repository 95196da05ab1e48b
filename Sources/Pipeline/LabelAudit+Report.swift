import Foundation

extension LabelAudit.Report {
    /// One screen for people: shares, trained specials, and the lists, each cut at `limit`.
    public func text(maxZeroTargetShare: Double? = nil, limit: Int = 12) -> String {
        func share(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : Self.percent(Double(a) / Double(b)) }
        func list(_ xs: [Int]) -> String {
            xs.isEmpty ? "none" : xs.prefix(limit).map(String.init).joined(separator: ", ") + (xs.count > limit ? ", … (\(xs.count) in all; --json lists every one)" : "")
        }
        var l: [String] = []
        l.append("\(prefix): \(family), \(sequences) sequences" + (pack != nil ? " in \(documents) packed bins of ≤ \(pack!) tokens" : "") + ", \(tokens) tokens, \(targets) targets (\(share(targets, tokens)))")
        l.append("per role (messages, tokens, targets, target share):")
        for (role, c) in roles.sorted(by: { $0.value.tokens > $1.value.tokens }) {
            l.append("  \(role.padding(toLength: max(12, role.count), withPad: " ", startingAt: 0)) \(c.messages) msgs, \(c.tokens) tokens, \(c.targets) targets (\(share(c.targets, c.tokens)))")
        }
        l.append("special tokens that are targets: " + (specialTargets.isEmpty ? "none" : specialTargets.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")))
        if violations.isEmpty {
            l.append("turn openers trained after a message that is not the model's: none")
        } else {
            l.append("FAIL: turn openers trained after a message that is not the model's: \(violations.count) in \(violationSequences.count) sequences:")
            for f in violations.prefix(limit) {
                l.append("  sequence \(f.sequence), position \(f.position): \(f.token) after \(f.previousRole.map { "a \($0) message" } ?? "no message")")
            }
            if violations.count > limit { l.append("  … (\(violations.count) in all; --json lists every one)") }
        }
        l.append("assistant continuations (a trained opener right after the model's message, on purpose): \(continuations.count) in sequences \(list(continuationSequences))")
        l.append("sequences without a target: \(zeroTarget.count) (\(share(zeroTarget.count, sequences))): \(list(zeroTarget))")
        if !metaCounts.isEmpty {
            l.append("cut by truncation (meta.json): \(metaCounts["truncated_records"] ?? 0) records, \(metaCounts["truncated_tokens"] ?? 0) tokens, \(metaCounts["truncated_targets"] ?? 0) targets lost; \(metaCounts["zero_target_records"] ?? 0) records left without a target")
        }
        if let cut = cutLength { l.append("sequences exactly \(cut) tokens long (at the cut): \(atCut.count): \(list(atCut))") }
        if textRoles.isEmpty {
            l.append("roles rendered as text: none")
        } else {
            for (name, e) in textRoles.sorted(by: { $0.key < $1.key }) {
                l.append("role rendered as text <|\(name)|>: \(e.sequences.count) sequences, trained \(e.trained) times (the official GLM-4 code trains unknown roles): \(list(e.sequences))")
            }
        }
        let f = failures(maxZeroTargetShare: maxZeroTargetShare)
        l.append(f.isEmpty ? "audit: ok" : "audit: FAIL: " + f.joined(separator: "; "))
        return l.joined(separator: "\n")
    }

    /// Everything, for scripts (`--json`).
    public func json(maxZeroTargetShare: Double? = nil) -> String {
        func finding(_ f: LabelAudit.Finding) -> [String: Any] {
            ["sequence": f.sequence, "position": f.position, "token": f.token, "previous_role": f.previousRole ?? NSNull()]
        }
        var doc: [String: Any] = [
            "prefix": prefix, "family": family, "sequences": sequences, "documents": documents,
            "tokens": tokens, "targets": targets,
            "roles": roles.mapValues { ["messages": $0.messages, "tokens": $0.tokens, "targets": $0.targets] },
            "special_targets": specialTargets,
            "violations": violations.map(finding),
            "violation_sequences": violationSequences,
            "continuations": continuations.map(finding),
            "continuation_sequences": continuationSequences,
            "zero_target_sequences": zeroTarget,
            "zero_target_share": zeroTargetShare,
            "text_roles": textRoles.mapValues { ["sequences": $0.sequences, "trained": $0.trained] },
            "truncation": metaCounts,
            "at_cut": atCut,
            "failures": failures(maxZeroTargetShare: maxZeroTargetShare),
        ]
        if let cutLength { doc["cut_length"] = cutLength }
        if let pack { doc["pack"] = pack }
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
