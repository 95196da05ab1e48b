extension Tokenizer {
    /// The number of bytes token `id` stands for (a special token's text length); 0 for an
    /// unknown id. For label rules that decide a token by its first byte.
    public func byteCount(of id: Int32) -> Int {
        if id >= 0 && Int(id) < mergeableCount {
            return Int(tokens.offsets.base[Int(id) + 1] - tokens.offsets.base[Int(id)])
        }
        return specials.first { $0.id == id }?.text.count ?? 0
    }
}
