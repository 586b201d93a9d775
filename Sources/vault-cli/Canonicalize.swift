import ArgumentParser
import Foundation
import ReportVault

struct Canonicalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the RFC 8785 canonical form of a JSON file.",
        discussion: """
            Parses strictly (no duplicate names, no lone surrogates, no NaN, valid UTF-8) \
            and prints the RFC 8785 (JCS) bytes: sorted members, no whitespace, no final newline. \
            The SHA-256 of these bytes is a report's digest.

            Examples:
              vault canonicalize report.json
              cat report.json | vault canonicalize | sha256sum
            """
    )

    @Argument(help: ArgumentHelp("JSON file (default: standard input).", valueName: "file"))
    var file: String?

    func run() throws {
        let value = try FileInput.json(file ?? "-")
        Output.bytes(CanonicalJSON.rfc8785(value))
        if isatty(STDOUT_FILENO) == 1 { print() }
    }
}
