import ArgumentParser
import ReportVault

struct Figures: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every figure of a report: path, label, value, unit.",
        discussion: """
            The label is the Chinese captions from the schema along the figure's path; \
            rows are named by their key (an indicator by its 三级指标 name). \
            Values are printed exactly as stored. \
            --csv writes UTF-8 with a byte order mark for Excel and WPS.

            Examples:
              vault figures samples/changpu-2024.json
              vault figures 2024/绥宁县长铺镇人民政府 --rev HEAD~1 --csv > figures.csv
              vault figures samples/changpu-2024.json --json
            """
    )

    @Argument(help: ArgumentHelp("A report file, or a report in the vault: YEAR/UNIT.", valueName: "file-or-report"))
    var report: String

    @Option(help: ArgumentHelp("Revision for a report in the vault (default: HEAD).", valueName: "rev"))
    var rev: Revision?

    @OptionGroup var output: OutputOptions

    @Flag(help: "Print CSV (Excel/WPS-ready) instead of text.")
    var csv = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if csv && output.json { throw ValidationError("choose one of --json and --csv") }
    }

    func run() throws {
        let source = try ReportSource.load(report, revision: rev?.text, openVault: vault.open)
        let figures = FigureList(schema: try ReportSchema.load()).figures(of: source.value)
        if output.json {
            Output.json(FigureListOutput(figures))
        } else if csv {
            Output.bytes(CSV.document(header: ["path", "label", "value", "unit"], rows: figures.map { [$0.path, $0.label, $0.text, $0.unit ?? ""] }))
        } else {
            for f in figures { print("\(f.path)\t\(f.label)\t\(f.text)\(f.unit.map { " " + $0 } ?? "")") }
        }
    }
}
