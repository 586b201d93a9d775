/// One numeric figure of a report: where it is, what a reviewer calls it, its value and unit.
public struct Figure: Sendable, Equatable {
    /// RFC 6901 pointer, e.g. `/selfEvaluation/indicators/7/score`.
    public var path: String
    /// Chinese captions along the path joined by " · ", rows named by their key
    /// (e.g. `部门整体支出绩效自评表 · 绩效指标 · 单位日常运转经费 · 得分`).
    public var label: String
    /// The value as stored.
    public var value: Double
    /// `万元`, `元`, `%`, `人`, `分`, `个` … or nil when the schema names none.
    public var unit: String?

    /// The value as an exact decimal.
    public var exact: ExactNumber { ExactNumber(value) }
    /// The value as written in the stored form.
    public var text: String { ECMAScriptNumber.format(value) }
}

/// Lists a report's figures with the captions, row keys and units its schema declares.
public struct FigureList: Sendable {
    let schema: JSONSchema

    public init(schema: JSONSchema) { self.schema = schema }

    /// Every number in `report`, in document (stored) order.
    public func figures(of report: JSONValue) -> [Figure] {
        var out: [Figure] = []
        let unit = ReportAddress.amountUnit.resolve(in: report)?.stringValue ?? "万元"
        walk(CanonicalJSON.sorted(report), node: schema.rootNode, tokens: [], labels: [], amountUnit: unit, into: &out)
        return out
    }

    /// Every number with an identity that survives row moves: array indexes of keyed rows
    /// are replaced by `[key=value]` (the same identity `history` and `blame` use).
    public func keyedValues(of report: JSONValue) -> [String: Double] {
        var out: [String: Double] = [:]
        func walk(_ value: JSONValue, _ node: JSONSchema.Node?, _ identity: String) {
            switch value {
            case .number(let d): out[identity] = d
            case .object(let members):
                for m in members {
                    walk(
                        m.value, node.flatMap { schema.child($0, member: m.name) },
                        identity + "/" + JSONPointer.escape(m.name))
                }
            case .array(let rows):
                let key = node?.rowKey
                for (i, row) in rows.enumerated() {
                    let step = key.flatMap { row[member: $0]?.stringValue }.map { "[\(key!)=\($0)]" } ?? "/\(i)"
                    walk(row, node.flatMap { schema.child($0, index: i) }, identity + step)
                }
            default: return
            }
        }
        walk(report, schema.rootNode, "")
        return out
    }

    /// The caption of the place `tokens` names in `report` (the same label `figures` gives).
    public func label(of tokens: [String], in report: JSONValue) -> String {
        labels(of: tokens, in: report).joined(separator: " · ")
    }

    /// The caption's parts, one a step (``label(of:in:)`` joins them with " · ").
    public func labels(of tokens: [String], in report: JSONValue) -> [String] {
        var node: JSONSchema.Node? = schema.rootNode
        var labels: [String] = []
        var value: JSONValue? = report
        for token in tokens {
            let parentNode = node
            if case .array(let rows)? = value, let i = Int(token) {
                let row = i < rows.count ? rows[i] : nil
                node = parentNode.flatMap { schema.child($0, index: i) }
                labels.append(rowLabel(row, key: parentNode?.rowKey, index: i))
                value = row
            } else {
                node = parentNode.flatMap { schema.child($0, member: token) }
                labels.append(node?.title ?? token)
                value = value?[member: token]
            }
        }
        return labels
    }

    private func walk(
        _ value: JSONValue, node: JSONSchema.Node?, tokens: [String], labels: [String], amountUnit: String,
        into out: inout [Figure]
    ) {
        switch value {
        case .number(let d):
            var unit = node?.unit
            if unit == "amount" { unit = amountUnit }
            out.append(
                Figure(path: JSONPointer.make(tokens), label: labels.joined(separator: " · "), value: d, unit: unit))
        case .object(let members):
            let unitHere = ReportAddress.amountUnit.resolve(in: value)?.stringValue ?? amountUnit
            for member in members {
                let child = node.flatMap { schema.child($0, member: member.name) }
                walk(
                    member.value, node: child, tokens: tokens + [member.name],
                    labels: labels + [child?.title ?? member.name], amountUnit: unitHere, into: &out)
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                let child = node.flatMap { schema.child($0, index: i) }
                walk(
                    element, node: child, tokens: tokens + [String(i)],
                    labels: labels + [rowLabel(element, key: node?.rowKey, index: i)], amountUnit: amountUnit,
                    into: &out)
            }
        default:
            return
        }
    }

    /// A row is named by its key's value; rows without one by their 1-based position.
    func rowLabel(_ row: JSONValue?, key: String?, index: Int) -> String {
        if let key, let name = row?[member: key] {
            switch name {
            case .string(let s): return s
            case .number(let d): return ECMAScriptNumber.format(d)
            default: break
            }
        }
        return "#\(index + 1)"
    }
}
