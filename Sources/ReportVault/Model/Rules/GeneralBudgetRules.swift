import Foundation

// MARK: - 一般公共预算

extension ReportAddress {
    static let basicActual: ReportAddress = "/generalBudget/basic/actual"
    static let basicPersonnel: ReportAddress = "/generalBudget/basic/personnel"
    static let basicPublicUse: ReportAddress = "/generalBudget/basic/publicUse"
    static let generalBudgetActual: ReportAddress = "/generalBudget/total/actual"
    static let projectActual: ReportAddress = "/generalBudget/project/actual"
    static let projectItems: ReportAddress = "/generalBudget/project/items"
    static let projectItemAmount: ReportAddress = "/generalBudget/project/items/*/amount"
    static let economicClasses: ReportAddress = "/economicClassification"
    static let economicClassAmount: ReportAddress = "/economicClassification/*/amount"
}

/// 一般公共预算: basic = personnel + public use, total = basic + project, the named project
/// items within project expenditure, and the economic classification's rows.
enum GeneralBudgetRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = [
        ("sum.basic", [.basicActual, .basicPersonnel, .basicPublicUse]),
        ("sum.general-budget", [.generalBudgetActual, .basicActual, .basicPersonnel, .basicPublicUse, .projectActual]),
        ("sum.project-items", [.projectActual, .projectItems, .projectItemAmount]),
        ("sum.economic-classification", [.basicActual, .generalBudgetActual, .economicClasses, .economicClassAmount]),
    ]

    static func check(_ run: inout CheckRun) {
        run.checkGeneralBudget()
    }
}

extension CheckRun {
    fileprivate mutating func checkGeneralBudget() {
        checkSum(
            "sum.basic", stated: .basicActual, parts: [.basicPersonnel, .basicPublicUse],
            en: "basic expenditure = personnel + public-use costs")
        if number(.basicActual) != nil {
            checkSum(
                "sum.general-budget", stated: .generalBudgetActual, parts: [.basicActual, .projectActual],
                en: "general-budget expenditure = basic + project")
        } else {
            checkSum(
                "sum.general-budget", stated: .generalBudgetActual,
                parts: [.basicPersonnel, .basicPublicUse, .projectActual],
                en: "general-budget expenditure = personnel + public-use + project")
        }
        // Named project items are a breakdown (其中): they may not exceed the total.
        if let total = number(.projectActual), case .array(let items)? = value(.projectItems) {
            let paths = items.indices.map { ReportAddress.projectItemAmount.row($0) }
            let sum = paths.compactMap { number($0)?.decimal }.reduce(Decimal(0), +)
            if sum > total.decimal + total.tolerance {
                add(
                    "sum.project-items", .warning, zh: "项目明细合计 \(ExactNumber.text(sum)) 超过项目支出 \(total)",
                    en: "project items add up to \(ExactNumber.text(sum)), more than project expenditure \(total)",
                    figures: [.projectActual] + paths, expected: total.decimal,
                    found: ExactNumber(decimal: sum, places: total.places))
            }
        }
        if let classes = value(.economicClasses), case .array(let rows) = classes {
            let stated: ReportAddress = number(.basicActual) != nil ? .basicActual : .generalBudgetActual
            checkSum(
                "sum.economic-classification", stated: stated,
                parts: rows.indices.map { ReportAddress.economicClassAmount.row($0) },
                en: "basic expenditure = sum of the economic classification rows")
        }
    }
}
