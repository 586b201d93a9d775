import ArgumentParser
import ReportVault

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("help.Check.abstract"),
        discussion: tr("help.Check.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Check.report"), valueName: "file-or-report"))
    var report: String

    @Option(help: ArgumentHelp(tr("help.Check.rev"), valueName: "rev"))
    var rev: Revision?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let source = try ReportSource.load(report, revision: rev?.text, openVault: vault.open)
        let findings = ReportCheck(schema: try ReportSchema.load()).findings(for: source.value)
        let errors = findings.filter { $0.severity == .error }.count
        if output.json {
            Output.json(CheckOutput(report: source.name, findings: findings))
        } else {
            print(FindingText.summary(source.name, findings))
            for finding in findings { print(FindingText.describe(finding)) }
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// How findings read on a terminal.
enum FindingText {
    static func summary(_ name: String, _ findings: [Finding]) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        if findings.isEmpty { return tr("cli.check.clean", ["name": "\(name)"]) }
        return tr("cli.check.summary", ["name": "\(name)", "errors": .count(errors), "warnings": .count(warnings)])
    }

    static func describe(_ f: Finding) -> String {
        var lines = ["\(f.severity == .error ? "error  " : "warning") \(f.rule)  \(f.messageZH)", "        \(f.message)"]
        let figures = f.figures.filter { $0.value != nil }.map { "\($0.path) = \($0.value!)" }
        if !figures.isEmpty { lines.append("        " + figures.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
