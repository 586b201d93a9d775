import ArgumentParser
import Foundation
import ReportVault
import VaultSync

/// `vault hooks install` writes the server's `pre-receive` hook; the hook runs the hidden
/// `vault hooks pre-receive`.
struct Hooks: VaultSubcommand {
    static let name = "hooks"
    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: tr("help.Hooks.abstract"),
        discussion: tr("help.Hooks.discussion"),
        subcommands: [HooksInstall.self, HooksPreReceive.self, HooksReferenceTransaction.self]
    )

    /// Writes a hook's refusals (git relays them as "remote: …") in the pushing clerk's
    /// language where git lets the hook know it, else in both, and exits 1; nothing when empty.
    static func refuse(_ refusals: [Message]) throws {
        guard !refusals.isEmpty else { return }
        let languages = ServerHook.clientLanguage(ProcessInfo.processInfo.environment).map { [$0] } ?? [.en, .zh]
        fflush(nil)
        for refusal in refusals {
            for language in languages {
                Output.standardError(
                    Message("cli.error", ["text": .message(Message("cli.hooks.refused", ["text": .message(refusal)]))])
                        .text(language) + "\n")
            }
        }
        throw ExitCode(1)
    }

    /// The running binary's absolute path, symbolic links resolved: what the hook runs.
    static var vaultBinary: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/")
        {
            return path
        }
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

struct HooksInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: tr("help.HooksInstall.abstract"),
        discussion: tr("help.HooksInstall.discussion")
    )

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let path = try vault.open().installServerHook(vaultBinary: Hooks.vaultBinary)
        print(tr("cli.hooks.installed", ["path": "\(path)", "binary": "\(Hooks.vaultBinary)"]))
    }
}

/// Run by git in the server's repository: reads `<old> <new> <ref>` lines, exits 1 with one
/// line per reason on stderr (git relays them to the pusher as "remote: …").
struct HooksPreReceive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-receive",
        abstract: tr("help.HooksPreReceive.abstract"),
        shouldDisplay: false
    )

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        // git runs the hook in the repository with GIT_DIR set; -C names it when run by hand.
        let refusals = try ServerHook.refusals(
            input: input, at: vault.directory ?? ".", schemas: try ReportSchemas.load(),
            identity: .of(
                hookEnvironment: ProcessInfo.processInfo.environment, pushedLocally: ServerHook.pushedLocally()))
        try Hooks.refuse(refusals)
    }
}

/// Run by git on the server for each reference transaction (`prepared`, `committed`,
/// `aborted`): in a push's prepared transactions, refuses a ledger entry or a submission tag
/// that would land without what it needs (``ServerHook/transactionHookName``).
struct HooksReferenceTransaction: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference-transaction",
        abstract: tr("help.HooksReferenceTransaction.abstract"),
        shouldDisplay: false
    )

    @Argument var state: String

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        guard state == "prepared", ServerHook.runByReceivePack() else { return }
        let refusals = try ServerHook.transactionRefusals(input: input, at: vault.directory ?? ".")
        try Hooks.refuse(refusals)
    }
}
