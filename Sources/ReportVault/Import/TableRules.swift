import Foundation

/// The attachment tables: the base data table, the self-evaluation table (Hunan block
/// style and Gansu one-row-per-line style) and project self-evaluation tables.
extension ReportImporter {
    mutating func readTables() {
        for table in text.tables {
            let all = table.flatMap(\.cells).joined(separator: " ")
            let title = tableTitle(before: table.first?.line ?? 0, rows: table)
            if all.contains("编制数") || all.contains("经费控制情况") || (title?.text.contains("基础数据表") ?? false) {
                readBaseData(table)
            } else if all.contains("三级指标") || all.contains("年度资金总额") || all.contains("全年执行数") {
                if let title, title.text.contains("项目支出绩效自评表") {
                    let i = out.appendRow(["projectEvaluations"])
                    readEvaluation(table, base: ["projectEvaluations", String(i)], title: title)
                } else {
                    readEvaluation(table, base: ["selfEvaluation"], title: title)
                }
            } else if table.contains(where: { $0.filled.contains { ImportBuilder.parseNumber($0) != nil } }) {
                out.notes.append("line \(table[0].line): a table of \(table.count) rows was not recognised")
            }
        }
    }

    /// The caption of a table: a line just before it, or its own first row, naming a 表.
    func tableTitle(before line: Int, rows: [ReportText.Row]) -> ReportText.Line? {
        if let own = rows.first, own.filled.count == 1, own.filled[0].hasSuffix("表") {
            return text.lines[own.line - 1]
        }
        return text.narrative.last { $0.number < line && $0.number >= line - 4 && $0.text.contains("表") }
    }

    // MARK: - 基础数据表

    mutating func readBaseData(_ table: [ReportText.Row]) {
        let b = ["baseData"]
        var header: [String] = []
        var mode = ""
        for row in table {
            let cells = row.cells
            let first = cells.first(where: { !$0.isEmpty }) ?? ""
            if first.contains("财政供养人员") {
                header = cells
                mode = "staff"
                continue
            }
            if first.contains("经费控制情况") {
                header = cells
                mode = "funds"
                for (i, caption) in cells.enumerated() {
                    if caption.contains("上年") || (i == 1 && caption.contains("决算")) { out.string(b + ["columns", "previousFinal"], caption) }
                    else if caption.contains("预算") { out.string(b + ["columns", "budget"], caption) }
                    else if caption.contains("决算") { out.string(b + ["columns", "final"], caption) }
                }
                if first.contains("（元）") || first.contains("(元)") { out.string(b + ["amountUnit"], "元") }
                continue
            }
            if first.hasPrefix("楼堂馆所") || first.hasPrefix("说明") { mode = "done" }
            if first.hasPrefix("厉行节约") {
                if cells.count > 1, !cells[1].isEmpty { out.string(b + ["measures"], cells[1]) }
                continue
            }
            switch mode {
            case "staff":
                for (i, caption) in header.enumerated() where i < cells.count && !cells[i].isEmpty {
                    let key = caption.contains("编制") ? "authorized" : caption.contains("在职") || caption.contains("实有") ? "actual" : caption.contains("控制率") ? "controlRate" : nil
                    if let key { cell(b + ["staffing", key], cells[i], row) }
                }
                out.tableRows += 1
            case "funds":
                guard !first.isEmpty, cells.first?.isEmpty == false else { continue }
                let i = out.appendRow(b + ["rows"])
                out.string(b + ["rows", String(i), "name"], first)
                let keys = ["previousFinal", "budget", "final"]
                for (k, value) in cells.dropFirst().prefix(3).enumerated() where !value.isEmpty {
                    cell(b + ["rows", String(i), keys[k]], value, row)
                }
                out.tableRows += 1
            default:
                continue
            }
        }
    }

    /// A number cell ("2.5", "100%", "58人"): mapped when the cell is only a number with a unit.
    mutating func cell(_ tokens: [String], _ value: String, _ row: ReportText.Row) {
        guard let m = TextPattern("^\\s*(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?:%|万元|元|万|人|个|分)?\\s*$").firstMatch(in: value), let n = m[0] else { return }
        out.number(tokens, n.text, line: row.line, source: row.filled.joined(separator: " | "))
    }

    // MARK: - 自评表

