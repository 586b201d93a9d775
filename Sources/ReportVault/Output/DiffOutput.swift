/// `vault diff --json` (schema/diff-output.schema.json): the reports that differ between two
/// revisions or two files.
public struct DiffOutput: JSONOutput {
    /// The old and the new side as the user named them: revisions or files.
    public var from: String
    public var to: String
    public var reports: [ReportComparison]

    public init(from: String, to: String, reports: [ReportComparison]) {
        self.from = from
        self.to = to
        self.reports = reports
    }

    public var json: JSONValue {
        .object([.init("from", .string(from)), .init("to", .string(to)), .init("reports", .array(reports.map(\.json)))])
    }
}
