import Foundation
import Testing
import ZIPFoundation

@testable import ReportVault
@testable import VaultImport

/// The two readers of `vault import` (Word and text) and the choice between them.
@Suite struct ImportReaderTests {
    /// A minimal .docx: the given body XML, and a numbering part where list 1 counts 一、二、….
    static func docx(body: String) throws -> [UInt8] {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        let document =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(w)><w:body>\(body)<w:sectPr/></w:body></w:document>"
        let numbering = """
            <?xml version="1.0" encoding="UTF-8"?><w:numbering \(w)><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>
            """
        let archive = try Archive(accessMode: .create)
        let styles =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles \(w)><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>"
        for (path, text) in [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
            ), ("word/document.xml", document),
            ("word/numbering.xml", numbering), ("word/styles.xml", styles),
        ] {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { (position: Int64, size: Int) in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }

    static func archive(_ parts: [String: String]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none)
            { (position: Int64, size: Int) in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }

    static func p(_ runs: String...) -> String {
        "<w:p>" + runs.map { "<w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined() + "</w:p>"
    }
    static func tc(_ text: String, _ properties: String = "") -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr>\(text.isEmpty ? "<w:p/>" : p(text))</w:tc>"
    }

    /// Runs split inside numbers, list labels from numbering.xml, a deleted wrong figure, an
    /// inserted one, a field, a content control, a text box, and a table with a vertical merge
    /// over two rows and a horizontal merge over five columns.
    static let word = """
        \(p("2023年度某某县青石", "镇人民政府部门整体支出绩效自评报告"))
        <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>部门基本情况</w:t></w:r></w:p>
        <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>人员情况</w:t></w:r></w:p>
        <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>一般公共预算支出情况</w:t></w:r></w:p>
        <w:sdt><w:sdtPr/><w:sdtContent>\(p("2023年基本支出共计1", "00.5万元，其中人员经费8", "0万元，公用经费20.5万元。"))</w:sdtContent></w:sdt>
        <w:p><w:r><w:t>项目支出</w:t></w:r><w:del w:id="1"><w:r><w:delText>999.99万元</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>12万元</w:t></w:r></w:ins><w:r><w:t>，第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE 777 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏888万元</w:t></w:r></w:p>
        <w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>
        \(p("部门整体支出绩效自评表"))
        <w:tbl><w:tblGrid/>
        <w:tr>\(tc("一级指标"))\(tc("二级指标"))\(tc("三级指标"))\(tc("年度指标值"))\(tc("实际完成值"))\(tc("分值"))\(tc("得分"))</w:tr>
        <w:tr>\(tc("产出指标（50分）", "<w:vMerge w:val=\"restart\"/>"))\(tc("数量指标"))\(tc("发放人数"))\(tc("58人"))\(tc("58人"))\(tc("10"))\(tc("10"))</w:tr>
        <w:tr>\(tc("", "<w:vMerge/>"))\(tc("质量指标"))\(tc("及时率"))\(tc("100%"))\(tc("98%"))\(tc("10"))\(tc("9.8"))</w:tr>
        <w:tr>\(tc("总分", "<w:gridSpan w:val=\"5\"/>"))\(tc("20"))\(tc("19.8"))</w:tr>
        </w:tbl>
        """

    @Test func wordDocumentModel() throws {
        let document = try WordReader.read(Self.docx(body: Self.word))
        #expect(
            document.paragraphs.map(\.text) == [
                "2023年度某某县青石镇人民政府部门整体支出绩效自评报告", "一、部门基本情况", "（一）人员情况", "二、一般公共预算支出情况",
                "2023年基本支出共计100.5万元，其中人员经费80万元，公用经费20.5万元。", "项目支出12万元，第3页。", "甲\t乙", "丙", "部门整体支出绩效自评表",
            ])
        #expect(document.paragraphs.map(\.place.description).last == "paragraph 9")
        let table = try #require(document.tables.first)
        #expect(table.rowCount == 4)
        let merged = try #require(table.cells.first { $0.text == "产出指标（50分）" })
        #expect(merged.rowSpan == 2 && merged.columnSpan == 1)
        let total = try #require(table.cells.first { $0.text == "总分" })
        #expect(total.columnSpan == 5 && total.row == 3)
        #expect(table.cells.first { $0.text == "19.8" }?.column == 6)
        #expect(table.cells.first { $0.text == "19.8" }?.place.description == "table 1 row 4 column 7")
    }

