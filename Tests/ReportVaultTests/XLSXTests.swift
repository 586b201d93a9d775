import Foundation
import Testing
import ZIPFoundation

@testable import ReportVault
@testable import VaultOutput

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The Excel workbooks of `vault figures --xlsx` and `vault diff --xlsx`: read back with a
/// reader written here (unzip, parse the sheet XML), and opened by LibreOffice.
@Suite struct XLSXTests {
    let e2e = EndToEndTests()

    /// A vault with the two drafts of the sample committed.
    func twoDrafts() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft 1"] + EndToEndTests.author).status
                == 0)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.draft2, "-m", "draft 2"] + EndToEndTests.author).status
                == 0)
        return (tmp, dir)
    }

    @Test func figuresWorkbookHoldsEveryFigureAsANumber() throws {
        let (tmp, dir) = try twoDrafts()
        let out = tmp.path + "/figures.xlsx"
        let result = try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--xlsx", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let book = try XLSXReader(path: out)
        #expect(book.sheetNames == ["2024 绥宁县长铺镇人民政府"])
        let sheet = try book.sheet(0)
        #expect(sheet.rows[0] == [.text("label"), .text("value"), .text("unit"), .text("path")])
        // The same figures as --json, values as numbers.
        let json = try JSONParser.parse(
            try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--json"]).stdoutBytes)
        guard case .array(let figures) = json else { Issue.record("figures --json is not an array"); return }
        #expect(sheet.rows.count == figures.count + 1)
        for (row, figure) in zip(sheet.rows.dropFirst(), figures) {
            #expect(row[0] == .text(figure[member: "label"]!.stringValue!))
            if case .number(let d)? = figure[member: "value"] { #expect(row[1] == .number(d)) }
            #expect(row[3] == .text(figure[member: "path"]!.stringValue!))
        }
        #expect(sheet.frozenRows == 1)
        #expect(sheet.headerStyle != nil && sheet.headerStyle != 0)
        // The label column fits its longest label, a 汉字 counted as two columns.
        let longest = sheet.rows.dropFirst().map { DisplayWidth.columns($0[0].text) }.max()!
        #expect(sheet.widths[0] >= Double(min(longest, 80)))
        #expect(book.sharedStringCount > 0)

        // An existing file is not overwritten without --force.
        let again = try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--xlsx", out])
        #expect(again.status == 4)
        #expect(
            again.stderr
                == "error: \(out): already exists; choose another name with --xlsx, or pass --force to overwrite it\n")
        #expect(try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--xlsx", out, "--force"]).status == 0)
        #expect(try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--xlsx", out, "--json"]).status == 64)
    }

    @Test func diffWorkbookHasOneSheetPerReportWithDeltasAndChineseHeaders() throws {
        let (tmp, dir) = try twoDrafts()
        #expect(
            try e2e.vault(
                [
                    "-C", dir, "commit", Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path,
                    "-m", "西塘",
                ] + EndToEndTests.author
            ).status == 0)
        let out = tmp.path + "/diff.xlsx"
        let result = try e2e.vault(["-C", dir, "diff", "HEAD~2", "HEAD", "--xlsx", out], env: ["VAULT_LANG": "zh"])
        #expect(result.status == 0, "\(result.stderr)")
        let book = try XLSXReader(path: out)
        #expect(book.sheetNames.count == 3)
        let json = try JSONParser.parse(try e2e.vault(["-C", dir, "diff", "HEAD~2", "HEAD", "--json"]).stdoutBytes)
        guard case .array(let reports)? = json[member: "reports"] else { Issue.record("no reports"); return }
        // A sheet per report, then the text sections' changes in a sheet of their own.
        #expect(
            book.sheetNames == reports.map {
                $0[member: "report"]!.stringValue!.replacingOccurrences(of: "/", with: " ")
            } + ["文字部分"])
        let changpu = try book.sheet(book.sheetNames.firstIndex(of: "2024 绥宁县长铺镇人民政府")!)
        #expect(changpu.rows[0].map(\.text) == ["名称", "类型", "原值", "新值", "差额", "变动率 (%)", "单位", "位置"])
        let publicUse = try #require(changpu.rows.first { $0.last == .text("/generalBudget/basic/publicUse") })
        #expect(publicUse[1] == .text("修改"))
        #expect(publicUse[2] == .number(338.26) && publicUse[3] == .number(338.25) && publicUse[4] == .number(-0.01))
        // Amounts with two decimals, their deltas signed, the percentage column as per cent; the unit in its column.
        let row = changpu.rows.firstIndex { $0.last == .text("/generalBudget/basic/publicUse") }!
        #expect(
            changpu.numberFormat(ofColumn: 2, row: row, in: book) == "0.00"
                && changpu.numberFormat(ofColumn: 4, row: row, in: book) == "+0.00;-0.00;0.00")
        #expect(changpu.numberFormat(ofColumn: 5, row: row, in: book)?.contains("%") == true)
        #expect(publicUse[6] == .text("万元"))
        // The fixed check finding follows the changes.
        #expect(changpu.rows.contains { $0[1] == .text("已修正检查问题") })
        #expect(changpu.frozenRows == 1)
        // The added report: one highlighted row per figure (as `vault figures` lists them), never its JSON in one cell.
        let name = try #require(book.sheetNames.first { $0.hasPrefix("2024") && $0 != "2024 绥宁县长铺镇人民政府" })
        let xitang = try book.sheet(book.sheetNames.firstIndex(of: name)!)
        let listed = try e2e.vault(["-C", dir, "figures", name.replacingOccurrences(of: " ", with: "/"), "--csv"])
        let figures = listed.stdout.split(whereSeparator: \.isNewline).count - 1
        #expect(
            figures > 10 && xitang.rows.count == figures + 1,
            "\(xitang.rows.count) rows for \(figures) figures: \(listed.stderr)")
        #expect(
            xitang.rows.dropFirst().allSatisfy { row in
                row.count > 3 && row[1] == .text("新增") && row[2] == .empty && row[3].text != "" && row[3] != .empty
            })
        #expect(xitang.rows.dropFirst().allSatisfy { row in if case .number = row[3] { true } else { false } })
        #expect(xitang.rows.contains { $0[0].text.hasSuffix("人员经费") })
        #expect(!xitang.rows.contains { row in row.contains { $0.text.hasPrefix("{") } })
    }

    /// LibreOffice opens the workbook and exports what a reader sees: formatted deltas, 汉字 intact.
    @Test func libreOfficeOpensTheWorkbooks() throws {
        let office = try requireTool("libreoffice", package: "libreoffice-calc")
        let (tmp, dir) = try twoDrafts()
        let out = tmp.path + "/diff.xlsx"
        #expect(try e2e.vault(["-C", dir, "diff", "HEAD~1", "--xlsx", out]).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "figures", EndToEndTests.report, "--xlsx", tmp.path + "/figures.xlsx"]).status
                == 0)
        // Its own profile folder, so that a LibreOffice already running does not take the job.
        let converted = try run(
            office,
            [
                "-env:UserInstallation=file://\(tmp.path)/profile", "--headless", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir",
                tmp.path + "/csv", out, tmp.path + "/figures.xlsx",
            ])
        #expect(converted.status == 0, "\(converted.stderr)")
        let csv = try String(contentsOfFile: tmp.path + "/csv/diff.csv", encoding: .utf8)
        #expect(csv.hasPrefix("label,kind,old,new,delta,pct (%),unit,path\n"))
        #expect(
            csv.contains("一般公共预算支出 · 基本支出 · 公用经费,changed,338.26,338.25,-0.01,-0.00%,万元,/generalBudget/basic/publicUse"),
            "\(csv)")
        #expect(
            csv.contains(
                "部门整体支出绩效自评表 · 绩效指标 · 单位日常运转经费 · 得分,changed,5,8,+3,+60.00%,分,/selfEvaluation/indicators/7/score"))
        let figures = try String(contentsOfFile: tmp.path + "/csv/figures.csv", encoding: .utf8)
        #expect(figures.contains("一般公共预算支出 · 基本支出 · 公用经费,338.25,万元,/generalBudget/basic/publicUse"))
    }

    /// The diff of the sample's two drafts prints each sheet on one A4 page across (LibreOffice
    /// makes the PDF): fit to one page wide, header row repeated; a moved row says so in its kind column
    /// and puts no positions in the value columns; a row added whole shows its caption and amount.
    @Test func theDiffWorkbookPrintsOnOnePage() throws {
        let office = try requireTool("libreoffice", package: "libreoffice-calc")
        let pdfinfo = try requireTool("pdfinfo", package: "poppler-utils")
        let (tmp, dir) = try twoDrafts()
        let out = tmp.path + "/diff.xlsx"
        #expect(try e2e.vault(["-C", dir, "diff", "HEAD~1", "--xlsx", out]).status == 0)
        let book = try XLSXReader(path: out)
        let sheet = try book.sheet(0)
        #expect(sheet.rows.count >= 8, "\(sheet.rows.count) rows")
        for row in sheet.rows.dropFirst() where row.count > 3 {
            // The value columns hold numbers or nothing: never a position as a value, never JSON.
            for c in [2, 3] where c < row.count {
                if case .text(let t) = row[c] { #expect(!t.hasPrefix("{") && !t.hasPrefix("["), "\(row)") }
            }
            if row[1].text.hasPrefix("moved") {
                #expect(row[2] == .empty && row[3] == .empty && row[1].text.contains("→"), "\(row)")
            }
        }
        let workbookXML = String(decoding: try XLSXReader.part("xl/workbook.xml", book.archive), as: UTF8.self)
        #expect(workbookXML.contains("_xlnm.Print_Titles"))
        let sheetXML = String(decoding: try XLSXReader.part("xl/worksheets/sheet1.xml", book.archive), as: UTF8.self)
        #expect(
            sheetXML.contains("fitToPage=\"1\"") && sheetXML.contains("paperSize=\"9\"")
                && sheetXML.contains("fitToWidth=\"1\""))
        let converted = try run(
            office,
            [
                "-env:UserInstallation=file://\(tmp.path)/profile", "--headless", "--convert-to", "pdf", "--outdir",
                tmp.path + "/pdf", out,
            ])
        #expect(converted.status == 0, "\(converted.stderr)")
        let info = try run(pdfinfo, [tmp.path + "/pdf/diff.pdf"])
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.map {
            $0.split(separator: " ").last.map(String.init) ?? ""
        }
        // One page per sheet: the figures' and the texts' (each fits one page wide and long).
        #expect(
            pages == String(book.sheetNames.count) && book.sheetNames.count == 2, "\(info.stdout) \(book.sheetNames)")
    }

    @Test func sheetNamesAreWhatExcelAccepts() {
        let long = String(repeating: "长", count: 40)
        let names = XLSXWorkbook.sheetNames(["a/b", "A/B", "", "'x'", long, long, "[q]*?:"])
        #expect(names[0] == "a b" && names[1] == "A B (2)" && names[2] == "Sheet3" && names[3] == "x")
        #expect(names[4].count == 31 && names[5].count == 31 && names[4] != names[5])
        #expect(names[6] == "q")
        #expect(
            XLSXWorkbook.columnName(0) == "A" && XLSXWorkbook.columnName(25) == "Z"
                && XLSXWorkbook.columnName(26) == "AA")
        #expect(XLSXWorkbook.escape("<a & \"b\">\u{1}") == "&lt;a &amp; &quot;b&quot;&gt;")
    }

    @Test func theSameTableGivesTheSameBytes() throws {
        let book = XLSXWorkbook(sheets: [.init(name: "s", header: ["h"], rows: [[.text("<script>"), .number(1.5)]])])
        #expect(try book.data() == (try book.data()))
        let read = try XLSXReader(data: try book.data())
        #expect(try read.sheet(0).rows == [[.text("h")], [.text("<script>"), .number(1.5)]])
    }
}

