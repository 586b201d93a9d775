import ArgumentParser
import Foundation
import ReportVault

struct Checkout: VaultSubcommand {
    static let name = "checkout"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Checkout.abstract"),
        discussion: tr("help.Checkout.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Checkout.report"), valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp(tr("help.Checkout.revision"), valueName: "rev"))
    var revision: Revision = .head

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Checkout.output"), valueName: "file"))
    var output: String?

    @Flag(help: ArgumentHelp(tr("help.Checkout.force")))
    var force = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try opened.findReport(report, at: revision)
        let file = output ?? "\(path.unitName)-\(path.fiscalYear).json"
        if FileInput.exists(file), !force {
            throw VaultError.outputExists(file: file)
        }
        let stored = try opened.checkout(path, at: revision.text, to: file)
        print(
            tr(
                "cli.checkout.wrote",
                [
                    "file": "\(file)", "report": "\(path)", "revision": "\(revision)",
                    "commit": "\(stored.commit.short)", "digest": "\(stored.report.digest)",
                ]))
        Output.note(tr("cli.checkout.next", ["file": "\(file)", "commit": "\(stored.commit.short)"]))
    }
}
