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
            throw .fiscalYearOutOfRange(
                year: fiscalYear, lowest: Self.fiscalYears.lowerBound, highest: Self.fiscalYears.upperBound)
        }
        if let problem = Self.problem(withUnitName: unitName) { throw problem }
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
            throw .reportArgumentMalformed(argument: argument)
        }
        do {
            try self.init(fiscalYear: year, unitName: String(rest[rest.index(after: slash)...]))
        } catch {
            throw .inReportArgument(argument: argument, error)
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
    package static func problem(withUnitName name: String) -> VaultError? {
        if name.isEmpty { return .unitNameEmpty }
        if name.count > maximumUnitNameLength {
            return .unitNameTooLong(length: name.count, limit: maximumUnitNameLength)
        }
        if name.contains("/") || name.contains("\\") { return .unitNameHasSlash(name: String(name.prefix(40))) }
        if name.contains("..") { return .unitNameHasDotDot(name: name) }
        if name.hasPrefix(".") { return .unitNameStartsWithDot(name: name) }
        if let c = name.unicodeScalars.first(where: {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
        }) {
            return .unitNameControlCharacter(code: hexDigits(c.value, width: 4))
        }
        if name.first!.isWhitespace || name.last!.isWhitespace { return .unitNameSpaceAtEnd(name: name) }
        return nil
    }
}
