import Foundation

/// The few figures a county's summary (汇总) puts side by side for every unit: the year's
/// budget and spending, the basic/project split, the 三公经费, the self-evaluation score.
///
/// Reports of the family state them in different tables, so each headline names the places
/// that mean it, in order of preference, and takes the first one the report fills. Every
/// value keeps the pointer it came from (two figures read from two different tables are never
/// presented as one pair: the execution rate is only computed from a budget and a spending of
/// the same table). Amounts are converted to 万元, exactly, from the unit the schema gives the
/// place (a self-evaluation table in 元 is divided by 10 000).
public struct HeadlineFigures: Sendable, Equatable {
    /// One headline: its exact value (amounts in 万元) and the pointer(s) it was read from.
    public struct Value: Sendable, Equatable {
        public var value: Decimal
        /// Where it was read: one pointer, or two joined by " + " for a sum of two places.
        public var source: String
        /// Which table (the index of the candidate in its list) — pairs must agree.
        var table: Int
    }

    /// 全年预算数: the year's budget of all the unit's expenditure.
    public var budget: Value?
    /// 全年执行数: what was spent of it.
    public var spent: Value?
    /// 执行率 = spent ÷ budget × 100, two decimals, when both come from the same table.
    public var executionRate: Decimal?
    /// 基本支出 and 项目支出 actually spent.
    public var basic: Value?
    public var project: Value?
    /// 三公经费 spent this year.
    public var threePublic: Value?
    /// The self-evaluation's total score (自评得分).
    public var score: Value?

    /// A place a headline may be read from: one pointer, or the sum of two.
    struct Place {
        var pointers: [String]
        init(_ pointers: String...) { self.pointers = pointers }
    }

    /// Budget and spending, pairwise: the same index in both lists is the same table. (The
    /// general budget's basic and project budgets are 年初预算数, the budget at the start of
    /// the year, not the year's: they are not added up into one.)
    static let budgetPlaces = [
        Place("/selfEvaluation/funds/rows/{total}/annualBudget"), Place("/generalBudget/total/budget"),
    ]
    static let spentPlaces = [
        Place("/selfEvaluation/funds/rows/{total}/executed"), Place("/generalBudget/total/actual"),
        Place("/generalBudget/basic/actual", "/generalBudget/project/actual"),
        Place("/finalAccounts/expenditure/total"),
    ]
    /// Basic and project spending. (The self-evaluation table's split by kind of expenditure is
    /// not read: the template does not say whether it states the budget or the spending.)
    static let basicPlaces = [Place("/generalBudget/basic/actual"), Place("/finalAccounts/expenditure/basic")]
    static let projectPlaces = [Place("/generalBudget/project/actual"), Place("/finalAccounts/expenditure/project")]
    static let threePublicPlaces = [Place("/generalBudget/threePublic/total/current")]
    static let scorePlaces = [Place("/selfEvaluation/totalScore"), Place("/performance/score")]

    /// The headlines of `report`, whose figures (with their units) are `figures`.
    public init(report: JSONValue, figures: [Figure]) {
        var byPointer: [String: Figure] = [:]
        for f in figures { byPointer[f.path] = f }
        // The self-evaluation table's total row: 年度资金总额 (numbered or not).
        let totalRow = Self.totalRow(in: report)
        func read(_ places: [Place], amount: Bool) -> Value? {
            for (index, place) in places.enumerated() {
                var sum = Decimal(0)
                var sources: [String] = []
                for pattern in place.pointers {
                    guard let pointer = Self.fill(pattern, totalRow: totalRow), let figure = byPointer[pointer],
                        let value = amount ? Self.tenThousands(figure) : figure.exact.decimal
                    else { break }
                    sum += value
                    sources.append(pointer)
                }
                if sources.count == place.pointers.count {
                    return Value(value: sum, source: sources.joined(separator: " + "), table: index)
                }
            }
            return nil
        }
        budget = read(Self.budgetPlaces, amount: true)
        spent = read(Self.spentPlaces, amount: true)
        if let budget, let spent, budget.table == spent.table, budget.value != 0 {
            executionRate = ExactNumber.rounded(spent.value / budget.value * 100, places: 2)
        }
        basic = read(Self.basicPlaces, amount: true)
        project = read(Self.projectPlaces, amount: true)
        threePublic = read(Self.threePublicPlaces, amount: true)
        score = read(Self.scorePlaces, amount: false)
    }

    /// The index of the self-evaluation funds row that holds the year's total (年度资金总额),
    /// if the table has one.
    static func totalRow(in report: JSONValue) -> Int? {
        guard case .array(let rows)? = ReportAddress("/selfEvaluation/funds/rows").resolve(in: report) else {
            return nil
        }
        return rows.firstIndex { row in
            guard let name = row[member: "name"]?.stringValue else { return false }
            return name.filter { !$0.isWhitespace }.hasSuffix("年度资金总额")
        }
    }

    static func fill(_ pattern: String, totalRow: Int?) -> String? {
        guard pattern.contains("{total}") else { return pattern }
        return totalRow.map { pattern.replacingOccurrences(of: "{total}", with: String($0)) }
    }

    /// An amount figure in 万元, exactly; nil when the figure is not an amount.
    static func tenThousands(_ figure: Figure) -> Decimal? {
        switch figure.unit {
        case "万元": figure.exact.decimal
        case "元": figure.exact.decimal / 10000
        default: nil
        }
    }
}

extension Figure {
    /// An amount in 万元, exactly (元 divided by 10 000); nil when the figure is not an amount.
    public var tenThousandYuan: Decimal? { HeadlineFigures.tenThousands(self) }
}
