import Foundation
import Testing

@testable import ReportVault

/// Every `--json` output follows its documented schema (schema/<command>-output.schema.json),
/// checked with the project's own validator on a small vault, and the schemas are tight
/// enough that an output of the wrong shape fails.
@Suite struct OutputSchemaTests {
    let e2e = EndToEndTests()

    static func schema(_ command: String) throws -> JSONSchema {
        try JSONSchema(
            try FileInput.json(Fixtures.packageRoot.appendingPathComponent("schema/\(command)-output.schema.json").path)
        )
    }

    /// The commands with a `--json` form, each with the arguments that make one.
    static func cases(_ sample: String) -> [(command: String, args: [String])] {
        [
            ("log", ["log"]), ("log", ["log", EndToEndTests.report, "-n", "1"]),
            ("history", ["history", "长铺镇", "/generalBudget/basic/publicUse"]),
            ("history", ["history", "长铺镇", "/selfEvaluation/indicators/7/score"]),
            ("blame", ["blame", "长铺镇"]),
            ("tags", ["tags"]),
            ("figures", ["figures", "长铺镇", "--rev", "HEAD~1"]), ("figures", ["figures", sample]),
            ("check", ["check", "长铺镇"]), ("check", ["check", sample]),
            ("show", ["show", "HEAD~1", EndToEndTests.report]),
            ("verify", ["verify"]),
            ("status", ["status"]),
            ("ls", ["ls"]), ("ls", ["ls", "2023"]),
            ("diff", ["diff", "HEAD~1"]), ("diff", ["diff", "draft-1..HEAD", EndToEndTests.report]),
            ("conflicts", ["conflicts"]),
            ("schema-changes", ["schema", "--changes", "1", "1"]),
            ("access", ["access"]),
            ("reviews", ["reviews"]), ("reviews", ["reviews", "长铺镇", "--open"]),
            ("overview", ["overview"]), ("overview", ["overview", "2024", "--rev", "HEAD~1"]),
        ]
    }

