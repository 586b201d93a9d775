/// `vault diff --json` (schema/diff-output.schema.json): the reports that differ between two
/// revisions or two files.
public struct DiffOutput: JSONOutput {
    /// The old and the new side as the user named them: revisions or files.
    public var from: String
    public var to: String
    public var reports: [ReportComparison]
    /// Reviewed reports' notes, by report and figure pointer: a compared report with notes on
    /// the figures it changes (or on the whole report) lists them.
    public var notes: [String: [String: [ReviewNote]]]

    public init(
        from: String, to: String, reports: [ReportComparison], notes: [String: [String: [ReviewNote]]] = [:]
    ) {
        self.from = from
        self.to = to
        self.reports = reports
        self.notes = notes
    }

    public var json: JSONValue {
        .object([
            .init("from", .string(from)), .init("to", .string(to)),
            .init(
                "reports",
                .array(
                    reports.map { comparison in
                        let byFigure = notes[comparison.report] ?? [:]
                        let shown = ([""] + comparison.changes.map(\.path)).flatMap { byFigure[$0] ?? [] }
                        guard !shown.isEmpty, case .object(let members) = comparison.json else {
                            return comparison.json
                        }
                        return .object(members + [.init("notes", .array(shown.map(ReviewsOutput.json)))])
                    })),
        ])
    }
}
