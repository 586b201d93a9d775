import Foundation

/// Tables that reach us flattened into running text — the text of a PDF, or of a page that
/// shows one: no TABs, no `|`, the cells of a row separated by spaces, rows run together,
/// blank cells simply gone, a value wrapped onto the next line ("95." then "35%").
///
/// Such text becomes a table of the document again, so that the mapping reads it like any
/// other, with all its checks. Only what can be placed for certain is placed:
/// - a table starts at a run of header words of one column group (年初预算数 全年预算数 …;
///   一级指标 二级指标 三级指标 分值 得分; 编制数 实际在职人数 控制率; 2017年决算数 …; 合计 …
///   拨款 …), and ends at a section heading, an attachment, a sentence or another table;
/// - a row is a name followed by its numbers; names without numbers before it are rows of
///   their own whose cells vanished (其中：公车购置 公车运行维护 12.4 13 11.36);
/// - a row with fewer numbers than columns is placed only when exactly one placement keeps
///   the family's arithmetic (a percentage only under a rate, 执行率 = 执行数 / 预算数, 得分 ≤
///   分值 ≤ 100); otherwise it keeps its name and loses its numbers, with a note;
/// - an indicator row ends with its 分值 and 得分; the words before them are, from the end, the
///   values, the name, the second level and the first level with its points ("产出指标
///   （50分）"); the indicators are kept only when their weights add up to the points of their
///   first level and to the table's total.
extension ReportImporter {
    /// One word of the running text, with the paragraph it stands in.
    struct FlatToken {
        var text: String
        var block: Int
        var range: Range<String.Index>
        /// Where the word ends: in another paragraph when it was joined across lines ("95." / "35%").
        var endBlock: Int
        var end: String.Index

        init(text: String, block: Int, range: Range<String.Index>) {
            self.text = text
            self.block = block
            self.range = range
            endBlock = block
            end = range.upperBound
        }
    }

    enum FlatKind: String, CaseIterable {
        case funds, indicators, staffing, baseRows, accounts
    }

    /// `document` with the flattened tables among its paragraphs made tables.
    ///
    /// A table read one cell per line without knowing where its rows end (``ImportDocument/Table/rowsKnown``)
    /// is read the same way, its cells taken as the words: a row's name and numbers say where
    /// it ends better than the header's width, when blank cells were dropped.
    static func readingFlatTables(
        _ document: ImportDocument, vocabulary: ImportVocabulary
    ) -> (document: ImportDocument, notes: [Message]) {
        // Tables of unknown rows become their cells, in order, each a paragraph — and come back
        // as they were when no flattened table is found in them.
        var blocks: [ImportDocument.Block] = []
        var origin: [Int?] = []
        for (b, block) in document.blocks.enumerated() {
            guard case .table(let table) = block, !table.rowsKnown else {
                blocks.append(block)
                origin.append(nil)
                continue
            }
            for cell in table.cells.filter({ !$0.text.trimmed.isEmpty }).sorted(by: {
                ($0.row, $0.column) < ($1.row, $1.column)
            }) {
                blocks.append(.paragraph(.init(cell.text, at: cell.place)))
                origin.append(b)
            }
        }
        var reader = FlatReader(vocabulary: vocabulary, blocks: blocks)
        reader.cellBlocks = Set(origin.indices.filter { origin[$0] != nil })
        reader.run()
        var used: Set<Int> = []
        for table in reader.tables {
            for b in reader.tokens[table.first].block...reader.tokens[table.last].endBlock {
                if let o = origin[b] { used.insert(o) }
            }
        }
        if reader.tables.isEmpty && origin.allSatisfy({ $0 == nil }) { return (document, reader.notes) }
        var out: [ImportDocument.Block] = []
        var restored: Set<Int> = []
        for (b, block) in reader.rebuilt(keeping: { b in origin[b].map { !used.contains($0) } ?? false }) {
            if let o = b.flatMap({ origin[$0] }), !used.contains(o) {
                if restored.insert(o).inserted { out.append(document.blocks[o]) }
            } else {
                out.append(block)
            }
        }
        return (ImportDocument(blocks: out, format: document.format), reader.notes)
    }

    struct FlatReader {
        let vocabulary: ImportVocabulary
        let blocks: [ImportDocument.Block]
        var tokens: [FlatToken] = []
        /// Tables found: their first and last token (inclusive) and their rows of tokens.
        var tables: [(first: Int, last: Int, rows: [[FlatToken?]])] = []
        var notes: [Message] = []

