/// The two byte forms of a report (docs/design.md, "Storage").
///
/// - ``rfc8785(_:)``: RFC 8785 (JCS) bytes — members sorted by UTF-16 code units,
///   ECMAScript number form, minimal string escaping, no whitespace. Its SHA-256
///   is a report's content digest.
/// - ``stored(_:)``: the same tokens laid out one member per line (two-space
///   indent, `": "` after names, `{}`/`[]` when empty, one final newline), so that
///   plain `git diff` and `git blame` work figure by figure. Removing the whitespace
///   between tokens gives back the RFC 8785 bytes.
public enum CanonicalJSON {
    /// RFC 8785 canonical bytes of `value`.
    public static func rfc8785(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out, indent: nil)
        return out
    }

    /// The stored, one-member-per-line form of `value`, ending in a newline.
    public static func stored(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        write(value, into: &out, indent: 0)
        out.append(0x0A)
        return out
    }

    /// `value` with every object's members in RFC 8785 order (recursively).
    public static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(sorted))
        case .object(let members):
            return .object(sortedMembers(members).map { .init($0.name, sorted($0.value)) })
        default: return value
        }
    }

    // MARK: - Writing

    /// `indent == nil` writes the compact RFC 8785 form; otherwise the stored form at that depth.
    private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): out.append(contentsOf: ECMAScriptNumber.format(d).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent.map { $0 + 1 })
                write(element, into: &out, indent: indent.map { $0 + 1 })
            }
            newline(into: &out, indent: indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in sortedMembers(members).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent.map { $0 + 1 })
                writeString(member.name, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, indent: indent.map { $0 + 1 })
            }
            newline(into: &out, indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(into out: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    package static func sortedMembers(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        if members.count < 2 { return members }
        // Stored reports are already in order: check that first, without allocating.
        var inOrder = true
        for i in 1..<members.count where !members[i - 1].name.utf16.lexicographicallyPrecedes(members[i].name.utf16) {
            inOrder = false
            break
        }
        if inOrder { return members }
        return
            members
            .map { (key: Array($0.name.utf16), member: $0) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map(\.member)
    }

    /// RFC 8785 section 3.2.2.2: escape `"`, `\` and controls; `\b\t\n\f\r` by name,
    /// other controls as lower-case `\u00xx`; everything else as raw UTF-8.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escaping are copied whole from the string's UTF-8 (made
        // contiguous first: a short string is held inline and has no storage to lend).
        var text = s
        text.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                out.append(0x5C)
                switch byte {
                case 0x22, 0x5C: out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(contentsOf: hexDigits(UInt32(byte), width: 2).lowercased().utf8)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
