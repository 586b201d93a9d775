import ArgumentParser
import Foundation
import ReportVault
import VaultOutput
import VaultSync

struct Pull: VaultSubcommand {
    static let name = "pull"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Pull.abstract"),
        discussion: tr("help.Pull.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Pull.remote"), valueName: "remote"))
    var remote: String?

    @Flag(name: .customLong("continue"), help: ArgumentHelp(tr("help.Pull.continue")))
    var continuePull = false

    @Flag(help: ArgumentHelp(tr("help.Pull.abort")))
    var abort = false

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Pull.message")))
    var message: String?

    @Option(help: ArgumentHelp(tr("help.Pull.author"), valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if (continuePull && abort) || ((continuePull || abort) && (remote != nil || message != nil)) {
            throw ValidationError(tr("cli.pull.continueOrAbort"))
        }
    }

    func run() throws {
        let opened = try vault.open()
        if abort {
            let pending = try opened.abortPull()
            print(
                tr(
                    "cli.pull.aborted",
                    [
                        "from": "\(pending.from)", "branch": "\(ConflictListing.branchName(opened))",
                        "commit": "\(pending.ours.short)",
                    ]))
            return
        }
        let merger = try ThreeWayMerge(schemas: try ReportSchemas.load())
        let environment = ProcessInfo.processInfo.environment
        let outcome: IntegrateOutcome
        let from: String
        if continuePull {
            let signer = try author.map { try Author.resolve(option: $0, environment: environment, vault: opened) }
            from = try opened.pendingPull()?.from ?? ""
            do {
                outcome = try opened.continuePull(author: signer, merger: merger)
            } catch {
                try listOpenConflicts(error, opened)
            }
        } else {
            let signer = try Author.resolve(option: author, environment: environment, vault: opened)
            outcome = try opened.pull(
                remote: remote ?? "origin", message: message, author: signer, merger: merger,
                options: RemoteCommand.options())
            RemoteCommand.endProgress()
            from = outcome.pending?.from ?? "\(remote ?? "origin")/\(ConflictListing.branchName(opened))"
        }
        let deletions = try opened.deletedReports(by: outcome)
        let deleted = Set(deletions.map(\.report))
        switch outcome.kind {
        case .upToDate:
            print(tr("cli.pull.upToDate", ["from": "\(from)", "commit": "\(outcome.tip?.short ?? "")"]))
        case .fastForward:
            print(
                tr(
                    "cli.pull.fastForward",
                    [
                        "from": "\(from)", "before": "\(outcome.before?.short ?? tr("cli.absent"))",
                        "tip": "\(outcome.tip?.short ?? "")",
                    ]))
            for report in outcome.reports where !deleted.contains(report) { print("  \(report.storedPath)") }
        case .merge:
            print(
                tr(
                    "cli.pull.merged",
                    [
                        "from": "\(from)", "commit": "\(outcome.tip?.hex ?? "")",
                        "base": "\(outcome.base?.short ?? tr("cli.absent"))",
                    ]))
            for report in outcome.reports where !deleted.contains(report) { print("  \(report.storedPath)") }
        case .conflicts:
            guard let pending = outcome.pending else { break }
            Output.error(VaultError.pullConflicts(from: pending.from, count: pending.conflicts.count).message.localized)
            ConflictListing.print(pending.conflicts, to: Output.note)
            Output.note(tr("cli.conflicts.next"))
            throw ExitCode(VaultError.Category.conflict.rawValue)
        }
        for deletion in deletions {
            let c = deletion.commit
            print(
                tr(
                    "cli.pull.deleted",
                    [
                        "path": .text(deletion.report.storedPath), "author": .text(c.author.name),
                        "commit": .text(c.id.short), "date": .text(String(c.author.isoDate.prefix(10))),
                        "message": .text(c.message.subject), "report": .text(deletion.report.description),
                    ]))
        }
        for entry in outcome.withdrawals {
            print(
                tr(
                    "cli.pull.withdrawn",
                    [
                        "name": .text(entry.tag), "by": .text(entry.withdrawal?.by ?? ""),
                        "reason": .text(entry.withdrawal?.reason ?? ""),
                    ]))
        }
        if outcome.accessChanged { print(tr("cli.pull.accessChanged", ["from": .text(from)])) }
        for clash in outcome.ledgerClashes {
            Output.note(
                tr(
                    "cli.pull.ledgerClash",
                    ["name": .text(clash.name), "theirs": .text(clash.theirs.short), "ours": .text(clash.ours.short)]))
        }
        if let dropped = outcome.remoteDropped {
            Output.note(
                tr(
                    "cli.pull.remoteDropped",
                    [
                        "from": .text(from), "count": .count(dropped.count), "old": .text(dropped.old.short),
                        "new": .text(dropped.new.short),
                    ]))
        }
        if let refused = outcome.ledgerRefused {
            Output.note(tr("cli.pull.ledgerRefused", ["from": .text(from), "problem": .message(refused)]))
        }
        for report in outcome.carriedEdits { Output.note(tr("cli.pull.carried", ["path": .text(report.storedPath)])) }
        if outcome.reviewEntries > 0 {
            print(tr("cli.pull.reviews", ["count": .count(outcome.reviewEntries), "from": .text(from)]))
        }
        if outcome.ledgerEntries > 0 {
            print(tr("cli.pull.ledger", ["count": .count(outcome.ledgerEntries), "from": "\(from)"]))
        }
        WorkTreeNotes.print(outcome.workTree)
    }
}

