import ArgumentParser
import Foundation
import ReportVault

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("help.Status.abstract"),
        discussion: tr("help.Status.discussion")
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let status = try vault.open().status()
        if output.json {
            Output.json(status)
            return
        }
        guard let tip = status.tip else {
            print("On branch \(status.branch.replacingOccurrences(of: "refs/heads/", with: "")): no revisions yet; commit a report with 'vault commit FILE -m MSG'")
            return
        }
        print(
            "On branch \(status.branch.replacingOccurrences(of: "refs/heads/", with: "")) at \(tip.id.short) (\(tip.author.isoDate.prefix(10)), \(tip.author.name): \(tip.message.prefix { $0 != "\n" }))"
        )
        print("\(Output.count(status.reports.count, "report", "reports")):")
        ListReports.print(status.reports)
        if status.workTree.isEmpty {
            print("work tree: clean")
        } else {
            print("not committed (\(Output.count(status.workTree.count, "file", "files"))):")
            for change in status.workTree { print("  \(change.state.label.localized): \(change.path)") }
        }
    }
}

struct ListReports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
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
        if status.reports.isEmpty { Output.note("no reports\(year.map { " of \($0)" } ?? "")\(rev.map { " at \($0)" } ?? "")") }
        Self.print(status.reports)
    }

    /// One line per report: name, last revision, submission.
    static func print(_ reports: [VaultStatus.ReportState]) {
        let width = reports.map { Output.columns($0.path.description) }.max() ?? 0
        for r in reports {
            let name = Output.padded(r.path.description, to: width)
            let submitted = r.submission.map { "submitted as \($0)" + (r.changedSinceSubmission ? ", changed since" : ", unchanged since") } ?? "not submitted"
            Swift.print("  \(name)  \(r.last.id.short)  \(r.last.author.isoDate.prefix(10))  \(r.last.author.name)  \(submitted)")
        }
    }
}
