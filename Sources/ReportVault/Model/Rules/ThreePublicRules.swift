import Foundation

// MARK: - 三公经费

extension ReportAddress {
    static let threePublicTotal: ReportAddress = "/generalBudget/threePublic/total"
    static let threePublicAbroad: ReportAddress = "/generalBudget/threePublic/abroad"
    static let threePublicVehicles: ReportAddress = "/generalBudget/threePublic/vehicles"
    static let threePublicReception: ReportAddress = "/generalBudget/threePublic/reception"
    static let vehiclePurchase: ReportAddress = "/generalBudget/threePublic/vehiclePurchase"
    static let vehicleOperation: ReportAddress = "/generalBudget/threePublic/vehicleOperation"
    /// The columns each 三公经费 line is checked in (this year, last year, budget).
    static let threePublicColumns = ["current", "previous", "budget"]

    // The same lines in the base-data table, found by their captions.
    static let baseDataRows: ReportAddress = "/baseData/rows"
    static let baseDataRow: ReportAddress = "/baseData/rows/*"
    /// The columns of a base-data row (上年决算数, 本年预算数, 本年决算数).
    static let baseDataColumns = ["previousFinal", "budget", "final"]
}

/// 三公经费 = travel abroad + official vehicles + reception, and official vehicles = purchase +
/// operation, in each column of the 三公经费 table and of the base-data table. The base-data
/// table is checked by ``BaseDataRules`` (``CheckRun/checkThreePublicInBaseData()``), so that
/// its findings come after the year-on-year ones, as they always have.
enum ThreePublicRules: CheckRuleFamily {
    static let rules: [(rule: String, addresses: [ReportAddress])] = {
        typealias A = ReportAddress
        let threePublic = A.threePublicColumns.flatMap { column in
            [A.threePublicTotal, A.threePublicAbroad, A.threePublicVehicles, A.threePublicReception].map {
                $0.appending(member: column)
            }
        }
        let vehicles = A.threePublicColumns.flatMap { column in
            [A.threePublicVehicles, A.vehiclePurchase, A.vehicleOperation].map { $0.appending(member: column) }
        }
        let baseDataRows =
            [A.baseDataRows, A.baseDataRow + .rowName] + A.baseDataColumns.map { A.baseDataRow.appending(member: $0) }
        return [
            ("sum.three-public", threePublic + baseDataRows),
            ("sum.vehicles", vehicles + baseDataRows),
        ]
    }()

    static func check(_ run: inout CheckRun) {
        run.checkThreePublic()
    }
}

extension CheckRun {
    fileprivate mutating func checkThreePublic() {
        for column in ReportAddress.threePublicColumns {
            checkSum(
                "sum.three-public", stated: ReportAddress.threePublicTotal.appending(member: column),
                parts: [ReportAddress.threePublicAbroad, .threePublicVehicles, .threePublicReception].map {
                    $0.appending(member: column)
                },
                en: "三公经费 = travel abroad + official vehicles + reception (\(column))")
            checkSum(
                "sum.vehicles", stated: ReportAddress.threePublicVehicles.appending(member: column),
                parts: [ReportAddress.vehiclePurchase, .vehicleOperation].map { $0.appending(member: column) },
                en: "official vehicles = purchase + operation (\(column))")
        }
    }

    /// The same sums over the base-data table's rows.
    mutating func checkThreePublicInBaseData() {
        guard case .array(let rows)? = value(.baseDataRows) else { return }
        let names = rows.map { r in ReportAddress.rowName.resolve(in: r)?.stringValue.map(normalizedRowName) }
        func row(_ matches: (String) -> Bool) -> Int? {
            names.firstIndex { name in name.map(matches) ?? false }
        }
        func cell(_ row: Int, _ column: String) -> ReportAddress {
            ReportAddress.baseDataRow.row(row).appending(member: column)
        }
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
}

/// A base-data row's caption without its numbering and 其中：, e.g. "1、公务用车购置和维护经费" → "公务用车购置和维护经费".
func normalizedRowName(_ name: String) -> String {
    var s = Substring(name.filter { !$0.isWhitespace })
    if s.hasPrefix("其中：") || s.hasPrefix("其中:") { s = s.dropFirst(3) }
    // Only Arabic digits number a row: 三 in 三公经费 is part of the name.
    while let c = s.first, ("0"..."9").contains(c) || ("０"..."９").contains(c) || "、.．)）(（".contains(c) {
        s = s.dropFirst()
    }
    return String(s)
}
