import ArgumentParser
import ReportVault

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one figure's value at every revision that changed it.",
        discussion: """
            REPORT is YEAR/UNIT, its stored path, or any part of the unit name that fits one report (长铺镇). \
            FIGURE is a JSON Pointer as 'vault figures' prints it, e.g. /generalBudget/basic/publicUse, \
            or its caption or the end of it when that fits one figure (公用经费, 单位日常运转经费 · 得分).

            Newest first: commit, date, author, message, value, change against the previous value, \
            and the tags on that commit. \
            A row of a keyed table (an indicator, a project item) is followed by its name when it moves.

            Examples:
              vault history 2024/绥宁县长铺镇人民政府 /generalBudget/basic/publicUse
              vault history 长铺镇 /selfEvaluation/indicators/7/score --json
              vault history 长铺镇 "单位日常运转经费 · 得分" -n 5
            """
    )

    @Argument(help: ArgumentHelp("The report: YEAR/UNIT, its stored path, or a unique part of the unit name.", valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp("The figure: a JSON Pointer, or its caption (人员经费).", valueName: "figure"))
    var figure: String

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Show at most this many revisions.", valueName: "n"))
    var maxCount: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let schema = try ReportSchema.load()
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let figure = try opened.findFigure(self.figure, in: try opened.show(path).report.value, figures: FigureList(schema: schema))
        let revisions = try opened.history(of: path, pointer: figure, schema: schema).prefix(max(0, maxCount ?? .max))
        if output.json {
            Output.json(FigureHistoryOutput(report: path, figure: figure, revisions: Array(revisions)))
            return
        }
        let head = try opened.show(path).report.value
        print("\(path)  \(FigureList(schema: schema).label(of: JSONPointer.tokens(figure) ?? [], in: head))  (\(figure))")
        for r in revisions {
            let value =
                r.value.map { v -> String in
                    if case .number(let d) = v { return ECMAScriptNumber.format(d) }
                    if case .string(let s) = v { return "“\(s)”" }
                    return "…"
                } ?? "(absent)"
            let delta = r.delta.map { $0 == 0 ? "" : ($0 > 0 ? "  ↑ " : "  ↓ ") + ExactNumber.text($0 > 0 ? $0 : -$0) } ?? ""
            let tags = r.tags.isEmpty ? "" : "  [" + r.tags.joined(separator: ", ") + "]"
            let moved = r.path.map { $0 == figure ? "" : "  at \($0)" } ?? ""
            print("\(r.commit.id.short)  \(r.commit.author.isoDate)  \(r.commit.author.name)  \(value)\(delta)\(tags)\(moved)  \(r.commit.message.prefix { $0 != "\n" })")
        }
    }
}

struct Blame: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, for every figure, the commit that last changed it.",
        discussion: """
            Every figure of the report's newest revision with the commit, author and date that last changed its value; \
            rows of keyed tables are followed by name. \
            --csv writes UTF-8 with a byte order mark for Excel and WPS.

            Examples:
              vault blame 2024/绥宁县长铺镇人民政府
              vault blame 2024/绥宁县长铺镇人民政府 --json
              vault blame 长铺镇 --csv > blame.csv
            """
    )

    @Argument(help: ArgumentHelp("The report: YEAR/UNIT, its stored path, or a unique part of the unit name.", valueName: "report"))
    var report: ReportName

    @OptionGroup var output: OutputOptions

    @Flag(help: "Print CSV (Excel/WPS-ready) instead of text.")
    var csv = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if csv && output.json { throw ValidationError("choose one of --json and --csv") }
    }

    func run() throws {
        let opened = try vault.open()
        let lines = try opened.blame(try opened.findReport(report), schema: try ReportSchema.load())
        if output.json {
            Output.json(BlameOutput(lines))
            return
        }
        if csv {
            Output.bytes(
                CSV.document(
                    header: ["path", "label", "value", "unit", "commit", "author", "date"],
                    rows: lines.map { b in
                        [
                            b.figure.path, b.figure.label, b.figure.text, b.figure.unit ?? "", b.commit.id.hex, "\(b.commit.author.name) <\(b.commit.author.email)>",
                            b.commit.author.isoDate,
                        ]
                    }))
            return
        }
        for b in lines {
            print(
                "\(b.commit.id.short)  \(b.commit.author.name)  \(b.commit.author.isoDate.prefix(10))  \(b.figure.label)  \(b.figure.text)\(b.figure.unit.map { " " + $0 } ?? "")")
        }
    }
}
