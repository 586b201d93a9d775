// The places the arithmetic rules of `vault check` read, declared once. The rules in
// ReportCheck.swift read only these (debug builds stop on any other), and the schema check at
// start-up looks every one up, so a property the schema renames cannot silently switch a rule off.
// Addresses starting at a row or a table (`/score`, `/funds/rows`) are relative: the rules
// append them to the row or table they are looking at, and `ReportCheck.rules` lists them
// appended to every place they apply.

extension ReportAddress {
    // MARK: - 一般公共预算

    static let basicActual: ReportAddress = "/generalBudget/basic/actual"
    static let basicPersonnel: ReportAddress = "/generalBudget/basic/personnel"
    static let basicPublicUse: ReportAddress = "/generalBudget/basic/publicUse"
    static let generalBudgetActual: ReportAddress = "/generalBudget/total/actual"
    static let projectActual: ReportAddress = "/generalBudget/project/actual"
    static let projectItems: ReportAddress = "/generalBudget/project/items"
    static let projectItemAmount: ReportAddress = "/generalBudget/project/items/*/amount"
    static let economicClasses: ReportAddress = "/economicClassification"
    static let economicClassAmount: ReportAddress = "/economicClassification/*/amount"

    // MARK: - 三公经费

    static let threePublicTotal: ReportAddress = "/generalBudget/threePublic/total"
    static let threePublicAbroad: ReportAddress = "/generalBudget/threePublic/abroad"
    static let threePublicVehicles: ReportAddress = "/generalBudget/threePublic/vehicles"
    static let threePublicReception: ReportAddress = "/generalBudget/threePublic/reception"
    static let vehiclePurchase: ReportAddress = "/generalBudget/threePublic/vehiclePurchase"
    static let vehicleOperation: ReportAddress = "/generalBudget/threePublic/vehicleOperation"
    /// The columns each 三公经费 line is checked in (this year, last year, budget).
    static let threePublicColumns = ["current", "previous", "budget"]

    // MARK: - 上年对比 (relative to any object that states a previous-year figure)

    static let yoyCurrent: ReportAddress = "/current"
    /// This year's figure where an object has no `current` (一般公共预算 totals).
    static let yoyActual: ReportAddress = "/actual"
    static let yoyPrevious: ReportAddress = "/previous"
    static let yoyChange: ReportAddress = "/change"
    static let yoyChangeRate: ReportAddress = "/changeRate"
    /// The rule walks every object, so it has no fixed places; these are the schema's kinds of
    /// year-on-year objects (its own members, `yearOnYear`, `namedChange`), checked so that a
    /// renamed member is caught. `actual` is this year's figure in the first two, `current` in the rest.
    static let yoyActualObjects: [ReportAddress] = ["/generalBudget/total", "/generalBudget/basic"]
    static let yoyCurrentObjects: [ReportAddress] = ["/generalBudget/meetings", "/generalBudget/changes/*"]

    // MARK: - 基础数据表

    static let staffControlRate: ReportAddress = "/baseData/staffing/controlRate"
    static let staffActual: ReportAddress = "/baseData/staffing/actual"
    static let staffAuthorized: ReportAddress = "/baseData/staffing/authorized"
    static let baseDataRows: ReportAddress = "/baseData/rows"
    static let baseDataRow: ReportAddress = "/baseData/rows/*"
    /// The columns of a base-data row (上年决算数, 本年预算数, 本年决算数).
    static let baseDataColumns = ["previousFinal", "budget", "final"]

    // MARK: - 人员编制

    static let postsAuthorized: ReportAddress = "/profile/staffing/authorized"
    static let postsAdministrative: ReportAddress = "/profile/staffing/administrative"
    static let postsInstitutional: ReportAddress = "/profile/staffing/institutional"
    static let postsOther: ReportAddress = "/profile/staffing/other"

    // MARK: - 决算 and 项目评价

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

    // MARK: - 绩效

    static let revenueTarget: ReportAddress = "/performance/revenueTask/target"
    static let revenueCompleted: ReportAddress = "/performance/revenueTask/completed"
    static let revenueCompletionRate: ReportAddress = "/performance/revenueTask/completionRate"
    static let revenueItems: ReportAddress = "/performance/revenueTask/items"
    static let revenueItemAmount: ReportAddress = "/performance/revenueTask/items/*/amount"
    static let performanceScore: ReportAddress = "/performance/score"
    static let performanceGrade: ReportAddress = "/performance/grade"
    static let unitShortName: ReportAddress = "/unit/shortName"

    // MARK: - 自评表 (the whole unit's, and each project's)

    static let selfEvaluation: ReportAddress = "/selfEvaluation"
    static let projectEvaluations: ReportAddress = "/projectEvaluations"
    static let projectEvaluationTable: ReportAddress = "/projectEvaluations/*"
    /// Every evaluation table a report can have.
    static let evaluationTables: [ReportAddress] = [selfEvaluation, projectEvaluationTable]

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
    static let tableTotalScore: ReportAddress = "/totalScore"
    static let tableTotalWeight: ReportAddress = "/totalWeight"
    static let tableGrade: ReportAddress = "/grade"
    static let headingYear: ReportAddress = "/heading/fiscalYear"
    static let headingUnit: ReportAddress = "/heading/unitName"

    // Relative to a row (of funds, indicators, level-1 weights or base data).
    static let rowName: ReportAddress = "/name"
    static let rowAnnualBudget: ReportAddress = "/annualBudget"
    static let rowExecuted: ReportAddress = "/executed"
    static let rowExecutionRate: ReportAddress = "/executionRate"
    static let rowWeight: ReportAddress = "/weight"
    static let rowScore: ReportAddress = "/score"
    static let rowLevel1: ReportAddress = "/level1"
}

