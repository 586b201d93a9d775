import Foundation
import Testing

@testable import ReportVault

/// `vault pull`, `conflicts`, `resolve`: two clerks' clones of a county vault, their histories
/// moved between them with the git command line (the fetch the transport will do), merged by
/// the built binary and checked with the real git.
@Suite struct PullMergeTests {
    let e2e = EndToEndTests()
    static let publicUse = "/generalBudget/basic/publicUse"
    static let label = "一般公共预算支出 · 基本支出 · 公用经费"

    /// A county vault with the sample committed and tagged, and two clones of it (a and b),
    /// each with the county's ledger.
    func offices() throws -> (TemporaryFolder, county: String, a: String, b: String) {
        let (tmp, county) = try e2e.newVault(bare: true)
        try #require(
            try e2e.vault(["-C", county, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0
        )
        try #require(try e2e.vault(["-C", county, "tag", "t0", "-m", "county"] + EndToEndTests.author).status == 0)
        var clones: [String] = []
        for name in ["a", "b"] {
            let path = tmp.path + "/" + name
            let clone = try e2e.vault(["clone", county, path])
            try #require(clone.status == 0, "\(clone.stderr)")
            clones.append(path)
        }
        return (tmp, county, clones[0], clones[1])
    }

    /// `from` pushes its branch, tags and ledger to the county vault, from which `into` will pull.
    func fetch(_ into: String, from: String) throws {
        _ = into
        let r = try e2e.vault(["-C", from, "push"])
        try #require(r.status == 0, "\(r.stderr)")
    }

    /// Commits the vault's report with `changes` (text replacements in its stored form).
    @discardableResult
    func edit(
        _ dir: String, _ changes: [(String, String)], _ message: String, report: String = EndToEndTests.report
    ) throws -> ProcessResult {
        var text = try e2e.vault(["-C", dir, "show", report]).stdout
        for (old, new) in changes {
            #expect(text.contains(old), "\(old) not in the report")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let file = dir + "/../edit-\(UUID().uuidString).json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try e2e.vault(["-C", dir, "commit", file, "-m", message] + EndToEndTests.author)
        #expect(r.status == 0, "\(r.stderr)")
        return r
    }

    func rev(_ dir: String, _ name: String = "main") throws -> String {
        try e2e.git(["rev-parse", name], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func value(_ dir: String, _ pointer: String, at revision: String = "HEAD") throws -> JSONValue? {
        JSONPointer.resolve(
            pointer,
            in: try JSONParser.parse(try e2e.vault(["-C", dir, "show", revision, EndToEndTests.report]).stdout))
    }

    func expectSound(_ dir: String, _ context: String = "") throws {
        let fsck = try e2e.git(["fsck", "--strict"], dir)
        #expect(fsck.status == 0, "\(context) \(fsck.stderr)")
        let verify = try e2e.vault(["-C", dir, "verify"])
        #expect(verify.status == 0, "\(context) \(verify.stdout)")
    }

    // MARK: - Merging

    /// Two clerks edit different figures of one report: a merge commit with two parents keeps both.
    @Test func differentFiguresMergeIntoOneCommitWithTwoParents() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 338.3")], "公用经费更正")
        try edit(b, [("\"personnel\": 1236.95", "\"personnel\": 1237")], "人员经费更正")
        let (ours, theirs) = (try rev(b), try rev(a))
        try fetch(b, from: a)
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.hasPrefix("merged origin/main: commit \(try rev(b))"), "\(pull.stdout)")
        #expect(try e2e.git(["rev-parse", "main^1", "main^2"], b).stdout == "\(ours)\n\(theirs)\n")
        #expect(try value(b, Self.publicUse) == .number(338.3))
        #expect(try value(b, "/generalBudget/basic/personnel") == .number(1237))
        let graph = try e2e.git(["log", "--graph", "--oneline"], b).stdout
        #expect(graph.contains("Merge origin/main") && graph.contains("|\\"), "\(graph)")
        // The work tree and index follow the branch.
        #expect(try e2e.git(["status", "--porcelain"], b).stdout == "")
        #expect(
            try String(contentsOfFile: b + "/" + EndToEndTests.storedPath, encoding: .utf8).contains(
                "\"publicUse\": 338.3"))
        try expectSound(b)
        // Nothing new: up to date.
        let again = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(again.stdout.hasPrefix("already up to date with origin/main"), "\(again.stdout)")
    }

    /// Behind: a fast-forward. A report changed on one side only is taken as it is.
    @Test func fastForwardAndReportsChangedOnOneSide() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 338.3")], "公用经费更正")
        try fetch(b, from: a)
        let ff = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(ff.status == 0, "\(ff.stderr)")
        #expect(ff.stdout.hasPrefix("fast-forward to origin/main: "), "\(ff.stdout)")
        #expect(try rev(b) == (try rev(a)))
        #expect(try e2e.git(["status", "--porcelain"], b).stdout == "")
        // a changes 长铺镇; b adds another report: each is taken as that side made it.
        try edit(a, [("\"personnel\": 1236.95", "\"personnel\": 1237")], "人员经费更正")
        let other = Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path
        let added = try e2e.vault(["-C", b, "commit", other, "-m", "西塘"] + EndToEndTests.author)
        try #require(added.status == 0, "\(added.stderr)")
        try fetch(b, from: a)
        let merge = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("  \(EndToEndTests.storedPath)\n"), "\(merge.stdout)")
        let blob = { (dir: String, rev: String) throws -> String in
            try e2e.git(["rev-parse", "\(rev):\(EndToEndTests.storedPath)"], dir).stdout
        }
        #expect(try blob(b, "main") == (try blob(a, "main")))
        #expect(try e2e.vault(["-C", b, "ls"]).stdout.split(separator: "\n").count == 2)
        try expectSound(b)
    }

    /// A tag made on each clone: after the pull both are in the ledger and `vault verify` is green.
    @Test func ledgersAreMergedAsTheUnionOfBothSides() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 338.3")], "公用经费更正")
        try #require(try e2e.vault(["-C", a, "tag", "a-1", "-m", "甲报送"] + EndToEndTests.author).status == 0)
        try edit(b, [("\"personnel\": 1236.95", "\"personnel\": 1237")], "人员经费更正")
        try #require(try e2e.vault(["-C", b, "tag", "b-1", "-m", "乙报送"] + EndToEndTests.author).status == 0)
        let tagB = try rev(b, "b-1")
        try fetch(b, from: a)
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("submission ledger: 1 entry from origin/main added"), "\(pull.stdout)")
        let tags = try e2e.vault(["-C", b, "tags"]).stdout
        #expect(tags.contains("a-1  ") && tags.contains("b-1  ") && tags.contains("t0  "), "\(tags)")
        #expect(try rev(b, "b-1") == tagB)  // no tag moved
        let verify = try JSONParser.parse(try e2e.vault(["-C", b, "verify", "--json"]).stdout)
        #expect(verify[member: "ok"] == .bool(true), "\(verify)")
        #expect(verify[member: "ledgerEntries"] == .number(3))
        // Both chains stay: the ledger's tip has two parents, both ledgers' tips.
        #expect(
            try e2e.git(["rev-list", "--parents", "-n", "1", "refs/vault/ledger"], b).stdout.split(separator: " ").count
                == 3)
        try expectSound(b)
        // The other way round, a fast-forwards its branch and its ledger.
        try fetch(a, from: b)
        #expect(try e2e.vault(["-C", a, "pull"] + EndToEndTests.author).status == 0)
        #expect(try rev(a, "refs/vault/ledger") == (try rev(b, "refs/vault/ledger")))
        try expectSound(a)
    }

    // MARK: - Conflicts

    /// The same figure on both sides: listed with report, pointer, caption and the three values;
    /// nothing moves; commit refused; resolved with --ours, --theirs and --value, then --continue.
    @Test func sameFigureIsAConflictResolvedThenContinued() throws {
        let (tmp, _, a, b) = try offices()
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 400")], "甲：公用经费")
        try edit(
            b, [("\"publicUse\": 338.26", "\"publicUse\": 500"), ("\"personnel\": 1236.95", "\"personnel\": 1237")],
            "乙：公用经费")
        let ours = try rev(b)
        try fetch(b, from: a)
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(pull.status == 4)
        #expect(
            pull.stderr.hasPrefix(
                "error: 1 figure changed differently here and in origin/main; the branch was not moved"),
            "\(pull.stderr)")
        #expect(
            pull.stderr.contains(
                "  \(EndToEndTests.report)  \(Self.publicUse)  \(Self.label): base 338.26, ours 500, theirs 400\n"),
            "\(pull.stderr)")
        #expect(try rev(b) == ours)
        #expect(try e2e.git(["status", "--porcelain"], b).stdout == "")
        let refs = try e2e.git(["for-each-ref", "--format=%(refname)", "refs/vault/merge/"], b).stdout
        #expect(
            refs
                == "refs/vault/merge/base\nrefs/vault/merge/ledger\nrefs/vault/merge/ours\nrefs/vault/merge/state\nrefs/vault/merge/theirs\n",
            "\(refs)")
        #expect(try e2e.git(["fsck", "--strict"], b).status == 0)

        // Every command that moves the branch refuses, saying why.
        let commit = try e2e.vault(["-C", b, "commit", EndToEndTests.draft2, "-m", "x"] + EndToEndTests.author)
        #expect(
            commit.status == 4 && commit.stderr.hasPrefix("error: a pull of origin/main is in progress"),
            "\(commit.stderr)")
        let rm = try e2e.vault(["-C", b, "rm", "长铺镇", "-m", "x"] + EndToEndTests.author)
        #expect(rm.status == 4 && rm.stderr.contains("a pull of origin/main is in progress"), "\(rm.stderr)")
        #expect(
            try e2e.vault(["-C", b, "status"]).stdout.contains("pull of origin/main in progress: 1 of 1 conflict open"))
        let statusJSON = try JSONParser.parse(try e2e.vault(["-C", b, "status", "--json"]).stdout)
        #expect(statusJSON[member: "pull"]?[member: "unresolved"] == .number(1))
        #expect(statusJSON[member: "pull"]?[member: "ours"] == .string(ours))
        let statusSchema = try JSONSchema(
            try FileInput.json(Fixtures.packageRoot.appendingPathComponent("schema/status-output.schema.json").path))
        #expect(statusSchema.validate(statusJSON).isEmpty, "\(statusSchema.validate(statusJSON))")
        let early = try e2e.vault(["-C", b, "pull", "--continue"])
        #expect(early.status == 4 && early.stderr.hasPrefix("error: 1 conflict still unresolved"), "\(early.stderr)")
        #expect(try rev(b) == ours)

        // The listing again, and its JSON following the documented schema.
        let listing = try e2e.vault(["-C", b, "conflicts"])
        #expect(
            listing.stdout.contains("\(Self.publicUse)  \(Self.label): base 338.26, ours 500, theirs 400"),
            "\(listing.stdout)")
        func conflictsJSON() throws -> JSONValue {
            let json = try JSONParser.parse(try e2e.vault(["-C", b, "conflicts", "--json"]).stdout)
            #expect(try OutputSchemaTests.schema("conflicts").validate(json) == [], "\(json)")
            return json
        }
        var json = try conflictsJSON()
        #expect(json[member: "unresolved"] == .number(1))
        guard case .array(let list)? = json[member: "conflicts"], let first = list.first else {
            Issue.record("conflicts --json: \(json)")
            return
        }
        #expect(
            first[member: "ours"] == .number(500) && first[member: "theirs"] == .number(400)
                && first[member: "base"] == .number(338.26))

        // --ours for the whole report, --theirs by caption, --value by pointer: the last one counts.
        let byReport = try e2e.vault(["-C", b, "resolve", "长铺镇", "--ours"])
        #expect(
            byReport.status == 0 && byReport.stdout.contains("1 conflict resolved; 0 left"),
            "\(byReport.stdout)\(byReport.stderr)")
        #expect(try conflictsJSON()[member: "unresolved"] == .number(0))
        let byCaption = try e2e.vault(["-C", b, "resolve", "长铺镇", "公用经费", "--theirs"])
        #expect(
            byCaption.status == 0 && byCaption.stdout.contains("    resolved: 400"),
            "\(byCaption.stdout)\(byCaption.stderr)")
        let byValue = try e2e.vault(["-C", b, "resolve", "长铺镇", Self.publicUse, "--value", "450"])
        #expect(
            byValue.status == 0 && byValue.stdout.contains("    resolved: 450"), "\(byValue.stdout)\(byValue.stderr)")
        json = try conflictsJSON()
        guard case .array(let resolved)? = json[member: "conflicts"] else { return }
        #expect(
            resolved.first?[member: "resolution"]
                == .object([.init("side", .string("value")), .init("value", .number(450))]))
        #expect(try e2e.vault(["-C", b, "resolve", "长铺镇", "人员经费", "--ours"]).stderr.contains("is not a conflict of"))
        #expect(try e2e.vault(["-C", b, "resolve", "长铺镇", "--value", "1"]).status == 64)

        let done = try e2e.vault(["-C", b, "pull", "--continue"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try value(b, Self.publicUse) == .number(450))
        #expect(try value(b, "/generalBudget/basic/personnel") == .number(1237))
        #expect(try e2e.git(["rev-parse", "main^1", "main^2"], b).stdout == "\(ours)\n\(try rev(a))\n")
        #expect(try e2e.git(["for-each-ref", "refs/vault/merge/"], b).stdout == "")
        #expect(try e2e.git(["status", "--porcelain"], b).stdout == "")
        #expect(try e2e.vault(["-C", b, "conflicts"]).stdout == "no pull in progress\n")
        try expectSound(b)
        // Committing works again.
        #expect(
            try e2e.vault(["-C", b, "commit", EndToEndTests.draft2, "-m", "x", "--force"] + EndToEndTests.author).status
                == 0)
        _ = tmp
    }

    /// --abort forgets the pull: refs/vault/merge/ is gone, the branch never moved.
    @Test func abortForgetsThePull() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 400")], "甲")
        try edit(b, [("\"publicUse\": 338.26", "\"publicUse\": 500")], "乙")
        let ours = try rev(b)
        try fetch(b, from: a)
        #expect(try e2e.vault(["-C", b, "pull"] + EndToEndTests.author).status == 4)
        let abort = try e2e.vault(["-C", b, "pull", "--abort"])
        #expect(abort.status == 0, "\(abort.stderr)")
        #expect(abort.stdout == "pull of origin/main given up; main stays at \(ours.prefix(7))\n")
        #expect(try rev(b) == ours)
        #expect(try e2e.git(["for-each-ref", "refs/vault/merge/"], b).stdout == "")
        #expect(try e2e.vault(["-C", b, "pull", "--abort"]).stderr == "error: no pull is in progress\n")
        try expectSound(b)
        #expect(
            try e2e.vault(["-C", b, "commit", EndToEndTests.draft2, "-m", "x", "--force"] + EndToEndTests.author).status
                == 0)
    }

    /// A work-tree report edited by hand is never overwritten: the pull refuses and names it.
    @Test func aHandEditedWorkTreeFileIsNeverOverwritten() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 338.3")], "甲")
        let file = b + "/" + EndToEndTests.storedPath
        let handEdit = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "\"personnel\": 1236.95", with: "\"personnel\": 9")
        try handEdit.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try rev(b)
        try fetch(b, from: a)
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(pull.status == 4)
        #expect(
            pull.stderr.hasPrefix(
                "error: \(EndToEndTests.storedPath) in the work tree was edited by hand and the pull would replace it"),
            "\(pull.stderr)")
        #expect(try rev(b) == before)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == handEdit)
    }

    /// The conflict listing in Chinese.
    @Test func conflictsAreListedInChinese() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        try edit(a, [("\"publicUse\": 338.26", "\"publicUse\": 400")], "甲")
        try edit(b, [("\"publicUse\": 338.26", "\"publicUse\": 500")], "乙")
        try fetch(b, from: a)
        let zh = ["VAULT_LANG": "zh"]
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author, env: zh)
        #expect(pull.status == 4)
        #expect(pull.stderr.hasPrefix("错误：有 1 处在本库和 origin/main 中被改成了不同的值；分支未移动"), "\(pull.stderr)")
        #expect(
            pull.stderr.contains(
                "  \(EndToEndTests.report)  \(Self.publicUse)  \(Self.label)：原值 338.26，本库 500，对方 400\n"),
            "\(pull.stderr)")
        let listing = try e2e.vault(["-C", b, "conflicts"], env: zh)
        #expect(listing.stdout.hasPrefix("正在拉取 origin/main：本库 "), "\(listing.stdout)")
        #expect(listing.stdout.contains("1 处冲突中有 1 处未解决"))
        let commit = try e2e.vault(
            ["-C", b, "commit", EndToEndTests.draft2, "-m", "x"] + EndToEndTests.author, env: zh)
        #expect(commit.stderr.hasPrefix("错误：正在拉取 origin/main"), "\(commit.stderr)")
    }

    // MARK: - Crashes

    /// SIGKILL at random instants during pulls (clean merges and conflicts alternately): after
    /// each, `git fsck --strict` is clean and the pull is either complete, resumable (resolved
    /// and continued), or absent (pulled again).
    @Test func killedDuringPullTheVaultStaysSound() throws {
        let (tmp, _, a, b) = try offices()
        _ = tmp
        var killer = RandomKiller(seed: 13_2026)
        var resumed = 0
        var n = 0
        while killer.kills < 12 && n < 40 {
            defer { n += 1 }
            let current = { (dir: String, name: String) throws -> String in
                let v = try value(dir, "/generalBudget/basic/" + name)
                if case .number(let d)? = v { return "\"\(name)\": " + ECMAScriptNumber.format(d) }
                return ""
            }
            try edit(a, [(try current(a, "publicUse"), "\"publicUse\": \(300 + n)")], "甲 \(n)")
            let ownFigure = n % 2 == 1 ? ("publicUse", 600 + n) : ("personnel", 1300 + n)
            try edit(b, [(try current(b, ownFigure.0), "\"\(ownFigure.0)\": \(ownFigure.1)")], "乙 \(n)")
            try fetch(b, from: a)
            _ = try killer.run(["-C", b, "pull"] + EndToEndTests.author)
            let fsck = try e2e.git(["fsck", "--strict", "--no-dangling"], b)
            #expect(fsck.status == 0, "after pull \(n): \(fsck.stderr)")
            // A lock a kill left behind is removed, as the error message tells the clerk to.
            let locks = (FileManager.default.enumerator(atPath: b + "/.git")?.compactMap { $0 as? String } ?? []).filter
            { $0.hasSuffix(".lock") }
            for lock in locks where !lock.hasPrefix("vault-worktree") {
                try FileManager.default.removeItem(atPath: b + "/.git/" + lock)
            }
            let listed = try e2e.vault(["-C", b, "conflicts", "--json"])
            #expect(listed.status == 0, "after pull \(n): \(listed.stderr)")
            var pending = (try? JSONParser.parse(listed.stdout))?[member: "pending"] == .bool(true)
            // Merged means the county's tip (what a pushed) is in b's history — not the
            // remote-tracking ref, which a kill during the fetch leaves where it was.
            let county = try rev(a)
            if !pending, try e2e.git(["merge-base", "--is-ancestor", county, "main"], b).status != 0 {
                // Absent: killed before the state was written. Pulled again.
                let again = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author)
                #expect(again.status == 0 || again.status == 4, "after pull \(n): \(again.stderr)")
                pending =
                    (try? JSONParser.parse(try e2e.vault(["-C", b, "conflicts", "--json"]).stdout))?[member: "pending"]
                    == .bool(true)
                #expect(again.status == (pending ? 4 : 0), "after pull \(n): \(again.stderr)")
            }
            if pending {
                // Resumable: resolved and continued.
                let resolve = try e2e.vault(["-C", b, "resolve", "长铺镇", "--theirs"])
                #expect(resolve.status == 0, "after pull \(n): \(resolve.stderr)")
                let done = try e2e.vault(["-C", b, "pull", "--continue"])
                #expect(done.status == 0, "after pull \(n): \(done.stderr)")
                resumed += 1
            }
            #expect(
                try e2e.git(["merge-base", "--is-ancestor", county, "main"], b).status == 0,
                "after pull \(n): not merged")
            #expect(try e2e.git(["for-each-ref", "refs/vault/merge/state"], b).stdout == "")
        }
        #expect(killer.kills == 12, "only \(killer.kills) of \(n) pulls were still running when killed")
        #expect(resumed > 0)
        #expect(try e2e.git(["fsck", "--strict"], b).status == 0)
        #expect(try e2e.vault(["-C", b, "verify"]).status == 0)
    }
}
