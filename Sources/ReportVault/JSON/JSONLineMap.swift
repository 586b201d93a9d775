/// The line (1-based) each value of a parsed document starts on, for findings that name the
/// line of the file they are about (``JSONParser/parseWithLines(_:)``).
///
/// The parser notes one line number per value, in document order, and how many values each
/// holds; a place is turned into its value's position in that order only when asked (a report
/// has some 1,500 values and a command asks for a handful), stepping over whole siblings,
/// instead of a JSON Pointer string made for every value.
public struct JSONLineMap: Sendable, Equatable {
    private let root: JSONValue?
    private let lines: [Int32]
    private let sizes: [Int32]

    /// No lines known: every lookup is nil.
    public init() {
        root = nil
        lines = []
        sizes = []
    }

    package init(root: JSONValue, lines: [Int32], sizes: [Int32]) {
        self.root = root
        self.lines = lines
        self.sizes = sizes
    }

    /// The line the value at `pointer` starts on; nil when there is no such value.
    public subscript(pointer: String) -> Int? {
        JSONPointer.tokens(pointer).flatMap { line(at: $0) }
    }

    /// The line the value at `tokens` starts on; nil when there is no such value.
    public func line(at tokens: [String]) -> Int? {
        guard var value = root, lines.count == sizes.count else { return nil }
        var position = 0
        // The value `step` children into the one at `position`: past each sibling before it.
        func child(_ step: Int) -> Int? {
            var at = position + 1
            for _ in 0..<step {
                guard at < sizes.count else { return nil }
                at += Int(sizes[at])
            }
            return at
        }
        for token in tokens {
            switch value {
            case .object(let members):
                guard let k = members.firstIndex(where: { sameScalars($0.name, token) }), let at = child(k) else {
                    return nil
                }
                position = at
                value = members[k].value
            case .array(let elements):
                guard let i = Int(token), i >= 0, i < elements.count, token == String(i), let at = child(i) else {
                    return nil
                }
                position = at
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
}
