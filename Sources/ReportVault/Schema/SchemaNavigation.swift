/// Finding the schema that describes a place in an instance, for labels, units and row keys.
extension JSONSchema {
    /// The schema objects that apply to one place: the node itself, then what its `$ref`
    /// and `allOf` lead to (so the property's own `title` wins over the referenced one).
    public struct Node {
        public let schemas: [JSONValue]

        /// The first `keyword` found along the node's schemas.
        public func annotation(_ keyword: String) -> JSONValue? {
            for schema in schemas { if let value = schema[member: keyword] { return value } }
            return nil
        }

        /// The Chinese caption (`title`), if any.
        public var title: String? { annotation("title")?.stringValue }
        /// The row key of an array of rows (`x-key`), if declared.
        public var rowKey: String? { annotation("x-key")?.stringValue }
        /// The unit annotation (`x-unit`): "amount", "%", "人", "分", "个" …
        public var unit: String? { annotation("x-unit")?.stringValue }
    }

    /// The node for the whole document.
    public var rootNode: Node { node(for: root) }

    func node(for schema: JSONValue) -> Node {
        var out: [JSONValue] = []
        var pending = [schema]
        while let next = pending.first, out.count < 32 {
            pending.removeFirst()
            guard case .object = next else { continue }
            out.append(next)
            if case .string(let ref)? = next[member: "$ref"], let target = resolveReference(ref) {
                pending.append(target)
            }
            if case .array(let subs)? = next[member: "allOf"] { pending.append(contentsOf: subs) }
        }
        return Node(schemas: out)
    }

    /// The node for member `name` of an object described by `parent`.
    public func child(_ parent: Node, member name: String) -> Node? {
        for schema in parent.schemas {
            if let sub = schema[member: "properties"]?[member: name] { return node(for: sub) }
        }
        for schema in parent.schemas {
            if let sub = schema[member: "additionalProperties"], case .object = sub { return node(for: sub) }
        }
        return nil
    }

    /// The node for element `index` of an array described by `parent`.
    public func child(_ parent: Node, index: Int) -> Node? {
        for schema in parent.schemas {
            if case .array(let prefix)? = schema[member: "prefixItems"], index < prefix.count {
                return node(for: prefix[index])
            }
            if let items = schema[member: "items"], case .object = items { return node(for: items) }
        }
        return nil
    }

    /// The node at an instance pointer's tokens, or nil where the schema says nothing.
    public func node(at tokens: [String]) -> Node? {
        var current = rootNode
        for token in tokens {
            if let i = Int(token), let next = child(current, index: i) {
                current = next
            } else if let next = child(current, member: token) {
                current = next
            } else {
                return nil
            }
        }
        return current
    }
}
