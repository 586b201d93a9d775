import Foundation

// MARK: - 自评表 (the whole unit's, and each project's)

extension ReportAddress {
    static let unitShortName: ReportAddress = "/unit/shortName"

    // Relative to an evaluation table.
    static let fundRows: ReportAddress = "/funds/rows"
    static let fundRow: ReportAddress = "/funds/rows/*"
    static let byExpenditureBasic: ReportAddress = "/funds/byExpenditure/basic"
    static let byExpenditureProject: ReportAddress = "/funds/byExpenditure/project"
    static let byIncome: ReportAddress = "/funds/byIncome"
    /// The income-type split's members (一般公共预算, 政府性基金, 财政专户, 其他).
    static let incomeKinds = ["generalBudget", "governmentFund", "specialAccount", "other"]
    static let indicators: ReportAddress = "/indicators"
    static let indicator: ReportAddress = "/indicators/*"
    static let level1Weights: ReportAddress = "/level1Weights"
    static let level1Weight: ReportAddress = "/level1Weights/*"
    static let tableTotalWeight: ReportAddress = "/totalWeight"
    static let headingYear: ReportAddress = "/heading/fiscalYear"
    static let headingUnit: ReportAddress = "/heading/unitName"

    // Relative to a row (of funds, indicators or level-1 weights).
    static let rowAnnualBudget: ReportAddress = "/annualBudget"
    static let rowExecuted: ReportAddress = "/executed"
    static let rowExecutionRate: ReportAddress = "/executionRate"
    static let rowWeight: ReportAddress = "/weight"
    static let rowScore: ReportAddress = "/score"
    static let rowLevel1: ReportAddress = "/level1"
}

/// 自评表, the unit's and each project's: the year's funds and their two splits, execution
/// rates and scores, the total score and weights, the level-1 weights, and the table's heading.
enum EvaluationTableRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = {
        typealias A = ReportAddress
        let inTables = A.inEvaluationTables
        let fundsByIncome = A.incomeKinds.map { A.byIncome.appending(member: $0) }
        return [
            (
                "sum.funds-by-expenditure",
                inTables([
                    .fundRows, .fundRow + .rowName, .fundRow + .rowExecuted, .byExpenditureBasic, .byExpenditureProject,
                ])
            ),
            (
                "sum.funds-by-income",
                inTables([.fundRows, .fundRow + .rowName, .fundRow + .rowExecuted] + fundsByIncome)
            ),
            ("sum.funds-splits", inTables(fundsByIncome + [.byExpenditureBasic, .byExpenditureProject])),
            ("identity.table-year", inTables([.headingYear]) + [.fiscalYear]),
            ("identity.table-unit", inTables([.headingUnit]) + [.unitName, .unitShortName]),
            (
                "sum.total-score",
                inTables([
                    .tableTotalScore, .fundRows, .fundRow + .rowName, .fundRow + .rowScore, .indicators,
                    .indicator + .rowScore,
                ])
            ),
            (
                "sum.weights",
                inTables([
                    .tableTotalWeight, .fundRows, .fundRow + .rowName, .fundRow + .rowWeight, .indicators,
                    .indicator + .rowWeight,
                ])
            ),
            (
                "sum.level1-weight",
                inTables([
                    .level1Weights, .level1Weight + .rowName, .level1Weight + .rowWeight,
                    .indicators, .indicator + .rowLevel1, .indicator + .rowWeight,
                ])
            ),
            (
                "rate.execution",
                inTables([
                    .fundRows, .fundRow + .rowAnnualBudget, .fundRow + .rowExecuted, .fundRow + .rowExecutionRate,
                ])
            ),
            (
                "score.execution",
                inTables([
                    .fundRows, .fundRow + .rowScore, .fundRow + .rowExecutionRate, .fundRow + .rowWeight,
                    .fundRow + .rowAnnualBudget, .fundRow + .rowExecuted,
                ])
            ),
            (
                "score.over-weight",
                inTables([
                    .fundRows, .fundRow + .rowScore, .fundRow + .rowWeight, .indicators, .indicator + .rowScore,
                    .indicator + .rowWeight,
                ])
            ),
        ]
    }()

    static func check(_ run: inout CheckRun) {
        if run.value(.selfEvaluation) != nil { run.checkEvaluationTable(.selfEvaluation) }
        if case .array(let tables)? = run.value(.projectEvaluations) {
            for i in tables.indices { run.checkEvaluationTable(ReportAddress.projectEvaluationTable.row(i)) }
        }
    }
}

