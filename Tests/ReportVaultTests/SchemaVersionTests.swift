import Crypto
import Foundation
import Testing

@testable import ReportVault
@testable import VaultModel

/// Schema versions: released files never change, each report is read by its own version,
/// and `vault migrate` moves reports to a newer one without breaking old submissions.
@Suite struct SchemaVersionTests {
    let e2e = EndToEndTests()

    /// The SHA-256 of every released schema version. A released version never changes: a new
    /// version is a new file (and a new line here), never an edit of an old one.
    static let released: [Int: String] = [
        1: "1b99cae200083d4bc85ba40dbb40fa7a23a1201cb969fed5a670d303451e6cb1"
    ]

    /// The SHA-256 of every released step table (`report.v<N>.migration.json`, from N−1 to N):
    /// it decides how old history is read, so it never changes either. None is released yet.
    static let releasedSteps: [Int: String] = [:]

    static func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    /// The shipped versions are loaded without checking their places (start-up time of every
    /// command); this is that check: the newest has every place the library reads, older ones
    /// every place a report is filed by.
    @Test func shippedSchemasHaveEveryPlaceTheLibraryReads() throws {
        let schemas = try ReportSchemas.load()
        #expect(schemas.shipped)
        for version in 1...schemas.newest {
            let readers = version == schemas.newest ? ReportSchemas.addressReaders : ReportSchemas.filingReaders
            #expect(readers.count > 3)
            try ReportSchemas.checkAddresses(of: try schemas.schema(version), readers: readers)
        }
        // A schema without a place a rule reads is refused, so the check above can fail.
        let shipped = try FileInput.json(schemas.path(of: schemas.newest))
        guard case .object(var members) = shipped else { throw CocoaError(.fileReadCorruptFile) }
        guard let i = members.firstIndex(where: { $0.name == "properties" }),
            case .object(var properties) = members[i].value
        else { throw CocoaError(.fileReadCorruptFile) }
        properties.removeAll { $0.name == "generalBudget" }
        members[i].value = .object(properties)
        #expect(throws: VaultError.self) { try ReportSchemas.checkAddresses(of: try JSONSchema(.object(members))) }
    }

