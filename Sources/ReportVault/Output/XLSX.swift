import Foundation
import ZIPFoundation

/// An Excel workbook (.xlsx: Office Open XML SpreadsheetML, ECMA-376 Part 1) that Excel, WPS
/// and LibreOffice open: one sheet per table, text in the shared-string table, numbers as
/// numbers, a bold frozen header row, columns wide enough for their longest cell (a 汉字
/// counts two), and number formats for deltas and percentages.
///
/// Written with ZIPFoundation and XML built here; the parts are the minimum ECMA-376 asks
/// for (content types, package and workbook relationships, workbook, styles, shared strings,
/// worksheets). The bytes depend only on the content: entries carry a fixed date, so the same
/// table gives the same file.
public struct XLSXWorkbook: Sendable {
    /// How a cell is shown (an index into the `cellXfs` of ``stylesXML``).
    public enum Style: Int, Sendable {
        case plain = 0
        case header = 1
        /// A signed number: +12.5, −3, 0.
        case delta = 2
        /// A percentage stored as its number of per cent: 12.5 shows as +12.50%.
        case percent = 3
        /// A row that stands out (added, removed, moved).
        case highlighted = 4
        case highlightedDelta = 5
        case highlightedPercent = 6
        /// An amount: two decimals (2063.70).
        case amount = 7
        /// A signed change of an amount, two decimals (+35.60).
        case amountDelta = 8
        /// A number that counts per cent, with its sign kept plain: 98.03%.
        case rate = 9
        case highlightedAmount = 10
        case highlightedAmountDelta = 11
        case highlightedRate = 12

        /// This style on a highlighted row.
        var highlighted: Style {
            switch self {
            case .plain, .highlighted: .highlighted
            case .delta, .highlightedDelta: .highlightedDelta
            case .percent, .highlightedPercent: .highlightedPercent
            case .amount, .highlightedAmount: .highlightedAmount
            case .amountDelta, .highlightedAmountDelta: .highlightedAmountDelta
            case .rate, .highlightedRate: .highlightedRate
            case .header: .header
            }
        }
    }

    /// One cell's value.
    public enum Value: Sendable, Equatable {
        case empty
        case text(String)
        case number(Double)
    }

    /// A value with the style it is shown in.
    public struct Cell: Sendable, Equatable {
        public var value: Value
        public var style: Style

        public init(_ value: Value, style: Style = .plain) {
            self.value = value
            self.style = style
        }

        public static func text(_ s: String) -> Cell { Cell(.text(s)) }
        public static func number(_ d: Double, style: Style = .plain) -> Cell { Cell(.number(d), style: style) }
        public static let empty = Cell(.empty)
    }

