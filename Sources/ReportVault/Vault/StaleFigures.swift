import Foundation

/// A figure a file would set back to a value that another author replaced after it stood
/// there: the sign of a stale file (made before someone else's correction).
public struct StaleFigure: Sendable {
    public var pointer: String
    public var label: String
    /// The value in the file (the one that was replaced) and the value at the branch tip.
    public var ours: JSONValue?
    public var current: JSONValue?
    /// The commit that replaced it, and who made it.
    public var commit: CommitInfo
}

/// `vault commit` refused a file that would undo figures another author changed after the
/// values it holds; nothing was written.
/// Thrown as ``VaultError/staleFile(_:)``.
public struct StaleFile: Sendable {
    public var report: ReportPath
    public var figures: [StaleFigure]
    /// The revision the file was most likely made from (before the oldest change it undoes).
    public var suggestedBase: String
}

extension Vault {
    /// The figures of `report` whose value in the file is one that a later commit by another
    /// author (not `author`) replaced — found by walking the report's history back from the
    /// branch tip, at most `limit` revisions, matching rows by their key.
    public func staleFigures(in report: Report, author given: GitSignature, diff: FigureDiff, limit: Int = 500) throws(VaultError) -> [StaleFigure] {
        // As the commits record it: "J. Smith Jr." is written "J. Smith Jr".
        let author = given.asWritten
        guard let tip = try? repository.branchTip(branch), let currentBlob = try? repository.blobID(at: report.path.storedPath, in: tip) else { return [] }
        // Only a change by another author can make a figure stale: revisions older than the
        // oldest such change (within `limit`, and not before the report was created) can only
        // take figures off the pending list, so they are not read — a clerk's own history
        // costs one walk, not a parse and a figure diff per revision (nor even the diff with
        // the tip, when nobody else ever changed the report).
        if onlyAuthor(author, of: report.path) == true { return [] }
        let entries = Array(try log(report.path, limit: limit))
        let considered = entries.prefix { $0.blob != nil && $0.parentBlob != nil }
        guard let lastOther = considered.lastIndex(where: { !$0.commit.author.isSame(as: author) }) else { return [] }
        let current = try reportValue(currentBlob)
        let ours = report.value
        // Identities are taken in the newest schema version, so a figure that moved between
        // versions is one figure: `path` is a change's place from comparing `a` with `b`.
        let schemas = diff.schemas
        let newest = try schemas.newestSchema()
        func identity(_ path: String, _ a: JSONValue, _ b: JSONValue) throws(VaultError) -> String {
            let vb = try schemas.version(for: b)
            let compared = max(try schemas.version(for: a), vb)
            let tokens = try schemas.place(JSONPointer.tokens(path) ?? [], from: compared, to: schemas.newest)
            return FigureAddress(tokens: tokens, in: try schemas.convert(b, from: vb, to: schemas.newest), schema: newest).identity
        }
        // Figures where the file differs from the tip, by identity (row key, not index).
        var pending: [String: FigureChange] = [:]
        for change in try diff.changes(from: current, to: ours) where change.kind == .changed && change.old != nil && change.new != nil && !change.isSchemaVersion {
            pending[try identity(change.path, current, ours)] = change
        }
        guard !pending.isEmpty else { return [] }
        var stale: [StaleFigure] = []
        for entry in considered[...lastOther] where !pending.isEmpty {
            guard let blob = entry.blob, let parentBlob = entry.parentBlob else { break }  // created here: nothing older
            let after = try reportValue(blob), before = try reportValue(parentBlob)
            for change in try diff.changes(from: before, to: after) where change.kind == .changed {
                let identity = try identity(change.path, before, after)
                guard let mine = pending.removeValue(forKey: identity) else { continue }
                // The newest change of this figure: stale when it replaced the file's value,
                // and another author made it.
                let sameAuthor = entry.commit.author.isSame(as: author)
                if change.old == mine.new, !sameAuthor {
                    stale.append(StaleFigure(pointer: mine.path, label: mine.label, ours: mine.new, current: mine.old, commit: entry.commit))
                }
            }
        }
        return stale
    }

    // MARK: - Checkouts

    /// Where `vault checkout` records which revision each written file came from.
    var checkoutsFile: String { repository.gitDirectory + "vault-checkouts.json" }

    /// Writes the report at `path` as of `revision` to `file` for editing, and records the
    /// revision so that committing `file` later merges with what others changed since.
    public func checkout(_ path: ReportPath, at revision: String = "HEAD", to file: String) throws(VaultError) -> StoredReport {
        let stored = try show(path, at: revision)
        do {
            try Data(stored.bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            throw .cannotWrite(file: file, reason: error.localizedDescription)
        }
        try recordCheckout(of: file, report: path, at: stored.commit)
        return stored
    }

    /// Records that `file` holds `report` as of `commit` (after a checkout, or after the file
    /// was committed: its next edit starts from there).
    public func recordCheckout(of file: String, report: ReportPath, at commit: ObjectID) throws(VaultError) {
        var records = checkoutRecords()
        records[Self.absolute(file)] = (commit.hex, report.description)
        let value = JSONValue.object(
            records.sorted { $0.key < $1.key }.map {
                .init($0.key, .object([.init("commit", .string($0.value.commit)), .init("report", .string($0.value.report))]))
            })
        do {
            try Data(CanonicalJSON.stored(value)).write(to: URL(fileURLWithPath: checkoutsFile), options: .atomic)
        } catch {
            throw .cannotRecordCheckout(file: checkoutsFile, reason: error.localizedDescription)
        }
    }

    /// The revision `vault checkout` wrote `file` from (or it was last committed at), when the
    /// file still holds that report.
    public func checkedOutRevision(of file: String, report: ReportPath) -> String? {
        guard let record = checkoutRecords()[Self.absolute(file)], record.report == report.description else { return nil }
        return record.commit
    }

    private func checkoutRecords() -> [String: (commit: String, report: String)] {
        guard let bytes = FileBytes.read(checkoutsFile), case .object(let members)? = try? JSONParser.parse(bytes) else { return [:] }
        var out: [String: (String, String)] = [:]
        for member in members {
            if let commit = member.value[member: "commit"]?.stringValue, let report = member.value[member: "report"]?.stringValue { out[member.name] = (commit, report) }
        }
        return out
    }

    static func absolute(_ file: String) -> String {
        URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

extension GitSignature {
    /// The same person (name and email), whenever they signed.
    fileprivate func isSame(as other: GitSignature) -> Bool {
        name == other.name && email == other.email
    }
}