extension CheckRun {
    fileprivate mutating func checkEvaluationTable(_ base: ReportAddress) {
        var budgetRow: Int?
        if case .array(let rows)? = value(base + .fundRows) {
            for (i, row) in rows.enumerated() {
                let r = (base + .fundRow).row(i)
                if budgetRow == nil, let name = ReportAddress.rowName.resolve(in: row)?.stringValue,
                    name.contains("资金总额") || name.contains("合计")
                {
                    budgetRow = i
                }
                checkExecution(r)
                checkScoreWithinWeight(r)
            }
        }
        // 年度资金总额: executed = basic + project = Σ income-type split.
        let byExpenditure = [base + .byExpenditureBasic, base + .byExpenditureProject]
        let byIncome = base + .byIncome
        if let budgetRow {
            let executed = (base + .fundRow).row(budgetRow) + .rowExecuted
            checkSum(
                "sum.funds-by-expenditure", stated: executed, parts: byExpenditure,
                en: "年度资金总额 executed = basic + project")
            checkSum(
                "sum.funds-by-income", stated: executed,
                parts: ReportAddress.incomeKinds.map { byIncome.appending(member: $0) },
                en: "年度资金总额 executed = sum of the income-type split", requireAllParts: false)
        }
        // Without an executed total, the two splits must still agree with each other.
        let incomeParts = ReportAddress.incomeKinds.compactMap { k in
            number(byIncome.appending(member: k)).map { (k, $0) }
        }
        let expenditureParts = byExpenditure.compactMap(number)
        if !incomeParts.isEmpty, expenditureParts.count == 2 {
            let income = incomeParts.reduce(Decimal(0)) { $0 + $1.1.decimal }
            let expenditure = expenditureParts.reduce(Decimal(0)) { $0 + $1.decimal }
            let places = (incomeParts.map(\.1.places) + expenditureParts.map(\.places)).max() ?? 2
            if !ExactNumber(decimal: income, places: places).agrees(with: expenditure) {
                add(
                    "sum.funds-splits",
                    zh: "按收入性质分合计 \(ExactNumber.text(income)) ≠ 按支出性质分合计 \(ExactNumber.text(expenditure))",
                    en:
                        "the income-type split adds up to \(ExactNumber.text(income)), the expenditure-type split to \(ExactNumber.text(expenditure))",
                    figures: incomeParts.map { byIncome.appending(member: $0.0) } + byExpenditure,
                    expected: expenditure, found: ExactNumber(decimal: income, places: places))
            }
        }
        if let grade = value(base + .tableGrade)?.stringValue, let total = number(base + .tableTotalScore) {
            checkGrade(grade, total: total, gradePath: base + .tableGrade, totalPath: base + .tableTotalScore)
        }
        // The table's own heading must name this report's unit and year.
        if let year = number(base + .headingYear), let reportYear = number(.fiscalYear),
            year.decimal != reportYear.decimal
        {
            add(
                "identity.table-year", zh: "自评表表头年度 \(year) 与报告年度 \(reportYear) 不符",
                en: "the table's heading names the year \(year), the report is for \(reportYear)",
                figures: [base + .headingYear, .fiscalYear], expected: reportYear.decimal, found: year)
        }
        if let tableUnit = value(base + .headingUnit)?.stringValue, let unit = value(.unitName)?.stringValue {
            let a = tableUnit.filter { !$0.isWhitespace }, b = unit.filter { !$0.isWhitespace }
            let short = value(.unitShortName)?.stringValue?.filter { !$0.isWhitespace }
            if !(a.isEmpty || b.contains(a) || a.contains(b) || a == short || (short.map { a.contains($0) } ?? false)) {
                findings.append(
                    Finding(
                        rule: "identity.table-unit", severity: .error,
                        messageZH: "自评表表头单位“\(tableUnit)”不是本单位“\(unit)”",
                        message: "the table's heading names the unit \"\(tableUnit)\", the report is by \"\(unit)\"",
                        figures: [((base + .headingUnit).pointer, nil), (ReportAddress.unitName.pointer, nil)],
                        expected: nil, found: nil))
            }
        }
        guard case .array(let indicators)? = value(base + .indicators) else { return }
        var scoreSum = Decimal(0), weightSum = Decimal(0)
        var scorePaths: [ReportAddress] = [], weightPaths: [ReportAddress] = []
        for i in indicators.indices {
            let r = (base + .indicator).row(i)
            checkScoreWithinWeight(r)
            if let s = number(r + .rowScore) { scoreSum += s.decimal; scorePaths.append(r + .rowScore) }
            if let w = number(r + .rowWeight) { weightSum += w.decimal; weightPaths.append(r + .rowWeight) }
        }
        let budgetScorePath = budgetRow.map { (base + .fundRow).row($0) + .rowScore }
        let budgetWeightPath = budgetRow.map { (base + .fundRow).row($0) + .rowWeight }
        if let total = number(base + .tableTotalScore), !scorePaths.isEmpty {
            var expected = scoreSum
            var parts = scorePaths
            if let p = budgetScorePath, let s = number(p) { expected += s.decimal; parts.insert(p, at: 0) }
            if !total.agrees(with: expected) {
                add(
                    "sum.total-score", zh: "总分 \(total) ≠ 预算执行得分 + 各指标得分 = \(ExactNumber.text(expected))",
                    en:
                        "total score \(total), but budget-execution score + indicator scores = \(ExactNumber.text(expected))",
                    figures: [base + .tableTotalScore] + parts, expected: expected, found: total)
            }
        }
        if let template = number(base + .tableTotalWeight), !weightPaths.isEmpty {
            var expected = weightSum
            var parts = weightPaths
            if let p = budgetWeightPath, let w = number(p) { expected += w.decimal; parts.insert(p, at: 0) }
            if !template.agrees(with: expected) {
                add(
                    "sum.weights", zh: "各项分值合计 \(ExactNumber.text(expected)) ≠ 模板总分值 \(template)",
                    en: "the weights add up to \(ExactNumber.text(expected)), not the template's \(template)",
                    figures: [base + .tableTotalWeight] + parts, expected: template.decimal,
                    found: ExactNumber(decimal: expected, places: 0))
            }
        }
        if case .array(let level1)? = value(base + .level1Weights) {
            for (j, entry) in level1.enumerated() {
                let heading = (base + .level1Weight).row(j)
                guard let name = ReportAddress.rowName.resolve(in: entry)?.stringValue,
                    let weight = number(heading + .rowWeight)
                else { continue }
                let rows = indicators.indices.filter {
                    ReportAddress.rowLevel1.resolve(in: indicators[$0])?.stringValue == name
                }
                let paths = rows.map { (base + .indicator).row($0) + .rowWeight }.filter { number($0) != nil }
                guard !paths.isEmpty else { continue }
                let sum = paths.compactMap { number($0)?.decimal }.reduce(Decimal(0), +)
                if !weight.agrees(with: sum) {
                    add(
                        "sum.level1-weight", zh: "\(name)（\(weight)分）下各三级指标分值合计 \(ExactNumber.text(sum))",
                        en:
                            "the indicators under \(name) are worth \(ExactNumber.text(sum)) points, not the \(weight) its heading states",
                        figures: [heading + .rowWeight] + paths, expected: weight.decimal,
                        found: ExactNumber(decimal: sum, places: 0))
                }
            }
        }
    }

