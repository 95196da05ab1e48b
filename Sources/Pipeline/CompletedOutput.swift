import PackedFormat

/// `tokenpack encode --skip-completed`: whether the final files for a job's prefix already
/// hold exactly what the job would write, so it can stop at once (resume at shard granularity).
public enum CompletedOutput {
    public enum Status: Sendable {
        /// The files verify and their meta.json names the same inputs, settings and shard.
        case complete(DatasetCheck.Report)
        /// Why the job must run: a missing file, a failed check, a differing meta.json key.
        case incomplete(String)
    }

    /// Compares `PREFIX.meta.json` with what this job would write, key by key, except the counts
    /// and the file names (which only the run itself knows), and verifies the files.
    /// `configuration` must hold the encoding fields (`EncodeRun.configuration`).
    public static func check(_ configuration: PipelineConfiguration) -> Status {
        let prefix = configuration.outputPrefix
        let metaPath = PackedPaths.meta(prefix: prefix)
        let found: [String: Any]?
        do {
            found = try MetaJSON.read(metaPath)
        } catch {
            return .incomplete(error.description)
        }
        guard let found else { return .incomplete("\(metaPath) does not exist") }
        let expected = Metadata.document(configuration: configuration, summary: PipelineSummary())
        let differing = MetaJSON.differingKeys(expected, found, ignoring: ["counts", "content_bytes", "datasets", CommitRecord.key])
        if !differing.isEmpty {
            let what = differing.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
            return .incomplete("\(metaPath) differs from this job in \(what)")
        }
        do {
            return .complete(try DatasetCheck.verify(prefix: prefix))
        } catch {
            return .incomplete("verify failed: \(error.description)")
        }
    }
}
