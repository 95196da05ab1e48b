#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PackedFormat

/// `tokenpack merge SHARD_PREFIX... -o PREFIX`: the shards of one sharded encode, joined into
/// the dataset one unsharded `encode` of the same input and settings writes, byte for byte
/// (`.bin`, `.idx`, rejects; meta.json the same plus `"merged": {"shards": N}`).
///
/// Everything is checked before anything is written: each shard's meta.json has a `shard`
/// object; the indexes are exactly 0…N-1, each once (prefixes may be given in any order); all
/// meta.json keys but the per-shard ones (`ShardMeta.perShardKeys`) are equal, so shards of
/// different models, templates, modes, lengths or input lists are refused whatever fields the
/// encoding records; and every shard passes `DatasetCheck.verify`. Then the files are written
/// under temporary names and renamed (meta.json last), as encode does.
public enum DatasetMerge {
    public struct Summary: Sendable, Equatable {
        public var shards = 0
        public var sequences = 0
        public var tokens = 0
        /// Bytes of `.bin` written (all arrays).
        public var binBytes = 0
        /// Files written, final names, meta.json last.
        public var outputFiles: [String] = []
        public var seconds = 0.0
    }

    public static func run(shards prefixes: [String], output: String) throws(PipelineError) -> Summary {
        let start = monotonicSeconds()
        guard !prefixes.isEmpty else { throw .setup(message: "merge: give the shard prefixes") }
        // 1. Read every meta.json and order the shards by index.
        var shards: [(prefix: String, meta: [String: Any], index: Int)] = []
        var count: Int?
        for p in prefixes {
            let metaPath = PackedPaths.meta(prefix: p)
            guard let meta = try MetaJSON.read(metaPath) else {
                throw .input(path: metaPath, message: "\(metaPath): cannot read (not the prefix of a finished `tokenpack encode`?)")
            }
            guard let shard = meta[ShardMeta.key] as? [String: Any], let n = shard["count"] as? Int, let i = shard["index"] as? Int else {
                throw .input(path: metaPath, message: "\(metaPath): not a shard (no \"shard\" object; encode with --num-shards N --shard-index I)")
            }
            if let count, count != n {
                throw .input(path: metaPath, message: "\(metaPath): shard \(i) of \(n), but \(shards[0].prefix) is a shard of \(count)")
            }
            count = n
            if let other = shards.first(where: { $0.index == i }) {
                throw .input(path: metaPath, message: "\(metaPath): shard \(i) of \(n) given twice (also \(other.prefix))")
            }
            if output == p { throw .setup(message: "merge: the output prefix \(output) is one of the shards") }
            shards.append((p, meta, i))
        }
        let n = count!
        shards.sort { $0.index < $1.index }
        let missing = (0 ..< n).filter { i in !shards.contains { $0.index == i } }
        if !missing.isEmpty {
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw .input(path: output, message: "merge: \(missing.count) of \(n) shards missing: shard index \(list)")
        }
        // 2. Same settings and inputs: every key but the per-shard ones, generically.
        let first = shards[0]
        for s in shards.dropFirst() {
            let differing = MetaJSON.differingKeys(first.meta, s.meta, ignoring: ShardMeta.perShardKeys)
            if let key = differing.first {
                let metaPath = PackedPaths.meta(prefix: s.prefix)
                throw .input(path: metaPath, message: "\(metaPath): \"\(key)\" is \(MetaJSON.canonical(s.meta[key])) but \(PackedPaths.meta(prefix: first.prefix)) has \(MetaJSON.canonical(first.meta[key]))"
                    + (differing.count > 1 ? " (also differing: \(differing.dropFirst().joined(separator: ", ")))" : ""))
            }
            if datasetNames(s.meta, s.prefix) != datasetNames(first.meta, first.prefix) {
                throw .input(path: PackedPaths.meta(prefix: s.prefix), message: "\(PackedPaths.meta(prefix: s.prefix)): holds other arrays than \(first.prefix)")
            }
        }
        // 3. Every shard verifies.
        for s in shards {
            do {
                _ = try DatasetCheck.verify(prefix: s.prefix)
            } catch {
                throw .input(path: error.path, message: "merge: shard \(s.index) (\(s.prefix)) fails verify: \(error.description)")
            }
        }
        // 4. The whole job encoded something (a shard alone may hold only bad lines).
        let total = { (key: String) in shards.reduce(0) { $0 + ((($1.meta["counts"] as? [String: Any])?[key] as? Int) ?? 0) } }
        if total("encoded") == 0 && (total("skipped") > 0 || total("blank_lines") > 0) {
            throw .nothingEncoded(skipped: total("skipped"), blankLines: total("blank_lines"),
                                  firstReject: firstReject(shards.map { PackedPaths.rejects(prefix: $0.prefix) }))
        }
        // 5. Write under temporary names, then rename.
        let names = datasetNames(first.meta, first.prefix)
        var temporaries: [String] = []
        var renames: [(String, String)] = []
        func temporary(_ final: String) -> String {
            let t = PackedPaths.temporary(final, token: defaultTemporaryToken)
            temporaries.append(t)
            renames.append((t, final))
            return t
        }
        var summary = Summary(shards: n)
        do {
            let directory = (output as NSString).deletingLastPathComponent
            if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw PipelineError.output(path: directory, message: "\(directory): cannot create output directory: \(error.localizedDescription)")
                }
            }
            for name in names {
                let bin = PackedPaths.bin(prefix: output, name: name), idx = PackedPaths.idx(prefix: output, name: name)
                let (binTmp, idxTmp) = (temporary(bin), temporary(idx))
                let totals: PackedConcatenation.Totals
                do {
                    totals = try PackedConcatenation.write(sources: shards.map { PackedPaths.dataset(prefix: $0.prefix, name: name) },
                                                           binPath: binTmp, idxPath: idxTmp)
                } catch {
                    throw PipelineError.output(path: error.path, message: error.description)
                }
                summary.sequences = totals.sequences
                summary.tokens = totals.tokens
                summary.binBytes += totals.binBytes
            }
            let rejects = PackedPaths.rejects(prefix: output)
            try concatenate(shards.map { PackedPaths.rejects(prefix: $0.prefix) }, into: temporary(rejects), final: rejects)
            let metaPath = PackedPaths.meta(prefix: output)
            let dataRenames = renames.map { (temporary: $0.0, final: $0.1) }
            let metaTmp = temporary(metaPath)
            var merged = mergedMeta(shards.map(\.meta), output: output, names: names)
            merged[CommitRecord.key] = try CommitRecord.sizes(dataRenames)
            let data: Data
            do {
                data = try MetaJSON.data(merged)
            } catch {
                throw PipelineError.output(path: metaPath, message: "\(metaPath): cannot write: \(error.localizedDescription)")
            }
            try CommitRecord.writeSynced(data, to: metaTmp, finalPath: metaPath)
            try CommitRecord.commit(renames: dataRenames, metaTemporary: metaTmp, metaPath: metaPath)
        } catch let error as PipelineError {
            for t in temporaries { unlink(t) }
            throw error
        } catch {
            for t in temporaries { unlink(t) }
            throw .output(path: output, message: "\(error)")
        }
        summary.outputFiles = renames.map(\.1)
        summary.seconds = monotonicSeconds() - start
        return summary
    }

    /// `file:line: error` of the first reject in the shards' rejects files, if any.
    static func firstReject(_ paths: [String]) -> String? {
        for p in paths {
            guard let data = FileManager.default.contents(atPath: p), let line = data.split(separator: 0x0A).first,
                  let o = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            return "\(o["file"] ?? "?"):\(o["line"] ?? "?"): \(o["error"] ?? "?")"
        }
        return nil
    }

    /// The array names (`input_ids`, `labels`) of a dataset from its meta.json's `datasets`.
    static func datasetNames(_ meta: [String: Any], _ prefix: String) -> [String] {
        let base = (prefix as NSString).lastPathComponent
        return ((meta["datasets"] as? [String]) ?? []).map { d in
            var s = Substring(d)
            if s.hasPrefix(base + "_") { s = s.dropFirst(base.count + 1) }
            if s.hasSuffix("_document") { s = s.dropLast("_document".count) }
            return String(s)
        }
    }

    /// Shard 0's meta.json with the counts summed, the file names of `output`, no `shard`
    /// object and `"merged": {"shards": N}`: an unsharded encode's meta.json plus that key.
    static func mergedMeta(_ metas: [[String: Any]], output: String, names: [String]) -> [String: Any] {
        var doc = metas[0]
        var counts: [String: Int] = [:]
        for m in metas {
            for (k, v) in (m["counts"] as? [String: Any]) ?? [:] { counts[k, default: 0] += (v as? Int) ?? 0 }
        }
        doc["counts"] = counts
        doc["content_bytes"] = metas.reduce(0) { $0 + (($1["content_bytes"] as? Int) ?? 0) }
        let base = (output as NSString).lastPathComponent
        doc["datasets"] = names.map { PackedPaths.dataset(prefix: base, name: $0) }
        doc["rejects"] = PackedPaths.rejects(prefix: base)
        doc[ShardMeta.key] = nil
        doc[ShardMeta.mergedKey] = ["shards": metas.count]
        return doc
    }

    /// The files back to back into `tmp` (rejects: one JSON line each, in shard order).
    static func concatenate(_ sources: [String], into tmp: String, final: String) throws(PipelineError) {
        guard let out = fopen(tmp, "w") else {
            throw .output(path: final, message: "\(tmp): cannot create: \(String(cString: strerror(errno)))")
        }
        var ok = true
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        for s in sources {
            guard let input = fopen(s, "r") else {
                fclose(out)
                throw .input(path: s, message: "\(s): cannot open: \(String(cString: strerror(errno)))")
            }
            while case let n = fread(buffer, 1, 1 << 20, input), n > 0 {
                if fwrite(buffer, 1, n, out) != n { ok = false; break }
            }
            fclose(input)
        }
        if fflush(out) != 0 || fsync(fileno(out)) != 0 { ok = false }
        if fclose(out) != 0 { ok = false }
        if !ok { throw .output(path: final, message: "\(final): write failed: \(String(cString: strerror(errno)))") }
    }
}
