import Foundation
import Testing

@testable import ReportVault
@testable import VaultImport

/// `vault import PAGE.html`: a saved web page of a published report (Fixtures/html, README there).
@Suite struct ImportHTMLTests {
    @Test(arguments: [
        (
            "shimen-2023.html", "某某县石门镇人民政府", 2023,
            [
                "/selfEvaluation/funds/rows/0/initialBudget": 1200.0, "/selfEvaluation/funds/rows/0/executed": 1261,
                "/selfEvaluation/funds/rows/0/executionRate": 97,
                "/selfEvaluation/indicators/1/score": 27, "/selfEvaluation/level1Weights/0/weight": 50,
                "/finalAccounts/expenditure/total": 1211.89,
                "/finalAccounts/expenditure/project": 638.53,
            ]
        ),
        (
            "wenlv-2021-gbk.html", "某某县文化和旅游局", 2021,
            [
                "/selfEvaluation/funds/rows/1/executed": 512.7, "/selfEvaluation/funds/rows/0/score": 19.68,
                "/selfEvaluation/indicators/1/score": 12.5,
                "/selfEvaluation/level1Weights/0/weight": 30, "/finalAccounts/expenditure/basic": 512.7,
            ]
        ),
    ])
    func aSavedWebPageImportsItsTablesAndSentences(
        _ file: String, _ unit: String, _ year: Int, _ want: [String: Double]
    ) throws {
        let result = try ReportImporter.run(ImportSource.read(Fixtures.bytes("html/\(file)"), name: file))
        #expect(result.format.text(.en) == "web page (HTML)")
        let got = ImportTests.figures(result.report)
        for (pointer, value) in want {
            #expect(got[pointer] == value, "\(file) \(pointer): \(got[pointer].map { "\($0)" } ?? "nothing")")
        }
        #expect(result.report[member: "unit"]?[member: "name"] == .string(unit))
        #expect(result.report[member: "fiscalYear"] == .number(Double(year)))
        // Nothing of the script, the style or the markup reached the report.
        let text = String(decoding: CanonicalJSON.stored(result.report), as: UTF8.self)
        #expect(!text.contains("<") && !text.contains("var x") && !text.contains("&nbsp") && !text.contains("border"))
        // The row-spanning level-1 cell names both indicators of its rows.
        #expect(JSONPointer.resolve(tokens: ["selfEvaluation", "indicators", "1", "level1"], in: result.report) != nil)
    }

    @Test func entitiesSpansAndBreaksAreReadAsABrowserShowsThem() {
        let page =
            "<html><body><p>甲&amp;乙&#20013;&#x6587;</p><table><tr><td rowspan=2>A</td><td colspan='2'>B<br>C</td></tr><tr><td>D<td>E</tr></table>"
        let document = HTMLReader.read(page)
        #expect(document.paragraphs.map(\.text) == ["甲&乙中文"])
        let cells = document.tables.first?.cells.map {
            "\($0.row),\($0.column),\($0.rowSpan),\($0.columnSpan):\($0.paragraphs.joined(separator: "/"))"
        }
        #expect(cells == ["0,0,2,1:A", "0,1,1,2:B/C", "1,1,1,1:D", "1,2,1,1:E"])
    }
}
