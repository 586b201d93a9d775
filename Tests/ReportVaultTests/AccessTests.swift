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
    static func sample(_ name: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("samples/\(name).json").path
    }
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
            created.stdout.hasSuffix(
                "access list: administrators admin; anonymous pushes refused (vault -C \(server)/ access grant USER --clerk UNIT adds a clerk)\n"
            ),
            "\(created.stdout)")
        for args in [
            ["commit", Self.sample("changpu-2024"), "-m", "长铺镇初稿"],
            ["commit", Self.sample("jimin-2024"), "-m", "吉岷镇初稿"], ["tag", "s1", "-m", "报送"],
            ["access", "grant", "clerk1", "--clerk", Self.changpu],
            ["access", "grant", "clerk2", "--clerk", Self.jimin], ["access", "grant", "reviewer1", "--reviewer"],
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
                throw CocoaError(
                    .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(kind) did not start: \(up.stderr)"])
            }
            url = value[member: "url"]?.stringValue ?? ""
            port = Int(value[member: "port"]?.numberValue ?? 0)
            if kind == "gitolite" {
                repo = value[member: "repo"]?.stringValue ?? ""
                knownHosts = (value[member: "known_hosts"]?.stringValue ?? "") + "\n"
                if case .object(let members)? = value[member: "keys"] {
                    for m in members { keys[m.name] = m.value.stringValue }
                }
            } else {
                repo = folder + "/http-repos/county.git"
            }
        }

        deinit { _ = try? run("/usr/bin/python3", [Self.script, "down", dir]) }

        /// The environment `vault` runs in for `user`: a HOME holding the user's ssh key and
        /// the server's host key, or the HTTP user and password.
        func vaultEnv(_ user: String) throws -> [String: String] {
            var env = RemoteTransportTests.isolated.merging([
                "VAULT_AUTHOR_NAME": user, "VAULT_AUTHOR_EMAIL": user + "@county.example",
            ]) { $1 }
            if kind == "gitolite" {
                let home = clients + "/" + user
                let ssh = home + "/.ssh"
                if !FileManager.default.fileExists(atPath: ssh + "/id_ed25519"), let key = keys[user] {
                    try FileManager.default.createDirectory(atPath: ssh, withIntermediateDirectories: true)
                    for suffix in ["", ".pub"] {
                        try FileManager.default.copyItem(atPath: key + suffix, toPath: ssh + "/id_ed25519" + suffix)
                    }
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

    func git(
        _ args: [String], _ dir: String, env: [String: String] = RemoteTransportTests.isolated
    ) throws -> ProcessResult {
        try run("/usr/bin/git", ["-C", dir] + args, environment: env)
    }

    /// Sets the number `key` holds in the report file `path` of clone `dir` from `old` to `new`.
    func edit(_ dir: String, _ path: String, _ key: String, from old: String, to new: String) throws {
        let file = dir + "/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\"\(key)\": \(old)"), "\(path) has no \(key) \(old)")
        try text.replacingOccurrences(of: "\"\(key)\": \(old)", with: "\"\(key)\": \(new)").write(
            toFile: file, atomically: true, encoding: .utf8)
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
        func onServer(_ args: [String]) throws -> ProcessResult {
            try run("/usr/bin/git", ["-C", county] + args, environment: asRoot)
        }
        func serverState() throws -> String {
            let refs = try onServer(["for-each-ref", "--format=%(refname) %(objectname)"])
            try #require(refs.status == 0 && !refs.stdout.isEmpty, "\(refs.stderr)")
            return refs.stdout
                + (try run("/usr/bin/find", [county + "/objects", "-type", "f"]).stdout.split(separator: "\n").sorted()
                    .joined(separator: "\n"))
        }
        /// `vault -C county ARGS` run as the server's user, who owns the repository.
        func vaultOnServer(_ args: [String]) throws -> ProcessResult {
            let owner = try FileManager.default.attributesOfItem(atPath: county)
            let uid = (owner[.ownerAccountID] as? NSNumber)?.intValue ?? 0,
                gid = (owner[.groupOwnerAccountID] as? NSNumber)?.intValue ?? 0
            return try run(
                "/usr/bin/setpriv",
                ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", EndToEndTests.vaultBinary, "-C", county] + args,
                environment: ["HOME": rootHome])
        }
        func tip(_ ref: String, _ dir: String? = nil) throws -> String {
            let result = try dir.map { try e2e.git(["rev-parse", ref], $0) } ?? onServer(["rev-parse", ref])
            try #require(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        func clone(_ user: String, _ name: String? = nil) throws -> String {
            let dir = tmp.path + "/\(name ?? user)-clone"
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
        func refused(
            _ user: String, _ dir: String, _ refspecs: [String], says: [String],
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let before = try serverState(), mine = try e2e.snapshot(dir)
            let refusal = try push(user, dir, refspecs)
            #expect(
                refusal?.contains("pre-receive hook declined") == true, "\(user) \(refspecs): \(refusal ?? "landed")",
                sourceLocation: sourceLocation)
            for part in says {
                #expect(
                    refusal?.contains(part) == true, "\(refusal ?? "landed") lacks \(part)",
                    sourceLocation: sourceLocation)
            }
            #expect(try serverState() == before, "the server changed", sourceLocation: sourceLocation)
            #expect(try e2e.snapshot(dir) == mine, "the clerk's clone changed", sourceLocation: sourceLocation)
        }
        let clerk1 = try clone("clerk1"), clerk2 = try clone("clerk2"), archivist = try clone("archivist1"),
            admin = try clone("admin")

        // A clerk changes their own unit's report: it lands.
        try edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try #require(
            try e2e.vault(["-C", clerk1, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + Self.author).status == 0)
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
                "push refused: refs/heads/main: clerk1 may not change 2024/\(Self.jimin)",
                "only clerks of \(Self.jimin) may (clerk1: clerk of \(Self.changpu))",
                "推送被拒绝：refs/heads/main：clerk1 无权修改 2024/\(Self.jimin)",
            ])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)
        try #require(
            try e2e.vault(["-C", clerk1, "commit", Self.sample("xitang-2024"), "-m", "加了别人的"] + Self.author).status == 0
        )
        try refused("clerk1", clerk1, ["main"], says: ["clerk1 may not change 2024/岳阳市岳阳楼区西塘镇人民政府"])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)
        try #require(try git(["rm", "-q", Self.jiminPath], clerk1).status == 0)
        try #require(
            try git(["-c", "user.name=clerk1", "-c", "user.email=c@x", "commit", "-qm", "删了别人的"], clerk1).status == 0)
        try refused("clerk1", clerk1, ["main"], says: ["clerk1 may not change 2024/\(Self.jimin)"])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)
        try #require(try git(["mv", Self.jiminPath, "reports/2024/改名.json"], clerk1).status == 0)
        try #require(
            try git(["-c", "user.name=clerk1", "-c", "user.email=c@x", "commit", "-qm", "改了别人的名"], clerk1).status == 0)
        try refused("clerk1", clerk1, ["main"], says: ["clerk1 may not change 2024/\(Self.jimin)"])
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk1).status == 0)

        // A user the server knows but the list does not: refused, whatever they push.
        let stranger = try clone("stranger")
        try edit(stranger, EndToEndTests.storedPath, "publicUse", from: "340", to: "341")
        try #require(
            try e2e.vault(["-C", stranger, "commit", EndToEndTests.storedPath, "-m", "陌生人"] + Self.author).status == 0)
        try refused(
            "stranger", stranger, ["main"],
            says: ["user stranger is not in this county vault's access list", "用户 stranger 不在本县级库的权限表中"])

        // A submission by a clerk: refused; by the archivist: lands.
        try #require(try e2e.vault(["-C", clerk1, "tag", "s2", "-m", "报送"] + Self.author).status == 0)
        try refused(
            "clerk1", clerk1, ["refs/tags/s2", "refs/vault/ledger"],
            says: [
                "refs/tags/s2: clerk1 may not create or withdraw submission tags or change the ledger: only archivists may",
                "只有归档员可以",
            ])
        try #require(try e2e.vault(["-C", archivist, "pull"], env: try server.vaultEnv("archivist1")).status == 0)
        try #require(try e2e.vault(["-C", archivist, "tag", "s2", "-m", "报送"] + Self.author).status == 0)
        #expect(try push("archivist1", archivist, ["refs/tags/s2", "refs/vault/ledger"]) == nil)
        #expect(try tip("refs/vault/ledger") == tip("refs/vault/ledger", archivist))

        // A withdrawal: a clerk's is refused; the archivist's, sent by vault push (which checks
        // the list first, knowing its user), lands.
        let withdrawing = try clone("clerk1", "clerk1-withdrawing")
        try #require(
            try e2e.vault(["-C", withdrawing, "tag", "s1", "--withdraw", "-m", "错报"] + Self.author).status == 0)
        try refused(
            "clerk1", withdrawing, [":refs/tags/s1", "refs/vault/withdrawn/s1", "refs/vault/ledger"],
            says: ["clerk1 may not create or withdraw submission tags or change the ledger: only archivists may"])
        try #require(try e2e.vault(["-C", archivist, "config", "user", "archivist1"]).status == 0)
        try #require(try e2e.vault(["-C", archivist, "tag", "s1", "--withdraw", "-m", "错报"] + Self.author).status == 0)
        let withdrawn = try e2e.vault(["-C", archivist, "push"], env: try server.vaultEnv("archivist1"))
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        #expect(try onServer(["rev-parse", "-q", "--verify", "refs/tags/s1"]).status != 0)
        #expect(try tip("refs/vault/withdrawn/s1") == tip("refs/vault/withdrawn/s1", archivist))

        // The access list: a clerk granting themself more is refused; the administrator's change lands.
        try #require(
            try e2e.vault(["-C", clerk2, "access", "grant", "clerk2", "--archivist"] + Self.author).status == 0)
        try refused(
            "clerk2", clerk2, ["refs/vault/access"],
            says: ["refs/vault/access: clerk2 may not change the access list: only administrators may"])
        try #require(
            try e2e.vault(["-C", admin, "access", "grant", "clerk2", "--clerk", "岳阳市岳阳楼区西塘镇人民政府"] + Self.author).status
                == 0)
        #expect(try push("admin", admin, ["refs/vault/access"]) == nil)
        #expect(
            try vaultOnServer(["access", "check", "clerk2", "2024/岳阳市岳阳楼区西塘镇人民政府"]).stdout.contains(
                "may add, change, rename and delete 2024/岳阳市岳阳楼区西塘镇人民政府"))

        // A clerk's merge that only brings in others' accepted commits lands: clerk2 changes 吉岷镇
        // and pushes; clerk1, with a change of their own, pulls (a merge) and pushes.
        try #require(try git(["reset", "-q", "--hard", "origin/main"], clerk2).status == 0)
        try #require(try e2e.vault(["-C", clerk2, "pull"], env: try server.vaultEnv("clerk2")).status == 0)
        try edit(clerk2, Self.jiminPath, "generalBudgetGrant", from: "1010.31", to: "1011")
        try #require(
            try e2e.vault(["-C", clerk2, "commit", Self.jiminPath, "-m", "吉岷镇公用经费"] + Self.author).status == 0)
        #expect(try push("clerk2", clerk2, ["main"]) == nil)
        try edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "340", to: "339")
        try #require(
            try e2e.vault(["-C", clerk1, "commit", EndToEndTests.storedPath, "-m", "长铺镇公用经费"] + Self.author).status == 0
        )
        // (clerk1's refused submission goes: the archivist's s2 is the county's.)
        try #require(try git(["tag", "-d", "s2"], clerk1).status == 0)
        try #require(
            try git(["update-ref", "refs/vault/ledger", "refs/remotes/origin/vault/ledger"], clerk1).status == 0)
        let pulled = try e2e.vault(["-C", clerk1, "pull"], env: try server.vaultEnv("clerk1"))
        #expect(pulled.status == 0 && pulled.stdout.hasPrefix("merged origin/main"), "\(pulled.stdout)\(pulled.stderr)")
        #expect(
            try e2e.git(["rev-list", "--parents", "-n", "1", "main"], clerk1).stdout.split(separator: " ").count == 3)
        #expect(try push("clerk1", clerk1, ["main"]) == nil)
        #expect(try tip("main") == tip("main", clerk1))

        // vault push, knowing who its clerk is, says what the server would refuse before sending.
        try #require(try e2e.vault(["-C", clerk1, "config", "user", "clerk1"]).status == 0)
        try edit(clerk1, Self.jiminPath, "generalBudgetGrant", from: "1011", to: "1013")
        try #require(try e2e.vault(["-C", clerk1, "commit", Self.jiminPath, "-m", "又改了别人的"] + Self.author).status == 0)
        // The clerk's branch, tags, records and work tree (a push's fetch moves only origin/*).
        func clerkState() throws -> String {
            try git(
                ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags", "refs/vault"], clerk1
            ).stdout + git(["status", "--porcelain"], clerk1).stdout
        }
        let before = try serverState(), mine = try clerkState()
        let precheck = try e2e.vault(
            ["-C", clerk1, "push"], env: try server.vaultEnv("clerk1").merging(["VAULT_LANG": "zh"]) { $1 })
        #expect(
            precheck.status == 5 && precheck.stdout.isEmpty && precheck.stderr.split(separator: "\n").count == 1,
            "\(precheck.stderr)")
        for part in [
            "错误：\(server.url) 会拒绝 clerk1 的这次推送（1 个原因；什么都没有发送）：refs/heads/main：clerk1 无权修改 2024/\(Self.jimin)",
            "只有 \(Self.jimin) 的填报人可以",
        ] {
            #expect(precheck.stderr.contains(part), "\(precheck.stderr) lacks \(part)")
        }
        #expect(try serverState() == before && clerkState() == mine)
        #expect(
            try e2e.vault(["-C", clerk1, "status"]).stdout.contains(
                "you, on the county server: clerk1, clerk of \(Self.changpu)\n"))
        #expect(try onServer(["fsck", "--strict"]).status == 0)
        let verified = try vaultOnServer(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}