    @Test func releasedVersionsNeverChange() throws {
        let schemas = try ReportSchemas.load()
        #expect(schemas.newest == Self.released.keys.max())
        let published = Fixtures.packageRoot.appendingPathComponent("schema").path
        for (version, digest) in Self.released {
            #expect(try Self.sha256(schemas.path(of: version)) == digest, "bundled version \(version) changed")
            #expect(
                try Self.sha256(published + "/" + ReportSchemas.fileName(version)) == digest,
                "schema/ version \(version) changed")
        }
        // schema/report.schema.json names the newest.
        #expect(try Self.sha256(published + "/report.schema.json") == Self.released[schemas.newest])
        // Every shipped step table is checked against both of its versions, and pinned.
        for n in stride(from: 2, through: schemas.newest, by: 1) { _ = try schemas.step(to: n) }
        let shippedSteps = try FileManager.default.contentsOfDirectory(atPath: schemas.folder).filter {
            $0.hasSuffix(".migration.json")
        }
        #expect(
            Set(shippedSteps) == Set(Self.releasedSteps.keys.map(ReportSchemas.stepFileName)),
            "a step table is released without its digest here")
        for (n, digest) in Self.releasedSteps {
            #expect(
                try Self.sha256(schemas.folder + "/" + ReportSchemas.stepFileName(n)) == digest,
                "step table to version \(n) changed")
        }
    }

    // MARK: - A test version 2

    /// A folder holding version 1 as shipped and a test version 2 that renames
    /// /profile/staffing/retired to /profile/staffing/retirees (with a new caption) and adds
    /// /unit/creditCode (required when `creditCodeRequired`), with the step table between them.
    static func versionTwo(creditCodeRequired: Bool = false) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let v1 = try FileInput.read(try ReportSchemas.load().path(of: 1))
        try Data(v1).write(to: URL(fileURLWithPath: folder.path + "/report.v1.schema.json"))
        var v2 = try JSONParser.parse(v1)
        v2 = JSONValue.setting(v2, ["$id"], .string("https://reportvault.example/schema/report.v2.schema.json"))
        v2 = JSONValue.setting(v2, ["properties", "schemaVersion", "const"], .number(2))
        let staffing = ["properties", "profile", "properties", "staffing", "properties"]
        let retired = try #require(JSONPointer.resolve(tokens: staffing + ["retired"], in: v2))
        v2 = JSONValue.removing(v2, (staffing + ["retired"])[...])
        v2 = JSONValue.setting(
            v2, (staffing + ["retirees"])[...], JSONValue.setting(retired, ["title"], .string("退休人员数")))
        let unit = ["properties", "unit"]
        v2 = JSONValue.setting(
            v2, (unit + ["properties", "creditCode"])[...],
            .object([.init("title", .string("统一社会信用代码")), .init("type", .string("string"))]))
        if creditCodeRequired {
            guard case .array(let required)? = JSONPointer.resolve(tokens: unit + ["required"], in: v2) else {
                throw ProblemInTest("unit has no required list")
            }
            v2 = JSONValue.setting(v2, (unit + ["required"])[...], .array(required + [.string("creditCode")]))
        }
        _ = try folder.file("report.v2.schema.json", String(decoding: CanonicalJSON.stored(v2), as: UTF8.self))
        _ = try folder.file(
            "report.v2.migration.json",
            #"{"from": 1, "to": 2, "moves": [{"from": "/profile/staffing/retired", "to": "/profile/staffing/retirees"}]}"#
        )
        return folder
    }

    /// The trial version 2 in samples/ (which the README's migration runs with) is this one.
    @Test func theREADMEsTrialVersionIsTheTestedOne() throws {
        let trial = Fixtures.packageRoot.appendingPathComponent("samples/schema-trial").path
        let two = try Self.versionTwo()
        for file in ["report.v1.schema.json", "report.v2.schema.json", "report.v2.migration.json"] {
            var expected = try FileInput.json(two.path + "/" + file)
            var actual = try FileInput.json(trial + "/" + file)
            expected = JSONValue.removing(expected, ["$comment"])
            actual = JSONValue.removing(actual, ["$comment"])
            #expect(CanonicalJSON.rfc8785(expected) == CanonicalJSON.rfc8785(actual), "\(file)")
        }
    }

    struct ProblemInTest: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The findings of rule `schema` in `vault check --json` output.
    static func schemaFindings(_ output: [UInt8]) throws -> Int {
        guard case .array(let findings)? = try JSONParser.parse(output)[member: "findings"] else {
            throw ProblemInTest("check --json has no findings")
        }
        var count = 0
        for finding in findings where finding[member: "rule"] == .string("schema") { count += 1 }
        return count
    }

    /// A vault with both drafts of the sample (version 1) and a submission tag on the second.
    func submittedVault() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "初稿"] + EndToEndTests.author).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "修改稿"] + EndToEndTests.author).status == 0)
        let tag = try e2e.vault(["-C", dir, "tag", "2024-submitted", "-m", "报送县财政局"] + EndToEndTests.author)
        #expect(tag.status == 0, "\(tag.stderr)")
        return (tmp, dir)
    }

    @Test func aVaultOutlivesItsSchema() throws {
        let (tmp, dir) = try submittedVault()
        let two = try Self.versionTwo()
        let env = ["VAULT_SCHEMA_DIR": two.path]
        func vault(_ args: [String]) throws -> ProcessResult { try e2e.vault(["-C", dir] + args, env: env) }
        let report = EndToEndTests.report

        // The tool now knows version 2; the vault's version-1 reports still verify and check.
        let verify = try vault(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let stored = try tmp.file("stored-v1.json", try vault(["show", report]).stdout)
        let check = try vault(["check", stored, "--json"])
        #expect(try Self.schemaFindings(check.stdoutBytes) == 0, "\(check.stdout)")

        // What changed, for the people who explain it.
        let changes = try JSONParser.parse(try vault(["schema", "--changes", "1", "2", "--json"]).stdoutBytes)
        #expect(try OutputSchemaTests.schema("schema-changes").validate(changes).isEmpty)
        guard case .array(let rows)? = changes[member: "changes"] else { throw ProblemInTest("no changes") }
        let listed = rows.map {
            "\($0[member: "kind"]!.stringValue!) \($0[member: "from"]?.stringValue ?? "-") \($0[member: "to"]?.stringValue ?? "-")"
        }
        #expect(listed == ["moved /profile/staffing/retired /profile/staffing/retirees", "added - /unit/creditCode"])

        // status says what migrate would move; the tool that knows only version 1 says nothing.
        #expect(
            try vault(["status"]).stdout.contains(
                "1 report is schema version 1; this vault knows version 2: 'vault migrate' moves them"))
        #expect(!(try e2e.vault(["-C", dir, "status"]).stdout.contains("schema version")))

        // The migration: one commit, the value moved, the version set, nothing else changed.
        let before = try e2e.git(["rev-parse", "HEAD"], dir).stdout
        let migrate = try vault(["migrate", "-m", "结构升级到第 2 版"] + EndToEndTests.author)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("\(EndToEndTests.storedPath): schema version 1 → 2"))
        #expect(try e2e.git(["rev-parse", "HEAD~1"], dir).stdout == before)
        let blob = try JSONParser.parse(
            Array(try e2e.git(["cat-file", "-p", "HEAD:" + EndToEndTests.storedPath], dir).stdout.utf8))
        #expect(blob[member: "schemaVersion"] == .number(2))
        #expect(JSONPointer.resolve("/profile/staffing/retirees", in: blob) == .number(30))
        #expect(JSONPointer.resolve("/profile/staffing/retired", in: blob) == nil)
        let old = try JSONParser.parse(
            Array(try e2e.git(["cat-file", "-p", "HEAD~1:" + EndToEndTests.storedPath], dir).stdout.utf8))
        let undone = JSONValue.setting(
            JSONValue.removing(
                JSONValue.setting(blob, ["schemaVersion"], .number(1)), ["profile", "staffing", "retirees"]),
            ["profile", "staffing", "retired"], .number(30))
        #expect(
            CanonicalJSON.stored(undone) == CanonicalJSON.stored(old),
            "the migration changed more than the moved value and the version")
        #expect(try e2e.git(["log", "-1", "--format=%B"], dir).stdout.contains("Vault-Schema-Version: 2"))
        #expect(try vault(["migrate"] + EndToEndTests.author).stderr.contains("already schema version 2"))
        #expect(!(try vault(["status"]).stdout.contains("schema version")))

        // The migrated report passes version 2.
        let migrated = try tmp.file("stored-v2.json", try vault(["show", report]).stdout)
        #expect(try Self.schemaFindings(try vault(["check", migrated, "--json"]).stdoutBytes) == 0)

        // The renamed figure's history goes on across the migration: 29 in the first draft,
        // 30 in the second (the migration changed no value), its place named as it was.
        let history = try JSONParser.parse(
            try vault(["history", report, "/profile/staffing/retirees", "--json"]).stdoutBytes)
        guard case .array(let revisions)? = history[member: "revisions"] else {
            throw ProblemInTest("history --json has no revisions: \(history)")
        }
        #expect(revisions.map { $0[member: "value"] } == [.number(30), .number(29)])
        #expect(
            revisions.map { $0[member: "path"]?.stringValue } == [
                "/profile/staffing/retired", "/profile/staffing/retired",
            ])
        // blame gives the figure to the second draft, not to the migration.
        let blame = try JSONParser.parse(try vault(["blame", report, "--json"]).stdoutBytes)
        guard case .array(let blamed) = blame else { throw ProblemInTest("blame --json is not an array") }
        let retirees = try #require(blamed.first { $0[member: "path"]?.stringValue == "/profile/staffing/retirees" })
        #expect(
            retirees[member: "commit"]?.stringValue
                == (try e2e.git(["rev-parse", "HEAD~1"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        // diff across the migration: the version, nothing removed or added.
        let diff = try JSONParser.parse(try vault(["diff", "HEAD~1", "HEAD", "--json"]).stdoutBytes)
        guard case .array(let diffReports)? = diff[member: "reports"],
            case .array(let diffChanges)? = diffReports.first?[member: "changes"]
        else {
            throw ProblemInTest("diff --json has no changes: \(diff)")
        }
        let kinds = diffChanges.map {
            "\($0[member: "kind"]?.stringValue ?? "") \($0[member: "path"]?.stringValue ?? "")"
        }
        #expect(kinds == ["changed /schemaVersion"])

        // The submission still verifies: its blob is read by version 1.
        let after = try vault(["verify"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        #expect(try e2e.git(["rev-parse", "2024-submitted^{commit}"], dir).stdout == before)

        // A tool that knows only version 1 says to upgrade, instead of listing violations.
        let older = try e2e.vault(["-C", dir, "check", migrated])
        #expect(older.status != 0)
        #expect(
            older.stderr
                == "error: \(migrated): the report is schema version 2, newer than this vault knows (only version 1): upgrade vault to read it\n"
        )
        let olderVerify = try e2e.vault(["-C", dir, "verify"])
        #expect(olderVerify.status != 0)
        #expect(olderVerify.stdout.contains("upgrade vault"))
        #expect(!olderVerify.stdout.contains("required"))
    }

    /// After a migration: a clerk's file from before it is stored in the new version (never
    /// the branch taken back), a stale one is still refused, and the migration can be reverted.
    @Test func oldFilesAndRevertsAfterAMigration() throws {
        let (tmp, dir) = try e2e.newVault()
        let two = try Self.versionTwo()
        let env = ["VAULT_SCHEMA_DIR": two.path]
        func vault(_ args: [String], as author: String = "王会计 <wang@example.cn>") throws -> ProcessResult {
            try e2e.vault(["-C", dir] + args + ["--author", author], env: env)
        }
        func stored() throws -> JSONValue {
            try JSONParser.parse(
                Array(try e2e.git(["cat-file", "-p", "HEAD:" + EndToEndTests.storedPath], dir).stdout.utf8))
        }
        #expect(try vault(["commit", EndToEndTests.sample, "-m", "初稿"]).status == 0)
        #expect(try vault(["commit", EndToEndTests.draft2, "-m", "更正"], as: "李审核 <li@example.cn>").status == 0)
        let beforeMigration = try tmp.file(
            "before.json", try e2e.vault(["-C", dir, "show", EndToEndTests.report]).stdout)
        #expect(try vault(["migrate", "-m", "升级"], as: "张管理 <zhang@example.cn>").status == 0)
        let migration = try e2e.git(["rev-parse", "HEAD"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // The first draft again (retired 29, B corrected it to 30): stale, refused, in version 2 terms.
        // (A copy: the file committed first is remembered, and committing it again merges.)
        let firstDraft = try tmp.file(
            "first-draft.json", try String(contentsOfFile: EndToEndTests.sample, encoding: .utf8))
        let stale = try vault(["commit", firstDraft, "-m", "旧稿"])
        #expect(stale.status != 0)
        #expect(stale.stderr.contains("退休人员数"), "\(stale.stderr)")
        #expect(
            try e2e.git(["rev-parse", "HEAD"], dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == migration)

        // A version-1 file made before the migration, edited: stored as version 2.
        let edited = try tmp.file(
            "edited.json",
            try String(contentsOfFile: beforeMigration, encoding: .utf8).replacingOccurrences(
                of: "\"retired\": 30", with: "\"retired\": 31"))
        let commit = try vault(["commit", edited, "-m", "退休人数更正"])
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(
            commit.stderr.contains("\(edited) is schema version 1; the branch's report is version 2"),
            "\(commit.stderr)")
        #expect(try stored()[member: "schemaVersion"] == .number(2))
        #expect(JSONPointer.resolve("/profile/staffing/retirees", in: try stored()) == .number(31))

        // Reverting the migration takes the report back to version 1, keeping the later edit.
        let revert = try vault(["revert", migration, "-m", "撤回升级"])
        #expect(revert.status == 0, "\(revert.stderr)")
        #expect(try stored()[member: "schemaVersion"] == .number(1))
        #expect(JSONPointer.resolve("/profile/staffing/retired", in: try stored()) == .number(31))
        #expect(JSONPointer.resolve("/profile/staffing/retirees", in: try stored()) == nil)
        let check = try e2e.vault(["-C", dir, "check", EndToEndTests.report, "--json"], env: env)
        #expect(try Self.schemaFindings(check.stdoutBytes) == 0, "\(check.stderr)")
        // History follows the figure through both version changes.
        let history = try JSONParser.parse(
            try e2e.vault(
                ["-C", dir, "history", EndToEndTests.report, "/profile/staffing/retired", "--json"], env: env
            ).stdoutBytes)
        guard case .array(let revisions)? = history[member: "revisions"] else {
            throw ProblemInTest("no revisions: \(history)")
        }
        #expect(revisions.map { $0[member: "value"] } == [.number(31), .number(30), .number(29)])
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    /// One office migrates and pushes; the other edits in version 1 and pulls: the merge is in
    /// version 2 and keeps the edit at the figure's new place.
    @Test func aMigrationMergesWithUnmigratedWork() throws {
        let offices = PullMergeTests()
        let (tmp, _, a, b) = try offices.offices()
        defer { _ = tmp }
        let two = try Self.versionTwo()
        let env = ["VAULT_SCHEMA_DIR": two.path]
        #expect(try e2e.vault(["-C", a, "migrate", "-m", "升级"] + EndToEndTests.author, env: env).status == 0)
        let push = try e2e.vault(["-C", a, "push"], env: env)
        #expect(push.status == 0, "\(push.stderr)")
        try offices.edit(
            b, [("\"retired\": 29", "\"retired\": 28"), ("\"personnel\": 1236.95", "\"personnel\": 1236.96")], "两处更正")
        let pull = try e2e.vault(["-C", b, "pull"] + EndToEndTests.author, env: env)
        #expect(pull.status == 0, "\(pull.stdout)\(pull.stderr)")
        #expect(try offices.value(b, "/schemaVersion") == .number(2))
        #expect(try offices.value(b, "/profile/staffing/retirees") == .number(28))
        #expect(try offices.value(b, "/profile/staffing/retired") == nil)
        #expect(try offices.value(b, "/generalBudget/basic/personnel") == .number(1236.96))
        #expect(try e2e.vault(["-C", b, "verify"], env: env).status == 0)
    }

    @Test func migrationNeverInventsValues() throws {
        let (tmp, dir) = try submittedVault()
        defer { _ = tmp }
        let two = try Self.versionTwo(creditCodeRequired: true)
        let before = try e2e.snapshot(dir)
        let migrate = try e2e.vault(
            ["-C", dir, "migrate", "-m", "升级"] + EndToEndTests.author, env: ["VAULT_SCHEMA_DIR": two.path])
        #expect(migrate.status != 0)
        #expect(
            migrate.stderr
                == "error: \(EndToEndTests.report): schema version 2 requires /unit/creditCode, and the report has no value to put there; fill it in and commit, then migrate\n"
        )
        #expect(try e2e.snapshot(dir) == before)
        // Backwards and unknown versions are refused the same way.
        let unknown = try e2e.vault(
            ["-C", dir, "migrate", "--to", "3"] + EndToEndTests.author, env: ["VAULT_SCHEMA_DIR": two.path])
        #expect(unknown.stderr == "error: schema version 3 is not one this vault knows (1–2)\n")
        #expect(try e2e.snapshot(dir) == before)
    }

    // MARK: - Steps

    @Test func stepsMoveRowsBothWaysAndNameTheirPlaces() throws {
        let v1: ReportAddress = "/projectEvaluations/*/indicators/*/score"
        let v2: ReportAddress = "/projectEvaluations/*/indicators/*/points"
        let report = try JSONParser.parse(
            #"{"schemaVersion": 1, "projectEvaluations": [{"indicators": [{"score": 1}, {"score": 2}]}, {"indicators": [{"score": 3}]}]}"#
        )
        let moved = SchemaStep.move(report, from: v1, to: v2)
        #expect(
            moved
                == (try JSONParser.parse(
                    #"{"schemaVersion": 1, "projectEvaluations": [{"indicators": [{"points": 1}, {"points": 2}]}, {"indicators": [{"points": 3}]}]}"#
                )))
        #expect(SchemaStep.move(moved, from: v2, to: v1) == report)
        #expect(
            SchemaStep.rename(["projectEvaluations", "1", "indicators", "0", "score"], from: v1, to: v2) == [
                "projectEvaluations", "1", "indicators", "0", "points",
            ])
        #expect(
            SchemaStep.rename(["projectEvaluations", "1", "name"], from: v1, to: v2) == [
                "projectEvaluations", "1", "name",
            ])
        // Whole rows: every row moves, in order, and the emptied array goes.
        let rows = try JSONParser.parse(#"{"a": 1, "sections": [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}, {"n": 5}]}"#)
        let renamed = SchemaStep.move(rows, from: "/sections/*", to: "/chapters/*")
        #expect(
            renamed
                == (try JSONParser.parse(#"{"a": 1, "chapters": [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}, {"n": 5}]}"#)))
        #expect(SchemaStep.move(renamed, from: "/chapters/*", to: "/sections/*") == rows)
        // A value whose new place is taken stays where it was: nothing is overwritten.
        let taken = try JSONParser.parse(#"{"a": {"old": 1, "new": 2}}"#)
        #expect(SchemaStep.move(taken, from: "/a/old", to: "/a/new") == taken)
    }

    /// The trial step on every sample: each passes version 2 after it, with every value where
    /// the step says, and converting back gives the sample again.
    @Test(arguments: ["changpu-2024", "changpu-2024-draft2", "xitang-2024", "pingkou-2023", "jimin-2024"])
    func theStepOnEverySample(_ name: String) throws {
        let two = try Self.versionTwo()
        let schemas = try ReportSchemas(folder: two.path)
        let sample = try FileInput.json(Fixtures.packageRoot.appendingPathComponent("samples/\(name).json").path)
        #expect(try schemas.validate(sample).isEmpty)
        let migrated = try #require(try schemas.migrate(sample, to: 2, name: name))
        #expect(try schemas.schema(2).validate(migrated).isEmpty, "\(name)")
        #expect(migrated[member: "schemaVersion"] == .number(2))
        #expect(
            JSONPointer.resolve("/profile/staffing/retirees", in: migrated)
                == JSONPointer.resolve("/profile/staffing/retired", in: sample))
        #expect(JSONPointer.resolve("/profile/staffing/retired", in: migrated) == nil)
        #expect(CanonicalJSON.rfc8785(try schemas.convert(migrated, from: 2, to: 1)) == CanonicalJSON.rfc8785(sample))
        #expect(try schemas.migrate(migrated, to: 2, name: name) == nil)
        #expect(throws: VaultError.self) { try schemas.migrate(migrated, to: 1, name: name) }
    }

    /// `vault import` reads with the vocabulary's version and writes the newest.
    @Test func importWritesTheNewestVersion() throws {
        let two = try Self.versionTwo()
        let tmp = try TemporaryFolder()
        let out = tmp.path + "/out.json"
        let text = Fixtures.packageRoot.appendingPathComponent(
            "Tests/ReportVaultTests/Fixtures/reports/changpu-2024.txt"
        ).path
        let result = try e2e.vault(["import", text, "-o", out], env: ["VAULT_SCHEMA_DIR": two.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try FileInput.json(out)
        #expect(report[member: "schemaVersion"] == .number(2))
        #expect(JSONPointer.resolve("/profile/staffing/retirees", in: report) == .number(29))
        #expect(JSONPointer.resolve("/profile/staffing/retired", in: report) == nil)
        #expect(try ReportSchemas(folder: two.path).validate(report).isEmpty)
    }

    @Test func aStepNamingAPlaceNeitherVersionHasIsRefused() throws {
        let two = try Self.versionTwo()
        _ = try two.file(
            "report.v2.migration.json",
            #"{"from": 1, "to": 2, "moves": [{"from": "/profile/staffing/retierd", "to": "/profile/staffing/retirees"}]}"#
        )
        let schemas = try ReportSchemas(folder: two.path)
        #expect(schemas.newest == 2)
        #expect(throws: VaultError.self) { try schemas.step(to: 2) }
        do {
            _ = try schemas.step(to: 2)
        } catch {
            #expect(
                error.description
                    == "\(two.path)/report.v2.migration.json: /profile/staffing/retierd is not a place of schema version 1"
            )
        }
    }

    @Test func theNewestVersionIsWhatImportWritesAndEveryVersionPrints() throws {
        let two = try Self.versionTwo()
        let outline = try e2e.vault(["schema"], env: ["VAULT_SCHEMA_DIR": two.path])
        #expect(outline.stdout.hasPrefix("report schema version 2 (newest: 2), report.v2.schema.json\n"))
        #expect(outline.stdout.contains("/profile/staffing/retirees"))
        let v1 = try e2e.vault(["schema", "1", "--json"], env: ["VAULT_SCHEMA_DIR": two.path])
        #expect(v1.stdoutBytes == (try FileInput.read(two.path + "/report.v1.schema.json")))
        let zh = try e2e.vault(
            ["schema", "--changes", "1", "2"], env: ["VAULT_SCHEMA_DIR": two.path, "VAULT_LANG": "zh"])
        #expect(zh.stdout.hasPrefix("报告结构版本 1 → 2：2 处变化\n"))
        #expect(zh.stdout.contains("移动      /profile/staffing/retired → /profile/staffing/retirees  退休人数 → 退休人员数"))
    }
}
