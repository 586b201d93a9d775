import ArgumentParser
import ReportVault
import VaultOutput

struct History: VaultSubcommand {
    static let name = "history"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.History.abstract"),
        discussion: tr("help.History.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.History.report"), valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp(tr("help.History.figure"), valueName: "figure"))
    var figure: String

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(tr("help.History.maxCount"), valueName: "n"))
    var maxCount: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let schemas = try ReportSchemas.load()
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let head = try opened.latestVersion(of: path).report.value
        let figure = try opened.findFigure(self.figure, in: head, figures: try schemas.figureList(for: head))
        let revisions = try opened.history(of: path, pointer: figure, schemas: schemas).prefix(max(0, maxCount ?? .max))
        if output.json {
            Output.json(FigureHistoryOutput(report: path, figure: figure, revisions: Array(revisions)))
            return
        }
        print(
            "\(path)  \(try schemas.figureList(for: head).label(of: JSONPointer.tokens(figure) ?? [], in: head))  (\(figure))"
        )
        for r in revisions {
            let value =
                r.value.map { v -> String in
                    if case .number(let d) = v { return ECMAScriptNumber.format(d) }
                    if case .string(let s) = v { return "“\(s)”" }
                    return "…"
                } ?? tr("cli.absent")
            let delta =
                r.delta.map { $0 == 0 ? "" : ($0 > 0 ? "  ↑ " : "  ↓ ") + ExactNumber.text($0 > 0 ? $0 : -$0) } ?? ""
            let tags = r.tags.isEmpty ? "" : "  [" + r.tags.joined(separator: ", ") + "]"
            let moved = r.path.map { $0 == figure ? "" : tr("cli.history.at", ["path": "\($0)"]) } ?? ""
            print(
                "\(r.commit.id.short)  \(r.commit.author.isoDate)  \(r.commit.author.name.terminalSafe)  \(value)\(delta)\(tags)\(moved)  \(r.commit.message.subject)"
            )
        }
    }
}

struct Blame: VaultSubcommand {
    static let name = "blame"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Blame.abstract"),
        discussion: tr("help.Blame.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Blame.report"), valueName: "report"))
    var report: ReportName

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(tr("help.Blame.csv")))
    var csv = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if csv && output.json { throw ValidationError(tr("cli.jsonOrCSV")) }
    }

    func run() throws {
        let opened = try vault.open()
        let lines = try opened.blame(try opened.findReport(report), schemas: try ReportSchemas.load())
        if output.json {
            Output.json(BlameOutput(lines))
            return
        }
        if csv {
            Output.bytes(
                CSV.document(
                    header: ["path", "label", "value", "unit", "commit", "author", "date"].map { tr("cli.csv." + $0) },
                    rows: lines.map { b in
                        [
                            b.figure.path, b.figure.label, b.figure.text, b.figure.unit ?? "", b.commit.id.hex,
                            "\(b.commit.author.name) <\(b.commit.author.email)>",
                            b.commit.author.isoDate,
                        ]
                    }))
            return
        }
        for b in lines {
            print(
                "\(b.commit.id.short)  \(b.commit.author.name)  \(b.commit.author.isoDate.prefix(10))  \(b.figure.label)  \(b.figure.text)\(b.figure.unit.map { " " + $0 } ?? "")"
            )
        }
    }
}
