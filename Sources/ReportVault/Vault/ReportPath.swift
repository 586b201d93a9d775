/// Where a report lives in a vault: `reports/<fiscalYear>/<unit name>.json`.
///
/// A report's identity is (fiscal year, unit); the path is derived from both and
/// built only from a validated unit name, so a report can never write outside its folder.
public struct ReportPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let fiscalYear: Int
    public let unitName: String

    /// Fiscal years a report may name.
    public static let fiscalYears = 1990...2100
    /// The longest unit name accepted, in characters.
    public static let maximumUnitNameLength = 100

    /// A path for a validated year and unit name; throws a message saying what is wrong.
    public init(fiscalYear: Int, unitName: String) throws(VaultError) {
        guard Self.fiscalYears.contains(fiscalYear) else {
            throw VaultError("fiscalYear \(fiscalYear) is outside \(Self.fiscalYears.lowerBound)–\(Self.fiscalYears.upperBound)")
        }
        if let problem = Self.problem(withUnitName: unitName) {
            throw VaultError("unit.name \(problem)")
        }
        self.fiscalYear = fiscalYear
        self.unitName = unitName
    }

    /// Parses what a user types for a report: `2024/<unit name>`, `2024/<unit name>.json`
    /// or the stored path `reports/2024/<unit name>.json`.
    public init(argument: String) throws(VaultError) {
        var rest = Substring(argument)
        if rest.hasPrefix("reports/") { rest = rest.dropFirst("reports/".count) }
        if rest.hasSuffix(".json") { rest = rest.dropLast(".json".count) }
        guard let slash = rest.firstIndex(of: "/"), let year = Int(rest[..<slash]) else {
            throw VaultError("report '\(argument)': expected YEAR/UNIT, e.g. 2024/绥宁县长铺镇人民政府, or reports/2024/<unit>.json")
        }
        do {
            try self.init(fiscalYear: year, unitName: String(rest[rest.index(after: slash)...]))
        } catch {
            throw VaultError("report '\(argument)': \(error.description)")
        }
    }

    /// Recognises a stored path; nil for anything that is not `reports/<year>/<name>.json`.
    public init?(storedPath: String) {
        guard storedPath.hasPrefix("reports/"), storedPath.hasSuffix(".json"),
            let path = try? ReportPath(argument: storedPath), path.storedPath == storedPath
        else { return nil }
        self = path
    }

    /// The blob's path in the vault's tree.
    public var storedPath: String { "reports/\(fiscalYear)/\(unitName).json" }

    /// The short form people type: `2024/<unit name>`.
    public var description: String { "\(fiscalYear)/\(unitName)" }

    public static func < (a: ReportPath, b: ReportPath) -> Bool {
        (a.fiscalYear, a.unitName) < (b.fiscalYear, b.unitName)
    }

    /// Why `name` cannot be a unit name (and so a file name), or nil when it can.
    static func problem(withUnitName name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > maximumUnitNameLength {
            return "is \(name.count) characters long; at most \(maximumUnitNameLength) are allowed"
        }
        if name.contains("/") || name.contains("\\") { return "\"\(name.prefix(40))\" contains a slash or backslash" }
        if name.contains("..") { return "\"\(name)\" contains '..'" }
        if name.hasPrefix(".") { return "\"\(name)\" starts with '.'" }
        if let c = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return "contains the control character U+\(hexDigits(c.value, width: 4))"
        }
        if name.first!.isWhitespace || name.last!.isWhitespace { return "\"\(name)\" starts or ends with a space" }
        return nil
    }
}