        init(vocabulary: ImportVocabulary, blocks: [ImportDocument.Block]) {
            self.vocabulary = vocabulary
            self.blocks = blocks
        }

        // MARK: Words

        static let pageNumber = TextPattern(
            "^\\s*(?:[-—－]\\s*[0-9]+\\s*[-—－]|第\\s*[0-9]+\\s*页\\s*共\\s*[0-9]+\\s*页|[0-9]{1,3})\\s*$")
        static let pageMark = TextPattern("^\\s*(?:[-—－]\\s*[0-9]+\\s*[-—－]|第\\s*[0-9]+\\s*页\\s*共\\s*[0-9]+\\s*页)\\s*$")
        /// The blocks that are a table's cells (a number alone is a cell, not a page number).
        var cellBlocks: Set<Int> = []
        static let points = TextPattern("^[（(][0-9]+(?:\\.[0-9]+)?分[）)]$")

        mutating func tokenize() {
            for (b, block) in blocks.enumerated() {
                guard case .paragraph(let p) = block,
                    (cellBlocks.contains(b) ? Self.pageMark : Self.pageNumber).firstMatch(in: p.text) == nil
                else { continue }
                var start: String.Index?
                var i = p.text.startIndex
                while i <= p.text.endIndex {
                    let isSpace = i == p.text.endIndex || p.text[i].isWhitespace || p.text[i] == "\u{3000}"
                    if isSpace, let s = start {
                        tokens.append(FlatToken(text: String(p.text[s..<i]), block: b, range: s..<i))
                        start = nil
                    } else if !isSpace, start == nil {
                        start = i
                    }
                    if i == p.text.endIndex { break }
                    i = p.text.index(after: i)
                }
            }
            // A value wrapped onto the next line: "95." then "35%"; a year apart from its word: "2023" then "年实际在职人数".
            var k = 0
            while k + 1 < tokens.count {
                if tokens[k].text.wholeMatch(of: /[0-9]+\./) != nil
                    && tokens[k + 1].text.wholeMatch(of: /[0-9]+%?/) != nil
                    || tokens[k].text.wholeMatch(of: /[12][09][0-9]{2}/) != nil && tokens[k + 1].text.hasPrefix("年")
                        && tokens[k + 1].block == tokens[k].block
                {
                    tokens[k].text += tokens[k + 1].text
                    tokens[k].endBlock = tokens[k + 1].endBlock
                    tokens[k].end = tokens[k + 1].end
                    tokens.remove(at: k + 1)
                }
                k += 1
            }
        }

        func isNumber(_ t: FlatToken) -> Bool { ReportImporter.number(in: t.text) != nil }

        /// A dash or a slash alone: a cell that has nothing, in its place among the numbers.
        func isDash(_ t: FlatToken) -> Bool { ["—", "——", "-", "－", "/", "／", "–"].contains(t.text) }

        func value(_ t: FlatToken) -> Double? {
            ReportImporter.number(in: t.text).flatMap { ImportBuilder.parseNumber($0) }
        }

        /// The field of `kind` a word names, if it is a header word of that kind.
        func field(_ t: FlatToken, _ kind: FlatKind) -> String? {
            guard !isNumber(t), t.text.count <= 16 else { return nil }
            switch kind {
            case .accounts:
                if vocabulary.isLabel(t.text, "accountsTotal") { return "total" }
                if vocabulary.isLabel(t.text, "accountsGrant") { return "generalBudgetGrant" }
                if vocabulary.isLabel(t.text, "accountsBasic") { return "basic" }
                if vocabulary.isLabel(t.text, "accountsProject") { return "project" }
                return nil
            default:
                guard let group = vocabulary.groups[kind.rawValue] else { return nil }
                return vocabulary.field(of: t.text, in: group)
            }
        }

        /// A word that ends a block of rows: a sentence, or what ends a table.
        func ends(_ t: FlatToken) -> Bool { t.text.contains("。") || endsTable(t) }

        /// A word that ends a table: a section heading, an attachment.
        func endsTable(_ t: FlatToken) -> Bool {
            t.text.hasPrefix("附件") || t.text.hasPrefix("附表") || ReportImporter.isSectionStart(t.text)
        }

