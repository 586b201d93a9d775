import ArgumentParser
import ReportVault

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let rows = try opened.logWithStats(path, limit: maxCount, diff: FigureDiff(schema: try ReportSchema.load()))
        let entries = rows.map(\.entry)
        func stat(_ i: Int, _ report: ReportPath) -> String {
            guard let changes = rows[i].changes[report] else { return "" }
            if changes.count == 1, changes[0].path.isEmpty { return changes[0].kind == .added ? "added" : "removed" }
            return ReportComparison.list(ReportComparison.summaryParts(of: changes)).localized
        }
        if output.json {
            Output.json(LogOutput(rows, tags: tags))
            return
        }
        if entries.isEmpty {
            Output.note(path.map { "no revision touches \($0)" } ?? "no revisions yet")
        }
        for (i, entry) in entries.enumerated() {
            let decoration = (tags[entry.commit.id] ?? []).isEmpty ? "" : " (submitted: \(tags[entry.commit.id]!.joined(separator: ", ")))"
            if oneline {
                print("\(entry.commit.id.short)\(decoration) \(entry.commit.message.prefix { $0 != "\n" })")
                continue
            }
            if i > 0 { print() }
            print("commit \(entry.commit.id)\(decoration)")
            print("Author:  \(entry.commit.author.name) <\(entry.commit.author.email)>")
            print("Date:    \(entry.commit.author.isoDate)")
            print("Reports: \(entry.reports.map { "\($0) (\(stat(i, $0)))" }.joined(separator: ", "))")
            print()
            for line in entry.commit.message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(entry.commit.message.hasSuffix("\n") ? 1 : 0) {
                print("    \(line)")
            }
        }
    }
}
