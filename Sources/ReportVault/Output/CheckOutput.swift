/// `vault check --json` (schema/check-output.schema.json): a report's findings with their counts.
public struct CheckOutput: JSONOutput {
    /// The report's name: the file, or REV:reports/YEAR/UNIT.json.
    public var report: String
    public var findings: [Finding]

    public init(report: String, findings: [Finding]) {
        self.report = report
        self.findings = findings
    }

    /// Valid against the schema (arithmetic findings aside).
    public var valid: Bool { !findings.contains { $0.rule == "schema" } }
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.count - errors }

    public var json: JSONValue {
        .object([
            .init("report", .string(report)),
            .init("valid", .bool(valid)),
            .init("errors", .count(errors)),
            .init("warnings", .count(warnings)),
            .init("findings", .array(findings.map(\.json))),
        ])
    }
}
