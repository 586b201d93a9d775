import ArgumentParser
import Foundation
import ReportVault

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a vault.",
        discussion: """
            Creates an empty git repository whose branch is main. \
            A bare vault has no work tree and is what a server hosts; reports are committed the same way.

            Examples:
              vault init county-2024
              vault init --bare /srv/vaults/county.git
            """
    )

    @Argument(help: ArgumentHelp("Folder to create the vault in (default: -C, $VAULT_DIR or the current folder).", valueName: "path"))
    var path: String?

    @Flag(help: "Create a bare vault (no work tree), e.g. for a server.")
    var bare = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let target = path ?? vault.vaultPath
        let created = try Vault.create(at: target, bare: bare)
        print("Initialized empty \(bare ? "bare " : "")vault in \(created.gitDirectory) (branch main)")
    }
}
