import Foundation
import Testing
@testable import ReportVault

@Suite struct ImportTests {
    static let schema = try! ReportSchema.load()
    static let realReports = ["changpu-2024", "xitang-2024", "pingkou-2023", "jimin-2024"]

    static func figures(_ value: JSONValue) -> [String: Double] {
        var out: [String: Double] = [:]
        for f in FigureList(schema: schema).figures(of: value) where f.path != "/schemaVersion" { out[f.path] = f.value }
        return out
    }

    static func importFixture(_ path: String) throws -> ImportResult {
        try ReportImporter.run(try Fixtures.text(path))
    }

    /// Importing each real report yields exactly the figures of its hand-written sample.
    @Test(arguments: realReports)
    func importMatchesTheHandWrittenSample(_ name: String) throws {
        let imported = try Self.importFixture("reports/\(name).txt")
        let sample = try FileInput.json(Fixtures.packageRoot.appendingPathComponent("samples/\(name).json").path)
        let a = Self.figures(sample), b = Self.figures(imported.report)
        var differences: [String] = []
        for (path, value) in a.sorted(by: { $0.key < $1.key }) {
            if let got = b[path] { if got != value { differences.append("differs \(path): sample \(value), import \(got)") } }
            else { differences.append("missing \(path) = \(value)") }
        }
        for (path, value) in b.sorted(by: { $0.key < $1.key }) where a[path] == nil { differences.append("extra \(path) = \(value)") }
        let listing = differences.joined(separator: "\n")
        #expect(differences.isEmpty, "\(name): \(differences.count) differences:\n\(listing)")
        #expect(a.count > 10)
        #expect(Self.schema.validate(imported.report) == [], "\(name) does not validate")
        // Identity as the vault needs it.
        let report = try Report(imported.report)
        #expect(report.path == (try Report(sample)).path)
    }

    /// No value is invented: every number appears in the source text (as written, or the
    /// same number with its 万元/元/% unit; decreases are stated as words).
    @Test(arguments: realReports.map { "reports/\($0).txt" } + ["import/dongshan-2023.txt", "import/shili-2024.txt", "import/tanghu-2020.txt", "import/shimen-2022.txt"])
    func everyNumberAppearsInTheSource(_ path: String) throws {
        let source = ReportText.normalize(try Fixtures.text(path))
        let literals = Set(source.matches(of: try Regex("[0-9][0-9,]*(?:\\.[0-9]+)?")).compactMap { ImportBuilder.parseNumber(String(source[$0.range])) })
        let result = try Self.importFixture(path)
        for (pointer, value) in Self.figures(result.report) {
            #expect(literals.contains(abs(value)), "\(path): \(pointer) = \(value) is not in the text")
        }
        // and every figure has exactly one provenance line
        #expect(result.provenance.map(\.pointer).sorted() == Self.figures(result.report).keys.sorted())
    }

