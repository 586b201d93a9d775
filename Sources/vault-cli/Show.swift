import ArgumentParser
import ReportVault

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a report as of a revision or tag.",
        discussion: """
            Prints the stored form (canonical JSON, one member per line). \
            REV is any git revision: HEAD (default), HEAD~2, a tag, a commit id or prefix. \
            With --json, prints the revision, path, blob id and digest with the report under "report".

            Examples:
              vault show 2024/绥宁县长铺镇人民政府
              vault show HEAD~1 2024/绥宁县长铺镇人民政府
              vault show submitted-2025 reports/2024/绥宁县长铺镇人民政府.json --json
            """
    )

    @Argument(help: ArgumentHelp("[REV] REPORT — a revision (default: HEAD) and a report (YEAR/UNIT or its stored path).", valueName: "rev-and-report"))
    var arguments: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func validate() throws {
        guard (1...2).contains(arguments.count) else {
            throw ValidationError("expected [REV] REPORT, got \(Output.count(arguments.count, "argument", "arguments"))")
        }
    }

    func run() throws {
        let revision = arguments.count == 2 ? arguments[0] : "HEAD"
        let opened = try vault.open()
        let path = try opened.findReport(arguments.last!, at: revision)
        let stored = try opened.show(path, at: revision)
        if output.json {
            Output.json(ShowOutput(revision: revision, stored: stored))
        } else {
            Output.bytes(stored.bytes)
        }
    }
}
