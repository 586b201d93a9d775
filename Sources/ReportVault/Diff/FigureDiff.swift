import Foundation

/// One difference between two versions of a report.
public struct FigureChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case changed, added, removed, moved }

    /// JSON Pointer on the new side (old side for `removed`).
    public var path: String
    /// Chinese captions along the path, rows named by their key.
    public var label: String
    public var kind: Kind
    public var old: JSONValue?
    public var new: JSONValue?
    /// new − old, exactly, for numbers.
    public var delta: Decimal?
    /// delta / old × 100 (nil when old is 0), rounded to 4 decimals.
    public var pct: Decimal?
    /// 万元, 元, %, 分 … when the schema names one.
    public var unit: String?

    package init(
        path: String, label: String, kind: Kind, old: JSONValue?, new: JSONValue?, delta: Decimal?, pct: Decimal?,
        unit: String?
    ) {
        self.path = path
        self.label = label
        self.kind = kind
        self.old = old
        self.new = new
        self.delta = delta
        self.pct = pct
        self.unit = unit
    }

    /// Whether this is the report's `schemaVersion` (a migration): the format's, not a figure.
    public var isSchemaVersion: Bool { path == "/schemaVersion" }

    /// Whether this is a changed number (a "figure changed").
    public var isFigure: Bool {
        if case .number? = old, case .number? = new, kind == .changed, !isSchemaVersion { return true }
        return false
    }

    /// Whether this is a changed long text (a narrative section).
    public var isText: Bool {
        if case .string(let a)? = old, case .string(let b)? = new, kind == .changed {
            return a.count > 40 || b.count > 40
        }
        return false
    }

    /// Whether this adds, removes or moves a whole row.
    public var isRow: Bool { kind != .changed }
}

/// Compares two reports figure by figure (docs/design.md, "Diff semantics"): objects member by
/// member, arrays of rows matched by the row key the schema declares, numbers with exact deltas.
public struct FigureDiff: Sendable {
    package let schemas: ReportSchemas
    /// The schema of the version compared in (the newest, unless both sides are older).
    let schema: JSONSchema
    let labels: FigureList

    /// The diff of every schema version in `schemas`: two reports of different versions are
    /// compared in the newer one, so a figure that moved between versions is one figure.
    public init(schemas: ReportSchemas) throws(VaultError) {
        self.init(schemas: schemas, version: try schemas.newestSchema())
    }

    /// The diff of reports of one schema.
    public init(schema: JSONSchema) {
        self.init(schemas: ReportSchemas(single: schema), version: schema)
    }

    private init(schemas: ReportSchemas, version schema: JSONSchema) {
        self.schemas = schemas
        self.schema = schema
        labels = FigureList(schema: schema)
    }

    /// Every change from `old` to `new`, in the new report's stored order. Reports of
    /// different schema versions are compared in the newer version; their `schemaVersion`
    /// shows as changed.
    public func changes(from old: JSONValue, to new: JSONValue) throws(VaultError) -> [FigureChange] {
        let common = try schemas.common(old, new)
        var (a, b) = (common.a, common.b)
        if let version = old[member: "schemaVersion"], common.a[member: "schemaVersion"] != version {
            a = JSONValue.setting(a, ["schemaVersion"], version)
        }
        if let version = new[member: "schemaVersion"], common.b[member: "schemaVersion"] != version {
            b = JSONValue.setting(b, ["schemaVersion"], version)
        }
        let engine =
            common.version == schemas.newest
            ? self : FigureDiff(schemas: schemas, version: try schemas.schema(common.version))
        return engine.run(a, b)
    }

    private func run(_ old: JSONValue, _ new: JSONValue) -> [FigureChange] {
        var out: [FigureChange] = []
        let a = CanonicalJSON.sorted(old), b = CanonicalJSON.sorted(new)
        compare(
            a, b, node: schema.rootNode, oldTokens: [], newTokens: [],
            context: Context(old: a, new: b, unit: ReportAddress.amountUnit.resolve(in: b)?.stringValue ?? "万元"),
            into: &out)
        return out
    }

    struct Context {
        let old: JSONValue
        let new: JSONValue
        var unit: String
    }

