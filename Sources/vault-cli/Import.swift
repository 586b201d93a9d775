import ArgumentParser
import Foundation
import ReportVault

struct Import: VaultSubcommand {
    static let name = "import"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Import.abstract"),
        discussion: tr("help.Import.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Import.file"), valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Import.output"), valueName: "out.json"))
    var output: String?

    @Flag(help: ArgumentHelp(tr("help.Import.force")))
    var force = false

    @Flag(help: ArgumentHelp(tr("help.Import.provenance")))
    var provenance = false

    func run() throws {
        if let output, FileInput.exists(output), !force {
            throw VaultError.outputExists(file: output)
        }
        let bytes = try FileInput.read(file)
        let result = try ReportImporter.run(ImportSource.read(bytes, name: file))
        let stored = CanonicalJSON.stored(result.report)
        if let output {
            do { try Data(stored).write(to: URL(fileURLWithPath: output)) } catch {
                throw VaultError.cannotWrite(file: output, reason: error.localizedDescription)
            }
        } else {
            Output.bytes(stored)
        }
        if provenance {
            for p in result.provenance {
                Output.note(
                    "\(p.pointer) ← \(p.place.localized): \"\(p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text)\""
                )
            }
        }
        Output.note(
            tr(
                "cli.import.done",
                [
                    "file": "\(file)", "format": .message(result.format), "figures": .count(result.figureCount),
                    "rows": .count(result.tableRows),
                ])
                + (output.map { " → \($0)" } ?? ""))
        for note in result.notes { Output.note(tr("cli.note", ["text": .message(note)])) }
        if !result.unmapped.isEmpty {
            Output.note(tr("cli.import.notMapped", ["count": .count(result.unmapped.count)]))
            for u in result.unmapped { Output.note("  \(u.place.localized): \(u.text)") }
        }
        if (try? Report(result.report)) == nil {
            let year = result.report[member: "fiscalYear"] == nil
            let unit = result.report[member: "unit"]?[member: "name"] == nil
            Output.note(
                tr(
                    year && unit
                        ? "cli.import.noYearNorUnit"
                        : year ? "cli.import.noYear" : unit ? "cli.import.noUnit" : "cli.import.noIdentity"))
        }
    }
}
