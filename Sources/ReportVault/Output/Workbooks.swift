import Foundation

/// The workbooks `vault figures --xlsx` and `vault diff --xlsx` write (and the web view
/// offers for download): the same rows as their CSV, with numbers as numbers, headers in the
/// reader's language and the report's amount unit in the value headers.
extension XLSXWorkbook {
    /// One sheet listing every figure of one report: label, value, unit, path.
    public static func figures(_ figures: [Figure], report: String, amountUnit: String, language: Language = .current) -> XLSXWorkbook {
        let header = [
            Message("cli.csv.label").text(language),
            Message("xlsx.amountsIn", ["header": .message(Message("cli.csv.value")), "unit": .text(amountUnit)]).text(language),
            Message("cli.csv.unit").text(language),
            Message("cli.csv.path").text(language),
        ]
        let rows = figures.map { f -> [Cell] in [.text(f.label), .number(f.value), f.unit.map(Cell.text) ?? .empty, .text(f.path)] }
        return XLSXWorkbook(sheets: [Sheet(name: sheetName(report), header: header, rows: rows)])
    }

    /// One sheet per compared report: each change (label, kind, old, new, delta, %, unit,
    /// path; added, removed and moved rows highlighted), then the check findings that
    /// appeared or were fixed. A comparison with no report still gives one (empty) sheet.
    public static func diff(_ output: DiffOutput, language: Language = .current) -> XLSXWorkbook {
        var sheets: [Sheet] = []
        for comparison in output.reports {
            let unit = comparison.amountUnit
            func amounts(_ key: String) -> String {
                Message("xlsx.amountsIn", ["header": .message(Message(key)), "unit": .text(unit)]).text(language)
            }
            let header = [
                Message("diff.csv.label").text(language), Message("diff.csv.kind").text(language), amounts("diff.csv.old"), amounts("diff.csv.new"),
                amounts("diff.csv.delta"), Message("diff.csv.pct").text(language), Message("diff.csv.unit").text(language), Message("diff.csv.path").text(language),
            ]
            var rows: [[Cell]] = comparison.changes.map { c in
                var row: [Cell] = [
                    .text(c.label), .text(ReportComparison.kindLabel(c.kind).text(language)), cell(c.old), cell(c.new),
                    c.delta.map { .number(Double(ExactNumber.text($0)) ?? 0, style: .delta) } ?? .empty,
                    c.pct.map { .number(Double(ExactNumber.text($0)) ?? 0, style: .percent) } ?? .empty,
                    c.unit.map(Cell.text) ?? .empty, .text(c.path),
                ]
                if c.kind != .changed { row = row.map { Cell($0.value, style: $0.style.highlighted) } }
                return row
            }
            // A report added or removed whole: one row per figure, never its JSON in one cell.
            if !comparison.wholeReportFigures.isEmpty, let whole = comparison.changes.first, whole.path.isEmpty {
                let kind = Cell.text(ReportComparison.kindLabel(whole.kind).text(language))
                rows = comparison.wholeReportFigures.map { f in
                    let value = Cell.number(f.value)
                    return [
                        .text(f.label), kind, whole.kind == .removed ? value : .empty, whole.kind == .added ? value : .empty, .empty, .empty, f.unit.map(Cell.text) ?? .empty,
                        .text(f.path),
                    ]
                    .map { Cell($0.value, style: $0.style.highlighted) }
                }
            }
            func finding(_ f: Finding, _ kind: Message) -> [Cell] {
                [
                    .text("\(f.rule): \(language == .zh ? f.messageZH : f.message)"), .text(kind.text(language)), .empty, .empty, .empty, .empty, .empty,
                    .text(f.figures.first?.path ?? ""),
                ]
            }
            rows += comparison.newFindings.map { finding($0, Message("diff.kind.findingNew")) }
            rows += comparison.fixedFindings.map { finding($0, Message("diff.kind.findingFixed")) }
            sheets.append(Sheet(name: sheetName(comparison.report), header: header, rows: rows))
        }
        if sheets.isEmpty {
            let header = [Message("diff.csv.label").text(language), Message("diff.csv.kind").text(language)]
            sheets.append(Sheet(name: "\(output.from) → \(output.to)", header: header, rows: [[.text(Message("diff.noDifferences").text(language)), .empty]]))
        }
        return XLSXWorkbook(sheets: sheets)
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
