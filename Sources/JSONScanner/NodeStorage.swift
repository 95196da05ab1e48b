/// The memory behind a `JSONTape`: room for its nodes, and the stack of open containers the
/// parser keeps. Manually allocated so that the parser appends a node with one capacity
/// compare and a store (`Array.append` also checks uniqueness through a runtime call each
/// time, which with the bounds checks around it cost ~0.7 M instructions per parse of
/// dev.jsonl, callgrind). The counts live in the tape (a value type), so reading them needs no
/// dynamic exclusivity check; this class only owns the memory.
///
/// Layout: `nodes` has room for `capacity` `JSONNode`s (16 bytes each), of which the tape's
/// `count` are initialized; `open` has room for `JSONTape.maxDepth` node indices (4 bytes
/// each), of which the parser's `depth` are in use.
///
/// Only `JSONTape` writes, and only while it holds the sole reference (copy-on-write: `parse`
/// starts from fresh storage if the tape was copied), so sharing a parsed tape between
/// threads for reading is safe.
@usableFromInline
final class NodeStorage: @unchecked Sendable {
    @usableFromInline let nodes: UnsafeMutablePointer<JSONNode>
    let capacity: Int
    let open: UnsafeMutablePointer<UInt32>

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        nodes = .allocate(capacity: self.capacity)
        open = .allocate(capacity: JSONTape.maxDepth)
    }

    deinit {
        // JSONNode and UInt32 are trivial types: nothing to deinitialize.
        nodes.deallocate()
        open.deallocate()
    }
}
