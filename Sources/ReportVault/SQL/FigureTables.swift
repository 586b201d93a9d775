import Foundation
import ReportVault

/// The tables `vault sql` answers from — every revision, every version of every report, every
/// figure of each version, each figure change between consecutive versions, every submission —
/// kept in a SQLite file beside the vault (`.git/vault-sql.sqlite`), built from the objects when
/// missing, extended with the new revisions when the branch moved ahead, rebuilt when its
/// history was rewritten. The file is a cache: deleting it loses nothing.
public struct FigureTables {
    /// The layout version: a cache file of another layout is rebuilt.
    static let layout = "1"

    /// The tables, as README documents them.
    static let schema = """
        CREATE TABLE revisions(
          id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, author TEXT NOT NULL, email TEXT NOT NULL,
          date TEXT NOT NULL, message TEXT NOT NULL, parents TEXT NOT NULL);
        CREATE TABLE reports(
          path TEXT NOT NULL, unit TEXT NOT NULL, year INTEGER NOT NULL, revision TEXT NOT NULL,
          seq INTEGER NOT NULL, draft INTEGER NOT NULL, blob TEXT NOT NULL, latest INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY(path, revision));
        CREATE TABLE figures(
          path TEXT NOT NULL, revision TEXT NOT NULL, pointer TEXT NOT NULL, caption TEXT NOT NULL,
          value REAL NOT NULL, unit_of_measure TEXT);
        CREATE TABLE figure_changes(
          path TEXT NOT NULL, pointer TEXT NOT NULL, caption TEXT NOT NULL, from_revision TEXT NOT NULL,
          to_revision TEXT NOT NULL, old REAL, new REAL);
        CREATE TABLE submissions(
          tag TEXT NOT NULL, revision TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL, signer TEXT,
          withdrawn INTEGER NOT NULL);
        CREATE TABLE vault_sql(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """

    /// The indexes: dropped while the tables are built from nothing, made again at the end
    /// (one sort instead of an index update per row).
    static let indexes = """
        CREATE INDEX IF NOT EXISTS figures_by_version ON figures(path, revision);
        CREATE INDEX IF NOT EXISTS figures_by_pointer ON figures(pointer);
        CREATE INDEX IF NOT EXISTS changes_by_pointer ON figure_changes(pointer);
        """
    static let dropIndexes = """
        DROP INDEX IF EXISTS figures_by_version; DROP INDEX IF EXISTS figures_by_pointer;
        DROP INDEX IF EXISTS changes_by_pointer;
        """

    /// What one refresh did.
    public struct Refresh: Sendable, Equatable {
        public var revisionsAdded = 0
        public var rebuilt = false
    }

    public let vault: Vault
    public let schemas: ReportSchemas

    public init(vault: Vault, schemas: ReportSchemas) {
        self.vault = vault
        self.schemas = schemas
    }

    /// The cache file of the vault: beside its objects, or — for a vault this user cannot write
    /// (an archive's read-only copy) — in this user's own cache folder (`$XDG_CACHE_HOME/vault`,
    /// else `~/.cache/vault`, made private), named after the vault's path.
    public var file: String {
        let beside = vault.gitDirectory + "vault-sql.sqlite"
        if access(vault.gitDirectory, W_OK) == 0 { return beside }
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
        let folder = (environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.cache") + "/vault"
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = vault.gitDirectory.unicodeScalars.map {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "_"
        }.joined()
        return folder + "/sql-\(name.suffix(100)).sqlite"
    }

    /// Brings the cache up to the branch tip, the submissions and the latest versions; nothing
    /// is read when the vault's references are as they were at the last refresh.
    @discardableResult
    public func refresh() throws(VaultError) -> Refresh {
        let file = self.file
        // One refresh at a time (two offices' `vault sql` on one server vault): the others wait
        // here, then find the tables current.
        let lock = open(file + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw .sqlCacheFailed(file: file + ".lock", problem: String(cString: strerror(errno))) }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .sqlCacheFailed(file: file + ".lock", problem: String(cString: strerror(errno)))
            }
        }
        let fingerprint = try vault.referencesFingerprint()
        var db = try SQLiteDatabase(file, readOnly: false)
        // A file that is not a database of ours (damaged, truncated) is a cache: built again.
        var meta = (try? Self.meta(db)) ?? [:]
        var result = Refresh()
        if meta["layout"] != Self.layout {
            // A new file, or one of another layout: started again in a file of its own, then
            // put in place in one rename (a reader never sees half a layout).
            let fresh = file + ".new-\(getpid())"
            try? FileManager.default.removeItem(atPath: fresh)
            defer { try? FileManager.default.removeItem(atPath: fresh) }
            do {
                let built = try SQLiteDatabase(fresh, readOnly: false)
                try built.execute(Self.schema)
                try built.prepare("INSERT INTO vault_sql(key, value) VALUES('layout', ?1)").run([.text(Self.layout)])
            }
            // Closed before the rename: SQLite refuses to write a file renamed under it.
            guard rename(fresh, file) == 0 else {
                throw .sqlCacheFailed(file: file, problem: String(cString: strerror(errno)))
            }
            db = try SQLiteDatabase(file, readOnly: false)
            meta = ["layout": Self.layout]
            result.rebuilt = true
        }
        if meta["fingerprint"] == fingerprint { return result }
        // A cache: a crash loses at most this refresh, which the next run does again (the
        // transaction keeps the file whole), so nothing is forced to the disk.
        try db.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -16384")
        try db.execute("BEGIN IMMEDIATE")
        do {
            try update(db, meta: meta, fingerprint: fingerprint, result: &result)
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return result
    }