    /// Two revisions, a submission, a signed one, a withdrawn one, a lightweight tag and a
    /// work-tree edit.
    func populatedVault() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        try SigningTests.keygen(tmp.path + "/clerk")
        let signers = try tmp.file(
            "allowed_signers", try SigningTests.signersLine("wang@example.cn", tmp.path + "/clerk.pub"))
        for (args, why) in [
            (["commit", EndToEndTests.sample, "-m", "draft 1"], "commit"), (["tag", "draft-1", "-m", "sent"], "tag"),
            (["tag", "signed-1", "-m", "sent, signed", "--sign", "--key", tmp.path + "/clerk"], "signed tag"),
            (["commit", EndToEndTests.draft2, "-m", "draft 2"], "commit 2"),
            (["tag", "draft-2", "-m", "sent again"], "tag 2"),
            (["tag", "--withdraw", "draft-2", "-m", "sent too early"], "withdraw"),
            (["access", "grant", "wang", "--clerk", "绥宁县长铺镇人民政府", "--admin"], "access"),
            (["review", "长铺镇", "公用经费", "--rev", "HEAD~1", "-m", "请核对"], "note"),
            (["review", "长铺镇", "-m", "整体意见"], "report note"),
            (["review", "长铺镇", "公用经费", "--reply", "-m", "已核对"], "reply"),
            (["review", "长铺镇", "--return", "-m", "请更正"], "return"),
        ] {
            let r = try e2e.vault(["-C", dir] + args + EndToEndTests.author)
            #expect(r.status == 0, "\(why): \(r.stderr)")
        }
        #expect(try e2e.vault(["-C", dir, "config", "signers", signers]).status == 0)
        #expect(try e2e.git(["tag", "light", "HEAD~1"], dir).status == 0)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dir + "/reports/2024/other.json"))
        return (tmp, dir)
    }

    /// The output of `vault -C DIR ARGS --json`, parsed.
    func output(_ dir: String, _ args: [String]) throws -> JSONValue? {
        let r = try e2e.vault(["-C", dir] + args + ["--json"])
        #expect(r.status == 0 || r.status == 1, "\(args): exit \(r.status) \(r.stderr)")
        return try? JSONParser.parse(r.stdout)
    }

    @Test func everyJSONOutputFollowsItsSchema() throws {
        // Each schema file in schema/ belongs to a command that is tested here.
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.packageRoot.appendingPathComponent("schema").path)
        let documented = Set(
            files.filter { $0.hasSuffix("-output.schema.json") }.map {
                String($0.dropLast("-output.schema.json".count))
            })
        #expect(documented == Set(Self.cases(EndToEndTests.sample).map(\.command)))

        // An empty vault.
        let (emptyTmp, empty) = try e2e.newVault()
        _ = emptyTmp
        for command in ["log", "tags", "status", "ls", "verify"] {
            let value = try #require(try output(empty, [command]), "\(command)")
            #expect(try Self.schema(command).validate(value) == [], "\(command) on an empty vault")
        }

        let (tmp, dir) = try populatedVault()
        _ = tmp
        for (command, args) in Self.cases(EndToEndTests.sample) {
            let value = try #require(try output(dir, args), "\(args)")
            let errors = try Self.schema(command).validate(value)
            #expect(errors == [], "\(args): \(errors.map(\.description))")
        }
        // What the populated vault shows: every kind of entry was validated.
        let status = try #require(try output(dir, ["status"]))
        #expect(
            status[member: "workTree"]
                == .array([
                    .object([.init("path", .string("reports/2024/other.json")), .init("state", .string("new"))])
                ]))
        guard case .array(let tags)? = try output(dir, ["tags"]) else { Issue.record("tags"); return }
        #expect(
            tags.map { $0[member: "name"] } == [
                .string("draft-1"), .string("light"), .string("signed-1"), .string("draft-2"),
            ])
        #expect(tags[1][member: "annotated"] == .bool(false) && tags[3][member: "withdrawn"] != nil)
        let verify = try #require(try output(dir, ["verify"]))
        guard case .array(let signatures)? = verify[member: "signatures"] else {
            Issue.record("verify signatures"); return
        }
        #expect(signatures.map { $0[member: "status"] } == [.string("unsigned"), .string("unsigned"), .string("good")])
    }

    /// An output with a member too many, or a member of the wrong type, fails its schema.
    @Test func theSchemasRefuseAWrongShape() throws {
        let (tmp, dir) = try populatedVault()
        _ = tmp
        var seen = Set<String>()
        for (command, args) in Self.cases(EndToEndTests.sample) where seen.insert(command).inserted {
            let value = try #require(try output(dir, args), "\(args)")
            let schema = try Self.schema(command)
            let extra = Self.mutatingFirstObject(value) { $0 + [.init("unexpected", .bool(true))] }
            #expect(!schema.isValid(extra), "\(command): a member too many passes")
            let retyped = Self.mutatingFirstObject(value) { members in
                var members = members
                members[0].value = Self.wrongType(for: members[0].value)
                return members
            }
            #expect(!schema.isValid(retyped), "\(command): \(value.firstObjectName ?? "") of the wrong type passes")
            let missing = Self.mutatingFirstObject(value) { Array($0.dropFirst()) }
            #expect(!schema.isValid(missing), "\(command): without \(value.firstObjectName ?? "") passes")
        }
    }

    /// `value` with the first object in it (itself, or an array's first element) changed.
    static func mutatingFirstObject(
        _ value: JSONValue, _ change: ([JSONValue.Member]) -> [JSONValue.Member]
    ) -> JSONValue {
        switch value {
        case .object(let members): return .object(change(members))
        case .array(let items) where !items.isEmpty:
            return .array([mutatingFirstObject(items[0], change)] + items.dropFirst())
        default: return value
        }
    }

    static func wrongType(for value: JSONValue) -> JSONValue {
        if case .string = value { return .number(1) }
        return .string("1")
    }
}

extension JSONValue {
    /// The first member's name of the first object in this value, for messages.
    fileprivate var firstObjectName: String? {
        switch self {
        case .object(let members): return members.first?.name
        case .array(let items): return items.first?.firstObjectName
        default: return nil
        }
    }
}