        /// The header starting at `i`: its kind, its columns and the index after it.
        func header(at i: Int) -> (kind: FlatKind, fields: [String], captions: [FlatToken], end: Int)? {
            for kind in FlatKind.allCases {
                guard let first = field(tokens[i], kind) else { continue }
                var fields = [first]
                var captions = [tokens[i]]
                var j = i + 1
                while j < tokens.count, !isNumber(tokens[j]) {
                    // Columns may repeat a field where the year tells them apart (2017年决算数, 2018年决算数).
                    if let f = field(tokens[j], kind),
                        !fields.contains(f) || kind == .baseRows || kind == .accounts && f != "total"
                    {
                        fields.append(f)
                        captions.append(tokens[j])
                    } else if kind == .accounts, fields.count >= 2, j + 1 < tokens.count, !isNumber(tokens[j + 1]),
                        tokens[j].text.count <= 10, field(tokens[j], kind) == nil
                    {
                        // Another source of income (其他收入, 政府性基金拨款): a column of its own.
                        fields.append("row")
                        captions.append(tokens[j])
                    } else {
                        break
                    }
                    j += 1
                }
                let needed = kind == .funds || kind == .indicators ? 3 : 2
                guard Set(fields).count >= needed, j < tokens.count else { continue }
                if kind == .accounts, !fields.contains("basic") && !fields.contains("generalBudgetGrant") { continue }
                // A header is followed by its first row: a name and numbers, or numbers at once.
                guard isNumber(tokens[j]) || (j + 1 < tokens.count && (isNumber(tokens[j + 1]) || kind == .indicators))
                else { continue }
                return (kind, fields, captions, j)
            }
            return nil
        }

        // MARK: Reading

        mutating func run() {
            tokenize()
            var i = 0
            var current: (first: Int, last: Int, rows: [[FlatToken?]])?
            // A sentence between two blocks of rows ends the table: its words stay running text.
            var sentenceSince = false
            var lastFundWeight: Double?
            while i < tokens.count {
                guard let h = header(at: i) else {
                    if endsTable(tokens[i]), let table = current {
                        tables.append(table)
                        current = nil
                    }
                    if tokens[i].text.contains("。") { sentenceSince = true }
                    i += 1
                    continue
                }
                if sentenceSince, let table = current {
                    lastFundWeight = fundWeight(table) ?? lastFundWeight
                    tables.append(table)
                    current = nil
                }
                sentenceSince = false
                // The word before the header names its block (财政供养人员情况, 经费控制情况).
                let caption: FlatToken? =
                    i > 0 && !isNumber(tokens[i - 1]) && tokens[i - 1].text.count <= 12 ? tokens[i - 1] : nil
                var rows: [[FlatToken?]] = [[caption] + h.captions.map { Optional($0) }]
                let end: Int
                let width = h.fields.count
                if h.kind == .indicators {
                    end = readIndicators(
                        from: h.end, fields: h.fields, into: &rows,
                        fundWeight: current.flatMap(fundWeight) ?? lastFundWeight)
                } else {
                    end = readNumbers(from: h.end, kind: h.kind, fields: h.fields, width: width, into: &rows)
                }
                guard rows.count > 1 else {
                    i += 1
                    continue
                }
                if current == nil { current = (caption == nil ? i : i - 1, end - 1, []) }
                current!.rows += rows
                current!.last = end - 1
                i = end
            }
            if let current { tables.append(current) }
        }

        /// The fund table's total weight (分值 of its first row), when the table holds one.
        func fundWeight(_ table: (first: Int, last: Int, rows: [[FlatToken?]])) -> Double? {
            guard let header = table.rows.first,
                let c = header.firstIndex(where: { $0.flatMap { field($0, .funds) } == "weight" }),
                table.rows.count > 1,
                c < table.rows[1].count, let t = table.rows[1][c]
            else { return nil }
            return value(t)
        }

