import Foundation

/// The workbooks `vault figures --xlsx` and `vault diff --xlsx` write (and the web view
/// offers for download): the same rows as their CSV, with numbers as numbers, headers in the
/// reader's language and the report's amount unit in the value headers.
extension XLSXWorkbook {
    /// One sheet listing every figure of one report: label, value, unit, path. Amounts show
    /// two decimals, rates as per cent.
    /// With `notes` (a reviewed report's notes, by figure pointer), a last column holds each
    /// figure's review notes.
    public static func figures(
        _ figures: [Figure], report: String, amountUnit: String, language: Language = .current,
        notes: [String: [ReviewNote]]? = nil
    ) -> XLSXWorkbook {
        var header = [
            Message("cli.csv.label").text(language), Message("cli.csv.value").text(language),
            Message("cli.csv.unit").text(language),
            Message("cli.csv.path").text(language),
        ]
        if notes != nil { header.append(Message("xlsx.notes").text(language)) }
        let rows = figures.map { f -> [Cell] in
            [
                .text(f.label), .number(f.value, style: style(unit: f.unit, delta: false)),
                f.unit.map(Cell.text) ?? .empty, .text(f.path),
            ] + (notes.map { [noteCell($0[f.path] ?? [], language)] } ?? [])
        }
        return XLSXWorkbook(sheets: [Sheet(name: sheetName(report), header: header, rows: rows)])
    }

    /// How a number in `unit` is shown: amounts with two decimals, rates as per cent, other
    /// counts as they are; signed when it is a change.
    static func style(unit: String?, delta: Bool) -> Style {
        switch unit {
        case "万元", "元": delta ? .amountDelta : .amount
        case "%": delta ? .percent : .rate
        default: delta ? .delta : .plain
        }
    }

    /// One sheet per compared report: each change of a figure (label, kind, old, new, delta,
    /// %, unit, path), numbers only in the value columns, added, removed and moved rows
    /// highlighted (a move said in the kind column, a row added or removed whole by its
    /// caption and amount), then the check findings that appeared or were fixed; the text
    /// sections' changes in a sheet of their own. A comparison with no report still gives
    /// one (empty) sheet. Every sheet prints on A4 across, one page wide.
    /// With `notes` (reviewed reports' notes, by report and figure pointer), a report that has
    /// notes gets a last column with each changed figure's review notes.
    public static func diff(
        _ output: DiffOutput, language: Language = .current, notes: [String: [String: [ReviewNote]]] = [:]
    ) -> XLSXWorkbook {
        var sheets: [Sheet] = []
        var texts: [[Cell]] = []
        for comparison in output.reports {
            let amountUnit = comparison.amountUnit
            let reviewed = notes[comparison.report]
            var header = [
                Message("diff.csv.label").text(language), Message("diff.csv.kind").text(language),
                Message("diff.csv.old").text(language),
                Message("diff.csv.new").text(language), Message("diff.csv.delta").text(language),
                Message("diff.csv.pct").text(language),
                Message("diff.csv.unit").text(language), Message("diff.csv.path").text(language),
            ]
            if reviewed != nil { header.append(Message("xlsx.notes").text(language)) }
            var rows: [[Cell]] = []
            for c in comparison.changes {
                let kind = ReportComparison.kindLabel(c.kind).text(language)
                if c.isText {
                    texts.append([.text(comparison.report), .text(c.label), .text(kind), cell(c.old), cell(c.new)])
                    continue
                }
                var row: [Cell]
                if c.kind == .moved, case .number(let a)? = c.old, case .number(let b)? = c.new {
                    // A move: where from and where to, in words; no number in the value columns.
                    let moved = Message(
                        "xlsx.moved", ["kind": .text(kind), "from": .count(Int(a) + 1), "to": .count(Int(b) + 1)]
                    ).text(language)
                    row = [.text(c.label), .text(moved), .empty, .empty, .empty, .empty, .empty, .text(c.path)]
                } else if case .object(let members)? = c.old ?? c.new {
                    // A row added or removed whole: its caption in the kind column, its amount as the value.
                    let (caption, amount) = rowSummary(members)
                    let value: Cell = amount.map { .number($0, style: .amount) } ?? .empty
                    row = [
                        .text(c.label), .text(caption.map { "\(kind): \($0)" } ?? kind),
                        c.kind == .removed ? value : .empty, c.kind == .added ? value : .empty, .empty, .empty,
                        amount == nil ? .empty : .text(amountUnit), .text(c.path),
                    ]
                } else {
                    let numeric = [c.old, c.new].contains { if case .number? = $0 { true } else { false } }
                    let unit = c.unit ?? (numeric ? amountUnit : nil)
                    let valueStyle = style(unit: unit, delta: false)
                    func number(_ v: JSONValue?) -> Cell {
                        switch v {
                        case .number(let d)?: .number(d, style: valueStyle)
                        case nil, .null?: .empty
                        case let other?: .text(scalarText(other))
                        }
                    }
                    row = [
                        .text(c.label), .text(kind), number(c.old), number(c.new),
                        c.delta.map {
                            .number(Double(ExactNumber.text($0)) ?? 0, style: style(unit: unit, delta: true))
                        } ?? .empty,
                        c.pct.map { .number(Double(ExactNumber.text($0)) ?? 0, style: .percent) } ?? .empty,
                        unit.map(Cell.text) ?? .empty, .text(c.path),
                    ]
                }
                if c.kind != .changed { row = row.map { Cell($0.value, style: $0.style.highlighted) } }
                if let reviewed { row.append(noteCell(reviewed[c.path] ?? [], language)) }
                rows.append(row)
            }
            // A report added or removed whole: one row per figure, never its JSON in one cell.
            if !comparison.wholeReportFigures.isEmpty, let whole = comparison.changes.first, whole.path.isEmpty {
                let kind = Cell.text(ReportComparison.kindLabel(whole.kind).text(language))
                rows = comparison.wholeReportFigures.map { f in
                    let value = Cell.number(f.value, style: style(unit: f.unit, delta: false))
                    return [
                        .text(f.label), kind, whole.kind == .removed ? value : .empty,
                        whole.kind == .added ? value : .empty, .empty, .empty, f.unit.map(Cell.text) ?? .empty,
                        .text(f.path),
                    ]
                    .map { Cell($0.value, style: $0.style.highlighted) }
                }
            }
            func finding(_ f: Finding, _ kind: Message) -> [Cell] {
                [
                    .text("\(f.rule): \(language == .zh ? f.messageZH : f.message)"), .text(kind.text(language)),
                    .empty, .empty, .empty, .empty, .empty,
                    .text(f.figures.first?.path ?? ""),
                ]
            }
            rows += comparison.newFindings.map { finding($0, Message("diff.kind.findingNew")) }
            rows += comparison.fixedFindings.map { finding($0, Message("diff.kind.findingFixed")) }
            if reviewed != nil { rows = rows.map { $0.count < header.count ? $0 + [.empty] : $0 } }
            sheets.append(Sheet(name: sheetName(comparison.report), header: header, rows: rows))
        }
        if sheets.isEmpty {
            let header = [Message("diff.csv.label").text(language), Message("diff.csv.kind").text(language)]
            sheets.append(
                Sheet(
                    name: "\(output.from) → \(output.to)", header: header,
                    rows: [[.text(Message("diff.noDifferences").text(language)), .empty]]))
        }
        if !texts.isEmpty {
            let header = [
                Message("xlsx.report").text(language), Message("diff.csv.label").text(language),
                Message("diff.csv.kind").text(language),
                Message("diff.csv.old").text(language), Message("diff.csv.new").text(language),
            ]
            sheets.append(Sheet(name: Message("xlsx.textSheet").text(language), header: header, rows: texts))
        }
        return XLSXWorkbook(sheets: sheets)
    }

