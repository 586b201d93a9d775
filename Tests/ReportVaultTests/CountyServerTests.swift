import Foundation
import Testing

@testable import ReportVault

/// The county's day through a real git server on 127.0.0.1 (git daemon, and smart HTTP over
/// `git http-backend`): two township clerks clone the county vault, correct the same report,
/// the second push is refused, `vault pull` merges figure by figure and the push lands; the
/// same figure changed on both sides is a conflict, resolved and continued. The server's
/// pre-receive hook (installed by `vault init --bare`) checks every push.
@Suite(.serialized) struct CountyServerTests {
    let remote = RemoteTransportTests()
    var e2e: EndToEndTests { remote.e2e }
    static let publicUse = "/generalBudget/basic/publicUse"
    static let personnel = "/generalBudget/basic/personnel"

    /// Sets the figure at `pointer` of the clerk's work-tree report to `value` and commits it.
    func correct(_ clerk: String, _ pointer: String, _ value: Double, _ message: String) throws {
        let file = clerk + "/" + EndToEndTests.storedPath
        let report = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let tokens = try #require(JSONPointer.tokens(pointer))
        let changed = JSONValue.setting(report, tokens[...], .number(value))
        try Data(CanonicalJSON.stored(changed)).write(to: URL(fileURLWithPath: file))
        let commit = try remote.vault(["-C", clerk, "commit", file, "-m", message] + EndToEndTests.author)
        try #require(commit.status == 0, "\(commit.stderr)")
    }

    func figure(_ dir: String, _ pointer: String, at revision: String = "HEAD") throws -> JSONValue? {
        let shown = try remote.vault(["-C", dir, "show", revision, EndToEndTests.report])
        return JSONPointer.resolve(pointer, in: try JSONParser.parse(shown.stdout))
    }

    func rev(_ dir: String, _ name: String = "main") throws -> String {
        try e2e.git(["rev-parse", name], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func daysWork(over transport: String) throws {
        let tmp = try TemporaryFolder()
        let server = try remote.countyVault(tmp.path)
        #expect(FileManager.default.isExecutableFile(atPath: server + "/hooks/pre-receive"))
        let host = transport == "git" ? try remote.gitDaemon(tmp.path) : try remote.httpServer(tmp.path)
        let url = "\(transport)://127.0.0.1:\(host.port)/county.git"
        let a = tmp.path + "/township-a", b = tmp.path + "/township-b"
        for clerk in [a, b] {
            let clone = try remote.vault(["clone", url, clerk])
            try #require(clone.status == 0, "\(clone.stderr)")
        }

        // Different figures of the same report: B's push is refused, B pulls, the merge lands.
        try correct(a, Self.personnel, 1237.95, "人员经费更正")
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        try correct(b, Self.publicUse, 338.25, "公用经费更正")
        let refused = try remote.vault(["-C", b, "push"])
        #expect(
            refused.status == 4 && refused.stderr.hasPrefix("error: the county vault has 1 revision you don't have"),
            "\(refused.stderr)")
        let ours = try rev(b)
        let pull = try remote.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try e2e.git(["rev-parse", "main^1", "main^2"], b).stdout == "\(ours)\n\(try rev(a))\n")
        #expect(try figure(b, Self.personnel) == .number(1237.95))
        #expect(try figure(b, Self.publicUse) == .number(338.25))
        let push = try remote.vault(["-C", b, "push"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(try rev(server) == (try rev(b)))

        // The same figure on both sides: a conflict, nothing moved, resolved, continued, pushed.
        #expect(try remote.vault(["-C", a, "pull"] + EndToEndTests.author).status == 0)
        try correct(a, Self.publicUse, 400, "公用经费 400")
        #expect(try remote.vault(["-C", a, "push"]).status == 0)
        try correct(b, Self.publicUse, 500, "公用经费 500")
        let before = try rev(b)
        let conflict = try remote.vault(["-C", b, "pull"] + EndToEndTests.author)
        #expect(conflict.status == 4)
        #expect(
            conflict.stderr.contains("\(Self.publicUse)  一般公共预算支出 · 基本支出 · 公用经费: base 338.25, ours 500, theirs 400"),
            "\(conflict.stderr)")
        #expect(try rev(b) == before)
        #expect(try remote.vault(["-C", b, "push"]).status == 4)
        #expect(try remote.vault(["-C", b, "resolve", "长铺镇", "公用经费", "--value", "450"]).status == 0)
        let done = try remote.vault(["-C", b, "pull", "--continue"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try figure(b, Self.publicUse) == .number(450))
        #expect(try remote.vault(["-C", b, "push"]).status == 0)

        // A submission made in one office reaches the other; the server stays sound.
        #expect(
            try remote.vault(["-C", b, "tag", "submitted-2025-02", "-m", "第二次报送"] + EndToEndTests.author).status == 0)
        #expect(try remote.vault(["-C", b, "push"]).status == 0)
        #expect(try remote.vault(["-C", a, "pull"] + EndToEndTests.author).status == 0)
        #expect(try rev(a) == (try rev(server)))
        #expect(
            try e2e.git(["rev-parse", "submitted-2025-02^{commit}"], a).stdout
                == (try e2e.git(["rev-parse", "submitted-2025-02^{commit}"], server).stdout))
        for dir in [server, a, b] {
            #expect(try e2e.git(["fsck", "--strict"], dir).status == 0, "\(dir)")
            let verify = try remote.vault(["-C", dir, "verify"])
            #expect(verify.status == 0, "\(dir): \(verify.stdout)")
        }
        #expect(try e2e.git(["status", "--porcelain"], a).stdout == "")
    }

    @Test func theDayOverGitDaemon() throws { try daysWork(over: "git") }

    @Test func theDayOverSmartHTTP() throws { try daysWork(over: "http") }
}
