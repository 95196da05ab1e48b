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
            try batch.ids.withUnsafeBufferPointer { all throws(PackedFormatError) in
                var start = 0
                for n in batch.lengths {
                    try ids.append(UnsafeBufferPointer(rebasing: all[start ..< start + n]))
                    start += n
                }
            }
            if let labels {
                try batch.labels.withUnsafeBufferPointer { all throws(PackedFormatError) in
                    var start = 0
                    for n in batch.lengths {
                        try labels.append(UnsafeBufferPointer(rebasing: all[start ..< start + n]))
                        start += n
                    }
                }
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

    /// Finishes every file under its temporary name, then renames them all; meta.json last.
    func commit(meta: [String: Any]) throws(PipelineError) {
        do {
            try ids.finish()
            try labels?.finish()
        } catch {
            throw .output(path: error.path, message: error.description)
        }
        let rejectsTmp = PackedPaths.temporary(rejectsPath, token: token)
        let closeStatus = fclose(rejects)
        rejects = nil
        if closeStatus != 0 { throw .output(path: rejectsPath, message: "\(rejectsPath): write failed: \(String(cString: strerror(errno)))") }
        let metaTmp = PackedPaths.temporary(metaPath, token: token)
        do {
            var data = try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            data.append(0x0A)
            try data.write(to: URL(fileURLWithPath: metaTmp))
        } catch {
            throw .output(path: metaPath, message: "\(metaPath): cannot write: \(error.localizedDescription)")
        }
        do {
            try ids.commit()
            try labels?.commit()
        } catch {
            throw .output(path: error.path, message: error.description)
        }
        for (tmp, final) in [(rejectsTmp, rejectsPath), (metaTmp, metaPath)] where rename(tmp, final) != 0 {
            throw .output(path: final, message: "\(final): cannot rename \(tmp): \(String(cString: strerror(errno)))")
        }
        committed = true
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
