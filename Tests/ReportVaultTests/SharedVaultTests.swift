import Foundation
import Testing

@testable import ReportVault

/// Nothing a clerk committed is lost in a shared county vault: the built `vault` driven as
/// several offices would drive it (clones of one bare county vault, plain git beside it, a
/// clerk who commits an old copy), each outcome checked with the git command line.
@Suite struct SharedVaultTests {
    let e2e = EndToEndTests()
    static let personnel = "/generalBudget/basic/personnel"
    static let personnelLabel = "一般公共预算支出 · 基本支出 · 人员经费"
    static let wang = ["--author", "王会计 <wang@example.cn>"]
    static let li = ["--author", "李会计 <li@example.cn>"]

    /// A file holding the report as stored at `revision` of `dir`, with `changes` (text
    /// replacements in its stored form) made to it.
    func copy(
        _ dir: String, at revision: String = "HEAD", _ changes: [(String, String)], to file: String
    ) throws -> String {
        var text = try e2e.vault(["-C", dir, "show", revision, EndToEndTests.report]).stdout
        for (old, new) in changes {
            try #require(text.contains(old), "\(old) not in the report at \(revision)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func value(_ dir: String, _ pointer: String, at revision: String = "HEAD") throws -> JSONValue? {
        JSONPointer.resolve(
            pointer,
            in: try JSONParser.parse(try e2e.vault(["-C", dir, "show", revision, EndToEndTests.report]).stdout))
    }

    func rev(_ dir: String, _ name: String = "HEAD") throws -> String {
        try e2e.git(["rev-parse", name], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - 1. A stale copy never undoes a later correction

    /// 王会计 corrects 人员经费, 李会计 corrects it again; 王会计 then commits an old copy with
    /// only 退休人数 changed. Refused (whoever made the later changes, herself included), naming
    /// the figure, the value it would bring back, who changed it and when, the revision the copy
    /// was made from, and the two ways on; the vault is left as it was.
    @Test func anOldCopyNeverUndoesLaterCorrectionsByAnyone() throws {
        let (tmp, dir) = try e2e.newVault()
        let original = try tmp.file("original.json", try String(contentsOfFile: EndToEndTests.sample, encoding: .utf8))
        #expect(try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        let first = String(try rev(dir).prefix(7))
        let own = try copy(dir, [("\"personnel\": 1236.95", "\"personnel\": 1237.95")], to: tmp.path + "/wang-1.json")
        #expect(try e2e.vault(["-C", dir, "commit", own, "-m", "人员经费更正"] + Self.wang).status == 0)
        let other = try copy(dir, [("\"personnel\": 1237.95", "\"personnel\": 1238.5")], to: tmp.path + "/li.json")
        #expect(try e2e.vault(["-C", dir, "commit", other, "-m", "人员经费再更正"] + Self.li).status == 0)
        let liCommit = String(try rev(dir).prefix(7))
        // Her old copy: made from the first draft, one intended edit.
        var text = try String(contentsOfFile: original, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"retired\": 29", with: "\"retired\": 30")
        try text.write(toFile: original, atomically: true, encoding: .utf8)
        let before = try e2e.snapshot(dir)
        let refused = try e2e.vault(
            ["-C", dir, "commit", original, "-m", "退休人数"] + Self.wang, env: ["VAULT_LANG": "zh"])
        #expect(refused.status == 4)
        #expect(
            refused.stderr.hasPrefix("错误：2024/绥宁县长铺镇人民政府：此文件看来是按版本 \(first) 编辑的，会把其后（李会计）修改的 1 个数字改回旧值；未提交\n"),
            "\(refused.stderr)")
        #expect(
            refused.stderr.contains("  \(Self.personnelLabel)：1238.5 → 1236.95 会撤销 李会计 在 \(liCommit) 中的修改（"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("vault commit \(original) -m \"…\" --base \(first)"), "\(refused.stderr)")
        #expect(try e2e.snapshot(dir) == before)
        #expect(try value(dir, Self.personnel) == .number(1238.5))
        // Her own correction alone is protected too: without 李会计's, the copy still undoes hers.
        #expect(try e2e.git(["reset", "-q", "--hard", "HEAD~1"], dir).status == 0)
        let ownOnly = try e2e.vault(["-C", dir, "commit", original, "-m", "退休人数"] + Self.wang)
        #expect(ownOnly.status == 4)
        #expect(
            ownOnly.stderr.contains("\(Self.personnelLabel): 1237.95 → 1236.95 would undo 王会计's change in "),
            "\(ownOnly.stderr)")
        // The way the refusal names: merged from the base, the later value kept, her edit in.
        let merged = try e2e.vault(["-C", dir, "commit", original, "-m", "退休人数", "--base", first] + Self.wang)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try value(dir, Self.personnel) == .number(1237.95))
        #expect(try value(dir, "/profile/staffing/retired") == .number(30))
        let diff = try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD"])
        #expect(!diff.stdout.contains("人员经费"), "\(diff.stdout)")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// A file committed once is remembered: committing the same file again after others
    /// changed the report merges their changes in (listed) instead of undoing them, and the
    /// file then holds what was stored.
    @Test func theSameFileCommittedAgainKeepsLaterChanges() throws {
        let (tmp, dir) = try e2e.newVault()
        let mine = try tmp.file("mine.json", try String(contentsOfFile: EndToEndTests.sample, encoding: .utf8))
        #expect(try e2e.vault(["-C", dir, "commit", mine, "-m", "初稿"] + Self.wang).status == 0)
        let other = try copy(dir, [("\"personnel\": 1236.95", "\"personnel\": 1238.5")], to: tmp.path + "/li.json")
        #expect(try e2e.vault(["-C", dir, "commit", other, "-m", "更正"] + Self.li).status == 0)
        var text = try String(contentsOfFile: mine, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"retired\": 29", with: "\"retired\": 30")
        try text.write(toFile: mine, atomically: true, encoding: .utf8)
        let again = try e2e.vault(["-C", dir, "commit", mine, "-m", "退休人数"] + Self.wang)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("      \(Self.personnelLabel): 1236.95 → 1238.5\n"), "\(again.stdout)")
        #expect(try value(dir, Self.personnel) == .number(1238.5))
        #expect(try String(contentsOfFile: mine, encoding: .utf8).contains("\"personnel\": 1238.5,"))
    }

