import Foundation
import Testing

@testable import ReportVault
@testable import VaultSync

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a long-lived server process (a daemon) and returns its PID: environment without the
/// vault's and git's location variables, English messages, stdin and stdout on /dev/null, stderr
/// on /dev/null or appended to `log`.
///
/// Started with posix_spawn rather than Foundation's Process: the test process blocks most
/// signals in its threads, and a child inherits that mask (SIGTERM would not stop the daemon, nor
/// SIGCHLD reap its children); and the pipes other tests open meanwhile must not stay open in a
/// long-lived daemon (their readers would never see the end). So the mask is emptied, handlers
/// reset, and every descriptor above 2 closed in the child.
func spawnServer(_ arguments: [String], environment: [String: String] = [:], log: String? = nil) throws -> pid_t {
    var env = ProcessInfo.processInfo.environment
    for key in ["VAULT_DIR", "GIT_DIR", "GIT_WORK_TREE", "LC_ALL", "LC_MESSAGES", "LANG"] { env[key] = nil }
    env["VAULT_LANG"] = "en"
    env["VAULT_FSYNC"] = "0"
    env["SWIFT_BACKTRACE"] = "enable=no"
    for (k, v) in environment { env[k] = v }
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }
    for fd: Int32 in [0, 1] {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, log ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
    // glibc's posix_spawn ignores closing a descriptor that is not open.
    let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    for fd in Set(Array(3..<1024) + open.filter { $0 >= 3 }) { posix_spawn_file_actions_addclose(&actions, fd) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var child: pid_t = 0
    let code = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
    guard code == 0 else {
        throw CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(arguments[0]): \(code)"])
    }
    return child
}

/// A git daemon on 127.0.0.1 serving the vaults under a folder, with pushes enabled; started by
/// the test (by ``spawnServer(_:environment:log:)``) and stopped by its PID.
final class GitDaemon {
    let pid: pid_t
    let port: Int

    init(base: String, environment: [String: String] = [:]) throws {
        port = try LoopbackPort.free()
        let arguments = [
            "/usr/lib/git-core/git-daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--export-all",
            "--enable=receive-pack", "--base-path=\(base)",
            "--informative-errors", base,
        ]
        pid = try spawnServer(arguments, environment: environment)
        // Ready when it accepts a connection.
        for _ in 0..<100 {
            if LoopbackPort.accepts(port) { return }
            usleep(50_000)
        }
        stop()
        throw CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "git daemon did not listen on \(port)"])
    }

    private var stopped = false

    func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    deinit { stop() }

}

/// The server vault's pre-receive hook, over git:// with the git command line as the client
/// (libgit2 pushing to a local path runs no hook), and `vault verify` in a plain git clone.
@Suite struct ServerHookTests {
    let e2e = EndToEndTests()
    static let gitIdentity = [
        "GIT_AUTHOR_NAME": "某人", "GIT_AUTHOR_EMAIL": "someone@example.cn", "GIT_COMMITTER_NAME": "某人",
        "GIT_COMMITTER_EMAIL": "someone@example.cn",
    ]

    func git(_ args: [String], _ dir: String) throws -> ProcessResult {
        try run("/usr/bin/git", ["-C", dir] + args, environment: Self.gitIdentity)
    }

