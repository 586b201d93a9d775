import ArgumentParser
import ReportVault
import VaultOutput

struct OverviewCommand: VaultSubcommand {
    static let name = "overview"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Overview.abstract"),
        discussion: tr("help.Overview.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Overview.year"), valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp(tr("help.Overview.rev"), valueName: "rev"))
    var rev: Revision?

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(tr("help.Overview.csv")))
    var csv = false

    @Option(help: ArgumentHelp(tr("help.Overview.xlsx"), valueName: "out.xlsx"))
    var xlsx: String?

    @Flag(help: ArgumentHelp(tr("help.Overview.force")))
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
        let schemas = try ReportSchemas.load()
        let overview = try vault.open().overview(
            year: year, at: rev?.text, schemas: schemas, checker: try ReportCheck(schemas: schemas))
        if let xlsx {
            try XLSXWorkbook.overview(overview).write(to: xlsx, force: force)
            Output.note(
                tr("cli.xlsx.wrote", ["file": "\(xlsx)", "sheets": .count(1), "rows": .count(overview.rows.count + 2)]))
        } else if output.json {
            Output.json(OverviewOutput(overview))
        } else if csv {
            Output.bytes(CSV.overview(overview))
        } else {
            for line in OverviewOutput(overview).lines() { print(line) }
        }
    }
}
