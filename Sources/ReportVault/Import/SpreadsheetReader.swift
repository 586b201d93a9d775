import Foundation

import ZIPFoundation

/// Reads an Excel workbook (.xlsx) into the document model: each sheet a paragraph (its name)
/// and a table — cells by their references, merged ranges as spans, shared and inline strings,
/// numbers as written (a percentage-formatted cell as "97.27%", as the sheet shows it). The
/// self-evaluation table and the base data circulate as such sheets; the vault's own
/// `figures --xlsx` workbook (a column of JSON pointers) comes back as the figures it holds.
enum SpreadsheetReader {
    /// Whether the archive is a workbook (it has `xl/workbook.xml`).
    static func isWorkbook(_ archive: Archive) -> Bool { archive["xl/workbook.xml"] != nil }

    static func read(_ archive: Archive) throws(WordReader.Failure) -> ImportDocument {
        do { return try readParts(archive) } catch {
            if case .damaged(let why) = error { throw .damagedWorkbook(why) }
            throw error
        }
    }

    private static func readParts(_ archive: Archive) throws(WordReader.Failure) -> ImportDocument {
        guard let workbook = try WordReader.part("xl/workbook.xml", of: archive) else { throw .notWordDocument }
        let sheets = Collector(["sheet"])
        try parse(workbook, "xl/workbook.xml", into: sheets)
        let relations = Collector(["Relationship"])
        if let rels = try WordReader.part("xl/_rels/workbook.xml.rels", of: archive) {
            try parse(rels, "xl/_rels/workbook.xml.rels", into: relations)
        }
        let strings = SharedStrings()
        if let shared = try WordReader.part("xl/sharedStrings.xml", of: archive) {
            try parse(shared, "xl/sharedStrings.xml", into: strings)
        }
        let styles = Styles()
        if let part = try WordReader.part("xl/styles.xml", of: archive) {
            try parse(part, "xl/styles.xml", into: styles)
        }
        var blocks: [ImportDocument.Block] = []
        var number = 0
        for (k, sheet) in sheets.elements.enumerated() {
            let id = WordReader.attribute(sheet, "id") ?? ""
            guard let target = relations.elements.first(where: { $0["Id"] == id })?["Target"] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let data = try WordReader.part(path, of: archive) else { continue }
            let handler = SheetHandler(strings: strings.strings, percent: styles.percentStyles)
            try parse(data, path, into: handler)
            blocks.append(.paragraph(.init(sheet["name"] ?? "Sheet\(k + 1)", at: .paragraph(k + 1))))
            guard !handler.cells.isEmpty else { continue }
            number += 1
            var cells: [ImportDocument.Cell] = []
            for (key, text) in handler.cells.sorted(by: { $0.key < $1.key }) {
                let row = key / 16_384, column = key % 16_384
                let merge = handler.merges.first { $0.row == row && $0.column == column }
                // A cell inside a merged range other than its first holds nothing of its own.
                if handler.merges.contains(where: { $0.covers(row, column) && !($0.row == row && $0.column == column) })
                {
                    continue
                }
                cells.append(
                    .init(
                        row: row, column: column, rowSpan: merge?.rows ?? 1, columnSpan: merge?.columns ?? 1,
                        paragraphs: text.isEmpty ? [] : [text],
                        place: .cell(table: number, row: row + 1, column: column + 1)))
            }
            blocks.append(.table(.init(number: number, cells: cells, place: .cell(table: number, row: 1, column: 1))))
        }
        return ChineseScript.readable(ImportDocument(blocks: blocks, format: Message("import.format.excel")))
    }

    static func parse(_ data: Data, _ name: String, into delegate: XMLReader.Delegate) throws(WordReader.Failure) {
        do { try XMLReader.read([UInt8](data), into: delegate) } catch {
            switch error {
            case .truncated: throw .damaged("\(name) ends before the workbook does (a truncated file)")
            case .malformed(let line, let problem): throw .damaged("\(name) line \(line): \(problem)")
            }
        }
    }

    /// The attributes of every element of the given names.
    final class Collector: XMLReader.Delegate {
        let names: Set<String>
        var elements: [[String: String]] = []
        init(_ names: Set<String>) { self.names = names }
        func start(_ name: String, attributes: [String: String]) {
            if names.contains(local(name)) { elements.append(attributes) }
        }
        func end(_ name: String) {}
        func text(_ text: String) {}
    }