    private func compare(
        _ a: JSONValue, _ b: JSONValue, node: JSONSchema.Node?, oldTokens: [String], newTokens: [String],
        context: Context, into out: inout [FigureChange]
    ) {
        switch (a, b) {
        case (.object(let am), .object(let bm)):
            var ctx = context
            if let u = ReportAddress.amountUnit.resolve(in: b)?.stringValue { ctx.unit = u }
            var names = bm.map(\.name)
            for m in am where b[member: m.name] == nil { names.append(m.name) }
            names = CanonicalJSON.sortedMembers(names.map { .init($0, .null) }).map(\.name)
            for name in names {
                let child = node.flatMap { schema.child($0, member: name) }
                switch (a[member: name], b[member: name]) {
                case let (x?, y?):
                    compare(
                        x, y, node: child, oldTokens: oldTokens + [name], newTokens: newTokens + [name], context: ctx,
                        into: &out)
                case let (x?, nil):
                    out.append(whole(.removed, x, tokens: oldTokens + [name], node: child, context: ctx))
                case let (nil, y?): out.append(whole(.added, y, tokens: newTokens + [name], node: child, context: ctx))
                default: break
                }
            }
        case (.array(let ae), .array(let be)):
            if let key = node?.rowKey, let aKeys = uniqueRowKeys(ae, key), let bKeys = uniqueRowKeys(be, key) {
                compareRows(
                    ae, be, aKeys, bKeys, node: node, oldTokens: oldTokens, newTokens: newTokens, context: context,
                    into: &out)
            } else {
                for i in 0..<max(ae.count, be.count) {
                    let child = node.flatMap { schema.child($0, index: i) }
                    if i < ae.count && i < be.count {
                        compare(
                            ae[i], be[i], node: child, oldTokens: oldTokens + [String(i)],
                            newTokens: newTokens + [String(i)], context: context, into: &out)
                    } else if i < ae.count {
                        out.append(
                            whole(.removed, ae[i], tokens: oldTokens + [String(i)], node: child, context: context))
                    } else {
                        out.append(whole(.added, be[i], tokens: newTokens + [String(i)], node: child, context: context))
                    }
                }
            }
        default:
            guard a != b else { return }
            var change = FigureChange(
                path: JSONPointer.make(newTokens), label: labels.label(of: newTokens, in: context.new), kind: .changed,
                old: a, new: b, delta: nil, pct: nil,
                unit: unit(node, context))
            if case .number(let x) = a, case .number(let y) = b, !change.isSchemaVersion {
                let old = ExactNumber(x).decimal, new = ExactNumber(y).decimal
                change.delta = new - old
                if old != 0 { change.pct = ExactNumber.rounded((new - old) / old * 100, places: 4) }
            }
            out.append(change)
        }
    }

    /// Rows matched by key: common rows compared in place; rows whose relative order changed
    /// (not part of the longest common order) are `moved`; the rest added or removed.
    private func compareRows(
        _ ae: [JSONValue], _ be: [JSONValue], _ aKeys: [String], _ bKeys: [String], node: JSONSchema.Node?,
        oldTokens: [String], newTokens: [String], context: Context,
        into out: inout [FigureChange]
    ) {
        let aIndex = Dictionary(uniqueKeysWithValues: aKeys.enumerated().map { ($1, $0) })
        let bSet = Set(bKeys)
        let common = bKeys.filter { aIndex[$0] != nil }
        let stay = Set(longestIncreasing(common.map { aIndex[$0]! }).map { aKeys[$0] })
        for (j, key) in bKeys.enumerated() {
            let child = node.flatMap { schema.child($0, index: j) }
            let newRow = newTokens + [String(j)]
            guard let i = aIndex[key] else {
                out.append(whole(.added, be[j], tokens: newRow, node: child, context: context))
                continue
            }
            if !stay.contains(key) {
                out.append(
                    FigureChange(
                        path: JSONPointer.make(newRow), label: labels.label(of: newRow, in: context.new), kind: .moved,
                        old: .number(Double(i)), new: .number(Double(j)), delta: nil, pct: nil, unit: nil))
            }
            compare(
                ae[i], be[j], node: child, oldTokens: oldTokens + [String(i)], newTokens: newRow, context: context,
                into: &out)
        }
        for (i, key) in aKeys.enumerated() where !bSet.contains(key) {
            out.append(
                whole(
                    .removed, ae[i], tokens: oldTokens + [String(i)], node: node.flatMap { schema.child($0, index: i) },
                    context: context))
        }
    }

    private func whole(
        _ kind: FigureChange.Kind, _ value: JSONValue, tokens: [String], node: JSONSchema.Node?, context: Context
    ) -> FigureChange {
        let document = kind == .removed ? context.old : context.new
        return FigureChange(
            path: JSONPointer.make(tokens), label: labels.label(of: tokens, in: document), kind: kind,
            old: kind == .removed ? value : nil, new: kind == .added ? value : nil, delta: nil, pct: nil,
            unit: unit(node, context))
    }

    private func unit(_ node: JSONSchema.Node?, _ context: Context) -> String? {
        let u = node?.unit
        return u == "amount" ? context.unit : u
    }
}

/// The key of every row, or nil when a row has none or keys repeat (rows then match by
/// position). Shared by the figure diff and the three-way merge.
func uniqueRowKeys(_ rows: [JSONValue], _ key: String) -> [String]? {
    var keys: [String] = []
    for row in rows {
        guard let k = row[member: key]?.stringValue else { return nil }
        keys.append(k)
    }
    return Set(keys).count == keys.count ? keys : nil
}

/// Positions (in `values`) forming one longest strictly increasing subsequence.
func longestIncreasing(_ values: [Int]) -> [Int] {
    guard !values.isEmpty else { return [] }
    var tails: [Int] = []  // index into values of the smallest tail of each length
    var previous = [Int](repeating: -1, count: values.count)
    for (i, v) in values.enumerated() {
        var lo = 0, hi = tails.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[tails[mid]] < v { lo = mid + 1 } else { hi = mid }
        }
        if lo > 0 { previous[i] = tails[lo - 1] }
        if lo == tails.count { tails.append(i) } else { tails[lo] = i }
    }
    var result: [Int] = []
    var k = tails.last!
    while k >= 0 {
        result.append(values[k])
        k = previous[k]
    }
    return result.reversed()
}
