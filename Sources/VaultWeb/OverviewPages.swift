import Foundation
import ReportVault
import VaultOutput

/// The county's pages: the year's overview (`vault overview`, sortable by any column, each unit
/// linking to its report) and one figure across every unit of a year, as a table and bars.
extension Pages {
    /// The columns a visitor may sort by: the unit, then the overview's numeric columns.
    static func sortKey(_ name: String?) -> Overview.Column? {
        name.flatMap { Overview.Column(rawValue: $0) }
    }

    /// The rows in the order asked for: by unit name, or by a column (rows without the figure last).
    static func sorted(_ rows: [Overview.Row], by column: Overview.Column?, descending: Bool) -> [Overview.Row] {
        guard let column else {
            return descending ? rows.reversed() : rows
        }
        return rows.enumerated().sorted { a, b in
            switch (column.value(a.element), column.value(b.element)) {
            case (let x?, let y?): x == y ? a.offset < b.offset : (descending ? x > y : x < y)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
    }

    static func overview(
        _ overview: Overview, years: [Int], sort: String?, descending: Bool, suspect: Set<String>,
        reviews: [ReportPath: ReportReview], _ context: PageContext
    ) -> Node {
        let year = String(overview.year)
        let column = sortKey(sort)
        let rows = sorted(overview.rows, by: column, descending: descending)
        let summaries = overview.summaries
        let header = OverviewOutput.header(context.language)
        /// A header cell that sorts by its column; a second click turns the order round.
        func sortLink(_ key: String, _ title: String, numeric: Bool) -> Node {
            let current = (sort ?? "unit") == key
            let next = current && !descending
            return el("th", .class(numeric ? "num" : "")) {
                el(
                    "a",
                    .href(
                        context.link(
                            "/overview", [("year", year), ("sort", key)] + (next ? [("desc", "1")] : []))),
                    Attribute("aria-sort", current ? (descending ? "descending" : "ascending") : "none")
                ) { title + (current ? (descending ? " ▼" : " ▲") : "") }
            }
        }
        return page(context.t("web.overview.heading", ["year": .text(year)]), context) {
            el("p", .class("actions")) {
                el("a", .href(context.link("/download/overview.xlsx", [("year", year)])), .class("button")) {
                    context.t("web.download.overview")
                }
                el("a", .href(context.link("/api/overview", [("year", year)])), .class("api")) { "JSON" }
            }
            if years.count > 1 {
                el("p", .class("years")) {
                    context.t("web.overview.years")
                    for y in years {
                        " "
                        if y == overview.year {
                            el("strong") { String(y) }
                        } else {
                            el("a", .href(context.link("/overview", [("year", String(y))]))) { String(y) }
                        }
                    }
                }
            }
            el("p", .class("meta")) {
                context.t(
                    "web.overview.note",
                    ["revision": .text(overview.revision.id.short), "units": .count(overview.rows.count)])
            }
            el("table", .class("overview")) {
                el("thead") {
                    el("tr") {
                        sortLink("unit", header[0], numeric: false)
                        for (i, column) in Overview.Column.allCases.enumerated() {
                            sortLink(column.rawValue, header[i + 1], numeric: true)
                        }
                        for title in header.suffix(3) { el("th") { title } }
                    }
                }
                el("tbody") {
                    for row in rows {
                        el("tr") {
                            el("td", .class("unit")) {
                                el("a", .href(context.link("/report", [("report", row.state.path.description)]))) {
                                    row.state.path.unitName
                                }
                            }
                            for column in Overview.Column.allCases {
                                el("td", .class("num"), Attribute("title", source(column, row) ?? "")) {
                                    OverviewOutput.text(column.value(row), column)
                                }
                            }
                            el("td", .class("meta")) { String(row.state.last.author.isoDate.prefix(10)) }
                            el("td") { reviewBadges(reviews[row.state.path], context) }
                            el("td") { submissionBadge(row.state, suspect: suspect, context) }
                        }
                    }
                }
                el("tfoot") {
                    for (key, pick) in [
                        ("overview.total", { (s: Overview.Summary) in s.total }),
                        ("overview.median", { (s: Overview.Summary) in s.median }),
                    ] {
                        el("tr") {
                            el("th") { context.t(key) }
                            for column in Overview.Column.allCases {
                                el("td", .class("num")) {
                                    OverviewOutput.text(summaries[column].flatMap(pick), column)
                                }
                            }
                            el("td", Attribute("colspan", "3"))
                        }
                    }
                }
            }
            el("h2") { context.t("web.across.heading") }
            acrossForm(year: year, name: "", context)
        }
    }

    /// Where a row's value of `column` was read (the tooltip of its cell).
    static func source(_ column: Overview.Column, _ row: Overview.Row) -> String? {
        let h = row.headlines
        switch column {
        case .budget: return h.budget?.source
        case .spent: return h.spent?.source
        case .basic: return h.basic?.source
        case .project: return h.project?.source
        case .threePublic: return h.threePublic?.source
        case .score: return h.score?.source
        case .executionRate:
            guard h.executionRate != nil, let spent = h.spent, let budget = h.budget else { return nil }
            return "\(spent.source) ÷ \(budget.source) × 100"
        case .errors, .warnings, .drafts: return nil
        }
    }

    /// The form that asks for one figure across the units of a year.
    static func acrossForm(year: String, name: String, _ context: PageContext) -> Node {
        el("form", Attribute("method", "get"), Attribute("action", "/across"), .class("drafts")) {
            el("input", Attribute("type", "hidden"), Attribute("name", "year"), Attribute("value", year))
            if context.explicitLanguage {
                el(
                    "input", Attribute("type", "hidden"), Attribute("name", "lang"),
                    Attribute("value", context.language.rawValue))
            }
            el("label") {
                context.t("web.across.label") + " "
                el(
                    "input", Attribute("type", "text"), Attribute("name", "figure"), Attribute("value", name),
                    Attribute("placeholder", "基本支出 · 公用经费"), Attribute("size", "40"))
            }
            " "
            el("button", Attribute("type", "submit")) { context.t("web.across.button") }
        }
    }

    /// One figure of every unit of a year: the table (value, unit, caption, or why there is
    /// none) and bars drawn in 万元 for amounts (a table in 元 converted), as written otherwise.
    static func across(_ across: FigureAcrossUnits, _ context: PageContext) -> Node {
        let year = String(across.year)
        let found = across.rows.compactMap { row in row.figure.map { (row.report, $0) } }
        let amounts = !found.isEmpty && found.allSatisfy { $0.1.tenThousandYuan != nil }
        return page(context.t("web.across.title", ["year": .text(year), "name": .text(across.name)]), context) {
            el("p") {
                el("a", .href(context.link("/overview", [("year", year)]))) {
                    context.t("web.overview.heading", ["year": .text(year)])
                }
            }
            acrossForm(year: year, name: across.name, context)
            el("table", .class("across")) {
                el("thead") {
                    el("tr") {
                        el("th") { context.t("overview.col.unit") }
                        el("th", .class("num")) { context.t("cli.csv.value") }
                        el("th") { context.t("web.across.measure") }
                        el("th") { context.t("cli.csv.label") }
                    }
                }
                el("tbody") {
                    for row in across.rows {
                        el("tr") {
                            el("td", .class("unit")) {
                                el("a", .href(context.link("/report", [("report", row.report.description)]))) {
                                    row.report.unitName
                                }
                            }
                            if let f = row.figure {
                                el("td", .class("num")) { Pages.number(f.text, unit: f.unit) }
                                el("td") { f.unit ?? "" }
                                el("td") {
                                    el(
                                        "a",
                                        .href(
                                            context.link(
                                                "/figure", [("report", row.report.description), ("figure", f.path)]))
                                    ) { f.label }
                                }
                            } else {
                                el("td", .class("num")) { "—" }
                                el("td") { "" }
                                el("td", .class("meta")) { row.problem?.text(context.language) ?? "" }
                            }
                        }
                    }
                }
            }
            if !found.isEmpty {
                Chart.bars(
                    found.map { report, figure in
                        let value = amounts ? figure.tenThousandYuan! : figure.exact.decimal
                        return (label: report.unitName, value: Double(ExactNumber.text(value)) ?? figure.value)
                    }, unit: amounts ? "万元" : found[0].1.unit)
            }
        }
    }
}