    @Test func wordImportCarriesMergedCellsAndNamesCells() throws {
        let result = try ReportImporter.run(WordReader.read(Self.docx(body: Self.word)))
        let f = ImportTests.figures(result.report)
        #expect(f["/fiscalYear"] == 2023)
        #expect(f["/generalBudget/basic/actual"] == 100.5 && f["/generalBudget/basic/personnel"] == 80)
        #expect(f["/selfEvaluation/indicators/1/score"] == 9.8)
        #expect(f["/selfEvaluation/level1Weights/0/weight"] == 50)
        #expect(f["/selfEvaluation/totalWeight"] == 20 && f["/selfEvaluation/totalScore"] == 19.8)
        #expect(!f.values.contains(999.99) && !f.values.contains(888) && !f.values.contains(777))
        let second = result.report[member: "selfEvaluation"]?[member: "indicators"]
        if case .array(let rows)? = second {
            #expect(rows.map { $0[member: "level1"]?.stringValue } == ["产出指标", "产出指标"])
        } else {
            Issue.record("no indicators")
        }
        #expect(result.report[member: "unit"]?[member: "name"] == .string("某某县青石镇人民政府"))
        #expect(
            result.provenance.first { $0.pointer == "/selfEvaluation/indicators/1/score" }?.place.text(.en)
                == "table 1 row 3 column \"得分\"")
        #expect(
            result.provenance.first { $0.pointer == "/generalBudget/basic/actual" }?.place.text(.en) == "paragraph 5")
    }

    /// A heading styled 标题 1 (style "1", named "heading 1") without a number still starts a section.
    @Test func wordHeadingStylesStartSections() throws {
        let body =
            Self.p("2024年度某某镇人民政府部门整体支出绩效自评报告")
            + "<w:p><w:pPr><w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t>部门基本情况</w:t></w:r></w:p>" + Self.p("我镇内设机构5个。")
            + "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>存在的问题</w:t></w:r></w:p>" + Self.p("资金拨付偏慢。")
            + Self.p("部门基本情况说明如下")
        let result = try ReportImporter.run(WordReader.read(Self.docx(body: body)))
        guard case .array(let sections)? = result.report[member: "sections"] else {
            Issue.record("no sections"); return
        }
        #expect(sections.map { $0[member: "heading"]?.stringValue } == ["部门基本情况", "存在的问题"])
        #expect(sections.map { $0[member: "text"]?.stringValue } == ["我镇内设机构5个。", "资金拨付偏慢。\n部门基本情况说明如下"])
    }

    /// A table Word split into two at a page break, the second part without its header: one table.
    @Test func aHeaderlessTableContinuesTheOneAbove() throws {
        func row(_ cells: [String]) -> String { "<w:tr>" + cells.map { Self.tc($0) }.joined() + "</w:tr>" }
        let header = row(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
        let body =
            Self.p("2024年度某某县石桥镇人民政府部门整体支出绩效自评报告") + Self.p("部门整体支出绩效自评表")
            + "<w:tbl>" + header + row(["产出指标", "数量指标", "道路里程", "12公里", "12公里", "30", "30"]) + "</w:tbl>"
            + "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            + "<w:tbl>" + row(["效益指标", "社会效益", "受益人口", "1000人", "1100人", "20", "20"])
            + row(["总分", "", "", "", "", "50", "50"]) + "</w:tbl>"
        let result = try ReportImporter.run(WordReader.read(Self.docx(body: body)))
        let f = ImportTests.figures(result.report)
        #expect(f["/selfEvaluation/indicators/1/weight"] == 20 && f["/selfEvaluation/indicators/1/score"] == 20)
        #expect(f["/selfEvaluation/totalWeight"] == 50 && f["/selfEvaluation/totalScore"] == 50)
        #expect(result.notes.isEmpty, "\(result.notes)")
    }

    /// A document cut short, and hostile spans, give one error or a sane table — never a crash.
    @Test func damagedWordDocuments() throws {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        let truncated = try Self.archive([
            "word/document.xml":
                "<?xml version=\"1.0\"?><w:document \(w)><w:body><w:p><w:r><w:t>2024年度</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p>"
        ])
        #expect(throws: WordReader.Failure.self) { try WordReader.read(truncated) }
        do {
            _ = try ImportSource.read(truncated, name: "cut.docx")
            Issue.record("a truncated document was read")
        } catch {
            #expect("\(error)".hasPrefix("cut.docx: a damaged Word document: word/document.xml"))
        }
        let hostile =
            "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"9223372036854775807\"/></w:trPr>\(Self.tc("分值", "<w:gridSpan w:val=\"2000000000\"/>"))\(Self.tc("得分", "<w:gridSpan w:val=\"-5\"/>"))</w:tr></w:tbl>"
        let document = try WordReader.read(Self.docx(body: hostile))
        // Offsets pointing past the end of the zip (the central directory's, then an entry's
        // local header's): one error, not a stopped process (found by `make fuzz`).
        let good = try Self.docx(body: Self.p("2024年度"))
        let end = try #require(
            (0...(good.count - 22)).reversed().first { good[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        let directory =
            Int(good[end + 16]) | Int(good[end + 17]) << 8 | Int(good[end + 18]) << 16 | Int(good[end + 19]) << 24
        var pastTheEnd = good
        pastTheEnd.replaceSubrange((end + 16)..<(end + 20), with: [0xF0, 0xFF, 0xFF, 0x0F])
        var entryPastTheEnd = good
        entryPastTheEnd.replaceSubrange((directory + 42)..<(directory + 46), with: [0xF0, 0xFF, 0xFF, 0x0F])
        for bytes in [pastTheEnd, entryPastTheEnd] {
            #expect(throws: WordReader.Failure.self) { try WordReader.read(bytes) }
        }
        let table = try #require(document.tables.first)
        #expect(table.cells.map(\.column) == [63, 126] && table.cells.map(\.columnSpan) == [63, 1])
        #expect(try ReportImporter.run(document).figureCount == 0)
    }

    // MARK: - Text

    @Test func pipeRowsAndMarkdownRules() throws {
        let text = """
            2022年度某某县白沙镇人民政府部门整体支出绩效自评报告
            部门整体支出绩效自评表
            | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 |
            |---|---|---|---|---|---|---|
            | 产出指标 | 数量指标 | 培训人次 | 20 | 300人次 | 320人次 | 20 |
            | | 质量指标 | 合格率 | 15 | 95% | 97% | 14.5 |
            总分 | | | 35 | | | 34.5
            """
        let result = try ReportImporter.run(text)
        let f = ImportTests.figures(result.report)
        #expect(f["/selfEvaluation/indicators/0/weight"] == 20 && f["/selfEvaluation/indicators/0/score"] == 20)
        #expect(f["/selfEvaluation/indicators/1/weight"] == 15 && f["/selfEvaluation/indicators/1/score"] == 14.5)
        #expect(f["/selfEvaluation/totalWeight"] == 35 && f["/selfEvaluation/totalScore"] == 34.5)
        #expect(
            result.report[member: "selfEvaluation"]?[member: "indicators"].map { ($0 as JSONValue).arrayCount } == 2)
    }

    @Test func oneCellPerLineTakesTheHeadersWidth() throws {
        let cells = [
            "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
            "产出指标", "数量指标", "道路里程", "12公里", "12公里", "30", "30",
            "效益指标", "社会效益", "群众满意度", "90%", "95%", "20", "19",
        ]
        let text =
            "2021年度某某县河口乡人民政府部门整体支出绩效自评报告\n\n" + cells.joined(separator: "\n\n") + "\n\n二、部门整体支出绩效情况\n\n经自评，得分95分。\n"
        let result = try ReportImporter.run(text)
        let f = ImportTests.figures(result.report)
        #expect(f["/selfEvaluation/indicators/0/weight"] == 30 && f["/selfEvaluation/indicators/1/score"] == 19)
        #expect(f["/fiscalYear"] == 2021)
        // The heading after the table ends it: its section and the score stated under it are read.
        #expect(f["/performance/score"] == 95)
        #expect(result.report[member: "selfEvaluation"]?[member: "heading"]?[member: "unitName"] == nil)
    }

    @Test func aRowHoldingOnlyTheUnitLabelDoesNotCrash() throws {
        let text = "2024年度某某镇人民政府部门整体支出绩效自评报告\n\n部门整体支出绩效自评表\n\t单位名称\n\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
        let result = try ReportImporter.run(text)
        #expect(ImportTests.figures(result.report) == ["/fiscalYear": 2024])
    }

    @Test func encodingsAreDetected() throws {
        let text = "2024年度某某街道办事处部门整体支出绩效自评报告\n基本支出共计100.5万元。\n"
        let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(TextReader.decode([UInt8](gb))?.encoding == "GB18030")
        #expect(TextReader.decode([UInt8](gb))?.text == text)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(TextReader.decode(utf16)?.text == text)
        #expect(TextReader.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8))?.encoding == "UTF-8 with BOM")
        let document = try ImportSource.read([UInt8](gb), name: "a.txt")
        #expect(document.format.text(.en) == "text, GB18030")
        #expect(document.paragraphs.first?.text == "2024年度某某街道办事处部门整体支出绩效自评报告")
    }

    @Test(
        arguments: [
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "save it as .docx"),
            (Array("%PDF-1.7\n".utf8), "pdftotext could not convert it"),
            (Array("  \n\n".utf8), "the file is empty"),
            (Array("{\"fiscalYear\": 2024}".utf8), "vault commit"),
            ([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "damaged Word document"),
        ] as [([UInt8], String)])
    func unreadableFilesAreRefusedWithTheFix(_ bytes: [UInt8], _ expected: String) {
        do {
            _ = try ImportSource.read(bytes, name: "report.docx")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("report.docx: "))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func aZipThatIsNeitherWordNorExcelIsRefused() throws {
        for (path, name, says) in [
            (
                "ppt/presentation.xml", "slides.pptx",
                "slides.pptx: a zip file that is neither a Word document nor an Excel workbook (no word/document.xml, no xl/workbook.xml); import a .docx, an .xlsx or the report's text"
            ),
            (
                "xl/workbook.xml", "book.xlsx",
                "book.xlsx: a damaged Excel workbook: xl/workbook.xml line 1: text outside the root element; open it in Excel or WPS and save it again as .xlsx"
            ),
        ] {
            let archive = try Archive(accessMode: .create)
            let data = Data("x".utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(1), compressionMethod: .none) {
                (_: Int64, _: Int) in data
            }
            do {
                _ = try ImportSource.read([UInt8](try #require(archive.data)), name: name)
                Issue.record("accepted")
            } catch {
                #expect("\(error)" == says)
            }
        }
    }

    // MARK: - Vocabulary

    @Test func everyVocabularyAddressIsInTheSchema() throws {
        let schema = try ReportSchemas.load().newestSchema()
        let vocabulary = try ImportVocabulary.load()
        #expect(vocabulary.unknownAddresses(in: schema) == [])
        #expect(vocabulary.groups.count == 4 && vocabulary.tables.count == 3)
        // A renamed property is caught: the same vocabulary against a schema without `score`.
        var text = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: try ReportSchemas.load().path(of: 1))), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"completionRate\"", with: "\"completion\"")
        let renamed = try JSONSchema(JSONParser.parse(Array(text.utf8)))
        #expect(vocabulary.unknownAddresses(in: renamed).contains("/selfEvaluation/indicators/*/completionRate"))
    }

    @Test func headersAreMatchedByTheirWords() throws {
        let v = try ImportVocabulary.load()
        let indicators = try #require(v.groups["indicators"]), funds = try #require(v.groups["funds"])
        #expect(v.field(of: "得分 (20分*执行率)", in: funds) == "score")
        #expect(v.field(of: "执行率(B/A)", in: funds) == "executionRate")
        #expect(v.field(of: "全年预算数(A)", in: funds) == "annualBudget")
        #expect(v.field(of: "年初预算数", in: funds) == "initialBudget")
        #expect(v.field(of: "分值(10分)", in: indicators) == "weight")
        #expect(v.field(of: "年初目标值(A)", in: indicators) == "target")
        #expect(v.field(of: "全年实际值(B)", in: indicators) == "actual")
        #expect(v.field(of: "偏差原因\n分析及\n改进措施", in: indicators) == "deviation")
        #expect(v.field(of: "单位名称", in: indicators) == nil)
        #expect(v.isUnitNameLabel("部门（单位）名称") && v.isUnitNameLabel("预算单位名称"))
    }
}

