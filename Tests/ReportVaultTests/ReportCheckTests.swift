import Foundation
import Testing

@testable import ReportVault

/// Every arithmetic rule of `vault check` with a passing and a failing report.
@Suite struct ReportCheckTests {
    static let checker = ReportCheck(schema: try! ReportSchemas.load().newestSchema())

    static func report(_ members: String) -> JSONValue {
        try! JSONParser.parse(
            #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "测试镇人民政府", "shortName": "测试镇"}, "amountUnit": "万元", "#
                + members + "}")
    }

    struct Case: Sendable, CustomStringConvertible {
        var rule: String
        var passing: String
        var failing: String
        /// The first figure the finding names, and its expected and found values.
        var pointer: String
        var expected: String?
        var found: String?
        var severity: Finding.Severity = .error
        var description: String { rule + " " + pointer }
    }

    static let eval =
        #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "annualBudget": 3911.21, "executed": 1902.68, "weight": 10, "executionRate": RATE, "score": SCORE}]}}"#

    static let cases: [Case] = [
        Case(
            rule: "sum.basic",
            passing: #""generalBudget": {"basic": {"actual": 3750.42, "personnel": 3442.93, "publicUse": 307.49}}"#,
            failing: #""generalBudget": {"basic": {"actual": 3750.43, "personnel": 3442.93, "publicUse": 307.49}}"#,
            pointer: "/generalBudget/basic/actual", expected: "3750.42", found: "3750.43"),
        Case(
            rule: "sum.general-budget",
            passing:
                #""generalBudget": {"total": {"actual": 2023.38}, "basic": {"personnel": 1236.95, "publicUse": 338.26}, "project": {"actual": 448.17}}"#,
            failing:
                #""generalBudget": {"total": {"actual": 2023.37}, "basic": {"personnel": 1236.95, "publicUse": 338.26}, "project": {"actual": 448.17}}"#,
            pointer: "/generalBudget/total/actual", expected: "2023.38", found: "2023.37"),
        Case(
            rule: "sum.project-items",
            passing:
                #""generalBudget": {"project": {"actual": 110, "items": [{"name": "甲", "amount": 60}, {"name": "乙", "amount": 50}]}}"#,
            failing:
                #""generalBudget": {"project": {"actual": 100, "items": [{"name": "甲", "amount": 60}, {"name": "乙", "amount": 50}]}}"#,
            pointer: "/generalBudget/project/actual", expected: "100", found: "110", severity: .warning),
        Case(
            rule: "sum.economic-classification",
            passing:
                #""generalBudget": {"basic": {"actual": 1287.78}}, "economicClassification": [{"name": "工资福利支出", "amount": 1024.74}, {"name": "商品和服务支出", "amount": 244.8}, {"name": "对个人和家庭的补助", "amount": 18.24}]"#,
            failing:
                #""generalBudget": {"basic": {"actual": 1287.79}}, "economicClassification": [{"name": "工资福利支出", "amount": 1024.74}, {"name": "商品和服务支出", "amount": 244.8}, {"name": "对个人和家庭的补助", "amount": 18.24}]"#,
            pointer: "/generalBudget/basic/actual", expected: "1287.78", found: "1287.79"),
        Case(
            rule: "sum.three-public",
            passing:
                #""generalBudget": {"threePublic": {"total": {"current": 10}, "abroad": {"current": 0}, "vehicles": {"current": 6}, "reception": {"current": 4}}}"#,
            failing:
                #""generalBudget": {"threePublic": {"total": {"current": 11}, "abroad": {"current": 0}, "vehicles": {"current": 6}, "reception": {"current": 4}}}"#,
            pointer: "/generalBudget/threePublic/total/current", expected: "10", found: "11"),
        Case(
            rule: "sum.vehicles",
            passing:
                #""generalBudget": {"threePublic": {"vehicles": {"previous": 6.5}, "vehiclePurchase": {"previous": 0}, "vehicleOperation": {"previous": 6.5}}}"#,
            failing:
                #""generalBudget": {"threePublic": {"vehicles": {"previous": 5}, "vehiclePurchase": {"previous": 0}, "vehicleOperation": {"previous": 6.5}}}"#,
            pointer: "/generalBudget/threePublic/vehicles/previous", expected: "6.5", found: "5"),
        Case(
            rule: "yoy.change",
            passing: #""generalBudget": {"meetings": {"current": 25.99, "previous": 32.39, "change": -6.4}}"#,
            failing: #""generalBudget": {"meetings": {"current": 25.99, "previous": 32.39, "change": 6.4}}"#,
            pointer: "/generalBudget/meetings/change", expected: "-6.4", found: "6.4"),
        Case(
            rule: "yoy.rate",
            passing: #""generalBudget": {"training": {"current": 25.99, "previous": 32.39, "changeRate": -19.76}}"#,
            failing: #""generalBudget": {"training": {"current": 25.99, "previous": 32.39, "changeRate": -140.27}}"#,
            pointer: "/generalBudget/training/changeRate", expected: "-19.76", found: "-140.27"),
        Case(
            rule: "sum.three-public",
            passing:
                #""baseData": {"rows": [{"name": "三公经费", "final": 2.5}, {"name": "1、公务用车购置和维护经费", "final": 2.5}, {"name": "2、出国经费", "final": 0}, {"name": "3、公务接待", "final": 0}]}"#,
            failing:
                #""baseData": {"rows": [{"name": "三公经费", "final": 5}, {"name": "1、公务用车购置和维护经费", "final": 2.5}, {"name": "2、出国经费", "final": 0}, {"name": "3、公务接待", "final": 0}]}"#,
            pointer: "/baseData/rows/0/final", expected: "2.5", found: "5"),
        Case(
            rule: "sum.vehicles",
            passing:
                #""baseData": {"rows": [{"name": "1、公务用车购置和维护经费", "budget": 2.5}, {"name": "其中：公车购置", "budget": 0}, {"name": "公车运行维护", "budget": 2.5}]}"#,
            failing:
                #""baseData": {"rows": [{"name": "1、公务用车购置和维护经费", "budget": 4}, {"name": "其中：公车购置", "budget": 0}, {"name": "公车运行维护", "budget": 2.5}]}"#,
            pointer: "/baseData/rows/0/budget", expected: "2.5", found: "4"),
        Case(
            rule: "rate.staff-control",
            passing: #""baseData": {"staffing": {"authorized": 58, "actual": 58, "controlRate": 100}}"#,
            failing: #""baseData": {"staffing": {"authorized": 58, "actual": 56, "controlRate": 100}}"#,
            pointer: "/baseData/staffing/controlRate", expected: nil, found: "100"),
        Case(
            rule: "sum.staffing",
            passing: #""profile": {"staffing": {"authorized": 58, "administrative": 22, "institutional": 36}}"#,
            failing: #""profile": {"staffing": {"authorized": 60, "administrative": 22, "institutional": 36}}"#,
            pointer: "/profile/staffing/authorized", expected: "58", found: "60"),
        Case(
            rule: "sum.by-function",
            passing:
                #""finalAccounts": {"expenditure": {"total": 1043.96477, "byFunction": [{"name": "一般公共服务支出", "amount": 500.5}, {"name": "农林水支出", "amount": 543.46477}]}}"#,
            failing:
                #""finalAccounts": {"expenditure": {"total": 1043.96478, "byFunction": [{"name": "一般公共服务支出", "amount": 500.5}, {"name": "农林水支出", "amount": 543.46477}]}}"#,
            pointer: "/finalAccounts/expenditure/total", expected: "1043.96477", found: "1043.96478"),
        Case(
            rule: "sum.income",
            passing:
                #""finalAccounts": {"income": {"total": 30, "rows": [{"name": "财政拨款收入", "amount": 20}, {"name": "其他收入", "amount": 10}]}}"#,
            failing:
                #""finalAccounts": {"income": {"total": 31, "rows": [{"name": "财政拨款收入", "amount": 20}, {"name": "其他收入", "amount": 10}]}}"#,
            pointer: "/finalAccounts/income/total", expected: "30", found: "31"),
        Case(
            rule: "sum.project-grades",
            passing: #""projectEvaluation": {"count": 21, "excellent": 10, "good": 8, "pass": 3}"#,
            failing: #""projectEvaluation": {"count": 22, "excellent": 10, "good": 8, "pass": 3}"#,
            pointer: "/projectEvaluation/count", expected: "21", found: "22"),
        Case(
            rule: "rate.revenue",
            passing:
                #""performance": {"revenueTask": {"target": 3886.25, "completed": 3886.5, "completionRate": 100}}"#,
            failing: #""performance": {"revenueTask": {"target": 3886.25, "completed": 3500, "completionRate": 100}}"#,
            pointer: "/performance/revenueTask/completionRate", expected: nil, found: "100"),
        Case(
            rule: "sum.revenue-items",
            passing:
                #""performance": {"revenueTask": {"completed": 3886.5, "items": [{"name": "竹木税收", "amount": 2.75}, {"name": "其他税收", "amount": 3883.75}]}}"#,
            failing:
                #""performance": {"revenueTask": {"completed": 3886.5, "items": [{"name": "竹木税收", "amount": 2.75}, {"name": "其他税收", "amount": 3833.75}]}}"#,
            pointer: "/performance/revenueTask/completed", expected: "3836.5", found: "3886.5"),
        Case(
            rule: "score.text-vs-table",
            passing: #""performance": {"score": 95}, "selfEvaluation": {"totalScore": 95}"#,
            failing: #""performance": {"score": 96}, "selfEvaluation": {"totalScore": 95}"#,
            pointer: "/performance/score", expected: "95", found: "96"),
        Case(
            rule: "grade.band",
            passing: #""performance": {"score": 95, "grade": "优"}"#,
            failing: #""performance": {"score": 85, "grade": "优"}"#,
            pointer: "/performance/grade", expected: nil, found: nil),
        Case(
            rule: "rate.execution",
            passing: eval.replacingOccurrences(of: "RATE", with: "48.65").replacingOccurrences(
                of: "SCORE", with: "4.87"),
            failing: eval.replacingOccurrences(of: "RATE", with: "48.7").replacingOccurrences(
                of: "SCORE", with: "4.87"),
            pointer: "/selfEvaluation/funds/rows/0/executionRate", expected: "48.65", found: "48.7"),
        Case(
            rule: "score.execution",
            passing: eval.replacingOccurrences(of: "RATE", with: "48.65").replacingOccurrences(
                of: "SCORE", with: "4.87"),
            failing: eval.replacingOccurrences(of: "RATE", with: "48.65").replacingOccurrences(
                of: "SCORE", with: "4.95"),
            pointer: "/selfEvaluation/funds/rows/0/score", expected: "4.87", found: "4.95"),
        Case(
            rule: "score.execution",
            passing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "2. 公用经费", "annualBudget": 823952.93, "executed": 818012.93, "executionRate": 99.28, "score": 9.93}]}}"#,
            failing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "2. 公用经费", "annualBudget": 823952.93, "executed": 818012.93, "executionRate": 99.28, "score": 9.92}]}}"#,
            pointer: "/selfEvaluation/funds/rows/0/score", expected: "9.93", found: "9.92", severity: .warning),
        Case(
            rule: "score.over-weight",
            passing: #""selfEvaluation": {"indicators": [{"name": "工资发放人数", "weight": 10, "score": 10}]}"#,
            failing: #""selfEvaluation": {"indicators": [{"name": "工资发放人数", "weight": 10, "score": 12}]}"#,
            pointer: "/selfEvaluation/indicators/0/score", expected: "10", found: "12"),
        Case(
            rule: "sum.funds-by-expenditure",
            passing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "executed": 1902.68}], "byExpenditure": {"basic": 1873.89, "project": 28.79}}}"#,
            failing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "executed": 1902.68}], "byExpenditure": {"basic": 1873.89, "project": 28.8}}}"#,
            pointer: "/selfEvaluation/funds/rows/0/executed", expected: "1902.69", found: "1902.68"),
        Case(
            rule: "sum.funds-by-income",
            passing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "executed": 1902.68}], "byIncome": {"generalBudget": 1900, "other": 2.68}}}"#,
            failing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "executed": 1902.68}], "byIncome": {"generalBudget": 1900}}}"#,
            pointer: "/selfEvaluation/funds/rows/0/executed", expected: "1900", found: "1902.68"),
        Case(
            rule: "sum.funds-splits",
            passing:
                #""selfEvaluation": {"funds": {"byIncome": {"generalBudget": 2023.37}, "byExpenditure": {"basic": 1575.2, "project": 448.17}}}"#,
            failing:
                #""selfEvaluation": {"funds": {"byIncome": {"generalBudget": 2023.37}, "byExpenditure": {"basic": 1575.21, "project": 448.17}}}"#,
            pointer: "/selfEvaluation/funds/byIncome/generalBudget", expected: "2023.38", found: "2023.37"),
        Case(
            rule: "sum.total-score",
            passing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "weight": 10, "score": 4.87}]}, "indicators": [{"name": "甲", "weight": 50, "score": 50}, {"name": "乙", "weight": 40, "score": 38}], "totalScore": 92.87}"#,
            failing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "weight": 10, "score": 4.87}]}, "indicators": [{"name": "甲", "weight": 50, "score": 50}, {"name": "乙", "weight": 40, "score": 38}], "totalScore": 95}"#,
            pointer: "/selfEvaluation/totalScore", expected: "92.87", found: "95"),
        Case(
            rule: "sum.weights",
            passing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "weight": 10}]}, "indicators": [{"name": "甲", "weight": 50}, {"name": "乙", "weight": 40}], "totalWeight": 100}"#,
            failing:
                #""selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "weight": 10}]}, "indicators": [{"name": "甲", "weight": 50}, {"name": "乙", "weight": 50}], "totalWeight": 100}"#,
            pointer: "/selfEvaluation/totalWeight", expected: "100", found: "110"),
        Case(
            rule: "sum.level1-weight",
            passing:
                #""selfEvaluation": {"indicators": [{"level1": "产出指标", "name": "甲", "weight": 30}, {"level1": "产出指标", "name": "乙", "weight": 20}], "level1Weights": [{"name": "产出指标", "weight": 50}]}"#,
            failing:
                #""selfEvaluation": {"indicators": [{"level1": "产出指标", "name": "甲", "weight": 30}, {"level1": "产出指标", "name": "乙", "weight": 40}], "level1Weights": [{"name": "产出指标", "weight": 50}]}"#,
            pointer: "/selfEvaluation/level1Weights/0/weight", expected: "50", found: "70"),
        Case(
            rule: "grade.band",
            passing: #""selfEvaluation": {"totalScore": 85, "grade": "良好"}"#,
            failing: #""selfEvaluation": {"totalScore": 91.93, "grade": "良好"}"#,
            pointer: "/selfEvaluation/grade", expected: nil, found: nil),
        Case(
            rule: "identity.table-year",
            passing: #""selfEvaluation": {"heading": {"fiscalYear": 2024, "unitName": "测试镇人民政府"}}"#,
            failing: #""selfEvaluation": {"heading": {"fiscalYear": 2021, "unitName": "测试镇人民政府"}}"#,
            pointer: "/selfEvaluation/heading/fiscalYear", expected: "2024", found: "2021"),
        Case(
            rule: "identity.table-unit",
            passing: #""selfEvaluation": {"heading": {"unitName": "测试镇"}}"#,
            failing: #""selfEvaluation": {"heading": {"unitName": "白水县人民政府"}}"#,
            pointer: "/selfEvaluation/heading/unitName", expected: nil, found: nil),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) throws {
        let passing = try Self.checker.findings(for: Self.report(c.passing))
        #expect(passing.isEmpty, "passing case of \(c.rule): \(passing.map(\.message))")
        let failing = try Self.checker.findings(for: Self.report(c.failing)).filter { $0.rule == c.rule }
        #expect(failing.count == 1, "\(c.rule): \(failing.map(\.message))")
        guard let f = failing.first else { return }
        #expect(f.severity == c.severity)
        #expect(f.figures.first?.path == c.pointer)
        if let expected = c.expected { #expect(f.expected == expected, "\(c.rule): \(f.message)") }
        if let found = c.found { #expect(f.found == found, "\(c.rule): \(f.message)") }
        #expect(!f.messageZH.isEmpty && !f.message.isEmpty)
    }

    @Test func schemaErrorsAreFindingsWithPointers() throws {
        let findings = try Self.checker.findings(
            for: try! JSONParser.parse(
                #"{"schemaVersion": 1, "fiscalYear": "2024", "unit": {"name": "x"}, "amountUnit": "千元", "extra": 1}"#))
        let schema = findings.filter { $0.rule == "schema" }
        #expect(schema.map { $0.figures[0].path } == ["/fiscalYear", "/amountUnit", "/extra"])
        #expect(
            schema.map(\.message) == [
                "/fiscalYear: expected integer, found string \"2024\"; write it as the number 2024 (no quotes, no thousands separators) (type)",
                "/amountUnit: \"千元\" is not one of \"万元\", \"元\" (enum)",
                "/extra: the member \"extra\" is not allowed here (additionalProperties)",
            ])
    }

    @Test func exactDecimalTolerance() {
        // Stated with 1 decimal: compared at ±0.05.
        #expect(ExactNumber(1575.2).agrees(with: Decimal(string: "1575.21")!))
        #expect(!ExactNumber(1575.2).agrees(with: Decimal(string: "1575.26")!))
        #expect(!ExactNumber(2023.37).agrees(with: Decimal(string: "2023.38")!))
        #expect(ExactNumber(1043.96477).description == "1043.96477")
        #expect(ExactNumber(1043.96477).places == 5)
        #expect((ExactNumber(1043.96478).decimal - ExactNumber(1043.96477).decimal) == Decimal(string: "0.00001")!)
    }

    /// A decimal's text: rounded at 12 places, never in exponent form, as written here; and
    /// over random sums and quotients of figures, text that reads back as the same decimal.
    @Test func decimalTextIsPlainAndReadsBack() {
        let cases: [(Decimal, String)] = [
            (0, "0"), (-1, "-1"), (Decimal(string: "0.00001")!, "0.00001"), (Decimal(string: "-2023.37")!, "-2023.37"),
            (Decimal(1) / Decimal(3) * 100, "33.333333333333"), (Decimal(2) / Decimal(3), "0.666666666667"),
            (Decimal(string: "1e20")!, "100000000000000000000"), (Decimal(string: "1043.96477")!, "1043.96477"),
            (Decimal(string: "12.50")!, "12.5"),
        ]
        for (value, text) in cases { #expect(ExactNumber.text(value) == text, "\(value)") }
        var rng = SeededGenerator(seed: 2023)
        for _ in 0..<3000 {
            let a = Decimal(Int.random(in: -10_000_000...10_000_000, using: &rng)) / 100
            let b = Decimal(Int.random(in: 1...100_000, using: &rng)) / 1000
            for value in [a, a + b, a * b] {
                let text = ExactNumber.text(value)
                #expect(!text.contains("e") && Decimal(string: text) == value, "\(value): \(text)")
            }
            let quotient = ExactNumber.text(a / b)
            #expect(!quotient.contains("e") && (quotient.split(separator: ".").last?.count ?? 0) <= 12, "\(quotient)")
        }
    }
}