/// The path of `tool`, or a failure naming the Debian package that brings it (CI installs
/// it in .ci/run; a machine without it fails here instead of passing silently).
func requireTool(_ tool: String, package: String) throws -> String {
    for folder in ["/usr/bin", "/usr/local/bin", "/bin"] {
        let path = folder + "/" + tool
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    Issue.record("\(tool) is not installed: apt-get install \(package) (.ci/run installs it)")
    throw CancellationError()
}

// MARK: - A reader for the tests

/// Reads an .xlsx back: the sheet names, the shared strings, and each sheet's cells, column
/// widths, frozen rows and the number formats of its styles.
struct XLSXReader {
    enum Cell: Equatable, CustomStringConvertible {
        case text(String)
        case number(Double)
        case empty

        var text: String {
            switch self {
            case .text(let s): s
            case .number(let d): "\(d)"
            case .empty: ""
            }
        }
        var description: String { text }
    }

    struct Sheet {
        var rows: [[Cell]] = []
        var styles: [[Int]] = []
        var widths: [Double] = []
        var frozenRows = 0
        var headerStyle: Int? { styles.first?.first }

        /// The format code of the style of column `column` in row `row` (the first data row by default).
        func numberFormat(ofColumn column: Int, row: Int = 1, in book: XLSXReader) -> String? {
            guard styles.count > row, column < styles[row].count else { return nil }
            let xf = styles[row][column]
            guard xf < book.cellFormats.count else { return nil }
            let id = book.cellFormats[xf]
            return book.formatCodes[id] ?? (id == 2 ? "0.00" : nil)
        }
    }

    let archive: Archive
    var sheetNames: [String] = []
    var sharedStrings: [String] = []
    var sharedStringCount: Int { sharedStrings.count }
    /// numFmtId of each cellXfs entry, and the custom format codes by id.
    var cellFormats: [Int] = []
    var formatCodes: [Int: String] = [:]

    init(path: String) throws {
        try self.init(data: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    init(data: Data) throws {
        archive = try Archive(data: data, accessMode: .read)
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"] {
            _ = try Self.part(part, archive)
        }
        let workbook = try Self.elements(try Self.part("xl/workbook.xml", archive))
        sheetNames = workbook.filter { $0.name == "sheet" }.compactMap { $0.attributes["name"] }
        // Shared strings: the text of each <si>, its <t> runs joined.
        var current = ""
        for e in try Self.elements(try Self.part("xl/sharedStrings.xml", archive)) {
            if e.name == "si", !e.end { current = "" }
            if e.name == "t", !e.end { current += e.text }
            if e.name == "si", e.end { sharedStrings.append(current) }
        }
        var inCellXfs = false
        for e in try Self.elements(try Self.part("xl/styles.xml", archive)) {
            if e.name == "numFmt", let id = e.attributes["numFmtId"].flatMap(Int.init) {
                formatCodes[id] = e.attributes["formatCode"]
            }
            if e.name == "cellXfs" { inCellXfs = !e.end }
            if e.name == "xf", inCellXfs, !e.end { cellFormats.append(Int(e.attributes["numFmtId"] ?? "0") ?? 0) }
        }
    }

    func sheet(_ index: Int) throws -> Sheet {
        var sheet = Sheet()
        var cellType: String?
        var style = 0
        var column = 0
        for e in try Self.elements(try Self.part("xl/worksheets/sheet\(index + 1).xml", archive)) {
            switch (e.name, e.end) {
            case ("row", false):
                sheet.rows.append([])
                sheet.styles.append([])
            case ("c", false):
                cellType = e.attributes["t"]
                style = Int(e.attributes["s"] ?? "0") ?? 0
                column = Self.column(e.attributes["r"] ?? "A")
                while sheet.rows[sheet.rows.count - 1].count < column {
                    sheet.rows[sheet.rows.count - 1].append(.empty)
                    sheet.styles[sheet.styles.count - 1].append(0)
                }
                sheet.rows[sheet.rows.count - 1].append(.empty)
                sheet.styles[sheet.styles.count - 1].append(style)
            case ("v", true):
                let value: Cell = cellType == "s" ? .text(sharedStrings[Int(e.text)!]) : .number(Double(e.text)!)
                sheet.rows[sheet.rows.count - 1][column] = value
            case ("col", false):
                sheet.widths.append(Double(e.attributes["width"] ?? "0") ?? 0)
            case ("pane", false):
                if e.attributes["state"] == "frozen" { sheet.frozenRows = Int(e.attributes["ySplit"] ?? "0") ?? 0 }
            default: break
            }
        }
        // Rows end at their last cell; trailing empty cells are not written.
        for i in sheet.rows.indices {
            while sheet.rows[i].last == .empty, sheet.rows[i].count > 0 { sheet.rows[i].removeLast() }
        }
        return sheet
    }

    static func column(_ reference: String) -> Int {
        reference.prefix { $0.isLetter }.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    static func part(_ path: String, _ archive: Archive) throws -> Data {
        guard let entry = archive[path] else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// An element's start or end, with its attributes (start) or its text (end).
    struct Event {
        var name: String
        var end: Bool
        var attributes: [String: String] = [:]
        var text = ""
    }

    static func elements(_ data: Data) throws -> [Event] {
        final class Collector: NSObject, XMLParserDelegate {
            var events: [Event] = []
            var text = ""
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                events.append(Event(name: name, end: false, attributes: attributes))
                text = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                events.append(Event(name: name, end: true, text: text))
                if name == "t" {
                    // The start event of <t> carries the text for the shared-string reader.
                    if let i = events.lastIndex(where: { $0.name == "t" && !$0.end }) { events[i].text = text }
                }
                text = ""
            }
        }
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return collector.events
    }
}
