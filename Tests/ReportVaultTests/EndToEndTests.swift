import Foundation
import Testing

@testable import ReportVault

/// Drives the built `vault` binary on temporary vaults and cross-checks with the git command line.
@Suite struct EndToEndTests {
    static let vaultBinary: String = {
        if let path = ProcessInfo.processInfo.environment["VAULT_BIN"] { return path }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/vault").path
    }()
    static let sample = Fixtures.packageRoot.appendingPathComponent("samples/changpu-2024.json").path
    static let draft2 = Fixtures.packageRoot.appendingPathComponent("samples/changpu-2024-draft2.json").path
    static let report = "2024/绥宁县长铺镇人民政府"
    static let storedPath = "reports/2024/绥宁县长铺镇人民政府.json"
    static let author = ["--author", "王会计 <wang@example.cn>"]

    func vault(
        _ args: [String], in dir: String? = nil, env: [String: String] = [:], stdin: [UInt8]? = nil
    ) throws -> ProcessResult {
        #expect(FileManager.default.isExecutableFile(atPath: Self.vaultBinary), "build the binary first: swift build")
        return try run(Self.vaultBinary, args, in: dir, environment: env, stdin: stdin)
    }

    func git(_ args: [String], _ dir: String) throws -> ProcessResult {
        try run("/usr/bin/git", ["-C", dir] + args)
    }

    /// Everything that identifies a vault's state: refs and the object list.
    func snapshot(_ dir: String) throws -> String {
        let refs = try git(["for-each-ref", "--format=%(refname) %(objectname)"], dir).stdout
        let objects = try run("/usr/bin/find", [dir + "/.git/objects", dir + "/objects", "-type", "f"]).stdout
            .split(separator: "\n").sorted().joined(separator: "\n")
        return refs + objects
    }

