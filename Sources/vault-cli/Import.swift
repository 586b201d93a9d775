import ArgumentParser
import Foundation
import ReportVault

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
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
                Output.note("\(p.pointer) ← \(p.place.localized): \"\(p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text)\"")
            }
        }
        Output.note(
            "imported \(file) (\(result.format.localized)): \(Output.count(result.figureCount, "figure", "figures")), \(Output.count(result.tableRows, "table row", "table rows"))"
                + (output.map { " → \($0)" } ?? ""))
        for note in result.notes { Output.note("note: \(note.localized)") }
        if !result.unmapped.isEmpty {
            Output.note("not mapped (\(result.unmapped.count)):")
            for u in result.unmapped { Output.note("  \(u.place.localized): \(u.text)") }
        }
        if (try? Report(result.report)) == nil {
            let missing = [
                result.report[member: "fiscalYear"] == nil ? "fiscal year (fiscalYear)" : nil,
                result.report[member: "unit"]?[member: "name"] == nil ? "unit name (unit.name)" : nil,
            ].compactMap { $0 }
            Output.note(
                "warning: the document did not give the report's \(missing.isEmpty ? "identity" : missing.joined(separator: " and ")); add \(missing.count == 1 ? "it" : "them") to the JSON before 'vault commit'"
            )
        }
    }
}
