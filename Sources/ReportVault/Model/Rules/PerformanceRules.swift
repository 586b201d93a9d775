import Foundation

// MARK: - 绩效

extension ReportAddress {
    static let revenueTarget: ReportAddress = "/performance/revenueTask/target"
    static let revenueCompleted: ReportAddress = "/performance/revenueTask/completed"
    static let revenueCompletionRate: ReportAddress = "/performance/revenueTask/completionRate"
    static let revenueItems: ReportAddress = "/performance/revenueTask/items"
    static let revenueItemAmount: ReportAddress = "/performance/revenueTask/items/*/amount"
    static let performanceScore: ReportAddress = "/performance/score"
    static let performanceGrade: ReportAddress = "/performance/grade"
}

/// 绩效: the revenue task, the text's score against the self-evaluation table's, and the grade
/// band of a total score (the text's, and each evaluation table's: ``EvaluationTableRules``
/// checks its tables with ``CheckRun/checkGrade(_:total:gradePath:totalPath:)``).
enum PerformanceRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = [
        ("rate.revenue", [.revenueCompletionRate, .revenueCompleted, .revenueTarget]),
        ("sum.revenue-items", [.revenueCompleted, .revenueItems, .revenueItemAmount]),
        ("score.text-vs-table", [.performanceScore, .selfEvaluation + .tableTotalScore]),
        (
            "grade.band",
            [.performanceGrade, .performanceScore] + ReportAddress.inEvaluationTables([.tableGrade, .tableTotalScore])
        ),
    ]

    static func check(_ run: inout CheckRun) {
        run.checkPerformance()
    }
}

extension CheckRun {
    fileprivate mutating func checkPerformance() {
        checkRatio(
            "rate.revenue", stated: .revenueCompletionRate, numerator: .revenueCompleted, denominator: .revenueTarget,
            zh: "收入任务完成率", en: "revenue completion rate", formula: "completed / target")
        if case .array(let items)? = value(.revenueItems) {
            checkSum(
                "sum.revenue-items", stated: .revenueCompleted,
                parts: items.indices.map { ReportAddress.revenueItemAmount.row($0) },
                en: "revenue completed = sum of revenue items")
        }
        let tableTotal = ReportAddress.selfEvaluation + .tableTotalScore
        if let stated = number(.performanceScore), let table = number(tableTotal), !stated.agrees(with: table.decimal) {
            add(
                "score.text-vs-table", zh: "正文自评得分 \(stated) ≠ 自评表总分 \(table)",
                en: "the score in the text (\(stated)) differs from the table's total score (\(table))",
                figures: [.performanceScore, tableTotal], expected: table.decimal, found: stated)
        }
        if let grade = value(.performanceGrade)?.stringValue,
            let total = number(tableTotal) ?? number(.performanceScore)
        {
            checkGrade(
                grade, total: total, gradePath: .performanceGrade,
                totalPath: number(tableTotal) != nil ? tableTotal : .performanceScore)
        }
    }

    /// `grade.band`: a stated grade (等级) is the band of its total score; the text's grade
    /// here, and each evaluation table's from ``EvaluationTableRules``.
    mutating func checkGrade(_ stated: String, total: ExactNumber, gradePath: ReportAddress, totalPath: ReportAddress) {
        let expected: String
        switch total.decimal {
        case let t where t > 90: expected = "优秀"
        case let t where t >= 80: expected = "良好"
        case let t where t >= 60: expected = "中"
        default: expected = "差"
        }
        let synonyms: [String: [String]] = ["优秀": ["优"], "良好": ["良"], "中": ["中等", "较差", "合格", "一般"], "差": ["差"]]
        let ok =
            stated == expected || stated.hasPrefix(expected)
            || (synonyms[expected] ?? []).contains { stated.hasPrefix($0) }
        if !ok {
            findings.append(
                Finding(
                    rule: "grade.band", severity: .error,
                    messageZH: "等级“\(stated)”与总分 \(total) 不符（应为“\(expected)”：优秀>90，良好80–90，中60–80，差<60）",
                    message: "grade \"\(stated)\" does not match the total score \(total) (expected \"\(expected)\")",
                    figures: [(gradePath.pointer, nil), (totalPath.pointer, total.description)],
                    expected: nil, found: nil))
        }
    }
}
