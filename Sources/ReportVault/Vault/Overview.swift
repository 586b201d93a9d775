import Foundation

/// `vault overview`: the county's summary (汇总) of one fiscal year — every unit's report side
/// by side with its headline figures, its check findings, how many drafts it took, its last
/// change, its review state and its submission — and the totals and medians under them.
public struct Overview: Sendable {
    /// One unit's report.
    public struct Row: Sendable {
        /// The report, its last change and its submission (as `vault ls` has them).
        public var state: VaultStatus.ReportState
        public var headlines: HeadlineFigures
        public var errors: Int
        public var warnings: Int
        /// Revisions up to the one looked at that changed the report.
        public var drafts: Int
        /// Where the reviewers stand, as of the branch tip.
        public var review: ReportReview.State
    }

    /// A column's total (nil when summing it means nothing, or no row has the figure), its
    /// median and how many rows have the figure.
    public struct Summary: Sendable, Equatable {
        public var count: Int
        public var total: Decimal?
        public var median: Decimal?
    }

    /// The numeric columns, in the order every output shows them.
    public enum Column: String, Sendable, CaseIterable {
        case budget, spent, executionRate, basic, project, threePublic, score, errors, warnings, drafts

        /// The column's value in `row`.
        public func value(_ row: Row) -> Decimal? {
            switch self {
            case .budget: row.headlines.budget?.value
            case .spent: row.headlines.spent?.value
            case .executionRate: row.headlines.executionRate
            case .basic: row.headlines.basic?.value
            case .project: row.headlines.project?.value
            case .threePublic: row.headlines.threePublic?.value
            case .score: row.headlines.score?.value
            case .errors: Decimal(row.errors)
            case .warnings: Decimal(row.warnings)
            case .drafts: Decimal(row.drafts)
            }
        }

        /// Whether adding the rows up means something (amounts and counts do; rates and
        /// scores do not: the total's rate is computed from the totals instead).
        var adds: Bool { self != .executionRate && self != .score }

        /// The unit a value of the column is in.
        public var unit: String? {
            switch self {
            case .budget, .spent, .basic, .project, .threePublic: "万元"
            case .executionRate: "%"
            case .score: "分"
            case .errors, .warnings, .drafts: nil
            }
        }
    }

    /// The fiscal year summed up.
    public var year: Int
    /// The revision looked at.
    public var revision: CommitInfo
    /// One row per report of the year, by unit name.
    public var rows: [Row]

    /// Each numeric column's total and median. The execution rate's total is the total spent
    /// over the total budget of the rows that have a rate (budget and spending of one table).
    public var summaries: [Column: Summary] {
        var out: [Column: Summary] = [:]
        for column in Column.allCases {
            let values = rows.compactMap { column.value($0) }
            out[column] = Summary(
                count: values.count, total: column.adds && !values.isEmpty ? values.reduce(0, +) : nil,
                median: Self.median(values))
        }
        let rated = rows.filter { $0.headlines.executionRate != nil }
        let budget = rated.compactMap { $0.headlines.budget?.value }.reduce(0, +)
        let spent = rated.compactMap { $0.headlines.spent?.value }.reduce(0, +)
        if !rated.isEmpty, budget != 0 {
            out[.executionRate]?.total = ExactNumber.rounded(spent / budget * 100, places: 2)
        }
        return out
    }

    /// The middle value (the mean of the two middle ones for an even count), exactly.
    static func median(_ values: [Decimal]) -> Decimal? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

extension Vault {
    /// The fiscal years the vault holds reports of at `revision`, oldest first.
    public func fiscalYears(at revision: String = "HEAD") throws(VaultError) -> [Int] {
        guard try tipOrNil() != nil else { return [] }
        return Set(try reports(at: revision).map(\.path.fiscalYear)).sorted()
    }

