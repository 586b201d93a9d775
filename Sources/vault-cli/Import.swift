import ArgumentParser
import Foundation
import ReportVault

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract a report from its Word document (.docx) or its text into report JSON.",
        discussion: """
            Reads a report from a Word document (.docx) or from its text \
            (UTF-8, UTF-16 or GB18030; tables as TAB-led cell blocks, TAB-separated rows, \
            rows of cells joined by "|", or one cell per line) — the kind is told by the content, not by the name — \
            and writes report JSON following schema/report.schema.json to OUT (default: standard output). \
            Tables are read by the words in their headers, whatever the column order. \
            Every number in the output appears in the document; \
            what looked like data but was not mapped is listed on standard error with its place. \
            --provenance prints where each figure came from.

            Examples: the clerk's first day — import, check, commit:
              vault import changpu-2024.docx -o changpu-2024.json
              vault check changpu-2024.json
              vault commit changpu-2024.json -m "imported from the submitted .docx"
            """
    )

    @Argument(help: ArgumentHelp("The report: a .docx or its text (- for standard input).", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the JSON here instead of standard output.", valueName: "out.json"))
    var output: String?

    @Flag(help: "Overwrite OUT if it exists.")
    var force = false

    @Flag(help: "Print, for each figure, where it came from: POINTER ← PLACE: \"source text\".")
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
                Output.note("\(p.pointer) ← \(p.place): \"\(p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text)\"")
            }
        }
        Output.note(
            "imported \(file) (\(result.format)): \(Output.count(result.figureCount, "figure", "figures")), \(Output.count(result.tableRows, "table row", "table rows"))"
                + (output.map { " → \($0)" } ?? ""))
        for note in result.notes { Output.note("note: \(note)") }
        if !result.unmapped.isEmpty {
            Output.note("not mapped (\(result.unmapped.count)):")
            for u in result.unmapped { Output.note("  \(u.place): \(u.text)") }
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
