import Foundation

/// `vault check`: the schema, then the arithmetic a reviewer does by hand (docs/domain.md,
/// "Figures and their arithmetic"). Stated figures are compared with computed ones in exact
/// decimals, at half a unit of the stated figure's last written place. Every place a rule
/// reads is declared in ``rules`` and looked up in the schema before any report is checked.
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
        var run = Run(report: report, labels: labels)
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

private struct Run {
    let report: JSONValue
    let labels: FigureList
    var findings: [Finding] = []

    init(report: JSONValue, labels: FigureList) {
        self.report = report
        self.labels = labels
    }

    mutating func checkAll() {
        checkGeneralBudget()
        checkThreePublic()
        checkYearOnYear(in: report, at: ReportAddress(tokens: []))
        checkBaseData()
        checkStaffing()
        checkFinalAccounts()
        checkPerformance()
        if value(.selfEvaluation) != nil { checkEvaluationTable(.selfEvaluation) }
        if case .array(let tables)? = value(.projectEvaluations) {
            for i in tables.indices { checkEvaluationTable(ReportAddress.projectEvaluationTable.row(i)) }
        }
    }

    // MARK: Access

    /// The number at a place a rule declares (``ReportCheck/rules``).
    func number(_ address: ReportAddress) -> ExactNumber? {
        assertDeclared(address)
        return anyNumber(address)
    }

    /// The value at a place a rule declares.
    func value(_ address: ReportAddress) -> JSONValue? {
        assertDeclared(address)
        return address.resolve(in: report)
    }

    /// The number at any place, for the year-on-year rule that walks every object and for
    /// listing figures a rule has already read.
    func anyNumber(_ address: ReportAddress) -> ExactNumber? {
        guard case .number(let d)? = address.resolve(in: report) else { return nil }
        return ExactNumber(d)
    }

    /// A place read but not declared would escape the schema check at start-up; the tests
    /// exercise every rule in a debug build, so they stop on it.
    func assertDeclared(_ address: ReportAddress) {
        assert(
            ReportCheck.declaredAddresses.contains(address.pattern),
            "check rule reads \(address.pattern), which ReportCheck.rules does not declare")
    }

    /// The caption of the last step of a path, e.g. 人员经费.
    func caption(_ address: ReportAddress) -> String {
        let full = labels.label(of: address.tokens, in: report)
        let parts = full.components(separatedBy: " · ")
        // A generic leaf ("实际支出" of 项目支出) reads better as its parent's caption.
        if parts.count >= 2, ["实际支出", "支出数", "金额", "本年数"].contains(parts.last!) {
            return parts[parts.count - 2]
        }
        return parts.last ?? full
    }

    mutating func add(_ rule: String, _ severity: Finding.Severity = .error, zh: String, en: String, figures: [ReportAddress], expected: Decimal?, found: ExactNumber?) {
        findings.append(
            Finding(
                rule: rule, severity: severity, messageZH: zh, message: en,
                figures: figures.map { ($0.pointer, anyNumber($0)?.description) },
                expected: expected.map(ExactNumber.text), found: found?.description))
    }

    /// stated = Σ parts, when the stated figure and every part are present.
    mutating func checkSum(_ rule: String, stated: ReportAddress, parts: [ReportAddress], en: String, requireAllParts: Bool = true) {
        guard let s = number(stated) else { return }
        let present = parts.compactMap { p in number(p).map { (p, $0) } }
        guard !present.isEmpty, !requireAllParts || present.count == parts.count else { return }
        let sum = present.reduce(Decimal(0)) { $0 + $1.1.decimal }
        if !s.agrees(with: sum) {
            let names = present.map { caption($0.0) }.joined(separator: " + ")
            add(
                rule, zh: "\(caption(stated)) \(s) ≠ \(names) = \(ExactNumber.text(sum))",
                en: "\(en): stated \(s), but the parts add up to \(ExactNumber.text(sum))",
                figures: [stated] + present.map(\.0), expected: sum, found: s)
        }
    }

    // MARK: 一般公共预算