    mutating func readEvaluation(_ table: [ReportText.Row], base: [String], title: ReportText.Line?) {
        if let title {
            out.string(base + ["title"], title.original.trimmed)
            if let m = TextPattern("([0-9]{4})\\s*年度?").firstMatch(in: title.text), let y = m[0] {
                out.number(base + ["heading", "fiscalYear"], y.text, line: title.number, source: title.original.trimmed)
            }
        }
        var fundHeader: [String] = []
        var indicatorHeader: [String] = []
        var level1 = "", level2 = ""
        var largest = 0.0
        for row in table {
            let cells = row.cells
            let filled = row.filled
            guard let first = filled.first else { continue }
            let joined = filled.joined()
            // The table's own heading: (2021年度) and a unit's name on a line of its own.
            if filled.count == 1, let m = TextPattern("^[（(]?([0-9]{4})年度?[）)]?$").firstMatch(in: first), let y = m[0] {
                out.number(base + ["heading", "fiscalYear"], y.text, line: row.line, source: first)
                continue
            }
            if filled.count == 1, TextPattern("^\\p{Han}+(人民政府|办事处|委员会|局|中心)$").firstMatch(in: first) != nil {
                out.string(base + ["heading", "unitName"], first)
                continue
            }
            if filled.count == 1, first.hasSuffix("表") { continue }
            if first == "单位名称" || first == "部门名称" && filled.count == 2 {
                out.string(base + ["heading", "unitName"], filled[1])
                continue
            }
            if joined.contains("年初预算数") || joined.contains("全年预算数") {
                fundHeader = cells
                continue
            }
            if joined.contains("三级指标") {
                indicatorHeader = cells
                continue
            }
            if first.hasPrefix("总分") {
                let numbers = filled.dropFirst().filter { ImportBuilder.parseNumber($0) != nil }
                if let weightColumn = indicatorHeader.firstIndex(where: { $0.contains("分值") }), weightColumn < cells.count, !cells[weightColumn].isEmpty, indicatorHeader.count == cells.count {
                    cell(base + ["totalWeight"], cells[weightColumn], row)
                    if let scoreColumn = indicatorHeader.firstIndex(where: { $0.contains("得分") }), scoreColumn < cells.count { cell(base + ["totalScore"], cells[scoreColumn], row) }
                } else if numbers.count >= 2 {
                    cell(base + ["totalWeight"], numbers[numbers.startIndex], row)
                    cell(base + ["totalScore"], numbers[numbers.startIndex + 1], row)
                } else if numbers.count == 1 {
                    cell(base + ["totalScore"], numbers[numbers.startIndex], row)
                }
                out.tableRows += 1
                continue
            }
            if first.hasPrefix("说明") { continue }
            // Goals.
            if first.contains("年度总体目标") || first == "预期目标" || first == "实际完成情况" || first.hasPrefix("评价目标") {
                if first == "预期目标", filled.count > 1 { out.string(base + ["goals", "planned"], filled[1]) }
                if first == "实际完成情况", filled.count > 1 { out.string(base + ["goals", "achieved"], filled[1]) }
                continue
            }
            if !fundHeader.isEmpty && indicatorHeader.isEmpty {
                if readFundRow(row, header: fundHeader, base: base, largest: &largest) { continue }
            }
            if !indicatorHeader.isEmpty {
                if indicatorHeader.count == cells.count || cells.count >= indicatorHeader.count - 1, !row.cells[0].isEmpty || indicatorHeader[0].contains("一级") {
                    readIndicatorByColumns(row, header: indicatorHeader, base: base, level1: &level1, level2: &level2)
                } else {
                    readIndicatorByContent(row, base: base, level1: &level1, level2: &level2)
                }
            }
        }
        if largest >= 100_000, !out.has(base + ["amountUnit"]) {
            out.string(base + ["amountUnit"], "元")
            out.notes.append("\(base.joined(separator: "/")): amounts read as 元 (the largest is \(ECMAScriptNumber.format(largest)); a township's budget in 万元 is far smaller)")
        }
    }

    /// A row of the fund block, or a row of the income/expenditure splits. Returns whether it was one.
    mutating func readFundRow(_ row: ReportText.Row, header: [String], base: [String], largest: inout Double) -> Bool {
        let funds = base + ["funds"]
        var split = false
        for cellText in row.filled {
            for (pattern, tokens) in [("一般公共预算：{A}", ["byIncome", "generalBudget"]), ("政府性基金拨款：{A}", ["byIncome", "governmentFund"]),
                                      ("纳入专户管理的非税收入拨款：{A}", ["byIncome", "specialAccount"]), ("其他资金：{A}", ["byIncome", "other"]),
                                      ("基本支出：{A}", ["byExpenditure", "basic"]), ("项目支出：{A}", ["byExpenditure", "project"])] {
                if let m = TextPattern(pattern).firstMatch(in: cellText), let n = m[0] {
                    out.number(funds + tokens, n.text, line: row.line, source: cellText)
                    split = true
                }
            }
            if cellText.contains("按收入性质分") || cellText.contains("按支出性质分") || cellText.hasSuffix("：") { split = true }
        }
        if split { out.tableRows += 1; return true }
        guard let name = row.filled.first, ImportBuilder.parseNumber(name) == nil else { return false }
        let keyFor: (String) -> String? = { caption in
            if caption.contains("年初预算") { return "initialBudget" }
            if caption.contains("全年预算") { return "annualBudget" }
            if caption.contains("全年执行") { return "executed" }
            if caption.contains("执行率") { return "executionRate" }
            if caption.contains("分值") { return "weight" }
            if caption.contains("得分") { return "score" }
            if caption.contains("原因") { return "note" }
            return nil
        }
        let i = out.appendRow(funds + ["rows"])
        out.string(funds + ["rows", String(i), "name"], name)
        for (c, value) in row.cells.enumerated() where c < header.count && !value.isEmpty && value != name {
            guard let key = keyFor(header[c]) else { continue }
            if key == "note" { out.string(funds + ["rows", String(i), key], value); continue }
            cell(funds + ["rows", String(i), key], value, row)
            if ["initialBudget", "annualBudget", "executed"].contains(key), let d = ImportBuilder.parseNumber(value) { largest = max(largest, d) }
        }
        out.tableRows += 1
        return true
    }

