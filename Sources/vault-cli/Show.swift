import ArgumentParser
import ReportVault
import VaultOutput

struct Show: VaultSubcommand {
    static let name = "show"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Show.abstract"),
        discussion: tr("help.Show.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Show.arguments"), valueName: "rev-and-report"))
    var arguments: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func validate() throws {
        guard (1...2).contains(arguments.count) else {
            throw ValidationError(tr("cli.show.arguments", ["count": .count(arguments.count)]))
        }
    }

    func run() throws {
        let revision = arguments.count == 2 ? arguments[0] : "HEAD"
        let opened = try vault.open()
        let path = try opened.findReport(arguments.last!, at: revision)
        let stored = try opened.show(path, at: revision)
        if output.json {
            Output.json(ShowOutput(revision: revision, stored: stored))
        } else {
            Output.bytes(stored.bytes)
        }
    }
}
