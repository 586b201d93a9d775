/// CSV that Excel and WPS open correctly: UTF-8 with a byte order mark, CRLF line ends,
/// RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled),
/// and text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, TAB or CR first)
/// neutralised with a leading apostrophe, as OWASP and the spreadsheet vendors advise.
public enum CSV {
    /// The whole file: BOM, header row, rows.
    public static func document(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for row in [header] + rows {
            out.append(contentsOf: row.map(field).joined(separator: ",").utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    static func field(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        // Scalars, not Characters: "\r\n" is one Character that is neither "\r" nor "\n".
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
