import Foundation
import Testing

@testable import ReportVault

/// Concurrent clerks, killed processes, tampering found by `vault verify`, figure merges.
@Suite struct ReliabilityTests {
    let e2e = EndToEndTests()

    /// A small valid report of `unit` whose preamble makes each draft's content unique.
    func draft(_ unit: String, _ text: String) -> String {
        #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "\#(unit)"}, "amountUnit": "万元", "preamble": "\#(text)", "generalBudget": {"basic": {"personnel": 10, "publicUse": 2.5}}}"#
    }

    @Test func eightWritersTwentyFiveCommitsEachAllLand() throws {
        let (tmp, dir) = try e2e.newVault()
        let failures = LockedData()
        DispatchQueue.concurrentPerform(iterations: 8) { writer in
            // Writers 0–3 share one report; 4–7 each have their own.
            let unit = writer < 4 ? "共用镇人民政府" : "独立\(writer)镇人民政府"
            for n in 0..<25 {
                do {
                    let file = try tmp.file("w\(writer)-\(n).json", draft(unit, "writer \(writer) draft \(n)"))
                    let r = try e2e.vault([
                        "-C", dir, "commit", file, "-m", "writer \(writer) draft \(n)", "--author",
                        "W\(writer) <w\(writer)@example.cn>",
                    ])
                    if r.status != 0 || !r.stdout.hasPrefix("commit ") {
                        failures.set(Data("\(writer)/\(n): \(r.stderr)".utf8))
                    }
                } catch {
                    failures.set(Data("\(writer)/\(n): \(error)".utf8))
                }
            }
        }
        #expect(failures.get().isEmpty, "\(String(decoding: failures.get(), as: UTF8.self))")
        #expect(try e2e.git(["rev-list", "--count", "main"], dir).stdout == "200\n")
        let messages = Set(try e2e.git(["log", "--format=%s"], dir).stdout.split(separator: "\n").map(String.init))
        #expect(messages.count == 200)
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        // The work tree ends at the newest tip, whatever order the writers finished in.
        #expect(try e2e.git(["status", "--porcelain"], dir).stdout == "")
    }