/// The XML reader the Word reader walks documents with: what it hands over for each piece of
/// XML, and the documents it refuses, with the line of the fault.
@Suite struct XMLReaderTests {
    final class Recorder: XMLReader.Delegate {
        var events: [String] = []
        func start(_ name: String, attributes: [String: String]) {
            events.append(
                "<"
                    + ([name] + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(
                        separator: " "))
        }
        func end(_ name: String) { events.append("/" + name) }
        func text(_ text: String) {
            if let last = events.last, last.hasPrefix("\"") {
                events[events.count - 1] = String(last.dropLast()) + text + "\""
            } else {
                events.append("\"" + text + "\"")
            }
        }
    }

    func read(_ text: String) throws(XMLReader.Failure) -> [String] {
        let recorder = Recorder()
        try XMLReader.read(Array(text.utf8), into: recorder)
        return recorder.events
    }

    @Test func elementsAttributesAndTextInDocumentOrder() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- a comment --><w:document xmlns:w="urn:w"><w:body>
            <w:p w:rsidR='00A1'><w:r><w:t xml:space="preserve">收入 &lt;合计&gt; &amp; &quot;支出&quot; &apos;&#20803;&#x5143;</w:t><w:tab/></w:r></w:p>
            <w:p><w:t><![CDATA[a <b> & c]]></w:t><?pi data?><w:t a="x&#10;y	z"/></w:p></w:body></w:document>