extension Pull {
    /// Unresolved conflicts are listed again and exit 4 (a conflict); any other error goes on.
    private func listOpenConflicts(_ error: VaultError, _ opened: Vault) throws -> Never {
        guard case .unresolvedConflicts = error else { throw error }
        Output.error(error.message.localized)
        if let pending = try opened.pendingPull() { ConflictListing.print(pending.unresolved, to: Output.note) }
        throw ExitCode(VaultError.Category.conflict.rawValue)
    }
}

struct Conflicts: VaultSubcommand {
    static let name = "conflicts"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Conflicts.abstract"),
        discussion: tr("help.Conflicts.discussion")
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let pending = try vault.open().pendingPull()
        if output.json {
            Output.json(ConflictListOutput(pending))
            return
        }
        guard let pending else {
            print(tr("cli.conflicts.none"))
            return
        }
        print(
            tr(
                "cli.conflicts.header",
                [
                    "from": "\(pending.from)", "ours": "\(pending.ours.short)", "theirs": "\(pending.theirs.short)",
                    "base": "\(pending.base?.short ?? tr("cli.absent"))",
                    "open": .count(pending.unresolved.count), "count": .count(pending.conflicts.count),
                ]))
        ConflictListing.print(pending.conflicts) { Swift.print($0) }
        print(pending.unresolved.isEmpty ? tr("cli.conflicts.ready") : tr("cli.conflicts.next"))
    }
}

struct Resolve: VaultSubcommand {
    static let name = "resolve"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Resolve.abstract"),
        discussion: tr("help.Resolve.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Resolve.report"), valueName: "report"))
    var report: ReportName

    @Argument(help: ArgumentHelp(tr("help.Resolve.figure"), valueName: "pointer"))
    var figure: String?

    @Flag(help: ArgumentHelp(tr("help.Resolve.ours")))
    var ours = false

    @Flag(help: ArgumentHelp(tr("help.Resolve.theirs")))
    var theirs = false

    @Option(help: ArgumentHelp(tr("help.Resolve.value"), valueName: "json"))
    var value: String?

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if [ours, theirs, value != nil].filter({ $0 }).count != 1 { throw ValidationError(tr("cli.resolve.oneSide")) }
        if value != nil && figure == nil { throw ValidationError(tr("cli.resolve.valueNeedsPointer")) }
    }

    func run() throws {
        let opened = try vault.open()
        guard let pending = try opened.pendingPull() else { throw VaultError.noPullInProgress }
        let path = try opened.findPullReport(report.text, in: pending)
        let resolution: PullResolution
        if let value {
            do { resolution = .value(try JSONParser.parse(value)) } catch {
                throw VaultError.invalidJSON(file: "--value", error)
            }
        } else {
            resolution = ours ? .ours : .theirs
        }
        let (resolved, open) = try opened.resolvePull(path, figure: figure, with: resolution)
        ConflictListing.print(resolved) { Swift.print($0) }
        print(tr("cli.resolve.done", ["report": "\(path)", "count": .count(resolved.count), "open": .count(open)]))
        if open == 0 { print(tr("cli.conflicts.ready")) }
    }
}

/// The lines that list conflicts, for pull, conflicts and resolve.
enum ConflictListing {
    static func print(_ conflicts: [PullConflict], to write: (String) -> Void) {
        for c in conflicts {
            write(
                tr(
                    "cli.conflicts.figure",
                    [
                        "report": "\(c.report)",
                        "pointer": "\(c.pointer.isEmpty ? tr("cli.conflicts.wholeReport") : c.pointer)",
                        "label": "\(c.label)",
                        "base": "\(brief(c.base))", "ours": "\(brief(c.ours))", "theirs": "\(brief(c.theirs))",
                    ]))
            if c.resolution != nil { write(tr("cli.conflicts.resolved", ["value": "\(brief(c.resolved))"])) }
        }
    }

    /// A value in one short line.
    static func brief(_ v: JSONValue?) -> String {
        guard let v else { return tr("cli.absent") }
        let text = String(decoding: CanonicalJSON.rfc8785(v), as: UTF8.self)
        return text.count > 50 ? String(text.prefix(47)) + "…" : text
    }

    static func branchName(_ vault: Vault) -> String {
        vault.branch.hasPrefix("refs/heads/") ? String(vault.branch.dropFirst("refs/heads/".count)) : vault.branch
    }
}