    func revParse(_ rev: String, _ dir: String) throws -> String {
        try git(["rev-parse", "-q", "--verify", rev], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A bare server vault `<tmp>/srv/vault.git` holding the sample and the submission `s1`.
    func serverVault() throws -> (TemporaryFolder, server: String) {
        let tmp = try TemporaryFolder()
        let server = tmp.path + "/srv/vault.git"
        let created = try e2e.vault(["init", "--bare", server])
        try #require(created.status == 0, "\(created.stderr)")
        #expect(
            created.stdout.contains("installed the server's pre-receive hook: \(server)/hooks/pre-receive\n"),
            "\(created.stdout)")
        // Pushed over git daemon, which authenticates nobody: anonymous writes allowed.
        let access =
            "access list: no users yet, anonymous pushes refused (vault -C \(server)/ access grant USER --admin adds an administrator)\n"
        #expect(created.stdout.hasSuffix(access), "\(created.stdout)")
        let anonymous = try e2e.vault(["-C", server, "access", "anonymous", "write"] + EndToEndTests.author)
        #expect(
            anonymous.stdout == "anonymous pushes (git daemon): allowed, for everything but the access list\n",
            "\(anonymous.stderr)")
        try #require(
            try e2e.vault(["-C", server, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0
        )
        try #require(try e2e.vault(["-C", server, "tag", "s1", "-m", "报送"] + EndToEndTests.author).status == 0)
        return (tmp, server)
    }

    /// A clone made with plain git, with the ledger fetched.
    func clone(_ url: String, into dir: String) throws {
        let cloned = try run("/usr/bin/git", ["clone", "-q", url, dir])
        try #require(cloned.status == 0, "\(cloned.stderr)")
        try #require(try git(["fetch", "-q", "origin", "+refs/vault/*:refs/vault/*"], dir).status == 0)
    }

    @Test func initWritesAnExecutableHookRunningThisBinaryByItsAbsolutePath() throws {
        let (tmp, server) = try serverVault()
        _ = tmp
        let hook = server + "/hooks/pre-receive"
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        let binary = URL(fileURLWithPath: EndToEndTests.vaultBinary).resolvingSymlinksInPath().path
        let text = try String(contentsOfFile: hook, encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains("\nexec '\(binary)' hooks pre-receive\n"), "\(text)")
        // `vault hooks install` writes it again, also with a leading -C; the hidden command is not listed.
        try FileManager.default.removeItem(atPath: hook)
        let installed = try e2e.vault(["-C", server, "hooks", "install"])
        #expect(
            installed.status == 0 && installed.stdout == "installed \(hook): pushes are checked by \(binary)\n",
            "\(installed.stdout)\(installed.stderr)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == text)
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(try e2e.vault(["hooks", "install", "-C", server]).status == 0)
        let help = try e2e.vault(["hooks", "--help"])
        let listed = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        #expect(listed.contains("\n  install ") && !listed.contains("\n  pre-receive"), "\(help.stdout)")
        // A non-bare vault gets no hook from init.
        #expect(try e2e.vault(["init", tmp.path + "/clerk"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func pushesThatKeepSubmissionsPassAndOnesThatChangeThemAreRefused() throws {
        let (tmp, server) = try serverVault()
        let daemon = try GitDaemon(base: tmp.path + "/srv")
        defer { daemon.stop() }
        let dir = tmp.path + "/clone"
        try clone(daemon.url("vault.git"), into: dir)

        // A clerk's commit and a new submission, pushed with the ledger entry: accepted.
        try #require(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author).status == 0)
        try #require(try e2e.vault(["-C", dir, "tag", "s2", "-m", "第二次报送"] + EndToEndTests.author).status == 0)
        let push = try git(["push", "origin", "main", "refs/tags/s2", "refs/vault/*:refs/vault/*"], dir)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(try revParse("refs/vault/ledger", server) == revParse("refs/vault/ledger", dir))
        #expect(try revParse("refs/tags/s2", server) == revParse("refs/tags/s2", dir))
        let s1 = try revParse("refs/tags/s1", server)
        let ledger = try revParse("refs/vault/ledger", server)

        // `git push -f` of a moved tag: refused by the server, which keeps its tag.
        try #require(try git(["tag", "-f", "-a", "s1", "-m", "moved", "HEAD"], dir).status == 0)
        let moved = try git(["push", "-f", "origin", "refs/tags/s1"], dir)
        #expect(moved.status != 0)
        #expect(
            moved.stderr.contains(
                "remote: error: push refused: refs/tags/s1: a submission tag is never moved or replaced (it is \(s1.prefix(7)) on the server"
            ), "\(moved.stderr)")
        #expect(moved.stderr.contains("pre-receive hook declined"), "\(moved.stderr)")
        #expect(try revParse("refs/tags/s1", server) == s1)

        // Deleting a tag: refused.
        let deleted = try git(["push", "origin", ":refs/tags/s1"], dir)
        #expect(
            deleted.status != 0
                && deleted.stderr.contains(
                    "remote: error: push refused: refs/tags/s1: a submission tag is never deleted"),
            "\(deleted.stderr)")
        #expect(try revParse("refs/tags/s1", server) == s1)

