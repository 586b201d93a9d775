import Foundation
import ReportVault
import VaultOutput

/// The pages of the web view, as typed HTML (``Node``): every value from the vault goes in as
/// text and is escaped when rendered.
enum Pages {
    // MARK: - Frame

    /// A whole page: title, navigation, the content, and the page's own style sheet.
    static func page(_ title: String, _ context: PageContext, @NodeBuilder content: () -> [Node]) -> Node {
        el("html", Attribute("lang", context.language == .zh ? "zh-CN" : "en")) {
            el("head") {
                el("meta", Attribute("charset", "utf-8"))
                el("meta", Attribute("name", "viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                el("title") { "\(title) — ReportVault" }
                el("style") { Node.constant(Style.sheet) }
            }
            el("body") {
                el("header", .class("top")) {
                    el("nav") {
                        el("a", .href(context.link("/")), .class("brand")) { "ReportVault" }
                        el("a", .href(context.link("/"))) { context.t("web.nav.reports") }
                        el("a", .href(context.link("/submissions"))) { context.t("web.nav.submissions") }
                        el("a", .href(context.link("/reviews"))) { context.t("web.nav.reviews") }
                        el("a", .href(context.link("/overview"))) { context.t("web.nav.overview") }
                        el("a", .href(context.otherLanguageLink), .class("lang")) { context.t("web.otherLanguage") }
                    }
                }
                el("main") {
                    el("h1") { title }
                    content()
                }
                el("footer") { context.t("web.footer") }
            }
        }
    }

    static func error(status: Int, message: Message, _ context: PageContext) -> Node {
        page(context.t("web.error.title", ["status": .text(String(status))]), context) {
            el("p", .class("error")) { message.text(context.language) }
            el("p") { el("a", .href(context.link("/"))) { context.t("web.nav.reports") } }
        }
    }

    // MARK: - Reports

    static func reports(
        _ data: ReportsData, suspect: Set<String> = [], reviews: [ReportPath: ReportReview] = [:],
        _ context: PageContext
    ) -> Node {
        page(context.t("web.reports.heading"), context) {
            if let tip = data.tip {
                el("p", .class("meta")) {
                    context.t(
                        "web.reports.tip",
                        [
                            "branch": .text(data.branch), "commit": .text(tip.id.short),
                            "date": .text(String(tip.author.isoDate.prefix(10))),
                        ])
                }
            }
            el("form", .class("search"), Attribute("method", "get"), Attribute("action", "/")) {
                el("label", Attribute("for", "q")) { context.t("web.reports.search") }
                el(
                    "input", Attribute("type", "search"), .id("q"), Attribute("name", "q"),
                    Attribute("value", data.search ?? ""), Attribute("maxlength", "100"))
                if context.explicitLanguage {
                    el(
                        "input", Attribute("type", "hidden"), Attribute("name", "lang"),
                        Attribute("value", context.language.rawValue))
                }
                el("button", Attribute("type", "submit")) { context.t("web.reports.searchButton") }
            }
            if data.tip == nil {
                el("p", .class("empty")) { context.t("web.reports.noCommits") }
            } else if data.rows.isEmpty {
                el("p", .class("empty")) { context.t("web.reports.none") }
            }
            for year in Set(data.rows.map(\.state.path.fiscalYear)).sorted(by: >) {
                el("section", .class("year")) {
                    el("h2") { context.t("web.reports.year", ["year": .text(String(year))]) }
                    el("table", .class("reports")) {
                        el("thead") {
                            el("tr") {
                                for key in [
                                    "web.col.unit", "web.col.lastRevision", "web.col.drafts", "web.col.submission",
                                    "web.col.findings", "web.col.review",
                                ] {
                                    el("th") { context.t(key) }
                                }
                            }
                        }
                        el("tbody") {
                            for row in data.rows where row.state.path.fiscalYear == year {
                                reportRow(row, suspect: suspect, review: reviews[row.state.path], context)
                            }
                        }
                    }
                }
            }
        }
    }

    /// A submission tag's badge: green only for a tag `vault verify` finds intact.
    static func tagBadge(_ tag: String, suspect: Set<String>, _ context: PageContext) -> Node {
        suspect.contains(tag)
            ? el(
                "span", .class("badge bad"),
                Attribute("title", context.t("web.submission.unverified", ["tag": .text(tag)]))
            ) { "⚠ " + tag }
            : el("span", .class("badge ok")) { tag }
    }

    static func reportRow(
        _ row: ReportsData.Row, suspect: Set<String> = [], review: ReportReview? = nil, _ context: PageContext
    ) -> Node {
        let s = row.state
        return el("tr") {
            el("td", .class("unit")) {
                el("a", .href(context.link("/report", [("report", s.path.description)]))) { s.path.unitName }
            }
            el("td") {
                el("span", .class("message")) { firstLine(s.last.message) }
                el("br")
                el("span", .class("meta")) {
                    "\(s.last.author.name) · \(s.last.author.isoDate.prefix(10)) · \(s.last.id.short)"
                }
            }
            el("td", .class("num")) { String(row.drafts) }
            el("td") { submissionBadge(s, suspect: suspect, context) }
            el("td") {
                el("span", .class(row.errors > 0 ? "badge bad" : "badge ok")) {
                    context.t("web.findings.errors", ["n": .count(row.errors)])
                }
                " "
                el("span", .class(row.warnings > 0 ? "badge warn" : "badge")) {
                    context.t("web.findings.warnings", ["n": .count(row.warnings)])
                }
            }
            el("td", .class("review")) { reviewBadges(review, context) }
        }
    }

    /// A report's submission as a badge: the tag that covers it, changed since, one `vault verify`
    /// finds wrong (a link to the submissions page), or none.
    static func submissionBadge(_ s: VaultStatus.ReportState, suspect: Set<String>, _ context: PageContext) -> Node {
        guard let tag = s.submission else {
            return el("span", .class("badge")) { context.t("web.submission.none") }
        }
        if suspect.contains(tag) {
            return el("a", .href(context.link("/submissions")), .class("badge bad")) {
                context.t("web.submission.unverified", ["tag": .text(tag)])
            }
        }
        if s.changedSinceSubmission {
            return el("span", .class("badge warn")) { context.t("web.submission.changedSince", ["tag": .text(tag)]) }
        }
        return el("span", .class("badge ok")) { context.t("web.submission.covers", ["tag": .text(tag)]) }
    }

    // MARK: - Reviews

    /// Where a report stands with its reviewers, and how many notes wait, as badges.
    static func reviewBadges(_ review: ReportReview?, _ context: PageContext) -> Node {
        el("span") {
            if let review {
                switch review.state {
                case .none: el("span", .class("badge")) { context.t("web.review.none") }
                case .returned: el("span", .class("badge bad")) { context.t("web.review.returned") }
                case .corrected: el("span", .class("badge warn")) { context.t("web.review.corrected") }
                case .approved: el("span", .class("badge ok")) { context.t("web.review.approved") }
                case .stale: el("span", .class("badge warn")) { context.t("web.review.stale") }
                }
                if !review.openNotes.isEmpty {
                    el("span", .class("badge warn")) {
                        context.t("web.review.openNotes", ["n": .count(review.openNotes.count)])
                    }
                }
            } else {
                el("span", .class("badge")) { context.t("web.review.none") }
            }
        }
    }

    /// The notes on one figure (or on the report), each with its state, author, words and replies.
    static func noteList(_ notes: [ReviewNote], withFigure: Bool = false, _ context: PageContext) -> Node {
        el("ul", .class("notes")) {
            for note in notes {
                el("li", .class("note " + note.state.rawValue)) {
                    el("span", .class(note.state == .open ? "badge warn" : "badge ok")) {
                        note.state.label.text(context.language)
                    }
                    if withFigure {
                        el("span", .class("figure")) {
                            (note.entry.caption ?? context.t("web.review.wholeReport")) + "  "
                                + (note.entry.pointer == nil
                                    ? ""
                                    : ReviewsOutput.shown(note.entry.value) + " → " + ReviewsOutput.shown(note.now))
                        }
                    }
                    el("span", .class("meta")) {
                        " \(note.entry.author) · \(note.entry.date.prefix(10)) · \(note.entry.revision.short) "
                    }
                    el("span", .class("words")) { note.entry.text }
                    for reply in note.replies {
                        el("div", .class("reply")) {
                            el("span", .class("meta")) { "↳ \(reply.author) · \(reply.date.prefix(10)) " }
                            el("span", .class("words")) { reply.text }
                        }
                    }
                }
            }
        }
    }

    /// A report's state and every note on it (the report page), or the open ones (the list).
    static func reviewSection(_ review: ReportReview, openOnly: Bool = false, _ context: PageContext) -> Node {
        el("section", .class("review")) {
            el("p", .class("state")) {
                reviewBadges(review, context)
                " "
                ReviewsOutput.stateLine(review).text(context.language)
            }
            for other in review.sameRevision {
                el("p", .class("meta")) {
                    "\(other.kind.verdictLabel.text(context.language)) · \(other.author) · \(other.date.prefix(10)) · \(other.text)"
                }
            }
            noteList(openOnly ? review.openNotes : review.notes, withFigure: true, context)
        }
    }

    /// `/reviews`: every reviewed report's state and the notes nobody has acted on yet.
    static func reviews(_ reviews: [ReportReview], _ context: PageContext) -> Node {
        page(context.t("web.reviews.heading"), context) {
            if reviews.isEmpty { el("p", .class("empty")) { context.t("web.reviews.none") } }
            for review in reviews {
                el("h2") {
                    el("a", .href(context.link("/report", [("report", review.report.description)]))) {
                        review.report.description
                    }
                }
                reviewSection(review, openOnly: true, context)
            }
        }
    }

    // MARK: - A report's history

    static func history(
        report: ReportPath, rows: [(entry: Vault.LogEntry, changes: [ReportPath: [FigureChange]])],
        tags: [ObjectID: [String]], submissions: [LedgerEntry],
        figures: [FigureBlame], suspect: Set<String> = [], review: ReportReview? = nil, _ context: PageContext
    ) -> Node {
        let notes = Dictionary(grouping: review?.notes ?? [], by: { $0.entry.pointer ?? "" })
        return page(report.description, context) {
            el("p", .class("actions")) {
                el(
                    "a", .href(context.link("/download/figures.xlsx", [("report", report.description)])),
                    .class("button")
                ) { context.t("web.download.figures") }
                el("a", .href(context.link("/api/log", [("report", report.description)])), .class("api")) { "JSON" }
            }
            if let review {
                el("h2") { context.t("web.history.reviews") }
                reviewSection(review, context)
            }
            el("h2") { context.t("web.history.drafts") }
            el("form", Attribute("method", "get"), Attribute("action", "/compare"), .class("drafts")) {
                el(
                    "input", Attribute("type", "hidden"), Attribute("name", "report"),
                    Attribute("value", report.description))
                if context.explicitLanguage {
                    el(
                        "input", Attribute("type", "hidden"), Attribute("name", "lang"),
                        Attribute("value", context.language.rawValue))
                }
                el("table") {
                    el("thead") {
                        el("tr") {
                            for key in [
                                "web.col.from", "web.col.to", "web.col.commit", "web.col.date", "web.col.author",
                                "web.col.message", "web.col.figuresChanged", "web.col.tags",
                            ] {
                                el("th") { context.t(key) }
                            }
                        }
                    }
                    el("tbody") {
                        for (i, row) in rows.enumerated() {
                            draftRow(
                                report, row, index: i, tags: tags[row.entry.commit.id] ?? [], suspect: suspect, context)
                        }
                    }
                }
                if rows.count > 1 { el("button", Attribute("type", "submit")) { context.t("web.history.compare") } }
            }
            el("h2") { context.t("web.history.submissions") }
            if submissions.isEmpty {
                el("p", .class("empty")) { context.t("web.submission.none") }
            } else {
                el("table") {
                    el("thead") {
                        el("tr") {
                            for key in [
                                "web.col.tag", "web.col.date", "web.col.commit", "web.col.digest", "web.col.findings",
                            ] { el("th") { context.t(key) } }
                        }
                    }
                    el("tbody") {
                        for entry in submissions {
                            let line = entry.reports.first { $0.path == report.storedPath }
                            el("tr") {
                                el("td") { tagBadge(entry.tag, suspect: suspect, context) }
                                el("td") { entry.date }
                                el("td", .class("mono")) { entry.target.short }
                                el("td", .class("mono digest"), Attribute("title", line?.digest ?? "")) {
                                    shortDigest(line?.digest ?? "")
                                }
                                el("td") {
                                    context.t("web.findings.errors", ["n": .count(line?.errors ?? 0)]) + " · "
                                        + context.t("web.findings.warnings", ["n": .count(line?.warnings ?? 0)])
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { context.t("web.history.figures") }
            el("table", .class("figures")) {
                el("thead") {
                    el("tr") {
                        for key in ["web.col.figure", "web.col.value", "web.col.lastChange"] {
                            el("th") { context.t(key) }
                        }
                    }
                }
                el("tbody") {
                    for b in figures {
                        el("tr") {
                            el("td") {
                                el(
                                    "a",
                                    .href(
                                        context.link(
                                            "/figure", [("report", report.description), ("figure", b.figure.path)]))
                                ) { b.figure.label }
                                if let here = notes[b.figure.path] { noteList(here, context) }
                            }
                            el("td", .class("num")) {
                                number(b.figure.text, unit: b.figure.unit) + (b.figure.unit.map { " " + $0 } ?? "")
                            }
                            el("td", .class("meta")) {
                                "\(b.commit.author.name) · \(b.commit.author.isoDate.prefix(10)) · \(b.commit.id.short)"
                            }
                        }
                    }
                }
            }
        }
    }

    static func draftRow(
        _ report: ReportPath, _ row: (entry: Vault.LogEntry, changes: [ReportPath: [FigureChange]]), index: Int,
        tags: [String], suspect: Set<String> = [], _ context: PageContext
    ) -> Node {
        let commit = row.entry.commit
        let changes = row.changes[report] ?? []
        return el("tr") {
            el("td", .class("pick")) {
                el(
                    "input",
                    attributes: [
                        Attribute("type", "radio"), Attribute("name", "from"), Attribute("value", commit.id.hex),
                    ] + (index == 1 ? [Attribute("checked", "checked")] : []))
            }
            el("td", .class("pick")) {
                el(
                    "input",
                    attributes: [
                        Attribute("type", "radio"), Attribute("name", "to"), Attribute("value", commit.id.hex),
                    ] + (index == 0 ? [Attribute("checked", "checked")] : []))
            }
            el("td", .class("mono")) {
                if let parent = commit.parents.first, row.entry.parentBlob != nil {
                    el(
                        "a",
                        .href(
                            context.link(
                                "/compare",
                                [("report", report.description), ("from", parent.hex), ("to", commit.id.hex)]))
                    ) { commit.id.short }
                } else {
                    commit.id.short
                }
            }
            el("td") { String(commit.author.isoDate.prefix(16)).replacingOccurrences(of: "T", with: " ") }
            el("td") { commit.author.name }
            el("td", .class("message")) { firstLine(commit.message) }
            el("td", .class("num")) {
                if changes.count == 1, changes[0].path.isEmpty {
                    context.t(changes[0].kind == .added ? "web.history.added" : "web.history.removed")
                } else {
                    String(changes.filter(\.isFigure).count)
                }
            }
            el("td") { for tag in tags { tagBadge(tag, suspect: suspect, context) } }
        }
    }

    // MARK: - Compare

    static func compare(
        from: (name: String, commit: CommitInfo?, tags: [String]),
        to: (name: String, commit: CommitInfo?, tags: [String]), report: ReportPath?, comparisons: [ReportComparison],
        suspect: Set<String> = [], reviews: [ReportPath: ReportReview] = [:], _ context: PageContext
    ) -> Node {
        var items: [(String, String)] = [("from", from.name), ("to", to.name)]
        if let report { items.append(("report", report.description)) }
        // Each side by a tag when it has one, else its short id: a printed page names what it compares.
        func name(_ side: (name: String, commit: CommitInfo?, tags: [String])) -> String {
            side.tags.first ?? (side.name.count >= 40 ? String(side.name.prefix(7)) : side.name)
        }
        return page(
            context.t("web.compare.heading", ["from": .text(name(from)), "to": .text(name(to))])
                + (report.map { " · " + $0.description } ?? ""), context
        ) {
            el("table", .class("record")) {
                el("tbody") {
                    for (key, side) in [("web.compare.from", from), ("web.compare.to", to)] {
                        el("tr") {
                            el("th") { context.t(key) }
                            el("td", .class("mono")) { side.commit.map { $0.id.short } ?? side.name }
                            el("td") {
                                side.commit.map {
                                    String($0.author.isoDate.prefix(16)).replacingOccurrences(of: "T", with: " ")
                                } ?? ""
                            }
                            el("td") { side.commit?.author.name ?? "" }
                            el("td", .class("message")) { side.commit.map { firstLine($0.message) } ?? "" }
                            el("td") { for tag in side.tags { tagBadge(tag, suspect: suspect, context) } }
                        }
                    }
                }
            }
            el("p", .class("actions")) {
                el("a", .href(context.link("/download/diff.xlsx", items)), .class("button")) {
                    context.t("web.download.diff")
                }
                el("a", .href(context.link("/api/diff", items)), .class("api")) { "JSON" }
            }
            if comparisons.isEmpty { el("p", .class("empty")) { Message("diff.noDifferences").text(context.language) } }
            for comparison in comparisons {
                let review = (try? ReportPath(argument: comparison.report)).flatMap { reviews[$0] }
                comparisonSection(
                    comparison, notes: Dictionary(grouping: review?.notes ?? [], by: { $0.entry.pointer ?? "" }),
                    context)
            }
        }
    }

    static func comparisonSection(
        _ c: ReportComparison, notes: [String: [ReviewNote]] = [:], _ context: PageContext
    ) -> Node {
        let figures = c.changes.filter { !$0.isText }
        let texts = c.changes.filter(\.isText)
        // Sections in the order they first appear: the first caption of each label.
        var sections: [String] = []
        for change in figures {
            let section = sectionName(change)
            if !sections.contains(section) { sections.append(section) }
        }
        return el("section", .class("comparison")) {
            el("h2") {
                el("a", .href(context.link("/report", [("report", c.report)]))) { c.report }
            }
            el("p", .class("summary")) { c.summaryMessage.text(context.language) }
            if !figures.isEmpty {
                el("table", .class("diff")) {
                    el("thead") {
                        el("tr") {
                            el("th") { context.t("web.col.figure") }
                            for key in ["web.col.old", "web.col.new", "web.col.delta", "web.col.pct"] {
                                el("th", .class("num")) { context.t(key) }
                            }
                            el("th") { context.t("web.col.kind") }
                        }
                    }
                    for section in sections {
                        el("tbody") {
                            el("tr", .class("section")) { el("th", Attribute("colspan", "6")) { section } }
                            for change in figures where sectionName(change) == section {
                                changeRow(c.report, change, notes: notes[change.path] ?? [], context)
                            }
                        }
                    }
                }
            }
            if !texts.isEmpty {
                el("h3") { context.t("web.compare.texts") }
                for change in texts {
                    el("div", .class("text-change")) {
                        el("h4") { change.label }
                        el("p", .class("chars")) {
                            if case .string(let old)? = change.old, case .string(let new)? = change.new {
                                for piece in TextDiff.pieces(old, new) {
                                    switch piece {
                                    case .same(let s): el("span") { s }
                                    case .removed(let s): el("del") { s }
                                    case .added(let s): el("ins") { s }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !c.newFindings.isEmpty || !c.fixedFindings.isEmpty {
                el("h3") { context.t("web.compare.findings") }
                el("ul", .class("findings")) {
                    for f in c.newFindings { findingItem(f, fixed: false, context) }
                    for f in c.fixedFindings { findingItem(f, fixed: true, context) }
                }
            }
        }
    }

    static func sectionName(_ change: FigureChange) -> String {
        change.path.isEmpty ? change.label : String(change.label.components(separatedBy: " · ").first ?? change.label)
    }

    static func changeRow(
        _ report: String, _ change: FigureChange, notes: [ReviewNote] = [], _ context: PageContext
    ) -> Node {
        let rest = change.label.components(separatedBy: " · ").dropFirst().joined(separator: " · ")
        let kindClass: String =
            switch change.kind {
            case .changed: "changed"
            case .added: "added"
            case .removed: "removed"
            case .moved: "moved"
            }
        return el("tr", .class(kindClass)) {
            el("td", .class("label")) {
                if change.kind != .removed && !change.path.isEmpty {
                    el(
                        "a", .href(context.link("/figure", [("report", report), ("figure", change.path)])),
                        Attribute("title", change.path)
                    ) { rest.isEmpty ? change.label : rest }
                } else {
                    rest.isEmpty ? change.label : rest
                }
                if !notes.isEmpty { noteList(notes, context) }
            }
            if change.kind == .moved, case .number(let a)? = change.old, case .number(let b)? = change.new {
                el("td", .class("moved-note"), Attribute("colspan", "4")) {
                    context.t("web.compare.moved", ["from": .count(Int(a) + 1), "to": .count(Int(b) + 1)])
                }
            } else {
                el("td", .class("num old")) { valueText(change.old, change.unit) }
                el("td", .class("num new")) { valueText(change.new, change.unit) }
                el("td", .class("num delta")) { delta(change.delta, unit: change.unit) }
                el("td", .class("num pct")) {
                    change.pct.map { ($0 > 0 ? "+" : "") + number(ExactNumber.text($0), unit: "%") + "%" } ?? ""
                }
            }
            el("td", .class("kind")) { kindLabel(change.kind, context) }
        }
    }

    static func kindLabel(_ kind: FigureChange.Kind, _ context: PageContext) -> String {
        switch kind {
        case .changed: Message("diff.kind.changed").text(context.language)
        case .added: Message("diff.kind.added").text(context.language)
        case .removed: Message("diff.kind.removed").text(context.language)
        case .moved: Message("diff.kind.moved").text(context.language)
        }
    }

    /// A value as a reviewer reads it: numbers with their unit, short texts as they are, a
    /// whole row or report as a count of its parts.
    static func valueText(_ value: JSONValue?, _ unit: String?) -> String {
        switch value {
        case nil, .null?: return ""
        case .number(let d)?: return number(ECMAScriptNumber.format(d), unit: unit) + (unit.map { " " + $0 } ?? "")
        case .string(let s)?: return s.count > 120 ? String(s.prefix(120)) + "…" : s
        case .bool(let b)?: return b ? "true" : "false"
        case .array(let a)?: return "[\(a.count)]"
        case .object(let m)?: return objectText(m)
        }
    }

    /// A row or a report added or removed whole, as a reviewer reads it: a row's caption and
    /// its amount ("其中：办公经费 35.60 万元"), a report's unit, year and key figures.
    static func objectText(_ members: [JSONValue.Member]) -> String {
        func member(_ name: String) -> JSONValue? { members.first { $0.name == name }?.value }
        if let unit = member("unit")?[member: "name"]?.stringValue {
            var parts = [unit]
            if case .number(let year)? = member("fiscalYear") { parts.append(ECMAScriptNumber.format(year)) }
            if case .number(let spent)? = member("generalBudget")?[member: "total"]?[member: "actual"] {
                parts.append(number(ECMAScriptNumber.format(spent), unit: "万元") + " 万元")
            }
            if case .number(let score)? = member("performance")?[member: "score"] {
                parts.append(number(ECMAScriptNumber.format(score), unit: nil) + " 分")
            }
            return parts.joined(separator: " · ")
        }
        let caption = ["name", "title", "caption", "item", "label"].lazy.compactMap { member($0)?.stringValue }.first
        let amounts: [String] = members.compactMap { m in
            guard case .number(let d) = m.value else { return nil }
            let isAmount = [
                "amount", "budget", "actual", "current", "previous", "final", "executed", "initialBudget",
                "annualBudget",
            ].contains(m.name)
            return isAmount ? number(ECMAScriptNumber.format(d), unit: "万元") + " 万元" : nil
        }
        if let caption { return ([caption] + amounts.prefix(2)).joined(separator: " ") }
        let scalars = members.compactMap { m -> String? in
            switch m.value {
            case .number(let d): return number(ECMAScriptNumber.format(d), unit: nil)
            case .string(let s): return s.count > 40 ? String(s.prefix(40)) + "…" : s
            default: return nil
            }
        }
        return scalars.prefix(3).joined(separator: " · ")
    }

    static func findingItem(_ f: Finding, fixed: Bool, _ context: PageContext) -> Node {
        el("li", .class(fixed ? "fixed" : "new \(f.severity.rawValue)")) {
            el("span", .class("badge \(fixed ? "ok" : f.severity == .error ? "bad" : "warn")")) {
                context.t(fixed ? "web.compare.fixed" : "web.compare.new")
            }
            " "
            el("code") { f.rule }
            " "
            context.language == .zh ? f.messageZH : f.message
        }
    }

    // MARK: - A figure's history

    /// `carried`: for each revision (by index), the submission tags whose version holds its value
    /// (a tag on a later commit that did not change the figure carries it too).
    static func figure(
        report: ReportPath, pointer: String, label: String, unit: String?, revisions: [FigureRevision],
        carried: [Int: [String]] = [:], suspect: Set<String> = [],
        _ context: PageContext
    ) -> Node {
        page(label, context) {
            el("p", .class("meta")) {
                el("a", .href(context.link("/report", [("report", report.description)]))) { report.description }
                " · "
                el("code") { pointer }
                " · "
                el(
                    "a", .href(context.link("/api/history", [("report", report.description), ("figure", pointer)])),
                    .class("api")
                ) { "JSON" }
            }
            Chart.line(
                revisions.indices.reversed().compactMap { i in
                    let r = revisions[i]
                    if case .number(let d)? = r.value {
                        return (
                            String(r.commit.author.isoDate.prefix(10)), d, r.commit.id.short,
                            (carried[i] ?? []).filter { !suspect.contains($0) }
                        )
                    }
                    return nil
                }, unit: unit)
            el("table", .class("blame")) {
                el("thead") {
                    el("tr") {
                        for key in [
                            "web.col.commit", "web.col.date", "web.col.author", "web.col.value", "web.col.delta",
                            "web.col.tags", "web.col.message",
                        ] {
                            el("th") { context.t(key) }
                        }
                    }
                }
                el("tbody") {
                    for (index, r) in revisions.enumerated() {
                        el("tr") {
                            el("td", .class("mono")) {
                                if let parent = r.commit.parents.first {
                                    el(
                                        "a",
                                        .href(
                                            context.link(
                                                "/compare",
                                                [
                                                    ("report", report.description), ("from", parent.hex),
                                                    ("to", r.commit.id.hex),
                                                ]))
                                    ) { r.commit.id.short }
                                } else {
                                    r.commit.id.short
                                }
                            }
                            el("td") { String(r.commit.author.isoDate.prefix(10)) }
                            el("td") { r.commit.author.name }
                            el("td", .class("num")) {
                                r.value == nil ? Message("cli.absent").text(context.language) : valueText(r.value, unit)
                            }
                            el("td", .class("num delta")) { r.delta.map { $0 == 0 ? "" : delta($0, unit: unit) } ?? "" }
                            el("td") {
                                for tag in carried[index] ?? r.tags { tagBadge(tag, suspect: suspect, context) }
                            }
                            el("td", .class("message")) { firstLine(r.commit.message) }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Submissions

    static func submissions(
        tags: [TagInfo], ledger: [LedgerEntry], verify: VerifyResult, _ context: PageContext
    ) -> Node {
        let entries = Dictionary(
            ledger.filter { $0.withdrawal == nil }.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
        func problems(_ tag: String) -> [Message] { verify.problems.filter { $0.values["tag"] == .text(tag) } }
        let signatures = Dictionary(verify.signatures.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
        return page(context.t("web.submissions.heading"), context) {
            el("p", .class(verify.problems.isEmpty ? "verify ok" : "verify bad")) {
                verify.problems.isEmpty
                    ? context.t("web.verify.ok", ["objects": .count(verify.objects), "tags": .count(verify.tags)])
                    : context.t("web.verify.problems", ["n": .count(verify.problems.count)])
                " "
                el("a", .href(context.link("/api/verify")), .class("api")) { "JSON" }
                " "
                el("a", .href(context.link("/api/tags")), .class("api")) { "JSON (tags)" }
            }
            if !verify.problems.isEmpty {
                el("ul", .class("problems")) { for p in verify.problems { el("li") { p.text(context.language) } } }
            }
            if tags.isEmpty { el("p", .class("empty")) { context.t("web.submissions.none") } }
            el("table", .class("submissions")) {
                el("thead") {
                    el("tr") {
                        for key in [
                            "web.col.tag", "web.col.tagger", "web.col.date", "web.col.message", "web.col.digest",
                            "web.col.signature", "web.col.intact",
                        ] {
                            el("th") { context.t(key) }
                        }
                    }
                }
                el("tbody") {
                    for tag in tags {
                        let found = problems(tag.name)
                        el("tr") {
                            el("td") {
                                el("strong") { tag.name }
                                el("br")
                                el("span", .class("mono meta")) { tag.target.short }
                            }
                            el("td") {
                                tag.tagger.map { "\($0.name) <\($0.email)>" }
                                    ?? context.t("web.submissions.lightweight")
                            }
                            el("td") {
                                tag.tagger.map {
                                    String($0.isoDate.prefix(16)).replacingOccurrences(of: "T", with: " ")
                                } ?? ""
                            }
                            el("td", .class("message")) { firstLine(tag.message) }
                            el("td") {
                                for line in entries[tag.name]?.reports ?? [] {
                                    el("div") {
                                        if let path = ReportPath(storedPath: line.path) {
                                            el("a", .href(context.link("/report", [("report", path.description)]))) {
                                                path.description
                                            }
                                        } else {
                                            line.path
                                        }
                                        el("br")
                                        el("span", .class("mono digest"), Attribute("title", line.digest)) {
                                            shortDigest(line.digest)
                                        }
                                    }
                                }
                            }
                            el("td", .class("signature")) {
                                if let check = signatures[tag.name] {
                                    el(
                                        "span",
                                        .class(
                                            check.status == .good ? "badge ok" : check.isProblem ? "badge bad" : "badge"
                                        )
                                    ) {
                                        check.message.text(context.language)
                                    }
                                }
                            }
                            el("td") {
                                if found.isEmpty {
                                    el("span", .class("badge ok")) { context.t("web.submissions.intact") }
                                } else {
                                    for p in found { el("span", .class("badge bad")) { p.text(context.language) } }
                                }
                            }
                        }
                    }
                }
            }
            let withdrawn = ledger.filter { $0.withdrawal != nil }
            if !withdrawn.isEmpty {
                el("h2") { context.t("web.submissions.withdrawn") }
                el("ul") {
                    for entry in withdrawn {
                        el("li") {
                            context.t(
                                "web.submissions.withdrawnBy",
                                [
                                    "tag": .text(entry.tag), "by": .text(entry.withdrawal?.by ?? ""),
                                    "reason": .text(entry.withdrawal?.reason ?? ""), "date": .text(entry.date),
                                ])
                        }
                    }
                }
            }
        }
    }

    static func firstLine(_ message: String) -> String { String(message.prefix { $0 != "\n" }) }

    /// A digest as people compare them: "sha256:" and its first 12 digits (the whole on hover).
    static func shortDigest(_ digest: String) -> String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest
        return hex.count > 16 ? "sha256:" + hex.prefix(12) + "…" : digest
    }

    /// A number as a budget reads it (``ExactNumber/shown(_:unit:)``): amounts with two
    /// decimals, per cent and scores with at most two.
    static func number(_ text: String, unit: String?) -> String {
        ExactNumber.shown(text, unit: unit)
    }

    /// A signed delta with its unit.
    static func delta(_ value: Decimal?, unit: String?) -> String {
        guard let value else { return "" }
        let text = number(ExactNumber.text(value), unit: unit)
        return (value > 0 ? "+" : "") + text + (unit.map { " " + $0 } ?? "")
    }
}
