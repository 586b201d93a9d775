import ArgumentParser
import ReportVault

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove the vault intact: objects, reports, submission tags and the ledger.",
        discussion: """
            Reads back every object reachable from every reference, checking its hash; \
            checks that every report on every branch and tag is in the stored canonical form, \
            at the path its identity gives, and valid against the schema; \
            checks every submission tag against the ledger (refs/vault/ledger) that 'vault tag' appends to \
            — a tag moved, deleted or added with plain git is reported — \
            and recomputes the recorded report digests. \
            Exits 1 with one line per problem.

            Examples:
              vault verify
              vault -C /srv/vaults/county.git verify --json
            """
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
            for p in result.problems { print("problem: \(p)") }
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