    static func meta(_ db: SQLiteDatabase) throws(VaultError) -> [String: String] {
        let exists = try db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'vault_sql'").rows()
        guard exists.first?.first == .integer(1) else { return [:] }
        var out: [String: String] = [:]
        for row in try db.prepare("SELECT key, value FROM vault_sql").rows() {
            if case .text(let k) = row[0], case .text(let v) = row[1] { out[k] = v }
        }
        return out
    }

    private func update(
        _ db: SQLiteDatabase, meta: [String: String], fingerprint: String, result: inout Refresh
    ) throws(VaultError) {
        let tip = try vault.tip
        var since: [ObjectID] = []
        if let stored = meta["tip"].flatMap(ObjectID.init(hex:)) {
            if let tip, vault.isAncestor(stored, of: tip) {
                since = [stored]
            } else {
                // The history was rewritten (fix-history) or the branch went back: built again.
                try db.execute(
                    "DELETE FROM revisions; DELETE FROM reports; DELETE FROM figures; DELETE FROM figure_changes;")
                result.rebuilt = true
            }
        }
        if let tip {
            let fromNothing = since.isEmpty
            if fromNothing { try db.execute(Self.dropIndexes) }
            result.revisionsAdded = try addRevisions(db, from: tip, excluding: since)
            try db.execute(Self.indexes)
            try markLatest(db, tip: tip)
        }
        try db.execute("DELETE FROM submissions")
        let submission = try db.prepare("INSERT INTO submissions VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
        for s in try vault.submissionRecords() {
            try submission.run([
                .text(s.tag), .text(s.revision.hex), .text(s.path), .text(s.digest),
                s.signer.map { .text($0) } ?? .null,
                .integer(s.withdrawn ? 1 : 0),
            ])
        }
        let set = try db.prepare("INSERT OR REPLACE INTO vault_sql(key, value) VALUES(?1, ?2)")
        try set.run([.text("tip"), .text(tip?.hex ?? "")])
        try set.run([.text("fingerprint"), .text(fingerprint)])
    }

    /// Adds the revisions from `tip` back to (not including) `excluding`, oldest first, with their
    /// report versions, figures and figure changes; returns how many.
    private func addRevisions(
        _ db: SQLiteDatabase, from tip: ObjectID, excluding: [ObjectID]
    ) throws(VaultError) -> Int {
        let ids = try vault.revisions(from: tip, excluding: excluding)
        guard !ids.isEmpty else { return 0 }
        let diff = try FigureDiff(schemas: schemas)
        var seq = Int64(0)
        if case .integer(let n)? = try db.prepare("SELECT max(seq) FROM revisions").rows().first?.first { seq = n }
        var drafts: [String: Int64] = [:]
        for row in try db.prepare("SELECT path, count(*) FROM reports GROUP BY path").rows() {
            if case .text(let p) = row[0], case .integer(let n) = row[1] { drafts[p] = n }
        }
        let revision = try db.prepare("INSERT INTO revisions VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        let report = try db.prepare("INSERT OR REPLACE INTO reports VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)")
        let figure = try db.prepare("INSERT INTO figures VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
        let change = try db.prepare("INSERT INTO figure_changes VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        let madeBy = try db.prepare(
            "SELECT revision FROM reports WHERE path = ?1 AND blob = ?2 ORDER BY seq DESC LIMIT 1")
        // The last version seen, parsed: the next version's parent when a clerk commits drafts of
        // one report in a row. One only: a parsed report of every unit held at once would take
        // more memory than the whole job is allowed (the others are parsed again when needed).
        var last: (path: String, blob: ObjectID, value: JSONValue, revision: String)?
        // Each report's last version's figure values and the shape they have (places, captions,
        // units — a hash): when a version has the shape of its parent (no row added, removed or
        // moved), its changes are the values that differ — what the figure diff finds, without
        // parsing the parent again. A few numbers per report, whatever the province's size.
        var lastFigures: [String: (blob: ObjectID, shape: Int, values: [Double], revision: String)] = [:]
        for id in ids {
            let record = try vault.record(id)
            seq += 1
            let c = record.commit
            try revision.run([
                .text(c.id.hex), .integer(seq), .text(c.author.name), .text(c.author.email), .text(c.author.isoDate),
                .text(c.message), .text(c.parents.map(\.hex).joined(separator: " ")),
            ])
            for version in record.versions {
                let path = version.path.description
                let value = try vault.reportValue(version.blob, cache: false)
                drafts[path, default: 0] += 1
                try report.run([
                    .text(path), .text(version.path.unitName), .integer(Int64(version.path.fiscalYear)),
                    .text(c.id.hex), .integer(seq), .integer(drafts[path]!), .text(version.blob.hex),
                ])
                let list: FigureList
                do { list = try schemas.figureList(for: value) } catch {
                    throw .inFile(file: "\(c.id.short):\(version.path.storedPath)", error)
                }
                let figures = list.figures(of: value)
                for f in figures {
                    try figure.run([
                        .text(path), .text(c.id.hex), .text(f.path), .text(f.label), .real(f.value),
                        f.unit.map { .text($0) } ?? .null,
                    ])
                }
                let shape = Self.shape(figures)
                defer {
                    last = (path, version.blob, value, c.id.hex)
                    lastFigures[path] = (version.blob, shape, figures.map(\.value), c.id.hex)
                }
                guard let parentBlob = version.parentBlob else { continue }
                if let before = lastFigures[path], before.blob == parentBlob, before.shape == shape,
                    before.values.count == figures.count
                {
                    for (a, b) in zip(before.values, figures) where a != b.value && b.path != "/schemaVersion" {
                        try change.run([
                            .text(path), .text(b.path), .text(b.label), .text(before.revision), .text(c.id.hex),
                            .real(a), .real(b.value),
                        ])
                    }
                    continue
                }
                let old: JSONValue
                let from: String
                if let seen = last, seen.path == path, seen.blob == parentBlob {
                    (old, from) = (seen.value, seen.revision)
                } else {
                    old = try vault.reportValue(parentBlob, cache: false)
                    guard case .text(let r)? = try madeBy.rows([.text(path), .text(parentBlob.hex)]).first?.first
                    else { continue }
                    from = r
                }
                for ch in try diff.changes(from: old, to: value) where ch.kind != .moved {
                    let a = Self.number(ch.old), b = Self.number(ch.new)
                    guard a != nil || b != nil, ch.old == nil || a != nil, ch.new == nil || b != nil,
                        !ch.isSchemaVersion
                    else { continue }
                    try change.run([
                        .text(path), .text(ch.path), .text(ch.label), .text(from), .text(c.id.hex),
                        a.map { .real($0) } ?? .null, b.map { .real($0) } ?? .null,
                    ])
                }
            }
        }
        return ids.count
    }

    /// The shape of a version's figures: their places, captions and units, in order (row keys
    /// are part of a caption: a row moved or renamed changes the shape).
    static func shape(_ figures: [Figure]) -> Int {
        var hasher = Hasher()
        for f in figures {
            hasher.combine(f.path)
            hasher.combine(f.label)
            hasher.combine(f.unit)
        }
        return hasher.finalize()
    }

    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let d)? = value { return d }
        return nil
    }

    /// Marks the version of each report at the branch tip (`latest = 1`).
    private func markLatest(_ db: SQLiteDatabase, tip: ObjectID) throws(VaultError) {
        try db.execute("UPDATE reports SET latest = 0 WHERE latest = 1")
        let mark = try db.prepare(
            """
            UPDATE reports SET latest = 1 WHERE rowid = (
              SELECT rowid FROM reports WHERE path = ?1 AND blob = ?2 ORDER BY seq DESC LIMIT 1)
            """)
        for (path, blob) in try vault.reports(at: tip.hex) {
            try mark.run([.text(path.description), .text(blob.hex)])
        }
    }
}
