/// A matcher for the simple regular expressions schemas use most (`^[0-9]{4}-[0-9]{2}$`,
/// `^[^/\\]+$`): anchors, literals, escapes, character classes, `.`, and the quantifiers
/// `? * + {n} {n,} {n,m}` — no groups or alternation. Compiling Swift's `Regex` costs more
/// than a whole `vault commit` otherwise does, so patterns this type understands skip it;
/// any other pattern returns nil from `init` and goes to `Regex`.
struct SimplePattern: Sendable {
    private enum Atom: Sendable {
        case any
        case scalar(Unicode.Scalar)
        case set(ranges: [ClosedRange<UInt32>], negated: Bool)

        func matches(_ s: Unicode.Scalar) -> Bool {
            switch self {
            case .any: return s != "\n" && s != "\r"
            case .scalar(let c): return c == s
            case .set(let ranges, let negated): return ranges.contains { $0.contains(s.value) } != negated
            }
        }
    }

    private struct Piece: Sendable {
        let atom: Atom
        let min: Int
        let max: Int  // Int.max: unbounded
    }

    private let pieces: [Piece]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool

    init?(_ pattern: String) {
        var chars = Array(pattern.unicodeScalars)
        var start = false, end = false
        if chars.first == "^" { start = true; chars.removeFirst() }
        if chars.last == "$", chars.count < 2 || chars[chars.count - 2] != "\\" { end = true; chars.removeLast() }
        var pieces: [Piece] = []
        var i = 0
        func escape(_ c: Unicode.Scalar) -> Atom? {
            switch c {
            case "d": return .set(ranges: [48...57], negated: false)
            case "D": return .set(ranges: [48...57], negated: true)
            case "w": return .set(ranges: [48...57, 65...90, 95...95, 97...122], negated: false)
            case "s": return .set(ranges: [9...13, 32...32], negated: false)
            case "n": return .scalar("\n")
            case "t": return .scalar("\t")
            default:
                // Escaped punctuation stands for itself; escaped letters may mean something else.
                return c.properties.isAlphabetic || c.properties.numericType != nil ? nil : .scalar(c)
            }
        }
        while i < chars.count {
            let c = chars[i]
            var atom: Atom
            switch c {
            case "(", ")", "|", "^", "$", "*", "+", "?", "{", "}":
                return nil
            case ".":
                atom = .any
                i += 1
            case "\\":
                guard i + 1 < chars.count, let a = escape(chars[i + 1]) else { return nil }
                atom = a
                i += 2
            case "[":
                i += 1
                var negated = false
                if i < chars.count, chars[i] == "^" { negated = true; i += 1 }
                var ranges: [ClosedRange<UInt32>] = []
                var closed = false
                while i < chars.count {
                    var lo = chars[i]
                    if lo == "]" && !ranges.isEmpty || lo == "]" && i > 0 && chars[i - 1] != "[" && chars[i - 1] != "^"
                    {
                        closed = true; i += 1; break
                    }
                    if lo == "[" { return nil }
                    if lo == "\\" {
                        guard i + 1 < chars.count else { return nil }
                        if case .set(let r, false)? = escape(chars[i + 1]) { ranges += r; i += 2; continue }
                        guard case .scalar(let s)? = escape(chars[i + 1]) else { return nil }
                        lo = s
                        i += 2
                    } else {
                        i += 1
                    }
                    if i + 1 < chars.count, chars[i] == "-", chars[i + 1] != "]" {
                        var hi = chars[i + 1]
                        i += 2
                        if hi == "\\" {
                            guard i < chars.count, case .scalar(let s)? = escape(chars[i]) else { return nil }
                            hi = s
                            i += 1
                        }
                        guard lo.value <= hi.value else { return nil }
                        ranges.append(lo.value...hi.value)
                    } else {
                        ranges.append(lo.value...lo.value)
                    }
                }
                guard closed else { return nil }
                atom = .set(ranges: ranges, negated: negated)
            default:
                atom = .scalar(c)
                i += 1
            }
            var min = 1, max = 1
            if i < chars.count {
                switch chars[i] {
                case "?": min = 0; max = 1; i += 1
                case "*": min = 0; max = .max; i += 1
                case "+": min = 1; max = .max; i += 1
                case "{":
                    guard let close = chars[i...].firstIndex(of: "}") else { return nil }
                    let body = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                    let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                    guard (1...2).contains(parts.count), let a = Int(parts[0]) else { return nil }
                    min = a
                    max = parts.count == 1 ? a : (parts[1].isEmpty ? .max : (Int(parts[1]) ?? -1))
                    guard max >= min else { return nil }
                    i = close + 1
                default: break
                }
                // Lazy or stacked quantifiers are not accepted.
                if i < chars.count, ["?", "*", "+", "{"].contains(chars[i]) { return nil }
            }
            pieces.append(Piece(atom: atom, min: min, max: max))
        }
        self.pieces = pieces
        anchoredStart = start
        anchoredEnd = end
    }

    /// Whether the pattern matches somewhere in `s` (as JSON Schema's `pattern` does).
    func matches(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        let starts = anchoredStart ? 0...0 : 0...scalars.count
        for start in starts where match(0, start, scalars) { return true }
        return false
    }

    private func match(_ p: Int, _ i: Int, _ s: [Unicode.Scalar]) -> Bool {
        if p == pieces.count { return !anchoredEnd || i == s.count }
        let piece = pieces[p]
        var count = 0
        while count < piece.min {
            guard i + count < s.count, piece.atom.matches(s[i + count]) else { return false }
            count += 1
        }
        var extra = 0
        while count + extra < piece.max, i + count + extra < s.count, piece.atom.matches(s[i + count + extra]) {
            extra += 1
        }
        // Greedy, backing off one at a time.
        while true {
            if match(p + 1, i + count + extra, s) { return true }
            if extra == 0 { return false }
            extra -= 1
        }
    }
}
