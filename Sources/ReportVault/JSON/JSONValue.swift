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
            lhs.name.unicodeScalars.elementsEqual(rhs.name.unicodeScalars) && lhs.value == rhs.value
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}

// MARK: - Access

extension JSONValue {
    /// The value of the first member named `name` (compared by Unicode scalars), if this is an object.
    public subscript(member name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name.unicodeScalars.elementsEqual(name.unicodeScalars) }?.value
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
