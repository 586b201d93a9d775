import Foundation

/// OpenSSH's wire encoding (RFC 4251 §5), as its key files and signatures use it: a `uint32`
/// is four bytes, most significant first; a `string` is a `uint32` length and that many bytes.
struct SSHWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff),
        ])
    }

    mutating func string(_ data: some Collection<UInt8>) {
        uint32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }
}

/// Reads OpenSSH's wire encoding; every read returns nil past the end, so a truncated or
/// forged blob is refused, never read out of bounds.
struct SSHReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    /// What has not been read yet.
    var rest: ArraySlice<UInt8> { bytes[offset...] }

    mutating func raw(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32() -> UInt32? {
        raw(4).map { b in UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3]) }
    }

    mutating func string() -> [UInt8]? {
        guard let count = uint32() else { return nil }
        return raw(Int(count))
    }

    mutating func text() -> String? {
        string().flatMap { String(bytes: $0, encoding: .utf8) }
    }
}

/// The armour of OpenSSH's text formats: a BEGIN line, the bytes in Base64 and an END line.
enum SSHArmor {
    /// `bytes` between `-----BEGIN label-----` and `-----END label-----`, Base64 lines of
    /// `width` characters (70 for signatures, as ssh-keygen writes them).
    static func wrap(_ bytes: [UInt8], label: String, width: Int = 70) -> String {
        let base64 = Data(bytes).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bytes inside the first `label` block of `text`; nil when there is none or its
    /// Base64 does not decode.
    static func unwrap(_ text: String, label: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
            let end = lines[begin...].firstIndex(of: "-----END \(label)-----")
        else { return nil }
        return Data(base64Encoded: lines[(begin + 1)..<end].joined()).map { [UInt8]($0) }
    }
}
