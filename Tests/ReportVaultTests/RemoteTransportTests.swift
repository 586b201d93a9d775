import Foundation
import Testing

@testable import ReportVault
@testable import VaultSync

#if canImport(Glibc)
    import Glibc
#endif

/// `vault clone`, `remote`, `fetch` and `push` against real servers on 127.0.0.1 — a folder,
/// `git daemon` (git://) and `git http-backend` behind a small CGI server (http://) — each
/// started by the test on a free port and stopped by its process id; results are checked with
/// the git command line.
@Suite(.serialized) struct RemoteTransportTests {
    let e2e = EndToEndTests()
    static let servers = Fixtures.root.appendingPathComponent("servers").path
    static let daemon = "/usr/lib/git-core/git-daemon"

    // MARK: - Servers

    /// A server process on 127.0.0.1, stopped (by its pid) when the value is released.
    final class Server {
        let process = Process()
        let port: Int

        init(_ executable: String, _ arguments: (Int) -> [String]) throws {
            port = (try LoopbackPort.free())
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(port)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Ready when it accepts a connection.
            for _ in 0..<100 {
                if LoopbackPort.accepts(port) { break }
                usleep(50_000)
            }
        }

        deinit {
            // SIGKILL: a child of the test runner may have SIGTERM blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// `git daemon` exporting every repository under `root`, pushes enabled.
    func gitDaemon(_ root: String) throws -> Server {
        try Server(Self.daemon) { port in
            [
                "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--export-all", "--enable=receive-pack",
                "--base-path=\(root)", "--informative-errors", root,
            ]
        }
    }

    /// Smart HTTP over `git http-backend` for the repositories under `root`; with `auth`
    /// ("user:password") every request needs it.
    func httpServer(_ root: String, auth: String? = nil) throws -> Server {
        try Server("/usr/bin/env") { port in
            ["python3", Self.servers + "/git-http-server.py", root, String(port)] + (auth.map { [$0] } ?? [])
        }
    }

    // MARK: - Helpers

    /// An environment where no credential helper, prompt or user config answers for the user.
    static let isolated = [
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "SSH_AUTH_SOCK": "",
    ]

    func vault(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
        try e2e.vault(args, env: Self.isolated.merging(env) { $1 })
    }

    /// ``countyVault(_:)`` served over `transport` ("git": `git daemon`, "http": smart HTTP):
    /// its folder, the server (kept alive by the caller) and the URL clerks clone.
    func servedCounty(
        _ root: String, over transport: String = "git"
    ) throws -> (folder: String, host: Server, url: String) {
        let folder = try countyVault(root)
        let host = transport == "http" ? try httpServer(root) : try gitDaemon(root)
        return (folder, host, "\(transport)://127.0.0.1:\(host.port)/county.git")
    }

    /// `vault clone url path`, required to succeed; returns `path`.
    func cloned(_ url: String, to path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try vault(["clone", url, path])
        try #require(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        return path
    }

    /// A bare county vault at `root/county.git` with one commit, one submission tag and its ledger entry.
    func countyVault(_ root: String) throws -> String {
        let path = root + "/county.git"
        try #require(try vault(["init", path, "--bare"]).status == 0)
        try withoutAccessList(path)
        let commit = try vault(["-C", path, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author)
        try #require(commit.status == 0, "\(commit.stderr)")
        try #require(
            try vault(["-C", path, "tag", "submitted-2025-01", "-m", "报送"] + EndToEndTests.author).status == 0)
        return path
    }

    func refs(_ dir: String, _ pattern: String = "") throws -> [String: String] {
        var out: [String: String] = [:]
        for line in try e2e.git(
            ["for-each-ref", "--format=%(refname) %(objectname)"] + (pattern.isEmpty ? [] : [pattern]), dir
        ).stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    /// A failure: non-zero exit, one line `error: …` on stderr, nothing on stdout.
    func expectOneErrorLine(
        _ result: ProcessResult, contains parts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status != 0, "exit 0: \(result.stdout)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "\(result.stderr) lacks \(part)", sourceLocation: sourceLocation)
        }
    }

    /// A clone is a vault with the server's branch, tags and ledger, its reports in a clean work
    /// tree, a new vault's configuration, and passes `vault verify` and `git fsck --strict`.
    func expectFaithfulClone(
        _ clone: String, of server: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let theirs = try refs(server), ours = try refs(clone)
        for name in ["refs/heads/main", "refs/tags/submitted-2025-01", "refs/vault/ledger"] {
            #expect(
                ours[name] != nil && ours[name] == theirs[name],
                "\(name): \(ours[name] ?? "-") vs \(theirs[name] ?? "-")", sourceLocation: sourceLocation)
        }
        #expect(ours["refs/remotes/origin/main"] == theirs["refs/heads/main"], sourceLocation: sourceLocation)
        #expect(ours["refs/remotes/origin/vault/ledger"] == theirs["refs/vault/ledger"], sourceLocation: sourceLocation)
        #expect(try e2e.git(["status", "--porcelain"], clone).stdout == "", sourceLocation: sourceLocation)
        #expect(
            FileManager.default.fileExists(atPath: clone + "/" + EndToEndTests.storedPath),
            sourceLocation: sourceLocation)
        // The log's change index is made by the clone, for the cloned tip.
        let gitDirectory = try e2e.git(["rev-parse", "--absolute-git-dir"], clone).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            ChangeIndex.load(from: gitDirectory + "/vault-log-index")?.tip.hex == theirs["refs/heads/main"],
            sourceLocation: sourceLocation)
        for (key, value) in [
            ("core.logAllRefUpdates", "always"), ("core.quotePath", "false"), ("vault.version", "1"),
            ("branch.main.remote", "origin"),
        ] {
            #expect(
                try e2e.git(["config", key], clone).stdout == value + "\n", "\(key)", sourceLocation: sourceLocation)
        }
        let fetchSpecs = try e2e.git(["config", "--get-all", "remote.origin.fetch"], clone).stdout
        #expect(
            fetchSpecs
                == "+refs/heads/*:refs/remotes/origin/*\n+refs/vault/*:refs/remotes/origin/vault/*\n+refs/tags/*:refs/remotes/origin/tags/*\n",
            sourceLocation: sourceLocation)
        let verify = try vault(["-C", clone, "verify"])
        #expect(
            verify.status == 0 && verify.stdout.contains("1 tag, 1 ledger entry"), "\(verify.stdout)\(verify.stderr)",
            sourceLocation: sourceLocation)
        #expect(try e2e.git(["fsck", "--strict"], clone).status == 0, sourceLocation: sourceLocation)
    }

    // MARK: - Clone

    @Test func cloneOverALocalPathBringsTheBranchTagsAndLedger() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let clone = try vault(["clone", server, tmp.path + "/clerk"])
        #expect(clone.status == 0, "\(clone.stderr)")
        #expect(clone.stdout.hasPrefix("cloned \(server) into \(tmp.path)/clerk: main at "), "\(clone.stdout)")
        #expect(clone.stdout.hasSuffix(", 1 tag, 1 ledger entry\n"), "\(clone.stdout)")
        #expect(clone.stderr == "", "progress only on a terminal: \(clone.stderr)")
        try expectFaithfulClone(tmp.path + "/clerk", of: server)
        // A bare copy has the same references and no work tree; the default folder is the URL's last part.
        let copies = tmp.path + "/copies"
        try FileManager.default.createDirectory(atPath: copies, withIntermediateDirectories: true)
        let bare = try run(
            EndToEndTests.vaultBinary, ["clone", "--bare", server], in: copies, environment: Self.isolated)
        #expect(bare.status == 0, "\(bare.stderr)")
        let copy = try refs(copies + "/county.git")
        for (name, id) in try refs(server) { #expect(copy[name] == id, "\(name)") }
        #expect(try e2e.git(["rev-parse", "--is-bare-repository"], copies + "/county.git").stdout == "true\n")
    }

    @Test func cloneOverGitAndHTTP() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let daemon = try gitDaemon(tmp.path)
        let http = try httpServer(tmp.path)
        for (name, url) in [
            ("git", "git://127.0.0.1:\(daemon.port)/county.git"), ("http", "http://127.0.0.1:\(http.port)/county.git"),
        ] {
            let clone = try vault(["clone", url, tmp.path + "/" + name])
            #expect(clone.status == 0, "\(name): \(clone.stderr)")
            try expectFaithfulClone(tmp.path + "/" + name, of: server)
            let remote = try vault(["-C", tmp.path + "/" + name, "remote", "-v"])
            #expect(remote.stdout == "origin\t\(url) (fetch)\norigin\t\(url) (push)\n")
        }
    }

    // MARK: - Two clerks, one county vault

    @Test func theSecondClerkToPushIsToldToPullFirst() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let daemon = try gitDaemon(tmp.path)
        let url = "git://127.0.0.1:\(daemon.port)/county.git"
        for clerk in ["wang", "li"] { try #require(try vault(["clone", url, tmp.path + "/" + clerk]).status == 0) }
        let wang = tmp.path + "/wang", li = tmp.path + "/li"

        // 王 revises the report and submits it: branch, tag and ledger reach the server.
        try #require(
            try vault(["-C", wang, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author).status == 0)
        try #require(
            try vault(["-C", wang, "tag", "submitted-2025-02", "-m", "第二次报送"] + EndToEndTests.author).status == 0)
        let push = try vault(["-C", wang, "push"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.hasPrefix("pushed to \(url):\n  refs/heads/main  "), "\(push.stdout)")
        let mine = try refs(wang, "refs/heads"), theirs = try refs(server)
        #expect(theirs["refs/heads/main"] == mine["refs/heads/main"])
        #expect(theirs["refs/tags/submitted-2025-02"] == (try refs(wang))["refs/tags/submitted-2025-02"])
        #expect(theirs["refs/vault/ledger"] == (try refs(wang))["refs/vault/ledger"])
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
        #expect(try vault(["-C", server, "verify"]).status == 0)
        #expect(try vault(["-C", wang, "push"]).stdout == "\(url) already has everything: nothing to push\n")

        // 李 commits another report on the old tip: refused, nothing sent, told to pull.
        try #require(
            try vault(
                [
                    "-C", li, "commit", Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path,
                    "-m", "西塘",
                ] + EndToEndTests.author
            ).status == 0)
        let before = try refs(server)
        let refused = try vault(["-C", li, "push"])
        expectOneErrorLine(
            refused, contains: ["the county vault has 1 revision you don't have: run 'vault pull' first", url])
        #expect(try refs(server) == before)
        let chinese = try vault(["-C", li, "push"], env: ["VAULT_LANG": "zh"])
        #expect(chinese.stderr.contains("县级报告库有 1 个你没有的版本：请先运行 'vault pull'"), "\(chinese.stderr)")

        // fetch brings the revision to refs/remotes/origin/main without moving li's branch.
        let mainBefore = try refs(li, "refs/heads")
        let fetch = try vault(["-C", li, "fetch"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(
            fetch.stdout.contains("refs/remotes/origin/main at \(theirs["refs/heads/main"]!.prefix(7))"),
            "\(fetch.stdout)")
        #expect(try refs(li, "refs/heads") == mainBefore)
        #expect((try refs(li))["refs/remotes/origin/vault/ledger"] == theirs["refs/vault/ledger"])

        // Resolved with plain git (the pull is another command's): li's commit on top, then pushed.
        #expect(
            try e2e.git(["-c", "user.name=李", "-c", "user.email=li@example.cn", "rebase", "-q", "origin/main"], li)
                .status == 0)
        let second = try vault(["-C", li, "push"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
    }

    @Test func aTagOfTheSameNameOnTheServerOrADivergedLedgerIsNotOverwritten() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let daemon = try gitDaemon(tmp.path)
        let url = "git://127.0.0.1:\(daemon.port)/county.git"
        for clerk in ["wang", "li", "zhao"] {
            try #require(try vault(["clone", url, tmp.path + "/" + clerk]).status == 0)
        }
        let wang = tmp.path + "/wang", li = tmp.path + "/li", zhao = tmp.path + "/zhao"
        try #require(try vault(["-C", wang, "tag", "submitted-2025-03", "-m", "王"] + EndToEndTests.author).status == 0)
        try #require(try vault(["-C", wang, "push"]).status == 0)
        let before = try refs(server)

        // 李 makes a tag of the same name: another tag object, refused by name.
        try #require(
            try vault(["-C", li, "tag", "submitted-2025-03", "-m", "李", "--author", "李审核 <li@example.cn>"]).status == 0)
        expectOneErrorLine(try vault(["-C", li, "push"]), contains: ["tag submitted-2025-03", "never moved", url])
        #expect(try refs(server) == before)

        // Another name: the ledgers diverged (two archivists tagged on two clones).
        try #require(try vault(["-C", zhao, "tag", "submitted-2025-04", "-m", "赵"] + EndToEndTests.author).status == 0)
        expectOneErrorLine(
            try vault(["-C", zhao, "push"]),
            contains: ["submission ledger has entries you don't have", "run 'vault pull' first", url])
        #expect(try refs(server) == before)
    }

    @Test func aRefusalByTheServerIsReportedWithItsMessage() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let daemon = try gitDaemon(tmp.path)
        let http = try httpServer(tmp.path)
        // A stand-in for the county's pre-receive check: says why and refuses.
        let hook = server + "/hooks/pre-receive"
        try Data("#!/bin/sh\necho 'county check: 2024/绥宁县长铺镇人民政府 is not signed off' >&2\nexit 1\n".utf8).write(
            to: URL(fileURLWithPath: hook))
        chmod(hook, 0o755)
        for (name, url) in [
            ("git", "git://127.0.0.1:\(daemon.port)/county.git"), ("http", "http://127.0.0.1:\(http.port)/county.git"),
        ] {
            let clerk = tmp.path + "/" + name
            try #require(try vault(["clone", url, clerk]).status == 0)
            try #require(
                try vault(["-C", clerk, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author).status == 0
            )
            let before = try refs(server)
            let push = try vault(["-C", clerk, "push"])
            expectOneErrorLine(
                push,
                contains: [
                    url, "refused refs/heads/main", "pre-receive hook declined",
                    "county check: 2024/绥宁县长铺镇人民政府 is not signed off",
                ])
            #expect(try refs(server) == before, "\(name)")
        }
    }

    // MARK: - Failures change nothing

    @Test func wrongURLUnreachableServerBadCredentialsAndSilenceEachSayOneLine() throws {
        let tmp = try TemporaryFolder()
        _ = try countyVault(tmp.path)
        let daemon = try gitDaemon(tmp.path)
        let http = try httpServer(tmp.path, auth: "clerk:s3cret")
        let silent = try Server("/usr/bin/env") { ["python3", Self.servers + "/silent-server.py", String($0)] }
        let closed = (try LoopbackPort.free())
        let clerk = tmp.path + "/clerk"
        try #require(try vault(["clone", "git://127.0.0.1:\(daemon.port)/county.git", clerk]).status == 0)

        let cases: [(url: String, shown: String, env: [String: String], says: String)] = [
            (
                "git://127.0.0.1:\(daemon.port)/no-such.git", "git://127.0.0.1:\(daemon.port)/no-such.git", [:],
                "no vault there"
            ),
            (
                "http://127.0.0.1:\(http.port)/no-such.git", "http://127.0.0.1:\(http.port)/no-such.git",
                ["VAULT_HTTP_USER": "clerk", "VAULT_HTTP_TOKEN": "s3cret"],
                "no vault there"
            ),
            (tmp.path + "/no-such", tmp.path + "/no-such", [:], "no vault there"),
            (
                "git://127.0.0.1:\(closed)/county.git", "git://127.0.0.1:\(closed)/county.git", [:],
                "cannot reach the server"
            ),
            (
                "http://clerk:wrong-pw@127.0.0.1:\(http.port)/county.git", "http://127.0.0.1:\(http.port)/county.git",
                [:], "the server refused the credentials"
            ),
            (
                "http://127.0.0.1:\(http.port)/county.git", "http://127.0.0.1:\(http.port)/county.git",
                ["VAULT_HTTP_USER": "clerk", "VAULT_HTTP_TOKEN": "wrong-token"],
                "the server refused the credentials"
            ),
            (
                "git://127.0.0.1:\(silent.port)/county.git", "git://127.0.0.1:\(silent.port)/county.git",
                ["VAULT_REMOTE_TIMEOUT": "2"], "no answer from the server for 2 s"
            ),
            (
                "http://clerk:s3cret@127.0.0.1:\(silent.port)/county.git", "http://127.0.0.1:\(silent.port)/county.git",
                ["VAULT_REMOTE_TIMEOUT": "2"],
                "no answer from the server for 2 s"
            ),
        ]
        for (i, c) in cases.enumerated() {
            // clone: one line, and no folder left behind.
            let target = tmp.path + "/attempt-\(i)"
            let start = Date()
            let clone = try vault(["clone", c.url, target], env: c.env)
            expectOneErrorLine(clone, contains: [c.says, c.shown])
            #expect(
                !clone.stderr.contains("wrong-pw") && !clone.stderr.contains("s3cret")
                    && !clone.stderr.contains("wrong-token"))
            #expect(!FileManager.default.fileExists(atPath: target), "\(c.url): \(target) left behind")
            #expect(Date().timeIntervalSince(start) < 20, "\(c.url) took \(Date().timeIntervalSince(start)) s")
            // fetch and push from a vault: one line, the vault unchanged.
            try #require(try vault(["-C", clerk, "remote", "add", "county\(i)", c.url]).status == 0)
            let before = try e2e.snapshot(clerk)
            for command in ["fetch", "push"] {
                let result = try vault(["-C", clerk, command, "county\(i)"], env: c.env)
                expectOneErrorLine(result, contains: [c.says, c.shown])
                #expect(!result.stderr.contains("wrong-pw") && !result.stderr.contains("wrong-token"))
            }
            #expect(try e2e.snapshot(clerk) == before, "\(c.url)")
        }
        // The right token works, and never shows.
        let good = try vault(
            ["clone", "http://127.0.0.1:\(http.port)/county.git", tmp.path + "/good"],
            env: ["VAULT_HTTP_USER": "clerk", "VAULT_HTTP_TOKEN": "s3cret"])
        #expect(good.status == 0, "\(good.stderr)")
        let inURL = try vault(["clone", "http://clerk:s3cret@127.0.0.1:\(http.port)/county.git", tmp.path + "/in-url"])
        #expect(inURL.status == 0 && !inURL.stdout.contains("s3cret"), "\(inURL.stdout)\(inURL.stderr)")
        #expect(
            try vault(["-C", tmp.path + "/in-url", "remote", "-v"]).stdout
                == "origin\thttp://127.0.0.1:\(http.port)/county.git (fetch)\norigin\thttp://127.0.0.1:\(http.port)/county.git (push)\n"
        )
    }

    // MARK: - ssh

    /// `sshd` on 127.0.0.1 with its own ed25519 host key, key-only login for the user running
    /// the tests, and the authorized keys in its folder; started with ``spawnServer`` and
    /// stopped by its PID. Clients get a HOME of their own (``home(_:key:knownHost:)``): the
    /// real ~/.ssh is never read.
    final class SSHServer {
        static let sshd = "/usr/sbin/sshd"
        /// The user the tests run as: sshd logs in as that user only.
        static let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let dir: String
        let port: Int
        let pid: pid_t
        /// The host key's line for known_hosts: `[127.0.0.1]:PORT ssh-ed25519 …`.
        let knownHostsLine: String

        init(in dir: String, authorizing keys: [String]) throws {
            self.dir = dir
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try SSHServer.keygen(dir + "/host_key")
            port = (try LoopbackPort.free())
            let hostKey = try String(contentsOfFile: dir + "/host_key.pub", encoding: .utf8).split(separator: " ")
            knownHostsLine = "[127.0.0.1]:\(port) \(hostKey[0]) \(hostKey[1])\n"
            try keys.map { try String(contentsOfFile: $0 + ".pub", encoding: .utf8) }.joined().write(
                toFile: dir + "/authorized_keys", atomically: true, encoding: .utf8)
            let config = """
                ListenAddress 127.0.0.1
                Port \(port)
                HostKey \(dir)/host_key
                AuthorizedKeysFile \(dir)/authorized_keys
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                PidFile \(dir)/sshd.pid

                """
            try config.write(toFile: dir + "/sshd_config", atomically: true, encoding: .utf8)
            // sshd refuses to start without its privilege separation folder.
            if !FileManager.default.fileExists(atPath: "/run/sshd") {
                try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            }
            pid = try spawnServer([Self.sshd, "-D", "-e", "-f", dir + "/sshd_config"], log: dir + "/sshd.log")
            for _ in 0..<100 {
                if LoopbackPort.accepts(port) { return }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { break }
                usleep(50_000)
            }
            stop()
            let log = (try? String(contentsOfFile: dir + "/sshd.log", encoding: .utf8)) ?? ""
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "sshd did not listen on \(port): \(log)"])
        }

        private var stopped = false

        func stop() {
            guard !stopped else { return }
            stopped = true
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }

        deinit { stop() }

        /// `ssh://USER@127.0.0.1:PORT/path`.
        func url(_ path: String, user: String? = SSHServer.user) -> String {
            "ssh://\(user.map { $0 + "@" } ?? "")127.0.0.1:\(port)\(path)"
        }

        /// A new key pair `path` and `path.pub` (ed25519 unless told, no passphrase).
        static func keygen(_ path: String, type: String = "ed25519") throws {
            let made = try run("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "vault-test", "-f", path])
            guard made.status == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "ssh-keygen: \(made.stderr)"])
            }
        }

        /// A client HOME at `path`: `.ssh/NAME` a copy of the key pair `key` (NAME: id_ed25519,
        /// or id_rsa for an RSA key), `.ssh/known_hosts` with this server's host key or empty.
        func home(_ path: String, key: String?, name: String = "id_ed25519", knownHost: Bool = true) throws -> String {
            let ssh = path + "/.ssh"
            try FileManager.default.createDirectory(atPath: ssh, withIntermediateDirectories: true)
            if let key {
                for suffix in ["", ".pub"] {
                    try FileManager.default.copyItem(atPath: key + suffix, toPath: ssh + "/" + name + suffix)
                }
            }
            try (knownHost ? knownHostsLine : "").write(toFile: ssh + "/known_hosts", atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func cloneFetchAndPushOverSSH() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let keys = tmp.path + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try SSHServer.keygen(keys + "/clerk")
        let ssh = try SSHServer(in: tmp.path + "/sshd", authorizing: [keys + "/clerk"])
        let env = ["HOME": try ssh.home(tmp.path + "/home", key: keys + "/clerk")]
        let url = ssh.url(server)
        let wang = tmp.path + "/wang", li = tmp.path + "/li"

        // Clone: the same vault as over any other transport; the URL kept as given.
        for clerk in [wang, li] {
            let clone = try vault(["clone", url, clerk], env: env)
            #expect(clone.status == 0, "\(clone.stderr)")
            #expect(clone.stdout.hasPrefix("cloned \(url) into \(clerk): main at "), "\(clone.stdout)")
            try expectFaithfulClone(clerk, of: server)
        }
        #expect(try vault(["-C", wang, "remote", "-v"]).stdout == "origin\t\(url) (fetch)\norigin\t\(url) (push)\n")
        // scp-like: libgit2 1.5 takes a port only as `[user@host:port]:path` (as git does);
        // `user@host:port:path` would go to port 22.
        let scp = "[\(SSHServer.user)@127.0.0.1:\(ssh.port)]:\(server)"
        let scpClone = try vault(["clone", scp, tmp.path + "/scp"], env: env)
        #expect(scpClone.status == 0, "\(scpClone.stderr)")
        try expectFaithfulClone(tmp.path + "/scp", of: server)
        // Without a user in the URL, libgit2 first asks for one: the user running vault.
        let noUser = try vault(
            ["clone", ssh.url(server, user: nil), tmp.path + "/no-user"],
            env: env.merging(["USER": SSHServer.user]) { $1 })
        #expect(noUser.status == 0, "\(noUser.stderr)")

        // Commit, tag and push: branch, tag and ledger reach the server, past its pre-receive hook.
        try #require(
            try vault(["-C", wang, "commit", EndToEndTests.draft2, "-m", "第二稿"] + EndToEndTests.author).status == 0)
        try #require(
            try vault(["-C", wang, "tag", "submitted-2025-02", "-m", "第二次报送"] + EndToEndTests.author).status == 0)
        let push = try vault(["-C", wang, "push"], env: env)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.hasPrefix("pushed to \(url):\n  refs/heads/main  "), "\(push.stdout)")
        let theirs = try refs(server), mine = try refs(wang)
        for name in ["refs/heads/main", "refs/tags/submitted-2025-02", "refs/vault/ledger"] {
            #expect(theirs[name] != nil && theirs[name] == mine[name], "\(name)")
        }
        #expect(try e2e.git(["fsck", "--strict"], server).status == 0)
        #expect(try vault(["-C", server, "verify"]).status == 0)
        #expect(try vault(["-C", wang, "push"], env: env).stdout == "\(url) already has everything: nothing to push\n")

        // Fetch brings them to the other clerk's remote-tracking references, his branch unmoved.
        let mainBefore = try refs(li, "refs/heads")
        let fetch = try vault(["-C", li, "fetch"], env: env)
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(
            fetch.stdout.contains("refs/remotes/origin/main at \(theirs["refs/heads/main"]!.prefix(7))"),
            "\(fetch.stdout)")
        #expect(try refs(li, "refs/heads") == mainBefore)
        #expect((try refs(li))["refs/remotes/origin/vault/ledger"] == theirs["refs/vault/ledger"])

        // The server vault's own pre-receive hook runs under sshd: a report committed by hand,
        // not as vault stores it, is refused with the hook's reason, and nothing changes.
        let stored = String(decoding: try FileInput.report(EndToEndTests.draft2).storedBytes, as: UTF8.self)
        try Data(stored.replacingOccurrences(of: "\n  ", with: "\n    ").utf8).write(
            to: URL(fileURLWithPath: wang + "/" + EndToEndTests.storedPath))
        try #require(
            try e2e.git(["-c", "user.name=王", "-c", "user.email=wang@example.cn", "commit", "-qam", "by hand"], wang)
                .status == 0)
        // vault itself says so before sending anything (and names vault fix-history); plain git
        // sends it, and the hook refuses it, in both languages (git tells it none).
        let refused = try vault(["-C", wang, "push"], env: env)
        expectOneErrorLine(refused, contains: ["not in the stored canonical form", "vault fix-history"])
        let home = env["HOME"]!
        let sshCommand =
            "ssh -F /dev/null -i \(home)/.ssh/id_ed25519 -o UserKnownHostsFile=\(home)/.ssh/known_hosts -o IdentitiesOnly=yes"
        let plain = try run(
            "/usr/bin/git", ["-C", wang, "push", "origin", "main"],
            environment: Self.isolated.merging(["GIT_SSH_COMMAND": sshCommand]) { $1 })
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("pre-receive hook declined"), "\(plain.stderr)")
        #expect(plain.stderr.contains("remote: error: push refused: refs/heads/main: "), "\(plain.stderr)")
        #expect(plain.stderr.contains("remote: 错误：推送被拒绝：refs/heads/main："), "\(plain.stderr)")
        #expect(try refs(server) == theirs)
    }

    @Test func sshFailuresSayOneLine() throws {
        let tmp = try TemporaryFolder()
        let server = try countyVault(tmp.path)
        let keys = tmp.path + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for (name, type) in [("clerk", "ed25519"), ("stranger", "ed25519"), ("rsa", "rsa")] {
            try SSHServer.keygen(keys + "/" + name, type: type)
        }
        // The RSA key is authorized: refused all the same, for libssh2's SHA-1 signature.
        let ssh = try SSHServer(in: tmp.path + "/sshd", authorizing: [keys + "/clerk", keys + "/rsa"])
        let url = ssh.url(server)
        let good = ["HOME": try ssh.home(tmp.path + "/good", key: keys + "/clerk")]
        let clerk = tmp.path + "/clerk"
        try #require(try vault(["clone", url, clerk], env: good).status == 0)

        let cases: [(name: String, home: String, says: String)] = [
            (
                "unknown host", try ssh.home(tmp.path + "/unknown-host", key: keys + "/clerk", knownHost: false),
                "the host key of [127.0.0.1]:\(ssh.port) is not in ~/.ssh/known_hosts"
            ),
            (
                "key not authorized", try ssh.home(tmp.path + "/stranger", key: keys + "/stranger"),
                "the server refused the ssh keys"
            ),
            (
                "rsa key", try ssh.home(tmp.path + "/rsa", key: keys + "/rsa", name: "id_rsa"),
                "use an ed25519 key (ssh-keygen -t ed25519)"
            ),
            ("no key", try ssh.home(tmp.path + "/no-key", key: nil), "no ssh key to offer"),
        ]
        for (i, c) in cases.enumerated() {
            let env = ["HOME": c.home]
            let target = tmp.path + "/attempt-\(i)"
            let clone = try vault(["clone", url, target], env: env)
            expectOneErrorLine(clone, contains: [c.says, url])
            #expect(!FileManager.default.fileExists(atPath: target), "\(c.name): \(target) left behind")
            let before = try e2e.snapshot(clerk)
            for command in ["fetch", "push"] {
                expectOneErrorLine(try vault(["-C", clerk, command], env: env), contains: [c.says, url])
            }
            #expect(try e2e.snapshot(clerk) == before, "\(c.name)")
        }
        let chinese = try vault(["clone", url, tmp.path + "/zh"], env: ["HOME": cases[0].home, "VAULT_LANG": "zh"])
        #expect(chinese.stderr.contains("[127.0.0.1]:\(ssh.port) 的主机密钥不在 ~/.ssh/known_hosts 中"), "\(chinese.stderr)")
        // Nothing listening on the port.
        let closed = "ssh://\(SSHServer.user)@127.0.0.1:\((try LoopbackPort.free()))\(server)"
        expectOneErrorLine(
            try vault(["clone", closed, tmp.path + "/closed"], env: good),
            contains: ["cannot reach the server", closed])
    }

    // MARK: - Remotes and URLs

    @Test func remotesAreAddedListedAndRemovedWithoutShowingCredentials() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(try vault(["-C", dir, "remote"]).stdout == "")
        #expect(
            try vault(["-C", dir, "remote", "add", "county", "https://clerk:tok3n@vault.county.example/county.git"])
                .status == 0)
        #expect(try vault(["-C", dir, "remote", "add", "backup", "git@backup.example:county.git"]).status == 0)
        #expect(try vault(["-C", dir, "remote"]).stdout == "backup\ncounty\n")
        let listed = try vault(["-C", dir, "remote", "-v"])
        #expect(
            listed.stdout
                == "backup\tgit@backup.example:county.git (fetch)\nbackup\tgit@backup.example:county.git (push)\ncounty\thttps://vault.county.example/county.git (fetch)\ncounty\thttps://vault.county.example/county.git (push)\n"
        )
        expectOneErrorLine(
            try vault(["-C", dir, "remote", "add", "county", "x"]), contains: ["a remote named 'county' already exists"]
        )
        expectOneErrorLine(
            try vault(["-C", dir, "remote", "add", "bad name", "x"]),
            contains: ["'bad name' is not a valid remote name"])
        #expect(try vault(["-C", dir, "remote", "remove", "county"]).status == 0)
        #expect(try e2e.git(["config", "--get-regexp", "remote.county"], dir).stdout == "")
        expectOneErrorLine(
            try vault(["-C", dir, "remote", "remove", "county"]), contains: ["no remote named 'county'"])
        expectOneErrorLine(try vault(["-C", dir, "fetch", "county"]), contains: ["no remote named 'county'"])
        #expect(try vault(["-C", dir, "remote", "frobnicate"]).status == 64)
    }

    @Test func unknownSSHHostsAreNamedAsKnownHostsNamesThem() {
        #expect(Vault.knownHostsName("127.0.0.1", port: 2222) == "[127.0.0.1]:2222")
        #expect(Vault.knownHostsName("vault.county.example", port: 22) == "vault.county.example")
        #expect(Vault.knownHostsName("vault.county.example", port: nil) == "vault.county.example")
    }

    @Test func urlsLoseTheirPasswordsAndTokens() {
        #expect(RemoteURL.redacted("https://clerk:tok3n@vault.example/c.git") == "https://vault.example/c.git")
        #expect(RemoteURL.redacted("https://tok3n@vault.example/c.git") == "https://vault.example/c.git")
        #expect(RemoteURL.redacted("http://127.0.0.1:8080/c.git") == "http://127.0.0.1:8080/c.git")
        #expect(RemoteURL.redacted("ssh://git:pw@host:2222/c.git") == "ssh://git@host:2222/c.git")
        #expect(RemoteURL.redacted("ssh://git@host/c.git") == "ssh://git@host/c.git")
        #expect(RemoteURL.redacted("git@host:county.git") == "git@host:county.git")
        #expect(RemoteURL.redacted("/srv/vaults/county.git") == "/srv/vaults/county.git")
        #expect(Vault.cloneFolder(for: "https://clerk:t@host/x/county.git", bare: false) == "county")
        #expect(Vault.cloneFolder(for: "git@host:county.git", bare: true) == "county.git")
        #expect(Vault.cloneFolder(for: "/srv/county/", bare: false) == "county")
    }
}
