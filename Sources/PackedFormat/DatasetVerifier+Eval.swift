extension DatasetVerifier.Summary {
    /// Evaluation rows (input_ids + output_ids): examples, input tokens, output tokens (as targets).
    public init(examples: Int, inputTokens: Int, outputTokens: Int) {
        self.init(sequences: examples, tokens: inputTokens, targets: outputTokens, hasLabels: false)
    }
}