/// The access rules checked in the server's folder: git runs the hook with the pusher's own
/// environment there, so `GL_USER` set by the test stands for the identity a server gives.
@Suite struct AccessRuleTests {
    let e2e = EndToEndTests()
    let access = AccessTests()

    /// A clone of the county vault, and a plain git push from it as `user` (nil: landed).
    func push(
        _ dir: String, as user: String?, _ refspecs: [String] = ["main"], env: [String: String] = [:]
    ) throws -> String? {
        var environment = RemoteTransportTests.isolated.merging(env) { $1 }
        if let user { environment["GL_USER"] = user }
        let result = try run("/usr/bin/git", ["-C", dir, "push", "origin"] + refspecs, environment: environment)
        return result.status == 0 ? nil : result.stderr
    }

    func gitCommit(_ dir: String, _ message: String) throws {
        let result = try run(
            "/usr/bin/git", ["-C", dir, "-c", "user.name=clerk", "-c", "user.email=c@x", "commit", "-aqm", message])
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test func theIdentityIsTheOneTheTransportAuthenticated() {
        func of(_ env: [String: String], local: Bool = false) -> AccessIdentity {
            AccessIdentity.of(hookEnvironment: env, pushedLocally: local)
        }
        #expect(of(["GL_USER": "clerk1", "REMOTE_USER": "other", "USER": "git"]) == .user("clerk1"))
        #expect(
            of(["REMOTE_USER": "clerk2", "REMOTE_ADDR": "127.0.0.1", "GATEWAY_INTERFACE": "CGI/1.1"]) == .user("clerk2")
        )
        #expect(of(["SSH_CONNECTION": "127.0.0.1 4 127.0.0.1 22", "USER": "wang"]) == .user("wang"))
        #expect(of(["REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "5", "USER": "root"]) == .anonymous)
        #expect(of(["GATEWAY_INTERFACE": "CGI/1.1", "REMOTE_USER": ""]) == .anonymous)
        // git daemon under inetd or xinetd sets nothing or REMOTE_HOST: not local, so anonymous.
        #expect(of(["GL_USER": "", "USER": "root", "HOME": "/root"]) == .anonymous)
        #expect(of(["REMOTE_HOST": "10.0.0.9"]) == .anonymous)
        // A git push into the server's folder is local, whoever is logged in; a server's user still counts.
        #expect(of(["SSH_CONNECTION": "127.0.0.1 4 127.0.0.1 22", "USER": "git"], local: true) == .local)
        #expect(of(["GL_USER": "admin"], local: true) == .user("admin"))
    }

