/// What `vault import` produced: the report, where each figure came from, and what looked
/// like data but was not mapped.
public struct ImportResult: Sendable {
    /// Where one value came from.
    public struct Source: Sendable, Equatable {
        public var pointer: String
        /// Where in the file: "line 12", "paragraph 7", "table 2 row 5 column \"得分\"".
        public var place: Message
        /// The source text the value was read from.
        public var text: String
    }

    /// The report JSON (validates against the schema when the text had its identity).
    public var report: JSONValue
    /// One entry per number in the report, in the order they were found.
    public var provenance: [Source]
    /// Paragraphs with amounts or percentages that no rule mapped, once per paragraph:
    /// where it is and the sentences holding them.
    public var unmapped: [(place: Message, text: String)]
    /// Table rows read.
    public var tableRows: Int
    /// Notes about choices the importer made (e.g. a table read as 元) and disagreements
    /// between places of the report (two unit names, two years).
    public var notes: [Message]
    /// The result with the report (and the pointers of its provenance) moved from schema
    /// version `version` to the newest of `schemas`: new reports follow the newest version.
    func moved(to schemas: ReportSchemas, from version: Int) throws(VaultError) -> ImportResult {
        guard version != schemas.newest else { return self }
        var out = self
        out.report = CanonicalJSON.sorted(try schemas.convert(report, from: version, to: schemas.newest))
        for i in out.provenance.indices {
            guard let tokens = JSONPointer.tokens(out.provenance[i].pointer) else { continue }
            out.provenance[i].pointer = JSONPointer.make(try schemas.place(tokens, from: version, to: schemas.newest))
        }
        return out
    }

    /// How the file was read ("Word document (.docx)", "text, GB18030").
    public var format = Message("empty")

    /// Numbers in the report.
    public var figureCount: Int { provenance.count }
}

/// Builds the report value member by member, remembering where each number came from
/// and which characters of which line have been used.
struct ImportBuilder {
    private(set) var value: JSONValue = .object([])
    private(set) var provenance: [ImportResult.Source] = []
    /// Line number → the UTF-16 offsets of number literals already mapped on it.
    private(set) var used: [Int: Set<Int>] = [:]
    var notes: [Message] = []
    var tableRows = 0
    /// Paragraph key → where it is, for provenance.
    var places: [Int: Message] = [:]

    /// Whether the number starting at `offset` on `line` is already mapped.
    func isUsed(line: Int, offset: Int) -> Bool { used[line]?.contains(offset) ?? false }

    mutating func markUsed(line: Int, offset: Int) { used[line, default: []].insert(offset) }

    /// Whether a value is already set at `tokens`.
    func has(_ tokens: [String]) -> Bool { JSONPointer.resolve(tokens: tokens, in: value) != nil }

    /// Sets a number read from `source` on `line`; the first value found for a place wins.
    mutating func number(_ tokens: [String], _ literal: String, line: Int, source: String, offset: Int? = nil) {
        guard !has(tokens), let d = ImportBuilder.parseNumber(literal) else { return }
        set(tokens, .number(d))
        provenance.append(
            .init(
                pointer: JSONPointer.make(tokens), place: places[line] ?? ImportDocument.Place.line(line).message,
                text: source))
        if let offset { markUsed(line: line, offset: offset) }
    }

    /// Sets a number read from a table cell (or a caption) at `place`; the first value found wins.
    mutating func tableNumber(_ tokens: [String], _ literal: String, place: Message, source: String) {
        guard !has(tokens), let d = ImportBuilder.parseNumber(literal) else { return }
        set(tokens, .number(d))
        provenance.append(.init(pointer: JSONPointer.make(tokens), place: place, text: source))
    }

    /// Sets a string (not a figure); the first value found wins.
    mutating func string(_ tokens: [String], _ text: String) {
        guard !has(tokens), !text.isEmpty else { return }
        set(tokens, .string(text))
    }

    /// Appends a row (an object) to the array at `tokens` and returns its index.
    mutating func appendRow(_ tokens: [String]) -> Int {
        let count: Int
        if case .array(let rows)? = JSONPointer.resolve(tokens: tokens, in: value) {
            count = rows.count
        } else {
            count = 0
        }
        set(tokens + [String(count)], .object([]))
        return count
    }

    mutating func set(_ tokens: [String], _ new: JSONValue) {
        JSONValue.set(&value, tokens[...], new)
    }

    /// A number as written: ASCII digits, optional sign and decimals, thousands commas or
    /// spaces removed. Nil for anything else.
    static func parseNumber(_ literal: String) -> Double? {
        let cleaned = literal.filter { $0 != "," && $0 != " " && $0 != "，" && $0 != "\u{3000}" && $0 != "\u{00A0}" }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) else {
            return nil
        }
        return Double(cleaned)
    }
}
