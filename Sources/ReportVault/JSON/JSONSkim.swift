/// Finds one value inside JSON bytes without building the rest of the document: every
/// other value is skipped over. `vault history` reads one figure from each of a thousand
/// revisions this way. The bytes must already be valid JSON (stored blobs are).
struct JSONSkim {
    /// One step of a path: a member by name, an element by index, or the row of an array
    /// of objects whose member `key` is the string `value`.
    enum Step: Equatable {
        case member(String)
        case index(Int)
        case row(key: String, value: String)
    }

    private let bytes: [UInt8]
    private var i = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value at `steps` and the reference tokens that led there, or nil where it is absent.
    static func find(_ steps: [Step], in bytes: [UInt8]) -> (tokens: [String], value: JSONValue)? {
        var skim = JSONSkim(bytes)
        var tokens: [String] = []
        for step in steps {
            skim.whitespace()
            switch step {
            case .member(let name):
                guard skim.enterMember(name) else { return nil }
                tokens.append(name)
            case .index(let n):
                guard skim.enterElement({ index, _ in index == n }) != nil else { return nil }
                tokens.append(String(n))
            case .row(let key, let value):
                guard let index = skim.enterElement({ _, skim in skim.rowHas(key, value) }) else { return nil }
                tokens.append(String(index))
            }
        }
        skim.whitespace()
        let start = skim.i
        guard skim.skipValue() else { return nil }
        guard let value = try? JSONParser.parse(bytes[start..<skim.i]) else { return nil }
        return (tokens, value)
    }

    private mutating func whitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Moves to the value of member `name` of the object at the cursor.
    private mutating func enterMember(_ name: String) -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return false }
        i += 1
        let want = Array(name.utf8)
        while true {
            whitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return false }
            let match = stringEquals(want)
            whitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            whitespace()
            if match { return true }
            guard skipValue() else { return false }
            whitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return false }
            i += 1
        }
    }

    /// Moves to the first element of the array at the cursor for which `accept` holds
    /// (given its index and a skimmer positioned on it); returns its index.
    private mutating func enterElement(_ accept: (Int, JSONSkim) -> Bool) -> Int? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var index = 0
        while true {
            whitespace()
            guard i < bytes.count, bytes[i] != UInt8(ascii: "]") else { return nil }
            if accept(index, self) { return index }
            guard skipValue() else { return nil }
            whitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            index += 1
        }
    }

    /// Whether the object at the cursor has member `key` equal to the string `value`.
    private func rowHas(_ key: String, _ value: String) -> Bool {
        var probe = self
        guard probe.enterMember(key), probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: "\"") else { return false }
        let start = probe.i
        guard probe.skipString() else { return false }
        return (try? JSONParser.parse(bytes[start..<probe.i])) == .string(value)
    }

    /// Consumes a string at the cursor; whether its raw bytes equal `want` (names with
    /// escapes never match, which is safe: stored names are written unescaped when possible).
    private mutating func stringEquals(_ want: [UInt8]) -> Bool {
        let start = i + 1
        guard skipString() else { return false }
        let raw = bytes[start..<(i - 1)]
        return raw.elementsEqual(want)
    }

    private mutating func skipString() -> Bool {
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return true
            default: i += 1
            }
        }
        return false
    }

    /// Skips one value (of any kind) at the cursor.
    private mutating func skipValue() -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            while i < bytes.count, !",}] \n\r\t".utf8.contains(bytes[i]) { i += 1 }
            return true
        }
    }
}