        /// Rows of names and numbers from `start`; returns the index after the last row.
        mutating func readNumbers(
            from start: Int, kind: FlatKind, fields: [String], width: Int, into rows: inout [[FlatToken?]]
        ) -> Int {
            var names: [FlatToken] = []
            var numbers: [FlatToken] = []
            var i = start
            var end = start
            var rowNotes: [Message] = []
            func flush(_ rows: inout [[FlatToken?]], _ notes: inout [Message]) {
                guard numbers.contains(where: isNumber) else {
                    for name in names { rows.append([name]) }
                    names = []
                    numbers = []
                    return
                }
                for name in names.dropLast() { rows.append([name]) }
                let name = names.last
                if let placed = place(numbers, fields: fields, kind: kind) {
                    rows.append([name] + placed)
                } else {
                    rows.append([name])
                    let place = ReportImporter.flatPlace(numbers[0], blocks)
                    notes.append(
                        Message(
                            "import.note.rowNotPlaced",
                            [
                                "place": .message(place.message), "name": .text(name?.text ?? ""),
                                "reason": .message(
                                    Message(
                                        "import.reason.flatAmbiguous",
                                        ["values": .count(numbers.count), "columns": .count(width)])),
                            ]))
                }
                names = []
                numbers = []
            }
            while i < tokens.count {
                let t = tokens[i]
                if ends(t) || header(at: i) != nil { break }
                if isNumber(t) || isDash(t) && (!numbers.isEmpty || !names.isEmpty) {
                    numbers.append(t)
                    end = i + 1
                } else {
                    flush(&rows, &rowNotes)
                    names.append(t)
                }
                i += 1
            }
            flush(&rows, &rowNotes)
            notes += rowNotes
            return end
        }

        /// The numbers of a row under `fields`, where they can only be: every number under a
        /// column, in order, a percentage only under a rate, the arithmetic kept; nil when no
        /// placement or more than one does.
        func place(_ numbers: [FlatToken], fields: [String], kind: FlatKind) -> [FlatToken?]? {
            guard numbers.count <= fields.count else { return nil }
            let rates: Set<String> = ["executionRate", "controlRate", "completionRate"]
            var found: [[FlatToken?]] = []
            func fits(_ cells: [FlatToken?]) -> Bool {
                var v: [String: Double] = [:]
                for (c, t) in cells.enumerated() {
                    guard let t, !isDash(t) else { continue }
                    if t.text.hasSuffix("%") && !rates.contains(fields[c]) { return false }
                    guard let d = value(t) else { return false }
                    v[fields[c]] = d
                }
                if let w = v["weight"], w > 100 || w < 0 { return false }
                if let s = v["score"], s < 0 || s > (v["weight"] ?? 100) + 0.005 { return false }
                for r in rates { if let x = v[r], x < 0 || x > 300 { return false } }
                if let rate = v["executionRate"], let executed = v["executed"] {
                    let budgets = [v["annualBudget"], v["initialBudget"]].compactMap { $0 }.filter { $0 > 0 }
                    if !budgets.isEmpty,
                        !budgets.contains(where: { abs(executed / $0 * 100 - rate) <= max(0.6, 0.1 * rate) })
                    {
                        return false
                    }
                }
                if let rate = v["controlRate"], let actual = v["actual"], let authorized = v["authorized"],
                    authorized > 0, abs(actual / authorized * 100 - rate) > 0.6
                {
                    return false
                }
                return true
            }
            // Every order-keeping placement of the numbers into the columns.
            func choose(_ n: Int, _ c: Int, _ cells: [FlatToken?]) {
                if found.count > 1 { return }
                if n == numbers.count {
                    let full = cells + Array(repeating: nil, count: fields.count - cells.count)
                    if fits(full) { found.append(full) }
                    return
                }
                guard c < fields.count, fields.count - c >= numbers.count - n else { return }
                choose(n + 1, c + 1, cells + [numbers[n]])
                choose(n, c + 1, cells + [nil])
            }
            choose(0, 0, [])
            return found.count == 1 ? found[0].map { $0.flatMap { isDash($0) ? nil : $0 } } : nil
        }