            """
        #expect(
            try read(xml) == [
                "<document xmlns:w=urn:w", "<body", "\"\n\"", "<p w:rsidR=00A1", "<r", "<t xml:space=preserve",
                "\"收入 <合计> & \"支出\" '元元\"", "/t", "<tab", "/tab", "/r", "/p",
                "\"\n\"",
                "<p", "<t", "\"a <b> & c\"", "/t", "<t a=x\ny z", "/t", "/p", "/body", "/document",
            ])
        // UTF-16 with its byte order mark, and UTF-8 with one, read as UTF-8 without.
        let recorder = Recorder()
        try XMLReader.read(
            [0xFF, 0xFE] + Array("<a>预算</a>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, into: recorder)
        #expect(recorder.events == ["<a", "\"预算\"", "/a"])
        #expect(try read("\u{FEFF}<a/>") == ["<a", "/a"])
        // Line ends as XML reads them: CR LF and CR are LF, in text and (then as spaces) in values.
        #expect(try read("<a b=\"x\r\ny\">1\r\n2\r3</a>") == ["<a b=x y", "\"1\n2\n3\"", "/a"])
    }

    @Test func malformedDocumentsAreRefusedWithTheirLine() {
        let cases: [(String, XMLReader.Failure)] = [
            ("<a><b></a>", .malformed(line: 1, problem: "</a> closes <b>")),
            ("<a>\n\n<b>x</b>\n", .truncated),
            ("<a attr=\"x\"", .truncated),
            ("<a><!-- never closed", .truncated),
            (
                "<!DOCTYPE a [<!ENTITY x \"xx\">]><a>&x;</a>",
                .malformed(line: 1, problem: "a document type declaration, which Office documents do not have")
            ),
            (
                "<a>\n&x;</a>",
                .malformed(
                    line: 2,
                    problem:
                        "the entity &x; (only &lt; &gt; &amp; &quot; &apos; and character references are XML's own)")
            ),
            ("<a>& b</a>", .malformed(line: 1, problem: "an & that starts no entity (write &amp;)")),
            ("<a>&#0;</a>", .malformed(line: 1, problem: "the character reference &#0;")),
            ("<a>&#xD800;</a>", .malformed(line: 1, problem: "the character reference &#xD800;")),
            ("<a>&#1;</a>", .malformed(line: 1, problem: "the character reference &#1;")),
            ("<a>&#+65;</a>", .malformed(line: 1, problem: "the character reference &#+65;")),
            ("<a>&#xFFFE;</a>", .malformed(line: 1, problem: "the character reference &#xFFFE;")),
            ("x<a/>", .malformed(line: 1, problem: "text outside the root element")),
            ("<a/><b/>", .malformed(line: 1, problem: "a second root element")),
            ("<a x=\"1\" x=\"2\"/>", .malformed(line: 1, problem: "the attribute x given twice")),
            ("<a x=1/>", .malformed(line: 1, problem: "an attribute value without quotes")),
            ("<a x=\"<\"/>", .malformed(line: 1, problem: "< inside an attribute value")),
            ("</a>", .malformed(line: 1, problem: "an end tag with no element open")),
            ("", .malformed(line: 1, problem: "no root element")),
        ]
        for (xml, failure) in cases {
            #expect(throws: failure, "\(xml)") { try read(xml) }
        }
        #expect(throws: XMLReader.Failure.malformed(line: 1, problem: "text that is not UTF-8")) {
            try XMLReader.read(Array("<a>".utf8) + [0xFF] + Array("</a>".utf8), into: Recorder())
        }
    }
}
