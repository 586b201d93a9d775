import Foundation
import Testing

@testable import ReportVault
@testable import VaultGit

/// Trust nothing that arrives: a hostile server (a plain git repository with hand-made trees,
/// served by `git daemon`), a hostile clerk with plain git, hostile input. Each outcome is
/// checked with the git command line and the file system.
@Suite struct TrustNothingTests {
    let e2e = EndToEndTests()
    let remote = RemoteTransportTests()
    static let git = RemoteTransportTests.isolated.merging([
        "GIT_AUTHOR_NAME": "坏人", "GIT_AUTHOR_EMAIL": "bad@example.cn", "GIT_COMMITTER_NAME": "坏人",
        "GIT_COMMITTER_EMAIL": "bad@example.cn",
    ]) { $1 }

    func git(_ args: [String], _ dir: String, stdin: [UInt8]? = nil) throws -> String {
        let result = try run("/usr/bin/git", ["-C", dir] + args, environment: Self.git, stdin: stdin)
        try #require(result.status == 0, "git \(args): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a tree object with exactly these entries (git's own tools refuse such names).
    func tree(_ entries: [(mode: String, name: String, id: String)], in dir: String) throws -> String {
        var bytes: [UInt8] = []
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            bytes += Array("\(entry.mode) \(entry.name)".utf8) + [0]
            var hex = Substring(entry.id)
            while !hex.isEmpty {
                bytes.append(UInt8(hex.prefix(2), radix: 16)!)
                hex = hex.dropFirst(2)
            }
        }
        return try git(["hash-object", "-w", "--literally", "-t", "tree", "--stdin"], dir, stdin: bytes)
    }

