import ArgumentParser
import ReportVault
import VaultSQL

struct Export: VaultSubcommand {
    static let name = "export"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Export.abstract"),
        discussion: tr("help.Export.discussion")
    )

    @Option(help: ArgumentHelp(tr("help.Export.postgres"), valueName: "url"))
    var postgres: String

    @Option(help: ArgumentHelp(tr("help.Export.schema"), valueName: "name"))
    var schema = "vault"

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let export = PostgresExport(tables: FigureTables(vault: try vault.open(), schemas: try ReportSchemas.load()))
        let result = try export.run(url: postgres, schema: schema)
        if result.replaced { Output.note(tr("cli.export.replaced")) }
        print(
            tr(
                "cli.export.wrote",
                [
                    "url": .text(PostgresExport.shown(postgres)), "schema": .text(result.schema),
                    "revisions": .count(result.revisions), "reports": .count(result.reports),
                    "figures": .count(result.figures), "changes": .count(result.figureChanges),
                    "submissions": .count(result.submissions),
                ]))
    }
}
