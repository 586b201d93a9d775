import Foundation

/// The differences of one report between two sides: figure changes and the check
/// findings that appeared (a rule that broke) or disappeared (a rule that was fixed).
public struct ReportComparison: Sendable {
    /// `2024/<unit>` or a file name.
    public var report: String
    public var changes: [FigureChange]
    public var newFindings: [Finding]
    public var fixedFindings: [Finding]

    /// Compares two versions with one schema.
    public init(report: String, old: JSONValue?, new: JSONValue?, diff: FigureDiff, checker: ReportCheck) {
        self.report = report
        switch (old, new) {
        case let (a?, b?): changes = diff.changes(from: a, to: b)
        case let (a?, nil): changes = [FigureChange(path: "", label: report, kind: .removed, old: a, new: nil, delta: nil, pct: nil, unit: nil)]
        case let (nil, b?): changes = [FigureChange(path: "", label: report, kind: .added, old: nil, new: b, delta: nil, pct: nil, unit: nil)]
        default: changes = []
        }
        // A finding is the same on both sides when the same rule is broken at the same
        // figure — found by row key, so inserting a row does not make every finding "new".
        func keyed(_ doc: JSONValue?) -> [(key: String, finding: Finding)] {
            guard let doc else { return [] }
            return checker.findings(for: doc).map { f in
                let tokens = JSONPointer.tokens(f.figures.first?.path ?? "") ?? []
                return (f.rule + " " + FigureAddress(tokens: tokens, in: doc, schema: diff.schema).identity, f)
            }
        }
        let before = keyed(old), after = keyed(new)
        let beforeKeys = Set(before.map(\.key)), afterKeys = Set(after.map(\.key))
        newFindings = after.filter { !beforeKeys.contains($0.key) }.map(\.finding)
        fixedFindings = before.filter { !afterKeys.contains($0.key) }.map(\.finding)
    }

    /// Counts for the summary line.
    public var figuresChanged: Int { changes.filter(\.isFigure).count }

    /// "7 figures changed, 1 row added, 2 text sections changed, 1 check finding fixed".
    public var summary: String {
        var parts = Self.summaryParts(of: changes)
        if !newFindings.isEmpty { parts.append("\(newFindings.count) check finding\(newFindings.count == 1 ? "" : "s") appeared") }
        if !fixedFindings.isEmpty { parts.append("\(fixedFindings.count) check finding\(fixedFindings.count == 1 ? "" : "s") fixed") }
        return parts.isEmpty ? "no differences" : parts.joined(separator: ", ")
    }

    /// The count phrases of a list of changes, e.g. ["7 figures changed", "1 row added"].
    public static func summaryParts(of changes: [FigureChange]) -> [String] {
        var parts: [String] = []
        func add(_ n: Int, _ one: String, _ many: String) { if n > 0 { parts.append("\(n) \(n == 1 ? one : many)") } }
        add(changes.filter(\.isFigure).count, "figure changed", "figures changed")
        add(changes.filter { $0.kind == .added }.count, "row added", "rows added")
        add(changes.filter { $0.kind == .removed }.count, "row removed", "rows removed")
        add(changes.filter { $0.kind == .moved }.count, "row moved", "rows moved")
        add(changes.filter(\.isText).count, "text section changed", "text sections changed")
        add(changes.filter { $0.kind == .changed && !$0.isFigure && !$0.isText }.count, "other value changed", "other values changed")
        return parts
    }

    /// The documented `--json` shape of one report.
    public var json: JSONValue {
        .object([
            .init("report", .string(report)),
            .init(
                "changes",
                .array(
                    changes.map { c in
                        .object([
                            .init("path", .string(c.path)),
                            .init("label", .string(c.label)),
                            .init("kind", .string(c.kind.rawValue)),
                            .init("old", c.old ?? .null),
                            .init("new", c.new ?? .null),
                            .init("delta", c.delta.map(decimalJSON) ?? .null),
                            .init("pct", c.pct.map(decimalJSON) ?? .null),
                            .init("unit", c.unit.map(JSONValue.string) ?? .null),
                        ])
                    })),
            .init(
                "findings",
                .object([
                    .init("new", .array(newFindings.map(\.json))),
                    .init("fixed", .array(fixedFindings.map(\.json))),
                ])),
        ])
    }

    /// CSV rows: report, path, label, kind, old, new, delta, pct, unit; then one row per
    /// check finding that appeared (kind `finding new`) or was fixed (`finding fixed`), with
    /// the rule and its message as the label and the figure it names as the path.
    public var csvRows: [[String]] {
        changes.map { c in
            [
                report, c.path, c.label, c.kind.rawValue, c.old.map(scalarText) ?? "", c.new.map(scalarText) ?? "",
                c.delta.map(ExactNumber.text) ?? "", c.pct.map(ExactNumber.text) ?? "", c.unit ?? "",
            ]
        }
            + newFindings.map { [report, $0.figures.first?.path ?? "", "\($0.rule): \($0.message)", "finding new", "", "", "", "", ""] }
            + fixedFindings.map { [report, $0.figures.first?.path ?? "", "\($0.rule): \($0.message)", "finding fixed", "", "", "", "", ""] }
    }

    /// The CSV header; `pct` is the percentage change (12.5 means +12.5 %).
    public static let csvHeader = ["report", "path", "label", "kind", "old", "new", "delta", "pct (%)", "unit"]
}

/// A decimal as a JSON number whose shortest form is the decimal's own digits
/// (exact for the ≤ 15 significant digits report figures have).
func decimalJSON(_ d: Decimal) -> JSONValue {
    .number(Double(ExactNumber.text(d)) ?? NSDecimalNumber(decimal: d).doubleValue)
}

/// A value as one CSV cell: numbers as written, strings as they are, containers as JSON.
func scalarText(_ v: JSONValue) -> String {
    switch v {
    case .string(let s): return s
    case .number(let d): return ECMAScriptNumber.format(d)
    default: return String(decoding: CanonicalJSON.rfc8785(v), as: UTF8.self)
    }
}
