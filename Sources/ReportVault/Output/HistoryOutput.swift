import Foundation

/// `vault history --json` (schema/history-output.schema.json): one figure's value at every
/// revision that changed it, newest first.
public struct FigureHistoryOutput: JSONOutput {
    public var report: ReportPath
    /// The figure's JSON Pointer in the newest revision.
    public var figure: String
    public var revisions: [FigureRevision]

    public init(report: ReportPath, figure: String, revisions: [FigureRevision]) {
        self.report = report
        self.figure = figure
        self.revisions = revisions
    }

    public var json: JSONValue {
        .object([
            .init("report", .string(report.description)),
            .init("figure", .string(figure)),
            .init(
                "revisions",
                .array(
                    revisions.map { r in
                        .object([
                            .init("commit", .string(r.commit.id.hex)),
                            .init("date", .string(r.commit.author.isoDate)),
                            .init("author", .person(r.commit.author)),
                            .init("message", .string(r.commit.message.trimmingCharacters(in: .newlines))),
                            .init("path", .orNull(r.path)),
                            .init("value", r.value ?? .null),
                            .init("delta", r.delta.map { .number(Double(ExactNumber.text($0))!) } ?? .null),
                            .init("tags", .array(r.tags.map(JSONValue.string))),
                        ])
                    })),
        ])
    }
}

/// `vault blame --json` (schema/blame-output.schema.json): every figure with the commit that
/// last changed it.
public struct BlameOutput: JSONOutput {
    public var figures: [FigureBlame]

    public init(_ figures: [FigureBlame]) {
        self.figures = figures
    }

    public var json: JSONValue {
        .array(
            figures.map { b in
                .object([
                    .init("path", .string(b.figure.path)),
                    .init("label", .string(b.figure.label)),
                    .init("value", .number(b.figure.value)),
                    .init("unit", .orNull(b.figure.unit)),
                    .init("commit", .string(b.commit.id.hex)),
                    .init("author", .person(b.commit.author)),
                    .init("date", .string(b.commit.author.isoDate)),
                ])
            })
    }
}
