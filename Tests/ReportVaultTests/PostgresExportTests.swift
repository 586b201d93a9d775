import Foundation
import Testing

@testable import ReportVault
@testable import VaultSQL

/// A PostgreSQL server of Debian's `postgresql` package, in a temporary folder, on 127.0.0.1 and
/// a socket in that folder, started and stopped by its PID. initdb refuses to run as root, so
/// the server runs as the package's `postgres` user when the tests run as root.
struct PostgresServer {
    let folder: TemporaryFolder
    let port: Int
    let pid: Int32
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    init() throws {
        let bin = try Self.binaries()
        folder = try TemporaryFolder()
        let data = folder.path + "/data"
        let asPostgres = getuid() == 0
        if asPostgres { #expect(try run("/bin/chown", ["postgres", folder.path]).status == 0) }
        func pg(_ tool: String, _ args: [String]) throws -> ProcessResult {
            asPostgres
                ? try run("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/" + tool] + args)
                : try run(bin + "/" + tool, args)
        }
        let initdb = try pg("initdb", ["-D", data, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--no-locale"])
        try #require(initdb.status == 0, "\(initdb.stderr)")
        port = try LoopbackPort.free()
        // The server itself, started as a daemon the test owns (no pipe of the test's left open
        // in it), as the postgres user through setpriv, which runs it in its own place: the PID
        // is the server's.
        let server = [
            bin + "/postgres", "-D", data, "-k", folder.path, "-c", "listen_addresses=127.0.0.1", "-p", String(port),
            "-c", "fsync=off",
        ]
        pid = try spawnServer(
            asPostgres
                ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] + server : server,
            log: folder.path + "/log")
        for _ in 0..<200 where !LoopbackPort.accepts(port) { usleep(50_000) }
        guard LoopbackPort.accepts(port) else {
            kill(pid, SIGKILL)  // not left running when it did not start
            let log = (try? String(contentsOfFile: folder.path + "/log", encoding: .utf8)) ?? ""
            Issue.record("PostgreSQL did not start: \(log)")
            throw CancellationError()
        }
        // Accepting connections may come before it takes queries: wait for a first answer.
        let psql = try requireTool("psql", package: "postgresql-client")
        for _ in 0..<100 where try run(psql, [url, "-c", "SELECT 1"]).status != 0 { usleep(50_000) }
    }

    /// The folder of initdb and postgres (Debian keeps them per major version), or a failure
    /// naming the package.
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        guard
            let version = versions.last(where: {
                FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb")
            })
        else {
            Issue.record("PostgreSQL is not installed: apt-get install postgresql (.ci/run installs it)")
            throw CancellationError()
        }
        return "\(root)/\(version)/bin"
    }

    func stop() {
        kill(pid, SIGINT)  // "fast" shutdown
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Rows of a query as CSV lines (psql --csv), header first.
    func query(_ sql: String) throws -> [String] {
        let psql = try requireTool("psql", package: "postgresql-client")
        let result = try run(psql, [url, "--csv", "-v", "ON_ERROR_STOP=1", "-c", sql])
        #expect(result.status == 0, "\(sql): \(result.stderr)")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
    }
}

/// `vault export --postgres` (issue 32): the tables of `vault sql` in a real PostgreSQL,
/// idempotent, incremental, one schema per county.
@Suite(.serialized) struct PostgresExportTests {
    let e2e = EndToEndTests()

    func export(_ dir: String, _ server: PostgresServer, schema: String = "suining") throws -> ProcessResult {
        try e2e.vault(["-C", dir, "export", "--postgres", server.url, "--schema", schema], env: ["VAULT_LANG": "en"])
    }

    /// Every table of a schema, each row as text, in one stable order.
    func contents(_ server: PostgresServer, _ schema: String) throws -> [String] {
        try ["revisions", "reports", "figures", "figure_changes", "submissions"].flatMap { table in
            ["-- \(table)"] + (try server.query("SELECT * FROM \(schema).\(table) ORDER BY 1, 2, 3, 4, 5, 6"))
        }
    }

    @Test func twiceIsOnceAndANewCommitAddsOnlyItsRows() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let (tmp, dir) = try OverviewTests().countyOf2024()
        let first = try export(dir, server)
        try #require(first.status == 0, "\(first.stderr)")
        func count(_ table: String) throws -> String {
            String(
                try e2e.vault(["-C", dir, "sql", "SELECT count(*) FROM \(table)", "--csv"]).stdout.split(
                    separator: "\r\n")[1])
        }
        #expect(
            first.stdout == "exported to \(server.url), schema suining: 2 revisions, 7 report versions, "
                + "\(try count("figures")) figures, \(try count("figure_changes")) figure changes; 1 submitted report\n",
            "\(first.stdout)")
        // The same rows as `vault sql`, table by table.
        for (table, revision) in [("figures", "revision"), ("figure_changes", "to_revision")] {
            let query =
                "SELECT path, \(revision), pointer, \(table == "figures" ? "value" : "new") FROM %@ "
                + "ORDER BY path, \(revision), pointer"
            let mine = try e2e.vault(["-C", dir, "sql", query.replacingOccurrences(of: "%@", with: table), "--csv"])
                .stdout.split(separator: "\r\n").dropFirst().map(String.init)
            let theirs = try server.query(query.replacingOccurrences(of: "%@", with: "suining." + table)).dropFirst()
            #expect(!mine.isEmpty && mine == Array(theirs), "\(table)")
        }
        let latest = try server.query("SELECT unit FROM suining.reports WHERE latest ORDER BY unit")
        #expect(latest.dropFirst().count == 5)
        let before = try contents(server, "suining")