    /// One sheet: a header row (frozen) and rows of cells.
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]

        public init(name: String, header: [String], rows: [[Cell]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// Excel's limits: 31 characters in a sheet name, 32,767 in a cell.
    static let sheetNameLimit = 31
    static let cellTextLimit = 32_767
    /// Column widths in characters, as Excel measures them (a 汉字 is two).
    static let narrowest = 8.0
    static let widest = 80.0

    // MARK: - Writing

    /// The .xlsx file's bytes.
    public func data() throws(VaultError) -> Data {
        let names = Self.sheetNames(sheets.map(\.name))
        var strings = SharedStrings()
        let worksheets = sheets.map { worksheetXML($0, strings: &strings) }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypesXML(count: sheets.count)),
            ("_rels/.rels", Self.packageRelationshipsXML),
            ("xl/workbook.xml", workbookXML(names: names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationshipsXML(count: sheets.count)),
            ("xl/styles.xml", Self.stylesXML),
            ("xl/sharedStrings.xml", strings.xml),
        ]
        for (i, xml) in worksheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", xml)) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            // A fixed date (1 January 1980, the zip format's first day) keeps the bytes repeatable.
            let date = Date(timeIntervalSince1970: 315_532_800 + 43_200)
            for (path, xml) in parts {
                let bytes = Data(xml.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                    compressionMethod: .deflate
                ) {
                    position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw VaultError.cannotWrite(file: "xlsx", reason: "no archive data") }
            return data
        } catch let error as VaultError {
            throw error
        } catch {
            throw .cannotWrite(file: "xlsx", reason: "\(error)")
        }
    }

    /// Writes the workbook to `path`; refuses an existing file unless `force` (`option` is the
    /// command-line option that named it, for the message).
    public func write(to path: String, force: Bool, option: String = "--xlsx") throws(VaultError) {
        if !force, FileManager.default.fileExists(atPath: path) {
            throw .outputOptionExists(file: path, option: option)
        }
        let bytes = try data()
        do { try bytes.write(to: URL(fileURLWithPath: path)) } catch {
            throw .cannotWrite(file: path, reason: error.localizedDescription)
        }
    }

    // MARK: - Sheet names and widths

    /// Names Excel accepts: no `[]:*?/\`, at most 31 characters, not empty, no apostrophe at
    /// either end, and unique (case-insensitively), a number added where two would clash.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.enumerated().map { i, raw in
            var name = String(raw.map { "[]:*?/\\".contains($0) ? " " : $0 }).trimmingCharacters(
                in: CharacterSet(charactersIn: "' "))
            name = String(name.unicodeScalars.filter { $0.value >= 0x20 }.map(Character.init))
            if name.isEmpty { name = "Sheet\(i + 1)" }
            name = String(name.prefix(sheetNameLimit))
            var candidate = name
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = String(name.prefix(sheetNameLimit - suffix.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// The width of each column: its longest cell in display columns, plus a margin.
    static func widths(_ sheet: Sheet) -> [Double] {
        let count = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var widths = [Double](repeating: narrowest, count: count)
        func fit(_ text: String, _ column: Int) {
            // The longest line of the cell, bold header text a little wider.
            let longest = text.split(separator: "\n").map { DisplayWidth.columns(String($0)) }.max() ?? 0
            widths[column] = min(widest, max(widths[column], Double(longest) + 2))
        }
        for (c, text) in sheet.header.enumerated() { fit(text + "  ", c) }
        for row in sheet.rows {
            for (c, cell) in row.enumerated() {
                switch cell.value {
                case .empty: break
                case .text(let s): fit(String(s.prefix(200)), c)
                // Formats add a sign and a per cent sign.
                case .number(let d): fit(ECMAScriptNumber.format(d) + "+%", c)
                }
            }
        }
        return widths
    }

    /// A column's letters: 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    // MARK: - Parts

    private func worksheetXML(_ sheet: Sheet, strings: inout SharedStrings) -> String {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0, 1)
        let last = "\(Self.columnName(columns - 1))\(sheet.rows.count + 1)"
        var xml = Self.declaration
        xml += "<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
        // Printed on A4 across, one page wide (as many pages down as it needs).
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        xml += "<dimension ref=\"A1:\(last)\"/>"
        // The header row stays in view while the reviewer scrolls.
        xml +=
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (i, width) in Self.widths(sheet).enumerated() {
            xml +=
                "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(ECMAScriptNumber.format(width))\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        let rows = [sheet.header.map { Cell(.text($0), style: .header) }] + sheet.rows
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = "\(Self.columnName(c))\(r + 1)"
                let style = cell.style == .plain ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .empty:
                    if cell.style != .plain { xml += "<c r=\"\(ref)\"\(style)/>" }
                case .text(let s):
                    xml += "<c r=\"\(ref)\"\(style) t=\"s\"><v>\(strings.index(of: s))</v></c>"
                case .number(let d) where d.isFinite:
                    xml += "<c r=\"\(ref)\"\(style)><v>\(ECMAScriptNumber.format(d))</v></c>"
                case .number:
                    xml += "<c r=\"\(ref)\"\(style) t=\"s\"><v>\(strings.index(of: "NaN"))</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        return xml + "</worksheet>"
    }

    private func contentTypesXML(count: Int) -> String {
        var xml = Self.declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in 1...max(count, 1) where count > 0 {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml +=
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        return xml + "</Types>"
    }

    private static let packageRelationshipsXML =
        declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    private func workbookXML(names: [String]) -> String {
        var xml =
            Self.declaration
            + "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipsNamespace)\"><bookViews><workbookView/></bookViews><sheets>"
        for (i, name) in names.enumerated() {
            xml += "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        xml += "</sheets>"
        // Each sheet's header row printed again on every page.
        if !names.isEmpty {
            xml += "<definedNames>"
            for (i, name) in names.enumerated() {
                xml +=
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">'\(Self.escape(name.replacingOccurrences(of: "'", with: "''")))'!$1:$1</definedName>"
            }
            xml += "</definedNames>"
        }
        return xml + "</workbook>"
    }

    private func workbookRelationshipsXML(count: Int) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var xml =
            Self.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 0..<count {
            xml +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"\(base)worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(count + 1)\" Type=\"\(base)styles\" Target=\"styles.xml\"/>"
        xml += "<Relationship Id=\"rId\(count + 2)\" Type=\"\(base)sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return xml + "</Relationships>"
    }

    /// Number formats 164 (signed: +12.5, -3, 0), 165 (signed per cent of a number that
    /// already counts per cent, two decimals), 2 (amounts: 0.00), 166 (signed amounts: +0.00)
    /// and 167 (a rate: 98.03%); fonts plain and bold; fills none, the required gray125, a
    /// header blue and a highlight yellow. `cellXfs` order is ``Style``'s raw values.
    static let stylesXML =
        declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"+General;-General;0\"/>"
        + "<numFmt numFmtId=\"165\" formatCode=\"+0.00&quot;%&quot;;-0.00&quot;%&quot;;0&quot;%&quot;\"/>"
        + "<numFmt numFmtId=\"166\" formatCode=\"+0.00;-0.00;0.00\"/><numFmt numFmtId=\"167\" formatCode=\"0.00&quot;%&quot;\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFF2CC\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"13\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>"
        + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Text as XML character data: markup characters escaped, characters XML 1.0 cannot hold
    /// (control characters other than tab and line breaks, lone surrogates) dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(s)
            default:
                if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF { continue }
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// The workbook's shared-string table: each distinct text stored once, cells refer to it.
    struct SharedStrings {
        private var indexes: [String: Int] = [:]
        private var ordered: [String] = []
        private var references = 0

        mutating func index(of text: String) -> Int {
            references += 1
            let text =
                text.count > XLSXWorkbook.cellTextLimit
                ? String(text.prefix(XLSXWorkbook.cellTextLimit - 1)) + "…" : text
            if let i = indexes[text] { return i }
            indexes[text] = ordered.count
            ordered.append(text)
            return ordered.count - 1
        }

        var xml: String {
            var xml =
                XLSXWorkbook.declaration
                + "<sst xmlns=\"\(XLSXWorkbook.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(ordered.count)\">"
            for text in ordered {
                // Leading or trailing spaces and line breaks survive only with xml:space="preserve".
                let preserve =
                    text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
                xml += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>"
                xml += XLSXWorkbook.escape(text) + "</t></si>"
            }
            return xml + "</sst>"
        }
    }
}
