import ArgumentParser
import Pipeline

/// `encode`'s flags that change the shape of the output: packed bins, evaluation rows.
struct OutputShapeFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Chat format: pack sequences into bins of at most N tokens (first-fit decreasing within --pack-window records). Each record stays one sequence, each bin is one document of the .idx; a record longer than N is cut to N.", valueName: "N"))
    var pack: Int?

    @Option(name: .customLong("pack-window"), help: ArgumentHelp("With --pack: records packed together, in input order (default 1024). Memory holds one window; the output does not depend on --workers.", valueName: "W"))
    var packWindow: Int?

    @Flag(help: "Chat format: evaluation rows (GLM-4's official process_batch_eval): one example per assistant turn, the prompt through the generation header as PREFIX_input_ids_document and the answer as PREFIX_output_ids_document; one document per conversation. --mode last-turn is the official combine path.")
    var eval = false

    func validate(format: EncodeOptions.Format) throws {
        if let n = pack, n < 1 { throw ValidationError("--pack must be at least 1") }
        if let w = packWindow, w < 1 { throw ValidationError("--pack-window must be at least 1") }
        if packWindow != nil && pack == nil { throw ValidationError("--pack-window goes with --pack N") }
        if (pack != nil || eval) && format != .chat { throw ValidationError("--pack and --eval apply to --format chat") }
        if pack != nil && eval { throw ValidationError("--pack and --eval cannot be combined: evaluation rows are one example per sequence") }
    }

    func apply(to o: inout EncodeOptions) {
        if let pack { o.packing = PackingOptions(capacity: pack, window: packWindow ?? 1024) }
        o.eval = eval
    }
}
