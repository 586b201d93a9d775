import ArgumentParser
import Foundation
import ReportVault

struct Status: VaultSubcommand {
    static let name = "status"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Status.abstract"),
        discussion: tr("help.Status.discussion")
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let status = try opened.status()
        if output.json {
            Output.json(status)
            return
        }
        guard let tip = status.tip else {
            print(
                tr("cli.status.empty", ["branch": "\(status.branch.replacingOccurrences(of: "refs/heads/", with: ""))"])
            )
            return
        }
        print(
            tr(
                "cli.status.branch",
                [
                    "branch": "\(status.branch.replacingOccurrences(of: "refs/heads/", with: ""))",
                    "commit": "\(tip.id.short)", "date": "\(tip.author.isoDate.prefix(10))",
                    "author": "\(tip.author.name.terminalSafe)", "message": "\(tip.message.subject)",
                ])
        )
        print(tr("cli.status.reports", ["count": .count(status.reports.count)]))
        ListReports.print(status.reports)
        if status.workTree.isEmpty {
            print(tr("cli.status.clean"))
        } else {
            print(tr("cli.status.notCommitted", ["count": .count(status.workTree.count)]))
            for change in status.workTree { print("  \(change.state.label.localized): \(change.path)") }
        }
        // Reviewers' verdicts and the notes nobody has acted on yet.
        let reviews = try opened.reviews().map(\.withOpenNotesOnly).filter { $0.verdict != nil || !$0.notes.isEmpty }
        if !reviews.isEmpty {
            let notes = reviews.reduce(0) { $0 + $1.notes.count }
            print(tr("cli.status.reviews", ["count": .count(reviews.count), "notes": .count(notes)]))
            ReviewListing.print(reviews, indent: "  ")
        }
        // After an upgrade of the tool: reports that `vault migrate` would move to the newest version.
        if let schemas = try? ReportSchemas.load(), schemas.newest > 1 {
            let behind = try opened.reportsBefore(version: schemas.newest)
            if !behind.isEmpty {
                let versions = Set(behind.map(\.version)).sorted().map(String.init).joined(separator: ", ")
                print(
                    tr(
                        "cli.status.olderSchema",
                        ["count": .count(behind.count), "versions": .text(versions), "newest": .count(schemas.newest)]))
            }
        }
        if let pending = status.pull {
            print(
                tr(
                    "cli.status.pulling",
                    [
                        "from": "\(pending.from)", "open": .count(pending.unresolved.count),
                        "count": .count(pending.conflicts.count),
                    ]))
        }
        if let tracking = opened.tracking() {
            print(
                tr(
                    "cli.status.tracking",
                    [
                        "remote": .text(tracking.remote), "ahead": .count(tracking.ahead),
                        "behind": .count(tracking.behind),
                    ]))
        }
        // Who the county server takes this clerk for, and what they may change there.
        if let role = opened.serverRole() {
            if let user = role.user {
                print(tr("cli.status.role", ["user": .text(role.name), "roles": .message(user.rolesMessage)]))
            } else {
                print(tr("cli.status.noRole", ["user": .text(role.name)]))
            }
        }
        if let operation = opened.gitOperationInProgress {
            let advice =
                switch operation {
                case "merge": tr("cli.status.gitOperation.merge")
                case "rebase": tr("cli.status.gitOperation.rebase")
                default: tr("cli.status.gitOperation.other", ["operation": .text(operation)])
                }
            print(tr("cli.status.gitOperation", ["operation": .text(operation), "advice": .text(advice)]))
        }
        for lock in opened.leftLocks() {
            Output.note(tr("cli.status.leftLock", ["lock": .text(lock.path), "age": .count(lock.age)]))
        }
    }
}

struct ListReports: VaultSubcommand {
    static let name = "ls"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.ListReports.abstract"),
        discussion: tr("help.ListReports.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.ListReports.year"), valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp(tr("help.ListReports.rev"), valueName: "rev"))
    var rev: Revision?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let status = try vault.open().status(at: rev?.text, year: year)
        if output.json {
            Output.json(ReportListOutput(status.reports))
            return
        }
        if status.reports.isEmpty {
            let key =
                year == nil
                ? (rev == nil ? "cli.ls.none" : "cli.ls.noneAt") : (rev == nil ? "cli.ls.noneOf" : "cli.ls.noneOfAt")
            Output.note(tr(key, ["year": "\(year.map(String.init) ?? "")", "revision": "\(rev.map(\.text) ?? "")"]))
        }
        Self.print(status.reports)
    }

    /// One line per report: name, last revision, submission.
    static func print(_ reports: [VaultStatus.ReportState]) {
        let width = reports.map { Output.columns($0.path.description) }.max() ?? 0
        for r in reports {
            let name = Output.padded(r.path.description, to: width)
            let submitted =
                r.submission.map {
                    tr(r.changedSinceSubmission ? "cli.ls.changedSince" : "cli.ls.unchangedSince", ["tag": "\($0)"])
                } ?? tr("cli.ls.notSubmitted")
            Swift.print(
                "  \(name)  \(r.last.id.short)  \(r.last.author.isoDate.prefix(10))  \(r.last.author.name)  \(submitted)"
            )
        }
    }
}