    mutating func checkGeneralBudget() {
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
                    figures: [.projectActual] + paths, expected: total.decimal, found: ExactNumber(decimal: sum, places: total.places))
            }
        }
        if let classes = value(.economicClasses), case .array(let rows) = classes {
            let stated: ReportAddress = number(.basicActual) != nil ? .basicActual : .generalBudgetActual
            checkSum(
                "sum.economic-classification", stated: stated, parts: rows.indices.map { ReportAddress.economicClassAmount.row($0) },
                en: "basic expenditure = sum of the economic classification rows")
        }
    }

    // MARK: 三公经费

    mutating func checkThreePublic() {
        for column in ReportAddress.threePublicColumns {
            checkSum(
                "sum.three-public", stated: ReportAddress.threePublicTotal.appending(member: column),
                parts: [ReportAddress.threePublicAbroad, .threePublicVehicles, .threePublicReception].map { $0.appending(member: column) },
                en: "三公经费 = travel abroad + official vehicles + reception (\(column))")
            checkSum(
                "sum.vehicles", stated: ReportAddress.threePublicVehicles.appending(member: column),
                parts: [ReportAddress.vehiclePurchase, .vehicleOperation].map { $0.appending(member: column) },
                en: "official vehicles = purchase + operation (\(column))")
        }
    }

    /// Every object with a previous-year figure: change = this year − last year, rate = change / last year.
    /// The rule walks every object, so it reads with ``anyNumber(_:)``; ReportCheck.rules
    /// declares the schema's kinds of year-on-year objects so that a renamed member is caught.
    mutating func checkYearOnYear(in value: JSONValue, at here: ReportAddress) {
        switch value {
        case .object(let members):
            let currentKey: ReportAddress = ReportAddress.yoyCurrent.resolve(in: value) != nil ? .yoyCurrent : .yoyActual
            if let previous = anyNumber(here + .yoyPrevious), let current = anyNumber(here + currentKey) {
                let change = current.decimal - previous.decimal
                if let stated = anyNumber(here + .yoyChange), !stated.agrees(with: change) {
                    let magnitudeOnly = stated.agrees(with: -change)
                    add(
                        "yoy.change", zh: "\(caption(here)) 增减额 \(stated) ≠ \(current) − \(previous) = \(ExactNumber.text(change))" + (magnitudeOnly ? "（增减方向相反）" : ""),
                        en: "\(here.tokens.joined(separator: "/")): stated change \(stated), but \(current) − \(previous) = \(ExactNumber.text(change))"
                            + (magnitudeOnly ? " (sign reversed)" : ""),
                        figures: [here + .yoyChange, here + currentKey, here + .yoyPrevious], expected: change, found: stated)
                }
                checkChangeRate(here, change: change, previous: previous.decimal, previousText: previous.description, involved: [here + .yoyChange, here + .yoyPrevious])
            } else if let current = anyNumber(here + currentKey), let change = anyNumber(here + .yoyChange) {
                // Only this year and the change are stated: last year is their difference.
                let previous = current.decimal - change.decimal
                checkChangeRate(
                    here, change: change.decimal, previous: previous, previousText: "上年 \(ExactNumber.text(previous))", involved: [here + .yoyChange, here + currentKey])
            }
            for member in members { checkYearOnYear(in: member.value, at: here.appending(member: member.name)) }
        case .array(let elements):
            for (i, element) in elements.enumerated() { checkYearOnYear(in: element, at: ReportAddress(tokens: here.tokens + [String(i)])) }
        default:
            return
        }
    }

    mutating func checkChangeRate(_ here: ReportAddress, change: Decimal, previous: Decimal, previousText: String, involved: [ReportAddress]) {
        guard let stated = anyNumber(here + .yoyChangeRate), previous != 0 else { return }
        let rate = change / previous * 100
        guard !stated.agrees(with: rate) else { return }
        let shown = ExactNumber.text(ExactNumber.rounded(rate, places: 2))
        add(
            "yoy.rate", zh: "\(caption(here)) 增减率 \(stated)% ≠ \(ExactNumber.text(change)) ÷ \(previousText) = \(shown)%",
            en: "\(here.tokens.joined(separator: "/")): stated change rate \(stated)%, but change / last year = \(shown)%",
            figures: [here + .yoyChangeRate] + involved, expected: ExactNumber.rounded(rate, places: max(stated.places, 2)), found: stated)
    }

    /// A stated percentage = numerator / denominator × 100, when all three are stated.
    mutating func checkRatio(_ rule: String, stated: ReportAddress, numerator: ReportAddress, denominator: ReportAddress, zh: String, en: String, formula: String) {
        guard let rate = number(stated), let a = number(numerator), let b = number(denominator), b.decimal != 0 else { return }
        let expected = a.decimal / b.decimal * 100
        guard !rate.agrees(with: expected) else { return }
        let shown = ExactNumber.text(ExactNumber.rounded(expected, places: 2))
        add(
            rule, zh: "\(zh) \(rate)% ≠ \(a) ÷ \(b) = \(shown)%", en: "\(en) \(rate)%, but \(formula) = \(shown)%",
            figures: [stated, numerator, denominator], expected: expected, found: rate)
    }

    // MARK: 基础数据表

    mutating func checkBaseData() {
        checkRatio(
            "rate.staff-control", stated: .staffControlRate, numerator: .staffActual, denominator: .staffAuthorized,
            zh: "控制率", en: "staff control rate", formula: "actual / authorized")
        guard case .array(let rows)? = value(.baseDataRows) else { return }
        func row(_ matches: (String) -> Bool) -> Int? {
            rows.firstIndex { r in ReportAddress.rowName.resolve(in: r)?.stringValue.map { matches(normalizedRowName($0)) } ?? false }
        }
        func cell(_ row: Int, _ column: String) -> ReportAddress { ReportAddress.baseDataRow.row(row).appending(member: column) }
        let total = row { $0.contains("三公经费") }
        let vehicles = row { $0.contains("公务用车") }
        let abroad = row { $0.contains("出国") }
        let reception = row { $0.contains("公务接待") }
        let purchase = row { $0.contains("公车购置") || $0.contains("车辆购置") }
        let operation = row { ($0.contains("公车") || $0.contains("车辆")) && $0.contains("运行") }
        for column in ReportAddress.baseDataColumns {
            if let total, let vehicles, let abroad, let reception {
                checkSum(
                    "sum.three-public", stated: cell(total, column),
                    parts: [vehicles, abroad, reception].map { cell($0, column) },
                    en: "base data: 三公经费 = vehicles + travel abroad + reception (\(column))")
            }
            if let vehicles, let purchase, let operation {
                checkSum(
                    "sum.vehicles", stated: cell(vehicles, column),
                    parts: [purchase, operation].map { cell($0, column) },
                    en: "base data: official vehicles = purchase + operation (\(column))")
            }
        }
    }

    mutating func checkStaffing() {
        guard number(.postsOther) != nil || (number(.postsAdministrative) != nil && number(.postsInstitutional) != nil) else { return }
        checkSum(
            "sum.staffing", stated: .postsAuthorized, parts: [.postsAdministrative, .postsInstitutional, .postsOther],
            en: "authorized posts = administrative + institutional (+ other)", requireAllParts: false)
    }

    // MARK: 决算 by function

    mutating func checkFinalAccounts() {
        if case .array(let rows)? = value(.expenditureByFunction) {
            checkSum(
                "sum.by-function", stated: .expenditureTotal, parts: rows.indices.map { ReportAddress.functionAmount.row($0) },
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
            "sum.project-grades", stated: .projectsEvaluated, parts: [.projectsExcellent, .projectsGood, .projectsPass, .projectsPoor],
            en: "projects evaluated = 优秀 + 良好 + 合格 + 差", requireAllParts: false)
    }

    // MARK: 绩效

    mutating func checkPerformance() {
        checkRatio(
            "rate.revenue", stated: .revenueCompletionRate, numerator: .revenueCompleted, denominator: .revenueTarget,
            zh: "收入任务完成率", en: "revenue completion rate", formula: "completed / target")
        if case .array(let items)? = value(.revenueItems) {
            checkSum(
                "sum.revenue-items", stated: .revenueCompleted, parts: items.indices.map { ReportAddress.revenueItemAmount.row($0) },
                en: "revenue completed = sum of revenue items")
        }
        let tableTotal = ReportAddress.selfEvaluation + .tableTotalScore
        if let stated = number(.performanceScore), let table = number(tableTotal), !stated.agrees(with: table.decimal) {
            add(
                "score.text-vs-table", zh: "正文自评得分 \(stated) ≠ 自评表总分 \(table)",
                en: "the score in the text (\(stated)) differs from the table's total score (\(table))",
                figures: [.performanceScore, tableTotal], expected: table.decimal, found: stated)
        }
        if let grade = value(.performanceGrade)?.stringValue, let total = number(tableTotal) ?? number(.performanceScore) {
            checkGrade(grade, total: total, gradePath: .performanceGrade, totalPath: number(tableTotal) != nil ? tableTotal : .performanceScore)
        }
    }

    mutating func checkGrade(_ stated: String, total: ExactNumber, gradePath: ReportAddress, totalPath: ReportAddress) {
        let expected: String
        switch total.decimal {
        case let t where t > 90: expected = "优秀"
        case let t where t >= 80: expected = "良好"
        case let t where t >= 60: expected = "中"
        default: expected = "差"
        }
        let synonyms: [String: [String]] = ["优秀": ["优"], "良好": ["良"], "中": ["中等", "较差", "合格", "一般"], "差": ["差"]]
        let ok = stated == expected || stated.hasPrefix(expected) || (synonyms[expected] ?? []).contains { stated.hasPrefix($0) }
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

    // MARK: 自评表

    mutating func checkEvaluationTable(_ base: ReportAddress) {
        var budgetRow: Int?
        if case .array(let rows)? = value(base + .fundRows) {
            for (i, row) in rows.enumerated() {
                let r = (base + .fundRow).row(i)
                if budgetRow == nil, let name = ReportAddress.rowName.resolve(in: row)?.stringValue, name.contains("资金总额") || name.contains("合计") { budgetRow = i }
                checkExecution(r)
                checkScoreWithinWeight(r)
            }
        }
        // 年度资金总额: executed = basic + project = Σ income-type split.
        let byExpenditure = [base + .byExpenditureBasic, base + .byExpenditureProject]
        let byIncome = base + .byIncome
        if let budgetRow {
            let executed = (base + .fundRow).row(budgetRow) + .rowExecuted
            checkSum("sum.funds-by-expenditure", stated: executed, parts: byExpenditure, en: "年度资金总额 executed = basic + project")
            checkSum(
                "sum.funds-by-income", stated: executed, parts: ReportAddress.incomeKinds.map { byIncome.appending(member: $0) },
                en: "年度资金总额 executed = sum of the income-type split", requireAllParts: false)
        }
        // Without an executed total, the two splits must still agree with each other.
        let incomeParts = ReportAddress.incomeKinds.compactMap { k in number(byIncome.appending(member: k)).map { (k, $0) } }
        let expenditureParts = byExpenditure.compactMap(number)
        if !incomeParts.isEmpty, expenditureParts.count == 2 {
            let income = incomeParts.reduce(Decimal(0)) { $0 + $1.1.decimal }
            let expenditure = expenditureParts.reduce(Decimal(0)) { $0 + $1.decimal }
            let places = (incomeParts.map(\.1.places) + expenditureParts.map(\.places)).max() ?? 2
            if !ExactNumber(decimal: income, places: places).agrees(with: expenditure) {
                add(
                    "sum.funds-splits", zh: "按收入性质分合计 \(ExactNumber.text(income)) ≠ 按支出性质分合计 \(ExactNumber.text(expenditure))",
                    en: "the income-type split adds up to \(ExactNumber.text(income)), the expenditure-type split to \(ExactNumber.text(expenditure))",
                    figures: incomeParts.map { byIncome.appending(member: $0.0) } + byExpenditure, expected: expenditure, found: ExactNumber(decimal: income, places: places))
            }
        }
        if let grade = value(base + .tableGrade)?.stringValue, let total = number(base + .tableTotalScore) {
            checkGrade(grade, total: total, gradePath: base + .tableGrade, totalPath: base + .tableTotalScore)
        }
        // The table's own heading must name this report's unit and year.
        if let year = number(base + .headingYear), let reportYear = number(.fiscalYear), year.decimal != reportYear.decimal {
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
                        figures: [((base + .headingUnit).pointer, nil), (ReportAddress.unitName.pointer, nil)], expected: nil, found: nil))
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
                    en: "total score \(total), but budget-execution score + indicator scores = \(ExactNumber.text(expected))",
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
                    figures: [base + .tableTotalWeight] + parts, expected: template.decimal, found: ExactNumber(decimal: expected, places: 0))
            }
        }
        if case .array(let level1)? = value(base + .level1Weights) {
            for (j, entry) in level1.enumerated() {
                let heading = (base + .level1Weight).row(j)
                guard let name = ReportAddress.rowName.resolve(in: entry)?.stringValue, let weight = number(heading + .rowWeight) else { continue }
                let rows = indicators.indices.filter { ReportAddress.rowLevel1.resolve(in: indicators[$0])?.stringValue == name }
                let paths = rows.map { (base + .indicator).row($0) + .rowWeight }.filter { number($0) != nil }
                guard !paths.isEmpty else { continue }
                let sum = paths.compactMap { number($0)?.decimal }.reduce(Decimal(0), +)
                if !weight.agrees(with: sum) {
                    add(
                        "sum.level1-weight", zh: "\(name)（\(weight)分）下各三级指标分值合计 \(ExactNumber.text(sum))",
                        en: "the indicators under \(name) are worth \(ExactNumber.text(sum)) points, not the \(weight) its heading states",
                        figures: [heading + .rowWeight] + paths, expected: weight.decimal, found: ExactNumber(decimal: sum, places: 0))
                }
            }
        }
    }

    /// 执行率 = 全年执行数 / 全年预算数; 得分 = 执行率 × 分值, rounded to 2 decimals.
    mutating func checkExecution(_ row: ReportAddress) {
        let budget = number(row + .rowAnnualBudget), executed = number(row + .rowExecuted)
        let statedRate = number(row + .rowExecutionRate)
        var exactRate: Decimal?
        if let budget, let executed, budget.decimal != 0 {
            exactRate = executed.decimal / budget.decimal * 100
            if let statedRate, !statedRate.agrees(with: exactRate!) {
                let truncated = statedRate.agrees(with: Self.truncated(exactRate!, places: statedRate.places))
                add(
                    "rate.execution", truncated ? .warning : .error,
                    zh: "\(caption(row)) 执行率 \(statedRate)% ≠ \(executed) ÷ \(budget) = \(ExactNumber.text(ExactNumber.rounded(exactRate!, places: 2)))%"
                        + (truncated ? "（截尾而非四舍五入）" : ""),
                    en: "execution rate \(statedRate)%, but executed / annual budget = \(ExactNumber.text(ExactNumber.rounded(exactRate!, places: 2)))%"
                        + (truncated ? " (truncated instead of rounded)" : ""),
                    figures: [row + .rowExecutionRate, row + .rowExecuted, row + .rowAnnualBudget], expected: ExactNumber.rounded(exactRate!, places: 2), found: statedRate)
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
            zh: "\(caption(row)) 得分 \(score) ≠ 执行率 \(ExactNumber.text(ExactNumber.rounded(rate, places: 2)))% × 分值 \(ExactNumber.text(weight)) = \(ExactNumber.text(rounded))"
                + (severity == .warning ? "（截尾而非四舍五入）" : ""),
            en: "score \(score), but execution rate × weight = \(ExactNumber.text(rounded))" + (severity == .warning ? " (truncated instead of rounded)" : ""),
            figures: [row + .rowScore, row + .rowExecutionRate, row + .rowWeight], expected: rounded, found: score)
    }

    /// `value` cut (not rounded) to `places` decimals, as some spreadsheets do.
    static func truncated(_ value: Decimal, places: Int) -> Decimal {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, places, value < 0 ? .up : .down)
        return r
    }

    mutating func checkScoreWithinWeight(_ row: ReportAddress) {
        guard let score = number(row + .rowScore), let weight = number(row + .rowWeight), score.decimal > weight.decimal else { return }
        add(
            "score.over-weight", zh: "\(labels.label(of: row.tokens, in: report).components(separatedBy: " · ").last ?? "") 得分 \(score) 超过分值 \(weight)",
            en: "score \(score) is more than the weight \(weight)",
            figures: [row + .rowScore, row + .rowWeight], expected: weight.decimal, found: score)
    }
}

/// A base-data row's caption without its numbering and 其中：, e.g. "1、公务用车购置和维护经费" → "公务用车购置和维护经费".
func normalizedRowName(_ name: String) -> String {
    var s = Substring(name.filter { !$0.isWhitespace })
    if s.hasPrefix("其中：") || s.hasPrefix("其中:") { s = s.dropFirst(3) }
    // Only Arabic digits number a row: 三 in 三公经费 is part of the name.
    while let c = s.first, ("0"..."9").contains(c) || ("０"..."９").contains(c) || "、.．)）(（".contains(c) { s = s.dropFirst() }
    return String(s)
}