        // Twice: the same database.
        let second = try export(dir, server)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stdout.contains(": 0 revisions, 0 report versions, 0 figures, 0 figure changes;"), "\(second.stdout)"
        )
        #expect(try contents(server, "suining") == before)

        // A new draft adds its revision and its rows, nothing else; 甲镇's latest moves to it.
        let file = tmp.path + "/jia3.json"
        try Data(
            CanonicalJSON.stored(try OverviewTests.township("甲镇人民政府", budget: "2000", spent: "1999", score: "97"))
        ).write(to: URL(fileURLWithPath: file))
        try #require(try e2e.vault(["-C", dir, "commit", file, "-m", "甲镇三稿"] + EndToEndTests.author).status == 0)
        let third = try export(dir, server)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains(": 1 revision, 1 report version, "), "\(third.stdout)")
        let after = try contents(server, "suining")
        #expect(after.count > before.count)
        #expect(
            try server.query("SELECT draft FROM suining.reports WHERE unit = '甲镇人民政府' AND latest") == ["draft", "3"])
        #expect(
            try server.query(
                "SELECT old, new FROM suining.figure_changes WHERE pointer = '/selfEvaluation/funds/rows/0/executed' "
                    + "ORDER BY old") == ["old,new", "1900.5,1950.75", "1950.75,1999"])
        // Every row of the first export is still there, unchanged but for 甲镇's latest flag.
        let kept = Set(after)
        let changedFlag = before.filter { !kept.contains($0) }
        #expect(changedFlag.count == 1 && changedFlag[0].contains("甲镇人民政府"), "\(changedFlag)")
    }

    @Test func twoCountiesInOneDatabaseAndBadInputChangesNothing() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let (tmp, dir) = try OverviewTests().countyOf2024()
        _ = tmp
        let (otherTmp, other) = try e2e.newVault()
        _ = otherTmp
        try #require(
            try e2e.vault(["-C", other, "commit", EndToEndTests.sample, "-m", "长铺镇"] + EndToEndTests.author).status == 0
        )
        #expect(try export(dir, server, schema: "county_a").status == 0)
        #expect(try export(other, server, schema: "county_b").status == 0)
        #expect(try server.query("SELECT count(*) FROM county_a.reports") == ["count", "7"])
        #expect(try server.query("SELECT unit FROM county_b.reports") == ["unit", "绥宁县长铺镇人民政府"])
        let before = try contents(server, "county_a")
        // Another county's vault into the same schema: refused, the first county's rows kept.
        let other2 = try export(other, server, schema: "county_a")
        #expect(other2.status == 4, "\(other2.stderr)")
        #expect(
            other2.stderr.hasPrefix("error: schema county_a in \(server.url) holds another vault's tables"),
            "\(other2.stderr)")
        #expect(try contents(server, "county_a") == before)
        // A reserved word is a schema name like any other (always quoted).
        #expect(try export(other, server, schema: "user").status == 0)
        #expect(try server.query("SELECT count(*) FROM \"user\".reports") == ["count", "1"])
        // A schema name vault does not take: refused before connecting.
        let bad = try export(dir, server, schema: "a; DROP SCHEMA county_a")
        #expect(bad.status == 2 && bad.stderr.hasPrefix("error: --schema a; DROP SCHEMA county_a: a schema name is"))
        #expect(try export(dir, server, schema: "Suining").status == 2)
        // A server that is not there: exit 6, the password never shown.
        let port = try LoopbackPort.free()
        let away = try e2e.vault(
            ["-C", dir, "export", "--postgres", "postgresql://postgres:s3cret@127.0.0.1:\(port)/postgres"],
            env: ["VAULT_LANG": "en"])
        #expect(away.status == 6, "\(away.stderr)")
        #expect(away.stderr.hasPrefix("error: could not connect to postgresql://postgres@127.0.0.1:\(port)/postgres: "))
        #expect(!away.stderr.contains("s3cret"))
        // A statement the server refuses (a table of that name that is not ours): rolled back whole.
        _ = try server.query("CREATE SCHEMA clash; CREATE TABLE clash.figures(x int)")
        let clash = try export(dir, server, schema: "clash")
        #expect(
            clash.status == 1
                && clash.stderr.hasPrefix("error: \(server.url) refused the export, nothing was written: "))
        #expect(
            try server.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'clash'") == [
                "count", "1",
            ])
        #expect(try contents(server, "county_a") == before)
    }

    @Test func passwordsNeverReachTheMessages() {
        for (given, shown) in [
            ("postgresql://report:s3cret@db.example.cn/province", "postgresql://report@db.example.cn/province"),
            (
                "postgresql://report@db.example.cn/province?password=s3cret&sslmode=require",
                "postgresql://report@db.example.cn/province?password=…&sslmode=require"
            ),
            (
                "host=db dbname=province password = s3cret user=report",
                "host=db dbname=province password = … user=report"
            ),
            ("host=db password='my s3cret' user=report", "host=db password=… user=report"),
            ("host=db user=report", "host=db user=report"),
        ] {
            let masked = PostgresConnection.withoutPassword(given)
            #expect(masked == shown, "\(given)")
            #expect(!masked.contains("s3cret"))
        }
    }
}
