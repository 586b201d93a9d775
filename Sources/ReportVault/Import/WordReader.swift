import Foundation

import ZIPFoundation

/// Reads a Word document (.docx: Office Open XML WordprocessingML) into an ``ImportDocument``.
///
/// What is kept and what is dropped follows what Word shows: text of runs (split across
/// runs arbitrarily), tabs and line breaks; tables with their horizontal (`w:gridSpan`,
/// `w:gridBefore`) and vertical (`w:vMerge`) merges, nested tables after their table;
/// content controls, smart tags, hyperlinks and inserted text (`w:ins`) read through;
/// deleted text (`w:del`, `w:moveFrom`), field codes, hidden text and the fallback copy of
/// alternate content dropped; list labels ("一、", "（一）") rebuilt from `word/numbering.xml`.
public enum WordReader {
    /// Why a file could not be read as a Word document.
    public enum Failure: Error, Equatable {
        /// A zip that holds no `word/document.xml` (a spreadsheet, a presentation, another zip).
        case notWordDocument
        /// The zip or its XML is damaged; the text says where.
        case damaged(String)
        /// An Excel workbook that cannot be read (``SpreadsheetReader``).
        case damagedWorkbook(String)
    }

    /// Whether `bytes` start like a zip file (a .docx is one).
    public static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func read(_ bytes: [UInt8]) throws(Failure) -> ImportDocument {
        let archive = try Self.archive(bytes)
        guard let document = try part("word/document.xml", of: archive) else {
            // An Excel workbook is a zip of the same family (Office Open XML).
            if SpreadsheetReader.isWorkbook(archive) { return try SpreadsheetReader.read(archive) }
            throw .notWordDocument
        }
        let numbering = try part("word/numbering.xml", of: archive).map(Numbering.init) ?? Numbering()
        let styles = try part("word/styles.xml", of: archive).map(Self.outlineLevels) ?? [:]
        let handler = BodyHandler(numbering: numbering, styleLevels: styles)
        do {
            try XMLReader.read([UInt8](document), into: handler)
        } catch {
            switch error {
            case .truncated: throw .damaged("word/document.xml ends before the document does (a truncated file)")
            case .malformed(let line, let problem): throw .damaged("word/document.xml line \(line): \(problem)")
            }
        }
        // A document whose body never closed was cut short.
        guard handler.closedBody else {
            throw .damaged("word/document.xml ends before the document does (a truncated file)")
        }
        return ChineseScript.readable(ImportDocument(blocks: handler.finish(), format: Message("import.format.word")))
    }

    /// The zip archive `bytes` hold, read from a temporary file: ZIPFoundation's archives in
    /// memory (Linux) stop the process on an entry whose offsets point past the end (a seek
    /// beyond it, then a read of negative length), where a file read just comes up short.
    /// The file is removed at once; the archive keeps it open.
    static func archive(_ bytes: [UInt8]) throws(Failure) -> Archive {
        var template = Array((FileManager.default.temporaryDirectory.path + "/vault-import-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // No temporary folder to write to: read in memory, as before (a damaged zip may then
        // stop the process, which is what the file avoids).
        guard fd >= 0 else { return try inMemory(bytes) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        close(fd)
        guard written else { return try inMemory(bytes) }
        do { return try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw .damaged("not a readable zip archive")
        }
    }

    private static func inMemory(_ bytes: [UInt8]) throws(Failure) -> Archive {
        do { return try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw .damaged("not a readable zip archive")
        }
    }

    static func part(_ path: String, of archive: Archive) throws(Failure) -> Data? {
        guard let entry = archive[path] else { return nil }
        let limit = 64 << 20
        guard entry.uncompressedSize <= limit else { throw .damaged("\(path) is larger than 64 MB") }
        // The size the zip header claims is not trusted: inflating stops at the limit whatever
        // it says (a "zip bomb" claims a kilobyte and inflates to gigabytes).
        struct TooLarge: Error {}
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw TooLarge() }
                data.append(chunk)
            }
        } catch is TooLarge {
            throw .damaged("\(path) inflates to more than 64 MB")
        } catch {
            throw .damaged("\(path) cannot be unpacked")
        }
        return data
    }

    /// The attribute `name` (e.g. "val") whatever its namespace prefix (`w:val`).
    static func attribute(_ attributes: [String: String], _ name: String) -> String? {
        for (key, value) in attributes where key == name || key.hasSuffix(":" + name) { return value }
        return nil
    }