        /// Indicator rows from `start`, each ending in its 分值 and 得分; returns the index after
        /// the table (its 总分 row included), or `start` when the rows do not add up.
        mutating func readIndicators(
            from start: Int, fields: [String], into rows: inout [[FlatToken?]], fundWeight: Double?
        ) -> Int {
            guard let w = fields.firstIndex(of: "weight"), w + 1 < fields.count, fields[w + 1] == "score",
                let n = fields.firstIndex(of: "name"), n < w
            else { return start }
            let valueColumns = w - n - 1
            let hasDeviation = fields.count > w + 2
            let l1 = fields.firstIndex(of: "level1"), l2 = fields.firstIndex(of: "level2")
            var pending: [FlatToken] = []
            var found: [[FlatToken?]] = []
            var level1Points: [(points: Double, weights: Double)] = []
            var total: (weight: FlatToken, score: FlatToken, label: FlatToken)?
            var i = start
            var end = start
            func cellsOf(
                _ l1Text: [FlatToken], _ l2Text: [FlatToken], _ name: FlatToken, _ values: [FlatToken],
                _ weight: FlatToken, _ score: FlatToken
            ) -> [FlatToken?] {
                var row = [FlatToken?](repeating: nil, count: fields.count)
                if let l1, let first = l1Text.first {
                    var joined = first
                    joined.text = l1Text.map(\.text).joined()
                    row[l1] = joined
                }
                if let l2, let first = l2Text.first {
                    var joined = first
                    joined.text = l2Text.map(\.text).joined()
                    row[l2] = joined
                }
                row[n] = name
                for (k, v) in values.enumerated() { row[n + 1 + k] = v }
                row[w] = weight
                row[w + 1] = score
                return row
            }
            func attachDeviation(_ words: [FlatToken]) -> Bool {
                guard !words.isEmpty else { return true }
                guard hasDeviation, !found.isEmpty else { return false }
                var joined = words[0]
                joined.text = words.map(\.text).joined()
                found[found.count - 1][w + 2] = joined
                return true
            }
            while i < tokens.count {
                let t = tokens[i]
                if ends(t) || (i > start && header(at: i) != nil) { break }
                guard isNumber(t) else {
                    pending.append(t)
                    i += 1
                    continue
                }
                // A run of numbers: its last two are 分值 and 得分, any before them values of the row.
                var j = i
                while j < tokens.count, isNumber(tokens[j]) { j += 1 }
                guard j - i >= 2 else {
                    pending.append(t)
                    i += 1
                    continue
                }
                pending += tokens[i..<(j - 2)]
                let weight = tokens[j - 2], score = tokens[j - 1]
                i = j
                end = j
                if let label = pending.last, pending.count <= 2,
                    vocabulary.isLabel(label.text, "total") || vocabulary.isLabel(label.text, "fundsTotal")
                {
                    guard attachDeviation(Array(pending.dropLast())) else { return start }
                    total = (weight, score, label)
                    pending = []
                    break
                }
                guard pending.count >= valueColumns + 1 else { return start }
                let values = Array(pending.suffix(valueColumns))
                let name = pending[pending.count - valueColumns - 1]
                var rest = Array(pending.dropLast(valueColumns + 1))
                var level1: [FlatToken] = [], level2: [FlatToken] = []
                if let p = rest.lastIndex(where: { Self.points.firstMatch(in: $0.text) != nil }), p >= 1 {
                    level1 = [rest[p - 1], rest[p]]
                    level2 = Array(rest[(p + 1)...])
                    if let d = ImportBuilder.parseNumber(rest[p].text.filter { $0.isNumber || $0 == "." }) {
                        level1Points.append((d, 0))
                    }
                    rest = Array(rest[..<(p - 1)])
                } else if let last = rest.last, hasDeviation ? last.text.hasSuffix("指标") : true {
                    level2 = [last]
                    rest.removeLast()
                    if !hasDeviation, let first = rest.last {
                        level1 = [first]
                        rest.removeLast()
                    }
                }
                if level2.count > 1 { return start }
                // A name that is a level's caption ("数量指标"): a cell was dropped and every
                // word after it moved one column — the rows cannot be placed.
                if name.text.hasSuffix("指标") || Self.points.firstMatch(in: name.text) != nil {
                    return reject(start, found.count + 1)
                }
                guard attachDeviation(rest) else { return start }
                guard let wv = value(weight), let sv = value(score), sv <= wv + 0.005, wv <= 100 else { return start }
                if !level1Points.isEmpty { level1Points[level1Points.count - 1].weights += wv }
                found.append(cellsOf(level1, level2, name, values, weight, score))
                pending = []
            }
            guard !found.isEmpty else { return start }
            // The weights must add up: to each first level's points, and with the fund's to the total.
            var checked = false
            for l in level1Points {
                guard abs(l.points - l.weights) < 0.01 else { return reject(start, found.count) }
                checked = true
            }
            let sum = found.compactMap { value($0[w]!) }.reduce(0, +)
            if let total, let tw = value(total.weight) {
                guard abs(sum + (fundWeight ?? 0) - tw) < 0.01 || abs(sum - tw) < 0.01 else {
                    return reject(start, found.count)
                }
                checked = true
            }
            guard checked else { return reject(start, found.count) }
            // The header row starts with the word before it (its caption): each row a cell for it.
            rows += found.map { [nil] + $0 }
            if let total {
                var row = [FlatToken?](repeating: nil, count: fields.count)
                row[w] = total.weight
                row[w + 1] = total.score
                rows.append([total.label] + row)
            }
            return end
        }

