/// The line (1-based) each value of a parsed document starts on, for findings that name the
/// line of the file they are about (``JSONParser/parseWithLines(_:)``).
///
/// The parser notes one line number per value, in document order; a place is turned into its
/// value's position in that order only when asked (a report has some 1,500 values and a
/// command asks for a handful), instead of a JSON Pointer string made for every value.
public struct JSONLineMap: Sendable, Equatable {
    private let root: JSONValue?
    private let lines: [Int32]

    /// No lines known: every lookup is nil.
    public init() {
        root = nil
        lines = []
    }

    init(root: JSONValue, lines: [Int32]) {
        self.root = root
        self.lines = lines
    }

    /// The line the value at `pointer` starts on; nil when there is no such value.
    public subscript(pointer: String) -> Int? {
        JSONPointer.tokens(pointer).flatMap { line(at: $0) }
    }

    /// The line the value at `tokens` starts on; nil when there is no such value.
    public func line(at tokens: [String]) -> Int? {
        guard var value = root else { return nil }
        var position = 0
        for token in tokens {
            switch value {
            case .object(let members):
                guard let k = members.firstIndex(where: { sameScalars($0.name, token) }) else { return nil }
                position += 1 + members[..<k].reduce(0) { $0 + Self.count($1.value) }
                value = members[k].value
            case .array(let elements):
                guard let i = Int(token), i >= 0, i < elements.count, token == String(i) else { return nil }
                position += 1 + elements[..<i].reduce(0) { $0 + Self.count($1) }
                value = elements[i]
            default:
                return nil
            }
        }
        return position < lines.count ? Int(lines[position]) : nil
    }

    /// Every value's line by JSON Pointer (tests, and a reader that wants them all).
    public var all: [String: Int] {
        var out: [String: Int] = [:]
        var position = 0
        func walk(_ value: JSONValue, _ tokens: [String]) {
            if position < lines.count { out[JSONPointer.make(tokens)] = Int(lines[position]) }
            position += 1
            switch value {
            case .object(let members): for m in members { walk(m.value, tokens + [m.name]) }
            case .array(let elements): for (i, e) in elements.enumerated() { walk(e, tokens + [String(i)]) }
            default: break
            }
        }
        if let root { walk(root, []) }
        return out
    }

    /// How many values `value` holds, itself included.
    private static func count(_ value: JSONValue) -> Int {
        switch value {
        case .object(let members): return members.reduce(1) { $0 + count($1.value) }
        case .array(let elements): return elements.reduce(1) { $0 + count($1) }
        default: return 1
        }
    }
}
