import ArgumentParser
import ReportVault
import VaultSQL

struct SQLCommand: VaultSubcommand {
    static let name = "sql"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.SQL.abstract"),
        discussion: tr("help.SQL.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.SQL.statement"), valueName: "statement"))
    var statement: String

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(tr("help.SQL.csv")))
    var csv = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if csv && output.json { throw ValidationError(tr("cli.jsonOrCSV")) }
    }

    func run() throws {
        let tables = FigureTables(vault: try vault.open(), schemas: try ReportSchemas.load())
        let answer = try tables.query(statement)
        if output.json {
            Output.json(answer)
        } else if csv {
            Output.bytes(answer.csv)
        } else {
            for line in answer.lines { print(line) }
        }
    }
}
