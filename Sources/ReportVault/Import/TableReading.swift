import Foundation

/// The attachment tables, read by the words in their header cells (the vocabulary), never
/// by position: the base data table, the self-evaluation table and project tables, whatever
/// the column order, the columns present, a header in two rows, merged cells (carried to
/// every row they cover) or a table split across pages with its header repeated.
extension ReportImporter {
    /// One cell as the mapping sees it.
    struct GridCell {
        /// Normalized (half-width digits), trimmed, wrapped lines joined.
        var text: String
        var place: ImportDocument.Place
        /// Part of a merged cell whose text stands in another row or column.
        var carried: Bool
        /// A dash or a slash the table wrote to say the cell has nothing (its text is empty,
        /// but it holds its column's place).
        var placeholder = false
    }

    /// A table's rows (cells left to right) with the context the mapping needs.
    struct Grid {
        var number: Int
        var rows: [[GridCell]]
        var rowsKnown: Bool
        var rowsEndInBar = false
        var rowsPadded = false
        /// Up to six paragraphs just before the table (its caption, a unit line).
        var before: [ReportText.Line]
        var width: Int { rows.map(\.count).max() ?? 0 }
    }

    // MARK: - Tables of the document

    mutating func readTables() {
        var grids: [Grid] = []
        var recent: [ReportText.Line] = []
        for block in document.blocks {
            switch block {
            case .paragraph(let p):
                if let line = text.line(ReportText.key(p.place)) { recent.append(line) }
                if recent.count > 6 { recent.removeFirst() }
            case .table(let t):
                let grid = Self.grid(t, before: recent)
                // A table split across pages repeats its header, or starts right away with data rows
                // as wide as the table above (no caption, no header words of its own): its rows
                // continue the table above.
                let adjacent = recent.allSatisfy { $0.text.trimmed.count <= 6 }
                if let last = grids.last, adjacent, let first = grid.rows.first,
                    last.rows.contains(where: {
                        Self.texts($0) == Self.texts(first) && Self.texts($0).filter { !$0.isEmpty }.count >= 3
                    })
                        || (grid.width == last.width && grid.width >= 4
                            && first.contains { Self.number(in: $0.text) != nil }
                            && !grid.rows.joined().contains { vocabulary.isHeaderCell($0.text) })
                {
                    grids[grids.count - 1].rows += grid.rows
                } else {
                    grids.append(grid)
                }
                recent = []
            }
        }
        for grid in grids { readTable(grid) }
    }

    static func texts(_ row: [GridCell]) -> [String] { row.map(\.text) }

    /// The table's rows with merged cells spread over the positions they cover.
    static func grid(_ table: ImportDocument.Table, before: [ReportText.Line]) -> Grid {
        let rowCount = table.rowCount
        var rows: [[GridCell?]] = Array(repeating: [], count: rowCount)
        for cell in table.cells {
            var text = ReportText.normalize(cell.paragraphs.map { $0.trimmed }.joined()).trimmed
            // A dash or a slash alone says the cell has nothing.
            let placeholder = ["—", "——", "-", "－", "/", "／", "–"].contains(text)
            if placeholder { text = "" }
            for r in cell.row..<(cell.row + cell.rowSpan) {
                for c in cell.column..<(cell.column + cell.columnSpan) {
                    while rows[r].count <= c { rows[r].append(nil) }
                    rows[r][c] = GridCell(
                        text: text, place: cell.place, carried: r != cell.row || c != cell.column,
                        placeholder: placeholder)
                }
            }
        }
        let filledRows = rows.map { row in row.map { $0 ?? GridCell(text: "", place: table.place, carried: false) } }
        var grid = Grid(number: table.number, rows: filledRows, rowsKnown: table.rowsKnown, before: before)
        grid.rowsEndInBar = table.rowsEndInBar
        grid.rowsPadded = table.rowsPadded
        return grid
    }

    mutating func readTable(_ grid: Grid) {
        if readPointerTable(grid) { return }
        let title = tableTitle(grid)
        let words = grid.rows.flatMap { $0.map(\.text) }.joined(separator: " ")
        var kind: ImportVocabulary.TableKind?
        if let title { kind = vocabulary.tables.first { k in k.titleWords.contains { title.text.contains($0) } } }
        if kind == nil {
            kind = vocabulary.tables.first { k in
                k.words.contains { words.contains($0) }
                    || (title.map { t in k.words.contains { t.text.contains($0) } } ?? false)
            }
        }
        // A title names the self-evaluation table, but the table holds none of its columns (a
        // 基本概况 table right under the caption): it is not that table.
        if let chosen = kind, chosen.target == "/selfEvaluation",
            !kind.map({ k in k.words.contains { words.contains($0) } })!,
            let funds = vocabulary.groups["funds"], let indicators = vocabulary.groups["indicators"],
            !grid.rows.joined().contains(where: {
                vocabulary.field(of: $0.text, in: funds) != nil || vocabulary.field(of: $0.text, in: indicators) != nil
            })
        {
            kind = nil
        }
        guard let kind else {
            if readAccounts(grid) {
                readProfileCells(grid)
                return
            }
            if grid.rows.contains(where: { $0.contains { Self.number(in: $0.text) != nil } }) {
                let place =
                    grid.rows.first?.first?.place.message ?? Message("import.place.table", ["n": .count(grid.number)])
                out.notes.append(
                    Message(
                        "import.note.tableNotRecognised", ["place": .message(place), "rows": .count(grid.rows.count)]))
            }
            readIdentityCells(grid, base: nil)
            readProfileCells(grid)
            return
        }
        var base = JSONPointer.tokens(kind.target) ?? []
        if base.last == "*" {
            base.removeLast()
            let i = out.appendRow(base)
            base.append(String(i))
        }
        if base == ["baseData"] {
            readBaseData(grid, base: base)
        } else {
            readEvaluation(grid, base: base, title: title)
        }
    }

