import ArgumentParser
import Foundation
import ReportVault

struct Load: VaultSubcommand {
    static let name = "load"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Load.abstract"),
        discussion: tr("help.Load.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Load.file"), valueName: "file"))
    var file: String?

    @OptionGroup var author: AuthorOption

    @Flag(help: ArgumentHelp(tr("help.Load.stats")))
    var stats = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let signature = try author.signature(in: opened)
        let lines = try JSONLines(path: file)
        let result = try opened.bulkLoad(author: signature, next: lines.nextRevision)
        print(
            tr(
                "cli.load.done",
                [
                    "commits": .count(result.commits), "unchanged": .count(result.unchanged),
                    "packs": .count(result.packs), "branch": "\(opened.branch)",
                    "tip": "\(result.tip?.hex ?? "nothing")",
                ])
        )
        if stats { Output.note(result.timingSummary) }
        WorkTreeNotes.print(result.workTree)
    }
}
