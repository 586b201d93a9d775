import ArgumentParser
import ReportVault

#if canImport(Glibc)
    import Glibc
#endif

// `vault -C PATH <command> …` as in git: a leading -C applies to whichever command follows.
var arguments = VaultCommand.movingLeadingVaultOption(Array(CommandLine.arguments.dropFirst()))

// git habits: `-3` and `-n3` mean `-n 3`.
// (Bytes compared, not a Regex: building one costs a command 0.25 M instructions an argument.)
arguments = arguments.flatMap { argument -> [String] in
    var count = argument.utf8.dropFirst()
    guard argument.utf8.first == UInt8(ascii: "-") else { return [argument] }
    if count.first == UInt8(ascii: "n") { count = count.dropFirst() }
    guard !count.isEmpty, count.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
        return [argument]
    }
    return ["-n", String(Substring(count))]
}

// An unknown command names the closest ones instead of "unexpected argument".
let commandNames = VaultCommand.commands.map { $0.name } + ["help"]
if let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) {
    let closest = commandNames.sorted { Vault.distance($0, first) < Vault.distance($1, first) }.prefix(2)
    Output.error(
        tr(
            "cli.unknownCommand",
            [
                "command": "\(first)",
                "closest": .message(.or(closest.map { Message("literal", ["en": "'\($0)'", "zh": "'\($0)'"]) })),
                "commands": "\(commandNames.dropLast().joined(separator: ", "))",
            ]))
    exit(64)
}

do {
    var command = try VaultCommand.parse(arguments)
    try command.run()
    Output.finish()
} catch let error as ExitCode {
    Output.finish()
    exit(error.rawValue)  // the command already printed what happened
} catch let error as VaultError {
    Output.error(error.message.localized)
    Output.finish()
    exit(error.exitCode)
} catch {
    let code = VaultCommand.exitCode(for: error)
    if code == .success {  // --help, help COMMAND, --version
        let text = HelpText.render(error)
        if !text.isEmpty { print(text) }
        exit(0)
    }
    let message = VaultCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    Output.error(
        message.hasPrefix("Error: ")
            ? tr("cli.parseError", ["text": .text(ParserText.translated(String(message.dropFirst(7))))])
            : ParserText.translated(message))
    exit(code == .validationFailure ? 64 : code.rawValue)
}
