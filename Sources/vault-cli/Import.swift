import ArgumentParser
import Foundation
import ReportVault

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract a report from its text form into report JSON.",
        discussion: """
        Reads the plain text of a report (UTF-8 extracted from .docx: narrative, and tables
        as TAB-led cell blocks or TAB-separated rows) and writes report JSON following
        schema/report.schema.json to OUT (default: standard output). Every number in the
        output appears in the text; what looked like data but was not mapped is listed on
        standard error with its line number. --provenance prints where each figure came from.

        Examples: the clerk's first day — import, check, commit:
          vault import changpu-2024.txt -o changpu-2024.json
          vault check changpu-2024.json
          vault commit changpu-2024.json -m "imported from the submitted .docx"
        """
    )

    @Argument(help: ArgumentHelp("The report's text file (- for standard input).", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the JSON here instead of standard output.", valueName: "out.json"))
    var output: String?

    @Flag(help: "Print, for each figure, POINTER ← line N: \"source text\".")
    var provenance = false

    func run() throws {
        let bytes = try FileInput.read(file)
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw VaultError("\(file): not UTF-8 text; save the extracted text as UTF-8")
        }
        let result = ReportImporter.run(source.hasPrefix("\u{FEFF}") ? String(source.dropFirst()) : source)
        let stored = CanonicalJSON.stored(result.report)
        if let output {
            do { try Data(stored).write(to: URL(fileURLWithPath: output)) } catch {
                throw VaultError("\(output): cannot write: \(error.localizedDescription)")
            }
        } else {
            Output.bytes(stored)
        }
        if provenance {
            for p in result.provenance {
                Output.note("\(p.pointer) ← line \(p.line): \"\(p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text)\"")
            }
        }
        Output.note("imported \(file): \(result.figureCount) figures, \(result.tableRows) table rows" + (output.map { " → \($0)" } ?? ""))
        for note in result.notes { Output.note("note: \(note)") }
        if !result.unmapped.isEmpty {
            Output.note("not mapped (\(result.unmapped.count)):")
            for u in result.unmapped { Output.note("  line \(u.line): \(u.text)") }
        }
        if (try? Report(result.report)) == nil {
            Output.note("warning: the text did not give the report's fiscal year and unit name; add them before 'vault commit'")
        }
    }
}