    /// A table with a column of JSON pointers (the vault's own `figures --xlsx` workbook, or a
    /// sheet made from one): each row's number goes where its pointer says. The sheet's name
    /// ("2024 绥宁县长铺镇人民政府") gives the year and the unit. False when there is no such column.
    mutating func readPointerTable(_ grid: Grid) -> Bool {
        let body = grid.rows.dropFirst()
        guard let width = body.map(\.count).max(), width >= 2 else { return false }
        let column = (0..<width).first { c in
            let texts = body.compactMap { c < $0.count && !$0[c].text.isEmpty ? $0[c].text : nil }
            return texts.count >= 2 && texts.allSatisfy { $0.hasPrefix("/") && JSONPointer.tokens($0) != nil }
        }
        guard let column else { return false }
        var found: [(tokens: [String], number: String, cell: GridCell, row: [GridCell])] = []
        for row in body where column < row.count {
            guard let tokens = JSONPointer.tokens(row[column].text), !tokens.isEmpty,
                let value = row.indices.filter({ $0 != column }).map({ row[$0] }).first(where: {
                    Self.number(in: $0.text) != nil
                })
            else { continue }
            found.append((tokens, Self.number(in: value.text)!, value, row))
        }
        // Rows in order of their indexes (the workbook lists pointers as text: rows/10 before rows/2),
        // an array's missing rows (an indicator without numbers) kept as empty rows.
        func key(_ tokens: [String]) -> [String] {
            tokens.map { t in
                Int(t).map { String(repeating: "0", count: max(0, 8 - String($0).count)) + String($0) } ?? t
            }
        }
        for item in found.sorted(by: { key($0.tokens).lexicographicallyPrecedes(key($1.tokens)) }) {
            for (k, token) in item.tokens.enumerated() {
                guard let index = Int(token) else { continue }
                let array = Array(item.tokens[..<k])
                var count = 0
                if case .array(let rows)? = JSONPointer.resolve(tokens: array, in: out.value) { count = rows.count }
                while count < index {
                    out.set(array + [String(count)], .object([]))
                    count += 1
                }
            }
            cell(item.tokens, item.cell, row: item.row)
        }
        for line in grid.before {
            if let m = TextPattern("^([0-9]{4})\\s+(\\S.*)$").firstMatch(in: line.text.trimmed), let y = m[0],
                let unit = m[1], let year = Int(y.text)
            {
                years.append((year, line.place.message))
                if vocabulary.looksLikeUnitName(unit.text) { unitNames.append((unit.text, line.place.message)) }
            }
        }
        return true
    }

    /// The caption of a table: its own first row when that is one cell ending in 表, or one
    /// of the paragraphs just before it that names a 表.
    func tableTitle(_ grid: Grid) -> ReportText.Line? {
        if let own = grid.rows.first, Set(own.map(\.text).filter { !$0.isEmpty }).count == 1,
            let cell = own.first(where: { !$0.text.isEmpty }), cell.text.hasSuffix("表")
        {
            return ReportText.Line(number: 0, original: cell.text, text: cell.text, place: cell.place)
        }
        return grid.before.last { $0.text.contains("表") && $0.text.count <= 60 }
    }

    // MARK: - Cells

    /// A number cell ("2.5", "100%", "58人", "864.2万", "1 236.95"): the number when the
    /// cell is only a number with an optional unit.
    static func number(in text: String) -> String? {
        guard
            let m = TextPattern("^\\s*[+]?(-?[0-9][0-9, ]*(?:\\.[0-9]+)?)\\s*(?:%|万元|元|万|人|个|分|名|家|次|项|天|户)?\\s*$")
                .firstMatch(in: text), let n = m[0]
        else { return nil }
        return ImportBuilder.parseNumber(n.text) == nil ? nil : n.text
    }

    /// Maps a number cell to `tokens`, naming the cell (and its column's header) as its source.
    mutating func cell(_ tokens: [String], _ cell: GridCell, header: String? = nil, row: [GridCell]) {
        guard !cell.carried, let n = Self.number(in: cell.text) else { return }
        // The column by its header's words, when it has some.
        let place: Message
        if case .cell(let t, let r, _) = cell.place, header == nil || !"\"\(header ?? "")\"".contains("\"\"") {
            place = Message(
                "import.place.cellHeader", ["table": .count(t), "row": .count(r), "header": .text(header ?? "")])
        } else {
            place = cell.place.message
        }
        out.tableNumber(
            tokens, n, place: place, source: row.map(\.text).filter { !$0.isEmpty }.joined(separator: " | "))
    }

    /// The unit name or year a table states in a cell: "单位名称 | X", "单位名称：X", a row
    /// holding only a unit's name, "(2021年度)".
    mutating func readIdentityCells(_ grid: Grid, base: [String]?) {
        for row in grid.rows { _ = identityRow(row, base: base) }
    }

    /// The county template's 收入情况 / 支出情况 tables: a header "单位名称 | 合计 | 一般公共预算拨款
    /// | 其他收入" (or "| 合计 | 基本支出 | 项目支出"), a 合计 row, then one row per institution.
    /// Only the 合计 row is the unit's: income total, its grant and its other sources (rows, in
    /// column order), or expenditure total, basic and project. The parts must add up to the
    /// total, or nothing is taken (a column misread). False when the table is not one of these.
    mutating func readAccounts(_ grid: Grid) -> Bool {
        // Both tables may reach us as one (no blank line between them): each header with the
        // first 合计 row after it.
        let headers = grid.rows.indices.filter { r in
            !grid.rows[r].contains { Self.number(in: $0.text) != nil }
                && grid.rows[r].contains { vocabulary.isLabel($0.text, "accountsTotal") }
        }
        var read = false
        for (k, h) in headers.enumerated() {
            let end = k + 1 < headers.count ? headers[k + 1] : grid.rows.count
            guard
                let total = grid.rows[(h + 1)..<end].first(where: { row in
                    row.first.map { vocabulary.isLabel($0.text, "accountsTotal") } ?? false
                })
            else { continue }
            if readAccounts(grid, header: h, total: total) { read = true }
        }
        return read
    }

