import Foundation

// MARK: - 上年对比 (relative to any object that states a previous-year figure)

extension ReportAddress {
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
}

/// 上年对比: in every object with a previous-year figure, change = this year − last year and
/// rate = change / last year.
enum YearOnYearRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = {
        typealias A = ReportAddress
        func yearOnYear(_ last: A) -> [A] {
            A.yoyActualObjects.flatMap { o in [A.yoyActual, .yoyPrevious, last].map { o + $0 } }
                + A.yoyCurrentObjects.flatMap { o in [A.yoyCurrent, .yoyPrevious, last].map { o + $0 } }
        }
        return [
            ("yoy.change", yearOnYear(.yoyChange)),
            ("yoy.rate", yearOnYear(.yoyChange) + yearOnYear(.yoyChangeRate)),
        ]
    }()

    static func check(_ run: inout CheckRun) {
        run.checkYearOnYear(in: run.report, at: ReportAddress(tokens: []))
    }
}

extension CheckRun {
    /// Every object with a previous-year figure: change = this year − last year, rate = change / last year.
    /// The rule walks every object, so it reads with ``anyNumber(_:)``; ``YearOnYearRules/rules``
    /// declares the schema's kinds of year-on-year objects so that a renamed member is caught.
    fileprivate mutating func checkYearOnYear(in value: JSONValue, at here: ReportAddress) {
        switch value {
        case .object(let members):
            let currentKey: ReportAddress =
                ReportAddress.yoyCurrent.resolve(in: value) != nil ? .yoyCurrent : .yoyActual
            if let previous = anyNumber(here + .yoyPrevious), let current = anyNumber(here + currentKey) {
                let change = current.decimal - previous.decimal
                if let stated = anyNumber(here + .yoyChange), !stated.agrees(with: change) {
                    let magnitudeOnly = stated.agrees(with: -change)
                    add(
                        "yoy.change",
                        zh: "\(caption(here)) 增减额 \(stated) ≠ \(current) − \(previous) = \(ExactNumber.text(change))"
                            + (magnitudeOnly ? "（增减方向相反）" : ""),
                        en:
                            "\(here.tokens.joined(separator: "/")): stated change \(stated), but \(current) − \(previous) = \(ExactNumber.text(change))"
                            + (magnitudeOnly ? " (sign reversed)" : ""),
                        figures: [here + .yoyChange, here + currentKey, here + .yoyPrevious], expected: change,
                        found: stated)
                }
                checkChangeRate(
                    here, change: change, previous: previous.decimal, previousText: previous.description,
                    involved: [here + .yoyChange, here + .yoyPrevious])
            } else if let current = anyNumber(here + currentKey), let change = anyNumber(here + .yoyChange) {
                // Only this year and the change are stated: last year is their difference.
                let previous = current.decimal - change.decimal
                checkChangeRate(
                    here, change: change.decimal, previous: previous, previousText: "上年 \(ExactNumber.text(previous))",
                    involved: [here + .yoyChange, here + currentKey])
            }
            for member in members { checkYearOnYear(in: member.value, at: here.appending(member: member.name)) }
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                checkYearOnYear(in: element, at: ReportAddress(tokens: here.tokens + [String(i)]))
            }
        default:
            return
        }
    }

    fileprivate mutating func checkChangeRate(
        _ here: ReportAddress, change: Decimal, previous: Decimal, previousText: String, involved: [ReportAddress]
    ) {
        guard let stated = anyNumber(here + .yoyChangeRate), previous != 0 else { return }
        let rate = change / previous * 100
        guard !stated.agrees(with: rate) else { return }
        let shown = ExactNumber.text(ExactNumber.rounded(rate, places: 2))
        add(
            "yoy.rate",
            zh: "\(caption(here)) 增减率 \(stated)% ≠ \(ExactNumber.text(change)) ÷ \(previousText) = \(shown)%",
            en:
                "\(here.tokens.joined(separator: "/")): stated change rate \(stated)%, but change / last year = \(shown)%",
            figures: [here + .yoyChangeRate] + involved,
            expected: ExactNumber.rounded(rate, places: max(stated.places, 2)), found: stated)
    }
}
