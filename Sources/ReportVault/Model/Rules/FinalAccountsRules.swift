import Foundation

// MARK: - 决算 and 项目评价

extension ReportAddress {
    static let expenditureTotal: ReportAddress = "/finalAccounts/expenditure/total"
    static let expenditureBasic: ReportAddress = "/finalAccounts/expenditure/basic"
    static let expenditureProject: ReportAddress = "/finalAccounts/expenditure/project"
    static let expenditureByFunction: ReportAddress = "/finalAccounts/expenditure/byFunction"
    static let functionAmount: ReportAddress = "/finalAccounts/expenditure/byFunction/*/amount"
    static let incomeTotal: ReportAddress = "/finalAccounts/income/total"
    static let incomeRows: ReportAddress = "/finalAccounts/income/rows"
    static let incomeRowAmount: ReportAddress = "/finalAccounts/income/rows/*/amount"
    static let projectsEvaluated: ReportAddress = "/projectEvaluation/count"
    static let projectsExcellent: ReportAddress = "/projectEvaluation/excellent"
    static let projectsGood: ReportAddress = "/projectEvaluation/good"
    static let projectsPass: ReportAddress = "/projectEvaluation/pass"
    static let projectsPoor: ReportAddress = "/projectEvaluation/poor"
}

/// 决算: total expenditure by function and by kind, total income, and the count of projects
/// evaluated by grade.
enum FinalAccountsRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = [
        ("sum.by-function", [.expenditureTotal, .expenditureByFunction, .functionAmount]),
        ("sum.expenditure", [.expenditureTotal, .expenditureBasic, .expenditureProject]),
        ("sum.income", [.incomeTotal, .incomeRows, .incomeRowAmount]),
        ("sum.project-grades", [.projectsEvaluated, .projectsExcellent, .projectsGood, .projectsPass, .projectsPoor]),
    ]

    static func check(_ run: inout CheckRun) {
        run.checkFinalAccounts()
    }
}

extension CheckRun {
    fileprivate mutating func checkFinalAccounts() {
        if case .array(let rows)? = value(.expenditureByFunction) {
            checkSum(
                "sum.by-function", stated: .expenditureTotal,
                parts: rows.indices.map { ReportAddress.functionAmount.row($0) },
                en: "total expenditure = sum of expenditure by function", requireAllParts: false)
        }
        checkSum(
            "sum.expenditure", stated: .expenditureTotal, parts: [.expenditureBasic, .expenditureProject],
            en: "total expenditure = basic + project")
        if case .array(let rows)? = value(.incomeRows) {
            checkSum(
                "sum.income", stated: .incomeTotal, parts: rows.indices.map { ReportAddress.incomeRowAmount.row($0) },
                en: "total income = sum of income rows", requireAllParts: false)
        }
        checkSum(
            "sum.project-grades", stated: .projectsEvaluated,
            parts: [.projectsExcellent, .projectsGood, .projectsPass, .projectsPoor],
            en: "projects evaluated = 优秀 + 良好 + 合格 + 差", requireAllParts: false)
    }
}
