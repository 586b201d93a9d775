import CSQLite
import Foundation
import ReportVault

/// A SQLite database opened through the system library: statements prepared, bound, stepped
/// and finalized here, every failure a ``VaultError`` naming the file and SQLite's own words.
final class SQLiteDatabase {
    let handle: OpaquePointer
    let file: String

    /// Opens `file`, read-only or read-write (created when missing).
    init(_ file: String, readOnly: Bool) throws(VaultError) {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let code = sqlite3_open_v2(file, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let problem = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let db { sqlite3_close_v2(db) }
            throw .sqlCacheFailed(file: file, problem: problem)
        }
        handle = db
        self.file = file
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs statements that return no rows (the schema, PRAGMAs, BEGIN/COMMIT).
    func execute(_ sql: String) throws(VaultError) {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            let problem = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw .sqlCacheFailed(file: file, problem: problem)
        }
    }

    /// A prepared statement of the vault's own SQL.
    func prepare(_ sql: String) throws(VaultError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .sqlCacheFailed(file: file, problem: lastError)
        }
        return SQLiteStatement(statement, database: self)
    }

    /// The user's statement: exactly one, that only reads. Anything else is refused before it runs.
    func prepareQuery(_ sql: String) throws(VaultError) -> SQLiteStatement {
        var statement: OpaquePointer?
        var rest: String?
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            rest = tail.map { String(cString: $0) }
            return code
        }
        guard code == SQLITE_OK else { throw problem(code, query: true) }
        guard let statement else { throw .sqlInvalid(problem: "empty statement") }
        // What follows the statement may only be blanks, semicolons and comments: what SQLite
        // prepares to no statement at all.
        if let rest, !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            var next: OpaquePointer?
            let restCode = sqlite3_prepare_v2(handle, rest, -1, &next, nil)
            sqlite3_finalize(next)
            if restCode != SQLITE_OK || next != nil {
                sqlite3_finalize(statement)
                throw .sqlOneStatement
            }
        }
        guard sqlite3_stmt_readonly(statement) != 0 else {
            sqlite3_finalize(statement)
            throw .sqlWrites(statement: String(sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60)))
        }
        return SQLiteStatement(statement, database: self)
    }

    /// A failure as the user's (a statement SQLite refuses) or the cache's (locked, damaged, a
    /// disk error), by SQLite's primary result code.
    func problem(_ code: Int32, query: Bool) -> VaultError {
        let text = lastError
        return query && (code & 0xFF) == SQLITE_ERROR
            ? .sqlInvalid(problem: text) : .sqlCacheFailed(file: file, problem: text)
    }
}

/// One prepared statement; finalized when released.
final class SQLiteStatement {
    let handle: OpaquePointer
    let database: SQLiteDatabase

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// A value to bind or read.
    enum Value: Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// Binds `values` to ?1, ?2… after a reset.
    func bind(_ values: [Value]) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .integer(let n): sqlite3_bind_int64(handle, index, n)
            case .real(let d): sqlite3_bind_double(handle, index, d)
            case .text(let s): sqlite3_bind_text(handle, index, s, -1, SQLITE_TRANSIENT)
            case .blob(let b):
                _ = b.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, Int32(b.count), SQLITE_TRANSIENT)
                }
            }
        }
    }

    /// Runs a statement that returns no rows, with `values` bound.
    func run(_ values: [Value]) throws(VaultError) {
        bind(values)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw .sqlCacheFailed(file: database.file, problem: database.lastError)
        }
    }

    /// The next row, or nil after the last; `query` says whether the error is the user's.
    func next(query: Bool = false) throws(VaultError) -> [Value]? {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return (0..<sqlite3_column_count(handle)).map { column($0) }
        case SQLITE_DONE:
            return nil
        case let code:
            throw database.problem(code, query: query)
        }
    }

    /// All rows of a statement with `values` bound.
    func rows(_ values: [Value] = []) throws(VaultError) -> [[Value]] {
        bind(values)
        var out: [[Value]] = []
        while let row = try next() { out.append(row) }
        return out
    }

    var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    private func column(_ i: Int32) -> Value {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let bytes = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

/// SQLite's "copy the bytes now" destructor, which the C macro spells as a cast of -1.
let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
