/// A report's plain text (UTF-8 extracted from .docx), as lines with their numbers, the
/// narrative paragraphs and the tables in it.
///
/// Tables come in two shapes (domain.md): blocks of TAB-led cell lines separated by blank
/// lines (one block per row), or one row per line with TAB-separated cells.
struct ReportText {
    struct Line {
        /// 1-based line number in the file.
        let number: Int
        /// The line as written.
        let original: String
        /// The line with full-width digits and punctuation made half-width, for matching.
        let text: String
    }

    /// One table row: its cells (normalized, trimmed) and the line where it starts.
    struct Row {
        let line: Int
        let cells: [String]
        /// The cells with empty ones removed.
        var filled: [String] { cells.filter { !$0.isEmpty } }
    }

    let lines: [Line]
    /// Lines outside tables, non-empty.
    let narrative: [Line]
    /// Tables in order, each a list of rows.
    let tables: [[Row]]

    init(_ source: String) {
        let raw = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        lines = raw.enumerated().map { Line(number: $0.offset + 1, original: String($0.element), text: Self.normalize(String($0.element))) }
        var narrative: [Line] = []
        var tables: [[Row]] = []
        var table: [Row] = []
        var blockCells: [String] = []
        var blockStart = 0
        var blankRun = 0

        func endBlock() {
            if !blockCells.isEmpty { table.append(Row(line: blockStart, cells: blockCells)) }
            blockCells = []
        }
        func endTable() {
            endBlock()
            if !table.isEmpty { tables.append(table) }
            table = []
        }
        for line in lines {
            let t = line.text
            if t.hasPrefix("\t") && !t.dropFirst().contains("\t") {
                // A TAB-led cell line: part of the current block (row).
                if blockCells.isEmpty { blockStart = line.number }
                blockCells.append(String(t.dropFirst()).trimmed)
                blankRun = 0
            } else if t.contains("\t") && t.split(separator: "\t", omittingEmptySubsequences: true).count >= 2 || (t.contains("\t") && !t.hasPrefix("\t") && t.hasSuffix("\t")) {
                // One row per line, TAB-separated.
                endBlock()
                table.append(Row(line: line.number, cells: t.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmed }))
                blankRun = 0
            } else if t.trimmed.isEmpty {
                endBlock()
                blankRun += 1
                if blankRun >= 3 { endTable() }
            } else {
                // A line that continues a cell (a cell with a line break) inside a block.
                if !blockCells.isEmpty && !t.contains("。") && t.count < 40 {
                    blockCells[blockCells.count - 1] += t.trimmed
                    continue
                }
                endTable()
                blankRun = 0
                narrative.append(line)
            }
        }
        endTable()
        self.narrative = narrative
        self.tables = tables
    }

    /// Full-width digits, letters and the punctuation numbers use become half-width;
    /// non-breaking and ideographic spaces become spaces.
    static func normalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0xFF05: out.append("%")
            case 0xFF0E: out.append(".")
            case 0xFF0B: out.append("+")
            case 0xFF0D: out.append("-")
            case 0x00A0, 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}

import Foundation
