import Foundation
import ReportVault

/// `vault export --postgres URL [--schema NAME]`: the tables of `vault sql`, written into a
/// province's PostgreSQL in one transaction per run, only the revisions the database does not
/// have yet (a second run with nothing new changes nothing), each county in a schema of its own.
///
/// PostgreSQL's client library (libpq, Debian `libpq5`) is loaded when an export runs, not
/// linked: no other command pays for loading it, and a machine without it only loses the export.
public struct PostgresExport {
    /// What one run wrote.
    public struct Result: Sendable, Equatable {
        public var schema: String
        public var revisions = 0
        public var reports = 0
        public var figures = 0
        public var figureChanges = 0
        public var submissions = 0
        /// The database held revisions no longer on the branch (history rewritten): emptied first.
        public var replaced = false
    }

    public let tables: FigureTables

    public init(tables: FigureTables) { self.tables = tables }

    /// The database's address as messages show it: without a password.
    public static func shown(_ url: String) -> String { PostgresConnection.withoutPassword(url) }

    /// A schema name as vault accepts it: lowercase ASCII letters, digits and `_`, not first a
    /// digit, at most 63 bytes (PostgreSQL's limit). It is always quoted in statements, so a
    /// reserved word (`user`) is a name like any other.
    public static func validSchema(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        func word(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        return word(first) && name.utf8.allSatisfy { word($0) || (b0...b9).contains($0) }
    }
    private static let (b0, b9) = (UInt8(ascii: "0"), UInt8(ascii: "9"))

    /// The tables, as in the SQLite cache, with PostgreSQL's types: figures as `numeric`, exact
    /// (COPY sends each value's shortest decimal text, which names the stored double exactly).
    static func ddl(_ schema: String) -> String {
        """
        CREATE SCHEMA IF NOT EXISTS \(schema);
        CREATE TABLE IF NOT EXISTS \(schema).vault_export(key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS \(schema).revisions(
          id text PRIMARY KEY, seq bigint NOT NULL, author text NOT NULL, email text NOT NULL,
          date timestamptz NOT NULL, message text NOT NULL, parents text NOT NULL);
        CREATE TABLE IF NOT EXISTS \(schema).reports(
          path text NOT NULL, unit text NOT NULL, year integer NOT NULL, revision text NOT NULL,
          seq bigint NOT NULL, draft integer NOT NULL, blob text NOT NULL, latest boolean NOT NULL,
          PRIMARY KEY(path, revision));
        CREATE TABLE IF NOT EXISTS \(schema).figures(
          path text NOT NULL, revision text NOT NULL, pointer text NOT NULL, caption text NOT NULL,
          value numeric NOT NULL, unit_of_measure text);
        CREATE TABLE IF NOT EXISTS \(schema).figure_changes(
          path text NOT NULL, pointer text NOT NULL, caption text NOT NULL, from_revision text NOT NULL,
          to_revision text NOT NULL, old numeric, new numeric);
        CREATE TABLE IF NOT EXISTS \(schema).submissions(
          tag text NOT NULL, revision text NOT NULL, path text NOT NULL, digest text NOT NULL, signer text,
          withdrawn boolean NOT NULL);
        CREATE INDEX IF NOT EXISTS figures_by_version ON \(schema).figures(path, revision);
        CREATE INDEX IF NOT EXISTS figures_by_pointer ON \(schema).figures(pointer);
        """
    }

    /// Exports to the database `url` names, into `schema`.
    public func run(url: String, schema: String) throws(VaultError) -> Result {
        guard Self.validSchema(schema) else { throw .postgresSchemaInvalid(schema: schema) }
        let name = schema
        let schema = "\"\(schema)\""
        try tables.refresh()
        let cache = try SQLiteDatabase(tables.file, readOnly: true)
        // One snapshot of the cache for the whole run, whatever another process does meanwhile.
        try cache.execute("BEGIN")
        defer { try? cache.execute("COMMIT") }
        let pg = try PostgresConnection(url)
        var result = Result(schema: name)
        try pg.execute("BEGIN")
        do throws(VaultError) {
            try pg.execute("SET LOCAL client_min_messages = warning")
            try pg.execute(Self.ddl(schema))
            let branch = try cache.prepare("SELECT id FROM revisions ORDER BY seq").rows().compactMap {
                row -> String? in
                if case .text(let id)? = row.first { id } else { nil }
            }
            // The vault a schema holds is named by its first revision: another vault's tables are
            // never emptied or mixed with this one's.
            let first = branch.first ?? ""
            let stored = try pg.column("SELECT value FROM \(schema).vault_export WHERE key = 'first revision'").first
            if let stored, !stored.isEmpty, !first.isEmpty, stored != first {
                throw .postgresOtherVault(
                    url: pg.shown, schema: name, theirs: String(stored.prefix(7)), ours: String(first.prefix(7)))
            }
            try pg.execute(
                "INSERT INTO \(schema).vault_export VALUES ('first revision', '\(first)') "
                    + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
            let exported = Set(try pg.column("SELECT id FROM \(schema).revisions"))
            var wanted = Set(branch)
            if !exported.isSubset(of: wanted) {
                // Revisions the branch no longer has: the history was rewritten; start again.
                try pg.execute(
                    "TRUNCATE \(schema).revisions, \(schema).reports, \(schema).figures, \(schema).figure_changes")
                result.replaced = true
            } else {
                wanted.subtract(exported)
            }
            if !wanted.isEmpty {
                // The new revisions' rows, read from the cache through a temporary list of ids.
                try cache.execute("CREATE TEMP TABLE wanted(id TEXT PRIMARY KEY)")
                let add = try cache.prepare("INSERT INTO temp.wanted VALUES(?1)")
                for id in wanted { try add.run([.text(id)]) }
                result.revisions = try copy(
                    cache, "SELECT * FROM revisions WHERE id IN (SELECT id FROM temp.wanted) ORDER BY seq",
                    to: pg, "\(schema).revisions")
                result.reports = try copy(
                    cache,
                    "SELECT path, unit, year, revision, seq, draft, blob, 'f' FROM reports "
                        + "WHERE revision IN (SELECT id FROM temp.wanted) ORDER BY seq",
                    to: pg, "\(schema).reports")
                result.figures = try copy(
                    cache, "SELECT * FROM figures WHERE revision IN (SELECT id FROM temp.wanted)",
                    to: pg, "\(schema).figures")
                result.figureChanges = try copy(
                    cache, "SELECT * FROM figure_changes WHERE to_revision IN (SELECT id FROM temp.wanted)",
                    to: pg, "\(schema).figure_changes")
            }
            // The latest versions and the submissions change without new revisions: set again.
            try pg.execute("CREATE TEMP TABLE latest(path text, revision text) ON COMMIT DROP")
            _ = try copy(cache, "SELECT path, revision FROM reports WHERE latest = 1", to: pg, "latest")
            try pg.execute(
                """
                UPDATE \(schema).reports r SET latest = EXISTS (
                  SELECT 1 FROM latest l WHERE l.path = r.path AND l.revision = r.revision)
                WHERE r.latest <> EXISTS (SELECT 1 FROM latest l WHERE l.path = r.path AND l.revision = r.revision)
                """)
            try pg.execute("DELETE FROM \(schema).submissions")
            result.submissions = try copy(
                cache,
                "SELECT tag, revision, path, digest, signer, CASE withdrawn WHEN 1 THEN 't' ELSE 'f' END "
                    + "FROM submissions", to: pg, "\(schema).submissions")
            try pg.execute("COMMIT")
        } catch {
            try? pg.execute("ROLLBACK")
            throw error
        }
        return result
    }

    /// Streams the rows of a cache query into a PostgreSQL table with COPY (text format).
    private func copy(
        _ cache: SQLiteDatabase, _ query: String, to pg: PostgresConnection, _ table: String
    ) throws(VaultError) -> Int {
        let statement = try cache.prepare(query)
        try pg.beginCopy("COPY \(table) FROM STDIN")
        var count = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        while let row = try statement.next() {
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.append(0x09) }
                switch value {
                case .null: buffer += [0x5C, 0x4E]  // \N
                case .integer(let n): buffer += Array(String(n).utf8)
                case .real(let d): buffer += Array(ECMAScriptNumber.format(d).utf8)
                case .text(let s): Self.escape(s, into: &buffer)
                case .blob(let b): Self.escape(String(decoding: b, as: UTF8.self), into: &buffer)
                }
            }
            buffer.append(0x0A)
            count += 1
            if buffer.count >= 1 << 16 {
                try pg.copyData(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try pg.copyData(buffer) }
        try pg.endCopy()
        return count
    }

    /// A text value in COPY's text format: backslash, tab, newline and carriage return escaped.
    static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(byte)
            }
        }
    }
}

