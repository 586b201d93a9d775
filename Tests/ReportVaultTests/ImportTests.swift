import Foundation
import Testing

@testable import ReportVault
@testable import VaultImport

@Suite struct ImportTests {
    static let schema = try! ReportSchemas.load().newestSchema()
    static let realReports = ["changpu-2024", "xitang-2024", "pingkou-2023", "jimin-2024"]

    static func figures(_ value: JSONValue) -> [String: Double] {
        var out: [String: Double] = [:]
        for f in FigureList(schema: schema).figures(of: value) where f.path != "/schemaVersion" {
            out[f.path] = f.value
        }
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
            if let got = b[path] {
                if got != value { differences.append("differs \(path): sample \(value), import \(got)") }
            } else {
                differences.append("missing \(path) = \(value)")
            }
        }
        for (path, value) in b.sorted(by: { $0.key < $1.key }) where a[path] == nil {
            differences.append("extra \(path) = \(value)")
        }
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
    @Test(
        arguments: realReports.map { "reports/\($0).txt" } + [
            "import/dongshan-2023.txt", "import/shili-2024.txt", "import/tanghu-2020.txt", "import/shimen-2022.txt",
            "import/longjing-2023.txt", "import/taoyuan-2022.txt",
            "import/shuikou-2021.txt",
            "import/jinqiao-2023.txt",
        ])
    func everyNumberAppearsInTheSource(_ path: String) throws {
        let source = ReportText.normalize(try Fixtures.text(path))
        let literals = Set(
            source.matches(of: try Regex("[0-9][0-9,]*(?:\\.[0-9]+)?")).compactMap {
                ImportBuilder.parseNumber(String(source[$0.range]))
            })
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
        #expect(
            Self.figures(result.report) == [
                "/fiscalYear": 2023,
                "/generalBudget/basic/actual": 870.12, "/generalBudget/basic/budget": 856.4,
                "/generalBudget/basic/personnel": 610.5, "/generalBudget/basic/publicUse": 259.62,
                "/generalBudget/meetings/current": 1.2, "/generalBudget/meetings/change": -0.3,
                "/generalBudget/meetings/changeRate": -20,
                "/generalBudget/project/actual": 118.6, "/generalBudget/project/budget": 120,
                "/generalBudget/project/items/0/amount": 80, "/generalBudget/project/items/1/amount": 38.6,
                "/performance/score": 92.5,
                "/profile/affiliatedUnits/count": 2, "/profile/departments/count": 4,
                "/profile/staffing/active": 29, "/profile/staffing/administrative": 18,
                "/profile/staffing/authorized": 30,
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
        #expect(
            sections.compactMap { $0[member: "heading"]?.stringValue } == [
                "一、部门概况", "三、政府性基金预算支出情况", "二、一般公共预算支出情况", "4、 国有资本经营预算支出情况", "六、部门整体支出绩效情况", "七、存在的问题及原因分析",
            ])
        #expect(result.unmapped.map { $0.place.text(.en) } == ["line 18"])  // 投入约12万元 is reported, not guessed
        #expect(try ReportCheck(schema: Self.schema).findings(for: r).isEmpty)
    }

