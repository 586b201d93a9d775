import ArgumentParser
import ReportVault

struct Verify: VaultSubcommand {
    static let name = "verify"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Verify.abstract"),
        discussion: tr("help.Verify.discussion")
    )

    @Flag(help: ArgumentHelp(tr("help.Verify.repair")))
    var repair = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let repairs = repair ? try opened.repairLedger() : []
        var result = try opened.verify(schemas: try ReportSchemas.load())
        result.repairs = repairs
        if output.json {
            Output.json(result)
        } else {
            for r in repairs { print(tr("cli.verify.repaired", ["text": .message(r)])) }
            print(
                tr(
                    "cli.verify.checked",
                    [
                        "objects": .count(result.objects), "reports": .count(result.reportBlobs),
                        "tags": .count(result.tags), "entries": .count(result.ledgerEntries),
                    ])
            )
            for s in result.signatures where !s.isProblem {
                print(tr("cli.verify.signature", ["text": .message(s.message)]))
            }
            if result.problems.isEmpty { print(tr("cli.verify.ok")) }
            for p in result.problems { print(tr("cli.verify.problem", ["text": .message(p)])) }
        }
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
