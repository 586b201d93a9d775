import Foundation

/// `vault check`: the schema, then the arithmetic a reviewer does by hand (docs/domain.md,
/// "Figures and their arithmetic"). Stated figures are compared with computed ones in exact
/// decimals, at half a unit of the stated figure's last written place. Every place a rule
/// reads is declared in ``rules`` and looked up in the schema before any report is checked.
/// The rules are in families (``CheckRuleFamily``), one file each under Rules/, listed in
/// ``families``.
public struct ReportCheck: Sendable {
    let schema: JSONSchema
    let labels: FigureList

    /// The check for `schema`, after making sure the schema has every place the rules read
    /// (``addresses``): one it lacks is an error naming it and the rules that read it, not a
    /// rule that silently never fires.
    public init(verifying schema: JSONSchema) throws(VaultError) {
        try ReportSchema.checkAddresses(of: schema)
        self.init(checked: schema)
    }

    /// The check for a schema known to have every place the rules read, such as the one
    /// ``ReportSchema/load()`` returns (it has checked them). A schema lacking one is a
    /// programming error that stops the program; ``init(verifying:)`` throws instead.
    public init(schema: JSONSchema) {
        do {
            try ReportSchema.checkAddresses(of: schema)
        } catch {
            preconditionFailure(error.description)
        }
        self.init(checked: schema)
    }

    private init(checked schema: JSONSchema) {
        self.schema = schema
        labels = FigureList(schema: schema)
    }

    /// Schema errors first (rule `schema`), then arithmetic findings in document order.
    public func findings(for report: JSONValue) -> [Finding] {
        let schemaErrors = schema.validate(report).map { e in
            Finding(
                rule: "schema", severity: .error,
                messageZH: "\(e.pointer.isEmpty ? "/" : e.pointer)：不符合报告结构（\(e.keyword)）：\(e.message.text(.zh))",
                message: "\(e.pointer.isEmpty ? "/" : e.pointer): \(e.message.text(.en)) (\(e.keyword))",
                figures: [(e.pointer, nil)], expected: nil, found: nil)
        }
        var run = CheckRun(report: report, labels: labels)
        run.checkAll()
        return schemaErrors + run.findings
    }

    /// The schema errors only (what `vault commit` refuses).
    public func schemaErrors(for report: JSONValue) -> [ValidationError] {
        schema.validate(report)
    }

    /// What `vault commit` does before storing `report` (from `source`, for messages):
    /// refuses schema errors — and, when `strict`, any arithmetic error — with one line
    /// naming the first problem; otherwise returns the findings to show as warnings.
    /// With the file's `lines` (by JSON Pointer), the refusal names the line of the problem.
    public func admit(_ report: Report, source: String, strict: Bool, lines: [String: Int] = [:]) throws(VaultError) -> [Finding] {
        let all = findings(for: report.value)
        let schemaProblems = all.filter { $0.rule == "schema" }
        if let first = schemaProblems.first {
            throw .schemaRefused(file: source, line: first.line(in: lines), first: first.text, more: schemaProblems.count - 1)
        }
        let errors = all.filter { $0.severity == .error }
        if strict, let first = errors.first {
            throw .strictRefused(file: source, line: first.line(in: lines), rule: first.rule, first: first.text, more: errors.count - 1)
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
