import Foundation

// MARK: - 人员编制

extension ReportAddress {
    static let postsAuthorized: ReportAddress = "/profile/staffing/authorized"
    static let postsAdministrative: ReportAddress = "/profile/staffing/administrative"
    static let postsInstitutional: ReportAddress = "/profile/staffing/institutional"
    static let postsOther: ReportAddress = "/profile/staffing/other"
}

/// 人员编制: authorized posts = administrative + institutional (+ other).
enum StaffingRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = [
        ("sum.staffing", [.postsAuthorized, .postsAdministrative, .postsInstitutional, .postsOther])
    ]

    static func check(_ run: inout CheckRun) {
        run.checkStaffing()
    }
}

extension CheckRun {
    fileprivate mutating func checkStaffing() {
        guard number(.postsOther) != nil || (number(.postsAdministrative) != nil && number(.postsInstitutional) != nil)
        else { return }
        checkSum(
            "sum.staffing", stated: .postsAuthorized, parts: [.postsAdministrative, .postsInstitutional, .postsOther],
            en: "authorized posts = administrative + institutional (+ other)", requireAllParts: false)
    }
}
