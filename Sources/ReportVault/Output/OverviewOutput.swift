import Foundation

/// `vault overview` as a terminal table, `--json` (schema/overview-output.schema.json), `--csv`
/// and `--xlsx`: the same columns in each, headers in the reader's language, totals and
/// medians under the rows.
public struct OverviewOutput: JSONOutput {
    public var overview: Overview

    public init(_ overview: Overview) { self.overview = overview }

    // MARK: Columns

    /// The header of each column, the unit's first.
    public static func header(_ language: Language) -> [String] {
        [Message("overview.col.unit").text(language)] + Overview.Column.allCases.map { columnTitle($0, language) }
            + [
                Message("overview.col.last").text(language), Message("overview.col.review").text(language),
                Message("overview.col.submission").text(language),
            ]
    }

    static func columnTitle(_ column: Overview.Column, _ language: Language) -> String {
        switch column {
        case .budget: Message("overview.col.budget").text(language)
        case .spent: Message("overview.col.spent").text(language)
        case .executionRate: Message("overview.col.executionRate").text(language)
        case .basic: Message("overview.col.basic").text(language)
        case .project: Message("overview.col.project").text(language)
        case .threePublic: Message("overview.col.threePublic").text(language)
        case .score: Message("overview.col.score").text(language)
        case .errors: Message("overview.col.errors").text(language)
        case .warnings: Message("overview.col.warnings").text(language)
        case .drafts: Message("overview.col.drafts").text(language)
        }
    }

    /// A review state in words.
    public static func review(_ state: ReportReview.State, _ language: Language) -> String {
        switch state {
        case .none: Message("web.review.none").text(language)
        case .returned: Message("web.review.returned").text(language)
        case .corrected: Message("web.review.corrected").text(language)
        case .approved: Message("web.review.approved").text(language)
        case .stale: Message("web.review.stale").text(language)
        }
    }

    /// A report's submission in words: the tag, or that it changed since, or none.
    public static func submission(_ state: VaultStatus.ReportState, _ language: Language) -> String {
        guard let tag = state.submission else { return Message("web.submission.none").text(language) }
        return state.changedSinceSubmission
            ? Message("web.submission.changedSince", ["tag": .text(tag)]).text(language) : tag
    }

    /// A value as text: amounts and rates with two decimals, scores and counts as they are.
    public static func text(_ value: Decimal?, _ column: Overview.Column) -> String {
        guard let value else { return "" }
        switch column {
        case .budget, .spent, .basic, .project, .threePublic, .executionRate:
            return ExactNumber.shown(ExactNumber.text(ExactNumber.rounded(value, places: 2)), unit: column.unit)
        case .score: return ExactNumber.shown(ExactNumber.text(value), unit: nil)
        case .errors, .warnings, .drafts: return ExactNumber.text(value)
        }
    }

    /// Each row's cells as text, then the total and the median rows.
    public func table(_ language: Language) -> [[String]] {
        let rows = overview.rows.map { row in
            [row.state.path.unitName] + Overview.Column.allCases.map { Self.text($0.value(row), $0) } + [
                String(row.state.last.author.isoDate.prefix(10)), Self.review(row.review, language),
                Self.submission(row.state, language),
            ]
        }
        let summaries = overview.summaries
        let total =
            [Message("overview.total").text(language)]
            + Overview.Column.allCases.map { Self.text(summaries[$0]?.total, $0) } + ["", "", ""]
        let median =
            [Message("overview.median").text(language)]
            + Overview.Column.allCases.map { Self.text(summaries[$0]?.median, $0) } + ["", "", ""]
        return rows + [total, median]
    }

    // MARK: Terminal

    /// The title line and the table, its columns aligned (a 汉字 counts two), numbers to the right.
    public func lines(_ language: Language = .current) -> [String] {
        let title = Message(
            "overview.title",
            [
                "year": .text(String(overview.year)), "units": .count(overview.rows.count),
                "revision": .text(overview.revision.id.short),
            ]
        ).text(language)
        let table = [Self.header(language)] + self.table(language)
        let widths = (0..<table[0].count).map { c in table.map { DisplayWidth.columns($0[c]) }.max() ?? 0 }
        let numeric = Set(1...Overview.Column.allCases.count)
        let body = table.map { cells in
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - DisplayWidth.columns(cell))
                return numeric.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return [title, ""] + body
    }

