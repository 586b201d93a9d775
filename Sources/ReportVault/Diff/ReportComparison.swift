import Foundation

/// The differences of one report between two sides: figure changes and the check
/// findings that appeared (a rule that broke) or disappeared (a rule that was fixed).
public struct ReportComparison: Sendable {
    /// `2024/<unit>` or a file name.
    public var report: String
    public var changes: [FigureChange]
    public var newFindings: [Finding]
    public var fixedFindings: [Finding]
    /// The unit of the report's amounts (万元 or 元) on the new side, or the old side when
    /// the report was removed: what a table of the changes puts in its headers.
    public var amountUnit: String
    /// A report added or removed whole: its figures, for outputs that list them one per row.
    public var wholeReportFigures: [Figure] = []

    /// Compares two versions (of the same or different schema versions).
    public init(
        report: String, old: JSONValue?, new: JSONValue?, diff: FigureDiff, checker: ReportCheck
    ) throws(VaultError) {
        self.report = report
        amountUnit = (new ?? old).flatMap { ReportAddress.amountUnit.resolve(in: $0)?.stringValue } ?? "万元"
        switch (old, new) {
        case let (a?, b?): changes = try diff.changes(from: a, to: b)
        case let (a?, nil):
            changes = [
                FigureChange(path: "", label: report, kind: .removed, old: a, new: nil, delta: nil, pct: nil, unit: nil)
            ]
        case let (nil, b?):
            changes = [
                FigureChange(path: "", label: report, kind: .added, old: nil, new: b, delta: nil, pct: nil, unit: nil)
            ]
        default: changes = []
        }
        if (old == nil) != (new == nil), let whole = old ?? new {
            wholeReportFigures = try diff.schemas.figureList(for: whole).figures(of: whole)
        }
        // A finding is the same on both sides when the same rule is broken at the same
        // figure — found by row key, so inserting a row does not make every finding "new" —
        // and in the newest schema version, so a figure that moved between versions is one.
        let schemas = diff.schemas
        let newest = try schemas.newestSchema()
        func keyed(_ doc: JSONValue?) throws(VaultError) -> [(key: String, finding: Finding)] {
            guard let doc else { return [] }
            let version = try schemas.version(for: doc)
            let read = try schemas.convert(doc, from: version, to: schemas.newest)
            var out: [(key: String, finding: Finding)] = []
            for f in try checker.findings(for: doc) {
                let tokens = try schemas.place(
                    JSONPointer.tokens(f.figures.first?.path ?? "") ?? [], from: version, to: schemas.newest)
                out.append((f.rule + " " + FigureAddress(tokens: tokens, in: read, schema: newest).identity, f))
            }
            return out
        }
        let before = try keyed(old), after = try keyed(new)
        let beforeKeys = Set(before.map(\.key)), afterKeys = Set(after.map(\.key))
        newFindings = after.filter { !beforeKeys.contains($0.key) }.map(\.finding)
        fixedFindings = before.filter { !afterKeys.contains($0.key) }.map(\.finding)
    }

    /// Counts for the summary line.
    public var figuresChanged: Int { changes.filter(\.isFigure).count }

    /// "7 figures changed, 1 row added, 2 text sections changed, 1 check finding fixed", in
    /// either language (`diff.*`).
    public var summaryMessage: Message {
        var parts = Self.summaryParts(of: changes)
        if !newFindings.isEmpty { parts.append(Message("diff.findingsAppeared", ["n": .count(newFindings.count)])) }
        if !fixedFindings.isEmpty { parts.append(Message("diff.findingsFixed", ["n": .count(fixedFindings.count)])) }
        return parts.isEmpty ? Message("diff.noDifferences") : Self.list(parts)
    }

    /// The summary line in the user's language.
    public var summary: String { summaryMessage.localized }

