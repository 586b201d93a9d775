import Foundation
import Testing

@testable import ReportVault
@testable import VaultOutput
@testable import VaultSchema

/// The schema's own conventions, the samples against it, and `figures`.
@Suite struct ReportModelTests {
    static let schema = try! ReportSchemas.load().newestSchema()
    static let samples: [String] = Fixtures.required("samples") { $0.hasSuffix(".json") }

    static func sample(_ name: String) throws -> JSONValue {
        try FileInput.json(Fixtures.packageRoot.appendingPathComponent("samples/\(name)").path)
    }

    @Test func everyPropertyHasATitleAndADescription() {
        var missing: [String] = []
        var unkeyedRowArrays: [String] = []
        func visit(_ schema: JSONValue, _ path: String) {
            guard case .object = schema else { return }
            if case .object(let properties)? = schema[member: "properties"] {
                for p in properties {
                    let node = Self.schema.node(for: p.value)
                    if node.title == nil || node.annotation("description") == nil {
                        missing.append(path + "/properties/" + p.name)
                    }
                    visit(p.value, path + "/properties/" + p.name)
                }
            }
            if let items = schema[member: "items"] {
                let node = Self.schema.node(for: items)
                if node.annotation("properties") != nil && schema[member: "x-key"] == nil {
                    unkeyedRowArrays.append(path)
                }
                visit(items, path + "/items")
            }
            if case .object(let defs)? = schema[member: "$defs"] {
                for d in defs { visit(d.value, path + "/$defs/" + d.name) }
            }
            if case .array(let subs)? = schema[member: "allOf"] {
                for (i, s) in subs.enumerated() { visit(s, path + "/allOf/\(i)") }
            }
        }
        visit(Self.schema.root, "")
        #expect(missing.isEmpty, "properties without title/description: \(missing)")
        #expect(unkeyedRowArrays.isEmpty, "arrays of rows without x-key: \(unkeyedRowArrays)")
        // fiscalYear and unit.name stay at the top level: the vault's addressing needs them.
        #expect(
            Self.schema.root[member: "required"]
                == .array([.string("schemaVersion"), .string("fiscalYear"), .string("unit"), .string("amountUnit")]))
    }

    @Test func theBundledSchemaIsTheOneInSchemaFolder() throws {
        let bundled = try Data(contentsOf: URL(fileURLWithPath: try ReportSchemas.load().path(of: 1)))
        let published = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("schema/report.schema.json"))
        #expect(bundled == published)
    }

    @Test(arguments: samples)
    func sampleIsValid(_ name: String) throws {
        let errors = Self.schema.validate(try Self.sample(name))
        #expect(errors.isEmpty, "\(name): \(errors)")
    }

    /// Breaking a sample in one place is reported at that place.
    @Test func mutationsFailAtTheRightPointer() throws {
        let original = try Self.sample("changpu-2024.json")
        let mutations: [(String, JSONValue, String, String)] = [
            ("/generalBudget/basic/personnel", .string("1236.95"), "/generalBudget/basic/personnel", "type"),
            ("/selfEvaluation/indicators/3/score", .number(-1), "/selfEvaluation/indicators/3/score", "minimum"),
            ("/amountUnit", .string("千元"), "/amountUnit", "enum"),
            ("/date", .string("2024年12月31日"), "/date", "pattern"),
            ("/profile/staffing/retired", .number(29.5), "/profile/staffing/retired", "type"),
            ("/sections/0/heading", .string(""), "/sections/0/heading", "minLength"),
        ]
        for (pointer, value, expectedPointer, keyword) in mutations {
            let mutated = try #require(replacing(pointer, in: original, with: value))
            let errors = Self.schema.validate(mutated)
            #expect(errors.map(\.pointer) == [expectedPointer], "\(pointer): \(errors)")
            #expect(errors.first?.keyword == keyword, "\(pointer): \(errors)")
        }
        // A member the schema does not know, and a missing required one.
        guard case .object(var members) = original else { return }
        members.append(.init("remarks", .string("x")))
        #expect(Self.schema.validate(.object(members)).map(\.pointer) == ["/remarks"])
        members.removeAll { $0.name == "remarks" || $0.name == "amountUnit" }
        #expect(Self.schema.validate(.object(members)).map(\.keyword) == ["required"])
    }

    @Test func changpuSlipsAreReported() throws {
        let findings = try ReportCheck(schema: Self.schema).findings(for: try Self.sample("changpu-2024.json"))
        let general = try #require(findings.first { $0.rule == "sum.general-budget" })
        #expect(general.expected == "2023.38")
        #expect(general.found == "2023.37")
        #expect(
            findings.map(\.rule).sorted() == [
                "sum.general-budget", "sum.level1-weight", "sum.level1-weight", "sum.weights",
            ])
    }

    /// The slips docs/domain.md names are found where the model represents them.
    @Test func sampleSlipsAreReported() throws {
        let checker = ReportCheck(schema: Self.schema)
        func rules(_ name: String) throws -> [String] {
            try checker.findings(for: try Self.sample(name)).map {
                "\($0.severity.rawValue) \($0.rule) \($0.figures[0].path)"
            }
        }
        #expect(
            try rules("pingkou-2023.json") == [
                "error sum.basic /generalBudget/basic/actual",  // 公用经费 44.8 where the classification says 244.8
                "error yoy.rate /generalBudget/changes/1/changeRate",
                "error yoy.rate /generalBudget/meetings/changeRate",
                "error yoy.rate /generalBudget/threePublic/vehicles/changeRate",  // "减少140.27%"
            ])
        #expect(
            try rules("jimin-2024.json") == [
                "error rate.execution /selfEvaluation/funds/rows/0/executionRate",
                "warning rate.execution /selfEvaluation/funds/rows/1/executionRate",
                "warning score.execution /selfEvaluation/funds/rows/3/score",
                "error identity.table-year /selfEvaluation/heading/fiscalYear",  // headed 2021年度
                "error identity.table-unit /selfEvaluation/heading/unitName",  // headed 白水县人民政府
                "error sum.total-score /selfEvaluation/totalScore",
                "error sum.weights /selfEvaluation/totalWeight",
            ])
        #expect(try rules("xitang-2024.json") == [])
    }

    @Test func figuresCarryLabelsRowKeysAndUnits() throws {
        let figures = FigureList(schema: Self.schema).figures(of: try Self.sample("changpu-2024.json"))
        let byPath = Dictionary(uniqueKeysWithValues: figures.map { ($0.path, $0) })
        let personnel = try #require(byPath["/generalBudget/basic/personnel"])
        #expect(personnel.label == "一般公共预算支出 · 基本支出 · 人员经费")
        #expect(personnel.text == "1236.95")
        #expect(personnel.unit == "万元")
        let score = try #require(byPath["/selfEvaluation/indicators/7/score"])
        #expect(score.label == "部门整体支出绩效自评表 · 绩效指标 · 单位日常运转经费 · 得分")
        #expect(score.unit == "分")
        #expect(byPath["/profile/staffing/authorized"]?.unit == "人")
        #expect(byPath["/performance/revenueTask/completionRate"]?.unit == "%")
        #expect(byPath["/fiscalYear"]?.unit == nil)
        // Every number of the sample is listed once, in stored order.
        let stored = String(decoding: CanonicalJSON.stored(try Self.sample("changpu-2024.json")), as: UTF8.self)
        let numericLines = stored.split(separator: "\n").filter { line in
            let t = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ","))
            let v = t.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return Double(v) != nil
        }
        #expect(figures.count == numericLines.count)
    }

    @Test func tableAmountUnitOverridesTheReportDefault() throws {
        let report = try JSONParser.parse(
            #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "甲"}, "amountUnit": "万元", "generalBudget": {"basic": {"personnel": 1}}, "selfEvaluation": {"amountUnit": "元", "funds": {"rows": [{"name": "4. 项目支出", "initialBudget": 5618132.41}]}}}"#
        )
        let figures = FigureList(schema: Self.schema).figures(of: report)
        // Stored (key) order: fiscalYear, generalBudget, schemaVersion, selfEvaluation.
        #expect(figures.map(\.unit) == [nil, "万元", nil, "元"])
        #expect(
            figures.map(\.label) == [
                "年度", "一般公共预算支出 · 基本支出 · 人员经费", "模型版本", "部门整体支出绩效自评表 · 年度预算资金 · 资金行 · 4. 项目支出 · 年初预算数",
            ])
    }

    @Test func csvIsExcelReady() {
        let bytes = CSV.document(header: ["path", "label"], rows: [["/a", "三公经费, 合计"], ["/b", "说\"明\"\n第二行"]])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(
            String(decoding: bytes.dropFirst(3), as: UTF8.self)
                == "path,label\r\n/a,\"三公经费, 合计\"\r\n/b,\"说\"\"明\"\"\n第二行\"\r\n")
    }

    /// A CRLF inside a field is one Swift Character ("\r\n"), neither "\r" nor "\n": still quoted.
    @Test func csvQuotesCRLFInsideAField() {
        let bytes = CSV.document(header: ["a"], rows: [["第一行\r\n第二行"]])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "a\r\n\"第一行\r\n第二行\"\r\n")
    }

    /// Text a spreadsheet would run as a formula gets a leading apostrophe; numbers and 1/2 stay.
    @Test func csvNeutralisesFormulas() {
        let bytes = CSV.document(
            header: ["a", "b", "c", "d", "e", "f"],
            rows: [["=HYPERLINK(\"http://x\")", "+1+2", "-5.25", "@SUM(A1)", "1/2", "-"]])
        #expect(
            String(decoding: bytes.dropFirst(3), as: UTF8.self)
                == "a,b,c,d,e,f\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+1+2,-5.25,'@SUM(A1),1/2,'-\r\n")
    }
}

/// `value` with the member or element at `pointer` replaced.
func replacing(_ pointer: String, in value: JSONValue, with new: JSONValue) -> JSONValue? {
    guard let tokens = JSONPointer.tokens(pointer), !tokens.isEmpty else { return new }
    func go(_ v: JSONValue, _ rest: ArraySlice<String>) -> JSONValue? {
        guard let head = rest.first else { return new }
        switch v {
        case .object(var members):
            guard let i = members.firstIndex(where: { $0.name == head }),
                let child = go(members[i].value, rest.dropFirst())
            else { return nil }
            members[i].value = child
            return .object(members)
        case .array(var elements):
            guard let i = Int(head), elements.indices.contains(i), let child = go(elements[i], rest.dropFirst()) else {
                return nil
            }
            elements[i] = child
            return .array(elements)
        default: return nil
        }
    }
    return go(value, tokens[...])
}