extension ReportCheck {
    /// Each rule's id and every place it reads (relative addresses appended to each place
    /// they apply), in the order `vault check` runs the rules.
    public static let rules: [(rule: String, addresses: [ReportAddress])] = {
        typealias A = ReportAddress
        /// `relatives` under every evaluation table, after the tables themselves.
        func inTables(_ relatives: [A]) -> [A] {
            [A.selfEvaluation, A.projectEvaluations] + A.evaluationTables.flatMap { table in relatives.map { table + $0 } }
        }
        let threePublic = A.threePublicColumns.flatMap { column in
            [A.threePublicTotal, A.threePublicAbroad, A.threePublicVehicles, A.threePublicReception].map { $0.appending(member: column) }
        }
        let vehicles = A.threePublicColumns.flatMap { column in
            [A.threePublicVehicles, A.vehiclePurchase, A.vehicleOperation].map { $0.appending(member: column) }
        }
        func yearOnYear(_ last: A) -> [A] {
            A.yoyActualObjects.flatMap { o in [A.yoyActual, .yoyPrevious, last].map { o + $0 } }
                + A.yoyCurrentObjects.flatMap { o in [A.yoyCurrent, .yoyPrevious, last].map { o + $0 } }
        }
        let baseDataRows = [A.baseDataRows, A.baseDataRow + .rowName] + A.baseDataColumns.map { A.baseDataRow.appending(member: $0) }
        let fundsByIncome = A.incomeKinds.map { A.byIncome.appending(member: $0) }
        let tableGrade = inTables([.tableGrade, .tableTotalScore])
        return [
            ("sum.basic", [.basicActual, .basicPersonnel, .basicPublicUse]),
            ("sum.general-budget", [.generalBudgetActual, .basicActual, .basicPersonnel, .basicPublicUse, .projectActual]),
            ("sum.project-items", [.projectActual, .projectItems, .projectItemAmount]),
            ("sum.economic-classification", [.basicActual, .generalBudgetActual, .economicClasses, .economicClassAmount]),
            ("sum.three-public", threePublic + baseDataRows),
            ("sum.vehicles", vehicles + baseDataRows),
            ("yoy.change", yearOnYear(.yoyChange)),
            ("yoy.rate", yearOnYear(.yoyChange) + yearOnYear(.yoyChangeRate)),
            ("rate.staff-control", [.staffControlRate, .staffActual, .staffAuthorized]),
            ("sum.staffing", [.postsAuthorized, .postsAdministrative, .postsInstitutional, .postsOther]),
            ("sum.by-function", [.expenditureTotal, .expenditureByFunction, .functionAmount]),
            ("sum.expenditure", [.expenditureTotal, .expenditureBasic, .expenditureProject]),
            ("sum.income", [.incomeTotal, .incomeRows, .incomeRowAmount]),
            ("sum.project-grades", [.projectsEvaluated, .projectsExcellent, .projectsGood, .projectsPass, .projectsPoor]),
            ("rate.revenue", [.revenueCompletionRate, .revenueCompleted, .revenueTarget]),
            ("sum.revenue-items", [.revenueCompleted, .revenueItems, .revenueItemAmount]),
            ("score.text-vs-table", [.performanceScore, .selfEvaluation + .tableTotalScore]),
            ("grade.band", [.performanceGrade, .performanceScore] + tableGrade),
            ("sum.funds-by-expenditure", inTables([.fundRows, .fundRow + .rowName, .fundRow + .rowExecuted, .byExpenditureBasic, .byExpenditureProject])),
            ("sum.funds-by-income", inTables([.fundRows, .fundRow + .rowName, .fundRow + .rowExecuted] + fundsByIncome)),
            ("sum.funds-splits", inTables(fundsByIncome + [.byExpenditureBasic, .byExpenditureProject])),
            ("identity.table-year", inTables([.headingYear]) + [.fiscalYear]),
            ("identity.table-unit", inTables([.headingUnit]) + [.unitName, .unitShortName]),
            ("sum.total-score", inTables([.tableTotalScore, .fundRows, .fundRow + .rowName, .fundRow + .rowScore, .indicators, .indicator + .rowScore])),
            ("sum.weights", inTables([.tableTotalWeight, .fundRows, .fundRow + .rowName, .fundRow + .rowWeight, .indicators, .indicator + .rowWeight])),
            (
                "sum.level1-weight",
                inTables([
                    .level1Weights, .level1Weight + .rowName, .level1Weight + .rowWeight,
                    .indicators, .indicator + .rowLevel1, .indicator + .rowWeight,
                ])
            ),
            ("rate.execution", inTables([.fundRows, .fundRow + .rowAnnualBudget, .fundRow + .rowExecuted, .fundRow + .rowExecutionRate])),
            (
                "score.execution",
                inTables([
                    .fundRows, .fundRow + .rowScore, .fundRow + .rowExecutionRate, .fundRow + .rowWeight,
                    .fundRow + .rowAnnualBudget, .fundRow + .rowExecuted,
                ])
            ),
            ("score.over-weight", inTables([.fundRows, .fundRow + .rowScore, .fundRow + .rowWeight, .indicators, .indicator + .rowScore, .indicator + .rowWeight])),
        ]
    }()

    /// Every place the rules read, each once, in the order the rules declare them.
    public static let addresses: [ReportAddress] = {
        var seen: Set<ReportAddress> = []
        return rules.flatMap(\.addresses).filter { seen.insert($0).inserted }
    }()

    /// The same, as a set, for the debug-build check that a rule reads only declared places.
    static let declaredAddresses = Set(addresses)
}
