import Foundation

// MARK: - 基础数据表

extension ReportAddress {
    static let staffControlRate: ReportAddress = "/baseData/staffing/controlRate"
    static let staffActual: ReportAddress = "/baseData/staffing/actual"
    static let staffAuthorized: ReportAddress = "/baseData/staffing/authorized"
}

/// 基础数据表: the staff control rate = actual / authorized staff. Its 三公经费 rows are summed
/// by ``ThreePublicRules``'s rules, run here.
enum BaseDataRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = [
        ("rate.staff-control", [.staffControlRate, .staffActual, .staffAuthorized])
    ]

    static func check(_ run: inout CheckRun) {
        run.checkBaseData()
    }
}

extension CheckRun {
    fileprivate mutating func checkBaseData() {
        checkRatio(
            "rate.staff-control", stated: .staffControlRate, numerator: .staffActual, denominator: .staffAuthorized,
            zh: "控制率", en: "staff control rate", formula: "actual / authorized")
        checkThreePublicInBaseData()
    }
}
