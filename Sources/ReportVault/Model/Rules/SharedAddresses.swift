// The places the arithmetic rules of `vault check` read are declared once, as `ReportAddress`
// constants in the file of the family whose rules read them (Rules/<Family>Rules.swift); the
// ones several families read are here. The rules read only declared places (debug builds stop
// on any other), and the schema check at start-up looks every one up, so a property the schema
// renames cannot silently switch a rule off. Addresses starting at a row or a table (`/score`,
// `/funds/rows`) are relative: the rules append them to the row or table they are looking at,
// and a family's `rules` lists them appended to every place they apply.

extension ReportAddress {
    // MARK: - 自评表 (the whole unit's, and each project's): 绩效 and 自评表

    static let selfEvaluation: ReportAddress = "/selfEvaluation"
    static let projectEvaluations: ReportAddress = "/projectEvaluations"
    static let projectEvaluationTable: ReportAddress = "/projectEvaluations/*"
    /// Every evaluation table a report can have.
    static let evaluationTables: [ReportAddress] = [selfEvaluation, projectEvaluationTable]

    // Relative to an evaluation table.
    static let tableTotalScore: ReportAddress = "/totalScore"
    static let tableGrade: ReportAddress = "/grade"

    /// `relatives` under every evaluation table, after the tables themselves: the places a
    /// rule over the tables reads.
    static func inEvaluationTables(_ relatives: [ReportAddress]) -> [ReportAddress] {
        [selfEvaluation, projectEvaluations] + evaluationTables.flatMap { table in relatives.map { table + $0 } }
    }

    // MARK: - Rows: 三公经费 (base-data rows) and 自评表

    // Relative to a row (of funds, indicators, level-1 weights or base data).
    static let rowName: ReportAddress = "/name"
}
