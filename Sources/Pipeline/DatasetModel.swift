import Foundation
import Models
import PackedFormat

/// The model that wrote a dataset, from its `meta.json` (`"model"`), so that `inspect` decodes
/// with the dataset's own vocabulary and never with GLM-4 by default for a file GLM-4 did not
/// make.
public enum DatasetModel {
    /// Loads the model recorded for `prefix`, or the one `override` names (`--model`,
    /// `--tokenizer`); either way the vocabulary's sha256 must match the one recorded.
    /// A dataset without `meta.json` (a plain Megatron prefix) decodes with `override`, or
    /// the bundled GLM-4 model.
    public static func load(prefix: String, override: ModelSelection?) throws(ModelError) -> Model {
        let metaPath = PackedPaths.meta(prefix: prefix)
        if let why = RegularFile.problem(metaPath) { throw ModelError("\(metaPath): \(why)") }
        guard let data = FileManager.default.contents(atPath: metaPath) else {
            return try (override ?? ModelSelection()).load()
        }
        guard let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError("\(metaPath): not a JSON object")
        }
        let recorded = (meta["tokenizer"] as? [String: Any])?["sha256"] as? String
        var selection: ModelSelection
        if let override {
            selection = override
        } else if let m = meta["model"] as? [String: Any], let source = m["source"] as? String {
            let path = m["path"] as? String
            switch ModelProvenance.Kind(rawValue: source) {
            case .bundled: selection = ModelSelection()
            case .tiktoken: selection = ModelSelection(tiktokenFile: path)
            case .huggingFace: selection = ModelSelection(directory: path)
            case nil: throw ModelError("\(metaPath): unknown model source \"\(source)\"")
            }
            if let family = m["family"] as? String { selection.template = family }
        } else {
            // Files written before meta.json named the model were all GLM-4's.
            selection = ModelSelection()
        }
        let model: Model
        do { model = try selection.load() } catch {
            throw ModelError("\(error.message)\n\(metaPath) names this model; give --model DIR (or --tokenizer FILE) if it has moved")
        }
        if let recorded, recorded != model.tokenizer.sha256 {
            throw ModelError("\(metaPath): the dataset was written with a vocabulary of sha256 \(recorded), but \(model.provenance.path ?? "the bundled GLM-4 vocabulary") has \(model.tokenizer.sha256); give the model it was written with (--model DIR or --tokenizer FILE)")
        }
        return model
    }
}
