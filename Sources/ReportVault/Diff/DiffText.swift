/// The people-facing form of a comparison: grouped by section, Chinese labels, units,
/// ↑/↓ with exact deltas, then the findings that broke or were fixed, then a summary line.
public struct DiffText {
    public var color: Bool
    /// Print a character-level diff of changed texts instead of a summary.
    public var fullText: Bool
    /// The language of the words around the figures.
    public var language: Language

    public init(color: Bool, fullText: Bool = false, language: Language = .current) {
        self.color = color
        self.fullText = fullText
        self.language = language
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// The lines for one report; `title` names the two sides.
    public func render(_ c: ReportComparison, title: String) -> String {
        var lines = [paint(c.report, "1") + "  " + title]
        var section = ""
        for change in c.changes where !change.isSchemaVersion {  // said in the summary line
            let parts = change.label.components(separatedBy: " · ")
            let head = change.path.isEmpty ? "" : (parts.first ?? "")
            let rest = parts.count > 1 ? parts.dropFirst().joined(separator: " · ") : (parts.first ?? "")
            if head != section {
                section = head
                if !head.isEmpty { lines.append("  " + paint(head, "1")) }
            }
            lines.append("    " + line(change, rest))
        }
        for f in c.fixedFindings {
            lines.append("  " + paint(Message("diff.fixed").text(language), "32") + "  \(f.rule)  \(f.messageZH)")
        }
        for f in c.newFindings {
            lines.append(
                "  " + paint(Message(f.severity == .error ? "diff.newError" : "diff.newWarning").text(language), "31")
                    + "  \(f.rule)  \(f.messageZH)")
        }
        lines.append("  " + c.summaryMessage.text(language))
        return lines.joined(separator: "\n")
    }

    func line(_ c: FigureChange, _ label: String) -> String {
        let unit = c.unit.map { " " + $0 } ?? ""
        switch c.kind {
        case .added:
            return paint("+ \(label)", "32") + (c.new.map { "  " + brief($0) + unit } ?? "")
        case .removed:
            return paint("- \(label)", "31") + (c.old.map { "  " + brief($0) + unit } ?? "")
        case .moved:
            let from = c.old?.numberValue.map { Int($0) + 1 } ?? 0, to = c.new?.numberValue.map { Int($0) + 1 } ?? 0
            return paint("↕ \(label)", "33") + "  "
                + Message("diff.movedRow", ["from": .count(from), "to": .count(to)]).text(language)
        case .changed:
            if c.isText, case .string(let a)? = c.old, case .string(let b)? = c.new {
                if fullText {
                    return "\(label):\n      "
                        + TextDiff.marked(a, b, context: 40).replacingOccurrences(of: "\n", with: "\n      ")
                }
                let s = TextDiff.summary(a, b)
                return "\(label): "
                    + Message("diff.characters", ["added": .count(s.added), "removed": .count(s.removed)]).text(
                        language) + "  \(s.excerpt)"
            }
            var text = "\(label)  \(brief(c.old ?? .null)) → \(brief(c.new ?? .null))\(unit)"
            if let delta = c.delta {
                let up = delta > 0
                let magnitude = up ? delta : -delta
                text += "  " + paint((up ? "↑ " : "↓ ") + ExactNumber.text(magnitude), up ? "32" : "31")
                if let pct = c.pct {
                    // Two decimals, or four when two would show a real change as 0.
                    let shown =
                        ExactNumber.rounded(pct, places: 2) == 0
                        ? ExactNumber.rounded(pct, places: 4) : ExactNumber.rounded(pct, places: 2)
                    text += " (\(pct > 0 ? "+" : "")\(ExactNumber.text(shown))%)"
                }
            }
            return text
        }
    }

    func brief(_ v: JSONValue) -> String {
        switch v {
        case .number(let d): return ECMAScriptNumber.format(d)
        case .string(let s): return "“" + TextDiff.clip(s) + "”"
        case .object(let m):
            return m.first(where: { $0.name == "name" || $0.name == "heading" })?.value.stringValue.map { "“\($0)”" }
                ?? "{…}"
        default: return String(decoding: CanonicalJSON.rfc8785(v), as: UTF8.self)
        }
    }
}
