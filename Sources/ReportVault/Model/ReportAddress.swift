/// A place in a report that the library names ahead of time — a figure a check rule reads, a
/// member the vault files a report by — as RFC 6901 reference tokens in which `*` stands for
/// any row index: `/selfEvaluation/indicators/*/score`.
///
/// Addresses are declared once (``ReportCheck/addresses``, ``ReportSchemas/addressReaders``) and
/// looked up in the schema when it loads (``ReportSchemas/load()``), so a property the schema
/// renames is an error at start-up instead of a rule that silently stops firing.
/// A member literally named `*` cannot be addressed; the report schema has none.
public struct ReportAddress: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The reference tokens, unescaped; ``anyRow`` stands for any row index.
    public let tokens: [String]

    /// The token that stands for any row index.
    public static let anyRow = "*"

    /// The address made of `tokens`.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// An address written as a JSON Pointer, e.g. `"/generalBudget/basic/publicUse"`.
    /// Addresses are written by programmers, so one that is not a pointer stops the program.
    public init(stringLiteral pointer: String) {
        guard let tokens = JSONPointer.tokens(pointer) else {
            preconditionFailure("report address \"\(pointer)\" is not a JSON Pointer: it must start with /")
        }
        self.tokens = tokens
    }

    /// The address as a JSON Pointer, `*` kept; for an address without `*`, the pointer
    /// findings and figure lists name.
    public var pointer: String { JSONPointer.make(tokens) }

    /// The JSON Pointer form.
    public var description: String { pointer }

    /// Whether the address names one place, i.e. has no `*` left.
    public var isConcrete: Bool { !tokens.contains(Self.anyRow) }

    // MARK: - Building

    /// This address followed by `other`: a table followed by `/totalScore`, a row by `/score`.
    public func appending(_ other: ReportAddress) -> ReportAddress {
        ReportAddress(tokens: tokens + other.tokens)
    }

    /// This address followed by the member `name` (a column the rule loops over).
    public func appending(member name: String) -> ReportAddress {
        ReportAddress(tokens: tokens + [name])
    }

    /// `base + relative`: the same as ``appending(_:)``.
    public static func + (base: ReportAddress, relative: ReportAddress) -> ReportAddress {
        base.appending(relative)
    }

    /// The address with its first `*` replaced by row `index`; call it once per `*`, outer
    /// rows first. An address without `*` has no row to fill, which is a programming error.
    public func row(_ index: Int) -> ReportAddress {
        guard let i = tokens.firstIndex(of: Self.anyRow) else {
            preconditionFailure("report address \(pointer) has no * left for row \(index)")
        }
        var filled = tokens
        filled[i] = String(index)
        return ReportAddress(tokens: filled)
    }

    /// The declared form of a concrete place: every row index replaced by `*` again.
    /// (No member the report schema names is a number, so a numeric token is a row.)
    public var pattern: ReportAddress {
        ReportAddress(tokens: tokens.map { Int($0) != nil ? Self.anyRow : $0 })
    }

    // MARK: - Reading a report

    /// The value at this address inside `value` (a report, or any object of it for a relative
    /// address such as `/amountUnit`); nil when absent or when a `*` is left unfilled.
    public func resolve(in value: JSONValue) -> JSONValue? {
        guard isConcrete else { return nil }
        return JSONPointer.resolve(tokens: tokens, in: value)
    }

    // MARK: - Checking against the schema

    /// Whether `schema` describes this place. Each `*` is looked up as row 0: every row of a
    /// report array has the same schema.
    public func exists(in schema: JSONSchema) -> Bool {
        schema.node(at: tokens.map { $0 == Self.anyRow ? "0" : $0 }) != nil
    }

    /// The addresses among `addresses` that `schema` does not describe, in order, each once.
    public static func unknown(_ addresses: some Sequence<ReportAddress>, in schema: JSONSchema) -> [ReportAddress] {
        var seen: Set<ReportAddress> = []
        return addresses.filter { seen.insert($0).inserted && !$0.exists(in: schema) }
    }
}

// MARK: - Places the vault itself reads

extension ReportAddress {
    /// The fiscal year a report is filed under (`reports/<fiscalYear>/…`).
    public static let fiscalYear: ReportAddress = "/fiscalYear"
    /// The reporting unit.
    public static let unit: ReportAddress = "/unit"
    /// The unit's name a report is filed under (`reports/…/<unit.name>.json`).
    public static let unitName: ReportAddress = "/unit/name"
    /// The unit amounts are stated in (万元 when absent). Also read inside any object that
    /// restates it for its own figures (the base-data table, an evaluation table).
    public static let amountUnit: ReportAddress = "/amountUnit"
}
