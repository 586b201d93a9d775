import Foundation
import Testing

@testable import ReportVault
@testable import VaultModel

/// The places the check rules and the vault read are typed addresses, and every one is in the
/// shipped schema; a schema that renames one is refused at start-up, naming it.
@Suite struct ReportAddressTests {
    /// The text of `schema/report.schema.json`, the contract the rules are checked against.
    static func schemaText() throws -> String {
        String(
            decoding: try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("schema/report.schema.json")),
            as: UTF8.self)
    }

    static func schema(_ text: String) throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(Array(text.utf8)))
    }

    /// The error building a check from `schema` throws, or nil when it builds.
    static func startUpError(_ schema: JSONSchema) -> VaultError? {
        do {
            _ = try ReportCheck(verifying: schema)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - The shipped schema

    @Test func everyRuleAddressIsInTheShippedSchema() throws {
        let schema = try Self.schema(try Self.schemaText())
        #expect(ReportAddress.unknown(ReportCheck.addresses, in: schema) == [])
        #expect(ReportSchemas.unknownAddresses(in: schema) == [])
        #expect(Self.startUpError(schema) == nil)
        // The bundled copy is the one commands load; loading checks it too.
        #expect(ReportSchemas.unknownAddresses(in: try ReportSchemas.load().newestSchema()) == [])
        // A declaration that lost its rows or tables would pass vacuously.
        #expect(ReportCheck.addresses.count > 100)
        #expect(ReportCheck.addresses.contains("/projectEvaluations/*/funds/rows/*/score"))
        #expect(ReportCheck.addresses.allSatisfy { $0.tokens.first != nil })
    }

    @Test func everyRuleDeclaresItsAddresses() {
        let declared = ReportCheck.rules.map(\.rule)
        #expect(Set(declared).count == declared.count, "a rule is declared twice")
        #expect(ReportCheck.rules.allSatisfy { !$0.addresses.isEmpty })
        // Every rule ReportCheckTests exercises (all of them) has its places declared.
        let tested = Set(ReportCheckTests.cases.map(\.rule))
        #expect(
            tested.subtracting(declared).isEmpty,
            "rules without declared addresses: \(tested.subtracting(declared).sorted())")
    }

    @Test func everyFamilyDeclaresItsOwnRules() {
        let families = ReportCheck.families
        #expect(Set(families.map { ObjectIdentifier($0) }).count == families.count, "a family is registered twice")
        for family in families {
            #expect(!family.rules.isEmpty, "\(family) declares no rule")
        }
        // A rule id belongs to one family across the whole registry.
        var owner: [String: String] = [:]
        for family in families {
            for rule in family.rules.map(\.rule) {
                #expect(owner[rule] == nil, "\(rule) is declared by \(owner[rule] ?? "") and \(family)")
                owner[rule] = "\(family)"
            }
        }
        // ReportCheck.rules is the families' declarations, in the registry's order.
        #expect(ReportCheck.rules.map(\.rule) == families.flatMap { $0.rules.map(\.rule) })
    }

    // MARK: - A renamed property fails loudly

    @Test func aRenamedPropertyIsAnErrorNamingTheAddress() throws {
        let text = try Self.schemaText()
        #expect(text.contains("\"publicUse\""))
        let renamed = try Self.schema(text.replacingOccurrences(of: "\"publicUse\"", with: "\"publicUse2\""))
        #expect(ReportSchemas.unknownAddresses(in: renamed) == ["/generalBudget/basic/publicUse"])
        let error = try #require(Self.startUpError(renamed))
        #expect(
            error.description
                == "1 address the library reads is not in the report schema: /generalBudget/basic/publicUse (read by sum.basic, sum.general-budget)"
        )
    }

    @Test func aRenamedMemberOfASharedDefinitionIsCaughtEverywhere() throws {
        // `changeRate` is read by the year-on-year rule, which walks every object: the
        // schema's kinds of year-on-year objects are declared so a rename still shows.
        let renamed = try Self.schema(
            try Self.schemaText().replacingOccurrences(of: "\"changeRate\"", with: "\"rate2\""))
        let unknown = ReportSchemas.unknownAddresses(in: renamed)
        #expect(unknown.contains("/generalBudget/total/changeRate"))
        #expect(unknown.contains("/generalBudget/changes/*/changeRate"))
        let error = try #require(Self.startUpError(renamed))
        #expect(error.description.contains("/generalBudget/meetings/changeRate (read by yoy.rate)"))
        // A member of the evaluation tables: both the unit's table and every project's.
        let noWeight = try Self.schema(
            try Self.schemaText().replacingOccurrences(of: "\"totalWeight\"", with: "\"maxScore\""))
        #expect(
            ReportSchemas.unknownAddresses(in: noWeight) == [
                "/selfEvaluation/totalWeight", "/projectEvaluations/*/totalWeight",
            ])
    }

    @Test func theVaultsOwnAddressesAreChecked() throws {
        // Only the report's own member (the first in the file): the tables' overrides and the
        // definition they refer to keep the name.
        let text = try Self.schemaText()
        let member = try #require(text.range(of: "\"amountUnit\": {"))
        let renamed = try Self.schema(text.replacingCharacters(in: member, with: "\"currencyUnit\": {"))
        #expect(ReportSchemas.unknownAddresses(in: renamed) == ["/amountUnit"])
        let error = try #require(Self.startUpError(renamed))
        #expect(error.description.contains("/amountUnit (read by amount units)"))
    }

    // MARK: - The type

    @Test func addressesAreWrittenAsPointersWithRowWildcards() throws {
        let score: ReportAddress = "/projectEvaluations/*/funds/rows/*/score"
        #expect(score.tokens == ["projectEvaluations", "*", "funds", "rows", "*", "score"])
        #expect(!score.isConcrete)
        let filled = score.row(1).row(0)
        #expect(filled.pointer == "/projectEvaluations/1/funds/rows/0/score")
        #expect(filled.isConcrete && filled.pattern == score)
        #expect(ReportAddress("/projectEvaluations/*") + "/funds/rows/*/score" == score)
        #expect(ReportAddress("/a~1b").tokens == ["a/b"] && ReportAddress("/a~1b").description == "/a~1b")
        #expect(
            ReportAddress.threePublicTotal.appending(member: "current").pointer
                == "/generalBudget/threePublic/total/current")
    }

    @Test func addressesResolveInAReport() throws {
        let report = try JSONParser.parse(
            #"{"amountUnit": "元", "selfEvaluation": {"funds": {"rows": [{"name": "年度资金总额", "score": 9.5}]}}}"#)
        let score: ReportAddress = "/selfEvaluation/funds/rows/*/score"
        #expect(score.row(0).resolve(in: report) == .number(9.5))
        #expect(score.row(1).resolve(in: report) == nil)
        #expect(score.resolve(in: report) == nil, "an unfilled * names no one place")
        #expect(ReportAddress.amountUnit.resolve(in: report)?.stringValue == "元")
        // A relative address resolves inside the object it is given.
        let row = try #require(ReportAddress("/selfEvaluation/funds/rows/0").resolve(in: report))
        #expect(ReportAddress.rowName.resolve(in: row)?.stringValue == "年度资金总额")
    }

    @Test func unknownListsEachMissingAddressOnceInOrder() throws {
        let schema = try Self.schema(try Self.schemaText())
        let addresses: [ReportAddress] = [
            "/nowhere", "/fiscalYear", "/selfEvaluation/indicators/*/nothing", "/nowhere",
            "/selfEvaluation/indicators/*/score", "/economicClassification/*/amount",
        ]
        #expect(ReportAddress.unknown(addresses, in: schema) == ["/nowhere", "/selfEvaluation/indicators/*/nothing"])
    }
}
