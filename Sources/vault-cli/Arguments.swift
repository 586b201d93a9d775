import ArgumentParser
import ReportVault

/// A report as the user named it: YEAR/UNIT, its stored path, or a part of the unit name that
/// fits one report (`Vault.findReport` resolves it against a revision).
struct ReportName: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The user's text.
    var text: String

    init(argument: String) {
        text = argument
    }

    var description: String { text }
    var defaultValueDescription: String { text }
}

/// A revision as the user wrote it: HEAD, HEAD~2, a tag, a commit id or a prefix of one
/// (`Vault.resolve` resolves it); messages show it as written.
struct Revision: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The user's text.
    var text: String

    init(argument: String) {
        text = argument
    }

    /// The branch tip, the default revision.
    static let head = Revision(argument: "HEAD")

    var description: String { text }
    var defaultValueDescription: String { text }
}

extension Vault {
    /// The report `name` fits at `revision`.
    func findReport(_ name: ReportName, at revision: Revision = .head) throws(VaultError) -> ReportPath {
        try findReport(name.text, at: revision.text)
    }
}

/// `--author "Name <email>"`, one option for every command that writes a revision.
struct AuthorOption: ParsableArguments {
    @Option(help: ArgumentHelp(tr("help.common.author"), valueName: "author"))
    var author: String?

    /// Who signs the revision: this option, else VAULT_AUTHOR_NAME/EMAIL, else git's user.name/email.
    func signature(in vault: Vault) throws(VaultError) -> GitSignature {
        try Author.resolve(option: author, environment: ProcessEnvironment.all, vault: vault)
    }
}
