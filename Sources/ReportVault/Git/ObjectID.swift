import CGit2

/// A git object id (SHA-1): its 20 bytes, held inline as three words read most significant
/// byte first, so that ids hash and compare without formatting hex and sort as their
/// hexadecimal forms do.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// Bytes 0–7, 8–15 and 16–19 of the id, the first byte in the highest bits.
    private let head: UInt64, middle: UInt64, tail: UInt32

    /// The 40-digit lower-case hexadecimal id.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        func append<Word: FixedWidthInteger>(_ word: Word) {
            for shift in stride(from: Word.bitWidth - 4, through: 0, by: -4) {
                text.append(digits[Int(truncatingIfNeeded: word >> shift) & 0xf])
            }
        }
        append(head)
        append(middle)
        append(tail)
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }
    /// The first 7 digits, as git abbreviates.
    public var short: String { String(hex.prefix(7)) }

    /// Byte order, which is the order of the hexadecimal forms.
    public static func < (a: ObjectID, b: ObjectID) -> Bool { (a.head, a.middle, a.tail) < (b.head, b.middle, b.tail) }

    init(_ oid: git_oid) {
        (head, middle, tail) = withUnsafeBytes(of: oid.id) { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            )
        }
    }

    /// An id from 40 lower-case hexadecimal digits; nil when `hex` is not one.
    public init?(hex: String) {
        guard hex.utf8.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for (i, c) in hex.utf8.enumerated() {
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - UInt8(ascii: "a") + 10)
            default: return nil
            }
            switch i {
            case 0..<16: words.0 = words.0 << 4 | digit
            case 16..<32: words.1 = words.1 << 4 | digit
            default: words.2 = words.2 << 4 | digit
            }
        }
        (head, middle, tail) = (words.0, words.1, UInt32(words.2))
    }

    /// The id whose 20 bytes `raw` starts with.
    init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= 20, "an object id has 20 bytes")
        (head, middle, tail) = (
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        )
    }

    /// Appends the id's 20 bytes to `out`.
    func append(to out: inout [UInt8]) {
        withUnsafeBytes(of: head.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: middle.bigEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: tail.bigEndian) { out.append(contentsOf: $0) }
    }

    /// The id whose 20 bytes these are (a SHA-1 as computed).
    init(bytes: [UInt8]) {
        precondition(bytes.count == 20, "an object id has 20 bytes")
        (head, middle, tail) = bytes.withUnsafeBytes { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            )
        }
    }

    /// The id's 20 bytes, as stored in trees and pack indexes.
    var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: head.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: tail.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return out
    }

    /// The all-zero id git uses for "no object" (a reflog entry of a created reference).
    package var isZero: Bool { head == 0 && middle == 0 && tail == 0 }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: head.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: tail.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }
}
