/// A figure's place that survives row moves: array steps whose schema declares a row key
/// are remembered by the row's key value, not its index.
package struct FigureAddress {
    package enum Step { case member(String), index(Int), row(key: String, value: String) }
    package let steps: [Step]
    /// Per step: the schema's row key of the array it enters (nil for members and arrays without one).
    package let rowKeys: [String?]

    package init(tokens: [String], in value: JSONValue, schema: JSONSchema) {
        var steps: [Step] = []
        var rowKeys: [String?] = []
        var node: JSONSchema.Node? = schema.rootNode
        var current: JSONValue? = value
        for token in tokens {
            if case .array(let rows)? = current, let i = Int(token) {
                let row = i < rows.count ? rows[i] : nil
                rowKeys.append(node?.rowKey)
                if let key = node?.rowKey, let keyValue = row?[member: key]?.stringValue {
                    steps.append(.row(key: key, value: keyValue))
                } else {
                    steps.append(.index(i))
                }
                node = node.flatMap { schema.child($0, index: i) }
                current = row
            } else {
                steps.append(.member(token))
                rowKeys.append(nil)
                node = node.flatMap { schema.child($0, member: token) }
                current = current?[member: token]
            }
        }
        self.steps = steps
        self.rowKeys = rowKeys
    }

    /// The figure's tokens and value in `document`, or nil where it is absent.
    package func resolve(in document: JSONValue) -> (tokens: [String], value: JSONValue)? {
        var current = document
        var tokens: [String] = []
        for step in steps {
            switch (step, current) {
            case (.member(let name), .object):
                guard let next = current[member: name] else { return nil }
                current = next
                tokens.append(name)
            case (.index(let i), .array(let rows)):
                guard i < rows.count else { return nil }
                current = rows[i]
                tokens.append(String(i))
            case (.row(let key, let value), .array(let rows)):
                guard let i = rows.firstIndex(where: { $0[member: key]?.stringValue == value }) else { return nil }
                current = rows[i]
                tokens.append(String(i))
            default:
                return nil
            }
        }
        return (tokens, current)
    }

    /// The same path for `JSONSkim`.
    package var skimSteps: [JSONSkim.Step] {
        steps.map { step in
            switch step {
            case .member(let m): return .member(m)
            case .index(let i): return .index(i)
            case .row(let key, let value): return .row(key: key, value: value)
            }
        }
    }

    /// A text identity: `/selfEvaluation/indicators[name=单位日常运转经费]/score`.
    package var identity: String {
        steps.map { step in
            switch step {
            case .member(let m): return "/" + JSONPointer.escape(m)
            case .index(let i): return "/\(i)"
            case .row(let key, let value): return "[\(key)=\(value)]"
            }
        }.joined()
    }
}
