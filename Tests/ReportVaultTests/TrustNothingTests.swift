import Foundation
import Testing
@testable import ReportVault

/// Trust nothing that arrives: a hostile server (a plain git repository with hand-made trees,
/// served by `git daemon`), a hostile clerk with plain git, hostile input. Each outcome is
/// checked with the git command line and the file system.
@Suite struct TrustNothingTests {
    let e2e = EndToEndTests()
    let remote = RemoteTransportTests()
    static let git = RemoteTransportTests.isolated.merging([
        "GIT_AUTHOR_NAME": "坏人", "GIT_AUTHOR_EMAIL": "bad@example.cn", "GIT_COMMITTER_NAME": "坏人", "GIT_COMMITTER_EMAIL": "bad@example.cn",
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
    func hostileCommit(_ dir: String, parent: String, extra: [(mode: String, name: String, id: String)]) throws -> String {
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
        try #require(try remote.vault(["-C", a, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
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
        remote.expectOneErrorLine(clone, contains: ["commit \(bad.prefix(7)) holds '\(path)'", "nothing was taken from the server"])
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/fresh"))
        // A pull is refused the same way; the vault's references are as they were.
        let refs = try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim)
        let pull = try remote.vault(["-C", victim, "pull"] + EndToEndTests.author, env: ["VAULT_LANG": "zh"])
        #expect(pull.status != 0 && pull.stdout.isEmpty && pull.stderr.split(separator: "\n").count == 1, "\(pull.stdout)\(pull.stderr)")
        #expect(pull.stderr.hasPrefix("错误：") && pull.stderr.contains("提交 \(bad.prefix(7)) 中有 '\(path)'") && pull.stderr.contains("本库保持原样"), "\(pull.stderr)")
        #expect(try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim) == refs)
        let fetch = try remote.vault(["-C", victim, "fetch"])
        #expect(fetch.status != 0)
        #expect(try git(["for-each-ref", "--format=%(refname) %(objectname)"], victim) == refs)
        for outside in [tmp.path + "/pwned.json", victim + "/pwned.json", victim + "/reports/.GIT", victim + "/reports/2023"] {
            #expect(!FileManager.default.fileExists(atPath: outside), "\(outside) was written")
        }
        let fsck = try run("/usr/bin/git", ["-C", victim, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
        #expect(try remote.vault(["-C", victim, "verify"]).status == 0)
    }

    /// git's and the other systems' forms of `.git`, and names that climb, are refused;
    /// ordinary unit names (Chinese, spaces, dots inside) are not.
    @Test func unsafeNamesAreThoseGitRefuses() {
        for name in ["", ".", "..", ".git", ".GIT", ".Git.", ".git ", "git~1", "GIT~1", ".g\u{200C}it", "\u{FEFF}.git", "a/b", "a\\b", ".git:stream"] {
            #expect(GitRepository.unsafeName(name) != nil, "\(name)")
        }
        for name in ["2024", "绥宁县长铺镇人民政府.json", "a b.json", "..json", ".gitx", "git", "x.git"] {
            #expect(GitRepository.unsafeName(name) == nil, "\(name)")
        }
        #expect(!GitRepository.isSafePath("reports/../x.json") && !GitRepository.isSafePath("/etc/x") && GitRepository.isSafePath("reports/2024/x.json"))
    }
}
