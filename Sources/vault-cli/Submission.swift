import ArgumentParser
import ReportVault

struct Submission: VaultSubcommand {
    static let name = "submission"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Submission.abstract"),
        discussion: tr("help.Submission.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Submission.name"), valueName: "name"))
    var name: String

    @Option(name: .short, help: ArgumentHelp(tr("help.Submission.output"), valueName: "file.zip"))
    var output: String?

    @Flag(help: ArgumentHelp(tr("help.Submission.force")))
    var force = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let file = output ?? name.replacingOccurrences(of: "/", with: "-") + ".zip"
        if !force, FileInput.exists(file) { throw VaultError.outputExists(file: file) }
        let archive = try vault.open().submissionArchive(name, schemas: try ReportSchemas.load())
        let digest = try archive.write(to: file, force: force)
        print(
            tr(
                archive.signed ? "cli.submission.wroteSigned" : "cli.submission.wrote",
                [
                    "file": "\(file)", "name": "\(name)", "tag": "\(archive.tagObject.short)",
                    "commit": "\(archive.commit.short)",
                    "reports": .count(archive.reportCount), "files": .count(archive.files.count), "digest": "\(digest)",
                ]))
    }
}

struct Config: VaultSubcommand {
    static let name = "config"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Config.abstract"),
        discussion: tr("help.Config.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Config.key"), valueName: "key"))
    var key: String

    @Argument(help: ArgumentHelp(tr("help.Config.value"), valueName: "value"))
    var value: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        guard key == "signers" || key == "user" else { throw VaultError.unknownConfigKey(key: key) }
        let opened = try vault.open()
        if key == "user" {
            // The name the county server knows this clerk by: what `vault push` checks against
            // the server's access list before sending, and what `vault status` shows.
            if let value { try opened.setServerUser(value) }
            print(opened.serverUser().map { tr("cli.config.user", ["user": .text($0)]) } ?? tr("cli.config.noUser"))
            return
        }
        guard let value else {
            print(opened.signersFile.map { tr("cli.config.signers", ["file": "\($0)"]) } ?? tr("cli.config.noSigners"))
            return
        }
        let set = try opened.setSignersFile(value)
        print(tr("cli.config.signersSet", ["file": "\(set.path)", "keys": .count(set.signers.entries.count)]))
    }
}
