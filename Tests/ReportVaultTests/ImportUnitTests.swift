import Foundation
import Testing

@testable import ReportVault
@testable import VaultImport
@testable import VaultWeb

/// The pieces of the importer and of the number display, each on its own (issue 30: the rules
/// get unit tests of their own, beside the end-to-end scoring of whole reports).
@Suite struct ImportUnitTests {
    static func vocabulary() throws -> ImportVocabulary { try ReportImporter.shipped.get() }

    static func reader(_ lines: [String]) throws -> ReportImporter.FlatReader {
        var reader = ReportImporter.FlatReader(
            vocabulary: try vocabulary(),
            blocks: lines.enumerated().map { .paragraph(.init($0.element, at: .line($0.offset + 1))) })
        reader.tokenize()
        return reader
    }

    /// A flattened row is placed only where exactly one placement keeps the arithmetic.
    @Test func aShortFlattenedRowIsPlacedOnlyWhenOneWayFits() throws {
        let reader = try Self.reader(["905.5 930 913.18 98.19% 930 913.18 913"])
        let fields = ["initialBudget", "annualBudget", "executed", "weight", "executionRate", "score"]
        // 年初 全年 执行 and the rate: 913.18 / 930 = 98.19 % — the only placement (分值 ≤ 100).
        let placed = try #require(reader.place(Array(reader.tokens[0..<4]), fields: fields, kind: .funds))
        #expect(placed.map { $0?.text } == ["905.5", "930", "913.18", nil, "98.19%", nil])
        // Two amounts and no rate: which two columns cannot be told.
        #expect(reader.place(Array(reader.tokens[4..<6]), fields: fields, kind: .funds) == nil)
        // More numbers than columns: never.
        #expect(
            reader.place(Array(reader.tokens[0..<7]), fields: ["initialBudget", "annualBudget"], kind: .funds) == nil)
        // Base data: three years, two numbers — refused.
        #expect(
            reader.place(Array(reader.tokens[0..<2]), fields: ["previousFinal", "budget", "final"], kind: .baseRows)
                == nil)
    }

    /// A value wrapped onto the next line ("95." / "35%") is one word again; a year apart from
    /// its word ("2023" / "年实际在职人数") too.
    @Test func wrappedValuesAndYearsAreJoined() throws {
        let reader = try Self.reader(["编制数 2023 年实际在职人数 控制率 86 82 95.", "35% 经费控制情况"])
        #expect(reader.tokens.map(\.text) == ["编制数", "2023年实际在职人数", "控制率", "86", "82", "95.35%", "经费控制情况"])
        let header = try #require(reader.header(at: 0))
        #expect(header.kind == .staffing && header.fields == ["authorized", "actual", "controlRate"])
    }

    /// A header a web page split over lines joins only when the first data row fits under it.
    @Test func splitHeaderLinesJoinWhenTheDataFits() throws {
        let importer = ReportImporter(
            document: ImportDocument(blocks: [], format: Message("import.format.text")),
            vocabulary: try Self.vocabulary())
        func row(_ cells: [String]) -> [ReportImporter.GridCell] {
            cells.map { .init(text: $0, place: .line(1), carried: false) }
        }
        let rows = [
            row(["预算资金(万元)", ""]), row(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""]),
            row(["年度资金总额", "695.1", "717.74", "703.62", "10", "98.03%", "9.80", ""]),
        ]
        let joined = importer.joiningSplitHeaders(rows, endInBar: true)
        #expect(
            joined.count == 2 && joined[0].map(\.text) == ["预算资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
        // The same rows, the rate contradicting the amounts under the join: left as they were.
        var wrong = rows
        wrong[2][5] = .init(text: "30.00%", place: .line(1), carried: false)
        #expect(importer.joiningSplitHeaders(wrong, endInBar: true).count == 3)
        // Not a web page's bar-ended rows: nothing is joined.
        #expect(importer.joiningSplitHeaders(rows, endInBar: false).count == 3)
    }

    /// Lines a PDF wrapped are joined as prose; titles and labelled lines stay whole.
    @Test func onlyProseIsJoinedAcrossLines() {
        #expect(TextReader.Parser.wraps("（一）基本支出 2017年基本支出共计684.52万元，其中人员经费", into: "575.3万元，公用经费109.22万元。"))
        #expect(!TextReader.Parser.wraps("某某县2018年度部门整体支出绩效评价自评报告", into: "2018年基本支出1126.38万元。"))
        #expect(!TextReader.Parser.wraps("部门(单位)名称 岳阳县荣湾湖建设开发服务中心", into: "预算编码 YYX292"))
        #expect(!TextReader.Parser.wraps("一是环卫设施长效管护机制尚需完善，二是个别路段", into: "二是清运不及时。"))
    }

    /// Numbers as a budget shows them, in pages, CSV and workbooks alike.
    @Test func numbersAreShownAsABudgetReadsThem() {
        #expect(
            ExactNumber.shown("2063.7", unit: "万元") == "2063.70" && ExactNumber.shown("340", unit: "万元") == "340.00")
        #expect(ExactNumber.shown("1.23456", unit: "万元") == "1.23456")
        #expect(ExactNumber.shown("-0.003", unit: "%") == "-0.00" && ExactNumber.shown("12.5", unit: "%") == "12.50")
        #expect(ExactNumber.shown("9.756", unit: "分") == "9.76" && ExactNumber.shown("10", unit: "分") == "10")
        #expect(ExactNumber.shown("n/a", unit: "万元") == "n/a")
    }

    /// A per-cent sign in quotes is no per-cent format (the value already counts per cent).
    @Test func onlyAnUnquotedPercentScales() {
        #expect(scalesToPercent("0.00%") && scalesToPercent("0%"))
        #expect(
            !scalesToPercent("0.00\"%\"") && !scalesToPercent("+0.00\"%\";-0.00\"%\"") && !scalesToPercent("0.00\\%")
                && !scalesToPercent("0.00"))
    }

    /// The browser's first language among ours.
    @Test func theBrowsersLanguageIsRead() {
        #expect(PageContext.browserLanguage("zh-CN,zh;q=0.9,en;q=0.8") == .zh)
        #expect(PageContext.browserLanguage("en-US,en;q=0.9,zh;q=0.5") == .en)
        #expect(PageContext.browserLanguage("fr-FR, zh;q=0.2, en;q=0.7") == .en)
        #expect(PageContext.browserLanguage("fr-FR") == nil && PageContext.browserLanguage(nil) == nil)
    }
}
