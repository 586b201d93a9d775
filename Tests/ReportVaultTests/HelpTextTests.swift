import Foundation
import Testing

@testable import ReportVault

/// `vault --help` and `vault COMMAND --help` read well on an 80-column terminal: paragraphs are
/// wrapped by the argument parser only, examples are never broken, defaults are said once, and
/// the commands that print tables take the same flags.
@Suite struct HelpTextTests {
    /// The terminal width the help is rendered for; CJK characters take two of its columns.
    static let width = 80
    /// The longest example line: the parser breaks lines of `width` characters and more.
    static let exampleWidth = 78

    /// `vault ARGS` rendered for an 80-column terminal.
    func vault(_ args: [String]) throws -> ProcessResult {
        #expect(
            FileManager.default.isExecutableFile(atPath: EndToEndTests.vaultBinary),
            "build the binary first: swift build")
        return try run(EndToEndTests.vaultBinary, args, environment: ["COLUMNS": String(Self.width)])
    }

    /// The subcommands `vault --help` lists under SUBCOMMANDS.
    func subcommands() throws -> [String] {
        let root = try vault(["--help"])
        let lines = root.stdout.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        // An entry is "  name   abstract"; its wrapped abstract continues on lines indented further.
        return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.dropFirst(2).split(separator: " ").first.map(String.init)
        }
    }

    @Test func everyHelpTextFitsAndReadsWell() throws {
        let commands = try subcommands()
        try #require(commands.count >= 20, "vault --help lists no SUBCOMMANDS")
        #expect(commands.contains("commit") && commands.contains("verify"))
        for args in [["--help"]] + commands.map({ [$0, "--help"] }) {
            let help = try vault(args)
            let name = "vault " + args.joined(separator: " ")
            #expect(help.status == 0, "\(name): exit \(help.status) \(help.stderr)")
            #expect(help.stdout.hasPrefix("OVERVIEW: "), "\(name)")
            for problem in Self.problems(in: help.stdout) {
                Issue.record("\(name): \(problem)")
            }
        }
    }

    /// In Chinese every help text is Chinese — the parser's headings and built-in options too —
    /// and fits the terminal, where a 汉字 takes two columns.
    @Test func chineseHelpIsChineseAndFits() throws {
        let commands = try subcommands()
        try #require(commands.count >= 20)
        for args in [["--help"]] + commands.map({ [$0, "--help"] }) {
            let help = try run(
                EndToEndTests.vaultBinary, args, environment: ["COLUMNS": String(Self.width), "VAULT_LANG": "zh"])
            let name = "vault " + args.joined(separator: " ")
            #expect(help.status == 0, "\(name): \(help.stderr)")
            #expect(help.stdout.hasPrefix("概述："), "\(name): \(help.stdout.prefix(40))")
            #expect(help.stdout.contains("\n用法："), "\(name)")
            #expect(help.stdout.contains("显示帮助信息。"), "\(name)")
            for word in ["OVERVIEW", "USAGE", "OPTIONS", "Show help", "Examples:", "(default:"] {
                #expect(!help.stdout.contains(word), "\(name) still says \(word)")
            }
            for line in help.stdout.components(separatedBy: "\n") where Self.columns(line) > Self.width {
                Issue.record("\(name): \(Self.columns(line)) columns: \(line)")
            }
            // An option's help continues under its column, never back at the option's indent.
            let lines = help.stdout.components(separatedBy: "\n")
            if let start = lines.firstIndex(of: "选项：") {
                for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty })
                where !line.hasPrefix("  -") && !line.hasPrefix("  <") {
                    #expect(
                        line.hasPrefix(String(repeating: " ", count: 26)),
                        "\(name): a continued option help starts at the wrong column: \(line)")
                }
            }
        }
        // A subcommand's one-line summary is Chinese in the list.
        let root = try run(
            EndToEndTests.vaultBinary, ["--help"],
            environment: ["COLUMNS": "80", "LANG": "zh_CN.UTF-8", "VAULT_LANG": ""])
        #expect(root.stdout.contains("  commit                  把一份或多份报告存为一个新版本。"), "\(root.stdout)")
    }

    /// The same spelling everywhere: -n/--max-count where a count limits a list of revisions or
    /// tags, --json where there is a machine-readable form, --csv where a table of figures is printed.
    @Test func tablesTakeTheSameFlags() throws {
        let options = { (command: String) throws -> String in
            let text = try vault([command, "--help"]).stdout
            return String(text[(text.range(of: "\nOPTIONS:")?.upperBound ?? text.endIndex)...])
        }
        for command in ["log", "history", "tags"] {
            #expect(try options(command).contains("\n  -n, --max-count <n> "), "\(command)")
        }
        for command in [
            "status", "ls", "check", "figures", "log", "show", "diff", "history", "blame", "tags", "verify",
        ] {
            #expect(try options(command).contains("\n  --json "), "\(command)")
        }
        for command in ["figures", "diff", "blame"] {
            #expect(try options(command).contains("\n  --csv "), "\(command)")
        }
    }

    /// -n limits what history and tags print; blame's --csv is the table it prints.
    @Test func countsAndCSVApplyToWhatIsPrinted() throws {
        let e2e = EndToEndTests()
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        for (file, message) in [(EndToEndTests.sample, "first"), (EndToEndTests.draft2, "second")] {
            let commit = try e2e.vault(["-C", dir, "commit", file, "-m", message] + EndToEndTests.author)
            try #require(commit.status == 0, "\(commit.stderr)")
            _ = try e2e.vault(["-C", dir, "tag", "submitted-\(message)", "-m", message] + EndToEndTests.author)
        }
        let figure = "/generalBudget/basic/publicUse"
        let all = try e2e.vault(["-C", dir, "history", EndToEndTests.report, figure])
        try #require(all.status == 0, "\(all.stderr)")
        let rows = all.stdout.split(separator: "\n").dropFirst()
        try #require(rows.count == 2, "\(all.stdout)")
        let one = try e2e.vault(["-C", dir, "history", EndToEndTests.report, figure, "-n", "1"])
        #expect(Array(one.stdout.split(separator: "\n").dropFirst()) == Array(rows.prefix(1)), "\(one.stdout)")
        let json = try e2e.vault(["-C", dir, "history", EndToEndTests.report, figure, "--max-count", "1", "--json"])
        guard case .array(let revisions)? = try JSONParser.parse(json.stdout)[member: "revisions"] else {
            Issue.record("history --json: \(json.stdout)")
            return
        }
        #expect(revisions.count == 1)

        let tags = try e2e.vault(["-C", dir, "tags"])
        #expect(tags.stdout.split(separator: "\n").count == 2, "\(tags.stdout)")
        let firstTag = try e2e.vault(["-C", dir, "tags", "-1"])
        #expect(firstTag.stdout.split(separator: "\n") == Array(tags.stdout.split(separator: "\n").prefix(1)))
        guard
            case .array(let tagList) = try JSONParser.parse(
                try e2e.vault(["-C", dir, "tags", "-n", "1", "--json"]).stdout)
        else {
            Issue.record("tags --json")
            return
        }
        #expect(tagList.count == 1)

        let blame = try e2e.vault(["-C", dir, "blame", EndToEndTests.report])
        let csv = try e2e.vault(["-C", dir, "blame", EndToEndTests.report, "--csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let csvRows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(csvRows.first == "\u{FEFF}path,label,value,unit,commit,author,date")
        #expect(csvRows.count == blame.stdout.split(separator: "\n").count + 1)
        #expect(csvRows.contains { $0.hasPrefix("/generalBudget/basic/personnel,一般公共预算支出 · 基本支出 · 人员经费,1236.95,万元,") })
        #expect(try e2e.vault(["-C", dir, "blame", EndToEndTests.report, "--csv", "--json"]).status == 64)
    }

    /// The checks catch what they are for: help text as it was before it was tidied.
    @Test func theChecksCatchRaggedHelp() {
        let ragged = """
            OVERVIEW: Store one or more reports as a new revision.

            A file that would set figures back to values another author replaced after them
            with --base REV (the revision it was made from) to merge, or --force to keep
            your
            values. A file written by 'vault checkout' knows its base: it is merged without
            --base.

            Examples:
              vault commit a.json b.json -m "county reply applied" --author "王会计
            <wang@example.cn>"
              vault history 2024/绥宁县长铺镇人民政府 /selfEvaluation/indicators/7/score --json

            USAGE: vault tag <name> [<rev>]

            ARGUMENTS:
              <rev>                   Revision to tag (default HEAD). (default: HEAD)

            """
        let found = Self.problems(in: ragged)
        #expect(found.contains { $0.contains("line break inside a paragraph") && $0.contains("\"your\"") }, "\(found)")
        #expect(found.contains { $0.contains("example wrapped") }, "\(found)")
        #expect(found.contains { $0.contains("example longer than") }, "\(found)")
        #expect(found.contains { $0.contains("default said twice") && $0.contains("<rev>") }, "\(found)")
        // The brief's proxy alone (no final punctuation, next line lowercase at column 0) also
        // holds where the parser wrapped a long line; only a break where the next word would
        // have fitted is the source's.
        let wrapped = """
            A report is named YEAR/UNIT or by any part of its unit name that fits one
            report.
            """
        #expect(Self.problems(in: wrapped).isEmpty)
        #expect(Self.columns("王会计 <w@x.cn>") == 15)
        let wide = String(repeating: "报", count: 41)
        #expect(Self.problems(in: wide).contains { $0.contains("82 columns") })
    }

    // MARK: - The checks

    /// Everything wrong with one rendered help text, one line each.
    static func problems(in text: String) -> [String] {
        var problems: [String] = []
        let lines = text.components(separatedBy: "\n")
        // The overview and discussion come before USAGE; ARGUMENTS, OPTIONS and SUBCOMMANDS after it.
        let usage = lines.firstIndex { $0.hasPrefix("USAGE: ") } ?? lines.count
        for (i, line) in lines.enumerated() {
            if columns(line) > width { problems.append("line \(i + 1) is \(columns(line)) columns: \(line)") }
            let next = i + 1 < lines.count ? lines[i + 1] : ""
            if i < usage, isExample(line) {
                if columns(line) > exampleWidth {
                    problems.append("example longer than \(exampleWidth) columns: \(line)")
                }
                if let first = next.first, first != " " {
                    problems.append("example wrapped: \(line) / \(next)")
                }
            }
            if sourceBreak(line, next) {
                problems.append(
                    "line break inside a paragraph after \"\(line.split(separator: " ").last ?? "")\": \(line) / \(next)"
                )
            }
        }
        for entry in optionEntries(lines[usage...]) where entry.components(separatedBy: "(default").count > 2 {
            problems.append("default said twice: \(entry)")
        }
        return problems
    }

    /// An indented command line in the discussion: `  vault …`, `  cat x | vault …`.
    static func isExample(_ line: String) -> Bool {
        line.hasPrefix("  ") && !line.hasPrefix("   ") && line.contains("vault")
    }

    /// Whether the break between `line` and `next` was written in the source: both hold text
    /// that starts at the same wrapping column (0 for the discussion, 26 for an option's help)
    /// and the next line's first word would have fitted on this one, so the parser, which
    /// breaks a line only at the last space before its width, did not break there.
    ///
    /// The simpler proxy — a line without final punctuation followed by a line starting with a
    /// lowercase letter — also holds where the parser wrapped; this test keeps that proxy's cases
    /// (they are among the ones found) without its false alarms.
    static func sourceBreak(_ line: String, _ next: String) -> Bool {
        guard let column = textColumn(of: next),
            column == textColumn(of: line) ?? -1 || (column == 26 && labelWithHelp(line))
        else { return false }
        guard let word = next.dropFirst(column).split(separator: " ").first else { return false }
        // The parser counts characters: a line of text holds at most width - 1 of them.
        return line.count + 1 + word.count + 1 <= width
    }

    /// Where a line's text starts, if it is at a wrapping column (0 or 26).
    static func textColumn(of line: String) -> Int? {
        guard let first = line.firstIndex(where: { $0 != " " }) else { return nil }
        let column = line.distance(from: line.startIndex, to: first)
        return column == 0 || column == 26 ? column : nil
    }

    /// "  --author <author>       Author as …": an option label with its help on the same line.
    static func labelWithHelp(_ line: String) -> Bool {
        let chars = Array(line)
        return chars.count > 26 && line.hasPrefix("  ") && chars[2] != " " && chars[25] == " " && chars[26] != " "
    }

    /// Each argument's or option's help, joined over its lines.
    static func optionEntries(_ lines: ArraySlice<String>) -> [String] {
        var entries: [String] = []
        for line in lines {
            if line.hasPrefix("  "), !line.hasPrefix("   ") {
                entries.append(line.trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("   "), !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries
    }

    /// Terminal columns: East Asian wide and fullwidth characters (汉字, fullwidth
    /// punctuation) take two, every other character one.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return sum + 2
            default:
                return sum + 1
            }
        }
    }
}
