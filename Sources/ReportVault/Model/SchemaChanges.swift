/// One place a schema version describes, for `vault schema`: its pointer (`*` for any row),
/// caption, JSON type and unit, and whether its object requires it.
public struct SchemaPlace: Sendable, Equatable {
    public var pointer: String
    public var title: String?
    public var type: String?
    public var unit: String?
    public var required: Bool
}

/// What changed at one place between two schema versions, for `vault schema --changes`:
/// people who must explain a migration read these.
public struct SchemaChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, removed, moved, retitled }
    public var kind: Kind
    /// The place in the older version (nil for `added`).
    public var from: String?
    /// The place in the newer version (nil for `removed`).
    public var to: String?
    public var oldTitle: String?
    public var newTitle: String?
}

extension ReportSchemas {
    /// Every place version `n` describes, in the schema's order, parents before their members.
    public func outline(_ n: Int) throws(VaultError) -> [SchemaPlace] {
        let schema = try schema(n)
        var out: [SchemaPlace] = []
        func walk(_ node: JSONSchema.Node, _ tokens: [String], depth: Int) {
            guard depth < 16 else { return }
            var required: Set<String> = []
            var names: [String] = []
            for part in node.schemas {
                if case .array(let list)? = part[member: "required"] {
                    required.formUnion(list.compactMap(\.stringValue))
                }
                if case .object(let members)? = part[member: "properties"] {
                    for m in members where !names.contains(m.name) { names.append(m.name) }
                }
            }
            for name in names {
                guard let child = schema.child(node, member: name) else { continue }
                let path = tokens + [name]
                out.append(Self.place(child, path, required: required.contains(name)))
                walk(child, path, depth: depth + 1)
            }
            if node.annotation("items") != nil || node.annotation("prefixItems") != nil,
                let row = schema.child(node, index: 0)
            {
                walk(row, tokens + [ReportAddress.anyRow], depth: depth + 1)
            }
        }
        walk(schema.rootNode, [], depth: 0)
        return out
    }

    private static func place(_ node: JSONSchema.Node, _ tokens: [String], required: Bool) -> SchemaPlace {
        var type: String?
        switch node.annotation("type") {
        case .string(let t)?: type = t
        case .array(let list)?: type = list.compactMap(\.stringValue).joined(separator: "|")
        default: type = nil
        }
        return SchemaPlace(
            pointer: JSONPointer.make(tokens), title: node.title, type: type, unit: node.unit, required: required)
    }

    /// What changed from version `a` to version `b` (either order): places moved by the
    /// steps between them, places removed and added, and places whose caption changed.
    /// A place under a moved, added or removed object is listed with its object only.
    public func changes(from a: Int, to b: Int) throws(VaultError) -> [SchemaChange] {
        let old = try outline(a), new = try outline(b)
        let newByPointer = Dictionary(new.map { ($0.pointer, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [SchemaChange] = []
        var reached: Set<String> = []
        func under(_ pointer: String, _ listed: [String]) -> Bool { listed.contains { pointer.hasPrefix($0 + "/") } }
        var moved: [String] = [], removed: [String] = []
        for place in old {
            let tokens = JSONPointer.tokens(place.pointer) ?? []
            var target = JSONPointer.make(try self.place(tokens, from: a, to: b))
            if target == place.pointer {
                // An array whose rows moved (a step on `/table/*`) moved with them.
                let rows = try self.place(tokens + [ReportAddress.anyRow], from: a, to: b)
                if rows.last == ReportAddress.anyRow, rows != tokens + [ReportAddress.anyRow] {
                    target = JSONPointer.make(Array(rows.dropLast()))
                }
            }
            if let now = newByPointer[target] {
                reached.insert(target)
                if target != place.pointer {
                    if !under(place.pointer, moved) {
                        out.append(
                            SchemaChange(
                                kind: .moved, from: place.pointer, to: target, oldTitle: place.title,
                                newTitle: now.title))
                    }
                    moved.append(place.pointer)
                } else if place.title != now.title {
                    out.append(
                        SchemaChange(
                            kind: .retitled, from: place.pointer, to: target, oldTitle: place.title, newTitle: now.title
                        ))
                }
            } else {
                if !under(place.pointer, removed) {
                    out.append(
                        SchemaChange(kind: .removed, from: place.pointer, to: nil, oldTitle: place.title, newTitle: nil)
                    )
                }
                removed.append(place.pointer)
            }
        }
        var added: [String] = []
        for place in new where !reached.contains(place.pointer) {
            if !under(place.pointer, added) {
                out.append(
                    SchemaChange(kind: .added, from: nil, to: place.pointer, oldTitle: nil, newTitle: place.title))
            }
            added.append(place.pointer)
        }
        return out
    }
}

/// `vault schema --changes A B --json` (schema/schema-changes-output.schema.json).
public struct SchemaChangesOutput: JSONOutput {
    public var from: Int
    public var to: Int
    public var changes: [SchemaChange]

    public init(from: Int, to: Int, changes: [SchemaChange]) {
        self.from = from
        self.to = to
        self.changes = changes
    }

    public var json: JSONValue {
        .object([
            .init("from", .count(from)),
            .init("to", .count(to)),
            .init(
                "changes",
                .array(
                    changes.map { c in
                        .object([
                            .init("kind", .string(c.kind.rawValue)), .init("from", .orNull(c.from)),
                            .init("to", .orNull(c.to)),
                            .init("oldTitle", .orNull(c.oldTitle)), .init("newTitle", .orNull(c.newTitle)),
                        ])
                    })),
        ])
    }
}
