import Foundation
import Testing

@testable import VaultImport

/// The pieces of table and narrative reading that decide what a cell or a sentence says
/// (TableReading.swift, NarrativeRules.swift), on cells and sentences written here.
@Suite struct TableReadingTests {
    @Test(arguments: [
        ("2.5", "2.5"), ("100%", "100"), ("58人", "58"), ("864.2万", "864.2"), ("1 236.95", "1 236.95"),
        ("1,234.56万元", "1,234.56"), (" -3.5 ", "-3.5"), ("+12分", "12"), ("0", "0"),
    ])
    func aNumberCellIsItsNumber(cell: String, number: String) {
        #expect(ReportImporter.number(in: cell) == number)
    }

    @Test(arguments: ["", "—", "无", "约100万元", "100万元左右", "2024年", "12.5.3", "第3项", "3-5"])
    func aCellThatIsNotOnlyANumberIsNone(cell: String) {
        #expect(ReportImporter.number(in: cell) == nil)
    }
}

@Suite struct NarrativeRulesTests {
    @Test func aListOfNamesEndsWhereTheSentenceGoesOn() {
        #expect(ReportImporter.names("党政办、财政所和经济发展办") == ["党政办", "财政所和经济发展办"])
        #expect(ReportImporter.names("党政办、财政所，设4个事业单位，分别是农技站") == ["党政办", "财政所"])
        #expect(ReportImporter.names("综治中心、文化站以及林业站。") == ["综治中心", "文化站以及林业站"])
        #expect(ReportImporter.names("无下属单位") == [])
    }

    @Test func aBreakdownContinuesTheSentenceBeforeUnlessItNamesANewSubject() {
        #expect(ReportImporter.continuesSubject("，"))
        #expect(ReportImporter.continuesSubject("本年度"))
        #expect(!ReportImporter.continuesSubject("“三公”经费支出14.8万元，"))
        #expect(!ReportImporter.continuesSubject("本年度各项收入合计"))
    }
}