    func newVault(bare: Bool = false) throws -> (TemporaryFolder, String) {
        let tmp = try TemporaryFolder()
        let path = tmp.path + "/vault"
        let result = try vault(["init", path] + (bare ? ["--bare"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        return (tmp, path)
    }

    // MARK: - The clerk's day

    @Test func commitStoresTheCanonicalFormAndGitAgrees() throws {
        let (tmp, dir) = try newVault()
        _ = tmp
        let result = try vault(["-C", dir, "commit", Self.sample, "-m", "first draft"] + Self.author)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try FileInput.report(Self.sample)
        let head = try git(["rev-parse", "HEAD"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.stdout == "commit \(head)\n  \(Self.storedPath)  \(expected.digest)\n")
        // The blob is the stored form, byte for byte.
        let blob = try run("/usr/bin/git", ["-C", dir, "cat-file", "-p", "HEAD:\(Self.storedPath)"])
        #expect(blob.stdoutBytes == expected.storedBytes)
        // And its digest is the SHA-256 of `vault canonicalize`, as sha256sum computes it.
        let canonical = try vault(["canonicalize", Self.sample])
        #expect(Report.digest(ofCanonical: canonical.stdoutBytes) == expected.digest)
        let sha = try run("/usr/bin/sha256sum", [], stdin: canonical.stdoutBytes).stdout.prefix(64)
        #expect("sha256:" + sha == expected.digest)
        #expect(try git(["fsck", "--strict"], dir).status == 0)
        #expect(try git(["log", "--format=%an <%ae>|%s"], dir).stdout == "王会计 <wang@example.cn>|first draft\n")
    }

    @Test func draftsLogShowAndTag() throws {
        let (tmp, dir) = try newVault(bare: true)
        _ = tmp
        #expect(try vault(["-C", dir, "commit", Self.sample, "-m", "draft 1"] + Self.author).status == 0)
        #expect(
            try vault(
                ["commit", Self.draft2, "-m", "draft 2: 公用经费 corrected"],
                env: ["VAULT_DIR": dir, "VAULT_AUTHOR_NAME": "李审核", "VAULT_AUTHOR_EMAIL": "li@example.cn"]
            ).status
                == 0)

        // log agrees with git log, newest first
        let log = try vault(["-C", dir, "log", "--json"])
        #expect(log.status == 0, "\(log.stderr)")
        guard case .array(let entries) = try JSONParser.parse(log.stdout) else {
            Issue.record("log --json is not an array"); return
        }
        let gitLog = try git(["log", "--format=%H|%an|%s"], dir).stdout.split(separator: "\n").map(String.init)
        #expect(entries.count == 2)
        #expect(
            entries.map {
                "\($0[member: "commit"]!.stringValue!)|\($0[member: "author"]![member: "name"]!.stringValue!)|\($0[member: "message"]!.stringValue!.trimmingCharacters(in: .newlines))"
            } == gitLog)
        #expect(entries[0][member: "reports"] == .array([.string(Self.report)]))
        let reportLog = try vault(["-C", dir, "log", Self.storedPath])
        #expect(reportLog.stdout.contains("draft 2: 公用经费 corrected"))
        #expect(reportLog.stdout.contains("Author:  李审核 <li@example.cn>"))
        #expect(try vault(["-C", dir, "log", "2024/其他镇人民政府"]).stdout.isEmpty)

        // show at HEAD~1 is git's blob at HEAD~1
        let old = try vault(["-C", dir, "show", "HEAD~1", Self.report])
        #expect(old.stdoutBytes == (try git(["cat-file", "-p", "HEAD~1:\(Self.storedPath)"], dir)).stdoutBytes)
        #expect(old.stdout.contains("\"publicUse\": 338.26"))
        #expect(try vault(["-C", dir, "show", Self.report]).stdout.contains("\"publicUse\": 338.25"))

        // tag freezes HEAD~1 with the digest in the message
        let tag = try vault(["-C", dir, "tag", "draft-1", "HEAD~1", "-m", "sent for review"] + Self.author)
        #expect(tag.status == 0, "\(tag.stderr)")
        let digest = try FileInput.report(Self.sample).digest
        let catTag = try git(["cat-file", "tag", "draft-1"], dir).stdout
        let firstCommit = try git(["rev-parse", "HEAD~1"], dir).stdout.trimmingCharacters(in: .newlines)
        #expect(catTag.hasPrefix("object \(firstCommit)\ntype commit\ntag draft-1\ntagger 王会计 <wang@example.cn> "))
        #expect(
            catTag.hasSuffix(
                "\n\nsent for review\n\nReports:\n\(Self.storedPath) \(digest) findings: 4 errors, 0 warnings\n"))
        // show by tag name
        #expect(try vault(["-C", dir, "show", "draft-1", Self.report]).stdoutBytes == old.stdoutBytes)

        // re-tagging is refused and the tag does not move
        let before = try snapshot(dir)
        let again = try vault(["-C", dir, "tag", "draft-1", "-m", "moved"] + Self.author)
        #expect(again.status != 0)
        #expect(
            again.stderr == "error: tag 'draft-1' already exists; a submission tag is never moved — choose a new name\n"
        )
        #expect(try snapshot(dir) == before)

        let tags = try vault(["-C", dir, "tags", "--json"])
        guard case .array(let list) = try JSONParser.parse(tags.stdout) else { Issue.record("tags --json"); return }
        #expect(list.count == 1)
        #expect(list[0][member: "commit"] == .string(firstCommit))
        #expect(list[0][member: "annotated"] == .bool(true))
        #expect(try git(["fsck", "--strict"], dir).status == 0)
    }

