/// Reads many figures out of stored report bytes in one pass, without building the document:
/// `vault blame` asks, at each older revision, only for the figures still open.
///
/// The figures are given by their addresses in the newest revision (rows named by their key,
/// as ``FigureList/keyedValues(of:)`` names them). The addresses form a tree; one scan of the
/// bytes descends only into members and rows that lead to an open figure and skips every
/// other value. Where two rows carry the same key, the later one wins, as in `keyedValues`.
/// The bytes must be valid JSON (stored blobs are).
struct FigureProbe {
    private struct Node {
        /// Children by member name (the node is an object).
        var members: [String: Int] = [:]
        /// Children by row key value and by index (the node is an array).
        var rows: [String: Int] = [:]
        var indexes: [Int: Int] = [:]
        /// The schema's row key of the array at this node, if any.
        var rowKey: [UInt8]?
        /// Figures whose value is this node's.
        var figures: [Int] = []
        /// Open figures at or below this node.
        var open = 0
    }

    private var nodes = [Node()]
    /// Per figure: the nodes from the root to its own.
    private var paths: [[Int]] = []
    /// Per figure: whether it is still asked for.
    private(set) var isOpen: [Bool] = []
    private(set) var openCount = 0

    /// One figure per address; `rowKeys[k][s]` is the schema's row key of the array at step `s`
    /// of address `k` (nil for member steps or arrays without one).
    init(addresses: [[FigureAddress.Step]], rowKeys: [[String?]]) {
        for (k, steps) in addresses.enumerated() {
            var at = 0
            var path = [0]
            for (s, step) in steps.enumerated() {
                let next: Int?
                switch step {
                case .member(let name): next = nodes[at].members[name]
                case .index(let i): next = nodes[at].indexes[i]
                case .row(_, let value): next = nodes[at].rows[value]
                }
                if case .member = step {} else { nodes[at].rowKey = rowKeys[k][s].map { Array($0.utf8) } }
                let child: Int
                if let next {
                    child = next
                } else {
                    child = nodes.count
                    nodes.append(Node())
                    switch step {
                    case .member(let name): nodes[at].members[name] = child
                    case .index(let i): nodes[at].indexes[i] = child
                    case .row(_, let value): nodes[at].rows[value] = child
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
    mutating func close(_ k: Int) {
        guard isOpen[k] else { return }
        isOpen[k] = false
        openCount -= 1
        for n in paths[k] { nodes[n].open -= 1 }
    }

    /// The raw text of each open figure's number in `bytes` (nil: absent or not a number).
    func numbers(in bytes: [UInt8]) -> [ArraySlice<UInt8>?] {
        var found = [ArraySlice<UInt8>?](repeating: nil, count: isOpen.count)
        guard openCount > 0 else { return found }
        var scan = Scanner(bytes: bytes)
        scan.whitespace()
        scan.value(at: 0, nodes, into: &found)
        return found
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        mutating func whitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        /// Consumes the value at the cursor, recording the figures at `n` and below.
        mutating func value(at n: Int, _ nodes: [Node], into found: inout [ArraySlice<UInt8>?]) {
            let node = nodes[n]
            guard node.open > 0, i < bytes.count else { return skip() }
            if !node.figures.isEmpty {
                let start = i
                let isNumber = bytes[i] == UInt8(ascii: "-") || (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9"))
                skip()
                // A later duplicate that is no number leaves an earlier number in place.
                if isNumber { for k in node.figures { found[k] = bytes[start..<i] } }
                return
            }
            switch bytes[i] {
            case UInt8(ascii: "{") where !node.members.isEmpty:
                i += 1
                while true {
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { i += 1; return }
                    let name = string()
                    whitespace()
                    i += 1  // :
                    whitespace()
                    if let name, let child = node.members[name] { value(at: child, nodes, into: &found) } else { skip() }
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { i += 1; return }
                    i += 1
                }
            case UInt8(ascii: "[") where !node.rows.isEmpty || !node.indexes.isEmpty:
                i += 1
                var index = 0
                while true {
                    whitespace()
                    guard i < bytes.count, bytes[i] != UInt8(ascii: "]") else { i += 1; return }
                    // keyedValues names a row by its key's string value, else by its index.
                    var child: Int?
                    if let key = node.rowKey, let name = rowName(key) {
                        child = node.rows[name]
                    } else {
                        child = node.indexes[index]
                    }
                    if let child { value(at: child, nodes, into: &found) } else { skip() }
                    whitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { i += 1; return }
                    i += 1
                    index += 1
                }
            default:
                skip()
            }
        }

        /// The string value of member `key` of the object at the cursor, if it has one; the
        /// cursor does not move.
        func rowName(_ key: [UInt8]) -> String? {
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
                    return probe.string()
                }
                probe.skip()
                probe.whitespace()
                guard probe.i < bytes.count, bytes[probe.i] == UInt8(ascii: ",") else { return nil }
                probe.i += 1
            }
        }

        /// Whether the string token at `range` (quotes included) decodes to the UTF-8 `want`.
        private func sameString(_ range: Range<Int>, _ want: [UInt8]) -> Bool {
            let raw = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
            if !raw.contains(UInt8(ascii: "\\")) { return raw.elementsEqual(want) }
            guard case .string(let s)? = try? JSONParser.parse(bytes[range]) else { return false }
            return s.utf8.elementsEqual(want)
        }

        /// Consumes the string at the cursor and decodes it.
        mutating func string() -> String? {
            let start = i
            skipString()
            let raw = bytes[(start + 1)..<max(start + 1, i - 1)]
            if !raw.contains(UInt8(ascii: "\\")) { return String(decoding: raw, as: UTF8.self) }
            return (try? JSONParser.parse(bytes[start..<i]))?.stringValue
        }

        mutating func skipString() {
            i += 1
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""):
                    i += 1
                    return
                default: i += 1
                }
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
