import ArgumentParser
import Foundation
import ReportVault

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Commit many revisions in one process (history migration, bulk load).",
        discussion: """
            Reads JSON lines, one revision per line: {"message": "…", "report": {…}} \
            (or "reports": [{…}, …] for several reports in one commit), from FILE or standard input, \
            and commits them in order on the vault's branch. \
            Objects are written as packs (every --flush-every commits) instead of one file per object, \
            and the branch moves once at the end. \
            Each report is parsed strictly and stored like 'vault commit' does, but not checked against the schema: \
            run 'vault verify' afterwards.

            Examples:
              vault load drafts.jsonl --author "档案室 <archive@example.cn>"
              generate-history | vault -C county load
            """
    )

    @Argument(help: ArgumentHelp("JSON lines file (default: standard input).", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("Author as \"Name <email>\".", valueName: "author"))
    var author: String?

    @Option(help: ArgumentHelp("Write a pack every this many commits.", valueName: "n"))
    var flushEvery = 250

    @Flag(help: "Print per-commit timing statistics as JSON on standard error.")
    var stats = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let signature = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        let lines = try JSONLines(path: file)
        let result = try opened.bulkLoad(author: signature, flushEvery: max(1, flushEvery), next: lines.nextRevision)
        print(
            "loaded \(Output.count(result.commits, "commit", "commits")) (\(Output.count(result.unchanged, "unchanged revision", "unchanged revisions")) skipped) in \(Output.count(result.packs, "pack", "packs")); \(opened.branch) is at \(result.tip?.hex ?? "nothing")"
        )
        if stats { Output.note(result.timingSummary) }
    }
}
