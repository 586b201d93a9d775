import CSQLite
import Foundation
import ReportVault
import VaultOutput

/// The answer to one `vault sql` statement: its columns and rows, as a table, CSV or JSON.
public struct SQLAnswer: JSONOutput {
    public var columns: [String]
    /// Each cell as text (numbers in their shortest exact form), or nil for SQL NULL; `numeric`
    /// says which cells were numbers.
    public var rows: [[String?]]
    var numeric: [[Bool]]

    /// An array of one object per row, members named by the columns, numbers as numbers.
    public var json: JSONValue {
        .array(
            rows.indices.map { r in
                .object(
                    columns.indices.map { c in
                        let value: JSONValue =
                            rows[r][c].map { text in
                                numeric[r][c] ? (Double(text).map(JSONValue.number) ?? .string(text)) : .string(text)
                            } ?? .null
                        return .init(columns[c], value)
                    })
            })
    }

    /// The table for a terminal: a header, a rule, the rows (numbers to the right, a 汉字 counting
    /// two columns, NULL as nothing).
    public var lines: [String] {
        let table = [columns] + rows.map { $0.map { $0 ?? "" } }
        let widths = columns.indices.map { c in table.map { DisplayWidth.columns($0[c]) }.max() ?? 0 }
        func line(_ cells: [String], _ row: Int?) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - DisplayWidth.columns(cell))
                return (row.map { numeric[$0][c] } ?? false) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return [line(columns, nil), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.indices.map { line(rows[$0].map { $0 ?? "" }, $0) }
    }

    /// CSV with a header, NULL as an empty field.
    public var csv: [UInt8] { CSV.document(header: columns, rows: rows.map { $0.map { $0 ?? "" } }) }
}

extension FigureTables {
    /// Runs one read-only statement over the tables, brought up to date first. A statement that
    /// would write, or more than one statement, is refused before anything runs.
    public func query(_ sql: String) throws(VaultError) -> SQLAnswer {
        try refresh()
        let db = try SQLiteDatabase(file, readOnly: true)
        // Nothing beside the cache: no other database attached (a read-only connection could
        // still read one), and the connection itself refuses writes.
        sqlite3_limit(db.handle, SQLITE_LIMIT_ATTACHED, 0)
        try db.execute("PRAGMA query_only = 1")
        let statement = try db.prepareQuery(sql)
        var answer = SQLAnswer(columns: statement.columnNames, rows: [], numeric: [])
        while let row = try statement.next(query: true) {
            var cells: [String?] = []
            var numbers: [Bool] = []
            for value in row {
                switch value {
                case .null: cells.append(nil); numbers.append(false)
                case .integer(let n): cells.append(String(n)); numbers.append(true)
                case .real(let d): cells.append(ECMAScriptNumber.format(d)); numbers.append(true)
                case .text(let s): cells.append(s); numbers.append(false)
                case .blob(let b): cells.append(b.map { String(format: "%02x", $0) }.joined()); numbers.append(false)
                }
            }
            answer.rows.append(cells)
            answer.numeric.append(numbers)
        }
        return answer
    }
}
