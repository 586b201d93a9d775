import ArgumentParser
import Foundation
import ReportVault

/// `vault`: the command line over ReportVault. Commands parse, call the library, print.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: tr("help.VaultCommand.abstract"),
        discussion: tr("help.VaultCommand.discussion"),
        version: "vault 0.1.0 (libgit2 \(Libgit2.version))",
        subcommands: [
            Init.self, Status.self, ListReports.self, Import.self, Canonicalize.self, Check.self, Figures.self, Commit.self, Checkout.self, Remove.self, Move.self, Revert.self,
            Load.self, Log.self, Show.self, Diff.self, History.self, Blame.self, Tag.self, Tags.self, Verify.self,
        ]
    )
}

/// A command that opens a vault: it takes -C PATH through its `VaultOptions`.
protocol OpensVault: ParsableCommand {
    var vault: VaultOptions { get }
}

extension Init: OpensVault {}
extension Status: OpensVault {}
extension ListReports: OpensVault {}
extension Check: OpensVault {}
extension Figures: OpensVault {}
extension Commit: OpensVault {}
extension Checkout: OpensVault {}
extension Remove: OpensVault {}
extension Move: OpensVault {}
extension Revert: OpensVault {}
extension Load: OpensVault {}
extension Log: OpensVault {}
extension Show: OpensVault {}
extension Diff: OpensVault {}
extension History: OpensVault {}
extension Blame: OpensVault {}
extension Tag: OpensVault {}
extension Tags: OpensVault {}
extension Verify: OpensVault {}

extension VaultCommand {
    /// `vault -C PATH <command> …` as in git: the leading `-C PATH` is moved after the command's
    /// name, where the command's own -C option parses it (and a later -C overrides it). Before a
    /// command that opens no vault (import, canonicalize) or anything else (help, an unknown
    /// command) it is dropped, as it changes nothing there.
    static func movingLeadingVaultOption(_ arguments: [String]) -> [String] {
        guard arguments.count >= 2, arguments[0] == "-C" else { return arguments }
        var rest = Array(arguments.dropFirst(2))
        if let name = rest.first, let command = configuration.subcommands.first(where: { $0._commandName == name }), command is any OpensVault.Type {
            rest.insert(contentsOf: ["-C", arguments[1]], at: 1)
        }
        return rest
    }
}

/// Options every command that opens a vault shares.
struct VaultOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp(tr("help.VaultOptions.directory"), valueName: "path"))
    var directory: String?

    /// The vault folder chosen by -C, $VAULT_DIR or the current folder.
    var vaultPath: String {
        directory ?? ProcessInfo.processInfo.environment["VAULT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
    }

    /// Opens the chosen vault; without -C or $VAULT_DIR, the current folder's or the nearest
    /// parent folder's, as git finds its repository. fsync stays on unless VAULT_FSYNC=0.
    func open() throws -> Vault {
        let durable = ProcessInfo.processInfo.environment["VAULT_FSYNC"] != "0"
        if directory == nil, ProcessInfo.processInfo.environment["VAULT_DIR"].map({ $0.isEmpty }) ?? true {
            return try Vault.discover(from: ".", durable: durable)
        }
        return try Vault.open(at: vaultPath, durable: durable)
    }
}

/// Help as the parser renders it, with a USAGE line too long for the terminal folded at the
/// spaces between its items (an option stays with its value), continued under the first item.
enum HelpText {
    static func foldingUsage(_ text: String, width: Int = terminalWidth) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("USAGE: "), line.count >= width else { return String(line) }
            var items: [String] = []
            var depth = 0
            var current = ""
            for c in line.dropFirst(7) {
                if c == "[" || c == "<" { depth += 1 }
                if c == "]" || c == ">" { depth -= 1 }
                if c == " ", depth == 0 {
                    items.append(current)
                    current = ""
                } else {
                    current.append(c)
                }
            }
            items.append(current)
            // "--message <message>" and "<file> ..." are one item.
            var joined: [String] = []
            for item in items where !item.isEmpty {
                if let last = joined.last, item == "..." || (item.hasPrefix("<") && last.hasPrefix("-")) {
                    joined[joined.count - 1] += " " + item
                } else {
                    joined.append(item)
                }
            }
            var lines = ["USAGE:"]
            for item in joined {
                if lines[lines.count - 1].count + 1 + item.count >= width, lines[lines.count - 1].count > 7 {
                    lines.append("      ")
                }
                lines[lines.count - 1] += " " + item
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The width the parser wraps help to: $COLUMNS, else the terminal's, else 80.
    static var terminalWidth: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// `--json` where a command has a machine-readable form.
struct OutputOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(tr("help.OutputOptions.json")))
    var json = false
}
