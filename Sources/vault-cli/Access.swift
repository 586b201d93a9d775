import ArgumentParser
import Foundation
import ReportVault

/// `vault access`: the vault's access list — who may change which unit's reports, tag
/// submissions, or change the list (ReportVault's `AccessList`).
struct Access: VaultSubcommand {
    static let name = "access"
    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: tr("help.Access.abstract"),
        discussion: tr("help.Access.discussion"),
        subcommands: [AccessShow.self, AccessGrant.self, AccessRevoke.self, AccessCheck.self, AccessAnonymous.self],
        defaultSubcommand: AccessShow.self
    )
}

/// The roles a grant or a revocation names.
struct AccessRoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp(tr("help.Access.clerk"), valueName: "unit"))
    var clerk: [String] = []

    @Flag(help: ArgumentHelp(tr("help.Access.reviewer")))
    var reviewer = false

    @Flag(help: ArgumentHelp(tr("help.Access.archivist")))
    var archivist = false

    @Flag(help: ArgumentHelp(tr("help.Access.admin")))
    var admin = false

    @Option(help: ArgumentHelp(tr("help.Access.author"), valueName: "author"))
    var author: String?

    var none: Bool { clerk.isEmpty && !reviewer && !archivist && !admin }

    /// The roles named, for `user`.
    func named(_ user: String) -> AccessList.User {
        AccessList.User(name: user, clerkOf: clerk, reviewer: reviewer, archivist: archivist, admin: admin)
    }
}

struct AccessShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: tr("help.AccessShow.abstract"))

    @OptionGroup var output: OutputOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let found = try opened.accessList()
        if output.json {
            Output.json(AccessOutput(list: found?.list, revision: found?.commit))
            return
        }
        guard let (list, commit) = found else {
            print(tr("cli.access.none"))
            return
        }
        print(tr("cli.access.header", ["commit": .text(commit.short), "count": .count(list.users.count)]))
        let width = list.users.map { DisplayWidth.columns($0.name) }.max() ?? 0
        for user in list.users {
            let name = user.name.terminalSafe
            print(
                "  " + name + String(repeating: " ", count: max(0, width - DisplayWidth.columns(name))) + "  "
                    + user.rolesMessage.localized)
        }
        print(tr(list.anonymousWrites ? "cli.access.anonymousWrite" : "cli.access.anonymousRead"))
    }
}

struct AccessGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: tr("help.AccessGrant.abstract"), discussion: tr("help.AccessGrant.discussion"))

    @Argument(help: ArgumentHelp(tr("help.Access.user"), valueName: "user"))
    var user: String

    @OptionGroup var roles: AccessRoleOptions
    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if roles.none { throw ValidationError(tr("cli.access.needsRole")) }
    }

    func run() throws {
        let opened = try vault.open()
        let signer = try Author.resolve(option: roles.author, environment: ProcessEnvironment.all, vault: opened)
        let list = try opened.grantAccess(roles.named(user), by: signer)
        print(
            tr(
                "cli.access.granted",
                ["user": .text(user), "roles": .message(list.user(user)?.rolesMessage ?? Message("access.role.none"))]))
    }
}

struct AccessRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: tr("help.AccessRevoke.abstract"),
        discussion: tr("help.AccessRevoke.discussion"))

    @Argument(help: ArgumentHelp(tr("help.Access.user"), valueName: "user"))
    var user: String

    @OptionGroup var roles: AccessRoleOptions
    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let signer = try Author.resolve(option: roles.author, environment: ProcessEnvironment.all, vault: opened)
        let list = try opened.revokeAccess(roles.named(user), by: signer)
        if let left = list.user(user) {
            print(tr("cli.access.revoked", ["user": .text(user), "roles": .message(left.rolesMessage)]))
        } else {
            print(tr("cli.access.removed", ["user": .text(user)]))
        }
    }
}

struct AccessCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: tr("help.AccessCheck.abstract"), discussion: tr("help.AccessCheck.discussion"))

    @Argument(help: ArgumentHelp(tr("help.Access.user"), valueName: "user"))
    var user: String

    @Argument(help: ArgumentHelp(tr("help.AccessCheck.report"), valueName: "report"))
    var report: String?

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        // A report of the vault by any part of its name, or one not there yet by its full name.
        let path = try report.map { argument -> ReportPath in
            do { return try opened.findReport(argument) } catch {
                if let exact = try? ReportPath(argument: argument) { return exact }
                throw error
            }
        }
        for line in try opened.accessVerdict(user: user, report: path) { print(line.localized) }
    }
}

struct AccessAnonymous: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymous", abstract: tr("help.AccessAnonymous.abstract"),
        discussion: tr("help.AccessAnonymous.discussion"))

    @Argument(help: ArgumentHelp(tr("help.AccessAnonymous.mode"), valueName: "read|write"))
    var mode: String

    @Option(help: ArgumentHelp(tr("help.Access.author"), valueName: "author"))
    var author: String?

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        if mode != "read" && mode != "write" {
            throw ValidationError(tr("cli.access.anonymousMode", ["mode": .text(mode)]))
        }
    }

    func run() throws {
        let opened = try vault.open()
        let signer = try Author.resolve(option: author, environment: ProcessEnvironment.all, vault: opened)
        let list = try opened.changeAccess(by: signer, message: "access: anonymous \(mode)") { list in
            list.anonymousWrites = mode == "write"
        }
        print(tr(list.anonymousWrites ? "cli.access.anonymousWrite" : "cli.access.anonymousRead"))
    }
}
