import CGit2

/// A git object id (SHA-1), as 40 lower-case hexadecimal digits.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The 40-digit hexadecimal id.
    public let hex: String

    public var description: String { hex }
    /// The first 7 digits, as git abbreviates.
    public var short: String { String(hex.prefix(7)) }

    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.hex < b.hex }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [UInt8](repeating: 0, count: 41)
        buffer.withUnsafeMutableBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 41) { _ = git_oid_tostr($0, 41, &copy) }
        }
        hex = String(decoding: buffer.prefix(40), as: UTF8.self)
    }

    /// An id from 40 hexadecimal digits; nil when `hex` is not one.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        self.hex = hex
    }

    /// The all-zero id git uses for "no object" (a reflog entry of a created reference).
    var isZero: Bool { hex.utf8.allSatisfy { $0 == 48 } }

    var oid: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }
}
