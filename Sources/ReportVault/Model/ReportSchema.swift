import Foundation

/// Every version of the report schema the tool has shipped (`schema/report.v<N>.schema.json`,
/// bundled from `Resources/schemas/`), with the steps between them
/// (`report.v<N>.migration.json`, from version N−1 to N).
///
/// A report is read by the schema of its own `schemaVersion`, so a vault's old reports stay
/// valid when the schema grows: a released version never changes (a test holds each file's
/// SHA-256). Versions load on first use, once per process; most commands need one.
/// `VAULT_SCHEMA_DIR` names another folder of the same files (tests, a county's trial).
public final class ReportSchemas: @unchecked Sendable {
    /// The folder the versions are read from.
    public let folder: String
    /// The versions there, 1…newest.
    public let newest: Int
    /// Whether these are the versions bundled with the tool (see ``init(folder:shipped:)``).
    public let shipped: Bool

    private let lock = NSLock()
    private var loaded: [Int: JSONSchema] = [:]
    private var steps: [Int: SchemaStep] = [:]

    /// The schemas the tool ships (or those `VAULT_SCHEMA_DIR` names), read once per process.
    public static func load() throws(VaultError) -> ReportSchemas { try shared.get() }

    private static let shared: Result<ReportSchemas, VaultError> = Result { () throws(VaultError) in
        if let folder = ProcessEnvironment.nonEmpty("VAULT_SCHEMA_DIR") {
            return try ReportSchemas(folder: folder)
        }
        guard let first = BundledResource.locate("schemas/" + fileName(1)) else {
            throw .resourceMissing(what: "schema", file: "schemas/" + fileName(1))
        }
        return try ReportSchemas(folder: (first as NSString).deletingLastPathComponent, shipped: true)
    }

    /// The versions in `folder`: `report.v1.schema.json` up to the last one without a gap.
    /// `shipped`: the versions bundled with the tool, whose places the tests check
    /// (`shippedSchemasHaveEveryPlaceTheLibraryReads`), so loading them skips that check.
    public init(folder: String, shipped: Bool = false) throws(VaultError) {
        self.folder = folder
        self.shipped = shipped
        var newest = 0
        while FileManager.default.fileExists(
            atPath: (folder as NSString).appendingPathComponent(Self.fileName(newest + 1)))
        {
            newest += 1
        }
        guard newest > 0 else { throw .noSuchFile(file: (folder as NSString).appendingPathComponent(Self.fileName(1))) }
        self.newest = newest
    }

    /// One schema as version 1 and the newest (tests, and checks given a schema of their own).
    public init(single schema: JSONSchema) {
        folder = ""
        shipped = false
        newest = 1
        loaded[1] = schema
    }

    /// The file name of version `n` (in `schema/` and in the bundle).
    public static func fileName(_ n: Int) -> String { "report.v\(n).schema.json" }
    /// The file name of the step from version `n − 1` to `n`.
    public static func stepFileName(_ n: Int) -> String { "report.v\(n).migration.json" }

    /// The path of version `n`'s file.
    public func path(of n: Int) -> String { (folder as NSString).appendingPathComponent(Self.fileName(n)) }

    // MARK: - Versions

    /// Version `n`, loaded and compiled on first use. The newest must describe every place
    /// the library reads (``addressReaders``); older ones only the places a report is filed by
    /// (every other place is read after ``convert(_:from:to:)``).
    public func schema(_ n: Int) throws(VaultError) -> JSONSchema {
        guard n >= 1, n <= newest else { throw .schemaVersionUnknown(version: String(n), newest: newest) }
        lock.lock()
        defer { lock.unlock() }
        if let schema = loaded[n] { return schema }
        let file = path(of: n)
        let value = try FileInput.json(file)
        let schema: JSONSchema
        do {
            schema = try JSONSchema(value)
        } catch {
            throw .schemaInvalid(file: file, error)
        }
        if !shipped {
            do {
                try Self.checkAddresses(of: schema, readers: n == newest ? Self.addressReaders : Self.filingReaders)
            } catch {
                throw .inFile(file: file, error)
            }
        }
        loaded[n] = schema
        return schema
    }

