import Foundation
import Testing

@testable import ReportVault
@testable import VaultSQL

/// `vault sql` (issue 32): figures and their history as SQL tables, checked against the
/// reports' own figures, against git's log, and kept up to date by several offices at once.
@Suite struct SQLTests {
    let e2e = EndToEndTests()
    let access = AccessTests()

    func sql(_ dir: String, _ statement: String, _ extra: [String] = []) throws -> ProcessResult {
        try e2e.vault(["-C", dir, "sql", statement] + extra, env: ["VAULT_LANG": "en"])
    }

    func rows(_ dir: String, _ statement: String) throws -> [[String: JSONValue]] {
        let result = try sql(dir, statement, ["--json"])
        #expect(result.status == 0, "\(statement): \(result.stderr)")
        guard case .array(let rows) = try JSONParser.parse(Array(result.stdout.utf8)) else { return [] }
        return rows.map { row in
            guard case .object(let members) = row else { return [:] }
            return Dictionary(members.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// SQLite is loaded by `vault sql` when it needs it, not by every command at start-up: the
    /// dynamic linker's own report of the libraries it loads says which process had it.
    @Test func onlyTheSQLCommandLoadsSQLite() throws {
        let (tmp, dir) = try OverviewTests().countyOf2024()
        _ = tmp
        func loadsSQLite(_ args: [String]) throws -> Bool {
            let result = try e2e.vault(["-C", dir] + args, env: ["VAULT_LANG": "en", "LD_DEBUG": "libs"])
            #expect(result.status == 0, "\(args): \(result.stderr)")
            // The loader names each library it opens ("calling init: …/libgit2.so…").
            #expect(result.stderr.contains("libgit2.so"), "no loader report: \(result.stderr.prefix(200))")
            return result.stderr.contains("libsqlite3.so")
        }
        #expect(try !loadsSQLite(["--version"]))
        #expect(try !loadsSQLite(["ls"]))
        #expect(try !loadsSQLite(["log", "-n", "1"]))
        #expect(try loadsSQLite(["sql", "SELECT count(*) FROM revisions"]))
    }

    @Test func theTablesHoldEveryVersionAndEveryChange() throws {
        let (tmp, dir) = try OverviewTests().countyOf2024()
        _ = tmp
        // Revisions: git's log, oldest first.
        let log = try e2e.git(["log", "--reverse", "--format=%H %an"], dir).stdout.split(separator: "\n").map(
            String.init)
        let revisions = try rows(dir, "SELECT id, seq, author FROM revisions ORDER BY seq")
        #expect(revisions.map { "\($0["id"]!.stringValue!) \($0["author"]!.stringValue!)" } == log)
        #expect(revisions.map { $0["seq"] } == (1...log.count).map { .number(Double($0)) })
        // Versions: five first drafts, two second ones; the latest marked once per report.
        let versions = try rows(dir, "SELECT unit, draft, latest FROM reports ORDER BY unit, draft")
        #expect(versions.count == 7)
        #expect(
            versions.filter { $0["unit"] == .string("甲镇人民政府") }.map { $0["latest"] } == [.number(0), .number(1)])
        let latest = try rows(dir, "SELECT count(*) AS n FROM reports WHERE latest = 1")
        #expect(latest.first?["n"] == .number(5))
        // The figures of a latest version are `vault figures --json` of the report.
        let figures = try JSONParser.parse(
            Array(try e2e.vault(["-C", dir, "figures", "2024/乙镇人民政府", "--json"]).stdout.utf8))
        let stored = try rows(
            dir,
            "SELECT pointer, caption, value FROM figures JOIN reports USING (path, revision) "
                + "WHERE latest = 1 AND unit = '乙镇人民政府' ORDER BY figures.rowid")
        guard case .array(let listed) = figures else { Issue.record("figures --json"); return }
        #expect(stored.count == listed.count && !listed.isEmpty)
        #expect(stored.map { $0["pointer"] } == listed.map { $0[member: "path"] })
        #expect(stored.map { $0["value"] } == listed.map { $0[member: "value"] })
        // "Which townships raised what they spent after their first draft" is one query: 甲镇,
        // 1900.5 → 1950.75 (戊镇's second draft changed its score only).
        let raised = try rows(
            dir,
            """
            SELECT r.unit, c.old, c.new FROM figure_changes c
            JOIN reports r ON r.path = c.path AND r.revision = c.to_revision
            WHERE c.pointer = '/selfEvaluation/funds/rows/0/executed' AND r.draft > 1 AND c.new > c.old
            """)
        #expect(raised == [["unit": .string("甲镇人民政府"), "old": .number(1900.5), "new": .number(1950.75)]])
        // A change's caption is its figure's, and its new value the figure's value then.
        let mismatched = try rows(
            dir,
            "SELECT count(*) AS n FROM figure_changes c JOIN figures f ON f.path = c.path "
                + "AND f.revision = c.to_revision AND f.pointer = c.pointer WHERE f.caption <> c.caption OR f.value <> c.new"
        )
        #expect(mismatched.first?["n"] == .number(0))
        let scores = try rows(
            dir,
            "SELECT DISTINCT r.unit FROM figure_changes c JOIN reports r ON r.path = c.path "
                + "AND r.revision = c.to_revision WHERE c.pointer = '/selfEvaluation/totalScore'")
        #expect(scores == [["unit": .string("戊镇人民政府")]])
        // Submissions: 戊镇 under county-2024, its digest the ledger's.
        let submitted = try rows(dir, "SELECT tag, path, digest, withdrawn FROM submissions")
        #expect(submitted.map { $0["path"] } == [.string("2024/戊镇人民政府")])
        #expect(submitted.first?["tag"] == .string("county-2024") && submitted.first?["withdrawn"] == .number(0))
        #expect(submitted.first?["digest"]?.stringValue?.hasPrefix("sha256:") == true)
        // The table and the CSV say the same.
        let csv = try sql(dir, "SELECT unit, draft FROM reports WHERE unit = '甲镇人民政府' ORDER BY draft", ["--csv"])
        #expect(csv.stdout == "\u{FEFF}unit,draft\r\n甲镇人民政府,1\r\n甲镇人民政府,2\r\n")
        let table = try sql(dir, "SELECT unit, draft FROM reports WHERE unit = '甲镇人民政府' ORDER BY draft")
        #expect(table.stdout == "unit          draft\n------------  -----\n甲镇人民政府      1\n甲镇人民政府      2\n")
    }

    @Test func whatWouldWriteIsRefusedAndNothingChanges() throws {
        let (tmp, dir) = try OverviewTests().countyOf2024()
        _ = tmp
        #expect(try sql(dir, "SELECT count(*) FROM figures").status == 0)
        let cache = dir + "/.git/vault-sql.sqlite"
        let before = try Data(contentsOf: URL(fileURLWithPath: cache))
        let vaultBefore = try e2e.snapshot(dir)
        let refused: [(String, String)] = [
            ("DELETE FROM figures", "error: vault sql only reads: \"DELETE FROM figures\" would change the tables"),
            ("INSERT INTO revisions(id) VALUES('x')", "error: vault sql only reads: "),
            ("UPDATE reports SET latest = 0", "error: vault sql only reads: "),
            ("DROP TABLE figures", "error: vault sql only reads: "),
            ("SELECT 1; DELETE FROM figures", "error: vault sql runs one statement at a time"),
            ("SELECT 1; SELECT 2; -- two", "error: vault sql runs one statement at a time"),
            ("ATTACH '\(tmp.path)/other.db' AS other", "error: the SQL statement is not valid: too many attached"),
            ("CREATE TABLE mine(a)", "error: vault sql only reads: "),
            ("SELEKT 1", "error: the SQL statement is not valid: near \"SELEKT\": syntax error"),
            ("SELECT * FROM nosuch", "error: the SQL statement is not valid: no such table: nosuch"),
        ]
        for (statement, expected) in refused {
            let result = try sql(dir, statement)
            #expect(result.status == 2, "\(statement): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix(expected), "\(statement): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty, "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cache)) == before)
        #expect(try e2e.snapshot(dir) == vaultBefore)
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/other.db"))
        // A comment after the statement is not a second statement.
        #expect(try rows(dir, "SELECT count(*) AS n FROM reports; -- every version").first?["n"] == .number(7))
        // A damaged cache is only a cache: built again, with the same answer.
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: cache))
        let again = try rows(dir, "SELECT count(*) AS n FROM reports")
        #expect(again.first?["n"] == .number(7))
    }

    @Test func theCacheFollowsTheBranchAndIsRebuiltWhenHistoryIsRewritten() throws {
        let (tmp, dir) = try OverviewTests().countyOf2024()
        let schemas = try ReportSchemas.load()
        func tables() throws -> FigureTables { FigureTables(vault: try Vault.open(at: dir), schemas: schemas) }
        let first = try tables().refresh()
        #expect(first.rebuilt && first.revisionsAdded == 2)
        #expect(try tables().refresh() == FigureTables.Refresh())
        // One more draft: only it is added.
        let file = tmp.path + "/ding.json"
        try Data(
            CanonicalJSON.stored(
                try OverviewTests.township("丁镇人民政府", budget: "800", spent: "790.5", score: "99"))
        ).write(to: URL(fileURLWithPath: file))
        try #require(try e2e.vault(["-C", dir, "commit", file, "-m", "丁镇二稿"] + EndToEndTests.author).status == 0)
        #expect(try tables().refresh() == FigureTables.Refresh(revisionsAdded: 1, rebuilt: false))
        #expect(
            try rows(dir, "SELECT count(*) AS n FROM figure_changes WHERE pointer LIKE '%/executed'").first?["n"]
                == .number(2))
        // Plain git beside vault: the clerk resets the branch two revisions back and commits again.
        #expect(try e2e.git(["reset", "--hard", "-q", "HEAD~2"], dir).status == 0)
        let other = tmp.path + "/ding-other.json"
        try Data(
            CanonicalJSON.stored(
                try OverviewTests.township("丁镇人民政府", budget: "800", spent: "780", score: "99"))
        ).write(to: URL(fileURLWithPath: other))
        let again = try e2e.vault(["-C", dir, "commit", other, "-m", "丁镇二稿"] + EndToEndTests.author)
        try #require(again.status == 0 && again.stdout.hasPrefix("commit "), "\(again.stdout)\(again.stderr)")
        let rewritten = try tables().refresh()
        #expect(rewritten.rebuilt && rewritten.revisionsAdded == 2, "\(rewritten)")
        let count = try e2e.git(["rev-list", "--count", "HEAD"], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(try rows(dir, "SELECT count(*) AS n FROM revisions").first?["n"] == .number(Double(count)!))
        #expect(try rows(dir, "SELECT count(*) AS n FROM reports WHERE unit = '甲镇人民政府'").first?["n"] == .number(1))
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// An archive's copy its reader may not write: the tables are built in the reader's own
    /// cache folder and the copy is left byte for byte as it was.
    @Test func aReadOnlyCopyIsQueriedWithoutWritingIt() throws {
        let (tmp, dir) = try OverviewTests().countyOf2024()
        let copy = tmp.path + "/archive"
        #expect(try run("/bin/cp", ["-a", dir, copy]).status == 0)
        let scratch = tmp.path + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // Run as nobody when the tests run as root (root may write anywhere).
        var prefix: [String] = []
        if getuid() == 0 {
            for args in [["-R", "nobody", copy], ["nobody", scratch]] {
                #expect(try run("/bin/chown", args).status == 0)
            }
            #expect(try run("/bin/chmod", ["a+rx", tmp.path]).status == 0)
            prefix = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        }
        #expect(try run("/bin/chmod", ["-R", "a-w", copy]).status == 0)
        let before = try e2e.snapshot(copy)
        let result = try run(
            prefix.first ?? EndToEndTests.vaultBinary,
            Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [EndToEndTests.vaultBinary])
                + ["-C", copy, "sql", "SELECT count(*) AS n FROM reports", "--csv"],
            environment: ["HOME": scratch, "XDG_CACHE_HOME": "", "VAULT_LANG": "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\u{FEFF}n\r\n7\r\n")
        #expect(!FileManager.default.fileExists(atPath: copy + "/.git/vault-sql.sqlite"))
        let cached = try FileManager.default.contentsOfDirectory(atPath: scratch + "/.cache/vault")
        #expect(cached.contains { $0.hasPrefix("sql-") && $0.hasSuffix(".sqlite") }, "\(cached)")
        #expect(try e2e.snapshot(copy) == before)
        _ = try run("/bin/chmod", ["-R", "u+w", copy])
    }

    /// Two townships and the county share one vault over git daemon: each clone's tables follow
    /// what it pulled, the server's too.
    @Test func twoClonesAndTheServerAnswerFromWhatEachHas() throws {
        let tmp = try TemporaryFolder()
        let server = try access.countyVault(tmp.path)
        try #require(try e2e.vault(["-C", server, "access", "anonymous", "write"] + AccessTests.author).status == 0)
        let daemon = try GitDaemon(base: tmp.path)
        defer { daemon.stop() }
        let (a, b) = (tmp.path + "/a", tmp.path + "/b")
        for dir in [a, b] { try #require(try e2e.vault(["clone", daemon.url("county.git"), dir]).status == 0) }
        let query =
            "SELECT r.unit, c.old, c.new FROM figure_changes c JOIN reports r ON r.path = c.path AND r.revision = c.to_revision"
        #expect(try rows(b, query).isEmpty)
        try access.edit(a, EndToEndTests.storedPath, "publicUse", from: "338.26", to: "340")
        try #require(
            try e2e.vault(["-C", a, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + AccessTests.author).status == 0)
        try #require(try e2e.vault(["-C", a, "push"]).status == 0)
        let expected: [[String: JSONValue]] = [
            ["unit": .string("绥宁县长铺镇人民政府"), "old": .number(338.26), "new": .number(340)]
        ]
        #expect(try rows(a, query + " WHERE c.pointer = '/generalBudget/basic/publicUse'") == expected)
        #expect(try rows(b, query).isEmpty)  // not pulled yet
        try #require(try e2e.vault(["-C", b, "pull"] + AccessTests.author).status == 0)
        #expect(try rows(b, query + " WHERE c.pointer = '/generalBudget/basic/publicUse'") == expected)
        #expect(try rows(server, query + " WHERE c.pointer = '/generalBudget/basic/publicUse'") == expected)
        // B changes 吉岷镇 meanwhile, A changes 长铺镇 again: B's pull merges. The merge made no
        // version of its own — each report's drafts are the commits that changed it.
        try access.edit(b, AccessTests.jiminPath, "actual", from: "873.805893", to: "873.9")
        try #require(
            try e2e.vault(["-C", b, "commit", AccessTests.jiminPath, "-m", "吉岷镇"] + AccessTests.author).status == 0)
        try access.edit(a, EndToEndTests.storedPath, "publicUse", from: "340", to: "341")
        try #require(
            try e2e.vault(["-C", a, "commit", EndToEndTests.storedPath, "-m", "公用经费"] + AccessTests.author).status == 0)
        try #require(try e2e.vault(["-C", a, "push"]).status == 0)
        let merged = try e2e.vault(["-C", b, "pull"] + AccessTests.author)
        try #require(merged.status == 0, "\(merged.stderr)")
        #expect(try e2e.git(["rev-list", "--merges", "--count", "HEAD"], b).stdout == "1\n")
        let drafts = try rows(
            b, "SELECT unit, max(draft) AS drafts, count(*) AS n FROM reports GROUP BY path ORDER BY unit")
        #expect(drafts.map { $0["drafts"] } == drafts.map { $0["n"] })
        #expect(drafts.first { $0["unit"] == .string("绥宁县长铺镇人民政府") }?["n"] == .number(3), "\(drafts)")
        #expect(drafts.first { $0["unit"] == .string("合水县吉岷镇人民政府") }?["n"] == .number(2), "\(drafts)")
        let changes = try rows(b, query + " WHERE c.pointer = '/generalBudget/basic/publicUse' ORDER BY c.old")
        #expect(
            changes.map { [$0["old"], $0["new"]] } == [[.number(338.26), .number(340)], [.number(340), .number(341)]])
        let latest = try rows(b, "SELECT count(*) AS n FROM reports WHERE latest = 1")
        #expect(latest.first?["n"] == .number(2))
        // `vault log` counts the same drafts.
        let log = try e2e.vault(["-C", b, "log", "2024/绥宁县长铺镇人民政府", "--oneline"]).stdout
        #expect(log.split(separator: "\n").count == 3, "\(log)")
        try #require(try e2e.vault(["-C", b, "push"]).status == 0)
        try #require(try e2e.vault(["-C", a, "pull"] + AccessTests.author).status == 0)
        let tips = try [a, b, server].map { try e2e.git(["rev-parse", "HEAD"], $0).stdout }
        #expect(Set(tips).count == 1)
        for dir in [a, b, server] { #expect(try e2e.git(["fsck", "--strict"], dir).status == 0) }
    }
}