    /// `sharedStrings.xml`: each `si` is its `t` texts joined (runs), phonetic readings left out.
    final class SharedStrings: XMLReader.Delegate {
        var strings: [String] = []
        var current: String?
        var inText = false
        var inPhonetic = false
        func start(_ name: String, attributes: [String: String]) {
            switch local(name) {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }
        func end(_ name: String) {
            switch local(name) {
            case "si":
                strings.append(current ?? "")
                current = nil
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
        func text(_ text: String) { if inText, !inPhonetic { current? += text } }
    }

    /// `styles.xml`: the cell formats (`cellXfs`) whose number format is a percentage.
    final class Styles: XMLReader.Delegate {
        var customPercent: Set<String> = []
        var inCellFormats = false
        var formats: [String] = []
        var percentStyles: Set<Int> {
            Set(
                formats.enumerated().filter { ["9", "10"].contains($0.element) || customPercent.contains($0.element) }
                    .map(\.offset))
        }
        func start(_ name: String, attributes: [String: String]) {
            switch local(name) {
            case "numFmt":
                // A percent format scales the value (0.9727 shown as 97.27%); a "%" in quotes is
                // only a sign written after a number that already counts per cent (98.03"%").
                if let id = attributes["numFmtId"], let code = attributes["formatCode"], scalesToPercent(code) {
                    customPercent.insert(id)
                }
            case "cellXfs": inCellFormats = true
            case "xf": if inCellFormats { formats.append(attributes["numFmtId"] ?? "0") }
            default: break
            }
        }
        func end(_ name: String) { if local(name) == "cellXfs" { inCellFormats = false } }
        func text(_ text: String) {}
    }

    /// A merged range: its first cell and its size.
    struct Merge {
        var row: Int, column: Int, rows: Int, columns: Int
        func covers(_ r: Int, _ c: Int) -> Bool {
            (row..<(row + rows)).contains(r) && (column..<(column + columns)).contains(c)
        }
    }

    /// One worksheet's cells (0-based row, column → text) and merged ranges.
    final class SheetHandler: XMLReader.Delegate {
        let strings: [String]
        let percent: Set<Int>
        /// Text by position, row-major: `row * 16_384 + column` (Excel's widest sheet).
        var cells: [Int: String] = [:]
        var merges: [Merge] = []
        var cell: (row: Int, column: Int, type: String, style: Int)?
        var value = ""
        var inValue = false
        var nextRow = 0
        var nextColumn = 0

        init(strings: [String], percent: Set<Int>) {
            self.strings = strings
            self.percent = percent
        }

        func start(_ name: String, attributes: [String: String]) {
            switch local(name) {
            case "row":
                if let r = attributes["r"].flatMap(Int.init) { nextRow = r - 1 }
                nextColumn = 0
            case "c":
                let position = attributes["r"].flatMap(SpreadsheetReader.position) ?? (nextRow, nextColumn)
                cell = (position.0, position.1, attributes["t"] ?? "n", attributes["s"].flatMap(Int.init) ?? 0)
                nextColumn = position.1 + 1
                value = ""
            case "v", "t": if cell != nil { inValue = true }
            case "mergeCell":
                if let ref = attributes["ref"], let range = SpreadsheetReader.range(ref) { merges.append(range) }
            default: break
            }
        }

        func end(_ name: String) {
            switch local(name) {
            case "v", "t": inValue = false
            case "c":
                guard let c = cell else { return }
                cells[c.row * 16_384 + c.column] = shown(value, type: c.type, style: c.style)
                cell = nil
            case "row": nextRow += 1
            default: break
            }
        }

        func text(_ text: String) { if inValue { value += text } }

        /// The cell's text as the sheet shows it.
        func shown(_ raw: String, type: String, style: Int) -> String {
            switch type {
            case "s": return Int(raw).flatMap { $0 < strings.count ? strings[$0] : nil } ?? ""
            case "b": return raw == "1" ? "TRUE" : "FALSE"
            case "str", "inlineStr", "e": return raw
            default:
                guard let number = Double(raw.trimmingCharacters(in: .whitespaces)) else { return raw }
                if percent.contains(style) { return ECMAScriptNumber.format((number * 10_000).rounded() / 100) + "%" }
                return ECMAScriptNumber.format(number)
            }
        }
    }

    /// "AB12" → (row 11, column 27) 0-based.
    static func position(_ reference: String) -> (Int, Int)? {
        var column = 0
        var digits = ""
        for ch in reference {
            if let a = ch.asciiValue, ch.isLetter {
                column = column * 26 + Int(a & 0xDF) - 64
            } else if ch.isNumber {
                digits.append(ch)
            } else {
                return nil
            }
        }
        guard let row = Int(digits), column > 0, column <= 16_384, row > 0, row <= 1_048_576 else { return nil }
        return (row - 1, column - 1)
    }

    /// "A1:C2" → a merge at (0, 0) of 2 rows and 3 columns.
    static func range(_ reference: String) -> Merge? {
        let parts = reference.split(separator: ":")
        guard parts.count == 2, let a = position(String(parts[0])), let b = position(String(parts[1])), b.0 >= a.0,
            b.1 >= a.1
        else { return nil }
        return Merge(row: a.0, column: a.1, rows: b.0 - a.0 + 1, columns: b.1 - a.1 + 1)
    }
}

/// An element's name without its namespace prefix.
private func local(_ name: String) -> String {
    name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
}

/// Whether a number format shows its value × 100 with a per-cent sign: a `%` outside
/// quotes and escapes (`0.00%`, but not `0.00"%"` or `0.00\%`).
func scalesToPercent(_ code: String) -> Bool {
    var quoted = false
    var escaped = false
    for c in code {
        if escaped {
            escaped = false
            continue
        }
        switch c {
        case "\"": quoted.toggle()
        case "\\": escaped = true
        case "%" where !quoted: return true
        default: break
        }
    }
    return false
}
