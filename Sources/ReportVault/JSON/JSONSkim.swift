#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Finds one value inside JSON bytes without building the rest of the document: every
/// other value is skipped over. `vault history` reads one figure from each of a thousand
/// revisions this way. The bytes must already be valid JSON (stored blobs are).
package struct JSONSkim {
    /// One step of a path: a member by name, an element by index, or the row of an array
    /// of objects whose member `key` is the string `value`.
    package enum Step: Equatable {
        case member(String)
        case index(Int)
        case row(key: String, value: String)
    }

    /// The document, valid while ``find(_:in:)`` runs.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The value at `steps` and the reference tokens that led there, or nil where it is absent.
    package static func find(_ steps: [Step], in bytes: [UInt8]) -> (tokens: [String], value: JSONValue)? {
        find([steps], in: bytes)[0]
    }

    /// The values at several paths, found in one pass over the document's top level: each
    /// member is skipped once, and the paths that start with it are followed from there.
    package static func find(_ paths: [[Step]], in bytes: [UInt8]) -> [(tokens: [String], value: JSONValue)?] {
        let ranges = bytes.withUnsafeBufferPointer { locate(paths, in: $0) }
        return ranges.map { found in
            guard let found, let value = try? JSONParser.parse(bytes[found.range]) else { return nil }
            return (found.tokens, value)
        }
    }

    private static func locate(
        _ paths: [[Step]], in bytes: UnsafeBufferPointer<UInt8>
    ) -> [(tokens: [String], range: Range<Int>)?] {
        var out = [(tokens: [String], range: Range<Int>)?](repeating: nil, count: paths.count)
        var skim = JSONSkim(bytes)
        skim.whitespace()
        // Paths that do not start with a member (or an empty one) are followed on their own.
        var wanted: [(index: Int, name: [UInt8])] = []
        for (k, steps) in paths.enumerated() {
            if case .member(let name)? = steps.first {
                wanted.append((k, Array(name.utf8)))
            } else {
                out[k] = skim.locate(steps[...], tokens: [])
            }
        }
        guard !wanted.isEmpty, skim.i < bytes.count, bytes[skim.i] == UInt8(ascii: "{") else { return out }
        skim.i += 1
        while !wanted.isEmpty {
            skim.whitespace()
            guard skim.i < bytes.count, bytes[skim.i] == UInt8(ascii: "\"") else { break }
            let start = skim.i + 1
            guard skim.skipString() else { break }
            let name = bytes[start..<(skim.i - 1)]
            skim.whitespace()
            guard skim.i < bytes.count, bytes[skim.i] == UInt8(ascii: ":") else { break }
            skim.i += 1
            skim.whitespace()
            for w in wanted where name.elementsEqual(w.name) {
                out[w.index] = skim.locate(
                    paths[w.index].dropFirst(), tokens: [String(decoding: w.name, as: UTF8.self)])
            }
            wanted.removeAll { name.elementsEqual($0.name) }
            guard !wanted.isEmpty, skim.skipValue() else { break }
            skim.whitespace()
            guard skim.i < bytes.count, bytes[skim.i] == UInt8(ascii: ",") else { break }
            skim.i += 1
        }
        return out
    }

    /// Where the value at `steps` from the cursor is, and the reference tokens that led there
    /// (after `tokens`). The cursor is not moved.
    private func locate(_ steps: ArraySlice<Step>, tokens prefix: [String]) -> (tokens: [String], range: Range<Int>)? {
        var skim = self
        var tokens = prefix
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
        return (tokens, start..<skim.i)
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
        return (try? JSONParser.parse(Array(bytes[start..<probe.i]))) == .string(value)
    }

    /// Consumes a string at the cursor; whether its raw bytes equal `want` (names with
    /// escapes never match, which is safe: stored names are written unescaped when possible).
    private mutating func stringEquals(_ want: [UInt8]) -> Bool {
        let start = i + 1
        guard skipString() else { return false }
        let raw = bytes[start..<(i - 1)]
        return raw.elementsEqual(want)
    }

    /// Moves past the string at the cursor: to the next quote not escaped (preceded by an even
    /// number of backslashes), found with `memchr` — most of a report's bytes are in strings.
    private mutating func skipString() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let open = i
        var from = open + 1
        while from < bytes.count, let hit = memchr(base + from, 0x22, bytes.count - from) {
            let quote = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - 1 - backslashes > open, bytes[quote - 1 - backslashes] == 0x5C { backslashes += 1 }
            if backslashes % 2 == 0 {
                i = quote + 1
                return true
            }
            from = quote + 1
        }
        i = bytes.count
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
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return true
                default: i += 1
                }
            }
            return true
        }
    }
}
