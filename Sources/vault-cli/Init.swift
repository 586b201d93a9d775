import ArgumentParser
import Foundation
import ReportVault
import VaultSync

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

    @Option(help: ArgumentHelp(tr("help.Init.admin"), valueName: "user"))
    var admin: [String] = []

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if !admin.isEmpty && !bare { throw ValidationError(tr("cli.init.adminNeedsBare")) }
        // Checked before anything is made: a half-made server would be open to every pusher.
        for name in admin where AccessList.problem(withUserName: name) != nil {
            throw VaultError.accessUserNameInvalid(name: name)
        }
    }

    func run() throws {
        let target = path ?? vault.vaultPath
        let created = try Vault.create(at: target, bare: bare)
        print(tr(bare ? "cli.init.bare" : "cli.init.done", ["path": "\(created.gitDirectory)"]))
        // A server vault refuses pushes that would change submissions or store invalid reports.
        if bare {
            print(tr("cli.init.hook", ["path": "\(try created.installServerHook(vaultBinary: Hooks.vaultBinary))"]))
            // Who may push what: only the administrators named, until they grant more.
            try created.writeInitialAccess(
                admins: admin, by: try? Author.resolve(option: nil, environment: ProcessEnvironment.all, vault: created)
            )
            print(
                tr(
                    admin.isEmpty ? "cli.init.accessNoAdmin" : "cli.init.access",
                    ["admins": .text(admin.joined(separator: ", ")), "path": .text(created.gitDirectory)]))
        }
    }
}
