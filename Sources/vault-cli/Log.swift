import ArgumentParser
import ReportVault
import VaultOutput

struct Log: VaultSubcommand {
    static let name = "log"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Log.abstract"),
        discussion: tr("help.Log.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Log.report"), valueName: "report"))
    var report: ReportName?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(tr("help.Log.maxCount"), valueName: "n"))
    var maxCount: Int?

    @Flag(help: ArgumentHelp(tr("help.Log.oneline")))
    var oneline = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let tags = try opened.tagsByCommit()
        let path = try report.map { try opened.findReport($0) }
        if let maxCount, maxCount <= 0 { return }  // git prints nothing for -n 0
        let rows = try opened.logWithStats(
            path, limit: maxCount, diff: try FigureDiff(schemas: try ReportSchemas.load()))
        let entries = rows.map(\.entry)
        func stat(_ i: Int, _ report: ReportPath) -> String {
            guard let changes = rows[i].changes[report] else { return "" }
            if changes.count == 1, changes[0].path.isEmpty {
                return tr(changes[0].kind == .added ? "cli.log.added" : "cli.log.removed")
            }
            return ReportComparison.list(ReportComparison.summaryParts(of: changes)).localized
        }
        if output.json {
            Output.json(LogOutput(rows, tags: tags))
            return
        }
        if entries.isEmpty {
            Output.note(path.map { tr("cli.log.noneFor", ["report": "\($0)"]) } ?? tr("cli.log.none"))
        }
        // Reviewed revisions: each verdict given on one, and how many notes were pinned to it.
        let reviewed = Dictionary(grouping: try opened.reviewEntries().filter { $0.kind != .reply }, by: \.revision)
        func reviewMarks(_ id: ObjectID) -> String {
            let here = (reviewed[id] ?? []).filter { path == nil || $0.report == path }
            let verdicts = here.filter(\.kind.isVerdict).map { verdict in
                tr(
                    "cli.log.verdict",
                    ["kind": .message(verdict.kind.verdictLabel), "by": .text(verdict.author)])
            }
            let notes = here.filter { $0.kind == .note }.count
            return verdicts.joined() + (notes > 0 ? tr("cli.log.notes", ["count": .count(notes)]) : "")
        }
        for (i, entry) in entries.enumerated() {
            let decoration =
                ((tags[entry.commit.id] ?? []).isEmpty
                    ? "" : tr("cli.log.submitted", ["tags": "\(tags[entry.commit.id]!.joined(separator: ", "))"]))
                + reviewMarks(entry.commit.id)
            if oneline {
                print("\(entry.commit.id.short)\(decoration) \(entry.commit.message.subject)")
                continue
            }
            if i > 0 { print() }
            print(tr("cli.commit", ["id": "\(entry.commit.id)"]) + decoration)
            // A merge is listed as one, with whose work it brings (as git log's "Merge:" line).
            if entry.commit.parents.count > 1, let work = try? opened.mergedWork(of: entry.commit) {
                print(
                    tr(
                        "cli.log.merge",
                        [
                            "parents": .text(entry.commit.parents.map(\.short).joined(separator: " ")),
                            "authors": .text(work.authors.joined(separator: ", ")),
                            "count": .count(work.count),
                        ]))
            }
            print(
                tr(
                    "cli.log.author",
                    [
                        "name": "\(entry.commit.author.name.terminalSafe)",
                        "email": "\(entry.commit.author.email.terminalSafe)",
                    ]))
            print(tr("cli.log.date", ["date": "\(entry.commit.author.isoDate)"]))
            print(
                tr(
                    "cli.log.reports",
                    ["reports": "\(entry.reports.map { "\($0) (\(stat(i, $0)))" }.joined(separator: ", "))"]))
            print()
            for line in entry.commit.message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                entry.commit.message.hasSuffix("\n") ? 1 : 0)
            {
                print("    \(line.terminalSafe)")
            }
        }
    }
}
