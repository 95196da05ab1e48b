#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JSONLines
import PackedFormat

/// The files of one job, all under temporary names until `commit()` (README "Output format").
///
/// `PREFIX_input_ids_document.bin/.idx`, for chat `PREFIX_labels_document.bin/.idx`,
/// `PREFIX.rejects.jsonl` (always written, empty when nothing was skipped, so a stale file
/// from an earlier run cannot be mistaken for this run's) and `PREFIX.meta.json` (renamed last:
/// its presence means the set is complete).
final class OutputFiles {
    let prefix: String
    let ids: PackedWriter
    let labels: PackedWriter?
    let rejectsPath: String
    let metaPath: String
    private let token: String
    private var rejects: UnsafeMutablePointer<FILE>?
    private var rejectsBuffer: [UInt8] = []
    private var committed = false

    /// `secondName`: the second array's name (`labels`; `output_ids` for evaluation rows).
    init(prefix: String, withLabels: Bool, secondName: String = PackedPaths.labels) throws(PipelineError) {
        self.prefix = prefix
        token = defaultTemporaryToken
        rejectsPath = PackedPaths.rejects(prefix: prefix)
        metaPath = PackedPaths.meta(prefix: prefix)
        let directory = (prefix as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .output(path: directory, message: "\(directory): cannot create output directory: \(error.localizedDescription)")
            }
        }
        do {
            ids = try PackedWriter(prefix: prefix, name: PackedPaths.inputIDs, temporaryToken: token)
            labels = withLabels ? try PackedWriter(prefix: prefix, name: secondName, temporaryToken: token) : nil
        } catch {
            throw .output(path: error.path, message: error.description)
        }
        let tmp = PackedPaths.temporary(rejectsPath, token: token)
        guard let f = fopen(tmp, "w") else {
            throw .output(path: rejectsPath, message: "\(tmp): cannot create: \(String(cString: strerror(errno)))")
        }
        rejects = f
    }

    deinit { discard() }

    /// Final names of the files this job writes, in the order the summary lists them.
    var finalPaths: [String] {
        var p = [ids.binPath, ids.idxPath]
        if let labels { p += [labels.binPath, labels.idxPath] }
        return p + [rejectsPath, metaPath]
    }

    func append(_ batch: EncodedBatch) throws(PipelineError) {
        do {
            try batch.ids.withUnsafeBufferPointer { all throws(PackedFormatError) in try ids.append(all, lengths: batch.lengths) }
            if let labels {
                try batch.labels.withUnsafeBufferPointer { all throws(PackedFormatError) in try labels.append(all, lengths: batch.lengths) }
            }
        } catch {
            throw .output(path: error.path, message: error.description)
        }
    }

    /// One `{"file":…,"line":…,"error":…}` line.
    func appendReject(path: String, line: Int, reason: String) throws(PipelineError) {
        rejectsBuffer.removeAll(keepingCapacity: true)
        rejectsBuffer += Array("{\"file\":".utf8)
        JSONText.appendString(path, to: &rejectsBuffer)
        rejectsBuffer += Array(",\"line\":\(line),\"error\":".utf8)
        JSONText.appendString(reason, to: &rejectsBuffer)
        rejectsBuffer += Array("}\n".utf8)
        let written = rejectsBuffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, rejects) }
        if written != rejectsBuffer.count { throw .output(path: rejectsPath, message: "\(rejectsPath): write failed: \(String(cString: strerror(errno)))") }
    }

    /// Finishes and fsyncs every file under its temporary name, then commits the set as a whole
    /// (`CommitRecord`: old meta.json removed first, the new one, with every file's size, last).
    func commit(meta: [String: Any]) throws(PipelineError) {
        do {
            try ids.finish()
            try labels?.finish()
        } catch {
            throw .output(path: error.path, message: error.description)
        }
        let rejectsTmp = PackedPaths.temporary(rejectsPath, token: token)
        let flushStatus = fflush(rejects) == 0 && fsync(fileno(rejects)) == 0 ? 0 : errno
        let closeStatus = fclose(rejects)
        rejects = nil
        if flushStatus != 0 || closeStatus != 0 {
            throw .output(path: rejectsPath, message: "\(rejectsTmp): write failed: \(String(cString: strerror(flushStatus != 0 ? flushStatus : errno)))")
        }
        let metaTmp = PackedPaths.temporary(metaPath, token: token)
        let renames = ids.pendingRenames + (labels?.pendingRenames ?? []) + [(rejectsTmp, rejectsPath)]
        var meta = meta
        meta[CommitRecord.key] = try CommitRecord.sizes(renames)
        let data: Data
        do {
            var d = try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            d.append(0x0A)
            data = d
        } catch {
            throw .output(path: metaPath, message: "\(metaPath): cannot write: \(error.localizedDescription)")
        }
        try CommitRecord.writeSynced(data, to: metaTmp, finalPath: metaPath)
        // From here on the temporaries are being renamed: none may be unlinked by `discard`.
        committed = true
        ids.renamedByCaller()
        labels?.renamedByCaller()
        do {
            try CommitRecord.commit(renames: renames, metaTemporary: metaTmp, metaPath: metaPath)
        } catch {
            // What was not renamed yet is of no use without the commit record.
            for r in renames { unlink(r.temporary) }
            unlink(metaTmp)
            throw error
        }
    }

    /// Removes every temporary file. Nothing was renamed unless `commit()` returned.
    func discard() {
        guard !committed else { return }
        ids.discard()
        labels?.discard()
        if let rejects { fclose(rejects) }
        rejects = nil
        unlink(PackedPaths.temporary(rejectsPath, token: token))
        unlink(PackedPaths.temporary(metaPath, token: token))
    }
}
