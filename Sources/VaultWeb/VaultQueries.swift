import Foundation
import ReportVault
import VaultOutput

/// What each route reads from the vault, through the same library calls and output types the
/// command line uses, so that `/api/…` answers in exactly the bytes `vault … --json` prints:
///
/// | route | command |
/// | --- | --- |
/// | /api/reports | `vault ls --json` |
/// | /api/log?report=R | `vault log R --json` |
/// | /api/blame?report=R | `vault blame R --json` |
/// | /api/figures?report=R[&rev=V] | `vault figures R [--rev V] --json` |
/// | /api/diff?from=A&to=B[&report=R] | `vault diff A B [R] --json` |
/// | /api/history?report=R&figure=F | `vault history R F --json` |
/// | /api/tags | `vault tags --json` |
/// | /api/verify | `vault verify --json` |
/// | /api/reviews | `vault reviews --json` |
/// | /api/overview[?year=Y] | `vault overview [Y] --json` |
///
/// A vault is opened per request (its handles are not shared between threads).
struct VaultQueries {
    let vaultPath: String

    func answer(_ route: VaultSite.Route, _ request: WebRequest, _ context: PageContext) throws -> WebResponse {
        let vault = try Vault.open(at: vaultPath, durable: false)
        let schemas = try ReportSchemas.load()
        func required(_ name: String) throws -> String {
            guard let value = request.value(name), !value.isEmpty else { throw MissingParameter(name: name) }
            return value
        }
        func revision(_ name: String, default fallback: String? = nil) throws -> String {
            guard let value = request.value(name).flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else {
                throw MissingParameter(name: name)
            }
            return try RevisionSyntax.check(value)
        }
        /// The report a name fits at `revision` (as `vault … REPORT` finds it), bounded.
        func report(_ name: String, at revision: String = "HEAD") throws -> ReportPath {
            let text = try required(name)
            guard text.count <= ReportPath.maximumUnitNameLength + 30 else {
                throw VaultError.reportArgumentMalformed(argument: String(text.prefix(40)))
            }
            return try vault.findReport(text, at: revision)
        }
        let diff = try FigureDiff(schemas: schemas)
        let checker = try ReportCheck(schemas: schemas)
        /// The submission tags `vault verify` finds something wrong with (moved, withdrawn, an
        /// unknown signer…): never shown as a good submission.
        /// Every reviewed report's state and notes, by report.
        func reviewsByReport() throws -> [ReportPath: ReportReview] {
            Dictionary(try vault.reviews().map { ($0.report, $0) }, uniquingKeysWith: { a, _ in a })
        }
        /// The year a page asks for (the newest when none), as a number.
        func year() throws -> Int? {
            guard let text = request.value("year"), !text.isEmpty else { return nil }
            guard text.count == 4, let y = Int(text) else { throw MissingParameter(name: "year") }
            return y
        }
        func overview() throws -> Overview {
            try vault.overview(year: try year(), at: nil, schemas: schemas, checker: checker)
        }
        func suspectTags() throws -> Set<String> {
            Set(
                try vault.verify(schemas: schemas).problems.compactMap {
                    if case .text(let tag)? = $0.values["tag"] { tag } else { nil }
                })
        }
        /// A revision as a record: its commit and the tags on it.
        func described(_ revision: String) throws -> (name: String, commit: CommitInfo?, tags: [String]) {
            let id = try vault.resolve(revision)
            return (revision, try vault.log(nil, limit: 1, from: id).first?.commit, try vault.tagsByCommit()[id] ?? [])
        }

        switch route {
        case .apiReports:
            return .json(ReportListOutput(try vault.status().reports))
        case .apiLog:
            return .json(
                LogOutput(
                    try vault.logWithStats(try report("report"), limit: nil, diff: diff), tags: try vault.tagsByCommit()
                ))
        case .apiBlame:
            return .json(BlameOutput(try vault.blame(try report("report"), schemas: schemas)))
        case .apiFigures:
            let rev = try request.value("rev").map { _ in try revision("rev") }
            let path = try report("report", at: rev ?? "HEAD")
            let value = try vault.show(path, at: rev ?? "HEAD").report.value
            return .json(
                FigureListOutput(
                    try schemas.figureList(for: value).figures(of: value),
                    notes: try vault.notesByFigure()[path.description] ?? [:]))
        case .apiDiff:
            let (from, to) = (try revision("from"), try revision("to", default: "HEAD"))
            let path = try request.value("report").map { _ in try report("report", at: to) }
            return .json(
                DiffOutput(
                    from: from, to: to,
                    reports: try vault.compare(from, to, report: path, diff: diff, checker: checker),
                    notes: try vault.notesByFigure()))
        case .apiHistory:
            let path = try report("report")
            let head = try vault.show(path).report.value
            let figure = try vault.findFigure(
                try required("figure"), in: head, figures: try schemas.figureList(for: head))
            return .json(
                FigureHistoryOutput(
                    report: path, figure: figure,
                    revisions: try vault.history(of: path, pointer: figure, schemas: schemas)))
        case .apiTags:
            return .json(
                TagListOutput(tags: try vault.tags(), withdrawn: try vault.ledger().filter { $0.withdrawal != nil }))
        case .apiVerify:
            return .json(try vault.verify(schemas: schemas))

        case .figuresWorkbook:
            let rev = try request.value("rev").map { _ in try revision("rev") }
            let path = try report("report", at: rev ?? "HEAD")
            let value = try vault.show(path, at: rev ?? "HEAD").report.value
            let unit = ReportAddress.amountUnit.resolve(in: value)?.stringValue ?? "万元"
            let book = XLSXWorkbook.figures(
                try schemas.figureList(for: value).figures(of: value), report: path.description, amountUnit: unit,
                language: context.language, notes: try vault.notesByFigure()[path.description])
            return .xlsx(try book.data(), filename: "\(path.fiscalYear)-\(path.unitName)-figures.xlsx")
        case .diffWorkbook:
            let (from, to) = (try revision("from"), try revision("to", default: "HEAD"))
            let path = try request.value("report").map { _ in try report("report", at: to) }
            let output = DiffOutput(
                from: from, to: to, reports: try vault.compare(from, to, report: path, diff: diff, checker: checker))
            let name = path.map { "\($0.fiscalYear)-\($0.unitName)-" } ?? ""
            return .xlsx(
                try XLSXWorkbook.diff(output, language: context.language, notes: try vault.notesByFigure()).data(),
                filename: "\(name)\(from)-\(to)-diff.xlsx".replacingOccurrences(of: "/", with: "_"))

        case .reports:
            return .html(
                Pages.reports(
                    try ReportsData(vault: vault, checker: checker, search: request.value("q")),
                    suspect: try suspectTags(), reviews: try reviewsByReport(), context))
        case .report:
            let path = try report("report")
            let rows = try vault.logWithStats(path, limit: nil, diff: diff)
            let submissions = try vault.ledger().filter { entry in
                entry.withdrawal == nil && entry.reports.contains { $0.path == path.storedPath }
            }
            let blame = try vault.blame(path, schemas: schemas)
            return .html(
                Pages.history(
                    report: path, rows: rows, tags: try vault.tagsByCommit(), submissions: submissions, figures: blame,
                    suspect: try suspectTags(), review: try vault.reviews(of: path).first, context))
        case .compare:
            let (from, to) = (try revision("from"), try revision("to", default: "HEAD"))
            let path = try request.value("report").map { _ in try report("report", at: to) }
            let comparisons = try vault.compare(from, to, report: path, diff: diff, checker: checker)
            return .html(
                Pages.compare(
                    from: try described(from), to: try described(to), report: path, comparisons: comparisons,
                    suspect: try suspectTags(), reviews: try reviewsByReport(), context))
        case .reviews:
            return .html(Pages.reviews(try vault.reviews(), context))
        case .apiReviews:
            return .json(ReviewsOutput(try vault.reviews()))
        case .apiOverview:
            return .json(OverviewOutput(try overview()))
        case .overviewWorkbook:
            let summary = try overview()
            return .xlsx(
                try XLSXWorkbook.overview(summary, language: context.language).data(),
                filename: "\(summary.year)-overview.xlsx")
        case .overview:
            return .html(
                Pages.overview(
                    try overview(), years: try vault.fiscalYears(), sort: request.value("sort"),
                    descending: request.value("desc") == "1", suspect: try suspectTags(),
                    reviews: try reviewsByReport(), context))
        case .across:
            let name = try required("figure")
            guard name.count <= 200 else { throw MissingParameter(name: "figure") }
            return .html(Pages.across(try vault.figureAcrossUnits(name, year: try year(), schemas: schemas), context))
        case .figure:
            let path = try report("report")
            /// Each revision's submissions: the tags whose commit is that revision or a later
            /// one before the next revision that changed the figure (newest revision first).
            func carriedSubmissions(_ revisions: [FigureRevision]) throws -> [Int: [String]] {
                var out: [Int: [String]] = [:]
                for tag in try vault.tags() {
                    guard let commit = try vault.log(nil, limit: 1, from: tag.target).first?.commit else { continue }
                    // The newest revision not after the tag's commit (by date, then by ancestry the log gives).
                    if let i = revisions.firstIndex(where: {
                        $0.commit.id == commit.id || $0.commit.author.isoDate <= commit.author.isoDate
                    }) {
                        out[i, default: []].append(tag.name)
                    }
                }
                return out
            }
            let head = try vault.show(path).report.value
            let figure = try vault.findFigure(
                try required("figure"), in: head, figures: try schemas.figureList(for: head))
            let labels = try schemas.figureList(for: head)
            let label = labels.label(of: JSONPointer.tokens(figure) ?? [], in: head)
            let unit = labels.figures(of: head).first { $0.path == figure }?.unit
            let revisions = try vault.history(of: path, pointer: figure, schemas: schemas)
            return .html(
                Pages.figure(
                    report: path, pointer: figure, label: label, unit: unit, revisions: revisions,
                    carried: try carriedSubmissions(revisions), suspect: try suspectTags(), context))
        case .submissions:
            let entries = try vault.ledger()
            return .html(
                Pages.submissions(
                    tags: try vault.tags(), ledger: entries, verify: try vault.verify(schemas: schemas), context))
        }
    }
}