    /// One 收入情况 or 支出情况 table: its header row `h` and its 合计 row.
    mutating func readAccounts(_ grid: Grid, header h: Int, total: [GridCell]) -> Bool {
        var header = grid.rows[h]
        // A header in two rows: "机构名称 | 收入合计 | 其中:" over "公共财政拨款 | 其他收入".
        if let k = header.firstIndex(where: { $0.text.hasPrefix("其中") }), h + 1 < grid.rows.count,
            case let below = Self.distinct(grid.rows[h + 1]),
            !below.isEmpty, !below.contains(where: { Self.number(in: $0.text) != nil })
        {
            header = Array(header[..<k]) + below
        }
        var columns: [(c: Int, field: String, caption: String)] = []
        for (c, cell) in header.enumerated().dropFirst() where c < total.count && !cell.text.isEmpty {
            let field =
                vocabulary.isLabel(cell.text, "accountsTotal")
                ? "total"
                : vocabulary.isLabel(cell.text, "accountsGrant")
                    ? "generalBudgetGrant"
                    : vocabulary.isLabel(cell.text, "accountsBasic")
                        ? "basic" : vocabulary.isLabel(cell.text, "accountsProject") ? "project" : "row"
            columns.append((c, field, cell.text))
        }
        let fields = Set(columns.map(\.field))
        let spending = fields.contains("basic") && fields.contains("project")
        guard fields.contains("total"), spending || fields.contains("generalBudgetGrant"),
            columns.allSatisfy({ Self.number(in: total[$0.c].text) != nil || total[$0.c].text.isEmpty })
        else { return false }
        // The numbers as they will be recorded (ImportBuilder's reading: "1 234.5", "1,234.5").
        func value(_ c: Int) -> Decimal? {
            Self.number(in: total[c].text).flatMap { ImportBuilder.parseNumber($0) }.map { Decimal($0) }
        }
        // Spending: total = basic + project (other columns are not parts); income: total = every other column.
        let parts = columns.filter { spending ? ($0.field == "basic" || $0.field == "project") : $0.field != "total" }
        guard let t = columns.first(where: { $0.field == "total" }).flatMap({ value($0.c) }),
            parts.allSatisfy({ value($0.c) != nil || total[$0.c].text.isEmpty })
        else {
            return false
        }
        let sum = parts.compactMap { value($0.c) }.reduce(Decimal(0), +)
        if abs(NSDecimalNumber(decimal: sum - t).doubleValue) > 0.011 {
            out.notes.append(
                Message(
                    "import.note.rowNotPlaced",
                    [
                        "place": .message(total[0].place.message), "name": .text(total[0].text),
                        "reason": .message(
                            Message(
                                "import.reason.partsDoNotAdd",
                                [
                                    "total": .text(total[columns.first { $0.field == "total" }!.c].text),
                                    "sum": .text("\(sum)"),
                                ])),
                    ]))
            return true
        }
        let base = ["finalAccounts", spending ? "expenditure" : "income"]
        for (c, field, caption) in columns where !total[c].text.isEmpty {
            if spending && field != "total" && field != "basic" && field != "project" { continue }
            if field == "row" {
                let rows = base + ["rows"]
                let i = out.appendRow(rows)
                out.string(rows + [String(i), "name"], caption)
                cell(rows + [String(i), "amount"], total[c], header: caption, row: total)
            } else if !out.has(base + [field]) {
                cell(base + [field], total[c], header: caption, row: total)
            }
        }
        out.tableRows += 1
        return true
    }

    /// The label/value cells of a 基本概况 table (人员编制 | 64 | 实有人数 | 61; 内设机构 | 3):
    /// a cell that is exactly a staffing label of the vocabulary, or 内设机构, followed by a
    /// cell that is only a count. Nothing else of such a table (phones, codes) is a figure.
    mutating func readProfileCells(_ grid: Grid) {
        for row in grid.rows {
            let filled = Self.distinct(row)
            for (k, cell) in filled.enumerated() where k + 1 < filled.count {
                let label = cell.text.filter { !$0.isWhitespace }.trimmingCharacters(
                    in: CharacterSet(charactersIn: ":：（）()人数"))
                guard let count = filled[k + 1].text.wholeMatch(of: /([0-9]+)\s*[人名个]?/)?.1 else { continue }
                // A label with several counts after it (本级 | 下属 | 合计): which one is the unit's cannot be told.
                if k + 2 < filled.count, filled[k + 2].text.wholeMatch(of: /[0-9]+\s*[人名个]?/) != nil { continue }
                let address: String?
                if ["内设机构", "内设股室", "内设科室", "内设机构数"].contains(cell.text.filter { !$0.isWhitespace }) {
                    address = "/profile/departments/count"
                } else {
                    address =
                        vocabulary.staffing.first {
                            $0.labels.contains(cell.text.filter { !$0.isWhitespace }) || $0.labels.contains(label)
                        }?.address
                }
                guard let address, let tokens = JSONPointer.tokens(address), !out.has(tokens) else { continue }
                out.tableNumber(
                    tokens, String(count), place: filled[k + 1].place.message,
                    source: filled.map(\.text).joined(separator: " | "))
            }
        }
    }

    /// Reads a row that states the table's unit or year; returns whether it was one.
    mutating func identityRow(_ row: [GridCell], base: [String]?, inBody: Bool = false) -> Bool {
        let filled = Self.distinct(row)
        guard let first = filled.first else { return false }
        if filled.count == 1, let m = TextPattern("^[（(]?([0-9]{4})\\s*年度?[）)]?$").firstMatch(in: first.text),
            let y = m[0]
        {
            if let base {
                out.tableNumber(
                    base + ["heading", "fiscalYear"], y.text, place: first.place.message, source: first.text)
            }
            years.append((Int(y.text)!, first.place.message))
            return true
        }
        // A name alone in a row heads the table; inside its body it is a wrapped cell (便民服务中心).
        if filled.count == 1, !inBody, vocabulary.looksLikeUnitName(first.text) {
            if let base { out.string(base + ["heading", "unitName"], first.text) }
            unitNames.append((first.text, first.place.message))
            return true
        }
        for (k, cell) in filled.enumerated() {
            var name: String?
            if vocabulary.isUnitNameLabel(cell.text), k + 1 < filled.count, !vocabulary.isHeaderCell(filled[k + 1].text)
            {
                name = filled[k + 1].text
            } else if let colon = cell.text.firstIndex(where: { $0 == "：" || $0 == ":" }),
                vocabulary.isUnitNameLabel(String(cell.text[..<colon]))
            {
                name = String(cell.text[cell.text.index(after: colon)...]).trimmed
            }
            if let name, !name.isEmpty, Self.number(in: name) == nil {
                let clean = name.components(separatedBy: CharacterSet(charactersIn: " \t")).first ?? name
                if let base { out.string(base + ["heading", "unitName"], clean) }
                unitNames.append((clean, cell.place.message))
                return filled.count <= 4
            }
        }
        return false
    }

    /// The non-empty cells of a row, each merged cell once.
    static func distinct(_ row: [GridCell]) -> [GridCell] {
        row.filter { !$0.text.isEmpty && !$0.carried }
    }

    // MARK: - Header rows