    /// The newest version's schema: what new reports follow and what the check rules read.
    public func newestSchema() throws(VaultError) -> JSONSchema { try schema(newest) }

    /// The `schemaVersion` a report states, or nil when it states none that is a whole number
    /// from 1 (such a report is validated by the newest version, which says what is wrong).
    public static func version(of report: JSONValue) -> Int? {
        version(stated: report[member: "schemaVersion"])
    }

    /// The version a `schemaVersion` value states (``version(of:)``), e.g. one skimmed from a blob.
    package static func version(stated value: JSONValue?) -> Int? {
        guard case .number(let d)? = value, d >= 1, d <= 1_000_000, d == d.rounded() else { return nil }
        return Int(d)
    }

    /// The version a report is read by: its own, or the newest when it states none.
    /// A version newer than the tool's is an error that says to upgrade, not schema violations.
    public func version(for report: JSONValue) throws(VaultError) -> Int {
        guard let n = Self.version(of: report) else { return newest }
        guard n <= newest else { throw .schemaVersionTooNew(version: n, newest: newest) }
        return n
    }

    /// The schema a report is validated by (``version(for:)``).
    public func schema(for report: JSONValue) throws(VaultError) -> JSONSchema {
        try schema(try version(for: report))
    }

    /// The figures of `report` with the captions and units of its own version.
    public func figureList(for report: JSONValue) throws(VaultError) -> FigureList {
        FigureList(schema: try schema(for: report))
    }

    /// The schema errors of `report` against its own version.
    public func validate(_ report: JSONValue) throws(VaultError) -> [ValidationError] {
        try schema(for: report).validate(report)
    }

    // MARK: - Steps between versions

    /// The step from version `n − 1` to `n`: a table of moved places, checked against both
    /// versions (each `from` is a place of n − 1, each `to` one of n). No file: nothing moved.
    public func step(to n: Int) throws(VaultError) -> SchemaStep {
        lock.lock()
        if let step = steps[n] {
            lock.unlock()
            return step
        }
        lock.unlock()
        let file = (folder as NSString).appendingPathComponent(Self.stepFileName(n))
        var step = SchemaStep(from: n - 1, to: n, moves: [])
        if FileManager.default.fileExists(atPath: file) {
            step = try SchemaStep(try FileInput.json(file), file: file, to: n)
        }
        let old = try schema(n - 1)
        let new = try schema(n)
        for move in step.moves {
            guard move.from.exists(in: old) else {
                throw .inFile(file: file, .migrationPlaceUnknown(place: move.from.pointer, version: n - 1))
            }
            guard move.to.exists(in: new) else {
                throw .inFile(file: file, .migrationPlaceUnknown(place: move.to.pointer, version: n))
            }
        }
        lock.lock()
        steps[n] = step
        lock.unlock()
        return step
    }

    /// `report` (of version `from`) with its places moved as the steps to version `to` say, and
    /// `schemaVersion` set to `to`; backwards when `to` is older. Pure data: nothing is
    /// invented or dropped (a value whose new place is taken stays where it was).
    public func convert(_ report: JSONValue, from: Int, to: Int) throws(VaultError) -> JSONValue {
        guard from != to else { return report }
        var value = report
        if from < to {
            for n in (from + 1)...to {
                for move in try step(to: n).moves { value = SchemaStep.move(value, from: move.from, to: move.to) }
            }
        } else {
            for n in stride(from: from, to: to, by: -1) {
                for move in try step(to: n).moves.reversed() {
                    value = SchemaStep.move(value, from: move.to, to: move.from)
                }
            }
        }
        return JSONValue.setting(value, ["schemaVersion"][...], .number(Double(to)))
    }

    /// The place `tokens` of version `from` names in version `to` (rows keep their index).
    public func place(_ tokens: [String], from: Int, to: Int) throws(VaultError) -> [String] {
        guard from != to else { return tokens }
        var out = tokens
        if from < to {
            for n in (from + 1)...to {
                for move in try step(to: n).moves { out = SchemaStep.rename(out, from: move.from, to: move.to) }
            }
        } else {
            for n in stride(from: from, to: to, by: -1) {
                for move in try step(to: n).moves.reversed() {
                    out = SchemaStep.rename(out, from: move.to, to: move.from)
                }
            }
        }
        return out
    }