    /// The sentence rules in the family's other wordings: labels of the vocabulary's staffing
    /// list (核定编制…名, 工勤人员, 现有人员, 离休干部), departments listed before their count
    /// (下设A、B等4个内设机构) and units after it (…3个，分别为：), the final accounts' split with
    /// 全年支出合计 and 、, the economic classification as 对个人和家庭补助, 项目支出年初预算 …
    /// 全年实际支出, the 三公 parts as 公务接待经费 / 公务用车购置和运行维护费用 with 较上年 and
    /// 同比 (a change without its rate), a rate without its change (比上年下降15.79%), 政府性基金
    /// 预算支出为, a revenue task stated as 完成财政收入 … 占年度任务的, an unquoted grade.
    @Test func generalisedWordingTaoyuan() throws {
        let result = try Self.importFixture("import/taoyuan-2022.txt")
        #expect(
            Self.figures(result.report) == [
                "/fiscalYear": 2022,
                "/profile/staffing/authorized": 40, "/profile/staffing/administrative": 22,
                "/profile/staffing/institutional": 16,
                "/profile/staffing/other": 2, "/profile/staffing/current": 48, "/profile/staffing/active": 39,
                "/profile/staffing/retired": 9, "/profile/staffing/retiredCadres": 1,
                "/profile/departments/count": 4, "/profile/affiliatedUnits/count": 3,
                "/finalAccounts/expenditure/total": 980.5, "/finalAccounts/expenditure/basic": 720.3,
                "/finalAccounts/expenditure/project": 260.2,
                "/generalBudget/basic/actual": 720.3, "/generalBudget/basic/personnel": 600.1,
                "/generalBudget/basic/publicUse": 120.2,
                "/generalBudget/changes/0/current": 600.1, "/generalBudget/changes/0/change": 25.1,
                "/generalBudget/changes/0/changeRate": 4.37,
                "/generalBudget/changes/1/current": 120.2, "/generalBudget/changes/1/change": -10.3,
                "/generalBudget/changes/1/changeRate": -7.89,
                "/economicClassification/0/amount": 580.6, "/economicClassification/1/amount": 120.2,
                "/economicClassification/2/amount": 19.5,
                "/generalBudget/project/budget": 280, "/generalBudget/project/actual": 260.2,
                "/generalBudget/project/items/0/amount": 150, "/generalBudget/project/items/1/amount": 110.2,
                "/generalBudget/threePublic/total/current": 5.9, "/generalBudget/threePublic/abroad/current": 0,
                "/generalBudget/threePublic/vehicles/current": 3.5, "/generalBudget/threePublic/vehicles/change": 0.5,
                "/generalBudget/threePublic/reception/current": 2.4,
                "/generalBudget/threePublic/reception/change": -0.6,
                "/generalBudget/threePublic/reception/changeRate": -20,
                "/generalBudget/training/current": 1.6, "/generalBudget/training/changeRate": -15.79,
                "/governmentFund/actual": 45,
                "/performance/revenueTask/completed": 2150, "/performance/revenueTask/completionRate": 107.5,
                "/performance/score": 96,
            ])
        let r = result.report
        #expect(r[member: "unit"]?[member: "name"] == .string("某某县桃源镇人民政府"))
        #expect(
            r[member: "profile"]?[member: "departments"]?[member: "names"]
                == .array(["综合办公室", "党建办公室", "经济发展办公室", "社会事务办公室"].map(JSONValue.string)))
        #expect(
            r[member: "profile"]?[member: "affiliatedUnits"]?[member: "names"]
                == .array(["农业综合服务中心", "便民服务中心", "退役军人服务站"].map(JSONValue.string)))
        guard case .array(let classes)? = r[member: "economicClassification"] else {
            Issue.record("no economic classification"); return
        }
        #expect(classes.map { $0[member: "code"]?.stringValue ?? "" } == ["301", "302", "303"])
        #expect(r[member: "performance"]?[member: "grade"] == .string("优秀"))
        #expect(r[member: "stateCapital"]?[member: "actual"] == nil)  // 无 is not an invented 0
        #expect(result.unmapped.isEmpty)
        #expect(try ReportCheck(schema: Self.schema).findings(for: r).isEmpty)
    }

    /// A cover line "附件2" above the unit and the title (the sections are still found), a
    /// document number in square brackets, a unit list before its count (设有A、B、C3个事业单位),
    /// 编制总数为, the county template's "基本支出总计为 X，其中人员经费为…、公用经费为…、项目支出为…"
    /// (X is the whole general budget), 项目支出预算数为 … 实际执行数为, "与上年相比，减少",
    /// 会议费用 … 较去年增加, a revenue task of 财税收入 with 全年实际完成 and its items, 评价结果为良好.
    @Test func generalisedWordingShuikou() throws {
        let result = try Self.importFixture("import/shuikou-2021.txt")
        #expect(
            Self.figures(result.report) == [
                "/fiscalYear": 2021,
                "/profile/departments/count": 5, "/profile/affiliatedUnits/count": 3,
                "/profile/staffing/authorized": 35, "/profile/staffing/administrative": 20,
                "/profile/staffing/institutional": 15,
                "/profile/staffing/active": 33, "/profile/staffing/retired": 11, "/profile/staffing/retiredCadres": 1,
                "/generalBudget/total/actual": 812.6, "/generalBudget/basic/personnel": 650.4,
                "/generalBudget/basic/publicUse": 112.2,
                "/generalBudget/project/actual": 50, "/generalBudget/project/budget": 60,
                "/generalBudget/threePublic/total/current": 4.2, "/generalBudget/threePublic/total/change": -1.3,
                "/generalBudget/threePublic/total/changeRate": -23.64,
                "/generalBudget/meetings/current": 0.8, "/generalBudget/meetings/change": 0.2,
                "/generalBudget/meetings/changeRate": 33.33,
                "/stateCapital/actual": 0,
                "/performance/revenueTask/target": 1200, "/performance/revenueTask/completed": 1260,
                "/performance/revenueTask/completionRate": 105,
                "/performance/revenueTask/items/0/amount": 1100, "/performance/revenueTask/items/1/amount": 160,
                "/performance/score": 88.5,
            ])
        let r = result.report
        #expect(r[member: "unit"]?[member: "name"] == .string("某某县水口乡人民政府"))
        #expect(r[member: "documentNumber"] == .string("水政发[2022]8号"))
        #expect(
            r[member: "profile"]?[member: "affiliatedUnits"]?[member: "names"]
                == .array(["农业服务中心", "文化站", "便民服务中心"].map(JSONValue.string)))
        #expect(r[member: "performance"]?[member: "grade"] == .string("良好"))
        #expect(r[member: "governmentFund"]?[member: "note"] == .string("本年度无政府性基金预算支出"))
        guard case .array(let sections)? = r[member: "sections"] else { Issue.record("no sections"); return }
        #expect(
            sections.compactMap { $0[member: "heading"]?.stringValue } == [
                "一、部门概况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况", "五、部门整体支出绩效情况", "六、存在的问题及原因分析",
            ])
        #expect(result.unmapped.isEmpty)
        #expect(try ReportCheck(schema: Self.schema).findings(for: r).isEmpty)
    }

    /// Final accounts written otherwise: 收入合计 … 一般公共预算拨款收入, 本年支出总额 … 其中基本
    /// 支出 …，项目支出, a breakdown by function in a sentence of its own (no 全年支出 before it),
    /// 整体支出完成率为; departments named before their count (内设A、B…5个科室); 核定编制…名,
    /// 工勤编制, 实有在职人数, 退休人数; 同比增加 and a rate alone on 公用经费; 年初项目支出预算为 …
    /// 本年完成 …，执行率为; a grade "等次为良" without quotes.
    @Test func generalisedWordingJinqiao() throws {
        let result = try Self.importFixture("import/jinqiao-2023.txt")
        #expect(
            Self.figures(result.report) == [
                "/fiscalYear": 2023,
                "/profile/departments/count": 5, "/profile/affiliatedUnits/count": 2,
                "/profile/staffing/authorized": 32, "/profile/staffing/administrative": 18,
                "/profile/staffing/institutional": 12,
                "/profile/staffing/other": 2, "/profile/staffing/active": 30, "/profile/staffing/retired": 8,
                "/finalAccounts/income/total": 756.8, "/finalAccounts/income/generalBudgetGrant": 741.2,
                "/finalAccounts/expenditure/total": 756.8, "/finalAccounts/expenditure/basic": 602.4,
                "/finalAccounts/expenditure/project": 154.4,
                "/finalAccounts/expenditure/byFunction/0/amount": 412.3,
                "/finalAccounts/expenditure/byFunction/1/amount": 88.1,
                "/finalAccounts/expenditure/byFunction/2/amount": 30.5,
                "/finalAccounts/expenditure/byFunction/3/amount": 95.6,
                "/finalAccounts/expenditure/byFunction/4/amount": 130.3,
                "/finalAccounts/expenditure/completionRate": 98.6,
                "/generalBudget/basic/actual": 602.4, "/generalBudget/basic/executionRate": 100,
                "/generalBudget/basic/personnel": 467.2, "/generalBudget/basic/publicUse": 135.2,
                "/generalBudget/changes/0/current": 467.2, "/generalBudget/changes/0/change": 12.6,
                "/generalBudget/changes/0/changeRate": 2.77,
                "/generalBudget/changes/1/current": 135.2, "/generalBudget/changes/1/changeRate": -8.5,
                "/generalBudget/project/budget": 160, "/generalBudget/project/actual": 154.4,
                "/generalBudget/project/executionRate": 96.5,
                "/performance/score": 89.2,
            ])
        let r = result.report
        #expect(r[member: "unit"]?[member: "name"] == .string("某某县金桥街道办事处"))
        #expect(
            r[member: "profile"]?[member: "departments"]?[member: "names"]
                == .array(["党政办公室", "党建办公室", "平安办公室", "社会事务办公室", "经济服务办公室"].map(JSONValue.string)))
        guard case .array(let functions)? = r[member: "finalAccounts"]?[member: "expenditure"]?[member: "byFunction"]
        else { Issue.record("no byFunction"); return }
        #expect(functions.map { $0[member: "code"]?.stringValue ?? "" } == ["201", "208", "210", "212", "213"])
        #expect(r[member: "performance"]?[member: "grade"] == .string("良"))
        #expect(result.unmapped.isEmpty)
        #expect(try ReportCheck(schema: Self.schema).findings(for: r).isEmpty)
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
        #expect(try ReportCheck(schema: Self.schema).findings(for: result.report).isEmpty)
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
        let indicators = (0..<7).map { i in
            [f["/selfEvaluation/indicators/\(i)/weight"], f["/selfEvaluation/indicators/\(i)/score"]]
        }
        #expect(indicators == [[10, 10], [10, 9.6], [10, 10], [10, 9.6], [15, 15], [15, 15], [10, 10]])
        guard case .array(let rows)? = result.report[member: "selfEvaluation"]?[member: "indicators"] else {
            Issue.record("no indicators"); return
        }
        #expect(
            rows.map { $0[member: "level2"]?.stringValue ?? "" } == [
                "数量指标", "数量指标", "质量指标", "时效指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标",
            ])
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
        #expect(
            f == [
                "/fiscalYear": 2022,
                "/selfEvaluation/indicators/0/weight": 25, "/selfEvaluation/indicators/0/score": 25,
                "/selfEvaluation/indicators/1/weight": 25, "/selfEvaluation/indicators/1/score": 24,
                "/selfEvaluation/indicators/2/weight": 10, "/selfEvaluation/indicators/2/score": 10,
                "/selfEvaluation/level1Weights/0/weight": 50, "/selfEvaluation/level1Weights/1/weight": 10,
                "/selfEvaluation/totalWeight": 60, "/selfEvaluation/totalScore": 59,
            ])
        guard case .array(let rows)? = result.report[member: "selfEvaluation"]?[member: "indicators"] else {
            Issue.record("no indicators"); return
        }
        #expect(rows.map { $0[member: "level1"]?.stringValue } == ["产出指标", "产出指标", "满意度指标"])
        #expect(result.report[member: "unit"]?[member: "name"] == .string("某某县石门街道办事处"))
    }

    /// A Guizhou-style sub-district report written after the importer, as a held-out check:
    /// thousands commas in every amount, "—" in cells that do not apply, the year on a line
    /// above the table, 实施单位 in the table's first row, level names repeated on each row.
    @Test func heldOutSubDistrictReport() throws {
        let result = try Self.importFixture("import/longjing-2023.txt")
        let f = Self.figures(result.report)
        #expect(f.count == 57)
        #expect(result.report[member: "unit"]?[member: "name"] == .string("某某县龙井街道办事处") && f["/fiscalYear"] == 2023)
        #expect(f["/finalAccounts/income/total"] == 1856.43 && f["/finalAccounts/income/generalBudgetGrant"] == 1720.1)
        #expect(f["/generalBudget/threePublic/vehicleOperation/changeRate"] == -8.23)
        #expect(
            f["/selfEvaluation/funds/rows/2/executionRate"] == 74.31 && f["/selfEvaluation/funds/rows/1/weight"] == nil)
        #expect((0..<7).map { f["/selfEvaluation/indicators/\($0)/score"] } == [15, 9.5, 15, 9, 15, 14.35, 10])
        #expect(
            f["/selfEvaluation/heading/fiscalYear"] == 2023 && f["/selfEvaluation/totalScore"] == 97.6
                && f["/performance/score"] == 94.6)
        #expect(result.unmapped.isEmpty)
    }

    @Test func emptyTemplateTablesProduceNoFigures() throws {
        let text =
            "2024年度某镇人民政府部门整体支出绩效自评报告\n一、部门基本情况\n无。\n\n\n\n项目支出绩效自评表\n\t项目名称\n\t\n\n\t年度资金总额\n\t\n\t\n\n\t一级指标\n\t二级指标\n\t三级指标\n\n\t\n\t\n\t\n"
        let result = try ReportImporter.run(text)
        #expect(Self.figures(result.report) == ["/fiscalYear": 2024])
    }
}

extension JSONValue {
    var arrayCount: Int? {
        guard case .array(let a) = self else { return nil }
        return a.count
    }
}
