import Foundation
import Testing
import ZIPFoundation

@testable import ReportVault

/// `vault import FILE.xlsx`: sheets as the self-evaluation table and the base data circulate in
/// Excel (merged cells, several sheets, percentage formats, shared and inline strings), and the
/// vault's own `figures --xlsx` workbook coming back as the same figures.
@Suite struct ImportSpreadsheetTests {
    let e2e = EndToEndTests()

    /// A cell of a hand-made sheet: its reference and a string, a number, or a number shown as a percentage.
    enum C {
        case s(String, String)
        case n(String, Double)
        case pct(String, Double)
    }

    /// An .xlsx of `sheets` (name, cells, merged ranges) written part by part, strings inline or
    /// shared as `shared` says: the parts Excel and WPS write, without any writer of ours.
    static func workbook(_ sheets: [(name: String, cells: [C], merges: [String])], shared: Bool) throws -> [UInt8] {
        var strings: [String] = []
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var parts: [(String, String)] = []
        for (k, sheet) in sheets.enumerated() {
            var rows: [Int: [String]] = [:]
            for cell in sheet.cells {
                let (ref, xml): (String, String)
                switch cell {
                case .s(let r, let text):
                    if shared {
                        strings.append(text)
                        (ref, xml) = (r, "<c r=\"\(r)\" t=\"s\"><v>\(strings.count - 1)</v></c>")
                    } else {
                        (ref, xml) = (r, "<c r=\"\(r)\" t=\"inlineStr\"><is><t>\(esc(text))</t></is></c>")
                    }
                case .n(let r, let v): (ref, xml) = (r, "<c r=\"\(r)\"><v>\(v)</v></c>")
                case .pct(let r, let v): (ref, xml) = (r, "<c r=\"\(r)\" s=\"1\"><v>\(v)</v></c>")
                }
                let row = Int(ref.filter(\.isNumber))!
                rows[row, default: []].append(xml)
            }
            let data = rows.keys.sorted().map { "<row r=\"\($0)\">\(rows[$0]!.joined())</row>" }.joined()
            let merges =
                sheet.merges.isEmpty
                ? ""
                : "<mergeCells count=\"\(sheet.merges.count)\">"
                    + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
            parts.append(
                (
                    "xl/worksheets/sheet\(k + 1).xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(data)</sheetData>\(merges)</worksheet>"
                ))
        }
        let ns =
            "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        parts.append(
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\"?><workbook \(ns)><sheets>"
                    + sheets.enumerated().map {
                        "<sheet name=\"\(esc($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
                    }.joined() + "</sheets></workbook>"
            ))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + sheets.indices.map {
                        "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
                    }.joined() + "</Relationships>"
            ))
        parts.append(
            (
                "xl/styles.xml",
                "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.00%\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"
            ))
        if shared {
            parts.append(
                (
                    "xl/sharedStrings.xml",
                    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        + strings.map { "<si><r><t>\(esc($0))</t></r></si>" }.joined() + "</sst>"
                ))
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts {
            let bytes = Data(xml.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data!)
    }

    /// A self-evaluation sheet of a township (title merged across, level-1 cells merged down,
    /// rates as percentages), and a notes sheet.
    static func township(unit: String, year: Int, shared: Bool) throws -> [UInt8] {
        try workbook(
            [
                (
                    "自评表",
                    [
                        .s("A1", "\(year)年度\(unit)部门整体支出绩效自评表"),
                        .s("A2", "项目"), .s("B2", "年初预算数"), .s("C2", "全年预算数"), .s("D2", "全年执行数"), .s("E2", "分值"),
                        .s("F2", "执行率"), .s("G2", "得分"),
                        .s("A3", "年度资金总额"), .n("B3", 1200), .n("C3", 1300), .n("D3", 1261), .n("E3", 10),
                        .pct("F3", 0.97), .n("G3", 9.7),
                        .s("A4", "基本支出"), .n("B4", 700), .n("C4", 720), .n("D4", 712.8), .pct("F4", 0.99),
                        .s("A6", "一级指标"), .s("B6", "二级指标"), .s("C6", "三级指标"), .s("D6", "年度指标值"), .s("E6", "实际完成值"),
                        .s("F6", "分值"), .s("G6", "得分"),
                        .s("A7", "产出指标（50分）"), .s("B7", "数量指标"), .s("C7", "道路维护里程"), .s("D7", "≥30公里"),
                        .s("E7", "32公里"), .n("F7", 20), .n("G7", 20),
                        .s("C8", "培训人次"), .s("D8", "≥200人次"), .s("E8", "180人次"), .n("F8", 30), .n("G8", 27),
                    ],
                    ["A1:G1", "A7:A8", "B7:B8"]
                ),
                ("说明", [.s("A1", "本表由\(unit)填报。")], []),
            ], shared: shared)
    }

    @Test(arguments: [("某某县石门镇人民政府", 2023, true), ("某某县文化和旅游局", 2021, false)])
    func aSelfEvaluationSheetImportsWithMergedCellsAndPercentages(_ unit: String, _ year: Int, _ shared: Bool) throws {
        let result = try ReportImporter.run(
            ImportSource.read(try Self.township(unit: unit, year: year, shared: shared), name: "t.xlsx"))
        #expect(result.format.text(.en) == "Excel workbook (.xlsx)")
        let f = ImportTests.figures(result.report)
        let want: [String: Double] = [
            "/selfEvaluation/funds/rows/0/initialBudget": 1200, "/selfEvaluation/funds/rows/0/annualBudget": 1300,
            "/selfEvaluation/funds/rows/0/executed": 1261,
            "/selfEvaluation/funds/rows/0/weight": 10, "/selfEvaluation/funds/rows/0/executionRate": 97,
            "/selfEvaluation/funds/rows/0/score": 9.7,
            "/selfEvaluation/funds/rows/1/executed": 712.8, "/selfEvaluation/funds/rows/1/executionRate": 99,
            "/selfEvaluation/indicators/0/weight": 20,
            "/selfEvaluation/indicators/1/score": 27, "/selfEvaluation/level1Weights/0/weight": 50,
            "/selfEvaluation/heading/fiscalYear": Double(year),
        ]
        for (pointer, value) in want {
            #expect(f[pointer] == value, "\(pointer): \(f[pointer].map { "\($0)" } ?? "nothing")")
        }
        // The merged level-1 cell names both indicators.
        #expect(
            JSONPointer.resolve(tokens: ["selfEvaluation", "indicators", "1", "level1"], in: result.report)
                == .string("产出指标"))
        #expect(
            JSONPointer.resolve(tokens: ["selfEvaluation", "indicators", "1", "name"], in: result.report)
                == .string("培训人次"))
    }

    @Test func theVaultsOwnFiguresWorkbookComesBackAsTheSameFigures() throws {
        let (tmp, _) = try e2e.newVault()
        for sample in ["changpu-2024", "jimin-2024"] {
            let book = tmp.path + "/\(sample).xlsx"
            let wrote = try e2e.vault([
                "figures", Fixtures.packageRoot.appendingPathComponent("samples/\(sample).json").path, "--xlsx", book,
            ])
            try #require(wrote.status == 0, "\(wrote.stderr)")
            let imported = try e2e.vault(["import", book, "-o", tmp.path + "/\(sample).json"])
            #expect(imported.status == 0 && imported.stderr.contains("(Excel workbook (.xlsx))"), "\(imported.stderr)")
            let original = ImportTests.figures(
                try FileInput.json(Fixtures.packageRoot.appendingPathComponent("samples/\(sample).json").path))
            let back = try JSONParser.parse(
                Array(try Data(contentsOf: URL(fileURLWithPath: tmp.path + "/\(sample).json"))))
            #expect(ImportTests.figures(back) == original, "\(sample)")
            #expect(back[member: "unit"]?[member: "name"] != nil && back[member: "fiscalYear"] != nil)
        }
    }
}
