import ArgumentParser
import Foundation
import ReportVault

struct Init: VaultSubcommand {
    static let name = "init"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Init.abstract"),
        discussion: tr("help.Init.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Init.path"), valueName: "path"))
    var path: String?

    @Flag(help: ArgumentHelp(tr("help.Init.bare")))
    var bare = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let target = path ?? vault.vaultPath
        let created = try Vault.create(at: target, bare: bare)
        print(tr(bare ? "cli.init.bare" : "cli.init.done", ["path": "\(created.gitDirectory)"]))
        // A server vault refuses pushes that would change submissions or store invalid reports.
        if bare { print(tr("cli.init.hook", ["path": "\(try created.installServerHook(vaultBinary: Hooks.vaultBinary))"])) }
    }
}
