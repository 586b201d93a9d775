import ArgumentParser
import ReportVault

struct FixHistory: VaultSubcommand {
    static let name = "fix-history"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.FixHistory.abstract"),
        discussion: tr("help.FixHistory.discussion")
    )

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let fix = try opened.fixHistory()
        guard let tip = fix.rewritten.last?.new else {
            print(tr("cli.fixHistory.nothing"))
            return
        }
        print(
            tr(
                "cli.fixHistory.done",
                [
                    "count": .count(fix.rewritten.count), "reports": .count(fix.fixed.count),
                    "branch": .text(ConflictListing.branchName(opened)), "tip": .text(tip.short),
                ]))
        for (old, new, message) in fix.rewritten {
            print(
                tr(
                    "cli.fixHistory.commit",
                    ["old": .text(old.short), "new": .text(new.short), "message": .text(message)]))
        }
        WorkTreeNotes.print(fix.workTree)
    }
}
