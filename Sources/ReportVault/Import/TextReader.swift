import Foundation

/// Reads the extracted-text form of a report into an ``ImportDocument``.
///
/// Tables in such text come in several shapes, all handled here:
/// - blocks of TAB-led cell lines, a blank line between rows; a line without a TAB right
///   after a cell continues that cell (a line break inside it);
/// - one row per line, cells separated by TABs;
/// - one row per line, cells joined by `|` (web pages, PDF extractions, Markdown);
/// - one cell per line between blank lines, the row width given by the header's cells
///   (`isHeaderCell` says which short lines are header words; such a table's rows are
///   marked as not known, for the mapping to find).
public enum TextReader {
    /// Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.
    /// Returns the text and the name of the encoding used; nil when none fits.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, "UTF-8 with BOM") }
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard bytes.count % 2 == 0 else { return nil }
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(
                    little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
                )
                i += 2
            }
            var text = ""
            var iterator = units.makeIterator()
            var decoder = UTF16()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let s): text.unicodeScalars.append(s)
                case .emptyInput: break loop
                case .error: return nil
                }
            }
            return (text, little ? "UTF-16 LE" : "UTF-16 BE")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        // kCFStringEncodingGB_18030_2000, bridged: GB18030 is a superset of GBK and GB2312.
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        if let text = String(data: Data(bytes), encoding: gb18030), !text.isEmpty {
            return (text, "GB18030")
        }
        return nil
    }

    /// Splits `text` into paragraphs and tables; `format` is recorded in the document.
    public static func read(
        _ text: String, format: Message, isHeaderCell: @escaping (String) -> Bool = { _ in false }
    ) -> ImportDocument {
        var parser = Parser(isHeaderCell: isHeaderCell)
        let lines = ChineseScript.readable(text).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\r", with: "\n"
        )
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        parser.run(Self.joiningPipeStreams(lines))
        return ImportDocument(blocks: parser.blocks, format: format)
    }

    // MARK: - Web-page text

    /// A table as a browser copies a web page's: each cell on a line of its own with a line
    /// holding only `|` between cells (two such lines around an empty cell), and a line of
    /// several pipes (`| |`, `| | | |`) ending each row. Such runs become one `a | b | c` line
    /// per row, which the pipe-row reading takes; the line numbers of the others are kept by
    /// leaving ``folded`` in place of the lines folded into a row (not a blank line: blank
    /// lines end a table).
    static func joiningPipeStreams(_ lines: [String]) -> [String] {
        func isBar(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces) == "|" }
        func isRowEnd(_ line: String) -> Bool {
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.count >= 3 && t.allSatisfy { $0 == "|" || $0 == " " } && t.filter { $0 == "|" }.count >= 2
        }
        // Each cell on a line of its own ending in `|` ("人员编制 |", "91 |"), a line of bars ending the row.
        func isCellLine(_ line: String) -> Bool {
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.count >= 3 && t.hasSuffix(" |") && t.filter { $0 == "|" }.count == 1
        }
        var lines = lines
        if lines.filter(isRowEnd).count >= 2, lines.filter(isCellLine).count >= 4 {
            var i = 0
            while i < lines.count {
                var j = i
                while j < lines.count, isCellLine(lines[j]) { j += 1 }
                if j - i >= 2, j < lines.count, isRowEnd(lines[j]) {
                    lines[i] = lines[i..<j].map {
                        $0.trimmingCharacters(in: .whitespaces).dropLast().trimmingCharacters(in: .whitespaces)
                    }.joined(separator: " | ")
                    for k in (i + 1)...j { lines[k] = folded }
                    i = j + 1
                } else {
                    i = max(j, i + 1)
                }
            }
        }
        // Only where the form is there: several lone `|` lines and a row end.
        guard lines.filter(isBar).count >= 4, lines.contains(where: isRowEnd) else { return lines }
        var out = lines
        var i = 0
        while i < lines.count {
            // A run: content, |, content, … up to a row end.
            guard !isBar(lines[i]), !isRowEnd(lines[i]), !lines[i].trimmingCharacters(in: .whitespaces).isEmpty,
                i + 1 < lines.count, isBar(lines[i + 1]) || isRowEnd(lines[i + 1])
            else {
                i += 1
                continue
            }
            var cells: [String] = []
            var expectingCell = true
            var j = i
            var ended = false
            while j < lines.count {
                let line = lines[j]
                let t = line.trimmingCharacters(in: .whitespaces)
                if isRowEnd(line) {
                    ended = true
                    j += 1
                    break
                }
                if isBar(line) {
                    // A bar where a cell was due: the cell between two bars is empty.
                    if expectingCell, !cells.isEmpty { cells.append("") }
                    expectingCell = true
                } else if t.isEmpty || t.count > 80 {
                    break
                } else if expectingCell {
                    cells.append(t)
                    expectingCell = false
                } else {
                    // No bar before it: the cell above wrapped onto this line.
                    cells[cells.count - 1] += t
                }
                j += 1
            }
            guard ended || cells.count >= 3 else {
                i += 1
                continue
            }
            out[i] = cells.joined(separator: " | ")
            for k in (i + 1)..<j { out[k] = folded }
            i = j
        }
        return out
    }

    /// What stands in place of a line folded into the row above it.
    static let folded = "\u{1}"

    // MARK: - Parsing

    /// A row being collected: its cells with the line each starts on.
    struct PendingRow {
        var line: Int
        var cells: [(text: String, line: Int)] = []
        /// A `|` row whose line ended in `|` (unframed).
        var endsInBar = false
        /// A `|` row padded with a run of bars (its trailing empty cells say nothing).
        var padded = false
    }

    struct Parser {
        let isHeaderCell: (String) -> Bool
        var blocks: [ImportDocument.Block] = []
        var rows: [PendingRow] = []
        var block: PendingRow?
        var blankRun = 0
        var tableCount = 0
        /// Whether the `|` rows of the current table start and end with a `|` (Markdown):
        /// then those are frames; otherwise a leading or trailing `|` is an empty cell.
        var pipesFramed: Bool?

        init(isHeaderCell: @escaping (String) -> Bool) { self.isHeaderCell = isHeaderCell }

        mutating func run(_ lines: [String]) {
            var i = 0
            while i < lines.count {
                let number = i + 1
                let raw = lines[i]
                let t = raw.trimmingCharacters(in: .whitespaces)
                if raw == TextReader.folded {
                    i += 1
                    continue
                }
                if raw.hasPrefix("\t") && !raw.dropFirst().contains("\t") {
                    // A TAB-led cell line: one cell of the current block (row).
                    if block == nil { block = PendingRow(line: number) }
                    block!.cells.append((clean(String(raw.dropFirst())), number))
                    blankRun = 0
                } else if raw.contains("\t"),
                    raw.split(separator: "\t").filter({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }).count >= 2
                        || (!raw.hasPrefix("\t") && raw.hasSuffix("\t"))
                {
                    endBlock()
                    let cells = raw.split(separator: "\t", omittingEmptySubsequences: false).map {
                        (clean(String($0)), number)
                    }
                    rows.append(PendingRow(line: number, cells: cells))
                    blankRun = 0
                } else if let cells = Self.pipeCells(t, framed: pipesFramed ?? t.hasPrefix("|")) {
                    endBlock()
                    if rows.isEmpty || pipesFramed == nil { pipesFramed = t.hasPrefix("|") }
                    if !cells.allSatisfy(Self.isRule) {
                        rows.append(
                            PendingRow(
                                line: number, cells: cells.map { ($0, number) },
                                endsInBar: pipesFramed == false && t.hasSuffix("|"),
                                padded: pipesFramed == false && t.contains(/\|\|\s*$/)))
                    }
                    blankRun = 0
                } else if t.isEmpty {
                    endBlock()
                    blankRun += 1
                    if blankRun >= 3 { endTable() }
                } else if block == nil, !rows.isEmpty, let end = leadingCell(lines, from: i) {
                    // A cell spanning rows, written once on lines of its own ("产出指标", "(50分)")
                    // before the TAB-led cells of its first row (Word's plain-text save): that row's first cell.
                    block = PendingRow(line: number, cells: [(lines[i..<end].map { clean($0) }.joined(), number)])
                    blankRun = 0
                    i = end
                    continue
                } else if block != nil, !t.contains("。"), t.count < 40, !Self.isHeading(t) {
                    // A line that continues the cell above (a line break inside the cell).
                    block!.cells[block!.cells.count - 1].text += clean(t)
                } else if let end = labelValueTable(lines, from: i) {
                    i = end
                    continue
                } else if let end = streamTable(lines, from: i) {
                    i = end
                    continue
                } else {
                    endTable()
                    blankRun = 0
                    if case .paragraph(let last)? = blocks.last, last.place == .line(number - 1),
                        Self.wraps(last.text, into: t)
                    {
                        // A sentence a PDF's text wrapped onto the next line ("…项目支出" / "1312.78万元，…").
                        // Within a sentence the pieces join as written; rows of a flattened table keep a space.
                        let tabular = looksTabular(last.text) || looksTabular(t)
                        let space = !tabular && last.text.last.map(Self.isHan) == true ? "" : " "
                        blocks[blocks.count - 1] = .paragraph(.init(last.text + space + t, at: last.place))
                    } else {
                        blocks.append(.paragraph(.init(raw, at: .line(number))))
                    }
                }
                i += 1
            }
            endTable()
        }

        /// The end of a run of short lines without a TAB (at most three, none a heading or a
        /// sentence) followed at once by a TAB-led cell line; nil when `start` begins none.
        func leadingCell(_ lines: [String], from start: Int) -> Int? {
            var j = start
            while j < lines.count, j - start < 3 {
                let t = clean(lines[j])
                guard !t.isEmpty, !lines[j].contains("\t"), t.count <= 12, !t.contains("。"), !Self.isHeading(t) else {
                    break
                }
                j += 1
            }
            return j > start && j < lines.count && lines[j].hasPrefix("\t") ? j : nil
        }

        mutating func endBlock() {
            if let block, !block.cells.isEmpty { rows.append(block) }
            block = nil
        }

        mutating func endTable(rowsKnown: Bool = true) {
            endBlock()
            guard !rows.isEmpty else { return }
            tableCount += 1
            var cells: [ImportDocument.Cell] = []
            for (r, row) in rows.enumerated() {
                for (c, cell) in row.cells.enumerated() {
                    cells.append(
                        .init(
                            row: r, column: c, paragraphs: cell.text.isEmpty ? [] : [cell.text], place: .line(cell.line)
                        ))
                }
            }
            var table = ImportDocument.Table(number: tableCount, cells: cells, place: .line(rows[0].line))
            table.rowsKnown = rowsKnown
            let wide = rows.filter { $0.cells.count >= 2 }
            table.rowsEndInBar = wide.count >= 3 && wide.filter(\.endsInBar).count * 10 >= wide.count * 9
            table.rowsPadded = table.rowsEndInBar && rows.contains(where: \.padded)
            blocks.append(.table(table))
            rows = []
            pipesFramed = nil
        }

        /// One cell per line between blank lines: recognised by a run of at least three header
        /// cells, each a short line followed by one blank line. Returns the index after the table.
        mutating func streamTable(_ lines: [String], from start: Int) -> Int? {
            var header: [(String, Int)] = []
            var i = start
            // The first caption may name the row-name column (项目, 资金来源) rather than a field.
            let first = clean(lines[start])
            if !isHeaderCell(first), first.count <= 8, start + 2 < lines.count,
                lines[start + 1].trimmingCharacters(in: .whitespaces).isEmpty, isHeaderCell(clean(lines[start + 2]))
            {
                header.append((first, start + 1))
                i = start + 2
            }
            while i < lines.count {
                let t = clean(lines[i])
                guard !t.isEmpty, t.count <= 30, isHeaderCell(t) else { break }
                header.append((t, i + 1))
                guard i + 1 < lines.count, lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty else {
                    i += 1; break
                }
                i += 2
            }
            guard header.filter({ isHeaderCell($0.0) }).count >= 3 else { return nil }
            endTable()
            // The cells after the header, until a long line, a note or three blank lines.
            var stream: [(String, Int)] = []
            var blanks = 0
            while i < lines.count {
                let t = clean(lines[i])
                if t.isEmpty {
                    blanks += 1
                    if blanks >= 4 { break }
                    i += 1
                    continue
                }
                if t.count > 80 || t.hasPrefix("说明") || t.hasPrefix("附件") || Self.isHeading(t) { break }
                if blanks == 0, !stream.isEmpty {
                    // No blank line before it: the cell above wrapped onto this line.
                    stream[stream.count - 1].0 += t
                    i += 1
                    continue
                }
                // Each blank line beyond the separator stands for an empty cell pair.
                if blanks >= 3 { stream.append(("", i)) }
                blanks = 0
                stream.append((t, i + 1))
                i += 1
            }
            rows = [PendingRow(line: header[0].1, cells: header)]
            var k = 0
            while k < stream.count {
                let chunk = Array(stream[k..<min(k + header.count, stream.count)])
                rows.append(PendingRow(line: chunk[0].1, cells: chunk))
                k += header.count
            }
            endTable(rowsKnown: false)
            return i
        }

        /// Labels and their values on alternating lines, a blank line between each (a web page's
        /// label/value table: "人员编制", "", "18", "", "实有人数", "", "16"): recognised by three
        /// pairs or more, two of them or more with a number for a value; each pair becomes a row
        /// of two cells. Returns the index after the last pair.
        mutating func labelValueTable(_ lines: [String], from start: Int) -> Int? {
            func isLabel(_ t: String) -> Bool {
                (2...10).contains(t.count) && !t.contains { $0.isASCII && $0.isNumber } && !t.contains("。")
                    && !t.contains("|") && !Self.isHeading(t)
            }
            var pairs: [PendingRow] = []
            var i = start
            while i + 2 < lines.count {
                let label = clean(lines[i]), value = clean(lines[i + 2])
                guard isLabel(label), clean(lines[i + 1]).isEmpty, !value.isEmpty, value.count <= 24,
                    !value.contains("。"), !value.contains("|"),
                    !lines[i].contains("\t"), !lines[i + 2].contains("\t"), !Self.isHeading(value)
                else { break }
                pairs.append(PendingRow(line: i + 1, cells: [(label, i + 1), (value, i + 3)]))
                i += 3
                // The blank line after the value, unless the run ends here.
                guard i < lines.count, clean(lines[i]).isEmpty else { break }
                i += 1
            }
            let numeric = pairs.filter { $0.cells[1].text.wholeMatch(of: /[0-9]+(\.[0-9]+)?\s*[人名个]?/) != nil }
            guard pairs.count >= 3, numeric.count >= 2 else { return nil }
            endTable()
            rows = pairs
            endTable()
            return i
        }

        func clean(_ s: String) -> String {
            s.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}")))
        }

        /// Whether `next` continues the paragraph `line` (text of a PDF, wrapped at the page's
        /// width): `line` is a full line of prose (it has a comma or a full stop) that stops
        /// mid-sentence (on a character, a digit, a comma), and `next` starts no heading, list
        /// item or attachment of its own.
        /// A title ("…自评报告", "…情况") or a labelled line ("评价方式：…") is whole.
        static func wraps(_ line: String, into next: String) -> Bool {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard line.count >= 20, let end = line.last, isHan(end) || end.isNumber || end == "，" || end == "、",
                !next.isEmpty,
                line.contains(where: { "，。；,;".contains($0) })
            else { return false }
            if line.wholeMatch(of: /.*(报告|表|情况|说明|目录|概况|年度)/) != nil || isLabelled(line) || isLabelled(next) {
                return false
            }
            return !isHeading(next)
                && next.prefixMatch(of: /[0-9]+[、.．](?![0-9])|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|附|第|[-—]/) == nil
        }

        /// "label：value" — a label of a few words before a colon, no sentence before it.
        static func isLabelled(_ line: String) -> Bool {
            line.prefixMatch(of: /[^，。；：:]{1,14}[：:]/) != nil
        }

        /// A line with cells of a flattened table: two numbers side by side, or two header words.
        func looksTabular(_ line: String) -> Bool {
            if line.contains(/[0-9]%?\s+[0-9]/) { return true }
            return line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).filter { isHeaderCell(String($0)) }
                .count >= 2
        }

        static func isHan(_ c: Character) -> Bool {
            c.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
                ?? false
        }

        /// A numbered section heading ("二、部门整体支出绩效情况", "（三）…"): it ends a table,
        /// it never continues a cell.
        static func isHeading(_ t: String) -> Bool {
            t.wholeMatch(of: /[一二三四五六七八九十]{1,3}\s*[、.．].*|[（(][一二三四五六七八九十]{1,3}[)）].*/) != nil
        }

        /// The cells of a `|`-joined row, or nil when the line is not one.
        static func pipeCells(_ t: String, framed: Bool) -> [String]? {
            guard t.contains("|") else { return nil }
            var body = Substring(t)
            // A run of bars with no space between them ends a row a page padded to its grid's
            // width ("102.59% | ||||||||"): no cells of the table, only the row's end.
            if !framed, let run = body.firstMatch(of: /\|{2,}\s*$/), run.range.lowerBound > body.startIndex {
                body = body[..<run.range.lowerBound] + "|"
            }
            if framed, body.hasPrefix("|") { body = body.dropFirst() }
            if framed, body.hasSuffix("|") { body = body.dropLast() }
            let cells = body.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}")))
            }
            return cells.count >= 2 ? cells : nil
        }

        /// A Markdown rule cell (`---`, `:--:`).
        static func isRule(_ cell: String) -> Bool {
            !cell.isEmpty && cell.allSatisfy { $0 == "-" || $0 == ":" }
        }
    }
}
