/// RFC 6901 JSON Pointers: `/selfEvaluation/indicators/3/score`.
public enum JSONPointer {
    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        // Almost every token has neither character; Foundation's replacing was most of the
        // cost of a figure diff.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The pointer made of `tokens`; "" is the whole document.
    public static func make(_ tokens: [String]) -> String {
        tokens.map { "/" + escape($0) }.joined()
    }

    /// The reference tokens of `pointer`; nil when it does not start with `/` (and is not "").
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            guard $0.utf8.contains(UInt8(ascii: "~")) else { return String($0) }
            return $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The value `pointer` names inside `value`, or nil.
    public static func resolve(_ pointer: String, in value: JSONValue) -> JSONValue? {
        guard let tokens = tokens(pointer) else { return nil }
        return resolve(tokens: tokens, in: value)
    }

    /// The value the reference tokens name inside `value`, or nil.
    public static func resolve(tokens: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object:
                guard let next = current[member: token] else { return nil }
                current = next
            case .array(let elements):
                guard let i = Int(token), i >= 0, i < elements.count, token == String(i) else { return nil }
                current = elements[i]
            default:
                return nil
            }
        }
        return current
    }
}
