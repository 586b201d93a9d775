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
        subcommands: commands.map { command -> ParsableCommand.Type in command }
    )

    /// The commands, in the order help lists them.
    static let commands: [any VaultSubcommand.Type] = [
        Init.self, Status.self, ListReports.self, Import.self, Canonicalize.self, Check.self, Figures.self, Commit.self,
        Checkout.self, Remove.self, Move.self, Revert.self,
        Load.self, Log.self, Show.self, Diff.self, History.self, Blame.self, Tag.self, Tags.self, Review.self,
        Reviews.self, OverviewCommand.self, SQLCommand.self, Export.self, Verify.self,
        FixHistory.self, Migrate.self, SchemaCommand.self, Submission.self,
        Config.self,
        Clone.self, Remote.self,
        Fetch.self,
        Push.self, Pull.self, Conflicts.self, Resolve.self, Access.self, Hooks.self, Serve.self,
    ]

    /// The command `arguments` run, parsed as the parser does from `vault` — or, for a command
    /// without subcommands and arguments that ask for no help, version or completion script,
    /// parsed from the command itself: the same options, values and errors, without building
    /// every command's help and without the parser's check for a completion-script request
    /// (a command declares `vault` its super-command, which says so), a third of a commit's
    /// start-up.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        let asksForHelp: Set<String> = [
            "-h", "--help", "help", "--version", "--generate-completion-script", "--experimental-dump-help",
        ]
        if let first = arguments.first, let command = commands.first(where: { $0.name == first }),
            command.configuration.subcommands.isEmpty,
            command.configuration._superCommandName == "vault", !arguments.contains(where: asksForHelp.contains)
        {
            do {
                return try command.parseAsRoot(Array(arguments.dropFirst()))
            } catch  where exitCode(for: error) == .success {
                // Help asked for some other way (`--help-hidden`, `-qh`): shown as from `vault`.
                return try parseAsRoot(arguments)
            }
        }
        return try parseAsRoot(arguments)
    }
}

/// A command `vault` runs by name.
protocol VaultSubcommand: ParsableCommand {
    /// Its name on the command line (its configuration's `commandName`), known without
    /// building its configuration.
    static var name: String { get }
}

/// A command that opens a vault: it takes -C PATH through its `VaultOptions`.
protocol OpensVault: ParsableCommand {
    var vault: VaultOptions { get }
}

extension Init: OpensVault {}
extension Status: OpensVault {}
extension ListReports: OpensVault {}
extension OverviewCommand: OpensVault {}
extension SQLCommand: OpensVault {}
extension Export: OpensVault {}
extension Check: OpensVault {}
extension Review: OpensVault {}
extension Reviews: OpensVault {}
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
extension FixHistory: OpensVault {}
extension Migrate: OpensVault {}
extension Submission: OpensVault {}
extension Config: OpensVault {}
extension Clone: OpensVault {}
extension Remote: OpensVault {}
extension Fetch: OpensVault {}
extension Push: OpensVault {}
extension Pull: OpensVault {}
extension Conflicts: OpensVault {}
extension Resolve: OpensVault {}
extension AccessShow: OpensVault {}
extension AccessGrant: OpensVault {}
extension AccessRevoke: OpensVault {}
extension AccessCheck: OpensVault {}
extension AccessAnonymous: OpensVault {}
extension HooksInstall: OpensVault {}
extension HooksPreReceive: OpensVault {}
extension HooksReferenceTransaction: OpensVault {}
extension Serve: OpensVault {}