    /// A row's caption (name, title, …) and its amount, for a row added or removed whole.
    static func rowSummary(_ members: [JSONValue.Member]) -> (caption: String?, amount: Double?) {
        let caption = ["name", "title", "caption", "item", "label"].lazy.compactMap { key in
            members.first { $0.name == key }?.value.stringValue
        }.first
        let amount = ["amount", "actual", "current", "final", "executed", "budget", "annualBudget", "initialBudget"]
            .lazy.compactMap { key -> Double? in
                if case .number(let d)? = members.first(where: { $0.name == key })?.value { return d }
                return nil
            }.first
        return (caption, amount)
    }

    /// A report's sheet name: `2024 长铺镇` (a slash cannot be in a sheet name).
    static func sheetName(_ report: String) -> String {
        report.replacingOccurrences(of: "/", with: " ")
    }

    /// A value of a diff as a cell: numbers as numbers, text as text, a whole row as its JSON.
    private static func cell(_ value: JSONValue?) -> Cell {
        switch value {
        case nil, .null?: .empty
        case .number(let d)?: .number(d)
        case .string(let s)?: .text(s)
        case let other?: .text(scalarText(other))
        }
    }
}

extension XLSXWorkbook {
    /// A figure's review notes in one cell: each note's state, author, date and words, its
    /// replies under it; empty when there are none.
    static func noteCell(_ notes: [ReviewNote], _ language: Language) -> Cell {
        guard !notes.isEmpty else { return .empty }
        return .text(
            notes.map { note in
                ([
                    "[\(note.state.label.text(language))] \(note.entry.author) \(note.entry.date.prefix(10)): \(note.entry.text)"
                ] + note.replies.map { "↳ \($0.author) \($0.date.prefix(10)): \($0.text)" }).joined(separator: "\n")
            }.joined(separator: "\n"))
    }
}