        mutating func reject(_ start: Int, _ count: Int) -> Int {
            notes.append(
                Message(
                    "import.note.flatIndicatorsNotRead",
                    ["place": .message(ReportImporter.flatPlace(tokens[start], blocks).message), "rows": .count(count)])
            )
            return start
        }

        // MARK: The document again

        /// The blocks with each table's words replaced by the table; the words of a paragraph
        /// before or after a table stay a paragraph.
        /// `keeping` says which blocks stay as they were when no table covers them (to be put
        /// back by the caller); each block out comes with the index of the block it came from,
        /// nil for a table made here.
        func rebuilt(keeping: (Int) -> Bool = { _ in false }) -> [(Int?, ImportDocument.Block)] {
            var out: [(Int?, ImportDocument.Block)] = []
            var number = blocks.reduce(0) { n, b in
                guard case .table = b else { return n }
                return n + 1
            }
            for (b, block) in blocks.enumerated() {
                guard case .paragraph(let p) = block else {
                    out.append((b, block))
                    continue
                }
                var cursor = p.text.startIndex
                var changed = false
                // The end of a table that started in an earlier paragraph.
                if let covering = tables.first(where: { tokens[$0.first].block < b && tokens[$0.last].endBlock >= b }) {
                    if tokens[covering.last].endBlock > b { continue }
                    cursor = tokens[covering.last].end
                    changed = true
                }
                for table in tables where tokens[table.first].block == b {
                    let before = String(p.text[cursor..<tokens[table.first].range.lowerBound]).trimmed
                    if !before.isEmpty {
                        out.append((b, .paragraph(.init(before, at: p.place, outlineLevel: p.outlineLevel))))
                    }
                    number += 1
                    out.append((nil, .table(makeTable(table.rows, number: number))))
                    changed = true
                    cursor = tokens[table.last].endBlock == b ? tokens[table.last].end : p.text.endIndex
                    if tokens[table.last].endBlock != b { break }
                }
                guard changed else {
                    out.append((b, block))
                    continue
                }
                let after = String(p.text[cursor...]).trimmed
                if !after.isEmpty {
                    out.append(
                        (keeping(b) ? b : nil, .paragraph(.init(after, at: p.place, outlineLevel: p.outlineLevel))))
                }
            }
            return out
        }

        func makeTable(_ rows: [[FlatToken?]], number: Int) -> ImportDocument.Table {
            var cells: [ImportDocument.Cell] = []
            for (r, row) in rows.enumerated() {
                for (c, token) in row.enumerated() {
                    let place = token.map { ReportImporter.flatPlace($0, blocks) } ?? .line(0)
                    cells.append(
                        .init(
                            row: r, column: c, paragraphs: token.map { [$0.text] } ?? [],
                            place: token.map { _ in place } ?? placeOfRow(row)))
                }
            }
            var table = ImportDocument.Table(number: number, cells: cells, place: placeOfRow(rows.first ?? []))
            table.rowsKnown = true
            return table
        }

        func placeOfRow(_ row: [FlatToken?]) -> ImportDocument.Place {
            row.compactMap { $0 }.first.map { ReportImporter.flatPlace($0, blocks) } ?? .line(0)
        }
    }

    /// The place of a word: its paragraph's.
    static func flatPlace(_ token: FlatToken, _ blocks: [ImportDocument.Block]) -> ImportDocument.Place {
        if case .paragraph(let p) = blocks[token.block] { return p.place }
        return .line(0)
    }

    /// A numbered section heading at the start of a word ("二、部门整体支出情况", "（三）三公经费").
    static func isSectionStart(_ text: String) -> Bool {
        text.prefixMatch(of: /[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]/) != nil
    }
}