    @Test func identicalContentIsNotCommittedAgain() throws {
        let (tmp, dir) = try newVault()
        // The same report with other whitespace and member order is the same content.
        let shuffled = try tmp.file(
            "shuffled.json", String(decoding: CanonicalJSON.rfc8785(try FileInput.json(Self.sample)), as: UTF8.self))
        #expect(try vault(["-C", dir, "commit", Self.sample, "-m", "one"] + Self.author).status == 0)
        let again = try vault(["-C", dir, "commit", shuffled, "-m", "two"] + Self.author)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("nothing to commit: \(Self.report) unchanged at "))
        #expect(try git(["rev-list", "--count", "HEAD"], dir).stdout == "1\n")
    }

    @Test func severalFilesMakeOneCommit() throws {
        let (tmp, dir) = try newVault()
        let a = try tmp.file(
            "a.json", #"{"schemaVersion": 1, "fiscalYear": 2023, "unit": {"name": "甲镇人民政府"}, "amountUnit": "万元"}"#)
        let b = try tmp.file(
            "b.json", #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "乙街道办事处"}, "amountUnit": "元"}"#)
        let result = try vault(["-C", dir, "commit", a, b, "-m", "two units"] + Self.author)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try git(["rev-list", "--count", "HEAD"], dir).stdout == "1\n")
        #expect(
            try git(["ls-tree", "-r", "--name-only", "-z", "HEAD"], dir).stdout
                == "reports/2023/甲镇人民政府.json\0reports/2024/乙街道办事处.json\0")
    }

    @Test func authorComesFromGitConfigWhenNotGiven() throws {
        let (tmp, dir) = try newVault()
        _ = tmp
        #expect(try git(["config", "user.name", "赵出纳"], dir).status == 0)
        #expect(try git(["config", "user.email", "zhao@example.cn"], dir).status == 0)
        #expect(try vault(["commit", Self.sample, "-m", "from config"], in: dir).status == 0)
        #expect(try git(["log", "--format=%an <%ae>"], dir).stdout == "赵出纳 <zhao@example.cn>\n")
    }

    @Test func canonicalizeReadsStdin() throws {
        let result = try vault(["canonicalize"], stdin: Array(#"{ "b": [1.0, 1e2], "a": "\u00e9" }"#.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == #"{"a":"é","b":[1,100]}"#)
    }

    // MARK: - Bad input: one line, non-zero exit, vault unchanged

    static let badInputs: [(name: String, content: [UInt8]?, expected: String)] = [
        (
            "malformed", Array(#"{"fiscalYear": 2024, "unit": {"name": "甲镇"},}"#.utf8),
            "bad.json:1:45: expected a member name"
        ),
        (
            "duplicate", Array("{\"fiscalYear\": 2024,\n\"fiscalYear\": 2025, \"unit\": {\"name\": \"甲镇\"}}".utf8),
            "bad.json:2:1: duplicate member name \"fiscalYear\""
        ),
        (
            "BOM and nothing", [0xEF, 0xBB, 0xBF] + Array("{\"unit\": {\"name\": \"甲镇\"}}".utf8),
            "bad.json: /fiscalYear: missing"
        ),
        (
            "text", Array("2024年度某镇人民政府部门整体支出绩效自评报告\n".utf8),
            "bad.json: text, not a report in JSON; import it first: vault import bad.json -o report.json"
        ),
        (
            "docx", [0x50, 0x4B, 0x03, 0x04, 0, 0],
            "bad.json: a Word document, not a report in JSON; import it first: vault import bad.json -o report.json"
        ),
        (
            "invalid UTF-8", Array(#"{"fiscalYear": 2024, "unit": {"name": ""#.utf8) + [0xFF] + Array(#""}}"#.utf8),
            "bad.json:1:40: invalid UTF-8 byte 0xFF"
        ),
        (
            "1e400", Array(#"{"fiscalYear": 1e400}"#.utf8),
            "bad.json:1:16: number 1e400 is outside the range of a double"
        ),
        ("top-level array", Array("[1]".utf8), "bad.json: the top level is an array; a report is a JSON object"),
        ("no year", Array(#"{"unit": {"name": "甲镇"}}"#.utf8), "bad.json: /fiscalYear: missing"),
        (
            "string year", Array(#"{"fiscalYear": "2024", "unit": {"name": "甲镇"}}"#.utf8),
            "bad.json: /fiscalYear: expected an integer year, found the string \"2024\""
        ),
        (
            "year range", Array(#"{"fiscalYear": 1900, "unit": {"name": "甲镇"}}"#.utf8),
            "bad.json: /fiscalYear: fiscalYear 1900 is outside 1990–2100"
        ),
        (
            "dot-dot", Array(#"{"fiscalYear": 2024, "unit": {"name": "../../etc"}}"#.utf8),
            "bad.json: /unit/name: unit.name \"../../etc\" contains a slash or backslash"
        ),
        (
            "backslash", Array(#"{"fiscalYear": 2024, "unit": {"name": "a\\b"}}"#.utf8),
            "bad.json: /unit/name: unit.name \"a\\b\" contains a slash or backslash"
        ),
        (
            "control", Array(#"{"fiscalYear": 2024, "unit": {"name": "a\u0007b"}}"#.utf8),
            "bad.json: /unit/name: unit.name contains the control character U+0007"
        ),
        (
            "empty name", Array(#"{"fiscalYear": 2024, "unit": {"name": ""}}"#.utf8),
            "bad.json: /unit/name: unit.name is empty"
        ),
        (
            "long name",
            Array("{\"fiscalYear\": 2024, \"unit\": {\"name\": \"\(String(repeating: "镇", count: 10_000))\"}}".utf8),
            "bad.json: /unit/name: unit.name is 10000 characters long; at most 100 are allowed"
        ),
        (
            "name type", Array(#"{"fiscalYear": 2024, "unit": {"name": 7}}"#.utf8),
            "bad.json: /unit/name: expected a string, found 7"
        ),
        (
            "deep", Array(String(repeating: "[", count: 100_000).utf8),
            "bad.json:1:513: nesting deeper than 512 arrays/objects"
        ),
        ("NUL", Array("{\"fiscalYear\": 2024}\u{0}".utf8), "bad.json:1:21: unexpected data after the JSON value"),
        (
            "schema",
            Array(
                #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "甲镇"}, "amountUnit": "千元", "x": 1}"#.utf8),
            "bad.json:1: /amountUnit: \"千元\" is not one of \"万元\", \"元\" (enum) (and 1 more schema error; see 'vault check bad.json')"
        ),
    ]

    @Test(arguments: badInputs.indices)
    func badReportIsRefusedAndVaultUnchanged(_ i: Int) throws {
        let (name, content, expected) = Self.badInputs[i]
        let (tmp, dir) = try newVault()
        #expect(try vault(["-C", dir, "commit", Self.sample, "-m", "base"] + Self.author).status == 0)
        let before = try snapshot(dir)
        let file = tmp.path + "/bad.json"
        try Data(content!).write(to: URL(fileURLWithPath: file))
        let result = try vault(["-C", dir, "commit", "bad.json", "-m", "bad"] + Self.author, in: tmp.path)
        #expect(result.status != 0, "\(name)")
        #expect(result.stderr.hasPrefix("error: " + expected), "\(name): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(name): more than one line")
        #expect(result.stdout.isEmpty)
        #expect(try snapshot(dir) == before, "\(name) changed the vault")
    }

    @Test func otherFailuresAreOneLineErrors() throws {
        let (tmp, dir) = try newVault()
        #expect(try vault(["-C", dir, "commit", Self.sample, "-m", "base"] + Self.author).status == 0)
        let before = try snapshot(dir)
        let cases: [([String], String)] = [
            (
                ["-C", dir, "commit", tmp.path + "/missing.json", "-m", "x"] + Self.author,
                "error: \(tmp.path)/missing.json: no such file"
            ),
            (
                ["-C", dir, "commit", tmp.path, "-m", "x"] + Self.author,
                "error: \(tmp.path): is a directory, not a file"
            ),
            (["-C", dir, "show", "nope", Self.report], "error: unknown revision 'nope'"),
            (["-C", dir, "show", "2024/不存在"], "error: no report '2024/不存在' at HEAD; did you mean 2024/绥宁县长铺镇人民政府?"),
            (["-C", dir, "show", "whatever"], "error: no report 'whatever' at HEAD; did you mean 2024/绥宁县长铺镇人民政府?"),
            (["-C", tmp.path, "log"], "error: \(tmp.path): not a vault"),
            (
                ["-C", tmp.path + "/nowhere", "log"],
                "error: \(tmp.path)/nowhere: no such folder — check the folder given with -C"
            ),
            (["-C", dir + "x", "log"], "error: \(dir)x: no such folder — did you mean \(dir)?"),
            (
                ["-C", dir, "tag", "bad name", "-m", "x"] + Self.author,
                "error: tag name 'bad name' is not valid in git"
            ),
            (
                ["-C", dir, "tag", "v1", "nope", "-m", "x"] + Self.author,
                "error: 'nope' is neither a revision nor a report at HEAD; did you mean 2024/绥宁县长铺镇人民政府?"
            ),
            (
                ["-C", dir, "commit", Self.sample, "-m", "x", "--author", "nobody"],
                "error: --author 'nobody': expected \"Name <email>\""
            ),
            (["-C", dir, "commit", Self.draft2, "-m", "x"], "error: no author: pass --author"),
            (["init", dir], "error: \(dir): already a git repository"),
            (["-C", dir, "commit", "-m", "x"], "error: Missing expected argument"),
        ]
        for (args, expected) in cases {
            let result = try vault(
                args, env: ["HOME": tmp.path, "XDG_CONFIG_HOME": tmp.path, "GIT_CONFIG_NOSYSTEM": "1"])
            #expect(result.status != 0, "\(args)")
            #expect(result.stderr.hasPrefix(expected), "\(args): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(args): \(result.stderr)")
        }
        #expect(try snapshot(dir) == before)
    }

    @Test func readOnlyVaultIsRefusedCleanly() throws {
        let (tmp, dir) = try newVault()
        _ = tmp
        #expect(try vault(["-C", dir, "commit", Self.sample, "-m", "base"] + Self.author).status == 0)
        guard getuid() != 0 else {
            // root ignores permissions; make the object store unwritable another way
            try FileManager.default.removeItem(atPath: dir + "/.git/objects")
            try Data().write(to: URL(fileURLWithPath: dir + "/.git/objects"))
            let result = try vault(["-C", dir, "commit", Self.draft2, "-m", "x"] + Self.author)
            #expect(result.status != 0)
            #expect(result.stderr.hasPrefix("error: "))
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
            return
        }
        _ = try run("/bin/chmod", ["-R", "a-w", dir + "/.git"])
        defer { _ = try? run("/bin/chmod", ["-R", "u+w", dir + "/.git"]) }
        let result = try vault(["-C", dir, "commit", Self.draft2, "-m", "x"] + Self.author)
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("error: commit: cannot write to the vault"))
    }

    // MARK: - check, figures, strict commits

    @Test func checkReportsTheSampleSlipsAndExitsNonZero() throws {
        let result = try vault(["check", Self.sample])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(Self.sample): 4 errors, 0 warnings\n"))
        #expect(result.stdout.contains("error   sum.general-budget  支出合计 2023.37 ≠ 人员经费 + 公用经费 + 项目支出 = 2023.38"))
        let json = try vault(["check", Self.sample, "--json"])
        let value = try JSONParser.parse(json.stdout)
        #expect(value[member: "errors"] == .number(4))
        #expect(value[member: "valid"] == .bool(true))
        guard case .array(let findings)? = value[member: "findings"] else { Issue.record("no findings array"); return }
        #expect(findings[0][member: "rule"] == .string("sum.general-budget"))
        #expect(findings[0][member: "expected"] == .string("2023.38"))
        guard case .array(let involved)? = findings[0][member: "figures"] else { Issue.record("no figures"); return }
        #expect(
            involved.first
                == .object([.init("path", .string("/generalBudget/total/actual")), .init("value", .number(2023.37))]))
        // A consistent report exits 0.
        let tmp = try TemporaryFolder()
        let ok = try tmp.file(
            "ok.json",
            #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "甲镇"}, "amountUnit": "万元", "generalBudget": {"basic": {"actual": 3750.42, "personnel": 3442.93, "publicUse": 307.49}}}"#
        )
        let clean = try vault(["check", ok])
        #expect(clean.status == 0)
        #expect(clean.stdout == "\(ok): schema valid, arithmetic consistent\n")
    }

    @Test func commitWarnsOnArithmeticAndStrictRefuses() throws {
        let (tmp, dir) = try newVault()
        _ = tmp
        let before = try snapshot(dir)
        let strict = try vault(["-C", dir, "commit", Self.sample, "-m", "x", "--strict"] + Self.author)
        #expect(strict.status != 0)
        #expect(
            strict.stderr.hasPrefix("error: \(Self.sample):148: --strict: sum.general-budget: "), "\(strict.stderr)")
        #expect(strict.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try snapshot(dir) == before)
        let relaxed = try vault(["-C", dir, "commit", Self.sample, "-m", "x"] + Self.author)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.hasPrefix("warning: \(Self.sample): 4 errors, 0 warnings (committed;"))
        // check and figures read the committed report too
        let inVault = try vault(["-C", dir, "check", Self.report, "--rev", "HEAD"])
        #expect(inVault.stdout.hasPrefix("HEAD:\(Self.storedPath): 4 errors"))
        let csv = try vault(["-C", dir, "figures", Self.report, "--csv"])
        #expect(Array(csv.stdoutBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let figures = FigureList(schema: try ReportSchemas.load().newestSchema()).figures(
            of: try FileInput.json(Self.sample))
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == figures.count + 1)
        #expect(csv.stdout.contains("\r\n/generalBudget/basic/personnel,一般公共预算支出 · 基本支出 · 人员经费,1236.95,万元\r\n"))
        let json = try vault(["figures", Self.sample, "--json"])
        guard case .array(let list) = try JSONParser.parse(json.stdout) else { Issue.record("figures --json"); return }
        #expect(list.count == figures.count)
        #expect(
            list.contains(
                .object([
                    .init("label", .string("一般公共预算支出 · 基本支出 · 人员经费")),
                    .init("path", .string("/generalBudget/basic/personnel")), .init("unit", .string("万元")),
                    .init("value", .number(1236.95)),
                ])))
    }

    @Test func helpTextsHaveExamples() throws {
        for command in [
            "init", "import", "canonicalize", "check", "figures", "commit", "log", "show", "diff", "history", "blame",
            "tag", "tags",
        ] {
            let help = try vault([command, "--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("Examples:"), "\(command) --help has no examples")
        }
    }
}
