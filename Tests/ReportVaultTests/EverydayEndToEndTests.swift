import Foundation
import Testing

@testable import ReportVault

/// A clerk's everyday habits, end to end: identities, spreadsheets.
@Suite struct EverydayEndToEndTests {
    let e2e = EndToEndTests()

    /// Half an identity in the environment is refused with a line saying what to set, and the
    /// vault is left as it was; an empty email is allowed, as git allows it.
    /// A Chinese locale (or VAULT_LANG=zh) gets Chinese results, notes, errors and CSV headers;
    /// the JSON outputs stay the same bytes, with their English keys.
    @Test func speaksTheClerksLanguage() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        let zh = ["VAULT_LANG": "zh"]
        let first = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author, env: zh)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("提交 "), "\(first.stdout)")
        #expect(first.stderr.contains("个错误，0 个警告（已提交；草稿可以不一致"), "\(first.stderr)")
        let second = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.draft2, "-m", "二稿"] + EndToEndTests.author,
            env: ["LANG": "zh_CN.UTF-8", "VAULT_LANG": ""])
        #expect(second.stdout.hasPrefix("提交 "), "\(second.stdout)")
        // LC_ALL=C outranks LANG, as the locale rules say.
        let english = try e2e.vault(
            ["-C", dir, "status"], env: ["LANG": "zh_CN.UTF-8", "LC_ALL": "C", "VAULT_LANG": ""])
        #expect(english.stdout.hasPrefix("On branch main at "), "\(english.stdout)")
        let status = try e2e.vault(["-C", dir, "status"], env: zh)
        #expect(status.stdout.hasPrefix("分支 main，位于 "), "\(status.stdout)")
        #expect(
            status.stdout.contains("1 份报告：\n") && status.stdout.contains("未报送") && status.stdout.contains("工作区：干净"),
            "\(status.stdout)")
        // Errors: the library's cases and the parser's own.
        let missing = try e2e.vault(["-C", dir, "commit", "nofile.json", "-m", "x"] + EndToEndTests.author, env: zh)
        #expect(missing.status == 3)
        #expect(missing.stderr == "错误：nofile.json：没有这个文件\n")
        let unknown = try e2e.vault(["-C", dir, "history", "长铺镇", "不存在的数字"], env: zh)
        #expect(unknown.stderr.hasPrefix("错误：此报告中没有数字 '不存在的数字'"), "\(unknown.stderr)")
        let typo = try e2e.vault(["stauts"], env: zh)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("错误：'stauts' 不是 vault 命令；是否要用 'status'"), "\(typo.stderr)")
        let option = try e2e.vault(["-C", dir, "log", "--bogus"], env: zh)
        #expect(option.stderr.hasPrefix("错误：未知选项 '--bogus'"), "\(option.stderr)")
        // CSV headers for the spreadsheet are Chinese; JSON is the same in both languages.
        let csv = try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--csv"], env: zh)
        #expect(csv.stdout.hasPrefix("\u{FEFF}路径,名称,数值,单位\r\n"), "\(csv.stdout.prefix(40))")
        for args in [
            ["log", "--json"], ["status", "--json"], ["check", EndToEndTests.report, "--json"],
            ["diff", "HEAD~1", "--json"],
        ] {
            let a = try e2e.vault(["-C", dir] + args, env: zh)
            let b = try e2e.vault(["-C", dir] + args)
            #expect(a.stdout == b.stdout && !a.stdout.isEmpty, "\(args)")
        }
    }

    /// A finding names the line of the file its figure is written on, in `check` and in the
    /// warnings and refusals of `commit`; for a report in the vault, the line of its stored form.
    @Test func findingsNameTheFileLine() throws {
        let (tmp, dir) = try e2e.newVault()
        let sample = try String(contentsOfFile: EndToEndTests.sample, encoding: .utf8)
        let lineOf = { (needle: String) -> Int in
            (sample.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
        }
        let total = lineOf("\"actual\": 2023.37")
        try #require(total > 1)
        let check = try e2e.vault(["check", EndToEndTests.sample])
        #expect(check.stdout.contains("/generalBudget/total/actual = 2023.37 (line \(total))"), "\(check.stdout)")
        let zh = try e2e.vault(["check", EndToEndTests.sample], env: ["VAULT_LANG": "zh"])
        #expect(zh.stdout.contains("/generalBudget/total/actual = 2023.37（第 \(total) 行）"), "\(zh.stdout)")
        let commit = try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "x"] + EndToEndTests.author)
        #expect(commit.stderr.contains("= 2023.38 (line \(total))"), "\(commit.stderr)")
        // A schema problem is reported at its own line.
        let bad = tmp.path + "/bad.json"
        try sample.replacingOccurrences(of: "\"amountUnit\": \"万元\"", with: "\"amountUnit\": \"千元\"").write(
            toFile: bad, atomically: true, encoding: .utf8)
        let refused = try e2e.vault(["-C", dir, "commit", bad, "-m", "x"] + EndToEndTests.author)
        #expect(
            refused.stderr.hasPrefix("error: \(bad):\(lineOf("\"amountUnit\"")): /amountUnit: "), "\(refused.stderr)")
        // In the vault: the line of the stored form, as 'vault show' prints it.
        let stored = try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout.components(separatedBy: "\n")
        let storedLine = (stored.firstIndex { $0.contains("\"actual\": 2023.37") } ?? -1) + 1
        let inVault = try e2e.vault(["-C", dir, "check", EndToEndTests.report])
        #expect(
            inVault.stdout.contains("/generalBudget/total/actual = 2023.37 (line \(storedLine))"), "\(inVault.stdout)")
    }

    @Test func authorFromTheEnvironmentIsWholeOrRefused() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(try e2e.git(["config", "user.name", "配置里的人"], dir).status == 0)
        _ = try e2e.git(["config", "user.email", "config@example.cn"], dir)
        let before = try e2e.snapshot(dir)
        let half = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"], env: ["VAULT_AUTHOR_NAME": "王会计"])
        #expect(half.status != 0)
        #expect(
            half.stderr
                == "error: VAULT_AUTHOR_NAME is set but VAULT_AUTHOR_EMAIL is not: set it too (empty is allowed: VAULT_AUTHOR_EMAIL=), or pass --author \"Name <email>\"\n"
        )
        #expect(try e2e.snapshot(dir) == before)
        let other = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"], env: ["VAULT_AUTHOR_EMAIL": "wang@example.cn"])
        #expect(other.status != 0 && other.stderr.contains("VAULT_AUTHOR_NAME is not"))
        let empty = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.sample, "-m", "draft"],
            env: ["VAULT_AUTHOR_NAME": "王会计", "VAULT_AUTHOR_EMAIL": ""])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(try e2e.git(["log", "-1", "--format=%an <%ae>"], dir).stdout == "王会计 <>\n")
        let option = try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "draft 2", "--author", "李审核 <>"])
        #expect(option.status == 0, "\(option.stderr)")
        #expect(try e2e.git(["log", "-1", "--format=%an <%ae>"], dir).stdout == "李审核 <>\n")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// A name that Excel would run as a formula is written as text; the diff CSV says that
    /// pct is a percentage and lists the check findings that appeared.
    @Test func csvIsSafeInSpreadsheets() throws {
        let tmp = try TemporaryFolder()
        let doc = try #require(
            replacing(
                "/selfEvaluation/indicators/0/target", in: try FileInput.json(EndToEndTests.sample),
                with: .string("=HYPERLINK(\"http://example.cn\",\"点击\")")))
        let hostile = try tmp.file("hostile.json", String(decoding: CanonicalJSON.stored(doc), as: UTF8.self))
        let changed = try e2e.vault(["diff", EndToEndTests.sample, hostile, "--csv"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(
            changed.stdout.contains(",changed,58人,\"'=HYPERLINK(\"\"http://example.cn\"\",\"\"点击\"\")\",,,\r\n"),
            "\(changed.stdout)")
        #expect(!changed.stdout.contains(",=HYPERLINK"))
        let broken = try #require(
            replacing(
                "/selfEvaluation/indicators/0/score", in: try FileInput.json(EndToEndTests.sample), with: .number(12)))
        let b = try tmp.file("broken.json", String(decoding: CanonicalJSON.stored(broken), as: UTF8.self))
        let diff = try e2e.vault(["diff", EndToEndTests.sample, b, "--csv"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let lines = diff.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "\u{FEFF}report,path,label,kind,old,new,delta,pct (%),unit")
        #expect(
            lines.contains(
                "2024/绥宁县长铺镇人民政府,/selfEvaluation/indicators/0/score,score.over-weight: score 12 is more than the weight 10,finding new,,,,,"
            ), "\(diff.stdout)")
        let back = try e2e.vault(["diff", b, EndToEndTests.sample, "--csv"])
        #expect(
            back.stdout.contains(
                ",/selfEvaluation/indicators/0/score,score.over-weight: score 12 is more than the weight 10,finding fixed,"
            ))
    }

    // MARK: - Work tree and plain git

    /// A non-bare vault keeps index and work tree in step: git status is clean after each
    /// commit, the work-tree file is the stored form, and a plain `git commit` has nothing
    /// to delete.
    @Test func workTreeFollowsTheBranch() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "two"] + EndToEndTests.author).status == 0)
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "")
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + EndToEndTests.storedPath))
        #expect([UInt8](onDisk) == (try FileInput.report(EndToEndTests.draft2)).storedBytes)
        let plain = try e2e.git(["-c", "user.name=某人", "-c", "user.email=a@b", "commit", "-m", "plain git"], dir)
        #expect(plain.status != 0 && plain.stdout.contains("nothing to commit"))
        #expect(try e2e.git(["cat-file", "-e", "HEAD:" + EndToEndTests.storedPath], dir).status == 0)
        for key in ["core.logAllRefUpdates", "core.quotePath"] {
            #expect(try e2e.git(["config", key], dir).stdout == (key == "core.quotePath" ? "false\n" : "always\n"))
        }
        let (bareTmp, bare) = try e2e.newVault(bare: true)
        _ = bareTmp
        #expect(try e2e.git(["config", "core.logAllRefUpdates"], bare).stdout == "always\n")
    }

    /// A work-tree file edited by hand is never overwritten: committing another version of
    /// that report is refused with the file named; committing another report leaves it (git
    /// shows it as an unstaged change); committing the edited file itself works.
    @Test func handEditsAreNeverOverwritten() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author).status == 0)
        let file = dir + "/" + EndToEndTests.storedPath
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"personnel\": 1236.95", with: "\"personnel\": 1236.9")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try e2e.snapshot(dir)
        let refused = try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "two"] + EndToEndTests.author)
        #expect(refused.status != 0)
        #expect(
            refused.stderr
                == "error: \(EndToEndTests.storedPath) in the work tree was edited by hand and differs from what you commit; commit that file itself ('vault commit \(EndToEndTests.storedPath)'), or move it away, then commit again — nothing was changed\n"
        )
        #expect(try e2e.snapshot(dir) == before)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        let other = try e2e.vault(
            [
                "-C", dir, "commit", Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path, "-m",
                "xitang",
            ] + EndToEndTests.author)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == " M \(EndToEndTests.storedPath)\n")
        let own = try e2e.vault(["-C", dir, "commit", file, "-m", "hand edit"] + EndToEndTests.author)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "")
        _ = tmp
    }

    /// What the user staged with git — a note beside the reports, a new draft — survives a
    /// vault commit; a staged edit of a report the commit would change is refused.
    @Test func stagedWorkSurvivesACommit() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author).status == 0)
        try "notes".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/reports/2025", withIntermediateDirectories: true)
        try "{}".write(toFile: dir + "/reports/2025/draft.json", atomically: true, encoding: .utf8)
        #expect(try e2e.git(["add", "notes.txt", "reports/2025/draft.json"], dir).status == 0)
        let xitang = Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path
        #expect(try e2e.vault(["-C", dir, "commit", xitang, "-m", "two"] + EndToEndTests.author).status == 0)
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "A  notes.txt\nA  reports/2025/draft.json\n")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "notes")
        let file = dir + "/" + EndToEndTests.storedPath
        try (try String(contentsOfFile: file, encoding: .utf8)).replacingOccurrences(of: "1236.95", with: "1236.9")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try e2e.git(["add", EndToEndTests.storedPath], dir).status == 0)
        let refused = try e2e.vault(
            ["-C", dir, "commit", EndToEndTests.draft2, "-m", "three", "--force"] + EndToEndTests.author)
        #expect(refused.status != 0 && refused.stderr.contains("was edited by hand"))
        #expect(
            try e2e.git(["status", "--porcelain"], dir).stdout
                == "A  notes.txt\nM  \(EndToEndTests.storedPath)\nA  reports/2025/draft.json\n")
    }

    /// `verify` reports a report deleted by plain git and a branch move that dropped commits,
    /// with the commands that restore them.
    @Test func verifyReportsLostReportsAndDroppedCommits() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "verify"]).stdout.hasSuffix("ok: the vault is intact\n"))
        #expect(try e2e.git(["rm", "-q", EndToEndTests.storedPath], dir).status == 0)
        #expect(
            try e2e.git(["-c", "user.name=某人", "-c", "user.email=a@b", "commit", "-qm", "cleanup"], dir).status == 0)
        let deleted = try e2e.vault(["-C", dir, "verify"])
        #expect(deleted.status != 0)
        #expect(
            deleted.stdout.contains("problem: main: \(EndToEndTests.storedPath) was deleted by commit "),
            "\(deleted.stdout)")
        #expect(deleted.stdout.contains("(某人, ") && deleted.stdout.contains("cleanup); restore it with: vault show "))
        let dropped = try e2e.git(["rev-parse", "HEAD"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try e2e.git(["reset", "-q", "--hard", "HEAD~1"], dir).status == 0)
        let reset = try e2e.vault(["-C", dir, "verify"])
        #expect(reset.status != 0)
        #expect(
            reset.stdout.contains("problem: main: commit \(dropped.prefix(7)) is no longer on the branch"),
            "\(reset.stdout)")
        #expect(reset.stdout.contains("to restore it: git update-ref refs/heads/main \(dropped)"))
        // Once the branch has new commits, moving it back would drop them: the advice changes.
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "two"] + EndToEndTests.author).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "verify"]).stdout.contains(
                "the branch has new commits since, so keep it aside with: git branch recovered-\(dropped.prefix(7)) \(dropped)"
            ))
    }

    /// A Chinese clerk (VAULT_LANG=zh) reads verify's problems, the differences between two
    /// revisions and the work tree's states in Chinese; --json keeps its English words.
    @Test func chineseClerksReadProblemsAndDifferencesInChinese() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        let zh = ["VAULT_LANG": "zh"]
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author).status == 0)
        let diff = try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD"], env: zh)
        #expect(diff.status == 0)
        #expect(diff.stdout.hasSuffix("7 个数字有变动，1 段文字有改动，已修正 1 条检查问题\n"), "\(diff.stdout)")
        #expect(diff.stdout.contains("✓ 已修正  ") && diff.stdout.contains(" 个字符  "), "\(diff.stdout)")
        let csv = try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--csv"], env: zh)
        #expect(
            csv.stdout.hasPrefix("\u{FEFF}报告,位置,名称,类型,原值,新值,差额,变动率 (%),单位\r\n") && csv.stdout.contains(",修改,"),
            "\(csv.stdout)")
        let json = try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--json"], env: zh)
        #expect(json.stdout.contains(#""kind": "changed""#) || json.stdout.contains(#""kind":"changed""#))
        // A report deleted with plain git: verify names it in Chinese, --json in English.
        #expect(try e2e.git(["rm", "-q", EndToEndTests.storedPath], dir).status == 0)
        #expect(
            try e2e.git(["-c", "user.name=某人", "-c", "user.email=a@b", "commit", "-qm", "cleanup"], dir).status == 0)
        let verify = try e2e.vault(["-C", dir, "verify"], env: zh)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("main：\(EndToEndTests.storedPath) 被提交 "), "\(verify.stdout)")
        #expect(verify.stdout.contains("删除（某人，") && verify.stdout.contains("恢复命令：vault show "), "\(verify.stdout)")
        let verifyJSON = try e2e.vault(["-C", dir, "verify", "--json"], env: zh)
        #expect(
            verifyJSON.stdout.contains("main: \(EndToEndTests.storedPath) was deleted by commit "),
            "\(verifyJSON.stdout)")
        // The work tree's states, and the importer's places.
        #expect(try e2e.git(["reset", "-q", "--hard", "HEAD~1"], dir).status == 0)
        try "{}".write(toFile: dir + "/" + EndToEndTests.storedPath, atomically: true, encoding: .utf8)
        #expect(try e2e.vault(["-C", dir, "status"], env: zh).stdout.contains("  已修改: \(EndToEndTests.storedPath)\n"))
        #expect(ImportDocument.Place.cell(table: 1, row: 3, column: 7).message.text(.zh) == "表 1 第 3 行第 7 列")
    }

    // MARK: - Stale files

    /// Clerk B's file was made before A's correction: committing it would put 公用经费 back
    /// from 338.25 to 338.26. It is refused, naming the figure, who changed it and where;
    /// --base merges (printing what was stored and what came from the other side); --force
    /// keeps the file's values.
    @Test func aStaleFileDoesNotUndoAnotherAuthorsFix() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault([
                "-C", dir, "commit", EndToEndTests.sample, "-m", "draft 1", "--author", "王会计 <wang@example.cn>",
            ]).status == 0)
        #expect(
            try e2e.vault([
                "-C", dir, "commit", EndToEndTests.draft2, "-m", "公用经费 corrected", "--author", "李审核 <li@example.cn>",
            ]).status == 0)
        let fix = try e2e.git(["rev-parse", "--short=7", "HEAD"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let first = try e2e.git(["rev-parse", "--short=7", "HEAD~1"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let staleValue = try #require(
            replacing(
                "/generalBudget/basic/personnel", in: try FileInput.json(EndToEndTests.sample), with: .number(1236.5)))
        let stale = try tmp.file("stale.json", String(decoding: CanonicalJSON.stored(staleValue), as: UTF8.self))
        let before = try e2e.snapshot(dir)
        let refused = try e2e.vault(["-C", dir, "commit", stale, "-m", "my edit", "--author", "王会计 <wang@example.cn>"])
        #expect(refused.status == 4)
        #expect(
            refused.stderr.hasPrefix(
                "error: 2024/绥宁县长铺镇人民政府: this file looks made from revision \(first) and would set back 8 figures changed since (by 李审核); nothing was committed\n"
            ),
            "\(refused.stderr)")
        #expect(
            refused.stderr.contains("  一般公共预算支出 · 基本支出 · 公用经费: 338.25 → 338.26 would undo 李审核's change in \(fix) ("))
        #expect(refused.stderr.contains("--base \(first)   (the revision your file was made from)"))
        #expect(refused.stderr.contains("vault commit \(stale) -m \"…\" --force"))
        #expect(try e2e.snapshot(dir) == before)
        // The author of the change undoing it from a stale copy is refused as well.
        let own = try e2e.vault(["-C", dir, "commit", stale, "-m", "back", "--author", "李审核 <li@example.cn>"])
        #expect(own.status == 4 && own.stderr.contains("would set back 8 figures"), "\(own.stderr)")
        #expect(try e2e.snapshot(dir) == before)
        // --base: merged; the output is what was stored, and which figures came from the other side.
        let merged = try e2e.vault([
            "-C", dir, "commit", stale, "-m", "my edit", "--author", "王会计 <wang@example.cn>", "--base", first,
        ])
        #expect(merged.status == 0, "\(merged.stderr)")
        let show = try e2e.vault(["-C", dir, "show", "--json", EndToEndTests.report])
        let digest = try JSONParser.parse(Array(show.stdout.utf8))[member: "digest"]?.stringValue ?? "?"
        #expect(
            merged.stdout.contains(
                "  \(EndToEndTests.storedPath)  \(digest)\n    merged with changes committed since \(first): 8 values from the other side\n"
            ))
        #expect(merged.stdout.contains("      一般公共预算支出 · 基本支出 · 公用经费: 338.26 → 338.25\n"))
        let stored = try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout
        #expect(stored.contains("\"personnel\": 1236.5,") && stored.contains("\"publicUse\": 338.25"))
        // --force keeps the file's values, after listing every figure it sets.
        // (The merged commit wrote the stored report back into stale.json: a new stale copy.)
        let stale2 = try tmp.file("stale2.json", String(decoding: CanonicalJSON.stored(staleValue), as: UTF8.self))
        let forced = try e2e.vault([
            "-C", dir, "commit", stale2, "-m", "mine", "--author", "王会计 <wang@example.cn>", "--force",
        ])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            forced.stderr.contains("note: --force: \(stale2) sets 8 figures of 2024/绥宁县长铺镇人民政府 to its values"),
            "\(forced.stderr)")
        #expect(forced.stderr.contains("  一般公共预算支出 · 基本支出 · 公用经费: 338.25 → 338.26\n"), "\(forced.stderr)")
    }

    /// `vault checkout` records where the file came from: committing it later merges with the
    /// correction someone else made meanwhile, without --base.
    @Test func checkoutRemembersTheBase() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault([
                "-C", dir, "commit", EndToEndTests.sample, "-m", "draft 1", "--author", "王会计 <wang@example.cn>",
            ]).status == 0)
        let file = tmp.path + "/draft.json"
        let out = try e2e.vault(["-C", dir, "checkout", EndToEndTests.report, "-o", file])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("wrote \(file): 2024/绥宁县长铺镇人民政府 as of HEAD ("))
        #expect(
            try e2e.vault(["-C", dir, "checkout", EndToEndTests.report, "-o", file]).stderr
                == "error: \(file): already exists; choose another name with -o, or pass --force to overwrite it\n")
        #expect(
            try e2e.vault([
                "-C", dir, "commit", EndToEndTests.draft2, "-m", "公用经费 corrected", "--author", "李审核 <li@example.cn>",
            ]).status == 0)
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"retired\": 29", with: "\"retired\": 31")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let commit = try e2e.vault(["-C", dir, "commit", file, "-m", "retired", "--author", "王会计 <wang@example.cn>"])
        #expect(commit.status == 4, "\(commit.stdout)")  // retired changed on both sides: 29 → 30 and 29 → 31
        #expect(commit.stderr.contains("/profile/staffing/retired: base 29, theirs 30, ours 31"))
        text = text.replacingOccurrences(of: "\"retired\": 31", with: "\"retired\": 29").replacingOccurrences(
            of: "\"authorized\": 58", with: "\"authorized\": 60")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let merged = try e2e.vault(["-C", dir, "commit", file, "-m", "authorized", "--author", "王会计 <wang@example.cn>"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("note: \(file) now holds the merged report, as stored in "))
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"publicUse\": 338.25"))
        let show = try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout
        #expect(show.contains("\"publicUse\": 338.25") && show.contains("\"authorized\": 60"))
        // The record moves with the commit: setting the figure back is the clerk's next edit,
        // not a stale value.
        text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "\"authorized\": 60", with: "\"authorized\": 58")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let back = try e2e.vault([
            "-C", dir, "commit", file, "-m", "authorized back", "--author", "王会计 <wang@example.cn>",
        ])
        #expect(back.status == 0 && back.stdout.hasPrefix("commit "), "\(back.stdout)\(back.stderr)")
        let after = try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout
        #expect(after.contains("\"authorized\": 58") && after.contains("\"publicUse\": 338.25"))
    }

    // MARK: - Files as clerks have them

    /// Windows Notepad saves JSON with a byte order mark: commit and check accept it; import
    /// does not overwrite an existing file without --force.
    @Test func filesAsClerksHaveThem() throws {
        let (tmp, dir) = try e2e.newVault()
        // Numbers written as text, as in a spreadsheet: the error shows the value and the fix.
        var typed = try #require(
            replacing(
                "/generalBudget/basic/personnel", in: try FileInput.json(EndToEndTests.sample),
                with: .string("1,236.95")))
        typed = try #require(replacing("/generalBudget/basic/publicUse", in: typed, with: .string("338.26万")))
        let textual = try tmp.file("textual.json", String(decoding: CanonicalJSON.stored(typed), as: UTF8.self))
        let refusedNumbers = try e2e.vault(["-C", dir, "commit", textual, "-m", "x"] + EndToEndTests.author)
        #expect(
            refusedNumbers.stderr
                == "error: \(textual):126: /generalBudget/basic/personnel: expected number, found string \"1,236.95\"; write it as the number 1236.95 (no quotes, no thousands separators) (type) (and 1 more schema error; see 'vault check \(textual)')\n"
        )
        #expect(
            try e2e.vault(["check", textual]).stdout.contains(
                "found string \"338.26万\"; write it as the number 338.26 (no quotes, no thousands separators, without 万: the unit is the report's amountUnit or the field's own)"
            ))
        let bom = tmp.url.appendingPathComponent("notepad.json").path
        try Data([0xEF, 0xBB, 0xBF] + (try FileInput.report(EndToEndTests.sample)).storedBytes).write(
            to: URL(fileURLWithPath: bom))
        #expect(try e2e.vault(["check", bom]).stdout.hasPrefix("\(bom): 4 errors, 0 warnings"))
        let commit = try e2e.vault(["-C", dir, "commit", bom, "-m", "from notepad"] + EndToEndTests.author)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(
            try e2e.git(["cat-file", "-p", "HEAD:" + EndToEndTests.storedPath], dir).stdoutBytes
                == (try FileInput.report(EndToEndTests.sample)).storedBytes)
        let existing = try tmp.file("out.json", "keep me")
        let text = Fixtures.root.appendingPathComponent("reports/xitang-2024.txt").path
        let refused = try e2e.vault(["import", text, "-o", existing])
        #expect(refused.status != 0)
        #expect(
            refused.stderr
                == "error: \(existing): already exists; choose another name with -o, or pass --force to overwrite it\n")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        #expect(try e2e.vault(["import", text, "-o", existing, "--force"]).status == 0)
        #expect(try FileInput.report(existing).path.description == "2024/岳阳市岳阳楼区西塘镇人民政府")
    }

    // MARK: - Names as clerks type them

    /// A report is found by any unique part of its unit name, a figure by its caption; an
    /// ambiguous name lists the candidates, an unknown one suggests the closest; a command run
    /// from a subfolder of the vault finds it, and a plain git repository is not taken for one.
    @Test func namesAsClerksTypeThem() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(
                [
                    "-C", dir, "commit", EndToEndTests.sample,
                    Fixtures.packageRoot.appendingPathComponent("samples/pingkou-2023.json").path, "-m", "two",
                ] + EndToEndTests.author
            ).status == 0)
        let sub = dir + "/reports/2024"
        let history = try e2e.vault(["history", "长铺镇", "人员经费"], in: sub)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.hasPrefix("2024/绥宁县长铺镇人民政府  一般公共预算支出 · 基本支出 · 人员经费  (/generalBudget/basic/personnel)\n"))
        #expect(try e2e.vault(["show", "2023"], in: sub).stdout.contains("\"name\": \"安化县平口镇人民政府\""))
        let ambiguous = try e2e.vault(["history", "长铺镇", "得分"], in: sub)
        #expect(
            ambiguous.status != 0
                && ambiguous.stderr.hasPrefix(
                    "error: figure '得分' fits 11 figures: 部门整体支出绩效自评表 · 绩效指标 · 工资发放人数 · 得分 (/selfEvaluation/indicators/0/score);"
                ))
        let two = try e2e.vault(["log", "镇人民政府"], in: sub)
        #expect(
            two.stderr
                == "error: report '镇人民政府' fits 2 reports: 2023/安化县平口镇人民政府, 2024/绥宁县长铺镇人民政府; give the year or more of the name\n"
        )
        let unknown = try e2e.vault(["show", "2024/绥宁县长埔镇人民政府"], in: dir)
        #expect(
            unknown.stderr
                == "error: no report '2024/绥宁县长埔镇人民政府' at HEAD; did you mean 2024/绥宁县长铺镇人民政府, 2023/安化县平口镇人民政府?\n")
        // A git repository with commits but no reports/ is not written to.
        let plain = tmp.path + "/plain"
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        #expect(try run("/usr/bin/git", ["init", "-q", plain]).status == 0)
        _ = try tmp.file("plain/a.txt", "x")
        #expect(try run("/usr/bin/git", ["-C", plain, "add", "a.txt"]).status == 0)
        #expect(
            try run("/usr/bin/git", ["-C", plain, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "x"])
                .status == 0)
        let refused = try e2e.vault(["commit", EndToEndTests.sample, "-m", "x"] + EndToEndTests.author, in: plain)
        #expect(
            refused.stderr.hasSuffix(
                "is a git repository but not a vault (no reports/ on its branch); name the vault with -C PATH\n"),
            "\(refused.stderr)")
        #expect(try run("/usr/bin/git", ["-C", plain, "rev-list", "--count", "HEAD"]).stdout == "1\n")
    }

    // MARK: - git habits, status

    @Test func gitHabitsAndStatus() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "tag", "s1", "-m", "报送"] + EndToEndTests.author).status == 0)
        let second = try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author)
        #expect(second.stderr.contains("note: the submission s1 stays as it was (revision "))
        let first = try e2e.git(["rev-parse", "--short=7", "HEAD~1"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let tip = try e2e.git(["rev-parse", "--short=7", "HEAD"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(try e2e.vault(["-C", dir, "log", "--oneline"]).stdout == "\(tip) 第二稿\n\(first) (submitted: s1) 初稿\n")
        #expect(try e2e.vault(["-C", dir, "log", "-1", "--oneline"]).stdout == "\(tip) 第二稿\n")
        #expect(try e2e.vault(["-C", dir, "log", "-n1", "--oneline"]).stdout == "\(tip) 第二稿\n")
        #expect(try e2e.vault(["-C", dir, "log", "-n", "1"]).stdout.hasPrefix("commit "))
        let range = try e2e.vault(["-C", dir, "diff", "HEAD~1..HEAD", "长铺镇"])
        #expect(
            range.stdout
                == (try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD"])).stdout.replacingOccurrences(
                    of: "HEAD~1 → HEAD", with: "HEAD~1 → HEAD"))
        #expect(range.stdout.hasSuffix("7 figures changed, 1 text section changed, 1 check finding fixed\n"))
        let typo = try e2e.vault(["-C", dir, "stauts"])
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("error: 'stauts' is not a vault command; did you mean 'status'"))
        let status = try e2e.vault(["-C", dir, "status"])
        #expect(status.stdout.hasPrefix("On branch main at \(tip) ("))
        #expect(status.stdout.contains("1 report:\n  2024/绥宁县长铺镇人民政府  \(tip)  "))
        #expect(status.stdout.contains("submitted as s1, changed since\n"))
        #expect(status.stdout.hasSuffix("work tree: clean\n"))
        try "{}".write(toFile: dir + "/" + EndToEndTests.storedPath, atomically: true, encoding: .utf8)
        #expect(
            try e2e.vault(["-C", dir, "status"]).stdout.hasSuffix(
                "not committed (1 file):\n  modified: \(EndToEndTests.storedPath)\n"))
        let ls = try e2e.vault(["-C", dir, "ls", "--rev", "s1", "--json"])
        let rows = try JSONParser.parse(Array(ls.stdout.utf8))
        #expect(
            rows
                == .array([
                    .object([
                        .init("author", .string("王会计")), .init("changedSinceSubmission", .bool(false)),
                        .init(
                            "commit",
                            .string(
                                try e2e.git(["rev-parse", "HEAD~1"], dir).stdout.trimmingCharacters(
                                    in: .whitespacesAndNewlines))),
                        .init("date", rows.arrayFirst?[member: "date"] ?? .null), .init("message", .string("初稿")),
                        .init("report", .string("2024/绥宁县长铺镇人民政府")), .init("submission", .string("s1")),
                    ])
                ]))
        #expect(try e2e.vault(["-C", dir, "ls", "2023"]).stderr == "no reports of 2023\n")
    }

    // MARK: - rm, mv, revert

    @Test func removeRenameRevert() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        let pingkou = Fixtures.packageRoot.appendingPathComponent("samples/pingkou-2023.json").path
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, pingkou, "-m", "one"] + EndToEndTests.author)
                .status == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "two", "--author", "李审核 <li@example.cn>"])
                .status == 0)
        // revert: the figures of "two" go back; the branch gains a commit, history keeps both.
        let revert = try e2e.vault(["-C", dir, "revert", "HEAD"] + EndToEndTests.author)
        #expect(revert.status == 0, "\(revert.stderr)")
        #expect(revert.stdout.hasSuffix("  reverted \(EndToEndTests.storedPath)\n"))
        #expect(try e2e.git(["log", "-1", "--format=%s"], dir).stdout == "Revert \"two\"\n")
        #expect(try e2e.git(["diff", "--quiet", "HEAD~2", "HEAD", "--", EndToEndTests.storedPath], dir).status == 0)
        // a figure changed again since the revision is a conflict, and nothing is written
        let later = try #require(
            replacing(
                "/generalBudget/basic/publicUse", in: try FileInput.json(EndToEndTests.draft2), with: .number(340)))
        let file = try tmp.file("later.json", String(decoding: CanonicalJSON.stored(later), as: UTF8.self))
        #expect(
            try e2e.vault(["-C", dir, "commit", file, "-m", "three", "--force"] + EndToEndTests.author).status == 0)
        let before = try e2e.snapshot(dir)
        let conflict = try e2e.vault(["-C", dir, "revert", "HEAD~2"] + EndToEndTests.author)
        #expect(conflict.status == 4)
        #expect(
            conflict.stderr.contains("/generalBudget/basic/publicUse: at HEAD~2 338.25, before it 338.26, now 340"),
            "\(conflict.stderr)")
        #expect(try e2e.snapshot(dir) == before)
        // mv: a typo in the unit name is fixed; the report's own unit.name follows.
        let mv = try e2e.vault(["-C", dir, "mv", "平口镇", "安化县平口镇政府", "-m", "名称更正"] + EndToEndTests.author)
        #expect(mv.stdout.hasSuffix("  reports/2023/安化县平口镇人民政府.json → reports/2023/安化县平口镇政府.json\n"), "\(mv.stderr)")
        #expect(try e2e.vault(["-C", dir, "show", "2023/安化县平口镇政府"]).stdout.contains("\"name\": \"安化县平口镇政府\""))
        #expect(
            try e2e.vault(["-C", dir, "mv", "平口镇", "2024/绥宁县长铺镇人民政府", "-m", "x"] + EndToEndTests.author).stderr
                == "error: report 2024/绥宁县长铺镇人民政府 already exists; nothing was changed\n")
        // rm: gone from the branch, kept in history, and verify knows it was meant.
        let rm = try e2e.vault(["-C", dir, "rm", "平口镇", "-m", "错交"] + EndToEndTests.author)
        #expect(rm.stdout.hasSuffix("  removed reports/2023/安化县平口镇政府.json\n"))
        #expect(
            try e2e.vault(["-C", dir, "ls"]).stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
        #expect(try e2e.vault(["-C", dir, "show", "HEAD~1", "2023/安化县平口镇政府"]).status == 0)
        #expect(try e2e.vault(["-C", dir, "verify"]).stdout.hasSuffix("ok: the vault is intact\n"))
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        // Reverting the commit that added a report removes it, and verify knows it was meant;
        // a vault with no report left is still found from its folder.
        let xitang = Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path
        #expect(try e2e.vault(["-C", dir, "commit", xitang, "-m", "xitang"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "revert", "HEAD"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "rm", "长铺镇", "-m", "last"] + EndToEndTests.author).status == 0)
        let empty = try e2e.vault(["verify"], in: dir)
        #expect(empty.stdout.hasSuffix("ok: the vault is intact\n"), "\(empty.stdout)\(empty.stderr)")
    }

    // MARK: - Withdrawn submissions

    /// A withdrawn submission is recorded in the ledger and kept under refs/vault/withdrawn/:
    /// verify stays green, tags says who withdrew it and why, the name is not used again; a
    /// deleted tag is reported with the command that restores it.
    @Test func aSubmissionIsWithdrawnNotDeleted() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author).status == 0)
        let tagged = try e2e.vault(["-C", dir, "tag", "s1", "-m", "报送"] + EndToEndTests.author)
        let object = try e2e.git(["rev-parse", "refs/tags/s1"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(tagged.status == 0)
        let withdrawn = try e2e.vault(
            ["-C", dir, "tag", "--withdraw", "s1", "-m", "县局要求更正项目支出"] + EndToEndTests.author)
        #expect(
            withdrawn.stdout
                == "withdrew s1 (tag object \(object.prefix(7)) on commit \(try e2e.git(["rev-parse", "--short=7", "HEAD"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines))), kept as refs/vault/withdrawn/s1\n",
            "\(withdrawn.stderr)")
        #expect(try e2e.git(["rev-parse", "refs/vault/withdrawn/s1"], dir).stdout == object + "\n")
        #expect(try e2e.git(["rev-parse", "--verify", "-q", "refs/tags/s1"], dir).status != 0)
        #expect(try e2e.vault(["-C", dir, "verify"]).stdout.hasSuffix("ok: the vault is intact\n"))
        #expect(
            try e2e.vault(["-C", dir, "tags"]).stdout.contains("withdrawn ")
                && e2e.vault(["-C", dir, "tags"]).stdout.hasSuffix("by 王会计 <wang@example.cn>: 县局要求更正项目支出\n"))
        #expect(
            try e2e.vault(["-C", dir, "tag", "s1", "-m", "again"] + EndToEndTests.author).stderr
                == "error: submission 's1' was withdrawn; a withdrawn name is not used again — choose a new name\n")
        #expect(
            try e2e.vault(["-C", dir, "tag", "--withdraw", "s1", "-m", "again"] + EndToEndTests.author).stderr
                == "error: submission 's1' was already withdrawn\n")
        // A tag deleted with plain git is reported with the command that restores it.
        #expect(try e2e.vault(["-C", dir, "tag", "s2", "-m", "报送"] + EndToEndTests.author).status == 0)
        let s2 = try e2e.git(["rev-parse", "refs/tags/s2"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try e2e.git(["tag", "-d", "s2"], dir).status == 0)
        let verify = try e2e.vault(["-C", dir, "verify"])
        #expect(
            verify.status == 1
                && verify.stdout.contains("but deleted; restore it with: git update-ref refs/tags/s2 \(s2)\n"))
        #expect(try e2e.git(["update-ref", "refs/tags/s2", s2], dir).status == 0)
        #expect(try e2e.vault(["-C", dir, "verify"]).status == 0)
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        guard case .array(let a) = self else { return nil }
        return a.first
    }
}