    /// Two reports read in one version (the newer of theirs), for comparing them figure by
    /// figure: a figure that moved between versions is the same figure.
    public func common(_ a: JSONValue, _ b: JSONValue) throws(VaultError) -> (a: JSONValue, b: JSONValue, version: Int)
    {
        let va = try version(for: a)
        let vb = try version(for: b)
        let v = max(va, vb)
        return (try convert(a, from: va, to: v), try convert(b, from: vb, to: v), v)
    }

    /// `report` rewritten to version `to` for `vault migrate`, or nil when it is already there.
    /// The result must pass version `to`: a place the new version requires with no value to
    /// move there is an error naming the report and the place (values are never invented).
    public func migrate(_ report: JSONValue, to: Int, name: String) throws(VaultError) -> JSONValue? {
        guard let from = Self.version(of: report) else { throw .migrationNoVersion(report: name) }
        guard from <= newest else { throw .schemaVersionTooNew(version: from, newest: newest) }
        guard to >= 1, to <= newest else { throw .schemaVersionUnknown(version: String(to), newest: newest) }
        guard from != to else { return nil }
        guard from < to else { throw .migrationBackwards(report: name, from: from, to: to) }
        let migrated = try convert(report, from: from, to: to)
        if let problem = try schema(to).validate(migrated).first {
            if problem.keyword == "required", case .text(let member)? = problem.message.values["name"] {
                throw .migrationMissingValue(
                    report: name, place: problem.pointer + "/" + JSONPointer.escape(member), version: to)
            }
            throw .migrationInvalid(report: name, version: to, problem: problem.description)
        }
        return migrated
    }

    // MARK: - Places the library reads

    /// The places a report is filed by: every version must have them.
    static var filingReaders: [(reader: String, addresses: [ReportAddress])] {
        [("report filing", [.fiscalYear, .unit, .unitName])]
    }

    /// Who reads which places of a report: the vault filing a report, figure units, then
    /// every rule of `vault check` (``ReportCheck/rules``). The newest version must have them all.
    public static var addressReaders: [(reader: String, addresses: [ReportAddress])] {
        filingReaders + [("amount units", [.amountUnit])]
            + ReportCheck.rules.map { (reader: $0.rule, addresses: $0.addresses) }
    }

    /// The places the library reads that `schema` does not describe, each once.
    public static func unknownAddresses(in schema: JSONSchema) -> [ReportAddress] {
        ReportAddress.unknown(addressReaders.flatMap(\.addresses), in: schema)
    }

    /// Throws naming every place of `readers` that `schema` lacks, with who reads it:
    /// a rule reading a place the schema renamed would otherwise never fire, and say nothing.
    public static func checkAddresses(
        of schema: JSONSchema, readers: [(reader: String, addresses: [ReportAddress])] = addressReaders
    ) throws(VaultError) {
        let unknown = ReportAddress.unknown(readers.flatMap(\.addresses), in: schema)
        guard !unknown.isEmpty else { return }
        let named = unknown.map { address in
            "\(address) (read by \(readers.filter { $0.addresses.contains(address) }.map(\.reader).joined(separator: ", ")))"
        }
        throw .addressesNotInSchema(count: unknown.count, addresses: named)
    }
}

/// The step from one schema version to the next: which places moved (renamed properties,
/// properties moved into another object). A `*` stands for any row and keeps its index.
public struct SchemaStep: Sendable {
    public let from: Int
    public let to: Int
    public let moves: [(from: ReportAddress, to: ReportAddress)]

    init(from: Int, to: Int, moves: [(from: ReportAddress, to: ReportAddress)]) {
        self.from = from
        self.to = to
        self.moves = moves
    }