    /// The summary of `year` (the newest year the vault holds when nil) at `revision` (the
    /// branch tip when nil).
    public func overview(
        year: Int?, at revision: String?, schemas: ReportSchemas, checker: ReportCheck
    ) throws(VaultError) -> Overview {
        guard let tip = try tipOrNil() else { throw .noCommitsYet }
        let at = try revision.map { r throws(VaultError) in try resolve(r) } ?? tip
        let years = try fiscalYears(at: at.hex)
        guard let year = year ?? years.last else { throw .overviewNoReports(revision: revision ?? "HEAD") }
        guard years.contains(year) else {
            throw .overviewNoYear(year: year, years: years.map(String.init).joined(separator: ", "))
        }
        let status = try status(at: at.hex, year: year)
        // One walk from the revision counts every report's drafts.
        var drafts: [ReportPath: Int] = [:]
        for entry in try log(from: at) { for path in entry.reports { drafts[path, default: 0] += 1 } }
        var reviews: [ReportPath: ReportReview.State] = [:]
        for review in try self.reviews() { reviews[review.report] = review.state }
        let info: CommitInfo
        do { info = try repository.commitInfo(at) } catch { throw describe(any: error, while: "overview") }
        var rows: [Overview.Row] = []
        for state in status.reports {
            let value = try show(state.path, at: at.hex).report.value
            let figures: [Figure]
            let findings: [Finding]
            do throws(VaultError) {
                figures = try schemas.figureList(for: value).figures(of: value)
                findings = try checker.findings(for: value)
            } catch {
                throw .inFile(file: "\(at.short):\(state.path.storedPath)", error)
            }
            rows.append(
                Overview.Row(
                    state: state, headlines: HeadlineFigures(report: value, figures: figures),
                    errors: findings.filter { $0.severity == .error }.count,
                    warnings: findings.filter { $0.severity == .warning }.count, drafts: drafts[state.path] ?? 0,
                    review: reviews[state.path] ?? .none))
        }
        rows.sort { $0.state.path.unitName < $1.state.path.unitName }
        return Overview(year: year, revision: info, rows: rows)
    }
}

/// One figure, found by caption (or pointer) in every unit's report of a year: the web view's
/// "same figure across units".
public struct FigureAcrossUnits: Sendable {
    public struct Row: Sendable {
        public var report: ReportPath
        /// The figure the name finds in this report, or nil with the reason (not stated, or
        /// more than one figure fits the name).
        public var figure: Figure?
        public var problem: Message?
    }

    public var name: String
    public var year: Int
    public var rows: [Row]
}

extension Vault {
    /// The figure `name` (a caption, part of one, or a pointer) of each report of `year` (the
    /// newest year when nil) at the branch tip, by unit name.
    public func figureAcrossUnits(
        _ name: String, year: Int?, schemas: ReportSchemas
    ) throws(VaultError) -> FigureAcrossUnits {
        let years = try fiscalYears()
        guard let year = year ?? years.last else { throw .overviewNoReports(revision: "HEAD") }
        guard years.contains(year) else {
            throw .overviewNoYear(year: year, years: years.map(String.init).joined(separator: ", "))
        }
        var rows: [FigureAcrossUnits.Row] = []
        for (path, blob) in try reports().filter({ $0.path.fiscalYear == year }) {
            let value = try reportValue(blob)
            let list: FigureList
            do { list = try schemas.figureList(for: value) } catch { throw .inFile(file: path.storedPath, error) }
            do {
                let pointer = try findFigure(name, in: value, figures: list)
                let figure = list.figures(of: value).first { $0.path == pointer }
                rows.append(
                    .init(
                        report: path, figure: figure,
                        problem: figure == nil ? VaultError.noSuchFigureNamed(name: name).message : nil))
            } catch {
                rows.append(.init(report: path, figure: nil, problem: error.message))
            }
        }
        rows.sort { $0.report.unitName < $1.report.unitName }
        return FigureAcrossUnits(name: name, year: year, rows: rows)
    }
}
