import ArgumentParser
import Foundation
import ReportVault

struct Checkout: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a report to a file for editing, remembering which revision it came from.",
        discussion: """
            Writes the report as of REV (default: HEAD) to FILE \
            (default: UNIT-YEAR.json in the current folder) and records REV in the vault. \
            When that file is committed later, \
            'vault commit' merges it figure by figure with what others committed since REV, as --base REV would \
            — so a correction made by someone else meanwhile is kept.

            Examples:
              vault checkout 2024/绥宁县长铺镇人民政府
              vault checkout 2024/绥宁县长铺镇人民政府 -o draft.json submitted-2025
            """
    )

    @Argument(help: ArgumentHelp("The report (YEAR/UNIT or its stored path).", valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp("The revision to take it from.", valueName: "rev"))
    var revision: Revision = .head

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: UNIT-YEAR.json).", valueName: "file"))
    var output: String?

    @Flag(help: "Overwrite FILE if it exists.")
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
        print("wrote \(file): \(path) as of \(revision) (\(stored.commit.short)), \(stored.report.digest)")
        Output.note("edit it, then: vault commit \(file) -m \"…\"  (others' changes since \(stored.commit.short) are merged in)")
    }
}
