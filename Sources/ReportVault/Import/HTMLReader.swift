/// Reads a saved web page of a published report into the document model: the text of block
/// elements as paragraphs, each `<table>` as a table whose cells take their places from
/// `rowspan` and `colspan` (as a browser lays them out), `<br>` as a line break inside a cell,
/// entities (`&nbsp;`, `&#20013;`) decoded, scripts, styles and comments left out. Lenient as
/// browsers are: unclosed cells, rows and paragraphs end where the next one starts.
enum HTMLReader {
    /// Whether decoded text is a web page: it starts with a tag and names `<html`, `<body` or `<table`.
    static func isHTML(_ text: String) -> Bool {
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard start.first == "<" else { return false }
        let head = start.prefix(4096).lowercased()
        return head.contains("<html") || head.contains("<body") || head.contains("<table")
            || head.hasPrefix("<!doctype html")
    }

    static func read(_ text: String) -> ImportDocument {
        var parser = Parser()
        parser.run(Array(ChineseScript.readable(text).unicodeScalars))
        return ImportDocument(blocks: parser.finish(), format: Message("import.format.html"))
    }

    struct Table {
        var number: Int
        var cells: [ImportDocument.Cell] = []
        var row = -1
        var occupied: Set<Int> = []  // row * 4096 + column
        var cell: (row: Int, column: Int, rowSpan: Int, columnSpan: Int, lines: [String])?
    }

    struct Parser {
        var blocks: [ImportDocument.Block] = []
        var paragraph = ""
        var paragraphs = 0
        var tables: [Table] = []
        var tableCount = 0

        static let blockTags: Set<String> = [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title", "center", "blockquote",
            "pre",
        ]

        mutating func run(_ s: [Unicode.Scalar]) {
            var i = 0
            var text = String.UnicodeScalarView()
            while i < s.count {
                if s[i] == "<" {
                    addText(String(text))
                    text = String.UnicodeScalarView()
                    // A comment, a declaration or a tag.
                    if i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                        i = Self.find(s, "-->", from: i + 4).map { $0 + 3 } ?? s.count
                        continue
                    }
                    guard let close = Self.find(s, ">", from: i + 1) else { break }
                    let inside = String(String.UnicodeScalarView(s[(i + 1)..<close]))
                    i = close + 1
                    let (name, closing, attributes) = Self.tag(inside)
                    if !closing, name == "script" || name == "style" {
                        i =
                            Self.find(s, "</" + name, from: i, caseInsensitive: true).flatMap {
                                Self.find(s, ">", from: $0)
                            }.map { $0 + 1 } ?? s.count
                        continue
                    }
                    handle(name, closing: closing, attributes: attributes)
                } else {
                    text.append(s[i])
                    i += 1
                }
            }
            addText(String(text))
        }

