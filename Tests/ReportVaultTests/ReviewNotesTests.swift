import Foundation
import Testing

@testable import ReportVault

/// The reviewer's verdict (issue 31): notes pinned to figures, "returned for correction" and
/// "approved", travelling with the vault between a reviewer's clone, a clerk's clone and the
/// county server, and readable with plain git.
@Suite struct ReviewNotesTests {
    let e2e = EndToEndTests()
    let access = AccessTests()
    let reviewer = ["--author", "李审核 <li@county.cn>"]
    let clerk = ["--author", "王会计 <wang@example.cn>"]
    static let budget = "部门整体支出绩效评价基础数据表 · 经费控制情况 · 三公经费 · 本年预算数"

    func vault(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
        try e2e.vault(args, env: RemoteTransportTests.isolated.merging(env) { $1 })
    }

    func json(_ result: ProcessResult) throws -> JSONValue {
        try JSONParser.parse(Array(result.stdout.utf8))
    }

    /// The whole round: returned with two figure notes, one corrected and one replied to, pulled
    /// by the reviewer, approved, made stale by a later commit; the same entries in plain git.
    @Test func aReportGoesBackAndForthUntilApproved() throws {
        let tmp = try TemporaryFolder()
        let server = try access.countyVault(tmp.path)
        // git daemon pushes are anonymous: the administrator lets them write (the hook's role
        // rules are checked below with authenticated pushes).
        try #require(try vault(["-C", server, "access", "anonymous", "write"] + AccessTests.author).status == 0)
        let daemon = try GitDaemon(base: tmp.path)
        defer { daemon.stop() }
        let (li, wang) = (tmp.path + "/li", tmp.path + "/wang")
        for dir in [li, wang] { try #require(try vault(["clone", daemon.url("county.git"), dir]).status == 0) }
        let report = AccessTests.changpu

        // The reviewer pins two notes and returns the report.
        let first = try vault(["-C", li, "review", "长铺镇", "公用经费", "-m", "与决算数不符，请核对"] + reviewer)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  一般公共预算支出 · 基本支出 · 公用经费 = 338.26\n"), "\(first.stdout)")
        let second = try vault(
            ["-C", li, "review", "长铺镇", "/baseData/rows/0/budget", "-m", "三公经费预算请说明依据"] + reviewer)
        #expect(second.status == 0 && second.stdout.contains("  \(Self.budget) = "), "\(second.stdout)\(second.stderr)")
        let returned = try vault(["-C", li, "review", "长铺镇", "--return", "-m", "请更正后重新提交"] + reviewer)
        #expect(returned.status == 0, "\(returned.stderr)")
        let pushed = try vault(["-C", li, "push"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(
            try e2e.git(["rev-parse", "refs/vault/reviews"], server).stdout
                == e2e.git(["rev-parse", "refs/vault/reviews"], li).stdout)

        // The clerk pulls and sees them in Chinese.
        let pulled = try vault(["-C", wang, "pull"] + clerk)
        #expect(pulled.stdout.contains("reviews: 3 entries from origin/main added\n"), "\(pulled.stdout)")
        let status = try vault(["-C", wang, "status"], env: ["VAULT_LANG": "zh"])
        #expect(status.stdout.contains("审核：1 份报告，2 条意见未处理\n"), "\(status.stdout)")
        #expect(status.stdout.contains("  2024/\(report)：李审核 于 "), "\(status.stdout)")
        #expect(status.stdout.contains(" 退回修改（版本 "), "\(status.stdout)")
        #expect(status.stdout.contains("一般公共预算支出 · 基本支出 · 公用经费  338.26 → 338.26  [未处理]  李审核 "))
        #expect(status.stdout.contains("：与决算数不符，请核对\n"))

        // A returned report is not submitted unchanged by accident.
        let tag = try vault(["-C", wang, "tag", "报送-1", "长铺镇", "-m", "报送"] + clerk)
        #expect(tag.status == 4 && tag.stderr.contains("was returned for correction by 李审核 on "), "\(tag.stderr)")
        #expect(try e2e.git(["tag", "-l", "报送-1"], wang).stdout.isEmpty)

        // The clerk corrects one figure and replies to the other note, and pushes.
        try access.edit(wang, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "338.25")
        let commit = try vault(["-C", wang, "commit", EndToEndTests.storedPath, "-m", "按审核意见更正公用经费"] + clerk)
        #expect(commit.status == 0, "\(commit.stderr)")
        let reply = try vault(
            ["-C", wang, "review", "长铺镇", "/baseData/rows/0/budget", "--reply", "-m", "依据县财预〔2024〕3号"] + clerk)
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(try vault(["-C", wang, "push"]).status == 0)

        // The reviewer pulls: one note answered, one replied; the report corrected since.
        #expect(try vault(["-C", li, "pull"] + reviewer).status == 0)
        let listed = try json(try vault(["-C", li, "reviews", "--json"]))
        guard case .array(let reports)? = listed[member: "reports"], reports.count == 1,
            case .array(let notes)? = reports[0][member: "notes"]
        else {
            Issue.record("reviews --json: \(listed)")
            return
        }
        #expect(reports[0][member: "state"]?.stringValue == "corrected")
        #expect(notes.map { $0[member: "state"]?.stringValue } == ["answered", "replied"])
        #expect(notes[0][member: "value"] == .number(338.26) && notes[0][member: "now"] == .number(338.25))
        #expect(notes[0][member: "pointer"]?.stringValue == "/generalBudget/basic/publicUse")
        guard case .array(let replies)? = notes[1][member: "replies"] else { return }
        #expect(replies.map { $0[member: "text"]?.stringValue } == ["依据县财预〔2024〕3号"])
        #expect(replies.first?[member: "author"]?.stringValue == "王会计")
        let open = try vault(["-C", li, "reviews", "--open"])
        #expect(open.stdout == "no open notes\n", "\(open.stdout)")

        // Approved; the log marks the reviewed revisions.
        #expect(try vault(["-C", li, "review", "长铺镇", "--approve"] + reviewer).status == 0)
        let log = try vault(["-C", li, "log", "--oneline", "长铺镇"])
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix(" [approved: 李审核] 按审核意见更正公用经费") == true, "\(log.stdout)")
        #expect(lines.last?.contains(" [returned for correction: 李审核] [2 notes] ") == true, "\(log.stdout)")
        let approved = try json(try vault(["-C", li, "reviews", "--json"]))
        guard case .array(let now)? = approved[member: "reports"] else {
            Issue.record("reviews --json: \(approved)")
            return
        }
        #expect(now.first?[member: "state"]?.stringValue == "approved")
        #expect(try vault(["-C", li, "push"]).status == 0)

        // A later commit makes the approval stale.
        #expect(try vault(["-C", wang, "pull"] + clerk).status == 0)
        try access.edit(wang, EndToEndTests.storedPath, "publicUse", from: "338.25", to: "338.2")
        #expect(try vault(["-C", wang, "commit", EndToEndTests.storedPath, "-m", "再改"] + clerk).status == 0)
        let stale = try vault(["-C", wang, "reviews"])
        #expect(stale.stdout.hasPrefix("2024/\(report): approved by 李审核 on "), "\(stale.stdout)")
        #expect(stale.stdout.contains("but changed since — the approval no longer covers it\n"), "\(stale.stdout)")

        // Plain git carries the same entries.
        let plain = tmp.path + "/plain"
        #expect(try e2e.git(["clone", "-q", daemon.url("county.git"), plain], tmp.path).status == 0)
        #expect(try e2e.git(["fetch", "-q", "origin", "refs/vault/reviews:refs/vault/reviews"], plain).status == 0)
        let subjects = try e2e.git(["log", "--format=%an|%s", "refs/vault/reviews"], plain).stdout
        #expect(subjects == (try e2e.git(["log", "--format=%an|%s", "refs/vault/reviews"], li).stdout))
        #expect(subjects.split(separator: "\n").count == 5, "\(subjects)")
        #expect(subjects.contains("王会计|review: reply 2024/\(report) · \(Self.budget)"), "\(subjects)")
        let entry = try e2e.git(["cat-file", "-p", "refs/vault/reviews:entry.json"], plain).stdout
        #expect(entry.contains("\"kind\": \"approve\""), "\(entry)")
        for dir in [server, li, wang, plain] { #expect(try e2e.git(["fsck", "--strict"], dir).status == 0) }
    }

    /// The server's hook: verdicts and notes only from reviewers (or administrators), replies
    /// also from the report's clerk, and the chain never rewritten.
    @Test func theServerTakesVerdictsFromReviewersOnly() throws {
        let tmp = try TemporaryFolder()
        let server = try access.countyVault(tmp.path)
        let rules = AccessRuleTests()
        let wang = try access.remote.cloned(server, to: tmp.path + "/wang")
        let li = try access.remote.cloned(server, to: tmp.path + "/li")
        // A clerk's approval, written without the local check (no server user configured).
        #expect(try vault(["-C", wang, "review", "长铺镇", "--approve"] + clerk).status == 0)
        let before = try e2e.snapshot(server)
        let refused = try rules.push(wang, as: "clerk1", ["refs/vault/reviews"])
        #expect(
            refused?.contains(
                "refs/vault/reviews: clerk1 may not record an approval on 2024/\(AccessTests.changpu): only reviewers")
                == true,
            "\(refused ?? "landed")")
        #expect(try e2e.snapshot(server) == before)
        // With the server user set, vault refuses it before writing anything.
        #expect(try vault(["-C", wang, "config", "user", "clerk1"]).status == 0)
        let local = try vault(["-C", wang, "review", "长铺镇", "--return", "-m", "x"] + clerk)
        #expect(local.status == 5 && local.stderr.hasPrefix("error: clerk1 may not record a return for correction"))

        // The reviewer's notes land; the clerk of the unit may reply, the other unit's may not.
        #expect(try vault(["-C", li, "review", "吉岷镇", "-m", "请补充绩效目标"] + reviewer).status == 0)
        #expect(try rules.push(li, as: "reviewer1", ["refs/vault/reviews"]) == nil)
        for (dir, user, lands) in [(tmp.path + "/c2", "clerk2", true), (tmp.path + "/c1", "clerk1", false)] {
            _ = try access.remote.cloned(server, to: dir)
            let r = try vault([
                "-C", dir, "review", "吉岷镇", "--reply", "-m", "已补充", "--author", "\(user) <\(user)@x.cn>",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let result = try rules.push(dir, as: user, ["refs/vault/reviews"])
            #expect((result == nil) == lands, "\(user): \(result ?? "landed")")
        }
        // Rewritten or deleted: refused whoever pushes. (li's chain lacks the server's reply.)
        #expect(try vault(["-C", li, "review", "吉岷镇", "-m", "另一条"] + reviewer).status == 0)
        let rewritten = try rules.push(li, as: "admin", ["+refs/vault/reviews"])
        #expect(rewritten?.contains("the reviews only grow") == true, "\(rewritten ?? "landed")")
        let deleted = try rules.push(li, as: "admin", [":refs/vault/reviews"])
        #expect(deleted?.contains("the reviews are never deleted") == true, "\(deleted ?? "landed")")
    }

    /// A submission of a report returned and unchanged since asks for --force, and its ledger
    /// entry records it; bad review commands say one line and change nothing.
    @Test func aReturnedReportIsSubmittedOnlyOnPurpose() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(try vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + clerk).status == 0)
        let before = try e2e.snapshot(dir)
        for (args, status, says) in [
            (["review", "长铺镇", "-m", " "], 2, "error: a note needs words: say what with -m\n"),
            (
                ["review", "长铺镇", "--reply", "-m", "好"], 3,
                "error: 2024/\(AccessTests.changpu): no note on the report and no return to reply to\n"
            ),
            (["review", "无此镇", "-m", "x"], 3, nil),
            (["review", "长铺镇", "不存在的数字", "-m", "x"], 3, "error: no figure '不存在的数字' in this report"),
            (["review", "长铺镇", "公用经费", "--approve"], 64, nil),
        ] as [([String], Int32, String?)] {
            let r = try vault(["-C", dir] + args + reviewer)
            #expect(r.status == status && r.stderr.hasPrefix("error: "), "\(args): \(r.status) \(r.stderr)")
            if let says { #expect(r.stderr.hasPrefix(says), "\(args): \(r.stderr)") }
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        #expect(try e2e.snapshot(dir) == before)
        #expect(try vault(["-C", dir, "review", "长铺镇", "--return", "-m", "请更正"] + reviewer).status == 0)
        let refused = try vault(["-C", dir, "tag", "s1", "-m", "报送"] + clerk, env: ["VAULT_LANG": "zh"])
        #expect(refused.status == 4 && refused.stderr.contains("已被 李审核 于 "), "\(refused.stderr)")
        let forced = try vault(["-C", dir, "tag", "s1", "-m", "报送", "--force"] + clerk)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("is submitted unchanged (--force); the ledger entry of s1 says so"))
        let entry = try e2e.git(["cat-file", "-p", "refs/vault/ledger:entry.json"], dir).stdout
        #expect(entry.contains("\"returned\": [\n    \"\(EndToEndTests.storedPath)\"\n  ]"), "\(entry)")
        #expect(try vault(["-C", dir, "verify"]).status == 0)
    }

    /// The notes travel into every output a reviewer reads: `figures --json`, `diff --json`
    /// and both workbooks carry each figure's notes (and only a reviewed report gets the column).
    @Test func theOutputsCarryTheNotes() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(try vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + clerk).status == 0)
        let plain = tmp.path + "/plain.xlsx"
        #expect(try vault(["-C", dir, "figures", "长铺镇", "--xlsx", plain]).status == 0)
        #expect(try XLSXReader(path: plain).sheet(0).rows[0].count == 4)
        #expect(try vault(["-C", dir, "review", "长铺镇", "公用经费", "-m", "与决算数不符"] + reviewer).status == 0)
        #expect(try vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "二稿"] + clerk).status == 0)

        let figures = try json(try vault(["-C", dir, "figures", "长铺镇", "--json"]))
        guard case .array(let all) = figures else { return }
        let noted = all.filter { $0[member: "notes"] != nil }
        #expect(noted.map { $0[member: "path"]?.stringValue } == ["/generalBudget/basic/publicUse"])
        if case .array(let notes)? = noted.first?[member: "notes"] {
            #expect(notes.first?[member: "state"]?.stringValue == "answered")
            #expect(notes.first?[member: "text"]?.stringValue == "与决算数不符")
        }
        let diff = try json(try vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--json"]))
        guard case .array(let reports)? = diff[member: "reports"],
            case .array(let notes)? = reports.first?[member: "notes"]
        else {
            Issue.record("diff --json has no notes: \(diff)")
            return
        }
        #expect(notes.map { $0[member: "pointer"]?.stringValue } == ["/generalBudget/basic/publicUse"])

        let book = tmp.path + "/figures.xlsx"
        #expect(try vault(["-C", dir, "figures", "长铺镇", "--xlsx", book], env: ["VAULT_LANG": "zh"]).status == 0)
        let sheet = try XLSXReader(path: book).sheet(0)
        #expect(sheet.rows[0].last == .text("审核意见"))
        let row = sheet.rows.first { $0.count > 3 && $0[3] == .text("/generalBudget/basic/publicUse") }
        #expect(row?.last?.text.hasPrefix("[已修改] 李审核 ") == true, "\(row ?? [])")
        #expect(row?.last?.text.hasSuffix(": 与决算数不符") == true, "\(row ?? [])")
        let diffBook = tmp.path + "/diff.xlsx"
        #expect(try vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--xlsx", diffBook]).status == 0)
        let changes = try XLSXReader(path: diffBook).sheet(0)
        #expect(changes.rows[0].last == .text("Review notes"))
        let changed = changes.rows.first { $0.contains(.text("/generalBudget/basic/publicUse")) }
        #expect(changed?.last?.text.hasPrefix("[answered] 李审核 ") == true, "\(changed ?? [])")
    }

    /// Two reviewers at once: one returns, the other approves the same revision in another
    /// clone. The second push is told to pull; the pull merges the chains as a union; both
    /// verdicts are kept and shown, the later one decides.
    @Test func twoVerdictsOnOneRevisionAreBothKept() throws {
        let tmp = try TemporaryFolder()
        let server = try access.remote.countyVault(tmp.path)
        let a = try access.remote.cloned(server, to: tmp.path + "/a")
        let b = try access.remote.cloned(server, to: tmp.path + "/b")
        #expect(try vault(["-C", a, "review", "长铺镇", "--return", "-m", "请更正"] + reviewer).status == 0)
        #expect(try vault(["-C", a, "push"]).status == 0)
        sleep(1)  // the later verdict is later by its date
        #expect(try vault(["-C", b, "review", "长铺镇", "--approve", "--author", "赵科长 <zhao@county.cn>"]).status == 0)
        let refused = try vault(["-C", b, "push"])
        #expect(refused.status == 4 && refused.stderr.contains("review entries you don't have: run 'vault pull' first"))
        let pulled = try vault(["-C", b, "pull"] + clerk)
        #expect(pulled.stdout.contains("reviews: 1 entry from origin/main added\n"), "\(pulled.stdout)")
        #expect(try e2e.git(["rev-list", "--count", "--merges", "refs/vault/reviews"], b).stdout == "1\n")
        let shown = try vault(["-C", b, "reviews"])
        #expect(shown.stdout.hasPrefix("2024/\(AccessTests.changpu): approved by 赵科长 on "), "\(shown.stdout)")
        #expect(shown.stdout.contains("  also a return for correction by 李审核 on "), "\(shown.stdout)")
        #expect(try vault(["-C", b, "push"]).status == 0)
        #expect(try vault(["-C", a, "pull"] + clerk).status == 0)
        #expect(try vault(["-C", a, "reviews"]).stdout == shown.stdout)
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
    }
}
