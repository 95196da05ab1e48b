import PackedFormat

/// `encode --pack N`: records packed into bins of at most `capacity` tokens. Each record stays
/// one Megatron sequence and each bin is one Megatron document (the `.idx` document index), so
/// a loader reads a packed sample and its per-conversation boundaries from the file as it is.
public struct PackingOptions: Sendable, Equatable {
    /// Tokens per bin, at most; records longer than this are cut to it by the encoder.
    public var capacity: Int
    /// Records packed together: first-fit decreasing runs over each window of this many
    /// records in input order, so memory stays at one window and the output depends only on
    /// the input order (never on workers or batches).
    public var window: Int

    public init(capacity: Int, window: Int = 1024) {
        self.capacity = capacity
        self.window = window
    }
}

/// Buffers one window of records and writes them bin by bin. Runs on the writer queue.
struct Packer {
    let options: PackingOptions
    private var ids: [Int32] = []
    private var labels: [Int32] = []
    /// Buffered records: start in `ids`/`labels` and token count. 16 bytes per record.
    private var records: [(start: Int, count: Int)] = []
    private(set) var bins = 0

    init(_ options: PackingOptions) { self.options = options }

    /// First-fit decreasing: records by length, longest first (ties in input order), each into
    /// the first bin with room, else a new bin. Bins in the order they were opened; inside a
    /// bin, records in input order. Returns indices into `lengths`.
    static func plan(_ lengths: [Int], capacity: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var room: [Int] = []
        var bins: [[Int]] = []
        for r in order {
            let n = lengths[r]
            if let b = room.firstIndex(where: { $0 >= n }) {
                room[b] -= n
                bins[b].append(r)
            } else {
                room.append(capacity - n)
                bins.append([r])
            }
        }
        return bins.map { $0.sorted() }
    }

    mutating func add(_ b: EncodedBatch, to output: OutputFiles) throws(PipelineError) {
        var start = 0
        for n in b.lengths {
            records.append((ids.count, n))
            ids.append(contentsOf: b.ids[start ..< start + n])
            if !b.labels.isEmpty { labels.append(contentsOf: b.labels[start ..< start + n]) }
            start += n
            if records.count == options.window { try flush(to: output) }
        }
    }

    /// Writes the buffered records as bins; the writer calls it once more before committing.
    mutating func flush(to output: OutputFiles) throws(PipelineError) {
        guard !records.isEmpty else { return }
        let plan = Self.plan(records.map(\.count), capacity: options.capacity)
        do {
            for bin in plan {
                for r in bin {
                    let (s, n) = records[r]
                    try ids.withUnsafeBufferPointer { p throws(PackedFormatError) in try output.ids.append(UnsafeBufferPointer(rebasing: p[s ..< s + n])) }
                    if let l = output.labels {
                        try labels.withUnsafeBufferPointer { p throws(PackedFormatError) in try l.append(UnsafeBufferPointer(rebasing: p[s ..< s + n])) }
                    }
                }
                output.ids.endDocument()
                output.labels?.endDocument()
            }
        } catch {
            throw .output(path: error.path, message: error.description)
        }
        bins += plan.count
        records.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
    }
}
