import ArgumentParser
import Foundation
import ReportVault
import VaultOutput

struct Tag: VaultSubcommand {
    static let name = "tag"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Tag.abstract"),
        discussion: tr("help.Tag.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Tag.name"), valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp(tr("help.Tag.items"), valueName: "rev|report"))
    var items: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp(tr("help.Tag.message")))
    var message: String?

    @Flag(help: ArgumentHelp(tr("help.Tag.withdraw")))
    var withdraw = false

    @Option(help: ArgumentHelp(tr("help.Tag.rename"), valueName: "new-name"))
    var rename: String?

    @Option(help: ArgumentHelp(tr("help.Tag.author"), valueName: "author"))
    var author: String?

    @Flag(help: ArgumentHelp(tr("help.Tag.sign")))
    var sign = false

    @Flag(help: ArgumentHelp(tr("help.Tag.force")))
    var force = false

    @Option(help: ArgumentHelp(tr("help.Tag.key"), valueName: "path"))
    var key: String?

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if rename != nil {
            if withdraw || sign || key != nil || message != nil || !items.isEmpty {
                throw ValidationError(tr("cli.tag.renameAlone"))
            }
        } else if message == nil {
            throw ValidationError(tr("cli.tag.needsMessage"))
        }
    }

    func run() throws {
        let opened = try vault.open()
        if let rename {
            let renamed = try opened.renameUnsentTag(name, to: rename)
            print(
                tr(
                    "cli.tag.renamed",
                    [
                        "old": .text(name), "new": .text(rename), "tag": .text(renamed.tagObject.short),
                        "commit": .text(renamed.target.short),
                    ]))
            return
        }
        let message = message ?? ""
        let tagger = try Author.resolve(option: author, environment: ProcessEnvironment.all, vault: opened)
        if withdraw {
            guard !sign else { throw ValidationError(tr("cli.tag.withdrawSign")) }
            guard items.isEmpty else { throw ValidationError(tr("cli.tag.withdrawRevision")) }
            let entry = try opened.withdraw(name, reason: message, by: tagger)
            print(
                tr(
                    "cli.tag.withdrew",
                    [
                        "name": "\(name)", "tag": "\(entry.tagObject.short)", "commit": "\(entry.target.short)",
                        "ref": "\(Vault.withdrawnRef(name))",
                    ]))
            return
        }
        if key != nil && !sign { throw ValidationError(tr("cli.tag.keyWithoutSign")) }
        // Read before anything is written: a key that cannot sign leaves the vault unchanged.
        let signingKey = try sign ? Vault.signingKey(at: key ?? SSHSigningKey.defaultPath()) : nil
        // The first word names the revision unless it names a report (git's `tag NAME REV`).
        var revision = "HEAD"
        var names = items[...]
        if let first = names.first, (try? opened.resolve(first)) != nil,
            (try? opened.findReport(first, at: first)) == nil
        {
            revision = first
            names = names.dropFirst()
        } else if let first = names.first, (try? opened.resolve(first)) == nil {
            do { _ = try opened.findReport(first) } catch {
                guard case .noSuchReport(_, _, let suggestions) = error else { throw error }
                throw VaultError.neitherRevisionNorReport(argument: first, suggestions: suggestions)
            }
        }
        let named =
            try names.isEmpty ? nil : names.map { name throws(VaultError) in try opened.findReport(name, at: revision) }
        let result = try opened.tag(
            name, at: revision, reports: named, message: message, tagger: tagger,
            checker: try ReportCheck(schemas: try ReportSchemas.load()),
            signingKey: signingKey, force: force)
        print(tr("cli.tag.done", ["name": "\(name)", "tag": "\(result.tag)", "commit": "\(result.commit)"]))
        for (path, line) in result.reports {
            print("  \(path.storedPath)  \(line.digest)")
            if line.errors + line.warnings > 0 {
                print(
                    tr(
                        "cli.tag.findings",
                        [
                            "errors": .count(line.errors), "warnings": .count(line.warnings),
                            "report": .text(path.description), "name": .text(name),
                        ]))
            }
        }
        for report in result.returned {
            Output.note(tr("cli.tag.forcedReturned", ["report": .text(report.description), "name": .text(name)]))
        }
        let left =
            result.left.isEmpty ? tr("cli.tag.choice.none") : result.left.map(\.description).joined(separator: ", ")
        switch result.left.isEmpty ? .oneUnit : result.choice {
        case .named:
            Output.note(tr("cli.tag.choice.named", ["count": .count(result.reports.count), "left": .text(left)]))
        case .oneUnit: break
        case .changedSinceSubmission:
            Output.note(tr("cli.tag.choice.changed", ["count": .count(result.reports.count), "left": .text(left)]))
        }
        if let signingKey {
            print(
                tr(
                    "cli.tag.signed",
                    ["kind": "\(signingKey.publicKey.kind)", "fingerprint": "\(signingKey.publicKey.fingerprint)"]))
        }
    }
}

struct Tags: VaultSubcommand {
    static let name = "tags"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Tags.abstract"),
        discussion: tr("help.Tags.discussion")
    )

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(tr("help.Tags.maxCount"), valueName: "n"))
    var maxCount: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let limit = max(0, maxCount ?? .max)
        let tags = Array(try opened.tags().prefix(limit))
        let withdrawals = try opened.ledger().filter { $0.withdrawal != nil }.prefix(max(0, limit - tags.count))
        if output.json {
            Output.json(TagListOutput(tags: tags, withdrawn: Array(withdrawals)))
            return
        }
        if tags.isEmpty && withdrawals.isEmpty && limit > 0 { Output.note(tr("cli.tags.none")) }
        for tag in tags {
            let who = tag.tagger.map { "  \($0.isoDate)  \($0.name)" } ?? tr("cli.tags.lightweight")
            print("\(tag.name)  \(tag.target.short)\(who.terminalSafe)  \(tag.message.subject)")
        }
        for entry in withdrawals {
            print(
                tr(
                    "cli.tags.withdrawn",
                    [
                        "tag": "\(entry.tag)", "commit": "\(entry.target.short)", "date": "\(entry.date)",
                        "by": "\(entry.withdrawal!.by.terminalSafe)",
                        "reason": "\(entry.withdrawal!.reason.terminalSafe)",
                    ]))
        }
    }

}