        /// The first index of `needle` in `s` at or after `from`.
        static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int, caseInsensitive: Bool = false) -> Int? {
            let n = Array(needle.unicodeScalars)
            guard !n.isEmpty, from <= s.count - n.count else { return nil }
            var i = from
            while i <= s.count - n.count {
                var k = 0
                while k < n.count,
                    caseInsensitive
                        ? s[i + k].properties.lowercaseMapping == n[k].properties.lowercaseMapping : s[i + k] == n[k]
                { k += 1 }
                if k == n.count { return i }
                i += 1
            }
            return nil
        }

        /// A tag's name (lower case), whether it closes, and its attributes (names lower case).
        static func tag(_ inside: String) -> (String, Bool, [String: String]) {
            var body = Substring(inside)
            let closing = body.hasPrefix("/")
            if closing { body = body.dropFirst() }
            let name = String(body.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }).lowercased()
            var attributes: [String: String] = [:]
            var rest = body.dropFirst(name.count)
            while let start = rest.firstIndex(where: { $0.isLetter }) {
                rest = rest[start...]
                let key = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }).lowercased()
                rest = rest.dropFirst(key.count).drop { $0.isWhitespace }
                guard rest.first == "=" else { attributes[key] = ""; continue }
                rest = rest.dropFirst().drop { $0.isWhitespace }
                var value: Substring
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest = rest.dropFirst()
                    value = rest.prefix { $0 != quote }
                    rest = rest.dropFirst(value.count + 1)
                } else {
                    value = rest.prefix { !$0.isWhitespace && $0 != ">" }
                    rest = rest.dropFirst(value.count)
                }
                attributes[key] = String(value)
            }
            return (name, closing, attributes)
        }

        mutating func handle(_ name: String, closing: Bool, attributes: [String: String]) {
            switch name {
            case "table":
                if closing {
                    endTable()
                } else {
                    flushParagraph()
                    tableCount += 1
                    tables.append(Table(number: tableCount))
                }
            case "tr" where !tables.isEmpty:
                endCell()
                if !closing { tables[tables.count - 1].row += 1 }
            case "td", "th":
                guard !tables.isEmpty else { return }
                endCell()
                guard !closing else { return }
                if tables[tables.count - 1].row < 0 { tables[tables.count - 1].row = 0 }
                var t = tables[tables.count - 1]
                var column = 0
                while t.occupied.contains(t.row * 4096 + column) { column += 1 }
                let rowSpan = max(1, min(attributes["rowspan"].flatMap { Int($0) } ?? 1, 1000))
                let columnSpan = max(1, min(attributes["colspan"].flatMap { Int($0) } ?? 1, 1000))
                for r in t.row..<(t.row + rowSpan) {
                    for c in column..<(column + columnSpan) { t.occupied.insert(r * 4096 + c) }
                }
                t.cell = (t.row, column, rowSpan, columnSpan, [""])
                tables[tables.count - 1] = t
            case "br":
                if let cell = tables.last?.cell, !cell.lines.isEmpty {
                    tables[tables.count - 1].cell!.lines.append("")
                } else {
                    flushParagraph()
                }
            default:
                if Self.blockTags.contains(name) {
                    if tables.last?.cell != nil {
                        if !closing { tables[tables.count - 1].cell!.lines.append("") }
                    } else {
                        flushParagraph()
                    }
                }
            }
        }

        mutating func addText(_ raw: String) {
            let text = Self.decoded(raw)
            guard !text.isEmpty else { return }
            if tables.last?.cell != nil {
                let lines = tables[tables.count - 1].cell!.lines
                tables[tables.count - 1].cell!.lines[lines.count - 1] += text
            } else if tables.isEmpty {
                paragraph += text
            }
        }

        mutating func flushParagraph() {
            let text = paragraph.trimmingCharacters(in: .whitespaces)
            paragraph = ""
            guard !text.isEmpty else { return }
            paragraphs += 1
            blocks.append(.paragraph(.init(text, at: .paragraph(paragraphs))))
        }

        mutating func endCell() {
            guard let cell = tables.last?.cell else { return }
            let t = tables.count - 1
            let lines = cell.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            tables[t].cells.append(
                .init(
                    row: cell.row, column: cell.column, rowSpan: cell.rowSpan, columnSpan: cell.columnSpan,
                    paragraphs: lines,
                    place: .cell(table: tables[t].number, row: cell.row + 1, column: cell.column + 1)))
            tables[t].cell = nil
        }

        mutating func endTable() {
            guard !tables.isEmpty else { return }
            endCell()
            let table = tables.removeLast()
            guard !table.cells.isEmpty else { return }
            var built = ImportDocument.Table(
                number: table.number, cells: table.cells, place: .cell(table: table.number, row: 1, column: 1))
            built.rowsKnown = true
            blocks.append(.table(built))
        }

        mutating func finish() -> [ImportDocument.Block] {
            while !tables.isEmpty { endTable() }
            flushParagraph()
            return blocks
        }

        /// Text with entities decoded and runs of white space made one space.
        static func decoded(_ raw: String) -> String {
            var out = ""
            var space = false
            var chars = raw[...]
            while let c = chars.first {
                chars = chars.dropFirst()
                var ch = c
                if c == "&", let semi = chars.prefix(10).firstIndex(of: ";") {
                    let entity = String(chars[..<semi])
                    if let decoded = Self.entity(entity) {
                        ch = decoded
                        chars = chars[chars.index(after: semi)...]
                    }
                }
                if ch.isWhitespace && ch != "\u{3000}" && ch != "\u{00A0}" {
                    space = true
                    continue
                }
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(ch == "\u{00A0}" ? " " : ch)
            }
            if space, !out.isEmpty { out.append(" ") }
            return out
        }

        static func entity(_ name: String) -> Character? {
            switch name {
            case "nbsp": return "\u{00A0}"
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            case "ensp", "emsp", "thinsp": return " "
            case "mdash": return "—"
            case "ndash": return "–"
            case "middot": return "·"
            case "ldquo": return "“"
            case "rdquo": return "”"
            default:
                guard name.hasPrefix("#") else { return nil }
                let digits = name.dropFirst()
                let value =
                    digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                return value.flatMap(Unicode.Scalar.init).map(Character.init)
            }
        }
    }
}
