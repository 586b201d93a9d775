import ArgumentParser
import Foundation
import ReportVault

struct Canonicalize: VaultSubcommand {
    static let name = "canonicalize"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Canonicalize.abstract"),
        discussion: tr("help.Canonicalize.discussion")
    )

    @Argument(help: ArgumentHelp(tr("help.Canonicalize.file"), valueName: "file"))
    var file: String?

    func run() throws {
        let value = try FileInput.json(file ?? "-")
        Output.bytes(CanonicalJSON.rfc8785(value))
        if isatty(STDOUT_FILENO) == 1 { print() }
    }
}