    /// SIGKILL at random instants during commit and tag, until 50 processes were killed
    /// running: the vault stays fsck-clean, the branch points at a complete commit, every
    /// commit id a process printed is kept, and every lock left behind is reported.
    @Test func killedAtRandomTheVaultStaysSound() throws {
        let (tmp, dir) = try e2e.newVault()
        var killer = RandomKiller(seed: 7_2026)
        var printed: [String] = []
        var locksLeft = 0
        var locksReported = 0
        // Attempts are bounded; the killer's window adapts to the machine (RandomKiller).
        var n = 0
        while killer.kills < 50 && n < 400 {
            defer { n += 1 }
            let file = try tmp.file("d\(n).json", draft("甲镇人民政府", "draft \(n)"))
            let args =
                n % 6 == 5
                ? ["-C", dir, "tag", "t\(n)", "-m", "draft \(n)"] : ["-C", dir, "commit", file, "-m", "draft \(n)"]
            let stdout = try killer.run(
                args, environment: ["VAULT_AUTHOR_NAME": "王会计", "VAULT_AUTHOR_EMAIL": "wang@example.cn"])
            if let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("commit ") }), line.count >= 47 {
                printed.append(String(line.dropFirst(7).prefix(40)))
            }
            let fsck = try e2e.git(["fsck", "--strict", "--no-dangling"], dir)
            #expect(fsck.status == 0, "after kill \(n): \(fsck.stderr)")
            // A lock left behind is reported with what to do, never silently removed.
            for lock in ["/.git/refs/heads/main.lock", "/.git/refs/vault/ledger.lock"]
            where FileManager.default.fileExists(atPath: dir + lock) {
                if lock.hasSuffix("main.lock") { locksLeft += 1 }
                let blocked = try e2e.vault(
                    ["-C", dir, "commit", try tmp.file("probe.json", draft("乙镇人民政府", "probe \(n)")), "-m", "probe"]
                        + EndToEndTests.author)
                if lock.hasSuffix("main.lock") {
                    #expect(blocked.status != 0)
                    #expect(blocked.stderr.contains("another process holds a lock"), "\(blocked.stderr)")
                    #expect(blocked.stderr.contains("remove the .lock file"))
                    #expect(FileManager.default.fileExists(atPath: dir + lock))
                    locksReported += 1
                }
                try FileManager.default.removeItem(atPath: dir + lock)  // what the message tells the clerk to do
            }
        }
        #expect(killer.kills == 50, "only \(killer.kills) of \(n) processes were still running when killed")
        #expect(locksReported == locksLeft)
        // A lock as a kill leaves it, made by hand so that the report is checked on every run.
        try Data().write(to: URL(fileURLWithPath: dir + "/.git/refs/heads/main.lock"))
        let blocked = try e2e.vault(
            ["-C", dir, "commit", try tmp.file("probe.json", draft("乙镇人民政府", "last probe")), "-m", "probe"]
                + EndToEndTests.author)
        #expect(blocked.status != 0 && blocked.stderr.contains("another process holds a lock"), "\(blocked.stderr)")
        try FileManager.default.removeItem(atPath: dir + "/.git/refs/heads/main.lock")
        let tip = try e2e.git(["rev-parse", "--verify", "main^{commit}"], dir)
        if !printed.isEmpty { #expect(tip.status == 0) }
        for id in printed {
            #expect(
                try e2e.git(["merge-base", "--is-ancestor", id, "main"], dir).status == 0,
                "printed commit \(id) was lost")
        }
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// SIGKILL at random instants during signed `vault tag`: after every kill the tag and the
    /// ledger agree, or `vault verify --repair` makes them agree (with the locks a kill leaves
    /// removed, as the error message says) — and every tag a process printed is kept, signed.
    @Test func killedWhileTaggingTheTagAndLedgerAgreeOrRepairMakesThemAgree() throws {
        let (tmp, dir) = try e2e.newVault()
        try SigningTests.keygen(tmp.path + "/clerk")
        let signers = try tmp.file(
            "allowed_signers", try SigningTests.signersLine("wang@example.cn", tmp.path + "/clerk.pub"))
        #expect(
            try e2e.vault(
                ["-C", dir, "commit", try tmp.file("d.json", draft("甲镇人民政府", "draft")), "-m", "draft"]
                    + EndToEndTests.author
            ).status == 0)
        #expect(try e2e.vault(["-C", dir, "config", "signers", signers]).status == 0)
        var killer = RandomKiller(seed: 16_2026)
        var printed: [String] = []
        var n = 0
        while killer.kills < 30 && n < 300 {
            defer { n += 1 }
            let stdout = try killer.run(
                ["-C", dir, "tag", "t\(n)", "-m", "submission \(n)", "--sign", "--key", tmp.path + "/clerk"],
                environment: ["VAULT_AUTHOR_NAME": "王会计", "VAULT_AUTHOR_EMAIL": "wang@example.cn"])
            if stdout.hasPrefix("tag t\(n) ") { printed.append("t\(n)") }
            for lock in ["/.git/refs/tags/t\(n).lock", "/.git/refs/vault/ledger.lock"]
            where FileManager.default.fileExists(atPath: dir + lock) {
                try FileManager.default.removeItem(atPath: dir + lock)
            }
            #expect(try e2e.git(["fsck", "--strict", "--no-dangling"], dir).status == 0, "after kill \(n)")
            var verify = try e2e.vault(["-C", dir, "verify"])
            if verify.status != 0 {
                // Only a tag without its entry, or an entry without its tag, may be left.
                let problems = verify.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
                #expect(problems.count == 1, "after kill \(n): \(verify.stdout)")
                #expect(
                    problems.allSatisfy {
                        $0
                            == "problem: tag t\(n): not in the ledger (created or re-created outside vault, e.g. with git tag)"
                            || $0.hasPrefix("problem: tag t\(n): in the ledger (")
                            // The first tag stopped before the ledger existed at all: verify points to --repair.
                            || ($0.hasPrefix("problem: 1 tag but no ledger (refs/vault/ledger)")
                                && $0.contains("record it with: vault verify --repair"))
                    },
                    "after kill \(n): \(verify.stdout)")
                let repaired = try e2e.vault(["-C", dir, "verify", "--repair"])
                #expect(repaired.stdout.contains("repaired: tag t\(n): "), "\(repaired.stdout)")
                verify = try e2e.vault(["-C", dir, "verify"])
            }
            #expect(verify.status == 0, "after kill \(n): \(verify.stdout)")
            // Tags and ledger entries: the same names.
            let tags = try e2e.git(["tag", "-l"], dir).stdout.split(separator: "\n").count
            let entries = try e2e.git(["rev-list", "--count", "refs/vault/ledger"], dir).stdout
            #expect("\(tags)\n" == entries || (tags == 0 && entries.isEmpty), "after kill \(n)")
        }
        #expect(killer.kills == 30, "only \(killer.kills) of \(n) processes were still running when killed")
        for name in printed {
            #expect(try e2e.git(["tag", "-v", name], dir).status == 0, "printed tag \(name) does not verify")
        }
    }

    @Test func verifyFindsTampering() throws {
        let (tmp, dir) = try e2e.newVault()
        let sample = EndToEndTests.sample
        #expect(try e2e.vault(["-C", dir, "commit", sample, "-m", "one"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "tag", "submitted", "-m", "submitted"] + EndToEndTests.author).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "two"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "tag", "final", "-m", "final"] + EndToEndTests.author).status == 0)
        let clean = try e2e.vault(["-C", dir, "verify", "--json"])
        #expect(clean.status == 0, "\(clean.stdout)")
        let report = try JSONParser.parse(clean.stdout)
        #expect(report[member: "ok"] == .bool(true))
        #expect(report[member: "ledgerEntries"] == .number(2))
        #expect(report[member: "tags"] == .number(2))

        func problems() throws -> [String] {
            let r = try e2e.vault(["-C", dir, "verify"])
            return r.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }.map { String($0.dropFirst(9)) }
        }
        // A tag moved with plain git.
        #expect(try e2e.git(["tag", "-f", "-a", "submitted", "-m", "moved", "HEAD"], dir).status == 0)
        var found = try problems()
        #expect(
            found.count == 1 && found[0].hasPrefix("tag submitted: moved — the ledger recorded tag object"), "\(found)")
        // Deleted, and one added outside vault.
        #expect(try e2e.git(["tag", "-d", "submitted"], dir).status == 0)
        #expect(try e2e.git(["tag", "sneaky"], dir).status == 0)
        found = try problems()
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("tag submitted: in the ledger") && $0.contains("but deleted") })
        #expect(
            found.contains("tag sneaky: not in the ledger (created or re-created outside vault, e.g. with git tag)"))
        #expect(try e2e.vault(["-C", dir, "verify"]).status == 1)
        #expect(try e2e.git(["tag", "-d", "sneaky"], dir).status == 0)

        // A report written with plain git, not canonical and not valid.
        #expect(try e2e.git(["read-tree", "HEAD"], dir).status == 0)
        let path = "reports/2024/绥宁县长铺镇人民政府.json"
        try FileManager.default.createDirectory(atPath: dir + "/reports/2024", withIntermediateDirectories: true)
        try Data(#"{"fiscalYear":2024,"unit":{"name":"绥宁县长铺镇人民政府"},"extra":1}"#.utf8).write(
            to: URL(fileURLWithPath: dir + "/" + path))
        #expect(try e2e.git(["add", path], dir).status == 0)
        #expect(
            try run(
                "/usr/bin/git",
                ["-C", dir, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "-m", "by hand"]
            ).status == 0)
        found = try problems()
        #expect(found.contains { $0.hasPrefix("main:\(path): not in the stored canonical form") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("main:\(path): 3 schema errors") }, "\(found)")
        _ = tmp

        // A damaged object file.
        let blob = try e2e.git(["rev-parse", "final:\(path)"], dir).stdout.trimmingCharacters(in: .newlines)
        let object = dir + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("not zlib at all".utf8).write(to: URL(fileURLWithPath: object))
        found = try problems()
        #expect(found.contains { $0.hasPrefix("object \(blob)") && $0.contains("cannot be read back") }, "\(found)")
    }

    @Test func baseMergesFiguresAndRefusesConflicts() throws {
        let (tmp, dir) = try e2e.newVault()
        let base = try DiffTests.sample()
        func write(_ name: String, _ doc: JSONValue) throws -> String {
            let path = tmp.path + "/" + name
            try Data(CanonicalJSON.stored(doc)).write(to: URL(fileURLWithPath: path))
            return path
        }
        #expect(
            try e2e.vault(["-C", dir, "commit", try write("base.json", base), "-m", "base"] + EndToEndTests.author)
                .status == 0)
        // Clerk A changes 人员经费; clerk B, from the same base, changes 退休人数 and an indicator score.
        let a = DiffTests.set("/generalBudget/basic/personnel", .number(1236.96), in: base)
        var b = DiffTests.set("/profile/staffing/retired", .number(30), in: base)
        b = DiffTests.set("/selfEvaluation/indicators/7/score", .number(8), in: b)
        #expect(
            try e2e.vault(["-C", dir, "commit", try write("a.json", a), "-m", "A"] + EndToEndTests.author).status == 0)
        let merged = try e2e.vault(
            ["-C", dir, "commit", try write("b.json", b), "-m", "B", "--base", "HEAD~1"] + EndToEndTests.author)
        #expect(merged.status == 0, "\(merged.stderr)")
        let head = try JSONParser.parse(try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout)
        #expect(JSONPointer.resolve("/generalBudget/basic/personnel", in: head) == .number(1236.96))
        #expect(JSONPointer.resolve("/profile/staffing/retired", in: head) == .number(30))
        #expect(JSONPointer.resolve("/selfEvaluation/indicators/7/score", in: head) == .number(8))
        // Clerk C, from the original base, changes 人员经费 differently: refused, nothing written.
        let before = try e2e.snapshot(dir)
        let c = DiffTests.set("/generalBudget/basic/personnel", .number(1236.97), in: base)
        let refused = try e2e.vault(
            ["-C", dir, "commit", try write("c.json", c), "-m", "C", "--base", "HEAD~2"] + EndToEndTests.author)
        #expect(refused.status == 4)
        #expect(
            refused.stderr
                == "error: 2024/绥宁县长铺镇人民政府: 1 figure changed differently since HEAD~2 by another commit and by this file; nothing was committed\n  /generalBudget/basic/personnel: base 1236.95, theirs 1236.96, ours 1236.97\n"
                + "write in \(tmp.path)/c.json the value each figure above should have and commit again with the same --base (a figure equal on both sides merges); or keep all your values: vault commit \(tmp.path)/c.json -m \"…\" --force (without --base)\n"
        )
        #expect(try e2e.snapshot(dir) == before)
    }

    @Test func hostileFilesAreRefusedQuickly() throws {
        let (tmp, dir) = try e2e.newVault()
        let before = try e2e.snapshot(dir)
        // A 200 MB file (sparse: no disk used) is refused before it is read.
        let big = tmp.path + "/big.json"
        _ = FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let r = try e2e.vault(["-C", dir, "commit", big, "-m", "x"] + EndToEndTests.author)
        #expect(r.status != 0)
        #expect(r.stderr == "error: \(big): file is 200 MB; at most 32 MB is accepted (a report is about 40 KB)\n")
        for args in [
            ["tag", "v1..2", "-m", "x"], ["tag", "-bad", "-m", "x"], ["show", "HEAD", "2024/x"], ["verify", "extra"],
        ] {
            let result = try e2e.vault(["-C", dir] + args + EndToEndTests.author.filter { _ in args[0] == "tag" })
            #expect(result.status != 0, "\(args)")
            #expect(result.stderr.hasPrefix("error: "), "\(args): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(args): \(result.stderr)")
        }
        #expect(try e2e.snapshot(dir) == before)
    }
}
