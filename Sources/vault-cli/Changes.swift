import ArgumentParser
import Foundation
import ReportVault

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a report from the branch (history keeps it).",
        discussion: """
            The report is removed in a commit of its own; \
            earlier revisions still hold it ('vault show REV REPORT'), \
            and 'vault verify' knows the removal was meant.

            Example:
              vault rm 2024/绥宁县长铺镇人民政府 -m "错交的报告"
            """
    )

    @Argument(help: ArgumentHelp("The report: YEAR/UNIT, its stored path, or a unique part of the unit name.", valueName: "report"))
    var report: ReportName

    @Option(name: .shortAndLong, help: "Why it is removed.")
    var message: String

    @Option(help: ArgumentHelp("Author as \"Name <email>\".", valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let signature = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        let id = try opened.remove(path, message: message, author: signature)
        print("commit \(id)")
        print("  removed \(path.storedPath)")
        WorkTreeNotes.print(opened)
    }
}

struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Rename a report: correct its unit name or fiscal year.",
        discussion: """
            NEW-NAME is YEAR/UNIT, or only the unit name (the year stays). \
            The report's own fiscalYear and unit.name are changed and it moves to its new path, in one commit.

            Examples:
              vault mv 2024/绥宁县长铺镇人民政府 绥宁县长铺子镇人民政府 -m "单位名称更正"
              vault mv 长铺镇 2023/绥宁县长铺镇人民政府 -m "年度更正"
            """
    )

    @Argument(help: ArgumentHelp("The report to rename.", valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp("Its new name: YEAR/UNIT or a unit name.", valueName: "new-name"))
    var newName: String

    @Option(name: .shortAndLong, help: "Why it is renamed.")
    var message: String

    @Option(help: ArgumentHelp("Author as \"Name <email>\".", valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let new = newName.contains("/") ? try ReportPath(argument: newName) : try ReportPath(fiscalYear: path.fiscalYear, unitName: newName)
        let signature = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        let id = try opened.rename(path, to: new, message: message, author: signature)
        print("commit \(id)")
        print("  \(path.storedPath) → \(new.storedPath)")
        WorkTreeNotes.print(opened)
    }
}

struct Revert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo a revision with a new one, figure by figure.",
        discussion: """
            Every figure REV changed (in REPORT only, when given) goes back to its value before REV; \
            what changed since is kept. \
            A figure changed again since REV is a conflict: it is listed and nothing is written.

            Examples:
              vault revert HEAD
              vault revert 4f1c2ab 2024/绥宁县长铺镇人民政府 -m "撤回误改的公用经费"
            """
    )

    @Argument(help: ArgumentHelp("The revision to undo.", valueName: "rev"))
    var revision: Revision

    @Argument(help: ArgumentHelp("Only this report.", valueName: "report"))
    var report: ReportName?

    @Option(name: .shortAndLong, help: "The message (default: Revert \"<its message>\").")
    var message: String?

    @Option(help: ArgumentHelp("Author as \"Name <email>\".", valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try report.map { try opened.findReport($0) }
        let signature = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        let result: (commit: ObjectID, reports: [ReportPath])
        do {
            result = try opened.revert(revision.text, report: path, message: message, author: signature, merger: ThreeWayMerge(schema: try ReportSchema.load()))
        } catch {
            try reportConflicts(error)
        }
        print("commit \(result.commit)")
        for report in result.reports { print("  reverted \(report.storedPath)") }
        WorkTreeNotes.print(opened)
    }

    /// A conflict lists its figures and exits 1; any other error goes on.
    private func reportConflicts(_ error: VaultError) throws -> Never {
        guard case .mergeConflict(let conflict) = error else { throw error }
        Output.error(error.message.localized)
        func text(_ value: JSONValue?) -> String { value.map { String(decoding: CanonicalJSON.rfc8785($0), as: UTF8.self) } ?? "(absent)" }
        for c in conflict.conflicts {
            Output.note("  \(c.pointer): at \(revision) \(text(c.base)), before it \(text(c.theirs)), now \(text(c.ours))")
        }
        throw ExitCode(1)
    }
}

/// What a branch move left in the work tree: files edited by hand, or why it was not updated.
enum WorkTreeNotes {
    static func print(_ vault: Vault) {
        for path in vault.keptEdits { Output.note("note: \(path) in the work tree was edited by hand and was left as it is; 'git diff' shows the edit") }
        if let problem = vault.workTreeProblem { Output.note("warning: \(problem)") }
    }
}