    /// A step file: `{"from": N−1, "to": N, "moves": [{"from": "/a/b", "to": "/a/c"}, …]}`.
    init(_ value: JSONValue, file: String, to n: Int) throws(VaultError) {
        guard value[member: "from"]?.numberValue == Double(n - 1), value[member: "to"]?.numberValue == Double(n) else {
            throw .inFile(file: file, .migrationStepMalformed(problem: "\"from\" must be \(n - 1) and \"to\" \(n)"))
        }
        var moves: [(from: ReportAddress, to: ReportAddress)] = []
        if case .array(let rows)? = value[member: "moves"] {
            for (i, row) in rows.enumerated() {
                guard let a = row[member: "from"]?.stringValue.flatMap(JSONPointer.tokens),
                    let b = row[member: "to"]?.stringValue.flatMap(JSONPointer.tokens),
                    !a.isEmpty, !b.isEmpty,
                    a.filter({ $0 == ReportAddress.anyRow }).count == b.filter({ $0 == ReportAddress.anyRow }).count
                else {
                    throw .inFile(
                        file: file,
                        .migrationStepMalformed(
                            problem: "/moves/\(i) needs \"from\" and \"to\" pointers with the same number of *"))
                }
                moves.append((ReportAddress(tokens: a), ReportAddress(tokens: b)))
            }
        }
        self.init(from: n - 1, to: n, moves: moves)
    }

    /// `tokens` with the prefix matching `from` (each `*` matching a row index, or `*` in a
    /// schema place) replaced by `to`,
    /// its `*`s filled with the same indexes in order; unchanged when the prefix differs.
    static func rename(_ tokens: [String], from: ReportAddress, to: ReportAddress) -> [String] {
        guard tokens.count >= from.tokens.count else { return tokens }
        var rows: [String] = []
        for (token, pattern) in zip(tokens, from.tokens) {
            if pattern == ReportAddress.anyRow {
                guard Int(token) != nil || token == ReportAddress.anyRow else { return tokens }
                rows.append(token)
            } else if token != pattern {
                return tokens
            }
        }
        var filled = to.tokens
        var next = rows.makeIterator()
        for i in filled.indices where filled[i] == ReportAddress.anyRow { filled[i] = next.next() ?? "0" }
        return filled + tokens[from.tokens.count...]
    }

    /// `value` with every value at `from` (all rows for a `*`) moved to `to`. Every value is
    /// placed first (rows in order), then the places it left are removed (rows from the last,
    /// so no index shifts), then the objects and arrays the move emptied. A value whose new
    /// place is taken or can't be made stays where it was: nothing is dropped.
    static func move(_ value: JSONValue, from: ReportAddress, to: ReportAddress) -> JSONValue {
        var out = value
        var moved: [[String]] = []
        for place in concrete(from.tokens[...], in: value, prefix: []) {
            let target = rename(place, from: from, to: to)
            guard let found = JSONPointer.resolve(tokens: place, in: value),
                JSONPointer.resolve(tokens: target, in: out) == nil
            else { continue }
            let placed = JSONValue.setting(out, target[...], found)
            guard JSONPointer.resolve(tokens: target, in: placed) == found else { continue }
            out = placed
            moved.append(place)
        }
        for place in moved.reversed() { out = JSONValue.removing(out, place[...]) }
        // Containers the move emptied go too (they held only what moved).
        var parents = Set(moved.map { Array($0.dropLast()) })
        while let deepest = parents.max(by: { $0.count < $1.count }), !deepest.isEmpty {
            parents.remove(deepest)
            switch JSONPointer.resolve(tokens: deepest, in: out) {
            case .array(let rows)? where rows.isEmpty: break
            case .object(let members)? where members.isEmpty: break
            default: continue
            }
            out = JSONValue.removing(out, deepest[...])
            parents.insert(Array(deepest.dropLast()))
        }
        return out
    }

    /// The concrete places (rows filled in) where `pattern` finds a value in `value`.
    static func concrete(_ pattern: ArraySlice<String>, in value: JSONValue, prefix: [String]) -> [[String]] {
        guard let head = pattern.first else { return [prefix] }
        let rest = pattern.dropFirst()
        if head == ReportAddress.anyRow {
            guard case .array(let rows) = value else { return [] }
            return rows.indices.flatMap { concrete(rest, in: rows[$0], prefix: prefix + [String($0)]) }
        }
        guard let child = value[member: head] else { return [] }
        return concrete(rest, in: child, prefix: prefix + [head])
    }
}
