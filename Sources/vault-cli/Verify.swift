import ArgumentParser
import ReportVault

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("help.Verify.abstract"),
        discussion: tr("help.Verify.discussion")
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let result = try vault.open().verify(schemas: try ReportSchemas.load())
        if output.json {
            Output.json(result)
        } else {
            print(
                tr(
                    "cli.verify.checked",
                    ["objects": .count(result.objects), "reports": .count(result.reportBlobs), "tags": .count(result.tags), "entries": .count(result.ledgerEntries)])
            )
            if result.problems.isEmpty { print(tr("cli.verify.ok")) }
            for p in result.problems { print(tr("cli.verify.problem", ["text": .message(p)])) }
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
