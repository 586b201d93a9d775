import ArgumentParser
import ReportVault
#if canImport(Glibc)
import Glibc
#endif

// `vault -C PATH <command> …` as in git: a leading -C applies to whichever command follows.
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count >= 2, arguments[0] == "-C" {
    setenv("VAULT_DIR", arguments[1], 1)
    arguments.removeFirst(2)
}

// git habits: `-3` and `-n3` mean `-n 3`.
arguments = arguments.flatMap { argument -> [String] in
    if let m = argument.wholeMatch(of: /-n?([0-9]+)/) { return ["-n", String(m.1)] }
    return [argument]
}

// An unknown command names the closest ones instead of "unexpected argument".
let commandNames = VaultCommand.configuration.subcommands.map { $0._commandName } + ["help"]
if let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) {
    let closest = commandNames.sorted { editDistance($0, first) < editDistance($1, first) }.prefix(2)
    Output.error("'\(first)' is not a vault command; did you mean \(closest.map { "'\($0)'" }.joined(separator: " or "))? The commands: \(commandNames.dropLast().joined(separator: ", "))")
    exit(64)
}

do {
    var command = try VaultCommand.parseAsRoot(arguments)
    try command.run()
} catch let error as ExitCode {
    exit(error.rawValue)  // the command already printed what happened
} catch let error as VaultError {
    Output.error(error.description)
    exit(error.exitCode)
} catch {
    let code = VaultCommand.exitCode(for: error)
    if code == .success {
        VaultCommand.exit(withError: error)  // --help, --version
    }
    let message = VaultCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    Output.error(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) + " (see 'vault help')" : message)
    exit(code == .validationFailure ? 64 : code.rawValue)
}

/// Edit distance between two words, for suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
    var row = Array(0...y.count)
    for i in 1...x.count {
        var previous = row[0]
        row[0] = i
        for j in 1...y.count {
            let saved = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
            previous = saved
        }
    }
    return row[y.count]
}