    /// 执行率 = 全年执行数 / 全年预算数; 得分 = 执行率 × 分值, rounded to 2 decimals.
    fileprivate mutating func checkExecution(_ row: ReportAddress) {
        let budget = number(row + .rowAnnualBudget), executed = number(row + .rowExecuted)
        let statedRate = number(row + .rowExecutionRate)
        var exactRate: Decimal?
        if let budget, let executed, budget.decimal != 0 {
            exactRate = executed.decimal / budget.decimal * 100
            if let statedRate, !statedRate.agrees(with: exactRate!) {
                let truncated = statedRate.agrees(with: Self.truncated(exactRate!, places: statedRate.places))
                add(
                    "rate.execution", truncated ? .warning : .error,
                    zh:
                        "\(caption(row)) 执行率 \(statedRate)% ≠ \(executed) ÷ \(budget) = \(ExactNumber.text(ExactNumber.rounded(exactRate!, places: 2)))%"
                        + (truncated ? "（截尾而非四舍五入）" : ""),
                    en:
                        "execution rate \(statedRate)%, but executed / annual budget = \(ExactNumber.text(ExactNumber.rounded(exactRate!, places: 2)))%"
                        + (truncated ? " (truncated instead of rounded)" : ""),
                    figures: [row + .rowExecutionRate, row + .rowExecuted, row + .rowAnnualBudget],
                    expected: ExactNumber.rounded(exactRate!, places: 2), found: statedRate)
            }
        }
        guard let score = number(row + .rowScore), let rate = statedRate?.decimal ?? exactRate else { return }
        // The score is the rate (a fraction) times the row's weight; rows without a weight are out of 10.
        let weight = number(row + .rowWeight)?.decimal ?? 10
        let product = rate / 100 * weight
        let rounded = ExactNumber.rounded(product, places: 2)
        let exactRounded = exactRate.map { ExactNumber.rounded($0 / 100 * weight, places: 2) }
        if score.agrees(with: rounded) || exactRounded.map(score.agrees) == true { return }
        let severity: Finding.Severity = score.agrees(with: Self.truncated(product, places: 2)) ? .warning : .error
        add(
            "score.execution", severity,
            zh:
                "\(caption(row)) 得分 \(score) ≠ 执行率 \(ExactNumber.text(ExactNumber.rounded(rate, places: 2)))% × 分值 \(ExactNumber.text(weight)) = \(ExactNumber.text(rounded))"
                + (severity == .warning ? "（截尾而非四舍五入）" : ""),
            en: "score \(score), but execution rate × weight = \(ExactNumber.text(rounded))"
                + (severity == .warning ? " (truncated instead of rounded)" : ""),
            figures: [row + .rowScore, row + .rowExecutionRate, row + .rowWeight], expected: rounded, found: score)
    }

    /// `value` cut (not rounded) to `places` decimals, as some spreadsheets do.
    fileprivate static func truncated(_ value: Decimal, places: Int) -> Decimal {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, places, value < 0 ? .up : .down)
        return r
    }

    fileprivate mutating func checkScoreWithinWeight(_ row: ReportAddress) {
        guard let score = number(row + .rowScore), let weight = number(row + .rowWeight), score.decimal > weight.decimal
        else { return }
        add(
            "score.over-weight",
            zh: "\(labels.labels(of: row.tokens, in: report).last ?? "") 得分 \(score) 超过分值 \(weight)",
            en: "score \(score) is more than the weight \(weight)",
            figures: [row + .rowScore, row + .rowWeight], expected: weight.decimal, found: score)
    }
}
