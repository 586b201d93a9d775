#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Reads many figures out of stored report bytes in one pass, without building the document:
/// `vault blame` asks, at each older revision, only for the figures still open.
///
/// The figures are given by their addresses in the newest revision (rows named by their key,
/// as ``FigureList/keyedValues(of:)`` names them). The addresses form a tree; one scan of the
/// bytes descends only into members and rows that lead to an open figure and skips every
/// other value. Where two rows carry the same key, the later one wins, as in `keyedValues`.
/// The bytes must be valid JSON (stored blobs are).
package struct FigureProbe {
    private struct Node {
        /// Children by member name (the node is an object), by the hash of the name's UTF-8.
        var members: [UInt64: [(name: [UInt8], child: Int)]] = [:]
        /// Children by row key value and by index (the node is an array).
        var rows: [UInt64: [(name: [UInt8], child: Int)]] = [:]
        var indexes: [Int: Int] = [:]
        /// The schema's row key of the array at this node, if any.
        var rowKey: [UInt8]?
        /// Figures whose value is this node's.
        var figures: [Int] = []
        /// Open figures at or below this node.
        var open = 0
    }

    /// FNV-1a over the bytes: names are looked up by hash, then compared byte for byte.
    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    private static func lookup(_ table: [UInt64: [(name: [UInt8], child: Int)]], _ name: [UInt8]) -> Int? {
        table[hash(name)]?.first { $0.name == name }?.child
    }

    private static func insert(_ table: inout [UInt64: [(name: [UInt8], child: Int)]], _ name: [UInt8], _ child: Int) {
        table[hash(name), default: []].append((name, child))
    }

    private var nodes = [Node()]
    /// Per figure: the nodes from the root to its own.
    private var paths: [[Int]] = []
    /// Per figure: whether it is still asked for.
    package private(set) var isOpen: [Bool] = []
    package private(set) var openCount = 0

    /// One figure per address; `rowKeys[k][s]` is the schema's row key of the array at step `s`
    /// of address `k` (nil for member steps or arrays without one).
    package init(addresses: [[FigureAddress.Step]], rowKeys: [[String?]]) {
        for (k, steps) in addresses.enumerated() {
            var at = 0
            var path = [0]
            for (s, step) in steps.enumerated() {
                let next: Int?
                switch step {
                case .member(let name): next = Self.lookup(nodes[at].members, Array(name.utf8))
                case .index(let i): next = nodes[at].indexes[i]
                case .row(_, let value): next = Self.lookup(nodes[at].rows, Array(value.utf8))
                }
                if case .member = step {} else { nodes[at].rowKey = rowKeys[k][s].map { Array($0.utf8) } }
                let child: Int
                if let next {
                    child = next
                } else {
                    child = nodes.count
                    nodes.append(Node())
                    switch step {
                    case .member(let name): Self.insert(&nodes[at].members, Array(name.utf8), child)
                    case .index(let i): nodes[at].indexes[i] = child
                    case .row(_, let value): Self.insert(&nodes[at].rows, Array(value.utf8), child)
                    }
                }
                at = child
                path.append(at)
            }
            nodes[at].figures.append(k)
            for n in path { nodes[n].open += 1 }
            paths.append(path)
        }
        isOpen = Array(repeating: true, count: addresses.count)
        openCount = addresses.count
    }

    /// Stops asking for figure `k`.
    package mutating func close(_ k: Int) {
        guard isOpen[k] else { return }
        isOpen[k] = false
        openCount -= 1
        for n in paths[k] { nodes[n].open -= 1 }
    }

    /// The raw text of each open figure's number in `bytes` (nil: absent or not a number).
    package func numbers(in bytes: [UInt8]) -> [ArraySlice<UInt8>?] {
        var ranges = [Range<Int>?](repeating: nil, count: isOpen.count)
        if openCount > 0 {
            nodes.withUnsafeBufferPointer { nodes in
                bytes.withUnsafeBufferPointer { buffer in
                    var scan = Scanner(bytes: buffer, nodes: nodes)
                    scan.whitespace()
                    scan.value(at: 0, into: &ranges)
                }
            }
        }
        return ranges.map { $0.map { bytes[$0] } }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let nodes: UnsafeBufferPointer<Node>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>, nodes: UnsafeBufferPointer<Node>) {
            self.bytes = bytes
            self.nodes = nodes
        }

        mutating func whitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }

        /// Consumes the value at the cursor, recording the figures at node `n` and below.
        mutating func value(at n: Int, into found: inout [Range<Int>?]) {
            guard nodes[n].open > 0, i < bytes.count else { return skip() }
            if !nodes[n].figures.isEmpty {
                let start = i
                let isNumber =
                    bytes[i] == UInt8(ascii: "-") || (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9"))
                skip()
                // A later duplicate that is no number leaves an earlier number in place.
                if isNumber { for k in nodes[n].figures { found[k] = start..<i } }
                return
            }
            switch bytes[i] {
            case UInt8(ascii: "{") where !nodes[n].members.isEmpty:
                i += 1
                while true {
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                        i += 1
                        return
                    }
                    let name = i
                    skipString()
                    let child = lookup(nodes[n].members, name..<i)
                    whitespace()
                    i += 1  // :
                    whitespace()
                    if let child { value(at: child, into: &found) } else { skip() }
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else {
                        i += 1
                        return
                    }
                    i += 1
                }
            case UInt8(ascii: "[") where !nodes[n].rows.isEmpty || !nodes[n].indexes.isEmpty:
                i += 1
                var index = 0
                while true {
                    whitespace()
                    guard i < bytes.count, bytes[i] != UInt8(ascii: "]") else {
                        i += 1
                        return
                    }
                    // keyedValues names a row by its key's string value, else by its index.
                    var child: Int?
                    if let key = nodes[n].rowKey, let name = rowName(key) {
                        child = lookup(nodes[n].rows, name)
                    } else {
                        child = nodes[n].indexes[index]
                    }
                    if let child { value(at: child, into: &found) } else { skip() }
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else {
                        i += 1
                        return
                    }
                    i += 1
                    index += 1
                }
            default:
                skip()
            }
        }

        /// The child named by the string token at `range` (quotes included).
        private func lookup(_ table: [UInt64: [(name: [UInt8], child: Int)]], _ range: Range<Int>) -> Int? {
            let raw = UnsafeBufferPointer(
                rebasing: bytes[(range.lowerBound + 1)..<max(range.lowerBound + 1, range.upperBound - 1)])
            if !raw.contains(UInt8(ascii: "\\")) {
                return table[FigureProbe.hash(raw)]?.first { $0.name.elementsEqual(raw) }?.child
            }
            guard case .string(let s)? = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range])) else {
                return nil
            }
            return FigureProbe.lookup(table, Array(s.utf8))
        }

        /// The string token of member `key` of the object at the cursor, if it has a string
        /// there; the cursor does not move.
        func rowName(_ key: [UInt8]) -> Range<Int>? {
            var probe = self
            guard probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: "{") else { return nil }
            probe.i += 1
            while true {
                probe.whitespace()
                guard probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: "\"") else { return nil }
                let nameStart = probe.i
                probe.skipString()
                let isKey = probe.sameString(nameStart..<probe.i, key)
                probe.whitespace()
                probe.i += 1  // :
                probe.whitespace()
                if isKey {
                    guard probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: "\"") else { return nil }
                    let start = probe.i
                    probe.skipString()
                    return start..<probe.i
                }
                probe.skip()
                probe.whitespace()
                guard probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: ",") else { return nil }
                probe.i += 1
            }
        }

        /// Whether the string token at `range` (quotes included) decodes to the UTF-8 `want`.
        private func sameString(_ range: Range<Int>, _ want: [UInt8]) -> Bool {
            let raw = UnsafeBufferPointer(
                rebasing: bytes[(range.lowerBound + 1)..<max(range.lowerBound + 1, range.upperBound - 1)])
            if !raw.contains(UInt8(ascii: "\\")) { return raw.elementsEqual(want) }
            guard case .string(let s)? = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range])) else {
                return false
            }
            return s.utf8.elementsEqual(want)
        }

        /// Consumes the string at the cursor (its closing quote is the first not escaped).
        mutating func skipString() {
            i += 1
            guard let base = bytes.baseAddress else { return }
            while i < bytes.count {
                guard let q = memchr(base + i, Int32(UInt8(ascii: "\"")), bytes.count - i) else {
                    i = bytes.count
                    return
                }
                let at = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                var backslashes = 0
                while at - 1 - backslashes >= i, bytes[at - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
                i = at + 1
                if backslashes % 2 == 0 { return }
            }
        }

        /// Consumes one value of any kind.
        mutating func skip() {
            guard i < bytes.count else { return }
            switch bytes[i] {
            case UInt8(ascii: "\""): skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: "\""):
                        skipString()
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return
                        }
                    default: break
                    }
                    i += 1
                }
            default:
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return
                    default: i += 1
                    }
                }
            }
        }
    }
}