    /// After a pull conflict resolved with --theirs, the merge commit holds the county's value:
    /// the clerk's copy from before the pull is refused, naming the commit that made the value.
    @Test func aValueTakenInAMergeIsNotUndoneByACopyFromBeforeIt() throws {
        let (tmp, county) = try e2e.newVault(bare: true)
        #expect(try e2e.vault(["-C", county, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        let a = tmp.path + "/a", b = tmp.path + "/b"
        #expect(try e2e.vault(["clone", county, a]).status == 0)
        #expect(try e2e.vault(["clone", county, b]).status == 0)
        let old = try copy(b, [("\"retired\": 29", "\"retired\": 31")], to: tmp.path + "/b-old.json")
        let aFile = try copy(a, [("\"personnel\": 1236.95", "\"personnel\": 1237.95")], to: tmp.path + "/a.json")
        #expect(try e2e.vault(["-C", a, "commit", aFile, "-m", "甲"] + Self.li).status == 0)
        let aCommit = String(try rev(a).prefix(7))
        #expect(try e2e.vault(["-C", a, "push"]).status == 0)
        let bFile = try copy(b, [("\"personnel\": 1236.95", "\"personnel\": 1240")], to: tmp.path + "/b.json")
        #expect(try e2e.vault(["-C", b, "commit", bFile, "-m", "乙"] + Self.wang).status == 0)
        #expect(try e2e.vault(["-C", b, "pull"] + Self.wang).status == 4)
        #expect(try e2e.vault(["-C", b, "resolve", "长铺镇", "--theirs"]).status == 0)
        #expect(try e2e.vault(["-C", b, "pull", "--continue"]).status == 0)
        #expect(try value(b, Self.personnel) == .number(1237.95))
        // The value the merge kept is credited to the commit that made it (as git blame does).
        let refused = try e2e.vault(["-C", b, "commit", old, "-m", "退休人数"] + Self.wang)
        #expect(refused.status == 4)
        #expect(
            refused.stderr.contains(
                "\(Self.personnelLabel): 1237.95 → 1236.95 would undo 李会计's change in \(aCommit) ("),
            "\(refused.stderr)")
        #expect(try value(b, Self.personnel) == .number(1237.95))
    }

    // MARK: - 2. The right base, and --force says what it overwrites

    /// An old copy made from the second of five revisions with one intended edit: the refusal
    /// names that revision (not a later one), merging from it changes only the intended
    /// figure, and --force lists every figure it sets before it does.
    @Test func theSuggestedBaseIsTheRevisionTheCopyWasMadeFrom() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "1"] + Self.wang).status == 0)
        let edits: [(String, String)] = [
            ("\"personnel\": 1236.95", "\"personnel\": 1237"), ("\"publicUse\": 338.26", "\"publicUse\": 338.3"),
            ("\"retired\": 29", "\"retired\": 28"), ("\"personnel\": 1237,", "\"personnel\": 1237.5,"),
        ]
        var revisions: [String] = [String(try rev(dir).prefix(7))]
        for (i, edit) in edits.enumerated() {
            let file = try copy(dir, [edit], to: tmp.path + "/step\(i).json")
            #expect(
                try e2e.vault(["-C", dir, "commit", file, "-m", "\(i + 2)"] + (i % 2 == 0 ? Self.li : Self.wang)).status
                    == 0)
            revisions.append(String(try rev(dir).prefix(7)))
        }
        // Made from revision 2 (人员经费 1237), one intended edit: 在职人数 58 → 57.
        let old = try copy(dir, at: revisions[1], [("\"actual\": 58,", "\"actual\": 57,")], to: tmp.path + "/old.json")
        let refused = try e2e.vault(["-C", dir, "commit", old, "-m", "x"] + Self.wang)
        #expect(refused.status == 4)
        #expect(
            refused.stderr.hasPrefix(
                "error: 2024/绥宁县长铺镇人民政府: this file looks made from revision \(revisions[1]) and would set back 3 figures changed since (by 李会计, 王会计)"
            ),
            "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "  \(Self.personnelLabel): 1237.5 → 1237 would undo 王会计's change in \(revisions[4]) ("),
            "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "  一般公共预算支出 · 基本支出 · 公用经费: 338.3 → 338.26 would undo 王会计's change in \(revisions[2]) ("),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("--base \(revisions[1])"), "\(refused.stderr)")
        // --force lists all it overwrites first: four figures differ from the tip.
        let before = try e2e.snapshot(dir)
        let forced = try e2e.vault(["-C", dir, "commit", old, "-m", "x", "--force"] + Self.wang)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            forced.stderr.contains(
                "note: --force: \(old) sets 4 figures of 2024/绥宁县长铺镇人民政府 to its values (the branch tip \(revisions[4]) holds the first value):\n"
            ),
            "\(forced.stderr)")
        #expect(forced.stderr.contains("  \(Self.personnelLabel): 1237.5 → 1237\n"), "\(forced.stderr)")
        #expect(try e2e.snapshot(dir) != before)
        // Undone with git; merged from the suggested base: only the intended figure changes.
        #expect(try e2e.git(["reset", "-q", "--hard", "HEAD~1"], dir).status == 0)
        let again = try copy(
            dir, at: revisions[1], [("\"actual\": 58,", "\"actual\": 57,")], to: tmp.path + "/again.json")
        let merged = try e2e.vault(["-C", dir, "commit", again, "-m", "在职", "--base", revisions[1]] + Self.wang)
        #expect(merged.status == 0, "\(merged.stderr)")
        let diff = try JSONParser.parse(
            Array(try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--json"]).stdout.utf8))
        guard case .array(let reports)? = diff[member: "reports"],
            case .array(let changes)? = reports.first?[member: "changes"]
        else {
            Issue.record("no changes in the diff")
            return
        }
        #expect(changes.compactMap { $0[member: "path"]?.stringValue } == ["/baseData/staffing/actual"])
        #expect(try value(dir, Self.personnel) == .number(1237.5))
    }

    // MARK: - 3. The server never drops revisions

    /// Over git daemon and smart HTTP: a clerk who resets and force-pushes with plain git, or
    /// deletes the branch, is refused by the server (git's receive.denyNonFastForwards, which
    /// `vault init --bare` sets, and the vault's hook, which holds when the setting is changed);
    /// when a server was rewritten anyway, the next `vault pull` says so and `vault push` puts
    /// the revisions back.
    @Test(arguments: ["git", "http"])
    func aForcePushCannotDropAnotherClerksRevisions(_ transport: String) throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let server = try remote.countyVault(tmp.path)
        #expect(try e2e.git(["config", "receive.denyNonFastForwards"], server).stdout == "true\n")
        let host = transport == "git" ? try remote.gitDaemon(tmp.path) : try remote.httpServer(tmp.path)
        let url = "\(transport)://127.0.0.1:\(host.port)/county.git"
        let a = tmp.path + "/a", b = tmp.path + "/b"
        for clerk in [a, b] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let fileA = try copy(a, [("\"personnel\": 1236.95", "\"personnel\": 1237.95")], to: tmp.path + "/a.json")
        #expect(try remote.vault(["-C", a, "commit", fileA, "-m", "人员经费更正"] + Self.wang).status == 0)
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        #expect(try remote.vault(["-C", b, "pull"] + Self.li).status == 0)
        let kept = try rev(server, "main")
        // Plain git, as a clerk would type it.
        let git = RemoteTransportTests.isolated
        #expect(try run("/usr/bin/git", ["-C", b, "reset", "-q", "--hard", "HEAD~1"], environment: git).status == 0)
        let forced = try run("/usr/bin/git", ["-C", b, "push", "--force", "origin", "main"], environment: git)
        #expect(forced.status != 0)
        #expect(
            forced.stderr.contains("non-fast-forward") || forced.stderr.contains("would drop 1 revision"),
            "\(forced.stderr)")
        #expect(try rev(server, "main") == kept)
        // With git's setting turned off on the server, the hook still refuses, saying why.
        #expect(try e2e.git(["config", "receive.denyNonFastForwards", "false"], server).status == 0)
        let again = try run("/usr/bin/git", ["-C", b, "push", "--force", "origin", "main"], environment: git)
        #expect(again.status != 0)
        #expect(
            again.stderr.contains("refs/heads/main: the push would drop 1 revision the server has"), "\(again.stderr)")
        #expect(try rev(server, "main") == kept)
        let delete = try run("/usr/bin/git", ["-C", b, "push", "origin", ":main"], environment: git)
        #expect(delete.status != 0)
        #expect(
            delete.stderr.contains("refs/heads/main: a branch of the county vault is never deleted"), "\(delete.stderr)"
        )
        #expect(try rev(server, "main") == kept)
        // The server rewritten behind the hook's back (by its administrator): pulls say so.
        #expect(try e2e.git(["update-ref", "refs/heads/main", "\(kept)~1"], server).status == 0)
        let pull = try remote.vault(["-C", a, "pull"] + Self.wang, env: ["VAULT_LANG": "zh"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("警告：origin/main 倒退了：服务器上原有的 1 个版本（直到 \(kept.prefix(7))）已不在服务器上"), "\(pull.stderr)")
        #expect(try rev(a, "main") == kept)
        let restore = try remote.vault(["-C", a, "push"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try rev(server, "main") == kept)
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
    }

    // MARK: - 4. Deleted reports are said, and their history stays

    /// A clerk deletes another township's report with plain git and pushes it: the next pull
    /// names the deleted report, who deleted it and in which commit.
    @Test func aDeletedReportIsNamedByThePull() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (server, host, url) = try remote.servedCounty(tmp.path, over: "git")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = tmp.path + "/a", b = tmp.path + "/b"
        for clerk in [a, b] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let jimin = Fixtures.packageRoot.appendingPathComponent("samples/jimin-2024.json").path
        #expect(try remote.vault(["-C", a, "commit", jimin, "-m", "吉岷镇"] + Self.wang).status == 0)
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        #expect(try remote.vault(["-C", b, "pull"] + Self.li).status == 0)
        let path = "reports/2024/合水县吉岷镇人民政府.json"
        let git = RemoteTransportTests.isolated.merging([
            "GIT_AUTHOR_NAME": "李会计", "GIT_AUTHOR_EMAIL": "li@example.cn", "GIT_COMMITTER_NAME": "李会计",
            "GIT_COMMITTER_EMAIL": "li@example.cn",
        ]) { $1 }
        #expect(try run("/usr/bin/git", ["-C", b, "rm", "-q", path], environment: git).status == 0)
        #expect(try run("/usr/bin/git", ["-C", b, "commit", "-q", "-m", "删掉吉岷镇"], environment: git).status == 0)
        let deletion = String(try rev(b).prefix(7))
        #expect(try run("/usr/bin/git", ["-C", b, "push", "-q", "origin", "main"], environment: git).status == 0)
        #expect(try rev(server, "main").hasPrefix(deletion))
        let pull = try remote.vault(["-C", a, "pull"] + Self.wang)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("  \(path)  deleted by 李会计 in \(deletion) ("), "\(pull.stdout)")
        #expect(pull.stdout.contains("\"删掉吉岷镇\"); its history stays: vault log 2024/合水县吉岷镇人民政府\n"), "\(pull.stdout)")
        #expect(!FileManager.default.fileExists(atPath: a + "/" + path))
        // Its history stays in reach by name: log, history, and show says where it went.
        let log = try remote.vault(["-C", a, "log", "吉岷镇", "--oneline"])
        #expect(log.status == 0 && log.stdout.hasPrefix("\(deletion) 删掉吉岷镇\n"), "\(log.stdout)\(log.stderr)")
        let history = try remote.vault(["-C", a, "history", "吉岷镇", "/profile/staffing/authorized"])
        #expect(
            history.status == 0 && history.stdout.contains("\(deletion)  ") && history.stdout.contains("王会计  58"),
            "\(history.stdout)\(history.stderr)")
        let show = try remote.vault(["-C", a, "show", "吉岷镇"])
        #expect(
            show.stderr.hasPrefix(
                "error: report 2024/合水县吉岷镇人民政府 was deleted in \(deletion) by 李会计; its last version: vault show "),
            "\(show.stderr)")
    }

    // MARK: - 5. A push to a folder is checked as the server's hook checks it

    /// `vault clone ../county.git` then `vault push`: libgit2's local transport runs no hook,
    /// so vault runs the hook's checks itself (and, before them, its own check of the commits
    /// it sends). A report committed with plain git in a hand-edited form is refused; the
    /// server does not move.
    @Test func aPushToAFolderIsCheckedAsTheHookChecksIt() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let server = try remote.countyVault(tmp.path)
        let clerk = tmp.path + "/clerk"
        try #require(try remote.vault(["clone", server, clerk]).status == 0)
        let file = clerk + "/" + EndToEndTests.storedPath
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "\"personnel\": 1236.95", with: "\"personnel\":1236.950")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let git = RemoteTransportTests.isolated.merging([
            "GIT_AUTHOR_NAME": "王会计", "GIT_AUTHOR_EMAIL": "w@x.cn", "GIT_COMMITTER_NAME": "王会计",
            "GIT_COMMITTER_EMAIL": "w@x.cn",
        ]) {
            $1
        }
        #expect(try run("/usr/bin/git", ["-C", clerk, "commit", "-q", "-am", "手改"], environment: git).status == 0)
        let before = try remote.refs(server)
        let push = try remote.vault(["-C", clerk, "push"])
        remote.expectOneErrorLine(
            push,
            contains: [
                "reports/2024/绥宁县长铺镇人民政府.json: not in the stored canonical form", "vault fix-history, then vault push",
            ])
        #expect(try remote.refs(server) == before)
        // A correct commit goes through the same check.
        #expect(
            try run("/usr/bin/git", ["-C", clerk, "reset", "-q", "--hard", "HEAD~1"], environment: git).status == 0)
        #expect(try remote.vault(["-C", clerk, "commit", EndToEndTests.draft2, "-m", "第二稿"] + Self.wang).status == 0)
        let ok = try remote.vault(["-C", clerk, "push"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try rev(server, "main") == (try rev(clerk)))
    }

    // MARK: - 10. The work-tree file committed itself

    /// Notepad saves the work-tree report with CRLF and the clerk types 340.20: committing that
    /// file is accepted, stores the canonical form, and rewrites the file in it (git status clean).
    @Test func aWorkTreeFileSavedByNotepadIsCommittedAndRewritten() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        let file = dir + "/" + EndToEndTests.storedPath
        let notepad = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "\"publicUse\": 338.26", with: "\"publicUse\": 340.20"
        )
        .replacingOccurrences(of: "\n", with: "\r\n")
        try notepad.write(toFile: file, atomically: true, encoding: .utf8)
        let commit = try e2e.vault(["-C", dir, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + Self.wang, in: dir)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(try value(dir, "/generalBudget/basic/publicUse") == .number(340.2))
        let stored = try e2e.git(["cat-file", "blob", "HEAD:" + EndToEndTests.storedPath], dir).stdout
        #expect(try String(contentsOfFile: file, encoding: .utf8) == stored)
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    // MARK: - 11. Every state names the way out

    /// A plain `git pull --no-rebase` leaves conflict markers: `vault status` says a git merge
    /// is in progress and how to undo it, committing the file names the markers and the same
    /// way out, and after `git merge --abort` a `vault pull` merges figure by figure.
    @Test func aPlainGitPullConflictNamesTheWayOut() throws {
        let (tmp, county) = try e2e.newVault(bare: true)
        #expect(try e2e.vault(["-C", county, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        let a = tmp.path + "/a", b = tmp.path + "/b"
        #expect(try e2e.vault(["clone", county, a]).status == 0)
        #expect(try e2e.vault(["clone", county, b]).status == 0)
        let fileA = try copy(a, [("\"publicUse\": 338.26", "\"publicUse\": 400")], to: tmp.path + "/a.json")
        #expect(try e2e.vault(["-C", a, "commit", fileA, "-m", "甲"] + Self.wang).status == 0)
        #expect(try e2e.vault(["-C", a, "push"]).status == 0)
        let fileB = try copy(b, [("\"publicUse\": 338.26", "\"publicUse\": 500")], to: tmp.path + "/b.json")
        #expect(try e2e.vault(["-C", b, "commit", fileB, "-m", "乙"] + Self.li).status == 0)
        let git = RemoteTransportTests.isolated.merging([
            "GIT_AUTHOR_NAME": "李会计", "GIT_AUTHOR_EMAIL": "li@example.cn", "GIT_COMMITTER_NAME": "李会计",
            "GIT_COMMITTER_EMAIL": "li@example.cn",
        ]) { $1 }
        #expect(
            try run("/usr/bin/git", ["-C", b, "pull", "--no-rebase", "-q", "origin", "main"], environment: git).status
                != 0)
        let status = try e2e.vault(["-C", b, "status"], env: ["VAULT_LANG": "zh"])
        #expect(
            status.stdout.contains(
                "git merge 进行中（直接用 git 开始的，不是 vault）：请用 'git merge --abort' 撤销，再用 'vault pull' 逐个数字合并"),
            "\(status.stdout)")
        #expect(status.stdout.contains("与 origin/main（上次取得时）相比：1 个版本待推送，1 个版本待拉取"), "\(status.stdout)")
        let commit = try e2e.vault(["-C", b, "commit", b + "/" + EndToEndTests.storedPath, "-m", "x"] + Self.li)
        #expect(commit.status == 4)
        #expect(commit.stderr.hasPrefix("error: \(b)/\(EndToEndTests.storedPath):"), "\(commit.stderr)")
        #expect(
            commit.stderr.contains(
                "git's conflict markers (<<<<<<<): a plain 'git pull' or 'git merge' left this file half-merged; undo it with 'git merge --abort'"
            ),
            "\(commit.stderr)")
        #expect(try run("/usr/bin/git", ["-C", b, "merge", "--abort"], environment: git).status == 0)
        let pull = try e2e.vault(["-C", b, "pull"] + Self.li)
        #expect(pull.status == 4 && pull.stderr.contains("base 338.26, ours 500, theirs 400"), "\(pull.stderr)")
        #expect(try e2e.vault(["-C", b, "status"]).stdout.contains("git merge in progress") == false)
    }

    /// A pull stops on a conflict; meanwhile the clerk hand-edits the work-tree report. No loop:
    /// `pull --continue` makes the merge and keeps her edit on top of it, uncommitted, and says
    /// so; `vault commit` then commits it. An edit of a figure the pull also changes is refused
    /// with one line naming it and the way out, and that way out (file aside, continue, commit
    /// with --base) ends with the vault holding the pull and naming the figure both changed.
    @Test func aHandEditWhileAPullWaitsIsCarriedNotALoop() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (_, host, url) = try remote.servedCounty(tmp.path, over: "git")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = tmp.path + "/a", b = tmp.path + "/b"
        for clerk in [a, b] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let work = b + "/" + EndToEndTests.storedPath
        func conflict(_ from: String, _ mine: String, _ theirs: String) throws {
            #expect(try remote.vault(["-C", a, "pull"] + Self.wang).status == 0)
            let fileA = try copy(a, [("\"publicUse\": \(from)", "\"publicUse\": \(theirs)")], to: tmp.path + "/a.json")
            #expect(try remote.vault(["-C", a, "commit", fileA, "-m", "甲"] + Self.wang).status == 0)
            #expect(try remote.vault(["-C", a, "push"]).status == 0)
            let fileB = try copy(b, [("\"publicUse\": \(from)", "\"publicUse\": \(mine)")], to: tmp.path + "/b.json")
            let committed = try remote.vault(["-C", b, "commit", fileB, "-m", "乙"] + Self.li)
            #expect(committed.status == 0, "\(committed.stderr)")
            let pull = try remote.vault(["-C", b, "pull"] + Self.li)
            #expect(pull.status == 4 && pull.stderr.contains("ours \(mine), theirs \(theirs)"), "\(pull.stderr)")
        }
        try conflict("338.26", "500", "400")
        var text = try String(contentsOfFile: work, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"retired\": 29", with: "\"retired\": 31")
        try text.write(toFile: work, atomically: true, encoding: .utf8)
        #expect(try remote.vault(["-C", b, "resolve", "长铺镇", "--theirs"]).status == 0)
        let done = try remote.vault(["-C", b, "pull", "--continue"] + Self.li, env: ["VAULT_LANG": "zh"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stderr.contains("注意：你对 \(EndToEndTests.storedPath) 的手工修改已保留在合并后的工作区文件中，尚未提交"), "\(done.stderr)")
        #expect(!done.stderr.contains("left as it is"), "\(done.stderr)")
        #expect(try value(b, "/generalBudget/basic/publicUse") == .number(400))
        let kept = try JSONParser.parse(Array(try String(contentsOfFile: work, encoding: .utf8).utf8))
        #expect(JSONPointer.resolve("/generalBudget/basic/publicUse", in: kept) == .number(400))
        #expect(try String(contentsOfFile: work, encoding: .utf8).contains("\"retired\": 31"))
        let commit = try remote.vault(["-C", b, "commit", work, "-m", "退休人数"] + Self.li)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(try e2e.vault(["-C", b, "diff", "HEAD~1", "HEAD"]).stdout.contains("29 → 31"))
        #expect(try remote.vault(["-C", b, "push"]).status == 0)

        // An edit of the very figure the pull changes: refused with the way out, which works.
        try conflict("400", "700", "600")
        text = try String(contentsOfFile: work, encoding: .utf8).replacingOccurrences(
            of: "\"publicUse\": 700", with: "\"publicUse\": 650")
        try text.write(toFile: work, atomically: true, encoding: .utf8)
        #expect(try remote.vault(["-C", b, "resolve", "长铺镇", "--theirs"]).status == 0)
        let ours = String(try rev(b).prefix(7))
        let refused = try remote.vault(["-C", b, "pull", "--continue"] + Self.li)
        remote.expectOneErrorLine(
            refused,
            contains: [
                "一般公共预算支出 · 基本支出 · 公用经费: 650 / 600", "mv \(EndToEndTests.storedPath) ../mine.json",
                "vault commit ../mine.json --base \(ours)",
            ])
        #expect(try String(contentsOfFile: work, encoding: .utf8) == text)
        let mine = tmp.path + "/mine.json"
        try FileManager.default.moveItem(atPath: work, toPath: mine)
        #expect(try remote.vault(["-C", b, "pull", "--continue"] + Self.li).status == 0)
        #expect(try value(b, "/generalBudget/basic/publicUse") == .number(600))
        let again = try remote.vault(["-C", b, "commit", mine, "--base", ours, "-m", "公用经费"] + Self.li)
        #expect(
            again.status == 4 && again.stderr.contains("base 700, theirs 600, ours 650")
                && again.stderr.contains("--force (without --base)"), "\(again.stderr)")
        #expect(try e2e.git(["fsck", "--strict"], b).status == 0)
    }

    // MARK: - 12. Ctrl-C leaves no lock

    /// SIGINT at random moments of `vault commit` (fsync on): every time, no lock file is left
    /// in the git folder and the vault is sound. A lock left by a killed process (SIGKILL) is
    /// named by `vault status` with the command that clears it.
    @Test func ctrlCDuringACommitLeavesNoLock() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        var rng = SeededGenerator(seed: 25)
        var interrupted = 0
        for i in 0..<30 {
            let file = try copy(dir, [("\"publicUse\": ", "\"publicUse\": 1\(i)")], to: tmp.path + "/d\(i).json")
            let process = Process()
            // Through python, which gives the child Ctrl-C's default action back: the test
            // runner's children inherit SIGINT ignored or blocked, as background jobs do.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "python3", "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT]); os.execv(sys.argv[1], sys.argv[1:])",
                    EndToEndTests.vaultBinary,
                ]
                + ["-C", dir, "commit", file, "-m", "稿 \(i)", "--force"] + Self.wang
            var env = ProcessInfo.processInfo.environment
            env["VAULT_FSYNC"] = "1"
            env["VAULT_LANG"] = "en"
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...120_000, using: &rng))
            if process.isRunning {
                kill(process.processIdentifier, SIGINT)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }
            let locks = try run("/usr/bin/find", [dir + "/.git", "-name", "*.lock"]).stdout
            #expect(locks == "", "run \(i): \(locks)")
        }
        #expect(interrupted > 0, "no commit was interrupted")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        #expect(try e2e.vault(["-C", dir, "verify"]).status == 0)
        // A lock a killed process left (five minutes old): status names it and the way out.
        let lock = dir + "/.git/refs/heads/main.lock"
        #expect(try run("/usr/bin/touch", ["-d", "5 minutes ago", lock]).status == 0)
        let status = try e2e.vault(["-C", dir, "status"])
        #expect(
            status.stderr.contains("warning: \(lock) is a lock left by a process that stopped ("), "\(status.stderr)")
        #expect(status.stderr.contains("'vault verify --repair' removes it"), "\(status.stderr)")
        // The repair removes it (five minutes old: no command can still hold it).
        let repair = try e2e.vault(["-C", dir, "verify", "--repair"])
        #expect(
            repair.stdout.contains("removed \(lock), a lock left by a command that stopped"),
            "\(repair.stdout)\(repair.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lock))
        #expect(!(try e2e.vault(["-C", dir, "status"]).stderr.contains("lock left")))
    }

    // MARK: - 6. One submission name tagged in two offices

    /// The archivist tags 2024-终稿 and pushes; a reviewer who has not pulled tags the same name
    /// on another revision. His push is refused with the way out; a pull merges the reports but
    /// not the ledgers, naming the clash; `vault tag … --rename` renames his unsent tag, and pull
    /// and push then go through, leaving the server and a new clone sound. The hook refuses a
    /// ledger pushed with plain git that records a tag the server lacks or a name twice.
    @Test func oneNameTaggedInTwoOfficesIsRenamedNotRecordedTwice() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (server, host, url) = try remote.servedCounty(tmp.path, over: "git")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = tmp.path + "/archivist", b = tmp.path + "/reviewer"
        for clerk in [a, b] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let name = "2024-终稿"
        #expect(try remote.vault(["-C", a, "tag", name, "-m", "终稿"] + Self.wang).status == 0)
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        let fileB = try copy(b, [("\"retired\": 29", "\"retired\": 30")], to: tmp.path + "/b.json")
        #expect(try remote.vault(["-C", b, "commit", fileB, "-m", "退休人数"] + Self.li).status == 0)
        #expect(try remote.vault(["-C", b, "tag", name, "-m", "终稿"] + Self.li).status == 0)
        let refused = try remote.vault(["-C", b, "push"])
        remote.expectOneErrorLine(
            refused, contains: ["tag \(name) is another tag in the county vault", "vault tag --rename \(name) NEW"])
        let pull = try remote.vault(["-C", b, "pull"] + Self.li, env: ["VAULT_LANG": "zh"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("警告：报送 \(name) 被记录了两次"), "\(pull.stderr)")
        #expect(pull.stderr.contains("vault tag \(name) --rename 新名称"), "\(pull.stderr)")
        let rename = try remote.vault(["-C", b, "tag", name, "--rename", "2024-终稿-复核"])
        #expect(rename.status == 0, "\(rename.stderr)")
        #expect(rename.stdout.hasPrefix("renamed tag \(name) to 2024-终稿-复核"), "\(rename.stdout)")
        #expect(try remote.vault(["-C", b, "pull"] + Self.li).status == 0)
        let push = try remote.vault(["-C", b, "push"])
        #expect(push.status == 0, "\(push.stderr)")
        for dir in [server, b] {
            let verify = try remote.vault(["-C", dir, "verify"])
            #expect(verify.status == 0, "\(dir): \(verify.stdout)\(verify.stderr)")
            #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        }
        let fresh = tmp.path + "/fresh"
        #expect(try remote.vault(["clone", url, fresh]).status == 0)
        #expect(try remote.vault(["-C", fresh, "verify"]).status == 0)
        #expect(try rev(fresh, "\(name)^{commit}") == (try rev(a, "HEAD")))
        // A renamed tag that was already sent is refused.
        #expect(
            try remote.vault(["-C", b, "tag", "2024-终稿-复核", "--rename", "x"]).stderr.contains(
                "already on the county vault's ledger"))
        // Plain git: a ledger naming a tag the server lacks, and a name recorded twice.
        let git = RemoteTransportTests.isolated
        #expect(try remote.vault(["-C", fresh, "tag", "只在本地", "-m", "x"] + Self.wang).status == 0)
        let missing = try run(
            "/usr/bin/git", ["-C", fresh, "push", "origin", "refs/vault/ledger:refs/vault/ledger"], environment: git)
        #expect(missing.status != 0 && missing.stderr.contains("the ledger records tag 只在本地"), "\(missing.stderr)")
        #expect(try run("/usr/bin/git", ["-C", fresh, "tag", "-d", name], environment: git).status == 0)
        #expect(
            try run(
                "/usr/bin/git", ["-C", fresh, "update-ref", "refs/vault/ledger", "refs/remotes/origin/vault/ledger"],
                environment: git
            ).status == 0)
        #expect(try remote.vault(["-C", fresh, "tag", name, "HEAD~1", "-m", "again"] + Self.wang).status == 0)
        let twice = try run(
            "/usr/bin/git", ["-C", fresh, "push", "origin", "refs/vault/ledger:refs/vault/ledger"], environment: git)
        #expect(
            twice.status != 0 && twice.stderr.contains("the ledger already records a submission named \(name)"),
            "\(twice.stderr)")
        #expect(try remote.vault(["-C", server, "verify"]).status == 0)
    }

    // MARK: - 7. A withdrawal travels whole

    /// Over smart HTTP: the archivist withdraws a submission and pushes — the server's tag moves
    /// under refs/vault/withdrawn/ with the ledger entry in the same push; another office's pull
    /// withdraws it there too; a third office that still has the tag pushes unrelated work
    /// without being refused about it; server and clones verify.
    @Test func aWithdrawalTravelsWholeAndBlocksNoOne() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (server, host, url) = try remote.servedCounty(tmp.path, over: "http")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = tmp.path + "/archivist", b = tmp.path + "/b", c = tmp.path + "/c"
        for clerk in [a, b, c] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let name = "submitted-2025-01"
        let object = try rev(server, "refs/tags/\(name)")
        #expect(try remote.vault(["-C", a, "tag", "--withdraw", name, "-m", "县局要求更正"] + Self.wang).status == 0)
        let push = try remote.vault(["-C", a, "push"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(
            push.stdout.contains("  refs/tags/\(name)  withdrawn (kept as refs/vault/withdrawn/\(name))"),
            "\(push.stdout)")
        #expect(try e2e.git(["rev-parse", "--verify", "-q", "refs/tags/\(name)"], server).status != 0)
        #expect(try rev(server, "refs/vault/withdrawn/\(name)") == object)
        #expect(try remote.vault(["-C", server, "verify"]).status == 0)
        // Another office pulls: the withdrawal is applied there too.
        let pull = try remote.vault(["-C", b, "pull"] + Self.li)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(
            pull.stdout.contains("submission \(name) was withdrawn by 王会计 <wang@example.cn>: 县局要求更正"), "\(pull.stdout)")
        #expect(try e2e.git(["rev-parse", "--verify", "-q", "refs/tags/\(name)"], b).status != 0)
        #expect(try rev(b, "refs/vault/withdrawn/\(name)") == object)
        let verifyB = try remote.vault(["-C", b, "verify"])
        #expect(verifyB.status == 0, "\(verifyB.stdout)")
        let tags = try remote.vault(["-C", b, "tags"]).stdout
        let lines = tags.split(separator: "\n").filter { $0.hasPrefix(name + "  ") }
        #expect(lines.count == 1 && lines[0].contains("  withdrawn "), "\(tags)")
        // A third office, still holding the tag, pushes unrelated work: not refused about it.
        let fileC = try copy(c, [("\"retired\": 29", "\"retired\": 30")], to: tmp.path + "/c.json")
        #expect(try remote.vault(["-C", c, "commit", fileC, "-m", "退休人数"] + Self.wang).status == 0)
        let pushC = try remote.vault(["-C", c, "push"])
        #expect(pushC.status == 0, "\(pushC.stderr)")
        #expect(try rev(server, "main") == (try rev(c, "main")))
        #expect(try remote.vault(["-C", c, "pull"] + Self.wang).status == 0)
        #expect(try remote.vault(["-C", c, "verify"]).status == 0)
        #expect(try remote.vault(["-C", server, "verify"]).status == 0)
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
    }

    // MARK: - 8. A submission covers the reports it names

    /// Three townships in one county vault: 长铺镇's submission names its own report only, so
    /// ls says 吉岷镇 and 西塘镇 are not submitted and the archive holds one report; a tag naming
    /// no report takes the ones changed since their last submission and says which it left out;
    /// with nothing new it is refused. Pushed through git daemon, a fresh clone verifies.
    @Test func aSubmissionCoversTheReportsItNames() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let server = tmp.path + "/county.git"
        try #require(try remote.vault(["init", server, "--bare"]).status == 0)
        try withoutAccessList(server)
        let host = try remote.gitDaemon(tmp.path)
        let url = "git://127.0.0.1:\(host.port)/county.git"
        let a = tmp.path + "/a"
        try #require(try remote.vault(["clone", url, a]).status == 0)
        for sample in ["changpu-2024", "xitang-2024", "jimin-2024"] {
            let file = Fixtures.packageRoot.appendingPathComponent("samples/\(sample).json").path
            try #require(try remote.vault(["-C", a, "commit", file, "-m", sample] + Self.wang).status == 0)
        }
        let reports = try remote.vault(["-C", a, "ls"]).stdout.split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        try #require(reports.count == 3, "\(reports)")
        let changpu = try #require(reports.first { $0.contains("长铺镇") }),
            others = reports.filter { !$0.contains("长铺镇") }

        let tag = try remote.vault(["-C", a, "tag", "长铺镇-2024-报送", "长铺镇", "-m", "报送"] + Self.wang)
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(
            tag.stdout.contains("reports/\(changpu).json  sha256:") && !others.contains { tag.stdout.contains($0) },
            "\(tag.stdout)")
        #expect(
            tag.stderr.contains("not in this submission: \(others.sorted().joined(separator: ", "))"), "\(tag.stderr)")
        let entry = try e2e.git(["show", "refs/vault/ledger:entry.json"], a).stdout
        #expect(entry.contains(changpu) && !others.contains { entry.contains($0) }, "\(entry)")
        let ls = try remote.vault(["-C", a, "ls"], env: ["VAULT_LANG": "zh"]).stdout
        for line in ls.split(separator: "\n") {
            #expect(line.hasSuffix(line.contains("长铺镇") ? "已报送为 长铺镇-2024-报送，此后未改动" : "未报送"), "\(ls)")
        }
        let zip = tmp.path + "/changpu.zip"
        let archive = try remote.vault(["-C", a, "submission", "长铺镇-2024-报送", "-o", zip])
        #expect(archive.status == 0 && archive.stdout.contains(", 1 report, "), "\(archive.stdout)\(archive.stderr)")

        // None named: the reports changed since their last submission, and it says so.
        let rest = try remote.vault(["-C", a, "tag", "2024-其余", "-m", "报送"] + Self.wang)
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(
            rest.stderr.contains("submits the 2 report(s) changed since their last submission")
                && rest.stderr.contains("not in this submission: \(changpu)"), "\(rest.stderr)")
        #expect(others.allSatisfy { rest.stdout.contains($0) } && !rest.stdout.contains(changpu), "\(rest.stdout)")
        let again = try remote.vault(["-C", a, "tag", "2024-再次", "-m", "报送"] + Self.wang)
        remote.expectOneErrorLine(again, contains: ["nothing new to submit as '2024-再次'", "vault tag 2024-再次 REPORT"])
        // git's form still works: a revision, then the reports.
        let old = try remote.vault(["-C", a, "tag", "西塘镇-初稿", "HEAD~1", "西塘镇", "-m", "初稿"] + Self.wang)
        #expect(
            old.status == 0 && old.stdout.contains("西塘镇") && !old.stdout.contains(changpu), "\(old.stdout)\(old.stderr)"
        )
        #expect(try rev(a, "西塘镇-初稿^{commit}") == (try rev(a, "HEAD~1")))

        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        let fresh = tmp.path + "/fresh"
        #expect(try remote.vault(["clone", url, fresh]).status == 0)
        for dir in [a, server, fresh] {
            let verify = try remote.vault(["-C", dir, "verify"])
            #expect(verify.status == 0, "\(dir): \(verify.stdout)\(verify.stderr)")
            #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        }
        let freshLs = try remote.vault(["-C", fresh, "ls"]).stdout
        #expect(freshLs.split(separator: "\n").filter { $0.hasSuffix("not submitted") }.isEmpty, "\(freshLs)")
        #expect(freshLs.contains("submitted as 长铺镇-2024-报送, unchanged since"), "\(freshLs)")
    }

    // MARK: - 13. Who did what, across a merge

    /// 王会计 adds 西塘镇 and corrects 长铺镇's 人员经费; 李会计, meanwhile, corrects 公用经费 and
    /// pulls (a merge commit by him). Status, log, history and blame credit each change to the
    /// commit that made it, never the merge; the merge is listed as bringing 王会计's work.
    @Test func aMergeTakesNoCreditForWorkItBrings() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (_, host, url) = try remote.servedCounty(tmp.path, over: "git")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = tmp.path + "/a", b = tmp.path + "/b"
        for clerk in [a, b] { try #require(try remote.vault(["clone", url, clerk]).status == 0) }
        let xitang = Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path
        #expect(try remote.vault(["-C", a, "commit", xitang, "-m", "西塘镇"] + Self.wang).status == 0)
        let added = String(try rev(a).prefix(7))
        let fileA = try copy(a, [("\"personnel\": 1236.95", "\"personnel\": 1237.95")], to: tmp.path + "/a.json")
        #expect(try remote.vault(["-C", a, "commit", fileA, "-m", "人员经费"] + Self.wang).status == 0)
        let personnelFix = String(try rev(a).prefix(7))
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        let fileB = try copy(b, [("\"publicUse\": 338.26", "\"publicUse\": 338.25")], to: tmp.path + "/b.json")
        #expect(try remote.vault(["-C", b, "commit", fileB, "-m", "公用经费"] + Self.li).status == 0)
        let publicUseFix = String(try rev(b).prefix(7))
        let pull = try remote.vault(["-C", b, "pull"] + Self.li)
        #expect(pull.status == 0 && pull.stdout.hasPrefix("merged origin/main"), "\(pull.stdout)\(pull.stderr)")
        let merge = String(try rev(b).prefix(7))
        let status = try remote.vault(["-C", b, "status"]).stdout
        let xitangLine = status.split(separator: "\n").first { $0.contains("西塘镇") } ?? ""
        #expect(xitangLine.contains("  \(added)  ") && xitangLine.contains("王会计"), "\(status)")
        let log = try remote.vault(["-C", b, "log", "西塘镇", "--oneline"]).stdout
        #expect(log == "\(added) 西塘镇\n", "\(log)")
        let history = try remote.vault(["-C", b, "history", "长铺镇", "人员经费"]).stdout
        let lines = history.split(separator: "\n").dropFirst()
        #expect(
            lines.count == 2 && lines.first?.hasPrefix("\(personnelFix)  ") == true
                && lines.first?.contains("王会计  1237.95  ↑ 1") == true, "\(history)")
        #expect(!history.contains(merge) && !history.contains(publicUseFix), "\(history)")
        let blame = try remote.vault(["-C", b, "blame", "长铺镇"]).stdout.split(separator: "\n")
        #expect(
            blame.contains { $0.hasPrefix("\(personnelFix)  王会计  ") && $0.contains("一般公共预算支出 · 基本支出 · 人员经费  1237.95") },
            "\(blame)")
        #expect(
            blame.contains { $0.hasPrefix("\(publicUseFix)  李会计  ") && $0.contains("一般公共预算支出 · 基本支出 · 公用经费  338.25") },
            "\(blame)")
        #expect(!blame.contains { $0.hasPrefix(merge) }, "\(blame)")
        let full = try remote.vault(["-C", b, "log", "-n", "1"]).stdout
        #expect(
            full.contains("Merge:   \(String(publicUseFix)) \(personnelFix) — brings 王会计's work (2 revisions)"),
            "\(full)")
    }

    // MARK: - 9. A plain git commit of a hand-edited report

    /// A clerk edits the work-tree report by hand and commits it with plain git (members out of
    /// order, 340.20), then stores it right with vault: the bad commit is still in the history.
    /// `vault push` says so before sending, naming `vault fix-history`, which rewrites the
    /// unsent commits in stored form keeping authors, dates and messages; the push then lands
    /// and the server's hook agrees (git daemon).
    @Test func aHandEditedGitCommitIsPutRightBeforeItIsSent() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (server, host, url) = try remote.servedCounty(tmp.path, over: "git")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let clerk = tmp.path + "/clerk"
        try #require(try remote.vault(["clone", url, clerk]).status == 0)
        let file = clerk + "/" + EndToEndTests.storedPath
        let edited = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "\"publicUse\": 338.26", with: "\"publicUse\": 340.20")
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        let git = RemoteTransportTests.isolated.merging([
            "GIT_AUTHOR_NAME": "王会计", "GIT_AUTHOR_EMAIL": "wang@example.cn",
            "GIT_AUTHOR_DATE": "2025-01-10T09:00:00+08:00",
            "GIT_COMMITTER_NAME": "王会计", "GIT_COMMITTER_EMAIL": "wang@example.cn",
            "GIT_COMMITTER_DATE": "2025-01-10T09:00:00+08:00",
        ]) { $1 }
        #expect(
            try run("/usr/bin/git", ["-C", clerk, "commit", "-q", "-am", "公用经费 (记事本)"], environment: git).status == 0)
        let second = try copy(clerk, [("\"retired\": 29", "\"retired\": 30")], to: tmp.path + "/second.json")
        #expect(try remote.vault(["-C", clerk, "commit", second, "-m", "退休人数"] + Self.wang).status == 0)
        let before = try remote.refs(server)
        let push = try remote.vault(["-C", clerk, "push"], env: ["VAULT_LANG": "zh"])
        #expect(push.status == 2)
        #expect(push.stderr.hasPrefix("错误：尚未推送的提交中有 1 份报告不是 vault 的存储形式"), "\(push.stderr)")
        #expect(push.stderr.contains("vault fix-history，再 vault push"), "\(push.stderr)")
        #expect(try remote.refs(server) == before)
        let verify = try remote.vault(["-C", clerk, "verify"])
        #expect(
            verify.status == 1
                && verify.stdout.contains(
                    "in a commit not yet sent, which the county vault would refuse; rewrite it in stored form: vault fix-history"
                ),
            "\(verify.stdout)")
        let fix = try remote.vault(["-C", clerk, "fix-history"])
        #expect(try remote.vault(["-C", clerk, "verify"]).status == 0)
        #expect(fix.status == 0, "\(fix.stderr)")
        #expect(
            fix.stdout.hasPrefix("rewrote 2 commits not yet sent; 1 report now in stored form; main is at "),
            "\(fix.stdout)")
        #expect(
            try e2e.git(["log", "-2", "--format=%an|%aI|%s"], clerk).stdout.hasSuffix(
                "王会计|2025-01-10T09:00:00+08:00|公用经费 (记事本)\n"))
        #expect(
            try e2e.git(["cat-file", "-p", "HEAD~1:" + EndToEndTests.storedPath], clerk).stdout.contains(
                "\"publicUse\": 340.2\n"))
        #expect(try e2e.git(["status", "--porcelain"], clerk).stdout == "")
        let again = try remote.vault(["fix-history", "-C", clerk])
        #expect(again.stdout == "every report in the commits not yet sent is in stored form: nothing to rewrite\n")
        let ok = try remote.vault(["-C", clerk, "push"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try rev(server, "main") == (try rev(clerk)))
        #expect(try remote.vault(["-C", server, "verify"]).status == 0)
    }

    // MARK: - 16. Smaller ways out

    /// The work-tree file against HEAD (`vault diff HEAD FILE`, `vault diff FILE`); a number
    /// typed with a thousands separator named as such; a typo in -C suggests the vault beside
    /// it, not `vault init`; a relative path after -C taken from its folder as git takes it;
    /// report suggestions closest first, at most five.
    @Test func smallerWaysOutWork() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + Self.wang).status == 0)
        let work = dir + "/" + EndToEndTests.storedPath
        var text = try String(contentsOfFile: work, encoding: .utf8).replacingOccurrences(
            of: "\"publicUse\": 338.26", with: "\"publicUse\": 400")
        try text.write(toFile: work, atomically: true, encoding: .utf8)
        for args in [["diff", "HEAD", work], ["diff", work]] {
            let diff = try e2e.vault(["-C", dir] + args)
            #expect(
                diff.status == 0 && diff.stdout.contains("基本支出 · 公用经费  338.26 → 400 万元  ↑ 61.74"),
                "\(args): \(diff.stdout)\(diff.stderr)")
        }
        let reversed = try e2e.vault(["-C", dir, "diff", work, "HEAD"])
        #expect(reversed.stdout.contains("400 → 338.26"), "\(reversed.stdout)")

        text = text.replacingOccurrences(of: "\"publicUse\": 400", with: "\"publicUse\": 1,238.70")
        try text.write(toFile: work, atomically: true, encoding: .utf8)
        let before = try e2e.snapshot(dir)
        for (language, words) in [
            (
                "en",
                "the number 1,238.70 is written with a thousands separator; JSON numbers have no commas: write 1238.70"
            ), ("zh", "数字 1,238.70 带有千位分隔符"),
        ] {
            let refused = try e2e.vault(
                ["-C", dir, "commit", work, "-m", "x"] + Self.wang, env: ["VAULT_LANG": language])
            #expect(
                refused.status == 2 && refused.stderr.split(separator: "\n").count == 1
                    && refused.stderr.contains(words), "\(refused.stderr)")
        }
        #expect(try e2e.snapshot(dir) == before)

        let typo = try e2e.vault(["-C", dir + "x", "status"])
        #expect(
            typo.status == 3 && typo.stderr == "error: \(dir)x: no such folder — did you mean \(dir)?\n",
            "\(typo.stderr)")
        // `vault -C vault commit reports/…` from the vault's parent folder: the path is the vault's.
        text = text.replacingOccurrences(of: "\"publicUse\": 1,238.70", with: "\"publicUse\": 400")
        try text.write(toFile: work, atomically: true, encoding: .utf8)
        let relative = try e2e.vault(
            ["-C", "vault", "commit", EndToEndTests.storedPath, "-m", "公用经费"] + Self.wang, in: tmp.path)
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(try value(dir, "/generalBudget/basic/publicUse") == .number(400))

        for sample in ["xitang-2024", "jimin-2024"] {
            #expect(
                try e2e.vault(
                    [
                        "-C", dir, "commit", Fixtures.packageRoot.appendingPathComponent("samples/\(sample).json").path,
                        "-m", sample,
                    ] + Self.wang
                ).status == 0)
        }
        let missing = try e2e.vault(["-C", dir, "show", "2024/绥宁县长铺镇人民政付"])
        #expect(
            missing.stderr.hasPrefix("error: no report '2024/绥宁县长铺镇人民政付' at HEAD; did you mean 2024/绥宁县长铺镇人民政府, "),
            "\(missing.stderr)")
    }

    // MARK: - 15. The server's words reach the clerk whole, in her language

    /// git's and the system's English failures each get a line in the clerk's language saying
    /// what happened and what to do; a detail vault does not know gets none (no guessing).
    @Test(arguments: [
        ("fatal: early EOF", "传输未完成连接就断了"), ("pre-receive hook declined", "县级库的检查拒绝了此次推送"),
        ("failed to lock file '.git/refs/heads/main.lock' for writing", "'vault status' 会指出遗留的锁"),
        ("No space left on device", "磁盘已满"),
    ])
    func gitsEnglishFailuresSayWhatToDoInChinese(_ detail: String, _ chinese: String) {
        for error in [
            VaultError.git(doing: "commit", operation: "git_reference_create", code: -1, detail: detail),
            .remoteFailed(url: "git://127.0.0.1/county.git", detail: detail),
            .cannotWriteVault(doing: "commit", path: ".git/objects", detail: detail),
        ] {
            let zh = error.message.text(.zh)
            #expect(zh.contains(detail) && zh.contains(chinese), "\(zh)")
            #expect(!error.message.text(.en).contains(chinese))
        }
        let unknown = VaultError.git(doing: "commit", operation: "git_x", code: -1, detail: "object not found").message
            .text(.zh)
        #expect(unknown.hasSuffix("代码 -1）"), "\(unknown)")
    }

    /// Over smart HTTP, a county hook that writes Chinese in pieces split inside a character
    /// (as side-band packets can be) reaches the clerk intact; vault tells the hook the clerk's
    /// language (Accept-Language, which git http-backend passes on as HTTP_ACCEPT_LANGUAGE).
    @Test func serverMessagesArriveWholeInTheClerksLanguage() throws {
        let remote = RemoteTransportTests()
        let tmp = try TemporaryFolder()
        let (server, host, url) = try remote.servedCounty(tmp.path, over: "http")
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let clerk = tmp.path + "/clerk"
        try #require(try remote.vault(["clone", url, clerk]).status == 0)
        let hook = server + "/hooks/pre-receive"
        // "以" is E4 BB A5: its first two bytes go in one write, the last in another.
        let script =
            "#!/bin/sh\nprintf 'lang=%s ' \"$HTTP_ACCEPT_LANGUAGE\" >&2\nprintf '\\344\\273' >&2\nsleep 0.3\nprintf '\\245规范形式存储\\n' >&2\nexit 1\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: hook))
        chmod(hook, 0o755)
        #expect(try remote.vault(["-C", clerk, "commit", EndToEndTests.draft2, "-m", "第二稿"] + Self.wang).status == 0)
        let zh = try remote.vault(["-C", clerk, "push"], env: ["VAULT_LANG": "zh"])
        #expect(zh.status == 5)
        #expect(zh.stderr.contains("lang=zh-CN 以规范形式存储"), "\(zh.stderr)")
        #expect(!zh.stderr.contains("\u{FFFD}"), "\(zh.stderr)")
        let en = try remote.vault(["-C", clerk, "push"])
        #expect(en.stderr.contains("lang=en 以规范形式存储"), "\(en.stderr)")
    }
}
