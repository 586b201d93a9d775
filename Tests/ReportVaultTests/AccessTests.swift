import Foundation
import Testing
@testable import ReportVault

/// Per-unit permissions on the county vault: the access list (`vault access`), the server hook
/// enforcing it with the identity a real server authenticated — gitolite3 over a private sshd
/// (`GL_USER`) and nginx + fcgiwrap + git http-backend with Basic authentication
/// (`REMOTE_USER`), both started on 127.0.0.1 by `Fixtures/servers/county-servers.py` and
/// stopped by PID — and `vault push` saying before it sends what the server will refuse.
@Suite struct AccessTests {
    let e2e = EndToEndTests()
    let remote = RemoteTransportTests()

    static let changpu = "绥宁县长铺镇人民政府"
    static let jimin = "合水县吉岷镇人民政府"
    static let jiminPath = "reports/2024/合水县吉岷镇人民政府.json"
    static func sample(_ name: String) -> String { Fixtures.packageRoot.appendingPathComponent("samples/\(name).json").path }
    static let users = ["admin", "clerk1", "clerk2", "reviewer1", "archivist1", "stranger"]
    static let author = EndToEndTests.author

    /// A bare county vault at `folder/county.git`: the 长铺镇 and 吉岷镇 reports, submission
    /// `s1`, and the access list of the county: clerk1 keeps 长铺镇, clerk2 吉岷镇, reviewer1
    /// reviews, archivist1 submits, admin administers; "stranger" is not in it.
    func countyVault(_ folder: String) throws -> String {
        let server = folder + "/county.git"
        let created = try e2e.vault(["init", "--bare", server, "--admin", "admin"])
        try #require(created.status == 0, "\(created.stderr)")
        #expect(
            created.stdout.hasSuffix("access list: administrators admin; anonymous pushes refused (vault -C \(server)/ access grant USER --clerk UNIT adds a clerk)\n"),
            "\(created.stdout)")
        for args in [
            ["commit", Self.sample("changpu-2024"), "-m", "长铺镇初稿"], ["commit", Self.sample("jimin-2024"), "-m", "吉岷镇初稿"], ["tag", "s1", "-m", "报送"],
            ["access", "grant", "clerk1", "--clerk", Self.changpu], ["access", "grant", "clerk2", "--clerk", Self.jimin], ["access", "grant", "reviewer1", "--reviewer"],
            ["access", "grant", "archivist1", "--archivist"],
        ] {
            let result = try e2e.vault(["-C", server] + args + Self.author)
            try #require(result.status == 0, "\(args): \(result.stderr)")
        }
        return server
    }

    /// One of the county's real servers, serving a copy of a county vault; stopped (and its
    /// unix user removed) when released.
    final class CountyServer {
        static let script = Fixtures.root.appendingPathComponent("servers/county-servers.py").path
        let kind: String
        let dir: String
        /// The URL clerks clone, without credentials.
        let url: String
        /// The server's repository.
        let repo: String
        let port: Int
        private var keys: [String: String] = [:]
        private var knownHosts = ""
        private let clients: String

        init(_ kind: String, serving vault: String, in folder: String, users: [String]) throws {
            self.kind = kind
            dir = folder + "/\(kind)-server"
            clients = folder + "/\(kind)-homes"
            let arguments: [String]
            if kind == "gitolite" {
                arguments = ["gitolite-up", dir, vault] + users
            } else {
                // nginx serves the repositories of a folder: the vault moves there.
                let root = folder + "/http-repos"
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: vault, toPath: root + "/county.git")
                arguments = ["nginx-up", dir, root] + users.map { "\($0):\($0)-pw" }
            }
            let up = try run("/usr/bin/python3", [Self.script] + arguments)
            guard up.status == 0, let value = try? JSONParser.parse(up.stdout) else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(kind) did not start: \(up.stderr)"])
            }
            url = value[member: "url"]?.stringValue ?? ""
            port = Int(value[member: "port"]?.numberValue ?? 0)
            if kind == "gitolite" {
                repo = value[member: "repo"]?.stringValue ?? ""
                knownHosts = (value[member: "known_hosts"]?.stringValue ?? "") + "\n"
                if case .object(let members)? = value[member: "keys"] { for m in members { keys[m.name] = m.value.stringValue } }
            } else {
                repo = folder + "/http-repos/county.git"
            }
        }

        deinit { _ = try? run("/usr/bin/python3", [Self.script, "down", dir]) }

        /// The environment `vault` runs in for `user`: a HOME holding the user's ssh key and
        /// the server's host key, or the HTTP user and password.
        func vaultEnv(_ user: String) throws -> [String: String] {
            var env = RemoteTransportTests.isolated.merging(["VAULT_AUTHOR_NAME": user, "VAULT_AUTHOR_EMAIL": user + "@county.example"]) { $1 }
            if kind == "gitolite" {
                let home = clients + "/" + user
                let ssh = home + "/.ssh"
                if !FileManager.default.fileExists(atPath: ssh + "/id_ed25519"), let key = keys[user] {
                    try FileManager.default.createDirectory(atPath: ssh, withIntermediateDirectories: true)
                    for suffix in ["", ".pub"] { try FileManager.default.copyItem(atPath: key + suffix, toPath: ssh + "/id_ed25519" + suffix) }
                    try knownHosts.write(toFile: ssh + "/known_hosts", atomically: true, encoding: .utf8)
                }
                env["HOME"] = home
            } else {
                env["VAULT_HTTP_USER"] = user
                env["VAULT_HTTP_TOKEN"] = user + "-pw"
            }
            return env
        }

        /// The environment plain `git` pushes in as `user` (ssh with the user's key only).
        func gitEnv(_ user: String) throws -> [String: String] {
            var env = RemoteTransportTests.isolated
            if kind == "gitolite" {
                let home = try vaultEnv(user)["HOME"]!
                env["GIT_SSH_COMMAND"] =
                    "ssh -i \(home)/.ssh/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=\(home)/.ssh/known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR"
            }
            return env
        }

        /// Where plain git pushes as `user`: the URL, with the password for HTTP.
        func pushURL(_ user: String) -> String {
            kind == "gitolite" ? url : url.replacingOccurrences(of: "http://", with: "http://\(user):\(user)-pw@")
        }
    }

    func git(_ args: [String], _ dir: String, env: [String: String] = RemoteTransportTests.isolated) throws -> ProcessResult {
        try run("/usr/bin/git", ["-C", dir] + args, environment: env)
    }

    /// Sets the number `key` holds in the report file `path` of clone `dir` from `old` to `new`.
    func edit(_ dir: String, _ path: String, _ key: String, from old: String, to new: String) throws {
        let file = dir + "/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\"\(key)\": \(old)"), "\(path) has no \(key) \(old)")
        try text.replacingOccurrences(of: "\"\(key)\": \(old)", with: "\"\(key)\": \(new)").write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test(arguments: ["gitolite", "nginx"])
    func everyRuleHoldsOnARealServer(_ kind: String) throws {
        let tmp = try TemporaryFolder()
        // The hooks run as the server's own user (gitolite's, www-data): the test's folder is theirs to read.
        chmod(tmp.path, 0o755)
        let server = try CountyServer(kind, serving: try countyVault(tmp.path), in: tmp.path, users: Self.users)
        let county = server.repo
        // The server's repository belongs to the server's user: git and libgit2 read it as root
        // only where safe.directory says so (a HOME of the test's own).
        let rootHome = tmp.path + "/root-home"
        try FileManager.default.createDirectory(atPath: rootHome, withIntermediateDirectories: true)
        try "[safe]\n\tdirectory = *\n".write(toFile: rootHome + "/.gitconfig", atomically: true, encoding: .utf8)
        let asRoot = ["HOME": rootHome, "GIT_CONFIG_GLOBAL": rootHome + "/.gitconfig"]
        func onServer(_ args: [String]) throws -> ProcessResult { try run("/usr/bin/git", ["-C", county] + args, environment: asRoot) }
        func serverState() throws -> String {
            let refs = try onServer(["for-each-ref", "--format=%(refname) %(objectname)"])
            try #require(refs.status == 0 && !refs.stdout.isEmpty, "\(refs.stderr)")
            return refs.stdout + (try run("/usr/bin/find", [county + "/objects", "-type", "f"]).stdout.split(separator: "\n").sorted().joined(separator: "\n"))
        }
        /// `vault -C county ARGS` run as the server's user, who owns the repository.
        func vaultOnServer(_ args: [String]) throws -> ProcessResult {
            let owner = try FileManager.default.attributesOfItem(atPath: county)
            let uid = (owner[.ownerAccountID] as? NSNumber)?.intValue ?? 0, gid = (owner[.groupOwnerAccountID] as? NSNumber)?.intValue ?? 0
            return try run(
                "/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", EndToEndTests.vaultBinary, "-C", county] + args, environment: ["HOME": rootHome])
        }
        func tip(_ ref: String, _ dir: String? = nil) throws -> String {
            let result = try dir.map { try e2e.git(["rev-parse", ref], $0) } ?? onServer(["rev-parse", ref])
            try #require(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        func clone(_ user: String) throws -> String {
            let dir = tmp.path + "/\(user)-clone"
            let result = try e2e.vault(["clone", server.url, dir], env: try server.vaultEnv(user))
            try #require(result.status == 0, "\(user): \(result.stderr)")
            return dir
        }
        /// A plain git push as `user`: the refusal, or nil when it landed.
        func push(_ user: String, _ dir: String, _ refspecs: [String]) throws -> String? {
            let result = try git(["push", server.pushURL(user)] + refspecs, dir, env: try server.gitEnv(user))
            return result.status == 0 ? nil : result.stderr
        }
        /// A push that must be refused with `says` (English and Chinese), the server unchanged.
        func refused(_ user: String, _ dir: String, _ refspecs: [String], says: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = try serverState(), mine = try e2e.snapshot(dir)
            let refusal = try push(user, dir, refspecs)
            #expect(refusal?.contains("pre-receive hook declined") == true, "\(user) \(refspecs): \(refusal ?? "landed")", sourceLocation: sourceLocation)
            for part in says { #expect(refusal?.contains(part) == true, "\(refusal ?? "landed") lacks \(part)", sourceLocation: sourceLocation) }
            #expect(try serverState() == before, "the server changed", sourceLocation: sourceLocation)
            #expect(try e2e.snapshot(dir) == mine, "the clerk's clone changed", sourceLocation: sourceLocation)
        }
        let clerk1 = try clone("clerk1"), clerk2 = try clone("clerk2"), archivist = try clone("archivist1"), admin = try clone("admin")

        // A clerk changes their own unit's report: it lands.
        try edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try #require(try e2e.vault(["-C", clerk1, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + Self.author).status == 0)
        #expect(try push("clerk1", clerk1, ["main"]) == nil)
        #expect(try tip("main") == tip("main", clerk1))

        // Changing, adding or deleting another unit's report: refused, naming user, report and rule.
        let firstPull = try e2e.vault(["-C", clerk1, "pull"], env: try server.vaultEnv("clerk1"))
        try #require(firstPull.status == 0, "\(firstPull.stderr)")
        try edit(clerk1, Self.jiminPath, "generalBudgetGrant", from: "1010.31", to: "1012")
        try #require(try e2e.vault(["-C", clerk1, "commit", Self.jiminPath, "-m", "改了别人的"] + Self.author).status == 0)
        try refused(
            "clerk1", clerk1, ["main"],
            says: [
                "push refused: refs/heads/main: clerk1 may not change 2024/\(Self.jimin)", "only clerks of \(Self.jimin) may (clerk1: clerk of \(Self.changpu))",
                "推送被拒绝：refs/heads/main：clerk1 无权修改 2024/\(Self.jimin)",
            ])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)
        try #require(try e2e.vault(["-C", clerk1, "commit", Self.sample("xitang-2024"), "-m", "加了别人的"] + Self.author).status == 0)
        try refused("clerk1", clerk1, ["main"], says: ["clerk1 may not change 2024/岳阳市岳阳楼区西塘镇人民政府"])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)
        try #require(try git(["rm", "-q", Self.jiminPath], clerk1).status == 0)
        try #require(try git(["-c", "user.name=clerk1", "-c", "user.email=c@x", "commit", "-qm", "删了别人的"], clerk1).status == 0)
        try refused("clerk1", clerk1, ["main"], says: ["clerk1 may not change 2024/\(Self.jimin)"])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)

        // A user the server knows but the list does not: refused, whatever they push.
        let stranger = try clone("stranger")
        try edit(stranger, EndToEndTests.storedPath, "publicUse", from: "340", to: "341")
        try #require(try e2e.vault(["-C", stranger, "commit", EndToEndTests.storedPath, "-m", "陌生人"] + Self.author).status == 0)
        try refused("stranger", stranger, ["main"], says: ["user stranger is not in this county vault's access list", "用户 stranger 不在本县级库的权限表中"])

        // A submission by a clerk: refused; by the archivist: lands.
        try #require(try e2e.vault(["-C", clerk1, "tag", "s2", "-m", "报送"] + Self.author).status == 0)
        try refused(
            "clerk1", clerk1, ["refs/tags/s2", "refs/vault/ledger"],
            says: ["refs/tags/s2: clerk1 may not create or withdraw submission tags or change the ledger: only archivists may", "只有归档员可以"])
        try #require(try e2e.vault(["-C", archivist, "pull"], env: try server.vaultEnv("archivist1")).status == 0)
        try #require(try e2e.vault(["-C", archivist, "tag", "s2", "-m", "报送"] + Self.author).status == 0)
        #expect(try push("archivist1", archivist, ["refs/tags/s2", "refs/vault/ledger"]) == nil)
        #expect(try tip("refs/vault/ledger") == tip("refs/vault/ledger", archivist))

        // The access list: a clerk granting themself more is refused; the administrator's change lands.
        try #require(try e2e.vault(["-C", clerk2, "access", "grant", "clerk2", "--archivist"] + Self.author).status == 0)
        try refused("clerk2", clerk2, ["refs/vault/access"], says: ["refs/vault/access: clerk2 may not change the access list: only administrators may"])
        try #require(try e2e.vault(["-C", admin, "access", "grant", "clerk2", "--clerk", "岳阳市岳阳楼区西塘镇人民政府"] + Self.author).status == 0)
        #expect(try push("admin", admin, ["refs/vault/access"]) == nil)
        #expect(try vaultOnServer(["access", "check", "clerk2", "2024/岳阳市岳阳楼区西塘镇人民政府"]).stdout.contains("may add, change, rename and delete 2024/岳阳市岳阳楼区西塘镇人民政府"))

        // A clerk's merge that only brings in others' accepted commits lands: clerk2 changes 吉岷镇
        // and pushes; clerk1, with a change of their own, pulls (a merge) and pushes.
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk2).status == 0)
        try #require(try e2e.vault(["-C", clerk2, "pull"], env: try server.vaultEnv("clerk2")).status == 0)
        try edit(clerk2, Self.jiminPath, "generalBudgetGrant", from: "1010.31", to: "1011")
        try #require(try e2e.vault(["-C", clerk2, "commit", Self.jiminPath, "-m", "吉岷镇公用经费"] + Self.author).status == 0)
        #expect(try push("clerk2", clerk2, ["main"]) == nil)
        try edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "340", to: "339")
        try #require(try e2e.vault(["-C", clerk1, "commit", EndToEndTests.storedPath, "-m", "长铺镇公用经费"] + Self.author).status == 0)
        // (clerk1's refused submission goes: the archivist's s2 is the county's.)
        try #require(try git(["tag", "-d", "s2"], clerk1).status == 0)
        try #require(try git(["update-ref", "refs/vault/ledger", "refs/remotes/origin/vault/ledger"], clerk1).status == 0)
        let pulled = try e2e.vault(["-C", clerk1, "pull"], env: try server.vaultEnv("clerk1"))
        #expect(pulled.status == 0 && pulled.stdout.hasPrefix("merged origin/main"), "\(pulled.stdout)\(pulled.stderr)")
        #expect(try e2e.git(["rev-list", "--parents", "-n", "1", "main"], clerk1).stdout.split(separator: " ").count == 3)
        #expect(try push("clerk1", clerk1, ["main"]) == nil)
        #expect(try tip("main") == tip("main", clerk1))

        // vault push, knowing who its clerk is, says what the server would refuse before sending.
        try #require(try e2e.vault(["-C", clerk1, "config", "user", "clerk1"]).status == 0)
        try edit(clerk1, Self.jiminPath, "generalBudgetGrant", from: "1011", to: "1013")
        try #require(try e2e.vault(["-C", clerk1, "commit", Self.jiminPath, "-m", "又改了别人的"] + Self.author).status == 0)
        // The clerk's branch, tags, records and work tree (a push's fetch moves only origin/*).
        func clerkState() throws -> String {
            try git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags", "refs/vault"], clerk1).stdout + git(["status", "--porcelain"], clerk1).stdout
        }
        let before = try serverState(), mine = try clerkState()
        let precheck = try e2e.vault(["-C", clerk1, "push"], env: try server.vaultEnv("clerk1").merging(["VAULT_LANG": "zh"]) { $1 })
        #expect(precheck.status == 1 && precheck.stdout.isEmpty && precheck.stderr.split(separator: "\n").count == 1, "\(precheck.stderr)")
        for part in ["错误：\(server.url) 会拒绝 clerk1 的这次推送（1 个原因；什么都没有发送）：refs/heads/main：clerk1 无权修改 2024/\(Self.jimin)", "只有 \(Self.jimin) 的填报人可以"] {
            #expect(precheck.stderr.contains(part), "\(precheck.stderr) lacks \(part)")
        }
        #expect(try serverState() == before && clerkState() == mine)
        #expect(try e2e.vault(["-C", clerk1, "status"]).stdout.contains("you, on the county server: clerk1, clerk of \(Self.changpu)\n"))
        #expect(try onServer(["fsck", "--strict"]).status == 0)
        let verified = try vaultOnServer(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
