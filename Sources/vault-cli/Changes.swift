import ArgumentParser
import Foundation
import ReportVault

struct Remove: VaultSubcommand {
    static let name = "rm"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Remove.abstract"),
        discussion: tr("help.Remove.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Remove.report"), valueName: "report"))
    var report: ReportName

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Remove.message")))
    var message: String

    @OptionGroup var author: AuthorOption

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let signature = try author.signature(in: opened)
        let done = try opened.remove(path, message: message, author: signature)
        print(tr("cli.commit", ["id": "\(done.commit)"]))
        print(tr("cli.rm.removed", ["path": "\(path.storedPath)"]))
        WorkTreeNotes.print(done.workTree)
    }
}

struct Move: VaultSubcommand {
    static let name = "mv"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Move.abstract"),
        discussion: tr("help.Move.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Move.report"), valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp(tr("help.Move.newName"), valueName: "new-name"))
    var newName: String

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Move.message")))
    var message: String

    @OptionGroup var author: AuthorOption

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try opened.findReport(report)
        let new =
            newName.contains("/")
            ? try ReportPath(argument: newName) : try ReportPath(fiscalYear: path.fiscalYear, unitName: newName)
        let signature = try author.signature(in: opened)
        let done = try opened.rename(path, to: new, message: message, author: signature)
        print(tr("cli.commit", ["id": "\(done.commit)"]))
        print("  \(path.storedPath) → \(new.storedPath)")
        WorkTreeNotes.print(done.workTree)
    }
}

struct Revert: VaultSubcommand {
    static let name = "revert"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Revert.abstract"),
        discussion: tr("help.Revert.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Revert.revision"), valueName: "rev"))
    var revision: Revision

    @Argument(help: ArgumentHelp(tr("help.Revert.report"), valueName: "report"))
    var report: ReportName?

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Revert.message")))
    var message: String?

    @OptionGroup var author: AuthorOption

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let path = try report.map { try opened.findReport($0) }
        let signature = try author.signature(in: opened)
        let result: Vault.ChangeCommit
        do {
            result = try opened.revert(
                revision.text, report: path, message: message, author: signature,
                merger: try ThreeWayMerge(schemas: try ReportSchemas.load()))
        } catch {
            try reportConflicts(error)
        }
        print(tr("cli.commit", ["id": "\(result.commit)"]))
        for report in result.reports { print(tr("cli.revert.reverted", ["path": "\(report.storedPath)"])) }
        WorkTreeNotes.print(result.workTree)
    }

    /// A conflict lists its figures and exits 4 (a conflict); any other error goes on.
    private func reportConflicts(_ error: VaultError) throws -> Never {
        guard case .failure(let conflict as MergeConflicts) = error else { throw error }
        Output.error(error.message.localized)
        func text(_ value: JSONValue?) -> String {
            value.map { String(decoding: CanonicalJSON.rfc8785($0), as: UTF8.self) } ?? tr("cli.absent")
        }
        for c in conflict.conflicts {
            Output.note(
                tr(
                    "cli.revert.conflict",
                    [
                        "pointer": "\(c.pointer)", "revision": "\(revision)", "at": "\(text(c.base))",
                        "before": "\(text(c.theirs))", "now": "\(text(c.ours))",
                    ]))
        }
        throw ExitCode(VaultError.Category.conflict.rawValue)
    }
}

/// What a branch move left in the work tree: files edited by hand, or why it was not updated.
enum WorkTreeNotes {
    static func print(_ update: Vault.WorkTreeUpdate) {
        for path in update.kept { Output.note(tr("cli.keptEdit", ["path": "\(path)"])) }
        if let problem = update.problem { Output.note(tr("cli.warning", ["text": .message(problem)])) }
    }
}
