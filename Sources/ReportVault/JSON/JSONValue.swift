#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A JSON value as parsed, with object members kept in their original order.
///
/// Object members are a list of pairs, never a `Dictionary`: Swift `String`
/// equality merges canonically-equivalent names (`"é"` and `"e\u{301}"`), which
/// would silently lose a member. Names are compared by Unicode scalars.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, held as the IEEE-754 double that RFC 8785 serializes.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One object member, in source order.
    public struct Member: Sendable, Equatable {
        public var name: String
        public var value: JSONValue
        public init(_ name: String, _ value: JSONValue) {
            self.name = name
            self.value = value
        }
        public static func == (lhs: Member, rhs: Member) -> Bool {
            sameScalars(lhs.name, rhs.name) && lhs.value == rhs.value
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return sameScalars(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}

/// Whether two strings have the same Unicode scalars (not merely canonically equivalent, as
/// `==` says): the same UTF-8 bytes, compared without decoding scalars — member lookups by
/// name were a tenth of `vault verify`'s instructions.
package func sameScalars(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    // Native strings keep their UTF-8 in one piece: one memcmp (a generic walk over both
    // views cost several times more); others (bridged) are walked.
    let bytesEqual = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in
            x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
        }
    }
    if let known = bytesEqual ?? nil { return known }
    return a.utf8.elementsEqual(b.utf8)
}

// MARK: - Access

extension JSONValue {
    /// The value of the first member named `name` (compared by Unicode scalars), if this is an object.
    public subscript(member name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { sameScalars($0.name, name) }?.value
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, if this is a number.
    public var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// MARK: - Building

extension JSONValue {
    /// `doc` with `new` at `tokens`, creating objects for missing members and appending to
    /// arrays when the index is one past the end (a row further on, or a member name
    /// where a row is, leaves `doc` as it is).
    public static func setting(_ doc: JSONValue, _ tokens: ArraySlice<String>, _ new: JSONValue) -> JSONValue {
        var copy = doc
        set(&copy, tokens, new)
        return copy
    }

    /// Sets the value at `tokens` in `doc` in place (``setting(_:_:_:)``'s rules). Each level's
    /// array is taken out of `doc` before it changes, so nothing is copied: building a report of
    /// n figures this way is linear, where `setting` on a shared document copies it each time.
    public static func set(_ doc: inout JSONValue, _ tokens: ArraySlice<String>, _ new: JSONValue) {
        guard let head = tokens.first else {
            doc = new
            return
        }
        let rest = tokens.dropFirst()
        let nextIsIndex = rest.first.map { Int($0) != nil } ?? false
        if case .array(let count) = doc.shape {
            guard let i = Int(head), i <= count else { return }
            var rows = takeRows(&doc)  // held once now: changed in place
            if i == rows.count { rows.append(nextIsIndex ? .array([]) : .object([])) }
            set(&rows[i], rest, new)
            doc = .array(rows)
        } else if case .object = doc.shape {
            var members = takeMembers(&doc)
            if let i = members.firstIndex(where: { $0.name == head }) {
                set(&members[i].value, rest, new)
            } else {
                var child: JSONValue = nextIsIndex ? .array([]) : .object([])
                set(&child, rest, new)
                members.append(.init(head, child))
            }
            doc = .object(members)
        } else {
            doc = nextIsIndex ? .array([]) : .object([])
            set(&doc, tokens, new)
        }
    }

    /// What `doc` is, without holding on to its contents.
    private enum Shape {
        case array(Int)
        case object
        case other
    }

    private var shape: Shape {
        switch self {
        case .array(let rows): .array(rows.count)
        case .object: .object
        default: .other
        }
    }

    /// `doc`'s rows, taken out of it (it is left null), so that only the caller holds them.
    private static func takeRows(_ doc: inout JSONValue) -> [JSONValue] {
        guard case .array(let rows) = doc else { return [] }
        doc = .null
        return rows
    }

    /// `doc`'s members, taken out of it (it is left null).
    private static func takeMembers(_ doc: inout JSONValue) -> [Member] {
        guard case .object(let members) = doc else { return [] }
        doc = .null
        return members
    }

    /// `doc` without the value at `tokens` (a member removed, or a row taken out); unchanged
    /// where there is none.
    public static func removing(_ doc: JSONValue, _ tokens: ArraySlice<String>) -> JSONValue {
        guard let head = tokens.first else { return doc }
        let rest = tokens.dropFirst()
        switch doc {
        case .array(var rows):
            guard let i = Int(head), rows.indices.contains(i) else { return doc }
            if rest.isEmpty { rows.remove(at: i) } else { rows[i] = removing(rows[i], rest) }
            return .array(rows)
        case .object(var members):
            guard let i = members.firstIndex(where: { $0.name == head }) else { return doc }
            if rest.isEmpty { members.remove(at: i) } else { members[i].value = removing(members[i].value, rest) }
            return .object(members)
        default:
            return doc
        }
    }
}