extension VaultCommand {
    /// `vault -C PATH <command> …` as in git: the leading `-C PATH` is moved after the command's
    /// name, where the command's own -C option parses it (and a later -C overrides it). Before a
    /// command that opens no vault (import, canonicalize) or anything else (help, an unknown
    /// command) it is dropped, as it changes nothing there. A command with subcommands
    /// (`hooks install`) takes it after the subcommand's name.
    static func movingLeadingVaultOption(_ arguments: [String]) -> [String] {
        guard arguments.count >= 2, arguments[0] == "-C" else { return arguments }
        var rest = Array(arguments.dropFirst(2))
        guard let first = rest.first, let command = commands.first(where: { $0.name == first }) else { return rest }
        var found: ParsableCommand.Type = command
        var subcommands = command.configuration.subcommands
        var depth = 1
        while depth < rest.count, let command = subcommands.first(where: { $0._commandName == rest[depth] }) {
            found = command
            subcommands = command.configuration.subcommands
            depth += 1
        }
        // `vault -C PATH access --json`: the command's default subcommand takes it.
        if found is any OpensVault.Type || found.configuration.defaultSubcommand is any OpensVault.Type {
            // A relative file that is not here but is in -C's folder is taken from there, as
            // git takes every path from -C's folder (`vault -C v commit reports/2024/X.json`);
            // not a file of git's own (`vault -C server.git diff HEAD~1 HEAD`).
            let folder = arguments[1]
            for i in rest.indices.dropFirst(depth)
            where !rest[i].hasPrefix("-") && !rest[i].hasPrefix("/") && !rest[i].isEmpty {
                let there = folder + "/" + rest[i]
                if !FileInput.exists(rest[i]), FileInput.isFile(there), !FileInput.isInGitDirectory(there) {
                    rest[i] = there
                }
            }
            rest.insert(contentsOf: ["-C", folder], at: depth)
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
        directory ?? ProcessEnvironment.nonEmpty("VAULT_DIR") ?? "."
    }

    /// Opens the chosen vault; without -C or $VAULT_DIR, the current folder's or the nearest
    /// parent folder's, as git finds its repository. fsync stays on unless VAULT_FSYNC=0.
    func open() throws(VaultError) -> Vault {
        let durable = ProcessEnvironment["VAULT_FSYNC"] != "0"
        if directory == nil, ProcessEnvironment.nonEmpty("VAULT_DIR") == nil {
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

    /// The help a `--help` or `help COMMAND` request asked for. English as the parser wraps
    /// it; Chinese unwrapped by the parser (which counts characters, while a 汉字 takes two
    /// columns), with the parser's own words translated, then wrapped here by columns.
    static func render(_ request: Error, width: Int = terminalWidth) -> String {
        guard Language.current == .zh else { return foldingUsage(VaultCommand.fullMessage(for: request), width: width) }
        let text = foldingUsage(VaultCommand.fullMessage(for: request, columns: 100_000), width: width)
        return wrappingByColumns(translatingParserWords(text), width: width)
    }

    /// The headings and built-in option texts of the argument parser, in the user's language.
    static func translatingParserWords(_ text: String) -> String {
        let replacements = [
            ("OVERVIEW: ", tr("cli.help.overview")), ("USAGE: ", tr("cli.help.usage")),
            ("USAGE:", tr("cli.help.usage")), ("ARGUMENTS:", tr("cli.help.arguments")),
            ("OPTIONS:", tr("cli.help.options")), ("SUBCOMMANDS:", tr("cli.help.subcommands")),
        ]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            for (word, translated) in replacements where line.hasPrefix(word) {
                line = translated + line.dropFirst(word.count)
            }
            line = line.replacingOccurrences(of: "Show the version.", with: tr("cli.help.version"))
            line = line.replacingOccurrences(of: "Show help information.", with: tr("cli.help.help"))
            line = line.replacingOccurrences(
                of: "See 'vault help <subcommand>' for detailed help.", with: tr("cli.help.seeHelp"))
            // A command's own subcommands (`vault hooks --help`): "See 'vault help hooks <subcommand>' …".
            if let m = line.firstMatch(of: /See 'vault help ([a-z-]+) <subcommand>' for detailed help\./) {
                line.replaceSubrange(m.range, with: tr("cli.help.seeCommandHelp", ["command": .text(String(m.1))]))
            }
            if let m = line.firstMatch(of: /\(default: ([^)]*)\)/) {
                line.replaceSubrange(m.range, with: tr("cli.help.default", ["value": .text(String(m.1))]))
            }
            return line
        }.joined(separator: "\n")
    }

    /// Lines longer than `width` terminal columns broken at a space or between two 汉字 (never
    /// before closing punctuation), continued under the text they wrap: an option's help at its
    /// column, a paragraph at its indentation.
    static func wrappingByColumns(_ text: String, width: Int) -> String {
        let closing: Set<Character> = ["，", "。", "；", "：", "、", "）", "」", "』", "！", "？", "”", ")", ",", ".", ";", ":"]
        func isWide(_ c: Character) -> Bool { Output.columns(String(c)) == 2 }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard Output.columns(String(line)) > width else { return String(line) }
            let characters = Array(line)
            // An option or subcommand row: "  --rev <rev>    Its help…" — continue at the help's column.
            var indent = characters.prefix { $0 == " " }.count
            if indent == 2 {
                if let m = String(line).firstMatch(of: /^  \S.*?  +(?=\S)/) {
                    indent = String(line)[m.range].count
                } else if characters.count > helpColumn, characters[helpColumn - 1] == " ",
                    characters[helpColumn] != " "
                {
                    indent = helpColumn  // a label that fills its column leaves one space before the help
                }
            }
            var lines: [String] = []
            var current: [Character] = []
            var lastBreak: Int?  // index in `current` where the next line may start
            for c in characters {
                if let last = current.last, !current.allSatisfy({ $0 == " " }) {
                    if last == " " && c != " " {
                        lastBreak = current.count
                    } else if (isWide(last) || isWide(c)) && !closing.contains(c) && c != " " && last != " "
                        && !"（「『“(".contains(last)
                    {
                        lastBreak = current.count
                    }
                }
                current.append(c)
                if Output.columns(String(current)) > width, let at = lastBreak, at > indent {
                    lines.append(
                        String(current[..<at]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
                    current = Array(repeating: " ", count: indent) + current[at...]
                    lastBreak = nil
                }
            }
            lines.append(String(current))
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The column where the parser starts an option's help (after a 2-space indent and a 24-column label).
    static let helpColumn = 26

    /// The width the parser wraps help to: $COLUMNS, else the terminal's, else 80.
    static var terminalWidth: Int {
        if let columns = ProcessEnvironment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
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