    /// The field of each column when `row` is a header row of `group`: at least two cells name
    /// fields of the group and no cell is a number.
    func headerColumns(_ row: [GridCell], group: ImportVocabulary.ColumnGroup) -> [Int: String]? {
        guard !row.contains(where: { Self.number(in: $0.text) != nil }) else { return nil }
        var columns: [Int: String] = [:]
        var seen: Set<String> = []
        for (c, cell) in row.enumerated() where !cell.text.isEmpty {
            if let field = vocabulary.field(of: cell.text, in: group), !seen.contains(field) {
                columns[c] = field
                seen.insert(field)
            }
        }
        return columns.count >= 2 ? columns : nil
    }

    /// The best-matching header of the given groups, if `row` is one; with the previous row
    /// when both are header rows (a header written in two rows).
    func header(
        _ row: [GridCell], previous: [GridCell]?, groups: [String]
    ) -> (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])? {
        guard !row.contains(where: { Self.number(in: $0.text) != nil }) else { return nil }
        var best: (ImportVocabulary.ColumnGroup, [Int: String], [String])?
        for name in groups {
            guard let group = vocabulary.groups[name] else { continue }
            var texts = row.map(\.text)
            if let previous, !previous.contains(where: { Self.number(in: $0.text) != nil }) {
                if previous.count < row.count {
                    // The upper row written with each cell once (a text save): its cells spanning
                    // several columns of the lower row stand once. Walk the lower row: an empty
                    // cell is the next upper cell (spanning both rows), a run of filled cells
                    // shares one upper cell (their group, 预算资金 over 年初预算数 …).
                    guard let walked = Self.spanWalk(upper: previous.map(\.text), lower: row.map(\.text)) else {
                        continue
                    }
                    texts = walked
                } else {
                    // Two header rows: each column's caption is the upper and the lower text.
                    texts = (0..<max(previous.count, row.count)).map { c in
                        let upper = c < previous.count ? previous[c].text : "", lower = c < row.count ? row[c].text : ""
                        return upper == lower ? upper : upper + lower
                    }
                }
            }
            let cells = texts.map { GridCell(text: $0, place: .line(0), carried: false) }
            guard
                let columns = headerColumns(cells, group: group)
                    ?? (previous != nil ? headerColumns(row, group: group) : nil)
            else { continue }
            // A fund header names an amount: 分值 and 得分 alone head a scoring table, not funds.
            if name == "funds",
                !columns.values.contains(where: { ["initialBudget", "annualBudget", "executed"].contains($0) })
            {
                continue
            }
            let own = headerColumns(row, group: group)
            let chosen = own.map { $0.count >= columns.count ? $0 : columns } ?? columns
            if chosen.count > (best?.1.count ?? 0) { best = (group, chosen, chosen == own ? row.map(\.text) : texts) }
        }
        return best
    }

    /// Each column's caption when the upper header row gives each cell once and the lower
    /// row has the full width (``header(_:previous:groups:)``); nil when the two do not fit
    /// (an upper cell left over, or too few): then neither is trusted.
    static func spanWalk(upper: [String], lower: [String]) -> [String]? {
        var captions: [String] = []
        var u = upper.firstIndex { !$0.isEmpty } ?? 0
        var c = 0
        // Trailing empty cells of the lower row beyond the upper cells are not columns.
        while c < lower.count {
            if lower[c].isEmpty {
                guard u < upper.count else { break }
                captions.append(upper[u])
                u += 1
                c += 1
            } else {
                guard u < upper.count else { return nil }
                let group = upper[u]
                while c < lower.count, !lower[c].isEmpty {
                    captions.append(group + lower[c])
                    c += 1
                }
                u += 1
            }
        }
        return u == upper.count ? captions : nil
    }

    // MARK: - 自评表

    mutating func readEvaluation(_ grid: Grid, base: [String], title: ReportText.Line?) {
        if let title {
            out.string(base + ["title"], title.original.trimmed)
            if let m = TextPattern("([0-9]{4})\\s*年度?").firstMatch(in: title.text), let y = m[0] {
                out.tableNumber(
                    base + ["heading", "fiscalYear"], y.text, place: title.place.message, source: title.original.trimmed
                )
                years.append((Int(y.text)!, title.place.message))
            }
        }
        for line in grid.before {
            if let unit = vocabulary.amountUnit(in: line.text), unit == "元" { out.string(base + ["amountUnit"], unit) }
        }
        // The year on a line of its own right above the table ("（2023年度）") is the table's.
        if let line = grid.before.last,
            let m = TextPattern("^[（(]?([0-9]{4})\\s*年度?[）)]?$").firstMatch(in: line.text.trimmed), let y = m[0]
        {
            out.tableNumber(
                base + ["heading", "fiscalYear"], y.text, place: line.place.message, source: line.original.trimmed)
            years.append((Int(y.text)!, line.place.message))
        }
        var current: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])?
        var previousHeaderRow: [GridCell]?
        var levels = (one: "", two: "")
        var goalColumns: [Int: String] = [:]
        var largest = 0.0
        var rows = joiningSplitHeaders(grid.rows, endInBar: grid.rowsEndInBar, padded: grid.rowsPadded)[...]
        var lastIndicator: [String]?
        while let row = rows.popFirst() {
            let filled = Self.distinct(row)
            guard let first = filled.first else { previousHeaderRow = nil; continue }
            if identityRow(row, base: base, inBody: current != nil) { continue }
            if filled.count == 1, first.text.hasSuffix("表") { continue }
            // A header row (or the second row of a two-row header).
            if let h = header(row, previous: previousHeaderRow, groups: ["funds", "indicators"]) {
                if row.contains(where: { vocabulary.amountUnit(in: $0.text) == "元" }) {
                    out.string(base + ["amountUnit"], "元")
                }
                if let current, current.texts == h.texts { continue }  // the header repeated on a new page
                current = h
                previousHeaderRow = row
                lastIndicator = nil
                goalColumns = [:]
                continue
            }
            previousHeaderRow = nil
            if vocabulary.isLabel(first.text, "total") {
                readTotal(row, filled: filled, base: base, current: current)
                continue
            }
            if vocabulary.isLabel(first.text, "notes") {
                if let m = TextPattern("(优秀?[（(][^）)]*[）)].*?差[（(][^）)]*[）)])").firstMatch(in: first.text),
                    let bands = m[0]
                {
                    out.string(base + ["gradeBands"], bands.text)
                }
                continue
            }
            if readGoals(row, filled: filled, base: base, columns: &goalColumns) { continue }
            if readSplits(row, base: base) { continue }
            guard let h = current else { continue }
            // More cells than the header has columns: which number is which cannot be told.
            if filled.count > h.texts.count {
                let names = filled.prefix { Self.number(in: $0.text) == nil }
                out.notes.append(
                    Message(
                        "import.note.rowWider",
                        [
                            "place": .message(first.place.message), "cells": .count(filled.count),
                            "columns": .count(h.texts.count),
                            "text": .text(filled.map(\.text).joined(separator: " | ")),
                        ]))
                // The row keeps its place (the rows after it keep theirs), without numbers.
                if let name = names.last?.text {
                    let rows = h.group.name == "funds" ? base + ["funds", "rows"] : base + ["indicators"]
                    out.string(rows + [String(out.appendRow(rows)), "name"], name)
                }
                continue
            }
            var cells = row
            // A short row's trailing empty cells (a web row ending in `| |`) are no columns of its own.
            while cells.count < h.texts.count, let last = cells.last, last.text.isEmpty, !last.carried,
                !last.placeholder
            { cells.removeLast() }
            if cells.count < h.texts.count {
                // A short row: a merged leading cell that left nothing, or a row broken in two.
                if let next = rows.first, cells.count + next.count == h.texts.count, !next.isEmpty {
                    cells += next
                    rows.removeFirst()
                } else if !grid.rowsKnown {
                    cells = row
                }
                cells = align(cells, width: h.texts.count, header: h)
            }
            if h.group.name == "funds" {
                readFundRow(cells, header: h, base: base, largest: &largest)
            } else {
                if let continued = lastIndicator, continuesIndicator(cells, header: h) {
                    appendWrapped(cells, header: h, to: continued)
                    continue
                }
                lastIndicator = readIndicator(cells, header: h, base: base, levels: &levels)
            }
        }
        if largest >= 100_000, !out.has(base + ["amountUnit"]) {
            out.string(base + ["amountUnit"], "元")
            out.notes.append(
                Message(
                    "import.note.amountsInYuan",
                    ["table": .text(base.joined(separator: "/")), "largest": .text(ECMAScriptNumber.format(largest))]))
        }
    }

    /// A web page's text ends every row with `|` (every row then has an empty last cell,
    /// which is no cell of the table and is dropped), and gives a header over several lines
    /// that each end in `|` because the row goes on ("预算资金 (万元) |" then "年初预算数 | … |
    /// 得分 |"; "一级指标 | … | 年度 指标值 |", "实际 完成值 |", "分值 | 得分 | … |"): the rows
    /// without numbers right above a data row, each shorter than it, become one header row —
    /// the fewest of them (from the last up) whose cells together are as many as the data
    /// row's (its first row is whole). Such a header has at least three header words;
    /// anything else is left as it was.
    func joiningSplitHeaders(_ rows: [[GridCell]], endInBar barEnded: Bool, padded: Bool = false) -> [[GridCell]] {
        let isHeaderCell = vocabulary.isHeaderCell
        func trimmed(_ row: [GridCell]) -> [GridCell] {
            var row = row
            while let last = row.last, last.text.isEmpty, !last.carried, !last.placeholder { row.removeLast() }
            return row
        }
        func endsInBar(_ row: [GridCell]) -> Bool { row.count >= 2 && row.last!.text.isEmpty && !row.last!.carried }
        let rows = padded ? rows.map(trimmed) : barEnded ? rows.map { endsInBar($0) ? Array($0.dropLast()) : $0 } : rows
        func hasNumber(_ row: [GridCell]) -> Bool { row.contains { Self.number(in: $0.text) != nil } }
        var out: [[GridCell]] = []
        var i = 0
        while i < rows.count {
            let data = rows[i]
            let width = trimmed(data).count
            // The run of split lines above this data row: no numbers, ending in an empty cell, shorter.
            // (A line of bars alone, a page's empty row, is no part of it.)
            if barEnded, hasNumber(data) {
                while let last = out.last, last.allSatisfy({ $0.text.isEmpty && !$0.carried && !$0.placeholder }),
                    out.count >= 2, !hasNumber(out[out.count - 2])
                {
                    out.removeLast()
                }
            }
            var start = out.count
            while start > 0, barEnded, !hasNumber(out[start - 1]),
                trimmed(out[start - 1]).count < data.count + (padded ? 1 : 0),
                !trimmed(out[start - 1]).isEmpty
            {
                start -= 1
            }
            if hasNumber(data), out.count - start >= 2 {
                for first in stride(from: out.count - 2, through: start, by: -1) {
                    let joined = out[first...].flatMap(trimmed)
                    guard joined.count >= width else { continue }
                    // (A padded row lost its empty last cells: it may be one shorter.)
                    if joined.count > data.count + (padded ? 1 : 0) { break }
                    // The first data row must fit under it: numbers under number columns, no bare number as a name.
                    if joined.filter({ isHeaderCell($0.text) }).count >= 3, fits(data, under: joined) {
                        out.replaceSubrange(first..., with: [joined])
                        break
                    }
                }
            }
            out.append(data)
            i += 1
        }
        return out
    }

    /// Whether a data row fits under a header row of the funds or indicator table: every
    /// filled cell under a number column is a number, none under a name or level is one,
    /// and the numbers keep the family's arithmetic.
    func fits(_ data: [GridCell], under header: [GridCell]) -> Bool {
        for name in ["funds", "indicators"] {
            guard let group = vocabulary.groups[name], let columns = headerColumns(header, group: group),
                columns.count >= 3
            else { continue }
            let fine = columns.allSatisfy { c, field in
                guard c < data.count, !data[c].text.isEmpty else { return true }
                let isNumber = Self.number(in: data[c].text) != nil
                if group.numbers.contains(field) { return isNumber }
                return !(["name", "level1", "level2", "deviation"].contains(field) && isNumber)
            }
            // …and keep the arithmetic (a rate that is the executed share of the budget, 得分 ≤ 分值).
            if fine, contradiction(in: data, header: (group, columns, header.map(\.text)), skipping: "") == nil {
                return true
            }
        }
        return false
    }

    /// `cells` placed under a header of `width` columns: the missing cells are put before and
    /// after the row (merged cells that left nothing, an empty last cell) where the row fits
    /// the header best; on a tie, before.
    func align(
        _ cells: [GridCell], width: Int,
        header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])
    ) -> [GridCell] {
        guard cells.count < width else { return cells }
        let blank = GridCell(text: "", place: cells.first?.place ?? .line(0), carried: false)
        let missing = width - cells.count
        var best: (cells: [GridCell], score: Int)?
        for leading in stride(from: missing, through: 0, by: -1) {
            let candidate =
                Array(repeating: blank, count: leading) + cells + Array(repeating: blank, count: missing - leading)
            let score = plausibility(candidate, header)
            if score > best?.score ?? Int.min { best = (candidate, score) }
        }
        return best!.cells
    }

    /// How well a row's cells fit the header: numbers under number columns, text elsewhere.
    func plausibility(
        _ cells: [GridCell], _ header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])
    ) -> Int {
        var score = 0
        for (c, field) in header.columns where c < cells.count && !cells[c].text.isEmpty {
            let isNumber = Self.number(in: cells[c].text) != nil
            if header.group.numbers.contains(field) {
                score += isNumber ? 2 : -2
            } else if field == "name" || field == "level1" || field == "level2" {
                score += isNumber ? -2 : 1
            } else if field == "deviation" || field == "note" {
                score -= isNumber ? 1 : 0
            }
        }
        return score
    }

    mutating func readTotal(
        _ row: [GridCell], filled: [GridCell], base: [String],
        current: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])?
    ) {
        out.tableRows += 1
        if let current, current.group.name == "indicators", row.count == current.texts.count,
            let w = current.columns.first(where: { $0.value == "weight" })?.key, Self.number(in: row[w].text) != nil
        {
            cell(base + ["totalWeight"], row[w], header: current.texts[w], row: row)
            if let s = current.columns.first(where: { $0.value == "score" })?.key {
                cell(base + ["totalScore"], row[s], header: current.texts[s], row: row)
            }
            return
        }
        let numbers = filled.dropFirst().filter { Self.number(in: $0.text) != nil }
        if numbers.count >= 2 {
            cell(base + ["totalWeight"], numbers[numbers.startIndex], row: row)
            cell(base + ["totalScore"], numbers[numbers.startIndex + 1], row: row)
        } else if let only = numbers.first {
            cell(base + ["totalScore"], only, row: row)
        }
    }

    /// 年度总体目标: a row of the captions 年初目标设定 / 全年实际完成情况 (values in the row
    /// below), or a caption followed by its text in the same row.
    mutating func readGoals(_ row: [GridCell], filled: [GridCell], base: [String], columns: inout [Int: String]) -> Bool
    {
        func caption(_ text: String) -> String? {
            vocabulary.isLabel(text, "goalsPlanned")
                ? "planned" : vocabulary.isLabel(text, "goalsAchieved") ? "achieved" : nil
        }
        var captions: [Int: String] = [:]
        for (c, cell) in row.enumerated() where !cell.text.isEmpty && !cell.carried {
            if let key = caption(cell.text) { captions[c] = key }
        }
        if !captions.isEmpty {
            var consumed = false
            for (c, key) in captions.sorted(by: { $0.key < $1.key }) {
                // The goal in the caption's own cell ("年初目标设定：举办赛事12场").
                let text = row[c].text
                if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }),
                    case let after = String(text[text.index(after: colon)...]).trimmed, !after.isEmpty
                {
                    out.string(base + ["goals", key], after)
                    consumed = true
                    continue
                }
                guard let value = row[(c + 1)...].first(where: { !$0.text.isEmpty && !$0.carried }),
                    caption(value.text) == nil
                else { continue }
                out.string(base + ["goals", key], value.text)
                consumed = true
            }
            columns = consumed ? [:] : captions
            return true
        }
        if !columns.isEmpty {
            defer { columns = [:] }
            for (c, key) in columns where c < row.count && !row[c].text.isEmpty {
                out.string(base + ["goals", key], row[c].text)
            }
            return true
        }
        return false
    }

    /// Cells "其中：一般公共预算：2023.37万" of the income and expenditure splits.
    mutating func readSplits(_ row: [GridCell], base: [String]) -> Bool {
        var split = false
        for cell in Self.distinct(row) {
            var text = cell.text
            if text.hasPrefix("其中") {
                text = String(text.dropFirst(2)).trimmingCharacters(in: CharacterSet(charactersIn: "：: "))
            }
            if text.contains("按收入性质分") || text.contains("按支出性质分") { split = true; continue }
            guard let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }) else { continue }
            let label = ImportVocabulary.headerKey(String(text[..<colon]))
            let value = String(text[text.index(after: colon)...]).trimmed
            guard let (address, _) = vocabulary.splits.first(where: { $0.words.contains(label) }) else { continue }
            split = true
            if let n = Self.number(in: value) {
                out.tableNumber(
                    base + (JSONPointer.tokens("/" + address) ?? []), n, place: cell.place.message, source: cell.text)
            }
        }
        if split { out.tableRows += 1 }
        return split
    }

    /// A row of the funds block (年度资金总额, 基本支出 …): its name and its columns.
    mutating func readFundRow(
        _ cells: [GridCell], header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String]),
        base: [String], largest: inout Double
    ) {
        let nameCell = cells.indices.first { c in
            !cells[c].text.isEmpty && !cells[c].carried && header.columns[c] == nil
                && Self.number(in: cells[c].text) == nil
        }
        guard
            let name = nameCell.map({ cells[$0] })
                ?? cells.first(where: { !$0.text.isEmpty && Self.number(in: $0.text) == nil })
        else { return }
        // The name under a number column: the row does not stand as the header says.
        let misplaced =
            nameCell == nil
            && cells.indices.contains { c in
                cells[c].text == name.text && header.columns[c].map { header.group.numbers.contains($0) } == true
            }
        let hasValues = header.columns.contains { c, _ in
            c < cells.count && !cells[c].text.isEmpty && cells[c].text != name.text
        }
        guard hasValues || vocabulary.isLabel(name.text, "fundsTotal") else { return }
        let funds = base + ["funds", "rows"]
        let i = out.appendRow(funds)
        out.string(funds + [String(i), "name"], name.text)
        // Numbers that contradict the family's arithmetic sit under the wrong columns: the row
        // keeps its place and name, its numbers are left out rather than given wrong labels.
        let withheld =
            misplaced
            ? Message("import.reason.nameUnderNumber", ["name": .text(name.text)])
            : contradiction(in: cells, header: header, skipping: name.text)
        if let withheld {
            out.notes.append(
                Message(
                    "import.note.rowNotPlaced",
                    ["place": .message(name.place.message), "name": .text(name.text), "reason": .message(withheld)]))
        }
        for (c, field) in header.columns.sorted(by: { $0.key < $1.key })
        where c < cells.count && !cells[c].text.isEmpty && cells[c].text != name.text {
            if header.group.numbers.contains(field) {
                if withheld != nil { continue }
                cell(funds + [String(i), field], cells[c], header: header.texts[c], row: cells)
                if ["initialBudget", "annualBudget", "executed"].contains(field),
                    let n = Self.number(in: cells[c].text), let d = ImportBuilder.parseNumber(n)
                {
                    largest = max(largest, d)
                }
            } else {
                out.string(funds + [String(i), field], cells[c].text)
            }
        }
        out.tableRows += 1
    }

    /// One indicator row; levels carried down from the rows above when their cells are empty
    /// (merged). Returns the indicator's address, or nil when the row named none.
    mutating func readIndicator(
        _ cells: [GridCell], header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String]),
        base: [String], levels: inout (one: String, two: String)
    ) -> [String]? {
        func value(_ field: String) -> (Int, GridCell)? {
            guard let c = header.columns.first(where: { $0.value == field })?.key, c < cells.count,
                !cells[c].text.isEmpty
            else { return nil }
            return (c, cells[c])
        }
        if let (_, l1) = value("level1") {
            let compact = l1.text.filter { !$0.isWhitespace }
            // The points alone ("(50分)"): the second line of the level-1 cell above, given a row of its own.
            let pointsOnly = TextPattern("^[（(]([0-9]+(?:\\.[0-9]+)?)分?[）)]$").firstMatch(in: compact)
            if let pointsOnly, let points = pointsOnly[0], !levels.one.isEmpty {
                if !level1Exists(base, levels.one) {
                    let i = out.appendRow(base + ["level1Weights"])
                    out.string(base + ["level1Weights", String(i), "name"], levels.one)
                    out.tableNumber(
                        base + ["level1Weights", String(i), "weight"], points.text, place: l1.place.message,
                        source: l1.text)
                }
            } else if let m = TextPattern("^(.+?)[（(]([0-9]+(?:\\.[0-9]+)?)分?[）)]$").firstMatch(in: compact),
                let name = m[0], let points = m[1]
            {
                levels.one = name.text
                if !l1.carried, !level1Exists(base, name.text) {
                    let i = out.appendRow(base + ["level1Weights"])
                    out.string(base + ["level1Weights", String(i), "name"], name.text)
                    out.tableNumber(
                        base + ["level1Weights", String(i), "weight"], points.text, place: l1.place.message,
                        source: l1.text)
                }
            } else if levels.one != compact {
                levels.one = compact
                levels.two = ""
            }
        }
        if let (_, l2) = value("level2") { levels.two = l2.text.filter { !$0.isWhitespace } }
        guard let (_, name) = value("name"), !name.carried, Self.number(in: name.text) == nil else { return nil }
        let i = out.appendRow(base + ["indicators"])
        let r = base + ["indicators", String(i)]
        if !levels.one.isEmpty { out.string(r + ["level1"], levels.one) }
        if !levels.two.isEmpty { out.string(r + ["level2"], levels.two) }
        out.string(r + ["name"], name.text)
        let withheld = contradiction(in: cells, header: header, skipping: name.text)
        if let withheld {
            out.notes.append(
                Message(
                    "import.note.rowNotPlaced",
                    ["place": .message(name.place.message), "name": .text(name.text), "reason": .message(withheld)]))
        }
        for (c, field) in header.columns.sorted(by: { $0.key < $1.key })
        where !["level1", "level2", "name"].contains(field) && c < cells.count && !cells[c].text.isEmpty
            && !cells[c].carried
        {
            if header.group.numbers.contains(field) {
                if withheld == nil { cell(r + [field], cells[c], header: header.texts[c], row: cells) }
            } else {
                out.string(r + [field], cells[c].text)
            }
        }
        out.tableRows += 1
        return r
    }

    /// Why the numbers of a row, as its header places them, cannot be right — the arithmetic
    /// every report of the family keeps: 执行率 = 执行数 / 预算数 (年初 or 全年, as a percentage or
    /// a fraction, within a tenth), 得分 ≤ 分值, a rate or a score never
    /// negative; nil when nothing contradicts. A header read one column off (split over two
    /// lines, a merged cell lost) puts 预算数 under 执行数 or 分值 under 得分, and is caught here.
    func contradiction(
        in cells: [GridCell], header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String]),
        skipping name: String
    ) -> Message? {
        var values: [String: (value: Double, text: String)] = [:]
        for (c, field) in header.columns
        where header.group.numbers.contains(field) && c < cells.count && !cells[c].carried && cells[c].text != name {
            guard let n = Self.number(in: cells[c].text), let d = ImportBuilder.parseNumber(n) else { continue }
            values[field] = (d, cells[c].text)
        }
        func caption(_ field: String) -> String {
            header.columns.first { $0.value == field }.map { header.texts[$0.key] } ?? field
        }
        if let weight = values["weight"], let score = values["score"], score.value > weight.value + 0.005 {
            return Message(
                "import.reason.scoreAboveWeight",
                [
                    "score": .text(caption("score")), "scoreValue": .text(score.text),
                    "weight": .text(caption("weight")), "weightValue": .text(weight.text),
                ])
        }
        for field in ["executionRate", "completionRate", "score", "weight"] {
            if let v = values[field], v.value < 0 {
                return Message("import.reason.negative", ["field": .text(caption(field)), "value": .text(v.text)])
            }
        }
        // Points are out of a hundred, and no unit spends three times its budget: an amount
        // read as a score or a rate.
        for (field, limit) in [("score", 100.0), ("weight", 100.0), ("executionRate", 300.0)] {
            if let v = values[field], v.value > limit {
                return Message(
                    "import.reason.tooLarge",
                    [
                        "field": .text(caption(field)), "value": .text(v.text),
                        "limit": .text(ECMAScriptNumber.format(limit)),
                    ])
            }
        }
        if let rate = values["executionRate"], let executed = values["executed"] {
            let budgets = [values["annualBudget"], values["initialBudget"]].compactMap { $0 }.filter { $0.value > 0 }
            if !budgets.isEmpty {
                // Real reports print rates rounded, of a budget that includes carried-over funds,
                // or a little off: a tenth either way is theirs to explain. A column misread is
                // off by far more (a weight, an amount or a score where the rate should be).
                let fits = budgets.contains { budget in
                    let ratio = executed.value / budget.value
                    return [ratio * 100, ratio].contains { abs(rate.value - $0) <= max(0.6, 0.1 * $0) }
                        || (ratio >= 1 && abs(rate.value - 100) <= 0.6)
                }
                if !fits {
                    let ratio = budgets.map {
                        ECMAScriptNumber.format((executed.value / $0.value * 10_000).rounded() / 100)
                    }.joined(separator: ", ")
                    return Message(
                        "import.reason.rateMismatch",
                        [
                            "rate": .text(caption("executionRate")), "rateValue": .text(rate.text),
                            "executed": .text(caption("executed")), "computed": .text(ratio),
                        ])
                }
            }
        }
        return nil
    }

    /// A row that only continues the indicator above (its name or a text wrapped onto a
    /// second row): no number, no level, fewer cells filled.
    func continuesIndicator(
        _ cells: [GridCell], header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String])
    ) -> Bool {
        var filled: [String] = []
        for (c, cell) in cells.enumerated() where !cell.text.isEmpty && !cell.carried {
            guard let field = header.columns[c] else { return false }
            if header.group.numbers.contains(field) || field == "level1" || field == "level2" { return false }
            filled.append(field)
        }
        return filled == ["name"]
    }

    mutating func appendWrapped(
        _ cells: [GridCell], header: (group: ImportVocabulary.ColumnGroup, columns: [Int: String], texts: [String]),
        to indicator: [String]
    ) {
        for (c, field) in header.columns where c < cells.count && !cells[c].text.isEmpty {
            if case .string(let s)? = JSONPointer.resolve(tokens: indicator + [field], in: out.value) {
                out.set(indicator + [field], .string(s + cells[c].text))
            }
        }
    }

    func level1Exists(_ base: [String], _ name: String) -> Bool {
        guard case .array(let rows)? = JSONPointer.resolve(tokens: base + ["level1Weights"], in: out.value) else {
            return false
        }
        return rows.contains { $0[member: "name"]?.stringValue == name }
    }

    // MARK: - 基础数据表

    mutating func readBaseData(_ grid: Grid, base b: [String]) {
        var staffColumns: [Int: String]?
        var staffHeader: [String] = []
        var fundColumns: [Int: String]?
        var fundHeader: [String] = []
        var previousHeaderRow: [GridCell]?
        for line in grid.before {
            if vocabulary.amountUnit(in: line.text) == "元" { out.string(b + ["amountUnit"], "元") }
        }
        for row in grid.rows {
            let filled = Self.distinct(row)
            guard let first = filled.first else { continue }
            if identityRow(row, base: nil) { continue }
            if filled.count == 1, first.text.hasSuffix("表") { continue }
            if vocabulary.isLabel(first.text, "notes") { break }
            if vocabulary.isLabel(first.text, "measures") {
                if filled.count > 1 { out.string(b + ["measures"], filled[1].text) }
                continue
            }
            if let h = header(row, previous: previousHeaderRow, groups: ["staffing"]) {
                staffColumns = h.columns
                staffHeader = h.texts
                fundColumns = nil
                previousHeaderRow = row
                continue
            }
            if let columns = baseColumns(row) {
                fundColumns = columns
                fundHeader = row.map(\.text)
                staffColumns = nil
                if row.contains(where: { vocabulary.amountUnit(in: $0.text) == "元" }) {
                    out.string(b + ["amountUnit"], "元")
                }
                previousHeaderRow = row
                continue
            }
            // A header of another block (more captions than this block has columns): its rows are not ours.
            if let columns = fundColumns ?? staffColumns, filled.count > columns.count + 1,
                filled.allSatisfy({ Self.number(in: $0.text) == nil && $0.text.count <= 24 })
            {
                fundColumns = nil
                staffColumns = nil
                continue
            }
            previousHeaderRow = nil
            if let columns = staffColumns, let group = vocabulary.groups["staffing"] {
                // A row shorter than its header lost its merged leading cells.
                let row = align(row, width: staffHeader.count, header: (group, columns, staffHeader))
                for (c, field) in columns where c < row.count && !row[c].text.isEmpty {
                    cell(b + ["staffing", field], row[c], header: staffHeader[c], row: row)
                }
                out.tableRows += 1
                staffColumns = nil
                continue
            }
            guard let columns = fundColumns, let group = vocabulary.groups["baseRows"],
                Self.number(in: first.text) == nil
            else { continue }
            let row = align(row, width: fundHeader.count, header: (group, columns, fundHeader))
            let nameColumn = row.firstIndex { !$0.text.isEmpty }!
            guard columns[nameColumn] == nil else { continue }
            let i = out.appendRow(b + ["rows"])
            out.string(b + ["rows", String(i), "name"], first.text)
            for (c, field) in columns.sorted(by: { $0.key < $1.key }) where c < row.count && !row[c].text.isEmpty {
                cell(b + ["rows", String(i), field], row[c], header: fundHeader[c], row: row)
            }
            out.tableRows += 1
        }
    }

    /// The columns of the 经费控制情况 block: 预算 columns are the budget; of the 决算
    /// (actual) columns, one headed 上年 or of an earlier year than the others is last
    /// year's, the latest is this year's.
    func baseColumns(_ row: [GridCell]) -> [Int: String]? {
        guard let group = vocabulary.groups["baseRows"], !row.contains(where: { Self.number(in: $0.text) != nil })
        else { return nil }
        var columns: [Int: String] = [:]
        var finals: [(column: Int, year: Int?)] = []
        for (c, cell) in row.enumerated() where !cell.text.isEmpty && !cell.carried {
            guard let field = vocabulary.field(of: cell.text, in: group) else { continue }
            let year = TextPattern("([0-9]{4})").firstMatch(in: cell.text).flatMap { $0[0] }.flatMap { Int($0.text) }
            if field == "final" { finals.append((c, year)) } else { columns[c] = field }
        }
        let budgetYear = columns.first { $0.value == "budget" }.flatMap { c, _ in
            TextPattern("([0-9]{4})").firstMatch(in: row[c].text).flatMap { $0[0] }.flatMap { Int($0.text) }
        }
        let latest = finals.compactMap(\.year).max()
        for (k, f) in finals.enumerated() {
            if let year = f.year, let reference = latest ?? budgetYear {
                columns[f.column] = year < max(reference, budgetYear ?? reference) ? "previousFinal" : "final"
            } else {
                columns[f.column] = finals.count > 1 && k < finals.count - 1 ? "previousFinal" : "final"
            }
        }
        return columns.count >= 2 ? columns : nil
    }
}
