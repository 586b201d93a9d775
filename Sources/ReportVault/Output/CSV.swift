/// CSV that Excel and WPS open correctly: UTF-8 with a byte order mark, CRLF line ends,
/// RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled).
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

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