    /// Gansu style: one row per line, columns named by the header.
    mutating func readIndicatorByColumns(_ row: ReportText.Row, header: [String], base: [String], level1: inout String, level2: inout String) {
        let cells = row.cells
        func column(_ words: [String]) -> String? {
            guard let c = header.firstIndex(where: { h in words.contains { h.contains($0) } }), c < cells.count else { return nil }
            return cells[c].isEmpty ? nil : cells[c]
        }
        if let l1 = column(["一级"]) { level1 = l1.filter { !$0.isWhitespace } }
        if let l2 = column(["二级"]) { level2 = l2.filter { !$0.isWhitespace } }
        guard let name = column(["三级"]) else { return }
        let i = out.appendRow(base + ["indicators"])
        let r = base + ["indicators", String(i)]
        if !level1.isEmpty { out.string(r + ["level1"], level1) }
        if !level2.isEmpty { out.string(r + ["level2"], level2) }
        out.string(r + ["name"], name)
        if let v = column(["年度目标", "年度指标", "指标值"]) { out.string(r + ["target"], v) }
        if let v = column(["实际完成"]) { out.string(r + ["actual"], v) }
        if let v = column(["单位"]) { out.string(r + ["unit"], v) }
        if let v = column(["分值"]) { cell(r + ["weight"], v, row) }
        if let v = column(["完成率"]) { cell(r + ["completionRate"], v, row) }
        if let v = column(["得分"]) { cell(r + ["score"], v, row) }
        if let v = column(["原因", "偏差"]) { out.string(r + ["deviation"], v) }
        out.tableRows += 1
    }

    /// Hunan block style, where merged cells shift columns: levels are recognised by their
    /// wording (产出指标（50分）, …指标), then name, target [, actual], weight, score [, note].
    mutating func readIndicatorByContent(_ row: ReportText.Row, base: [String], level1: inout String, level2: inout String) {
        var cells = row.filled.map { $0.replacingOccurrences(of: "\n", with: "") }
        let levelWithWeight = TextPattern("^(\\p{Han}+指标)\\s*[（(]\\s*([0-9]+(?:\\.[0-9]+)?)\\s*分\\s*[）)]$")
        if let first = cells.first, let m = levelWithWeight.firstMatch(in: first.filter { !$0.isWhitespace }), let name = m[0], let points = m[1] {
            level1 = name.text
            if !level1Exists(base, name.text) {
                let i = out.appendRow(base + ["level1Weights"])
                out.string(base + ["level1Weights", String(i), "name"], name.text)
                out.number(base + ["level1Weights", String(i), "weight"], points.text, line: row.line, source: first)
            }
            cells.removeFirst()
        }
        while let first = cells.first, first.filter({ !$0.isWhitespace }).hasSuffix("指标"), cells.count >= 2, ImportBuilder.parseNumber(cells[1]) == nil, !cells[1].hasSuffix("%") {
            level2 = first.filter { !$0.isWhitespace }
            cells.removeFirst()
        }
        if cells.count == 1, cells[0].filter({ !$0.isWhitespace }).hasSuffix("指标") {
            level2 = cells[0].filter { !$0.isWhitespace }
            return
        }
        guard cells.count >= 3, let name = cells.first else { return }
        // The last two numeric cells are weight and score; a trailing text cell is the note.
        var note: String?
        if let last = cells.last, ImportBuilder.parseNumber(last) == nil, cells.count >= 4 { note = last; cells.removeLast() }
        guard cells.count >= 3, ImportBuilder.parseNumber(cells[cells.count - 1]) != nil, ImportBuilder.parseNumber(cells[cells.count - 2]) != nil else {
            out.notes.append("line \(row.line): indicator row not understood: \(row.filled.joined(separator: " | "))")
            return
        }
        let i = out.appendRow(base + ["indicators"])
        let r = base + ["indicators", String(i)]
        if !level1.isEmpty { out.string(r + ["level1"], level1) }
        if !level2.isEmpty { out.string(r + ["level2"], level2) }
        out.string(r + ["name"], name)
        let middle = Array(cells[1..<(cells.count - 2)])
        if middle.count >= 1 { out.string(r + ["target"], middle[0]) }
        if middle.count >= 2 { out.string(r + ["actual"], middle[1]) }
        cell(r + ["weight"], cells[cells.count - 2], row)
        cell(r + ["score"], cells[cells.count - 1], row)
        if let note { out.string(r + ["deviation"], note) }
        out.tableRows += 1
    }

    func level1Exists(_ base: [String], _ name: String) -> Bool {
        guard case .array(let rows)? = JSONPointer.resolve(tokens: base + ["level1Weights"], in: out.value) else { return false }
        return rows.contains { $0[member: "name"]?.stringValue == name }
    }
}