    /// A commit on `parent` whose `reports` folder also holds `extra` entries.
    func hostileCommit(
        _ dir: String, parent: String, extra: [(mode: String, name: String, id: String)]
    ) throws -> String {
        let reports = try git(["rev-parse", "\(parent):reports"], dir)
        var entries: [(mode: String, name: String, id: String)] = []
        for line in try git(["cat-file", "-p", reports], dir).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            let head = parts[0].split(separator: " ")
            entries.append((String(head[0]) == "040000" ? "40000" : String(head[0]), String(parts[1]), String(head[2])))
        }
        let newReports = try tree(entries + extra, in: dir)
        let root = try tree([("40000", "reports", newReports)], in: dir)
        return try git(["commit-tree", root, "-p", parent, "-m", "看起来无害"], dir)
    }

    // MARK: - 1. Never write outside the vault

    /// A git server without vault's hook holds a commit whose `reports` tree climbs out of the
    /// vault (`reports/../../pwned.json`), names `.GIT`, or holds a symbolic link: `vault clone`
    /// and `vault pull` refuse it in one line naming the path and the commit; no file appears
    /// outside the vault, the pulling vault's references are as they were, and a refused clone
    /// leaves no folder.
    @Test(arguments: ["dotdot", "dotgit", "symlink"])
    func aHostileTreeNeverWritesOutsideTheVault(_ kind: String) throws {
        let tmp = try TemporaryFolder()
        let evil = tmp.path + "/evil.git"
        _ = try git(["init", "-q", "--bare", "-b", "main", evil], tmp.path)
        let a = tmp.path + "/a"
        try #require(try remote.vault(["init", a]).status == 0)
        try #require(
            try remote.vault(["-C", a, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        _ = try git(["push", "-q", evil, "main"], a)
        let host = try remote.gitDaemon(tmp.path)
        let url = "git://127.0.0.1:\(host.port)/evil.git"
        let victim = tmp.path + "/victim"
        try #require(try remote.vault(["clone", url, victim]).status == 0)

        let payload = try git(["hash-object", "-w", "--stdin"], a, stdin: Array("{\"pwned\": true}\n".utf8))
        let extra: [(mode: String, name: String, id: String)]
        let path: String
        switch kind {
        case "dotdot":
            let inner = try tree([("100644", "pwned.json", payload)], in: a)
            extra = [("40000", "..", try tree([("40000", "..", inner)], in: a))]
            path = "reports/.."  // the first name that climbs
        case "dotgit":
            extra = [("40000", ".GIT", try tree([("100644", "config", payload)], in: a))]
            path = "reports/.GIT"
        default:
            let target = try git(["hash-object", "-w", "--stdin"], a, stdin: Array("../../pwned.json".utf8))
            extra = [("40000", "2023", try tree([("120000", "link.json", target)], in: a))]
            path = "reports/2023/link.json"
        }
        let bad = try hostileCommit(a, parent: "main", extra: extra)
        _ = try git(["push", "-q", evil, "\(bad):refs/heads/main"], a)

        // A clone is refused, names the path and the commit, and leaves nothing.
        let clone = try remote.vault(["clone", url, tmp.path + "/fresh"])
        remote.expectOneErrorLine(
            clone, contains: ["commit \(bad.prefix(7)) holds '\(path)'", "nothing was taken from the server"])
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/fresh"))
        // A pull is refused the same way; the vault's references are as they were.
        let refs = try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim)
        let pull = try remote.vault(["-C", victim, "pull"] + EndToEndTests.author, env: ["VAULT_LANG": "zh"])
        #expect(
            pull.status != 0 && pull.stdout.isEmpty && pull.stderr.split(separator: "\n").count == 1,
            "\(pull.stdout)\(pull.stderr)")
        #expect(
            pull.stderr.hasPrefix("错误：") && pull.stderr.contains("提交 \(bad.prefix(7)) 中有 '\(path)'")
                && pull.stderr.contains("本库保持原样"), "\(pull.stderr)")
        #expect(try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim) == refs)
        let fetch = try remote.vault(["-C", victim, "fetch"])
        #expect(fetch.status != 0)
        #expect(try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim) == refs)
        for outside in [
            tmp.path + "/pwned.json", victim + "/pwned.json", victim + "/reports/.GIT", victim + "/reports/2023",
        ] {
            #expect(!FileManager.default.fileExists(atPath: outside), "\(outside) was written")
        }
        let fsck = try run("/usr/bin/git", ["-C", victim, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
        #expect(try remote.vault(["-C", victim, "verify"]).status == 0)
    }

    // MARK: - 2. A submission cannot be forged with plain git

    /// An attacker with push access makes a submission tag and its ledger entry (attributed to
    /// 王会计) for a revision with 公用经费 lowered, then pushes the tag object to another ref and
    /// the ledger with plain git. The county vault's hook refuses both; a server without the hook
    /// takes them, but a clerk's pull does not take that ledger (and says so), and a ledger
    /// entry forced in with plain git is never turned into a submission by `verify --repair`.
    @Test func aSubmissionCannotBeForgedWithPlainGit() throws {
        let tmp = try TemporaryFolder()
        let county = try remote.countyVault(tmp.path)
        let evil = tmp.path + "/evil.git"
        _ = try git(["clone", "-q", "--mirror", county, evil], tmp.path)
        let host = try remote.gitDaemon(tmp.path)
        let attacker = tmp.path + "/attacker", clerk = tmp.path + "/clerk"
        try #require(try remote.vault(["clone", "git://127.0.0.1:\(host.port)/county.git", attacker]).status == 0)
        try #require(try remote.vault(["clone", "git://127.0.0.1:\(host.port)/evil.git", clerk]).status == 0)
        let file = attacker + "/" + EndToEndTests.storedPath
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"publicUse\": 338.26", with: "\"publicUse\": 300").write(
            toFile: file, atomically: true, encoding: .utf8)
        try #require(
            try remote.vault(["-C", attacker, "commit", file, "-m", "公用经费"] + SharedVaultTests.wang).status == 0)
        try #require(
            try remote.vault(["-C", attacker, "tag", "submitted-2026", "-m", "报送"] + SharedVaultTests.wang).status == 0)
        _ = try git(["push", "-q", "origin", "main"], attacker)
        let serverRefs = try git(["for-each-ref", "--format=%(refname) %(objectname)"], county)
        let pushed = try run(
            "/usr/bin/git",
            [
                "-C", attacker, "push", "origin", "refs/tags/submitted-2026:refs/vault/keep",
                "refs/vault/ledger:refs/vault/ledger",
            ], environment: Self.git)
        #expect(pushed.status != 0, "\(pushed.stderr)")
        #expect(
            pushed.stderr.contains(
                "refs/vault/keep: the county vault holds branches, submission tags, the ledger and withdrawn submissions only"
            ), "\(pushed.stderr)")
        #expect(pushed.stderr.contains("refs/vault/ledger: the ledger records tag submitted-2026"), "\(pushed.stderr)")
        #expect(try git(["for-each-ref", "--format=%(refname) %(objectname)"], county) == serverRefs)

        // A server without the hook takes them; the clerk's pull does not take that ledger.
        _ = try git(
            [
                "push", "-q", evil, "main", "refs/tags/submitted-2026:refs/vault/keep",
                "refs/vault/ledger:refs/vault/ledger",
            ], attacker)
        let ledgerBefore = try git(["rev-parse", "refs/vault/ledger"], clerk)
        let pull = try remote.vault(["-C", clerk, "pull"] + SharedVaultTests.li)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(
            pull.stderr.contains("warning: the ledger of origin/main was not taken: ledger commit"), "\(pull.stderr)")
        #expect(pull.stderr.contains("which is not the submission tag submitted-2026"), "\(pull.stderr)")
        #expect(!pull.stdout.contains("entry added") && !pull.stdout.contains("entries added"), "\(pull.stdout)")
        #expect(try git(["rev-parse", "refs/vault/ledger"], clerk) == ledgerBefore)
        #expect(try remote.vault(["-C", clerk, "verify"]).status == 0)

        // The forged ledger forced in with plain git: verify sees a tag missing, the repair
        // does not make it a submission, and nothing of it reaches the county vault.
        _ = try git(["update-ref", "refs/vault/ledger", "refs/remotes/origin/vault/ledger"], clerk)
        let verify = try remote.vault(["-C", clerk, "verify"])
        #expect(verify.status != 0)
        let repair = try remote.vault(["-C", clerk, "verify", "--repair"])
        #expect(
            repair.stdout.contains("submitted-2026: not restored — its ledger entry came from elsewhere"),
            "\(repair.stdout)\(repair.stderr)")
        #expect(
            try run("/usr/bin/git", ["-C", clerk, "rev-parse", "--verify", "-q", "refs/tags/submitted-2026"]).status
                != 0)
        _ = try remote.vault(["-C", clerk, "push"])
        #expect(!(try git(["for-each-ref", "refs/tags"], county)).contains("submitted-2026"))
    }

    /// What an independent review found: a tagger whose name ends in a dot (libgit2 trims it
    /// from the ledger commit's author) pushes normally; a withdrawal entry for a submission
    /// the ledger never recorded (a name squatted for later) is refused; a ledger count of
    /// 1e300 is read, not a crash; a revision without reports is not submitted.
    @Test func reviewFindingsHold() throws {
        let tmp = try TemporaryFolder()
        let (county, host, url) = try remote.servedCounty(tmp.path)
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = try remote.cloned(url, to: tmp.path + "/a")
        let jr = ["--author", "Wang Jr. <wang@example.cn>"]
        #expect(try remote.vault(["-C", a, "tag", "jr-报送", "-m", "报送"] + jr).status == 0)
        let push = try remote.vault(["-C", a, "push"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(try remote.vault(["-C", county, "verify"]).status == 0)

        // A withdrawal of a name never submitted, pushed with plain git: refused.
        let object = try git(["rev-parse", "refs/tags/jr-报送"], a)
        let target = try git(["rev-parse", "refs/tags/jr-报送^{commit}"], a)
        let entry = """
            {
              "date": "2026-12-07T10:00:00+00:00",
              "reports": [],
              "tag": "2025-Q1",
              "tagObject": "\(object)",
              "target": "\(target)",
              "withdrawn": {
                "by": "坏人 <bad@example.cn>",
                "reason": "占用"
              }
            }

            """
        let blob = try git(["hash-object", "-w", "--stdin"], a, stdin: Array(entry.utf8))
        let treeID = try tree([("100644", "entry.json", blob)], in: a)
        let forged = try git(["commit-tree", treeID, "-p", "refs/vault/ledger", "-m", "ledger: withdraw 2025-Q1"], a)
        let squat = try run(
            "/usr/bin/git",
            ["-C", a, "push", "origin", "\(forged):refs/vault/ledger", "\(object):refs/vault/withdrawn/2025-Q1"],
            environment: Self.git)
        #expect(squat.status != 0 && squat.stderr.contains("withdraws 2025-Q1"), "\(squat.stderr)")
        #expect(
            try run("/usr/bin/git", ["-C", county, "rev-parse", "--verify", "-q", "refs/vault/withdrawn/2025-Q1"])
                .status != 0)

        // A hostile count in a ledger entry: read as 0, no trap.
        let hostile = entry.replacingOccurrences(
            of: "\"reports\": []",
            with:
                "\"reports\": [{\"path\": \"reports/2024/x.json\", \"digest\": \"sha256:0\", \"errors\": 1e300, \"warnings\": -1e300}]"
        )
        let hostileBlob = try git(["hash-object", "-w", "--stdin"], a, stdin: Array(hostile.utf8))
        let hostileCommit = try git(
            [
                "commit-tree", try tree([("100644", "entry.json", hostileBlob)], in: a), "-p", "refs/vault/ledger",
                "-m", "x",
            ], a)
        _ = try git(["update-ref", "refs/vault/ledger", hostileCommit], a)
        let verify = try remote.vault(["-C", a, "verify"])
        #expect(
            (verify.status == 0 || verify.status == 1) && !verify.stderr.contains("Fatal error"),
            "\(verify.status) \(verify.stderr)")

        // No report at the revision: nothing to submit.
        let (emptyTmp, empty) = try e2e.newVault()
        defer { _ = emptyTmp }
        let none = try remote.vault(["-C", empty, "tag", "t", "-m", "x"] + jr)
        #expect(none.status != 0, "\(none.stdout)")
    }

    // MARK: - 3. The hook closes every gap a plain git client can reach

    /// Each push a plain git client can make that no vault makes is refused by the county
    /// vault, in a `remote:` line naming the ref and the rule, and the server is unchanged
    /// and passes `git fsck --strict`.
    @Test func theHookClosesEveryGapPlainGitReaches() throws {
        let tmp = try TemporaryFolder()
        let (county, host, url) = try remote.servedCounty(tmp.path)
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let a = try remote.cloned(url, to: tmp.path + "/a")
        #expect(try git(["config", "receive.fsckObjects"], county) == "true")
        let before = try git(["for-each-ref", "--format=%(refname) %(objectname)"], county)
        let head = try git(["rev-parse", "HEAD"], a)
        let tree = try git(["rev-parse", "HEAD^{tree}"], a)
        func refused(_ refspecs: [String], _ words: String, env: [String: String] = [:]) throws {
            let push = try run(
                "/usr/bin/git", ["-C", a, "push", "origin"] + refspecs, environment: Self.git.merging(env) { $1 })
            #expect(push.status != 0, "\(refspecs) was accepted")
            #expect(push.stderr.contains(words), "\(refspecs): \(push.stderr)")
            #expect(
                try git(["for-each-ref", "--format=%(refname) %(objectname)"], county) == before,
                "\(refspecs) changed the server")
        }
        _ = try git(["tag", "light", head], a)
        try refused(
            ["refs/tags/light"], "refs/tags/light: a submission is an annotated tag of a commit made with vault tag")
        _ = try git(["tag", "-a", "plain", "-m", "报送", head], a)
        try refused(["refs/tags/plain"], "refs/tags/plain: tag plain")
        _ = try git(["tag", "-a", "oftree", "-m", "x", tree], a)
        try refused(["refs/tags/oftree"], "annotated tag of a commit")
        for ref in ["refs/vault/ledger2", "refs/vault/merge/state", "refs/notes/x"] {
            try refused(
                ["\(head):\(ref)"],
                "\(ref): the county vault holds branches, submission tags, the ledger and withdrawn submissions only")
        }
        try refused(
            ["refs/tags/plain:refs/vault/withdrawn/2030-报送"],
            "refs/vault/withdrawn/2030-报送: a withdrawn submission is kept only as vault tag --withdraw records it")

        // Commits no vault makes: a report too large, executable, a link; dates out of range.
        func commit(_ entries: [(mode: String, name: String, id: String)], date: String? = nil) throws -> String {
            let year = try git(["rev-parse", "HEAD:reports/2024"], a)
            var files: [(mode: String, name: String, id: String)] = []
            for line in try git(["cat-file", "-p", year], a).split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                let headParts = parts[0].split(separator: " ")
                if !entries.contains(where: { $0.name == String(parts[1]) }) {
                    files.append((String(headParts[0]), String(parts[1]), String(headParts[2])))
                }
            }
            let yearTree = try self.tree(files + entries, in: a)
            let reports = try self.tree([("40000", "2024", yearTree)], in: a)
            let root = try self.tree([("40000", "reports", reports)], in: a)
            let env = date.map { ["GIT_COMMITTER_DATE": $0, "GIT_AUTHOR_DATE": $0] } ?? [:]
            let result = try run(
                "/usr/bin/git", ["-C", a, "commit-tree", root, "-p", head, "-m", "x"],
                environment: Self.git.merging(env) { $1 })
            try #require(result.status == 0, "\(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let report = try git(["rev-parse", "HEAD:" + EndToEndTests.storedPath], a)
        let big = try git(
            ["hash-object", "-w", "--stdin"], a, stdin: Array("[\"\(String(repeating: "x", count: 3 << 20))\"]".utf8))
        try refused(["\(try commit([("100644", "big.json", big)])):refs/heads/main"], "larger than any report")
        try refused(["\(try commit([("100755", "绥宁县长铺镇人民政府.json", report)])):refs/heads/main"], "not a plain file")
        try refused(["\(try commit([("120000", "link.json", report)])):refs/heads/main"], "symbolic link")
        let retired = try git(
            ["hash-object", "-w", "--stdin"], a,
            stdin: Array(
                try git(["cat-file", "blob", report], a).replacingOccurrences(
                    of: "\"retired\": 29", with: "\"retired\": 30"
                ).utf8 + [10]))
        for date in ["@4070908800 +0000", "@100000000 +0000", "@1700000000 -2359"] {
            try refused(
                ["\(try commit([("100644", "绥宁县长铺镇人民政府.json", retired)], date: date)):refs/heads/main"],
                "check the computer's clock")
        }
        let fsck = try run("/usr/bin/git", ["-C", county, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
        #expect(try remote.vault(["-C", county, "verify"]).status == 0)
    }

    // MARK: - 5. Pushes are all or nothing

    /// Ten offices push a revision and a submission of it at the same moment over `git daemon`:
    /// on the server every submission tag has its ledger entry and every entry its tag and a
    /// revision on the branch (verify green) — whichever parts of whichever pushes landed;
    /// each refused office is told to pull and push again, and after doing so, every
    /// submission is on the server.
    @Test func tenOfficesPushingAtOnceLeaveTheServerWhole() throws {
        let tmp = try TemporaryFolder()
        let (county, host, url) = try remote.servedCounty(tmp.path)
        defer { withExtendedLifetime(host) {} }  // the server runs to the end of the test
        let offices = (0..<10).map { tmp.path + "/office\($0)" }
        for (i, office) in offices.enumerated() {
            try #require(try remote.vault(["clone", url, office]).status == 0)
            let file = office + "/" + EndToEndTests.storedPath
            // The same correction in every office: their pulls afterwards merge without conflicts.
            let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
                of: "\"retired\": 29", with: "\"retired\": 30")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            try #require(
                try remote.vault(["-C", office, "commit", file, "-m", "退休人数 \(i)"] + SharedVaultTests.wang).status == 0)
            try #require(
                try remote.vault(["-C", office, "tag", "office\(i)-报送", "-m", "报送"] + SharedVaultTests.wang).status == 0
            )
        }
        let processes = offices.map { office -> (Process, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EndToEndTests.vaultBinary)
            process.arguments = ["-C", office, "push"]
            process.environment = ProcessInfo.processInfo.environment.merging(
                RemoteTransportTests.isolated.merging(["VAULT_LANG": "en"]) { $1 }
            ) { $1 }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            return (process, errors)
        }
        for (process, _) in processes { try process.run() }
        var accepted = 0
        for (process, errors) in processes {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 0 {
                accepted += 1
            } else {
                #expect(text.contains("run 'vault pull'"), "\(text)")
            }
        }
        let verify = try remote.vault(["-C", county, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let tags = try git(["for-each-ref", "--format=%(refname)", "refs/tags"], county).split(separator: "\n").filter {
            $0.contains("office")
        }
        #expect(tags.count == accepted, "\(tags)")
        // Each refused office pulls and pushes again: every submission lands, the server stays whole.
        for office in offices {
            #expect(try remote.vault(["-C", office, "pull"] + SharedVaultTests.wang).status == 0)
            let again = try remote.vault(["-C", office, "push"])
            #expect(again.status == 0, "\(office): \(again.stderr)")
        }
        #expect(
            try git(["for-each-ref", "--format=%(refname)", "refs/tags"], county).split(separator: "\n").filter {
                $0.contains("office")
            }.count == 10)
        #expect(try remote.vault(["-C", county, "verify"]).status == 0)
        #expect(try run("/usr/bin/git", ["-C", county, "fsck", "--strict"]).status == 0)
    }

    // MARK: - 8. Recovery without manual work

    /// A pull killed half-way left `refs/remotes/origin/main.lock`: the next pull clears it
    /// (a remote-tracking reference guards nothing a clerk made) and goes on.
    @Test func aLockAKilledPullLeftIsClearedByTheNextPull() throws {
        let tmp = try TemporaryFolder()
        _ = try remote.countyVault(tmp.path)
        let host = try remote.gitDaemon(tmp.path)
        let a = tmp.path + "/a"
        try #require(try remote.vault(["clone", "git://127.0.0.1:\(host.port)/county.git", a]).status == 0)
        let lock = a + "/.git/refs/remotes/origin/main.lock"
        try Data("0000\n".utf8).write(to: URL(fileURLWithPath: lock))
        #expect(try run("/usr/bin/touch", ["-d", "10 minutes ago", lock]).status == 0)
        let pull = try remote.vault(["-C", a, "pull"] + SharedVaultTests.wang)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lock))
    }

    // MARK: - 6. No input crashes the process

    /// A link cut in the middle of a push: one `error:` line saying the connection ended and
    /// that nothing changed here, exit 1 — not SIGPIPE's silent 141 — and the server unchanged.
    @Test func aCutLinkDuringAPushIsOneLineNotASignal() throws {
        let tmp = try TemporaryFolder()
        let county = try remote.countyVault(tmp.path)
        let daemon = try remote.gitDaemon(tmp.path)
        let proxy = try RemoteTransportTests.Server("/usr/bin/env") { port in
            ["python3", RemoteTransportTests.servers + "/cutting-proxy.py", String(port), String(daemon.port), "700"]
        }
        let a = tmp.path + "/a"
        try #require(try remote.vault(["clone", "git://127.0.0.1:\(daemon.port)/county.git", a]).status == 0)
        _ = try git(["remote", "set-url", "origin", "git://127.0.0.1:\(proxy.port)/county.git"], a)
        for sample in ["xitang-2024", "jimin-2024"] {
            let file = Fixtures.packageRoot.appendingPathComponent("samples/\(sample).json").path
            try #require(try remote.vault(["-C", a, "commit", file, "-m", sample] + SharedVaultTests.wang).status == 0)
        }
        let before = try git(["rev-parse", "main"], county)
        let push = try remote.vault(["-C", a, "push"])
        #expect(push.status == 1, "exit \(push.status): \(push.stderr)")
        #expect(push.stderr.split(separator: "\n").count == 1 && push.stderr.hasPrefix("error: "), "\(push.stderr)")
        #expect(push.stderr.contains("the connection ended before the transfer was whole"), "\(push.stderr)")
        #expect(try git(["rev-parse", "main"], county) == before)
    }

    /// Output that cannot be written (a full disk, `2>/dev/full`) is an error and a non-zero
    /// exit, never a crash, and a commit made before it stays; a folder as input is an error;
    /// escape sequences in commit and tag messages are shown escaped, never obeyed.
    @Test func outputThatCannotBeWrittenAndHostileTextAreHandled() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        let full = try run("/bin/sh", ["-c", "'\(EndToEndTests.vaultBinary)' -C '\(dir)' log > /dev/full"])
        #expect(
            full.status == 74
                && full.stderr
                    == "error: cannot write standard output: No space left on device; what the command did before is kept (vault status shows it)\n",
            "\(full.status) \(full.stderr)")
        let draft = try run(
            "/bin/sh",
            [
                "-c",
                "'\(EndToEndTests.vaultBinary)' -C '\(dir)' commit '\(EndToEndTests.draft2)' -m 二稿 --author '王会计 <wang@example.cn>' 2>/dev/full",
            ])
        #expect(draft.status == 74, "\(draft.status)")
        #expect(try git(["log", "--format=%s", "-1"], dir) == "二稿")
        for args in [["load", tmp.path], ["canonicalize"]] {
            let result = try run(
                "/bin/sh",
                ["-c", "'\(EndToEndTests.vaultBinary)' -C '\(dir)' \(args.joined(separator: " ")) < '\(tmp.path)'"])
            #expect(
                result.status == 2 && result.stderr.hasSuffix("is a directory, not a file\n"),
                "\(args): \(result.status) \(result.stderr)")
        }
        let evil = "报送\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{202E}"
        #expect(try e2e.vault(["-C", dir, "tag", "s1", "-m", evil] + EndToEndTests.author).status == 0)
        _ = try git(["commit", "--allow-empty", "-q", "-m", evil], dir)
        for args in [["log", "--oneline", "-1"], ["log", "-1"], ["tags"]] {
            let out = try e2e.vault(["-C", dir] + args).stdout
            #expect(
                !out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(args): \(out)"
            )
            #expect(out.contains("报送\\x1B]52;c;cHduZWQ=\\x07\\x1B[2J\\u{202E}"), "\(args): \(out)")
        }
    }

    // MARK: - 4 and 8. Faults: every write checked, recovery without manual work

    /// A short run of the fault campaign `make faults` runs at length: commit, tag, load, pull
    /// and verify --repair with system calls failing at random under libfiu. Nothing printed as
    /// done is lost, nothing crashes, every vault is whole after one `verify --repair`.
    @Test func aShortFaultCampaignLosesNothingAndCrashesNever() throws {
        let fiu = try requireTool("fiu-run", package: "fiu-utils")
        #expect(fiu.hasSuffix("fiu-run"))
        let campaign = try run(
            "/usr/bin/env",
            [
                "python3", Fixtures.packageRoot.appendingPathComponent("scripts/faults.py").path,
                EndToEndTests.vaultBinary, "24", "7",
            ])
        #expect(campaign.status == 0, "\(campaign.stdout)\(campaign.stderr)")
        #expect(
            campaign.stdout.contains("faults: 24 runs, ")
                && campaign.stdout.contains("24 consistent after repair, 0 lost, 0 crashed"), "\(campaign.stdout)")
    }

    /// A reference left naming an object that was never written (libgit2 reported success
    /// while the disk refused the write): `verify` names it with the repair, and the repair
    /// sets it back to its value before; nothing else is lost.
    @Test func aReferenceToANeverWrittenObjectIsRepaired() throws {
        let (tmp, dir) = try e2e.newVault()
        defer { _ = tmp }
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "tag", "s1", "-m", "报送"] + EndToEndTests.author).status == 0)
        #expect(try e2e.vault(["-C", dir, "tag", "s2", "-m", "报送"] + EndToEndTests.author).status == 0)
        let before = try git(["rev-parse", "refs/vault/ledger"], dir)
        let missing = String(repeating: "1", count: 40)
        try (missing + "\n").write(toFile: dir + "/.git/refs/vault/ledger", atomically: true, encoding: .utf8)
        let verify = try e2e.vault(["-C", dir, "verify"])
        #expect(
            verify.status == 1 && verify.stdout.contains("refs/vault/ledger names 1111111, which is not in the vault"),
            "\(verify.stdout)\(verify.stderr)")
        let repair = try e2e.vault(["-C", dir, "verify", "--repair"])
        #expect(
            repair.status == 0 && repair.stdout.contains("refs/vault/ledger named 1111111, which was never written"),
            "\(repair.stdout)\(repair.stderr)")
        #expect(try git(["rev-parse", "refs/vault/ledger"], dir) == before)
        #expect(try e2e.vault(["-C", dir, "verify"]).status == 0)
        // A temporary pack a stopped `vault load` left (an hour old): the repair removes it.
        let temporary = dir + "/.git/objects/pack/tmp_pack_AbC123"
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: temporary))
        #expect(try run("/usr/bin/touch", ["-d", "1 hour ago", temporary]).status == 0)
        let cleaned = try e2e.vault(["-C", dir, "verify", "--repair"])
        #expect(
            cleaned.stdout.contains("removed \(temporary) (4096 bytes), a temporary file a stopped write left"),
            "\(cleaned.stdout)")
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }

    // MARK: - 7. No input exhausts the machine

    /// A Word file whose zip header claims `word/document.xml` is a kilobyte while it inflates
    /// to 200 MB: refused in one line once 64 MB have been inflated, never read whole.
    @Test func aZipBombIsStoppedAtTheLimitNotTheHeader() throws {
        let tmp = try TemporaryFolder()
        let bomb = tmp.path + "/bomb.docx"
        let script = #"""
            import struct, sys, zipfile
            path = sys.argv[1]
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                with z.open("word/document.xml", "w", force_zip64=False) as f:
                    f.write(b"<w:document>")
                    for _ in range(200):
                        f.write(b" " * (1 << 20))
            data = bytearray(open(path, "rb").read())
            # Claim 1,000 bytes uncompressed for the big entry, in its local and central headers.
            name = b"word/document.xml"
            i = data.find(name)
            while i != -1:
                if data[i - 30:i - 26] == b"PK\x03\x04":
                    struct.pack_into("<I", data, i - 30 + 22, 1000)
                elif data[i - 46:i - 42] == b"PK\x01\x02":
                    struct.pack_into("<I", data, i - 46 + 24, 1000)
                i = data.find(name, i + 1)
            open(path, "wb").write(data)
            """#
        let made = try run("/usr/bin/env", ["python3", "-c", script, bomb])
        try #require(made.status == 0, "\(made.stderr)")
        let started = Date()
        let result = try e2e.vault(["import", bomb, "-o", tmp.path + "/out.json"])
        #expect(
            result.status == 2 && result.stderr.split(separator: "\n").count == 1, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("word/document.xml inflates to more than 64 MB"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/out.json"))
    }

    /// git's and the other systems' forms of `.git`, and names that climb, are refused;
    /// ordinary unit names (Chinese, spaces, dots inside) are not.
    @Test func unsafeNamesAreThoseGitRefuses() {
        for name in [
            "", ".", "..", ".git", ".GIT", ".Git.", ".git ", "git~1", "GIT~1", ".g\u{200C}it", "\u{FEFF}.git", "a/b",
            "a\\b", ".git:stream",
        ] {
            #expect(GitRepository.unsafeName(name) != nil, "\(name)")
        }
        for name in ["2024", "绥宁县长铺镇人民政府.json", "a b.json", "..json", ".gitx", "git", "x.git"] {
            #expect(GitRepository.unsafeName(name) == nil, "\(name)")
        }
        #expect(
            !GitRepository.isSafePath("reports/../x.json") && !GitRepository.isSafePath("/etc/x")
                && GitRepository.isSafePath("reports/2024/x.json"))
    }
}
