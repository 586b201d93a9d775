import Foundation

/// `vault check`: the schema, then the arithmetic a reviewer does by hand (docs/domain.md,
/// "Figures and their arithmetic"). Stated figures are compared with computed ones in exact
/// decimals, at half a unit of the stated figure's last written place. Every place a rule
/// reads is declared in ``rules`` and looked up in the schema before any report is checked.
/// The rules are in families (``CheckRuleFamily``), one file each under Rules/, listed in
/// ``families``.
public struct ReportCheck: Sendable {
    let schemas: ReportSchemas
    let labels: FigureList

    /// The check of every schema version in `schemas`: a report is validated by its own
    /// version, and the arithmetic rules (written for the newest) read it moved to the newest
    /// version (``ReportSchemas/convert(_:from:to:)``), their findings naming its own places.
    public init(schemas: ReportSchemas) throws(VaultError) {
        self.schemas = schemas
        labels = FigureList(schema: try schemas.newestSchema())
    }

    /// The check for one schema, after making sure it has every place the rules read
    /// (``addresses``): one it lacks is an error naming it and the rules that read it, not a
    /// rule that silently never fires.
    public init(verifying schema: JSONSchema) throws(VaultError) {
        try ReportSchemas.checkAddresses(of: schema)
        self.init(checked: schema)
    }

    /// The check for one schema known to have every place the rules read. A schema lacking
    /// one is a programming error that stops the program; ``init(verifying:)`` throws instead.
    public init(schema: JSONSchema) {
        do {
            try ReportSchemas.checkAddresses(of: schema)
        } catch {
            preconditionFailure(error.description)
        }
        self.init(checked: schema)
    }

    private init(checked schema: JSONSchema) {
        schemas = ReportSchemas(single: schema)
        labels = FigureList(schema: schema)
    }

    /// Schema errors first (rule `schema`, against the report's own version), then arithmetic
    /// findings in document order. A version newer than the tool's is an error.
    public func findings(for report: JSONValue) throws(VaultError) -> [Finding] {
        let version = try schemas.version(for: report)
        let schemaErrors = try schemas.schema(version).validate(report).map { e in
            Finding(
                rule: "schema", severity: .error,
                messageZH: "\(e.pointer.isEmpty ? "/" : e.pointer)：不符合报告结构（\(e.keyword)）：\(e.message.text(.zh))",
                message: "\(e.pointer.isEmpty ? "/" : e.pointer): \(e.message.text(.en)) (\(e.keyword))",
                figures: [(e.pointer, nil)], expected: nil, found: nil)
        }
        var run = CheckRun(report: try schemas.convert(report, from: version, to: schemas.newest), labels: labels)
        run.checkAll()
        var arithmetic = run.findings
        if version != schemas.newest {
            for i in arithmetic.indices {
                for j in arithmetic[i].figures.indices {
                    guard let tokens = JSONPointer.tokens(arithmetic[i].figures[j].path) else { continue }
                    arithmetic[i].figures[j].path = JSONPointer.make(
                        try schemas.place(tokens, from: schemas.newest, to: version))
                }
            }
        }
        return schemaErrors + arithmetic
    }

    /// The schema errors only (what `vault commit` refuses), against the report's own version.
    public func schemaErrors(for report: JSONValue) throws(VaultError) -> [ValidationError] {
        try schemas.validate(report)
    }

    /// What `vault commit` does before storing `report` (from `source`, for messages):
    /// refuses schema errors — and, when `strict`, any arithmetic error — with one line
    /// naming the first problem; otherwise returns the findings to show as warnings.
    /// With the file's `lines` (by JSON Pointer), the refusal names the line of the problem.
    public func admit(
        _ report: Report, source: String, strict: Bool, lines: JSONLineMap = JSONLineMap()
    ) throws(VaultError) -> [Finding] {
        let all: [Finding]
        do { all = try findings(for: report.value) } catch { throw .inFile(file: source, error) }
        let schemaProblems = all.filter { $0.rule == "schema" }
        if let first = schemaProblems.first {
            throw .schemaRefused(
                file: source, line: first.line(in: lines), first: first.text, more: schemaProblems.count - 1)
        }
        let errors = all.filter { $0.severity == .error }
        if strict, let first = errors.first {
            throw .strictRefused(
                file: source, line: first.line(in: lines), rule: first.rule, first: first.text, more: errors.count - 1)
        }
        return all
    }
}

// MARK: - Rules

extension ReportCheck {
    /// Every family of rules, in the order `vault check` runs them (and lists their findings).
    static let families: [any CheckRuleFamily.Type] = [
        GeneralBudgetRules.self,
        ThreePublicRules.self,
        YearOnYearRules.self,
        BaseDataRules.self,
        StaffingRules.self,
        FinalAccountsRules.self,
        PerformanceRules.self,
        EvaluationTableRules.self,
    ]

    /// Each rule's id and every place it reads (relative addresses appended to each place
    /// they apply), in the order `vault check` runs the rules.
    public static let rules: [(rule: String, addresses: [ReportAddress])] = families.flatMap { $0.rules }

    /// Every place the rules read, each once, in the order the rules declare them.
    public static let addresses: [ReportAddress] = {
        var seen: Set<ReportAddress> = []
        return rules.flatMap(\.addresses).filter { seen.insert($0).inserted }
    }()

    /// The same, as a set, for the debug-build check that a rule reads only declared places.
    static let declaredAddresses = Set(addresses)
}
