import ArgumentParser
import ReportVault
import VaultOutput

struct Check: VaultSubcommand {
    static let name = "check"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
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
        let checker = try ReportCheck(schemas: try ReportSchemas.load())
        let findings: [Finding]
        do { findings = try checker.findings(for: source.value) } catch {
            throw VaultError.inFile(file: source.name, error)
        }
        let errors = findings.filter { $0.severity == .error }.count
        if output.json {
            Output.json(CheckOutput(report: source.name, findings: findings))
        } else {
            print(FindingText.summary(source.name, findings))
            for finding in findings { print(FindingText.describe(finding, lines: source.lines)) }
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

    /// A finding in both languages (Chinese only in a Chinese locale), with its figures and the
    /// line of the file each is written on.
    static func describe(_ f: Finding, lines fileLines: JSONLineMap = JSONLineMap()) -> String {
        let severity = f.severity == .error ? tr("cli.check.error") : tr("cli.check.warning")
        var lines = ["\(Output.padded(severity, to: 7)) \(f.rule)  \(f.messageZH)"]
        if Language.current == .en { lines.append("        \(f.message)") }
        let figures = f.figures.filter { $0.value != nil || f.rule == "schema" }.map { figure in
            (figure.path.isEmpty ? "/" : figure.path) + (figure.value.map { " = " + $0 } ?? "")
                + (fileLines[figure.path].map { tr("cli.check.line", ["line": .count($0)]) } ?? "")
        }
        if figures.isEmpty, let line = f.line(in: fileLines) {
            lines.append("        " + tr("cli.check.line", ["line": .count(line)]).trimmingCharacters(in: .whitespaces))
        } else if !figures.isEmpty {
            lines.append("        " + figures.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
