import Foundation

/// Character-level comparison of narrative texts.
public enum TextDiff {
    /// One run of the edit script.
    public enum Piece: Equatable, Sendable {
        case same(String), removed(String), added(String)
    }

    /// The longest middle part compared character by character; longer changes are
    /// shown as one removal and one addition (after the common start and end).
    static let maximumCells = 4_000_000

    /// The edit script from `old` to `new`, on characters.
    public static func pieces(_ old: String, _ new: String) -> [Piece] {
        let a = Array(old), b = Array(new)
        var start = 0
        while start < a.count && start < b.count && a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start && endB > start && a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        var out: [Piece] = []
        if start > 0 { out.append(.same(String(a[0..<start]))) }
        let midA = Array(a[start..<endA]), midB = Array(b[start..<endB])
        if midA.count * midB.count <= maximumCells && !midA.isEmpty && !midB.isEmpty {
            out.append(contentsOf: lcsPieces(midA, midB))
        } else {
            if !midA.isEmpty { out.append(.removed(String(midA))) }
            if !midB.isEmpty { out.append(.added(String(midB))) }
        }
        if endA < a.count { out.append(.same(String(a[endA...]))) }
        return merge(out)
    }

    /// Characters added and removed, and a short excerpt of the first change.
    public static func summary(_ old: String, _ new: String) -> (added: Int, removed: Int, excerpt: String) {
        let p = pieces(old, new)
        var added = 0, removed = 0
        var excerpt = ""
        for piece in p {
            switch piece {
            case .added(let s):
                added += s.count
                if excerpt.isEmpty { excerpt = "+“" + clip(s) + "”" }
            case .removed(let s):
                removed += s.count
                if excerpt.isEmpty { excerpt = "−“" + clip(s) + "”" }
            case .same: break
            }
        }
        return (added, removed, excerpt)
    }

    /// The texts with changes marked `[-removed-]` and `{+added+}`, unchanged runs shortened.
    public static func marked(_ old: String, _ new: String, context: Int = 20) -> String {
        pieces(old, new).map { piece in
            switch piece {
            case .same(let s):
                return s.count > 2 * context + 3 ? String(s.prefix(context)) + "…" + String(s.suffix(context)) : s
            case .removed(let s): return "[-" + s + "-]"
            case .added(let s): return "{+" + s + "+}"
            }
        }.joined()
    }

    /// At most 30 characters on one line (line breaks shown as ⏎).
    static func clip(_ s: String) -> String {
        let flat = s.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n", with: "⏎")
        return flat.count > 30 ? String(flat.prefix(30)) + "…" : flat
    }

    private static func lcsPieces(_ a: [Character], _ b: [Character]) -> [Piece] {
        let n = a.count, m = b.count
        // lengths[i][j] = LCS of a[i...] and b[j...], in one flat buffer.
        var lengths = [UInt16](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * (m + 1) + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * (m + 1) + j + 1] &+ 1
                    : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
            }
        }
        var out: [Piece] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                out.append(.same(String(a[i]))); i += 1; j += 1
            } else if j < m && (i == n || lengths[i * (m + 1) + j + 1] > lengths[(i + 1) * (m + 1) + j]) {
                out.append(.added(String(b[j]))); j += 1
            } else {
                out.append(.removed(String(a[i]))); i += 1
            }
        }
        return out
    }

    private static func merge(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for p in pieces {
            switch (out.last, p) {
            case let (.same(x)?, .same(y)): out[out.count - 1] = .same(x + y)
            case let (.added(x)?, .added(y)): out[out.count - 1] = .added(x + y)
            case let (.removed(x)?, .removed(y)): out[out.count - 1] = .removed(x + y)
            default: out.append(p)
            }
        }
        return out
    }
}