    /// A report written with other wording, full-width digits, sections out of order, (1)
    /// numbering, a heading "4、" where 四、 belongs, and missing sections.
    @Test func variantWording() throws {
        let result = try Self.importFixture("import/dongshan-2023.txt")
        #expect(Self.figures(result.report) == [
            "/fiscalYear": 2023,
            "/generalBudget/basic/actual": 870.12, "/generalBudget/basic/budget": 856.4,
            "/generalBudget/basic/personnel": 610.5, "/generalBudget/basic/publicUse": 259.62,
            "/generalBudget/meetings/current": 1.2, "/generalBudget/meetings/change": -0.3, "/generalBudget/meetings/changeRate": -20,
            "/generalBudget/project/actual": 118.6, "/generalBudget/project/budget": 120,
            "/generalBudget/project/items/0/amount": 80, "/generalBudget/project/items/1/amount": 38.6,
            "/performance/score": 92.5,
            "/profile/affiliatedUnits/count": 2, "/profile/departments/count": 4,
            "/profile/staffing/active": 29, "/profile/staffing/administrative": 18, "/profile/staffing/authorized": 30,
            "/profile/staffing/institutional": 12, "/profile/staffing/retired": 7,
            "/stateCapital/actual": 5,
        ])
        let r = result.report
        #expect(r[member: "unit"]?[member: "name"] == .string("某某县东山街道办事处"))
        #expect(r[member: "date"] == .string("2024-03-05"))
        #expect(r[member: "performance"]?[member: "grade"] == .string("优"))
        #expect(r[member: "governmentFund"]?[member: "note"] == .string("2023年度无政府性基金预算支出"))
        #expect(r[member: "governmentFund"]?[member: "actual"] == nil)  // 无 is not an invented 0
        #expect(r[member: "socialInsurance"] == nil)  // the section is missing
        #expect(r[member: "profile"]?[member: "duties"] == .array([.string("负责辖区经济发展。"), .string("负责社会事务管理。")]))
        guard case .array(let sections)? = r[member: "sections"] else { Issue.record("no sections"); return }
        #expect(sections.compactMap { $0[member: "heading"]?.stringValue } == ["一、部门概况", "三、政府性基金预算支出情况", "二、一般公共预算支出情况", "4、 国有资本经营预算支出情况", "六、部门整体支出绩效情况", "七、存在的问题及原因分析"])
        #expect(result.unmapped.map(\.place) == ["line 18"])  // 投入约12万元 is reported, not guessed
        #expect(ReportCheck(schema: Self.schema).findings(for: r).isEmpty)
    }

    /// A base data table in TAB-led blocks and a Gansu-style table in TAB rows, amounts in 元.
    @Test func bothTableShapes() throws {
        let result = try Self.importFixture("import/shili-2024.txt")
        let f = Self.figures(result.report)
        #expect(f["/baseData/staffing/controlRate"] == 91.67)
        #expect(f["/baseData/rows/0/final"] == 1.2)
        #expect(f["/baseData/rows/6/budget"] == 21)
        #expect(f["/selfEvaluation/funds/rows/0/executed"] == 820000)
        #expect(f["/selfEvaluation/indicators/1/completionRate"] == 95)
        #expect(f["/selfEvaluation/totalWeight"] == 40 && f["/selfEvaluation/totalScore"] == 39)
        #expect(result.report[member: "selfEvaluation"]?[member: "amountUnit"] == .string("元"))
        #expect(result.report[member: "baseData"]?[member: "rows"]?.arrayCount == 7)
        #expect(result.tableRows == 12)
        #expect(result.notes.count == 1)
        #expect(ReportCheck(schema: Self.schema).findings(for: result.report).isEmpty)
    }

    /// Another province's template as a web page shows it: `|` rows whose first or last cell
    /// is empty, a unit line "单位名称:… 填报日期:…" above the table, the year only in the
    /// title after the place, "864.2万", headers "得分 (20分*执行率)", "年初目标值(A)",
    /// "分值(10分)", level-1 points in brackets after a space, rows missing their merged cells.
    @Test func pipeTableOfAnotherTemplate() throws {
        let result = try Self.importFixture("import/tanghu-2020.txt")
        let f = Self.figures(result.report)
        #expect(result.report[member: "unit"]?[member: "name"] == .string("塘湖镇政府"))
        #expect(f["/fiscalYear"] == 2020)
        #expect(f["/generalBudget/basic/actual"] == 864.2 && f["/generalBudget/project/actual"] == 285.6)
        #expect(f["/selfEvaluation/funds/rows/0/score"] == 19.75 && f["/selfEvaluation/funds/rows/0/weight"] == 20)
        let indicators = (0..<7).map { i in [f["/selfEvaluation/indicators/\(i)/weight"], f["/selfEvaluation/indicators/\(i)/score"]] }
        #expect(indicators == [[10, 10], [10, 9.6], [10, 10], [10, 9.6], [15, 15], [15, 15], [10, 10]])
        guard case .array(let rows)? = result.report[member: "selfEvaluation"]?[member: "indicators"] else { Issue.record("no indicators"); return }
        #expect(rows.map { $0[member: "level2"]?.stringValue ?? "" } == ["数量指标", "数量指标", "质量指标", "时效指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标"])
        #expect(rows[1][member: "deviation"] == .string("2套未完工") && rows[0][member: "deviation"] == nil)
        #expect(f["/selfEvaluation/level1Weights/0/weight"] == 40 && f["/selfEvaluation/totalScore"] == 98.95)
        #expect(f.count == 46)
        #expect(result.unmapped.isEmpty)
    }

    /// A level-1 cell whose points stand on its second line, which a `|` extraction gives a
    /// row of its own ("(50分)"), and the headers 指标值 / 完成值 / 权重 / 自评得分.
    @Test func levelPointsOnTheirOwnRow() throws {
        let result = try Self.importFixture("import/shimen-2022.txt")
        let f = Self.figures(result.report)
        #expect(f == [
            "/fiscalYear": 2022,
            "/selfEvaluation/indicators/0/weight": 25, "/selfEvaluation/indicators/0/score": 25,
            "/selfEvaluation/indicators/1/weight": 25, "/selfEvaluation/indicators/1/score": 24,
            "/selfEvaluation/indicators/2/weight": 10, "/selfEvaluation/indicators/2/score": 10,
            "/selfEvaluation/level1Weights/0/weight": 50, "/selfEvaluation/level1Weights/1/weight": 10,
            "/selfEvaluation/totalWeight": 60, "/selfEvaluation/totalScore": 59,
        ])
        guard case .array(let rows)? = result.report[member: "selfEvaluation"]?[member: "indicators"] else { Issue.record("no indicators"); return }
        #expect(rows.map { $0[member: "level1"]?.stringValue } == ["产出指标", "产出指标", "满意度指标"])
        #expect(result.report[member: "unit"]?[member: "name"] == .string("某某县石门街道办事处"))
    }

    @Test func emptyTemplateTablesProduceNoFigures() throws {
        let text = "2024年度某镇人民政府部门整体支出绩效自评报告\n一、部门基本情况\n无。\n\n\n\n项目支出绩效自评表\n\t项目名称\n\t\n\n\t年度资金总额\n\t\n\t\n\n\t一级指标\n\t二级指标\n\t三级指标\n\n\t\n\t\n\t\n"
        let result = try ReportImporter.run(text)
        #expect(Self.figures(result.report) == ["/fiscalYear": 2024])
    }
}

extension JSONValue {
    var arrayCount: Int? { if case .array(let a) = self { return a.count } else { return nil } }
}