    /// The count phrases of a list of changes, e.g. ["7 figures changed", "1 row added"].
    public static func summaryParts(of changes: [FigureChange]) -> [Message] {
        var parts: [Message] = []
        func add(_ n: Int, _ key: String) { if n > 0 { parts.append(Message(key, ["n": .count(n)])) } }
        add(changes.filter(\.isFigure).count, "diff.figuresChanged")
        add(changes.filter { $0.kind == .added }.count, "diff.rowsAdded")
        add(changes.filter { $0.kind == .removed }.count, "diff.rowsRemoved")
        add(changes.filter { $0.kind == .moved }.count, "diff.rowsMoved")
        add(changes.filter(\.isText).count, "diff.textsChanged")
        add(
            changes.filter { $0.kind == .changed && !$0.isFigure && !$0.isText && !$0.isSchemaVersion }.count,
            "diff.othersChanged")
        if let version = changes.first(where: \.isSchemaVersion), let old = version.old, let new = version.new {
            parts.append(Message("diff.schemaVersion", ["from": .text(scalarText(old)), "to": .text(scalarText(new))]))
        }
        return parts
    }

    /// Count phrases as one: "7 figures changed, 1 row added" (joined as the language joins them).
    public static func list(_ parts: [Message]) -> Message {
        guard let first = parts.first else { return Message("empty") }
        return parts.dropFirst().reduce(first) {
            Message("diff.list", ["first": .message($0), "second": .message($1)])
        }
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

    /// CSV rows in the user's language (``csvRows(_:)``).
    public var csvRows: [[String]] { csvRows(.current) }

    /// CSV rows: report, path, label, kind, old, new, delta, pct, unit; then one row per
    /// check finding that appeared (kind `finding new`) or was fixed (`finding fixed`), with
    /// the rule and its message as the label and the figure it names as the path. The kind
    /// and the finding's message are in `language`.
    public func csvRows(_ language: Language) -> [[String]] {
        func finding(_ f: Finding, _ kind: Message) -> [String] {
            [
                report, f.figures.first?.path ?? "", "\(f.rule): \(language == .zh ? f.messageZH : f.message)",
                kind.text(language), "", "", "", "", "",
            ]
        }
        // Amounts with two decimals, per cent with at most two, as the pages and workbooks show them.
        func shown(_ v: JSONValue?, _ unit: String?) -> String {
            guard let v else { return "" }
            if case .number = v { return ExactNumber.shown(scalarText(v), unit: unit) }
            return scalarText(v)
        }
        return changes.map { c in
            let unit = c.kind == .moved ? nil : c.unit
            return [
                report, c.path, c.label, Self.kindLabel(c.kind).text(language), shown(c.old, unit), shown(c.new, unit),
                c.delta.map { ExactNumber.shown(ExactNumber.text($0), unit: unit) } ?? "",
                c.pct.map { ExactNumber.shown(ExactNumber.text($0), unit: "%") } ?? "",
                c.unit ?? "",
            ]
        }
            + newFindings.map { finding($0, Message("diff.kind.findingNew")) }
            + fixedFindings.map { finding($0, Message("diff.kind.findingFixed")) }
    }

    /// A change's kind as the CSV's kind column names it ("changed", "added", …).
    package static func kindLabel(_ kind: FigureChange.Kind) -> Message {
        switch kind {
        case .changed: Message("diff.kind.changed")
        case .added: Message("diff.kind.added")
        case .removed: Message("diff.kind.removed")
        case .moved: Message("diff.kind.moved")
        }
    }

    /// The CSV header in the user's language (``csvHeader(_:)``).
    public static var csvHeader: [String] { csvHeader(.current) }

    /// The CSV header; `pct` is the percentage change (12.5 means +12.5 %).
    public static func csvHeader(_ language: Language) -> [String] {
        [
            Message("diff.csv.report"), Message("diff.csv.path"), Message("diff.csv.label"), Message("diff.csv.kind"),
            Message("diff.csv.old"),
            Message("diff.csv.new"), Message("diff.csv.delta"), Message("diff.csv.pct"), Message("diff.csv.unit"),
        ].map { $0.text(language) }
    }
}

/// A decimal as a JSON number whose shortest form is the decimal's own digits
/// (exact for the ≤ 15 significant digits report figures have).
package func decimalJSON(_ d: Decimal) -> JSONValue {
    .number(Double(ExactNumber.text(d)) ?? NSDecimalNumber(decimal: d).doubleValue)
}

/// A value as one CSV cell: numbers as written, strings as they are, containers as JSON.
package func scalarText(_ v: JSONValue) -> String {
    switch v {
    case .string(let s): return s
    case .number(let d): return ECMAScriptNumber.format(d)
    default: return String(decoding: CanonicalJSON.rfc8785(v), as: UTF8.self)
    }
}
