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
        let result = try vault.open().verify(schema: try ReportSchema.load())
        if output.json {
            Output.json(result)
        } else {
            print(
                "checked \(Output.count(result.objects, "object", "objects")), \(Output.count(result.reportBlobs, "report version", "report versions")), \(Output.count(result.tags, "tag", "tags")), \(Output.count(result.ledgerEntries, "ledger entry", "ledger entries"))"
            )
            if result.problems.isEmpty { print("ok: the vault is intact") }
            for p in result.problems { print("problem: \(p.localized)") }
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
