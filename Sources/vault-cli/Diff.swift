import ArgumentParser
import Foundation
import ReportVault
import VaultOutput

struct Diff: VaultSubcommand {
    static let name = "diff"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Diff.abstract"),
        discussion: tr("help.Diff.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Diff.arguments"), valueName: "rev-or-file"))
    var arguments: [String]

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(tr("help.Diff.csv")))
    var csv = false

    @Flag(help: ArgumentHelp(tr("help.Diff.text")))
    var text = false

    @Option(help: ArgumentHelp(tr("help.Diff.xlsx"), valueName: "out.xlsx"))
    var xlsx: String?

    @Flag(help: ArgumentHelp(tr("help.Diff.force")))
    var force = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        guard (1...3).contains(arguments.count) else { throw ValidationError(tr("cli.diff.arguments")) }
        if csv && output.json { throw ValidationError(tr("cli.jsonOrCSV")) }
        if xlsx != nil && (csv || output.json) { throw ValidationError(tr("cli.xlsxWithJSONOrCSV")) }
    }

    func run() throws {
        if let xlsx, !force, FileInput.exists(xlsx) {
            throw VaultError.outputOptionExists(file: xlsx, option: "--xlsx")
        }
        let schemas = try ReportSchemas.load()
        let engine = try FigureDiff(schemas: schemas)
        let checker = try ReportCheck(schemas: schemas)
        let from: String, to: String
        let comparisons: [ReportComparison]
        // A name is a file when one is there outside a git directory (a bare vault's HEAD is a
        // revision).
        func names(_ argument: String) -> Bool {
            FileInput.exists(argument) && !FileInput.isInGitDirectory(argument)
        }
        let files = arguments.map { FileInput.isFile($0) && !FileInput.isInGitDirectory($0) }
        if let file = files.firstIndex(of: true), arguments.count <= 2, files.filter({ $0 }).count == 1,
            arguments.count == 1 || !names(arguments[1 - file])
        {
            // A revision and a file (`vault diff HEAD FILE`, or the file alone against HEAD, as
            // git diff compares the work tree): the report as stored at the revision and the file.
            let revision = arguments.count == 1 ? "HEAD" : arguments[1 - file]
            let value = try FileInput.json(arguments[file])
            let report: Report
            do { report = try Report(value) } catch { throw VaultError.inFile(file: arguments[file], error) }
            let opened = try vault.open()
            let stored = try opened.show(report.path, at: revision).report.value
            let fileFirst = file == 0 && arguments.count == 2
            let (old, new) = fileFirst ? (value, stored) : (stored, value)
            from = fileFirst ? arguments[0] : revision
            to = fileFirst ? revision : arguments[file]
            comparisons = [
                try ReportComparison(
                    report: report.path.description, old: old, new: new, diff: engine, checker: checker)
            ]
        } else if arguments.count == 2, names(arguments[0]) || names(arguments[1]) {
            from = arguments[0]
            to = arguments[1]
            let old = try FileInput.json(from), new = try FileInput.json(to)
            for (file, value) in [(from, old), (to, new)] {
                do { _ = try schemas.version(for: value) } catch { throw VaultError.inFile(file: file, error) }
            }
            let name = (try? Report(new).path.description) ?? to
            comparisons = [try ReportComparison(report: name, old: old, new: new, diff: engine, checker: checker)]
        } else {
            // git's A..B range names the two revisions.
            var args = arguments.flatMap { a -> [String] in
                guard !names(a), let range = a.range(of: ".."), !a.hasPrefix(".") else { return [a] }
                if a.contains("...") { return ["\u{0}" + a] }  // refused below: no symmetric ranges
                return [String(a[..<range.lowerBound]), String(a[range.upperBound...])].map { $0.isEmpty ? "HEAD" : $0 }
            }
            var report: ReportPath?
            if let symmetric = args.first(where: { $0.hasPrefix("\u{0}") }) {
                throw VaultError.symmetricRange(range: String(symmetric.dropFirst()))
            }
            let opened = try vault.open()
            if args.count == 3 || (args.count == 2 && (try? opened.resolve(args[1])) == nil) {
                report = try opened.findReport(args.removeLast(), at: args.count == 2 ? args[1] : "HEAD")
            }
            guard args.count <= 2 else { throw ValidationError(tr("cli.diff.revisions")) }
            from = args[0]
            to = args.count == 2 ? args[1] : "HEAD"
            comparisons = try opened.compare(from, to, report: report, diff: engine, checker: checker)
        }
        // Reviewed reports' notes on the figures compared, read only for the workbook and --json
        // (a comparison of two files outside a vault has none).
        func notes() -> [String: [String: [ReviewNote]]] {
            (try? vault.open()).flatMap { try? $0.notesByFigure() } ?? [:]
        }
        if let xlsx {
            let workbook = XLSXWorkbook.diff(DiffOutput(from: from, to: to, reports: comparisons), notes: notes())
            try workbook.write(to: xlsx, force: force)
            Output.note(
                tr(
                    "cli.xlsx.wrote",
                    [
                        "file": "\(xlsx)", "sheets": .count(workbook.sheets.count),
                        "rows": .count(workbook.sheets.map(\.rows.count).reduce(0, +)),
                    ]))
        } else if output.json {
            Output.json(DiffOutput(from: from, to: to, reports: comparisons, notes: notes()))
        } else if csv {
            Output.bytes(CSV.document(header: ReportComparison.csvHeader, rows: comparisons.flatMap(\.csvRows)))
        } else {
            if comparisons.isEmpty { print(tr("cli.diff.none", ["from": "\(from)", "to": "\(to)"])) }
            let renderer = DiffText(color: Terminal.wantsColor, fullText: text)
            print(comparisons.map { renderer.render($0, title: "\(from) → \(to)") }.joined(separator: "\n\n"))
        }
    }
}

/// Whether to colour output: stdout is a terminal and NO_COLOR is not set.
enum Terminal {
    static var wantsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessEnvironment["NO_COLOR"] == nil
    }
}