/// A connection to PostgreSQL through libpq, loaded with `dlopen` on first use.
final class PostgresConnection {
    typealias Connect = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    typealias Status = @convention(c) (OpaquePointer?) -> Int32
    typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    typealias Clear = @convention(c) (OpaquePointer?) -> Void
    typealias Count = @convention(c) (OpaquePointer?) -> Int32
    typealias Value = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafePointer<CChar>?
    typealias PutCopyData = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, Int32) -> Int32
    typealias PutCopyEnd = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32

    /// libpq's functions, looked up once.
    struct Library {
        let connect: Connect, status: Status, errorMessage: ErrorMessage, finish: Clear
        let exec: Exec, resultStatus: Status, resultError: ErrorMessage, clear: Clear
        let tuples: Count, value: Value, putCopyData: PutCopyData, putCopyEnd: PutCopyEnd
        let getResult: Exec2

        typealias Exec2 = @convention(c) (OpaquePointer?) -> OpaquePointer?

        static func load() -> Library? {
            guard let handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL) else { return nil }
            func f<T>(_ name: String, _: T.Type) -> T? {
                dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
            }
            guard let connect = f("PQconnectdb", Connect.self), let status = f("PQstatus", Status.self),
                let errorMessage = f("PQerrorMessage", ErrorMessage.self), let finish = f("PQfinish", Clear.self),
                let exec = f("PQexec", Exec.self), let resultStatus = f("PQresultStatus", Status.self),
                let resultError = f("PQresultErrorMessage", ErrorMessage.self), let clear = f("PQclear", Clear.self),
                let tuples = f("PQntuples", Count.self), let value = f("PQgetvalue", Value.self),
                let putCopyData = f("PQputCopyData", PutCopyData.self),
                let putCopyEnd = f("PQputCopyEnd", PutCopyEnd.self), let getResult = f("PQgetResult", Exec2.self)
            else { return nil }
            return Library(
                connect: connect, status: status, errorMessage: errorMessage, finish: finish, exec: exec,
                resultStatus: resultStatus, resultError: resultError, clear: clear, tuples: tuples, value: value,
                putCopyData: putCopyData, putCopyEnd: putCopyEnd, getResult: getResult)
        }
    }

    // libpq's ConnStatusType and ExecStatusType values used here.
    static let connectionOK: Int32 = 0
    static let commandOK: Int32 = 1, tuplesOK: Int32 = 2, copyIn: Int32 = 4

    let pq: Library
    let connection: OpaquePointer
    /// The address without its password, for messages.
    let shown: String

    init(_ url: String) throws(VaultError) {
        shown = Self.withoutPassword(url)
        guard let pq = Library.load() else { throw .postgresClientMissing }
        self.pq = pq
        // A host that does not answer is given up after 10 s, not the system's minutes.
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil { setenv("PGCONNECT_TIMEOUT", "10", 1) }
        guard let connection = pq.connect(url) else { throw .postgresUnreachable(url: shown, problem: "out of memory") }
        guard pq.status(connection) == Self.connectionOK else {
            let problem = Self.text(pq.errorMessage(connection))
            pq.finish(connection)
            throw .postgresUnreachable(url: shown, problem: problem)
        }
        self.connection = connection
        // Reports are UTF-8, whatever the database's own encoding.
        try execute("SET client_encoding = 'UTF8'")
    }

    deinit { pq.finish(connection) }

    /// libpq's message on one line (it writes some on two, the second indented).
    static func text(_ c: UnsafePointer<CChar>?) -> String {
        guard let c else { return "?" }
        return String(cString: c).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The address without its password, for messages: `postgresql://user:secret@host/db` →
    /// `postgresql://user@host/db`, a `password=…` query parameter or key/value pair (spaces
    /// around `=`, quoted values) → `password=…`.
    static func withoutPassword(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                text.removeSubrange(colon..<at)
            }
        }
        // A URL's query parameter, or a key/value string's pair.
        let pattern = text.contains("://") ? #"([?&]password=)[^&]*"# : #"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)"#
        return text.replacingOccurrences(of: pattern, with: "$1…", options: [.regularExpression, .caseInsensitive])
    }

    func execute(_ sql: String) throws(VaultError) {
        let result = pq.exec(connection, sql)
        defer { pq.clear(result) }
        let status = pq.resultStatus(result)
        guard status == Self.commandOK || status == Self.tuplesOK else {
            throw .postgresFailed(url: shown, problem: Self.text(pq.resultError(result)))
        }
    }

    /// The first column of every row a query returns.
    func column(_ sql: String) throws(VaultError) -> [String] {
        let result = pq.exec(connection, sql)
        defer { pq.clear(result) }
        guard pq.resultStatus(result) == Self.tuplesOK else {
            throw .postgresFailed(url: shown, problem: Self.text(pq.resultError(result)))
        }
        return (0..<pq.tuples(result)).map { Self.text(pq.value(result, $0, 0)) }
    }

    func beginCopy(_ sql: String) throws(VaultError) {
        let result = pq.exec(connection, sql)
        defer { pq.clear(result) }
        guard pq.resultStatus(result) == Self.copyIn else {
            throw .postgresFailed(url: shown, problem: Self.text(pq.resultError(result)))
        }
    }

    func copyData(_ bytes: [UInt8]) throws(VaultError) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { pq.putCopyData(connection, $0.baseAddress!, Int32($0.count)) }
        }
        guard sent == 1 else { throw .postgresFailed(url: shown, problem: Self.text(pq.errorMessage(connection))) }
    }

    func endCopy() throws(VaultError) {
        guard pq.putCopyEnd(connection, nil) == 1 else {
            throw .postgresFailed(url: shown, problem: Self.text(pq.errorMessage(connection)))
        }
        var problem: String?
        while let result = pq.getResult(connection) {
            if pq.resultStatus(result) != Self.commandOK, problem == nil { problem = Self.text(pq.resultError(result)) }
            pq.clear(result)
        }
        if let problem { throw .postgresFailed(url: shown, problem: problem) }
    }
}