    // MARK: JSON

    public var json: JSONValue {
        func headline(_ v: HeadlineFigures.Value?) -> JSONValue {
            v.map { .object([.init("value", decimalJSON($0.value)), .init("source", .string($0.source))]) } ?? .null
        }
        let summaries = overview.summaries
        func summary(_ pick: (Overview.Summary) -> Decimal?) -> JSONValue {
            .object(
                Overview.Column.allCases.map {
                    .init($0.rawValue, summaries[$0].flatMap(pick).map(decimalJSON) ?? .null)
                })
        }
        return .object([
            .init("year", .count(overview.year)),
            .init("revision", .string(overview.revision.id.hex)),
            .init(
                "reports",
                .array(
                    overview.rows.map { row in
                        let h = row.headlines
                        return .object([
                            .init("report", .string(row.state.path.description)),
                            .init("unit", .string(row.state.path.unitName)),
                            .init("budget", headline(h.budget)), .init("spent", headline(h.spent)),
                            .init("executionRate", h.executionRate.map(decimalJSON) ?? .null),
                            .init("basic", headline(h.basic)), .init("project", headline(h.project)),
                            .init("threePublic", headline(h.threePublic)), .init("score", headline(h.score)),
                            .init("errors", .count(row.errors)), .init("warnings", .count(row.warnings)),
                            .init("drafts", .count(row.drafts)),
                            .init(
                                "lastChange",
                                .object([
                                    .init("commit", .string(row.state.last.id.hex)),
                                    .init("author", .string(row.state.last.author.name)),
                                    .init("date", .string(row.state.last.author.isoDate)),
                                ])),
                            .init("review", .string(row.review.rawValue)),
                            .init("submission", .orNull(row.state.submission)),
                            .init("changedSinceSubmission", .bool(row.state.changedSinceSubmission)),
                        ])
                    })),
            .init("totals", summary(\.total)),
            .init("medians", summary(\.median)),
        ])
    }
}

extension CSV {
    /// `vault overview --csv`: the table with its header, totals and medians, in `language`.
    public static func overview(_ overview: Overview, language: Language = .current) -> [UInt8] {
        document(header: OverviewOutput.header(language), rows: OverviewOutput(overview).table(language))
    }
}

extension XLSXWorkbook {
    /// `vault overview --xlsx`: one sheet, numbers as numbers (amounts with two decimals, the
    /// rate as per cent), the total and median rows highlighted; printed on A4 across, one page wide.
    public static func overview(_ overview: Overview, language: Language = .current) -> XLSXWorkbook {
        func cell(_ value: Decimal?, _ column: Overview.Column, highlighted: Bool = false) -> Cell {
            guard let value else { return highlighted ? Cell(.empty, style: .highlighted) : .empty }
            let style: Style =
                switch column {
                case .budget, .spent, .basic, .project, .threePublic: .amount
                case .executionRate: .rate
                case .score, .errors, .warnings, .drafts: .plain
                }
            let number = Double(ExactNumber.text(value)) ?? 0
            return Cell(.number(number), style: highlighted ? style.highlighted : style)
        }
        var rows = overview.rows.map { row -> [Cell] in
            [.text(row.state.path.unitName)] + Overview.Column.allCases.map { cell($0.value(row), $0) } + [
                .text(String(row.state.last.author.isoDate.prefix(10))),
                .text(OverviewOutput.review(row.review, language)),
                .text(OverviewOutput.submission(row.state, language)),
            ]
        }
        let summaries = overview.summaries
        for (label, pick) in [
            (Message("overview.total").text(language), { (s: Overview.Summary) in s.total }),
            (Message("overview.median").text(language), { (s: Overview.Summary) in s.median }),
        ] {
            rows.append(
                [Cell(.text(label), style: .highlighted)]
                    + Overview.Column.allCases.map { cell(summaries[$0].flatMap(pick), $0, highlighted: true) }
                    + Array(repeating: Cell(.empty, style: .highlighted), count: 3))
        }
        let name = Message("overview.sheet", ["year": .text(String(overview.year))]).text(language)
        return XLSXWorkbook(sheets: [Sheet(name: name, header: OverviewOutput.header(language), rows: rows)])
    }
}