        // Rewriting the ledger with an unrelated commit: refused.
        let unrelated = try git(["commit-tree", "HEAD^{tree}", "-m", "not a ledger"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let rewritten = try git(["push", "-f", "origin", "\(unrelated):refs/vault/ledger"], dir)
        #expect(
            rewritten.status != 0 && rewritten.stderr.contains("refs/vault/ledger: the ledger only grows"),
            "\(rewritten.stderr)")
        #expect(try revParse("refs/vault/ledger", server) == ledger)
        // Deleting it too.
        #expect(try git(["push", "origin", ":refs/vault/ledger"], dir).stderr.contains("the ledger is never deleted"))

        // A withdrawal pushed as vault records it (the tag's removal with refs/vault/*): accepted.
        try #require(try git(["tag", "-f", "-a", "s1", "-m", "報送", s1 + "^{}"], dir).status == 0)
        try #require(try git(["fetch", "-q", "-f", "origin", "+refs/tags/*:refs/tags/*"], dir).status == 0)
        try #require(
            try e2e.vault(["-C", dir, "tag", "s2", "--withdraw", "-m", "报错了"] + EndToEndTests.author).status == 0)
        let withdrawn = try git(["push", "origin", ":refs/tags/s2", "refs/vault/*:refs/vault/*"], dir)
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        #expect(try revParse("refs/tags/s2", server).isEmpty)
        // …and the withdrawn submission stays as it was.
        let kept = try git(["push", "-f", "origin", "\(s1):refs/vault/withdrawn/s2"], dir)
        #expect(
            kept.status != 0
                && kept.stderr.contains("refs/vault/withdrawn/s2: a withdrawn submission is kept as it was"),
            "\(kept.stderr)")
        let reused = try git(["push", "origin", "HEAD:refs/tags/s2"], dir)
        #expect(reused.status != 0 && reused.stderr.contains("the submission s2 was withdrawn"), "\(reused.stderr)")

        // The server is intact for git and for vault.
        #expect(try git(["fsck", "--strict"], server).status == 0)
        let verify = try e2e.vault(["-C", server, "verify"])
        #expect(verify.status == 0 && verify.stdout.hasSuffix("ok: the vault is intact\n"), "\(verify.stdout)")
    }

    @Test func reportsStoredOtherwiseThanVaultStoresThemAreRefused() throws {
        let (tmp, server) = try serverVault()
        let daemon = try GitDaemon(base: tmp.path + "/srv")
        defer { daemon.stop() }
        let dir = tmp.path + "/clone"
        try clone(daemon.url("vault.git"), into: dir)
        let main = try revParse("main", server)
        let stored = String(decoding: try FileInput.report(EndToEndTests.draft2).storedBytes, as: UTF8.self)

        /// Commits `text` at `path` with plain git and pushes it; the push's stderr, or nil when accepted.
        func pushWithGit(_ text: String, at path: String) throws -> String? {
            try #require(try git(["reset", "-q", "--hard", "origin/main"], dir).status == 0)
            let file = URL(fileURLWithPath: dir).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            try #require(try git(["add", "-A"], dir).status == 0)
            try #require(try git(["commit", "-qm", "by hand"], dir).status == 0)
            let pushed = try git(["push", "origin", "main"], dir)
            return pushed.status == 0 ? nil : pushed.stderr
        }

        let notCanonical = try pushWithGit(
            stored.replacingOccurrences(of: "\n  ", with: "\n    "), at: EndToEndTests.storedPath)
        #expect(notCanonical?.contains("push refused: refs/heads/main: ") == true, "\(notCanonical ?? "accepted")")
        #expect(
            notCanonical?.contains(":\(EndToEndTests.storedPath): not in the stored canonical form") == true,
            "\(notCanonical ?? "accepted")")

        let wrongPath = try pushWithGit(stored, at: "reports/2023/绥宁县长铺镇人民政府.json")
        #expect(
            wrongPath?.contains(
                ":reports/2023/绥宁县长铺镇人民政府.json: the report's fiscalYear and unit.name say \(EndToEndTests.storedPath)")
                == true,
            "\(wrongPath ?? "accepted")")

        let invalid = stored.replacingOccurrences(of: "\"personnel\": 1236.95", with: "\"personnel\": \"1236.95\"")
        try #require(invalid != stored)
        let schema = try pushWithGit(invalid, at: EndToEndTests.storedPath)
        #expect(schema?.contains("schema error") == true, "\(schema ?? "accepted")")
        #expect(try revParse("main", server) == main)

        // The stored form written by plain git is accepted.
        #expect(try pushWithGit(stored, at: EndToEndTests.storedPath) == nil)
        #expect(try revParse("main", server) == revParse("main", dir))
        #expect(try git(["fsck", "--strict"], server).status == 0)
    }

    @Test func theServerSpeaksItsOwnLanguage() throws {
        let (tmp, server) = try serverVault()
        let daemon = try GitDaemon(base: tmp.path + "/srv", environment: ["VAULT_LANG": "zh"])
        defer { daemon.stop() }
        let dir = tmp.path + "/clone"
        try clone(daemon.url("vault.git"), into: dir)
        try #require(try git(["tag", "-f", "-a", "s1", "-m", "moved", "HEAD"], dir).status == 0)
        let moved = try git(["push", "-f", "origin", "refs/tags/s1"], dir)
        #expect(
            moved.status != 0 && moved.stderr.contains("remote: 错误：推送被拒绝：refs/tags/s1：报送标签不可移动或替换"), "\(moved.stderr)")
        _ = server
    }

    /// A vault cloned with plain git has no ledger: verify says so in one line with the command
    /// that fetches it, and is green once it ran. git pushing to a local path runs the hook too.
    @Test func verifyInAPlainCloneNamesTheMissingLedger() throws {
        let (tmp, server) = try serverVault()
        let dir = tmp.path + "/clone"
        try #require(try run("/usr/bin/git", ["clone", "-q", server, dir]).status == 0)
        let verify = try e2e.vault(["-C", dir, "verify"])
        #expect(verify.status == 1)
        let problems = verify.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
        #expect(
            problems == [
                "problem: 1 tag but no ledger (refs/vault/ledger): a plain git clone does not fetch it, so the submissions cannot be proven; fetch it with: git fetch origin '+refs/vault/*:refs/vault/*'"
            ], "\(verify.stdout)")
        let zh = try e2e.vault(["-C", dir, "verify"], env: ["VAULT_LANG": "zh"])
        #expect(zh.stdout.contains("问题：有 1 个标签，但没有报送记录（refs/vault/ledger）"), "\(zh.stdout)")
        let fetched = try run("/bin/sh", ["-c", "git fetch origin '+refs/vault/*:refs/vault/*'"], in: dir)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let again = try e2e.vault(["-C", dir, "verify"])
        #expect(again.status == 0 && again.stdout.hasSuffix("ok: the vault is intact\n"), "\(again.stdout)")

        try #require(try git(["tag", "-f", "-a", "s1", "-m", "moved", "HEAD"], dir).status == 0)
        let pushed = try git(["push", "-f", "origin", "refs/tags/s1"], dir)
        #expect(pushed.status != 0 && pushed.stderr.contains("push refused: refs/tags/s1"), "\(pushed.stderr)")
    }

    @Test func gitsLinesAreReadAndTheHookQuotesItsPath() {
        let zero = String(repeating: "0", count: 40), a = String(repeating: "a", count: 40)
        let (updates, unreadable) = ServerHook.updates(
            "\(zero) \(a) refs/tags/s 1\n\(a) \(zero) refs/heads/main\nbad line\n")
        #expect(
            updates == [
                RefUpdate(old: nil, new: ObjectID(hex: a), ref: "refs/tags/s 1"),
                RefUpdate(old: ObjectID(hex: a), new: nil, ref: "refs/heads/main"),
            ])
        #expect(unreadable == ["bad line"])
        #expect(
            ServerHook.script(vaultBinary: "/opt/it's/vault").contains(
                "\nexec '/opt/it'\\''s/vault' hooks pre-receive\n"))
    }
}
