import ArgumentParser
import ReportVault
import VaultOutput

struct Figures: VaultSubcommand {
    static let name = "figures"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Figures.abstract"),
        discussion: tr("help.Figures.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Figures.report"), valueName: "file-or-report"))
    var report: String

    @Option(help: ArgumentHelp(tr("help.Figures.rev"), valueName: "rev"))
    var rev: Revision?

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(tr("help.Figures.csv")))
    var csv = false

    @Option(help: ArgumentHelp(tr("help.Figures.xlsx"), valueName: "out.xlsx"))
    var xlsx: String?

    @Flag(help: ArgumentHelp(tr("help.Figures.force")))
    var force = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if csv && output.json { throw ValidationError(tr("cli.jsonOrCSV")) }
        if xlsx != nil && (csv || output.json) { throw ValidationError(tr("cli.xlsxWithJSONOrCSV")) }
    }

    func run() throws {
        if let xlsx, !force, FileInput.exists(xlsx) {
            throw VaultError.outputOptionExists(file: xlsx, option: "--xlsx")
        }
        let source = try ReportSource.load(report, revision: rev?.text, openVault: vault.open)
        let list: FigureList
        do { list = try ReportSchemas.load().figureList(for: source.value) } catch {
            throw VaultError.inFile(file: source.name, error)
        }
        let figures = list.figures(of: source.value)
        let name = (try? Report(source.value).path.description) ?? source.name
        // A reviewed report in the vault (not a file): its review notes beside its figures.
        // Read only for the outputs that show notes (the workbook and --json).
        func notes() -> [String: [ReviewNote]]? {
            report == "-" || FileInput.exists(report)
                ? nil : (try? vault.open()).flatMap { try? $0.notesByFigure()[name] }
        }
        if let xlsx {
            let unit = ReportAddress.amountUnit.resolve(in: source.value)?.stringValue ?? "万元"
            try XLSXWorkbook.figures(figures, report: name, amountUnit: unit, notes: notes()).write(
                to: xlsx, force: force)
            Output.note(tr("cli.xlsx.wrote", ["file": "\(xlsx)", "sheets": .count(1), "rows": .count(figures.count)]))
        } else if output.json {
            Output.json(FigureListOutput(figures, notes: notes() ?? [:]))
        } else if csv {
            Output.bytes(CSV.figures(figures))
        } else {
            for f in figures { print("\(f.path)\t\(f.label)\t\(f.text)\(f.unit.map { " " + $0 } ?? "")") }
        }
    }
}