    // MARK: - Body

    /// Collects blocks while ``XMLReader`` walks `word/document.xml`.
    final class BodyHandler: XMLReader.Delegate {
        struct CellBuilder {
            var column = 0
            var span = 1
            var vMerge: String?  // "restart", "continue" or nil
            var blocks: [ImportDocument.Block] = []
        }
        struct TableBuilder {
            var cells: [ImportDocument.Cell] = []
            var row = -1
            var column = 0
            /// Blocks of the single cell of a layout table, and tables nested in cells.
            var nested: [ImportDocument.Block] = []
            var onlyCell: [ImportDocument.Block]?
        }

        let numbering: Numbering
        /// Paragraph style id → outline level (标题 1 → 0), from `word/styles.xml`.
        let styleLevels: [String: Int]
        var numberingState = Numbering.Counters()
        var body: [ImportDocument.Block] = []
        var tables: [TableBuilder] = []
        var cells: [CellBuilder] = []
        /// Paragraph texts being read (a text box puts a paragraph inside a paragraph).
        var paragraphs: [(text: String, numId: String?, level: Int, outline: Int?)] = []
        /// Depth inside an element whose content is dropped (deleted text, fallback copies).
        var dropDepth = 0
        var inText = false
        var runHidden = false
        /// For each open complex field: whether its code part (not its result) is being read.
        var fieldInCode: [Bool] = []
        /// The names of the open elements.
        var open: [String] = []
        /// Whether `w:body` was closed: a truncated part never closes it.
        var closedBody = false

        /// A count of grid columns from an attribute, kept within what Word allows (63).
        static func columns(_ value: String?, default fallback: Int) -> Int {
            min(63, max(0, value.flatMap { Int($0) } ?? fallback))
        }

        init(numbering: Numbering, styleLevels: [String: Int]) {
            self.numbering = numbering
            self.styleLevels = styleLevels
        }

        func append(_ block: ImportDocument.Block) {
            if !cells.isEmpty { cells[cells.count - 1].blocks.append(block) } else { body.append(block) }
        }