    @Test func theAccessListReadsOnlyWhatVaultWrites() throws {
        let list = AccessList(users: [
            AccessList.User(name: "wang", clerkOf: ["乙镇", "甲镇", "乙镇"], archivist: true),
            AccessList.User(name: "admin", admin: true), AccessList.User(name: "nobody"),
        ])
        #expect(list.users.map(\.name) == ["admin", "wang"])
        #expect(list.user("wang")?.clerkOf == ["乙镇", "甲镇"])
        #expect(try AccessList(stored: list.stored) == list)
        #expect(
            String(decoding: list.stored, as: UTF8.self).contains(
                "\"clerkOf\": [\n        \"乙镇\",\n        \"甲镇\"\n      ],"))
        let bad: [(String, String)] = [
            (#"{"anonymousWrites":false,"users":[],"version":1,"extra":1}"#, "a member \"extra\" vault does not know"),
            (#"{"anonymousWrites":false,"users":[],"version":2}"#, "not version 1"),
            (#"{"anonymousWrites":false,"users":[{"name":"a","roles":["boss"]}],"version":1}"#, "boss is not a role"),
            (
                #"{"anonymousWrites":false,"users":[{"name":"a","roles":["clerk"]}],"version":1}"#,
                "a clerk names the units"
            ),
            (
                #"{"anonymousWrites":false,"users":[{"name":"a","roles":["admin"],"clerkOf":["甲镇"]}],"version":1}"#,
                "a clerk names the units"
            ),
            (
                #"{"anonymousWrites":false,"users":[{"name":"a","roles":["admin"]},{"name":"a","roles":["admin"]}],"version":1}"#,
                "listed twice"
            ),
            (
                #"{"anonymousWrites":false,"users":[{"name":"a b","roles":["admin"]}],"version":1}"#,
                "cannot be a user name"
            ),
            (
                #"{"anonymousWrites":false,"users":[{"name":"a","roles":["clerk"],"clerkOf":["../x"]}],"version":1}"#,
                "cannot be a unit name"
            ),
            (#"[1]"#, "not a JSON object"),
        ]
        for (text, says) in bad {
            #expect(throws: VaultError.self, "\(text)") { try AccessList(stored: Array(text.utf8)) }
            do { _ = try AccessList(stored: Array(text.utf8)) } catch {
                #expect(error.message.text(.en).contains(says), "\(error.message.text(.en))")
            }
        }
    }

    /// A county vault in the test's folder with its access list, and two clerks' clones of it.
    func county() throws -> (TemporaryFolder, server: String, clerk1: String, clerk2: String) {
        let tmp = try TemporaryFolder()
        let server = try access.countyVault(tmp.path)
        return (
            tmp, server, try access.remote.cloned(server, to: tmp.path + "/clerk1"),
            try access.remote.cloned(server, to: tmp.path + "/clerk2")
        )
    }

    @Test func aRenameOrAMergeThatUndoesAnotherUnitsChangeIsRefused() throws {
        let (tmp, server, clerk1, clerk2) = try county()
        _ = tmp
        // A rename counts for the report it takes away.
        try #require(
            try run("/usr/bin/git", ["-C", clerk1, "mv", AccessTests.jiminPath, "reports/2024/改名.json"]).status == 0)
        try gitCommit(clerk1, "改名")
        let renamed = try push(clerk1, as: "clerk1")
        #expect(renamed?.contains("clerk1 may not change 2024/\(AccessTests.jimin)") == true, "\(renamed ?? "landed")")
        try #require(try run("/usr/bin/git", ["-C", clerk1, "reset", "-q", "--hard", "origin/main"]).status == 0)

        // clerk2 corrects 吉岷镇 and pushes; clerk1 merges it keeping their own (older) side of
        // everything: the merge undoes clerk2's change, and is refused as clerk1's change of 吉岷镇.
        try access.edit(clerk2, AccessTests.jiminPath, "generalBudgetGrant", from: "1010.31", to: "1011")
        try gitCommit(clerk2, "吉岷镇")
        #expect(try push(clerk2, as: "clerk2") == nil)
        try access.edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try gitCommit(clerk1, "长铺镇")
        try #require(try run("/usr/bin/git", ["-C", clerk1, "fetch", "-q", "origin"]).status == 0)
        let ours = try run(
            "/usr/bin/git",
            [
                "-C", clerk1, "-c", "user.name=clerk", "-c", "user.email=c@x", "merge", "-q", "-s", "ours",
                "origin/main", "-m", "合并",
            ])
        try #require(ours.status == 0, "\(ours.stderr)")
        let merge = try e2e.git(["rev-parse", "--short", "HEAD"], clerk1).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let undone = try push(clerk1, as: "clerk1")
        #expect(
            undone?.contains("clerk1 may not change 2024/\(AccessTests.jimin) (commit \(merge))") == true,
            "\(undone ?? "landed")")
        // The same merge done honestly lands.
        try #require(try run("/usr/bin/git", ["-C", clerk1, "reset", "-q", "--hard", "HEAD^1"]).status == 0)
        let honest = try run(
            "/usr/bin/git",
            ["-C", clerk1, "-c", "user.name=clerk", "-c", "user.email=c@x", "merge", "-q", "origin/main", "-m", "合并"])
        try #require(honest.status == 0, "\(honest.stderr)")
        #expect(try push(clerk1, as: "clerk1") == nil)
        #expect(try e2e.git(["rev-parse", "main"], server).stdout == e2e.git(["rev-parse", "main"], clerk1).stdout)
    }

    @Test func theAccessListIsNeverRewrittenDeletedOrLeftWithoutAnAdministrator() throws {
        let (tmp, server, admin, _) = try county()
        _ = tmp
        let author = AccessTests.author
        try #require(
            try run("/usr/bin/git", ["-C", admin, "fetch", "-q", "origin", "+refs/vault/*:refs/vault/*"]).status == 0)
        let first = try e2e.git(["rev-parse", "refs/vault/access"], admin).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        // The administrator's own change lands; the same by a clerk does not.
        try #require(try e2e.vault(["-C", admin, "access", "grant", "li", "--reviewer"] + author).status == 0)
        let byClerk = try push(admin, as: "clerk1", ["refs/vault/access"])
        #expect(
            byClerk?.contains(
                "refs/vault/access: clerk1 may not change the access list: only administrators may (clerk1: clerk of \(AccessTests.changpu))"
            ) == true)
        #expect(try push(admin, as: "admin", ["refs/vault/access"]) == nil)
        // Leaving no administrator: vault refuses to write such a list, and the server to take one
        // written with plain git.
        let last = try e2e.vault(["-C", admin, "access", "revoke", "admin", "--admin"] + author)
        #expect(
            last.status == 2 && last.stderr.hasPrefix("error: admin is the access list's last administrator"),
            "\(last.stderr)")
        let noAdminList = #"{"anonymousWrites":false,"users":[{"name":"li","roles":["reviewer"]}],"version":1}"#
        let blob = try run(
            "/usr/bin/git", ["-C", admin, "hash-object", "-w", "--stdin"], stdin: Array(noAdminList.utf8)
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = try run(
            "/usr/bin/git", ["-C", admin, "mktree"], stdin: Array("100644 blob \(blob)\taccess.json\n".utf8)
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try run(
            "/usr/bin/git",
            [
                "-C", admin, "-c", "user.name=admin", "-c", "user.email=a@x", "commit-tree", tree, "-p",
                "refs/vault/access", "-m", "access: no admin",
            ]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try run("/usr/bin/git", ["-C", admin, "update-ref", "refs/vault/access", commit]).status == 0)
        let noAdmin = try push(admin, as: "admin", ["refs/vault/access"])
        #expect(
            noAdmin?.contains("the access list would leave the county vault without an administrator") == true,
            "\(noAdmin ?? "landed")")
        // Put back to an older list, or deleted: refused.
        let before = try e2e.snapshot(server)
        let rewritten = try push(admin, as: "admin", ["+\(first):refs/vault/access"])
        #expect(rewritten?.contains("the access list is never rewritten") == true, "\(rewritten ?? "landed")")
        let deleted = try push(admin, as: "admin", [":refs/vault/access"])
        #expect(deleted?.contains("the access list is never deleted") == true, "\(deleted ?? "landed")")
        #expect(try e2e.snapshot(server) == before)
    }

    @Test func gitDaemonPushesAreAnonymousAndRefusedUnlessAllowed() throws {
        let tmp = try TemporaryFolder()
        let server = try access.countyVault(tmp.path)
        let daemon = try GitDaemon(base: tmp.path)
        defer { daemon.stop() }
        let clerk = tmp.path + "/clerk"
        try #require(try e2e.vault(["clone", daemon.url("county.git"), clerk]).status == 0)
        try access.edit(clerk, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try #require(
            try e2e.vault(["-C", clerk, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + AccessTests.author).status
                == 0)
        let before = try e2e.snapshot(server)
        let refused = try e2e.vault(["-C", clerk, "push"])
        #expect(
            refused.status == 5
                && refused.stderr.contains(
                    "refs/heads/main: this county vault takes no pushes without a user name (git daemon"),
            "\(refused.stderr)")
        #expect(try e2e.snapshot(server) == before)
        // Allowed by the administrator: the push lands; the access list stays the administrator's.
        let allowed = try e2e.vault(["-C", server, "access", "anonymous", "write"] + AccessTests.author)
        #expect(allowed.stdout == "anonymous pushes (git daemon): allowed, for everything but the access list\n")
        #expect(try e2e.vault(["-C", clerk, "push"]).status == 0)
        #expect(try e2e.git(["rev-parse", "main"], server).stdout == e2e.git(["rev-parse", "main"], clerk).stdout)
        try #require(try e2e.vault(["-C", clerk, "pull"]).status == 0)
        try #require(
            try e2e.vault(["-C", clerk, "access", "grant", "anyone", "--admin"] + AccessTests.author).status == 0)
        let list = try e2e.vault(["-C", clerk, "push"])
        #expect(
            list.status == 5
                && list.stderr.contains("refs/vault/access: an anonymous pusher may not change the access list"),
            "\(list.stderr)")
    }

    @Test func aPullBringsTheAdministratorsChangeAndStatusShowsTheRole() throws {
        let (tmp, server, clerk1, _) = try county()
        _ = tmp
        #expect(
            try e2e.vault(["-C", clerk1, "config", "user"]).stdout
                == "no user name on the county server set (vault config user NAME)\n")
        #expect(
            try e2e.vault(["-C", clerk1, "config", "user", "clerk1"]).stdout == "user on the county server: clerk1\n")
        #expect(
            try e2e.vault(["-C", clerk1, "status"]).stdout.contains(
                "you, on the county server: clerk1, clerk of \(AccessTests.changpu)\n"))
        let granted = try e2e.vault(["-C", server, "access", "grant", "clerk1", "--archivist"] + AccessTests.author)
        #expect(
            granted.stdout == "access list: clerk1 is clerk of \(AccessTests.changpu), archivist\n",
            "\(granted.stdout)\(granted.stderr)")
        let pulled = try e2e.vault(["-C", clerk1, "pull"] + AccessTests.author)
        #expect(pulled.stdout.contains("access list: updated from origin/main\n"), "\(pulled.stdout)")
        #expect(
            try e2e.git(["rev-parse", "refs/vault/access"], clerk1).stdout
                == e2e.git(["rev-parse", "refs/vault/access"], server).stdout)
        let zh = try e2e.vault(["-C", clerk1, "status"], env: ["VAULT_LANG": "zh"])
        #expect(zh.stdout.contains("你在县级服务器上的身份：clerk1，\(AccessTests.changpu) 的填报人，归档员\n"), "\(zh.stdout)")
        // Removed from the list: status says the pushes will be refused.
        try #require(try e2e.vault(["-C", server, "access", "revoke", "clerk1"] + AccessTests.author).status == 0)
        try #require(try e2e.vault(["-C", clerk1, "fetch"]).status == 0)
        let removed =
            "you, on the county server: clerk1, not in its access list (your pushes will be refused; ask the administrator)\n"
        #expect(try e2e.vault(["-C", clerk1, "status"]).stdout.contains(removed))
    }

    @Test func badAccessCommandsSayOneLineAndChangeNothing() throws {
        let (tmp, server, _, _) = try county()
        let before = try e2e.snapshot(server)
        for (args, says) in [
            (["access", "revoke", "nobody"], "error: nobody is not in the access list"),
            (["access", "revoke", "clerk1", "--clerk", "别的镇"], "error: clerk1 is not a clerk of 别的镇"),
            (["access", "grant", "a b", "--reviewer"], "error: \"a b\" cannot be a user name"),
            (["access", "grant", "li", "--clerk", "a/b"], "error: "),
            (
                ["access", "grant", "li"],
                "error: name a role to grant: --clerk UNIT, --reviewer, --archivist or --admin"
            ),
            (["access", "anonymous", "maybe"], "error: anonymous takes read or write, not \"maybe\""),
        ] {
            let result = try e2e.vault(["-C", server] + args + AccessTests.author)
            #expect(result.status != 0 && result.stderr.hasPrefix(says), "\(args): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try e2e.snapshot(server) == before)
        let plain = try e2e.vault(["init", tmp.path + "/plain", "--admin", "x"])
        #expect(
            plain.status != 0
                && plain.stderr.hasPrefix(
                    "error: --admin names the administrators of a county vault: use it with --bare"),
            "\(plain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/plain"))
        // check: what a user may do, and by which rule.
        let check = try e2e.vault(["-C", server, "access", "check", "clerk1", "吉岷镇"])
        #expect(
            check.stdout == """
                clerk1: clerk of \(AccessTests.changpu)
                  may not change 2024/\(AccessTests.jimin): only clerks of \(AccessTests.jimin) may
                  may not tag or withdraw submissions: only archivists may
                  may not change the access list: only administrators may

                """, "\(check.stdout)\(check.stderr)")
        #expect(
            try e2e.vault(["-C", server, "access", "check", "nobody"]).stdout.hasPrefix(
                "nobody is not in the access list: every push by nobody is refused"))
    }

    @Test func whatTheReviewFoundStaysFixed() throws {
        let (tmp, server, clerk1, _) = try county()
        let author = AccessTests.author
        // A bad --admin name makes no server at all (a half-made one would be open to everyone).
        let bad = try e2e.vault(["init", "--bare", tmp.path + "/bad.git", "--admin", "a b"])
        #expect(
            bad.status != 0 && bad.stderr.hasPrefix("error: \"a b\" cannot be a user name") && bad.stdout.isEmpty,
            "\(bad.stdout)\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/bad.git"))
        // A branch other than the vault's is an administrator's: a clerk cannot park a draft there
        // (and another clerk then bring it onto main as "already on the server").
        try access.edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try gitCommit(clerk1, "草稿")
        let draft = try push(clerk1, as: "clerk1", ["HEAD:refs/heads/draft"])
        #expect(
            draft?.contains("refs/heads/draft: clerk1 may push to refs/heads/main only") == true, "\(draft ?? "landed")"
        )
        // vault push keeps back what the user may not send (a clerk's tag and ledger) and sends the rest.
        try #require(try e2e.vault(["-C", clerk1, "config", "user", "clerk1"]).status == 0)
        try #require(try e2e.vault(["-C", clerk1, "tag", "s9", "-m", "报送"] + author).status == 0)
        let sent = try e2e.vault(["-C", clerk1, "push"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("refs/heads/main") && !sent.stdout.contains("s9"), "\(sent.stdout)")
        #expect(
            sent.stderr.contains("not sent: refs/tags/s9: clerk1 may not create or withdraw submission tags")
                && sent.stderr.contains("not sent: refs/vault/ledger:"),
            "\(sent.stderr)")
        #expect(try e2e.git(["rev-parse", "main"], server).stdout == e2e.git(["rev-parse", "main"], clerk1).stdout)
        #expect(try e2e.git(["rev-parse", "-q", "--verify", "refs/tags/s9"], server).status != 0)
        // A user the list does not name: the server decides (here a folder, which takes it).
        try #require(try e2e.vault(["-C", clerk1, "config", "user", "clerk9"]).status == 0)
        try access.edit(clerk1, EndToEndTests.storedPath, "publicUse", from: "340", to: "341")
        try #require(
            try e2e.vault(["-C", clerk1, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + author).status == 0)
        let unknown = try e2e.vault(["-C", clerk1, "push"])
        #expect(
            unknown.stderr.contains(
                "its access list does not name clerk9 (vault config user): the server decides who you are"),
            "\(unknown.stderr)")
        // A vault without a list gets its first on the server itself, never by a push.
        try withoutAccessList(server)
        try #require(try e2e.vault(["-C", clerk1, "access", "grant", "clerk1", "--admin"] + author).status == 0)
        let first = try push(clerk1, as: "clerk1", ["+refs/vault/access:refs/vault/access"])
        #expect(
            first?.contains("this county vault has no access list yet; its first is written on the server itself")
                == true, "\(first ?? "landed")")
    }
}
