/// A figure both sides changed differently since their common base.
public struct MergeConflict: Sendable, Equatable {
    public var pointer: String
    public var base: JSONValue?
    public var theirs: JSONValue?
    public var ours: JSONValue?
    /// The steps to the place: member names, and `[key=value]` for a row of a keyed table
    /// (so that the place is found again in either side, whatever the row's index).
    public var tokens: [String] = []
}

/// Merges two edits of one report figure by figure (three-way: base, theirs, ours): objects
/// member by member, rows of keyed tables by key, anything else as a whole value. A value
/// changed on one side only takes that side; changed to the same on both, that value;
/// changed differently, a conflict.
public struct ThreeWayMerge: Sendable {
    package let schemas: ReportSchemas
    /// The newest version's schema (labels of conflicts).
    package let schema: JSONSchema

    /// The merge of reports of any version in `schemas`: the three sides are merged in the
    /// newest version among them (a side migrated meanwhile keeps the other side's edits).
    public init(schemas: ReportSchemas) throws(VaultError) {
        self.schemas = schemas
        schema = try schemas.newestSchema()
    }

    /// The merge of reports of one schema.
    public init(schema: JSONSchema) {
        schemas = ReportSchemas(single: schema)
        self.schema = schema
    }

    private init(schemas: ReportSchemas, version schema: JSONSchema) {
        self.schemas = schemas
        self.schema = schema
    }

    /// The merged report and the conflicts (the merge is only usable when there are none).
    /// The schema version is merged like a value (a side that alone changed it wins: a
    /// migration on one side, or its revert); the figures are merged in the newest version
    /// among the three, so a figure that moved is one figure, and the result is then read in
    /// the merged version.
    public func merge(
        base: JSONValue?, theirs: JSONValue, ours: JSONValue
    ) throws(VaultError) -> (merged: JSONValue, conflicts: [MergeConflict]) {
        let vt = try schemas.version(for: theirs), vo = try schemas.version(for: ours)
        let vb = try base.map { b throws(VaultError) in try schemas.version(for: b) }
        let v = max(vt, vo, vb ?? 1)
        var target = max(vt, vo)
        if let vb, vt != vo { target = vt == vb ? vo : vo == vb ? vt : max(vt, vo) }
        let t = try schemas.convert(theirs, from: vt, to: v), o = try schemas.convert(ours, from: vo, to: v)
        var b: JSONValue?
        if let base, let vb { b = try schemas.convert(base, from: vb, to: v) }
        let engine = v == schemas.newest ? self : ThreeWayMerge(schemas: schemas, version: try schemas.schema(v))
        var conflicts: [MergeConflict] = []
        let merged = engine.merge(
            b.map(CanonicalJSON.sorted), CanonicalJSON.sorted(t), CanonicalJSON.sorted(o), node: engine.schema.rootNode,
            tokens: [], conflicts: &conflicts)
        return (CanonicalJSON.sorted(try schemas.convert(merged ?? o, from: v, to: target)), conflicts)
    }

    private func merge(
        _ b: JSONValue?, _ t: JSONValue?, _ o: JSONValue?, node: JSONSchema.Node?, tokens: [String],
        conflicts: inout [MergeConflict]
    ) -> JSONValue? {
        if t == o { return t }
        if t == b { return o }
        if o == b { return t }
        switch (b, t, o) {
        case (.object?, .object(let tm)?, .object(let om)?), (nil, .object(let tm)?, .object(let om)?):
            var names = om.map(\.name)
            for m in tm where !names.contains(m.name) { names.append(m.name) }
            if case .object(let bm)? = b { for m in bm where !names.contains(m.name) { names.append(m.name) } }
            var members: [JSONValue.Member] = []
            for name in names {
                let child = node.flatMap { schema.child($0, member: name) }
                if let v = merge(
                    b?[member: name], t?[member: name], o?[member: name], node: child, tokens: tokens + [name],
                    conflicts: &conflicts)
                {
                    members.append(.init(name, v))
                }
            }
            return .object(members)
        case (_, .array(let ta)?, .array(let oa)?):
            let ba: [JSONValue]
            if case .array(let x)? = b { ba = x } else { ba = [] }
            if let key = node?.rowKey, let bk = uniqueRowKeys(ba, key), let tk = uniqueRowKeys(ta, key),
                let ok = uniqueRowKeys(oa, key)
            {
                var order = ok
                for k in tk where !ok.contains(k) && !bk.contains(k) { order.append(k) }
                for k in bk where !order.contains(k) { order.append(k) }  // deleted by one side: decided below
                var rows: [JSONValue] = []
                for k in order {
                    let row = { (list: [JSONValue], keys: [String]) in keys.firstIndex(of: k).map { list[$0] } }
                    let index = rows.count
                    let child = node.flatMap { schema.child($0, index: index) }
                    if let v = merge(
                        row(ba, bk), row(ta, tk), row(oa, ok), node: child, tokens: tokens + ["[\(key)=\(k)]"],
                        conflicts: &conflicts)
                    {
                        rows.append(v)
                    }
                }
                return .array(rows)
            }
            fallthrough
        default:
            conflicts.append(
                MergeConflict(
                    pointer: JSONPointer.make(tokens).replacingOccurrences(of: "/[", with: "["), base: b, theirs: t,
                    ours: o, tokens: tokens))
            return o
        }
    }
}

/// `vault commit --base` found figures changed differently on both sides; nothing was written.
/// Thrown as ``VaultError/failure(_:)``: a conflict (exit status 4).
public struct MergeConflicts: VaultFailure, CustomStringConvertible {
    public var report: ReportPath
    public var base: String
    public var conflicts: [MergeConflict]

    package init(report: ReportPath, base: String, conflicts: [MergeConflict]) {
        self.report = report
        self.base = base
        self.conflicts = conflicts
    }

    public var message: Message {
        Message(
            "error.mergeConflict",
            ["report": .text(report.description), "count": .count(conflicts.count), "base": .text(base)])
    }

    public var category: VaultError.Category { .conflict }

    /// The English line (for logs and tests).
    public var description: String { message.text(.en) }
}