        func start(_ name: String, attributes: [String: String]) {
            if dropDepth > 0 {
                dropDepth += 1
                return
            }
            switch name {
            case "del", "moveFrom", "Fallback", "instrText", "delText", "delInstrText",
                // The formatting a tracked change replaced (hidden text among it) is not current.
                "rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange":
                dropDepth = 1
            case "p":
                paragraphs.append(("", nil, 0, nil))
            case "pStyle":
                if !paragraphs.isEmpty, let id = attribute(attributes, "val"), let level = styleLevels[id] {
                    paragraphs[paragraphs.count - 1].outline = level
                }
            case "outlineLvl":
                if !paragraphs.isEmpty, open.last == "pPr", let level = Int(attribute(attributes, "val") ?? "") {
                    paragraphs[paragraphs.count - 1].outline = level
                }
            case "numId":
                if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].numId = attribute(attributes, "val") }
            case "ilvl":
                if !paragraphs.isEmpty {
                    paragraphs[paragraphs.count - 1].level = Int(attribute(attributes, "val") ?? "0") ?? 0
                }
            case "r":
                runHidden = false
            case "vanish", "specVanish":
                if attribute(attributes, "val").map({ $0 != "0" && $0 != "false" }) ?? true { runHidden = true }
            case "t":
                inText = true
            case "tab":
                // w:tab inside w:tabs (a paragraph's tab stops) is not text.
                if !paragraphs.isEmpty, open.last != "tabs" { addText("\t") }
            case "br", "cr":
                addText("\n")
            case "fldChar":
                switch attribute(attributes, "fldCharType") {
                case "begin": fieldInCode.append(true)
                case "separate": if !fieldInCode.isEmpty { fieldInCode[fieldInCode.count - 1] = false }
                case "end": _ = fieldInCode.popLast()
                default: break
                }
            case "tbl":
                tables.append(TableBuilder())
            case "tr":
                if !tables.isEmpty {
                    tables[tables.count - 1].row += 1
                    tables[tables.count - 1].column = 0
                }
            case "gridBefore":
                if !tables.isEmpty {
                    tables[tables.count - 1].column += Self.columns(attribute(attributes, "val"), default: 0)
                }
            case "tc":
                cells.append(CellBuilder(column: tables.last?.column ?? 0))
            case "gridSpan":
                if !cells.isEmpty {
                    cells[cells.count - 1].span = max(1, Self.columns(attribute(attributes, "val"), default: 1))
                }
            case "vMerge":
                if !cells.isEmpty {
                    cells[cells.count - 1].vMerge = attribute(attributes, "val") == "restart" ? "restart" : "continue"
                }
            default:
                break
            }
            open.append(name)
        }

        func end(_ name: String) {
            if dropDepth > 0 {
                dropDepth -= 1
                if dropDepth > 0 { return }
                _ = open.popLast()
                return
            }
            _ = open.popLast()
            switch name {
            case "body":
                closedBody = true
            case "t":
                inText = false
            case "p":
                guard let p = paragraphs.popLast() else { return }
                var text = p.text
                if let numId = p.numId, let label = numberingState.label(numId: numId, level: p.level, in: numbering) {
                    text = label + text
                }
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    append(.paragraph(.init(String(line), at: .paragraph(0), outlineLevel: p.outline)))
                }
            case "tc":
                guard var cell = cells.popLast(), !tables.isEmpty else { return }
                var table = tables.removeLast()
                defer { tables.append(table) }
                let texts = cell.blocks.compactMap { block -> String? in
                    guard case .paragraph(let p) = block else { return nil }
                    return p.text.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
                for block in cell.blocks { if case .table = block { table.nested.append(block) } }
                if table.row == 0, table.column == 0 { table.onlyCell = cell.blocks } else { table.onlyCell = nil }
                if cell.vMerge == "continue",
                    let above = table.cells.lastIndex(where: {
                        $0.column == cell.column && $0.row + $0.rowSpan == table.row
                    })
                {
                    table.cells[above].rowSpan += 1
                } else {
                    table.cells.append(
                        .init(
                            row: table.row, column: cell.column, columnSpan: cell.span, paragraphs: texts,
                            place: .cell(table: 0, row: table.row + 1, column: cell.column + 1)))
                }
                table.column = min(cell.column + cell.span, 512)
                cell.blocks = []
            case "tbl":
                guard let table = tables.popLast() else { return }
                if let only = table.onlyCell, table.cells.count == 1 {
                    // A layout table of one cell: its content reads as if it stood outside.
                    for block in only { append(block) }
                    return
                }
                append(.table(.init(number: 0, cells: table.cells, place: .cell(table: 0, row: 1, column: 1))))
                for block in table.nested { append(block) }
            default:
                break
            }
        }

        func text(_ string: String) {
            guard inText, dropDepth == 0, !runHidden, !fieldInCode.contains(true) else { return }
            addText(string)
        }

        func addText(_ s: String) {
            guard !paragraphs.isEmpty, dropDepth == 0 else { return }
            paragraphs[paragraphs.count - 1].text += s
        }

        /// The blocks in order, paragraphs and tables numbered, empty paragraphs dropped.
        func finish() -> [ImportDocument.Block] {
            var out: [ImportDocument.Block] = []
            var paragraphNumber = 0
            var tableNumber = 0
            for block in body {
                switch block {
                case .paragraph(var p):
                    guard !p.text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    paragraphNumber += 1
                    p.place = .paragraph(paragraphNumber)
                    out.append(.paragraph(p))
                case .table(var t):
                    tableNumber += 1
                    t.number = tableNumber
                    t.place = .cell(table: tableNumber, row: 1, column: 1)
                    for i in t.cells.indices {
                        t.cells[i].place = .cell(
                            table: tableNumber, row: t.cells[i].row + 1, column: t.cells[i].column + 1)
                    }
                    out.append(.table(t))
                }
            }
            return out
        }
    }

    // MARK: - Styles

    /// The outline level of each paragraph style: its own `w:outlineLvl`, or the level a
    /// built-in heading's name says ("heading 1" → 0).
    static func outlineLevels(_ data: Data) -> [String: Int] {
        let handler = StylesHandler()
        try? XMLReader.read([UInt8](data), into: handler)  // what was read before a fault counts
        return handler.levels
    }

    final class StylesHandler: XMLReader.Delegate {
        var levels: [String: Int] = [:]
        var style: String?

        func start(_ name: String, attributes: [String: String]) {
            switch name {
            case "style": style = WordReader.attribute(attributes, "styleId")
            case "name":
                guard let style, let value = WordReader.attribute(attributes, "val")?.lowercased(),
                    value.hasPrefix("heading "), let n = Int(value.dropFirst(8))
                else { return }
                levels[style] = levels[style] ?? n - 1
            case "outlineLvl":
                if let style, let n = Int(WordReader.attribute(attributes, "val") ?? "") { levels[style] = n }
            default: break
            }
        }

        func end(_ name: String) {
            if name == "style" { style = nil }
        }
    }

    // MARK: - Numbering

    /// List definitions of `word/numbering.xml`: for each list and level, the label
    /// pattern (`%1、`) and the number format of each level.
    struct Numbering {
        struct Level { var format = "decimal"; var text = ""; var start = 1 }
        var abstractOf: [String: String] = [:]
        var levels: [String: [Int: Level]] = [:]

        init() {}

        init(_ data: Data) {
            let handler = NumberingHandler()
            try? XMLReader.read([UInt8](data), into: handler)  // what was read before a fault counts
            abstractOf = handler.abstractOf
            levels = handler.levels
        }

        /// Running counters of every list, per level.
        struct Counters {
            var values: [String: [Int: Int]] = [:]

            mutating func label(numId: String, level: Int, in numbering: Numbering) -> String? {
                guard let abstract = numbering.abstractOf[numId], let levels = numbering.levels[abstract],
                    let lvl = levels[level]
                else { return nil }
                guard lvl.format != "bullet", lvl.format != "none", !lvl.text.isEmpty else { return nil }
                var counters = values[abstract] ?? [:]
                counters[level] = (counters[level] ?? (lvl.start - 1)) + 1
                for deeper in counters.keys where deeper > level { counters[deeper] = nil }
                values[abstract] = counters
                var label = lvl.text
                for l in 0...8 where label.contains("%\(l + 1)") {
                    let value = counters[l] ?? (levels[l]?.start ?? 1)
                    label = label.replacingOccurrences(
                        of: "%\(l + 1)", with: Numbering.format(value, levels[l]?.format ?? "decimal"))
                }
                return label
            }
        }

        static func format(_ n: Int, _ format: String) -> String {
            switch format {
            case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
                "ideographDigital":
                return chinese(n)
            case "decimalFullWidth", "decimalFullWidth2":
                return String(String(n).unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            case "upperLetter":
                return n >= 1 && n <= 26 ? String(Character(Unicode.Scalar(64 + UInt32(n))!)) : String(n)
            case "lowerLetter":
                return n >= 1 && n <= 26 ? String(Character(Unicode.Scalar(96 + UInt32(n))!)) : String(n)
            case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
                return n >= 1 && n <= 20 ? String(Character(Unicode.Scalar(0x245F + UInt32(n))!)) : String(n)
            default: return String(n)
            }
        }

        /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五.
        static func chinese(_ n: Int) -> String {
            let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
            guard n > 0, n < 100 else { return String(n) }
            if n < 10 { return digits[n] }
            let tens = n / 10, ones = n % 10
            return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
        }
    }

    final class NumberingHandler: XMLReader.Delegate {
        var abstractOf: [String: String] = [:]
        var levels: [String: [Int: Numbering.Level]] = [:]
        var abstract: String?
        var level: Int?
        var num: String?

        func start(_ name: String, attributes: [String: String]) {
            switch name {
            case "abstractNum": abstract = WordReader.attribute(attributes, "abstractNumId")
            case "lvl": level = Int(WordReader.attribute(attributes, "ilvl") ?? "")
            case "num": num = WordReader.attribute(attributes, "numId")
            case "abstractNumId": if let num, let v = WordReader.attribute(attributes, "val") { abstractOf[num] = v }
            case "numFmt", "lvlText", "start":
                guard let abstract, let level, let v = WordReader.attribute(attributes, "val") else { return }
                var lvl = levels[abstract, default: [:]][level] ?? Numbering.Level()
                if name == "numFmt" {
                    lvl.format = v
                } else if name == "lvlText" {
                    lvl.text = v
                } else {
                    lvl.start = Int(v) ?? 1
                }
                levels[abstract, default: [:]][level] = lvl
            default: break
            }
        }

        func end(_ name: String) {
            switch name {
            case "abstractNum": abstract = nil
            case "lvl": level = nil
            case "num": num = nil
            default: break
            }
        }
    }
}
