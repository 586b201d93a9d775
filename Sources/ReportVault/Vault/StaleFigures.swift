import Foundation

/// A figure a file would set back to a value that a later commit replaced: the sign of a
/// stale file (a copy made before that change).
public struct StaleFigure: Sendable {
    public var pointer: String
    public var label: String
    /// The value in the file (the one that was replaced) and the value at the branch tip.
    public var ours: JSONValue?
    public var current: JSONValue?
    /// The newest commit that changed the figure after the file's revision, and who made it
    /// (anyone: another clerk, the clerk herself, a merge).
    public var commit: CommitInfo
}

/// `vault commit` refused a file that would undo figures changed after the revision it was
/// made from; nothing was written.
/// Thrown as ``VaultError/failure(_:)``: a conflict (exit status 4).
public struct StaleFile: VaultFailure {
    public var report: ReportPath
    public var figures: [StaleFigure]
    /// The revision the file was most likely made from: the stored version of the report
    /// whose figures differ least from the file's (the newest of equals).
    public var suggestedBase: String

    public var message: Message {
        let names = Set(figures.map(\.commit.author.name)).sorted().joined(separator: ", ")
        return Message(
            "error.staleFile",
            [
                "report": .text(report.description), "base": .text(suggestedBase),
                "count": .count(figures.count), "authors": .text(names),
            ])
    }

    public var category: VaultError.Category { .conflict }
}

extension Vault {
    /// Whether `report` is a stale copy: the stored version of the report it matches best
    /// (fewest figures different, the newest of equals, among the last `limit` versions) is
    /// older than the branch tip, and figures the file holds at that version's values were
    /// changed since — by anyone, the clerk herself and merges included. Committing it would
    /// set them back silently. Returns nil when the file is best explained by the tip (its
    /// differences are the clerk's own edits) or undoes nothing.
    public func staleCheck(of report: Report, diff: FigureDiff, limit: Int = 200) throws(VaultError) -> StaleFile? {
        guard let tip = try? repository.branchTip(branch),
            let currentBlob = try? repository.blobID(at: report.path.storedPath, in: tip)
        else { return nil }
        guard let fileBlob = try? GitRepository.blobID(of: report.storedBytes), fileBlob != currentBlob else {
            return nil
        }
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
            return FigureAddress(
                tokens: tokens, in: try schemas.convert(b, from: vb, to: schemas.newest), schema: newest
            ).identity
        }
        func differences(_ stored: JSONValue) throws(VaultError) -> [String: FigureChange] {
            var out: [String: FigureChange] = [:]
            for change in try diff.changes(from: stored, to: ours) where !change.isSchemaVersion {
                out[try identity(change.path, stored, ours)] = change
            }
            return out
        }
        // Figures where the file differs from the tip, by identity (row key, not index): the
        // only ones a stale copy can set back.
        let fromTip = try differences(current)
        let pending = fromTip.filter { $0.value.kind == .changed && $0.value.old != nil && $0.value.new != nil }
        guard !pending.isEmpty else { return nil }
        let entries = Array(try log(report.path, limit: limit))
        // The stored version that explains the file best; the tip's differences are the bar.
        var best: (index: Int, value: JSONValue, distance: Int)?
        var bestDistance = fromTip.count
        var seen: Set<ObjectID> = [currentBlob]
        for (i, entry) in entries.enumerated() {
            guard let blob = entry.blob, seen.insert(blob).inserted else { continue }
            let value = try reportValue(blob)
            // Only a version that holds one of the file's differing values can explain it
            // better than the tip does (a look-up per figure before a whole comparison).
            guard
                blob == fileBlob
                    || pending.values.contains(where: { JSONPointer.resolve($0.path, in: value) == $0.new })
            else { continue }
            let distance = blob == fileBlob ? 0 : try differences(value).count
            if distance < bestDistance {
                best = (i, value, distance)
                bestDistance = distance
            }
            if distance == 0 { break }
        }
        guard let best else { return nil }
        // The file's figures at that version's values that changed since: each one's newest change.
        let fromBase = try differences(best.value)
        var reverted = pending.filter { fromBase[$0.key] == nil }
        guard !reverted.isEmpty else { return nil }
        var stale: [StaleFigure] = []
        for entry in entries[..<best.index] where !reverted.isEmpty {
            guard let blob = entry.blob, let parentBlob = entry.parentBlob else { continue }
            let after = try reportValue(blob), before = try reportValue(parentBlob)
            // The commit that brought the value the tip holds (not one on another line of work).
            for change in try diff.changes(from: before, to: after) where change.kind == .changed {
                let key = try identity(change.path, before, after)
                guard let mine = reverted[key], change.new == mine.old else { continue }
                reverted.removeValue(forKey: key)
                stale.append(
                    StaleFigure(
                        pointer: mine.path, label: mine.label, ours: mine.new, current: mine.old, commit: entry.commit))
            }
        }
        // A value whose commit the walk did not meet (brought by a merge of a history cut
        // short): still refused, credited to the newest revision.
        for (_, mine) in reverted.sorted(by: { $0.key < $1.key }) {
            stale.append(
                StaleFigure(
                    pointer: mine.path, label: mine.label, ours: mine.new, current: mine.old, commit: entries[0].commit)
            )
        }
        guard !stale.isEmpty else { return nil }
        let base = entries[best.index].commit.id
        return StaleFile(
            report: report.path, figures: stale.sorted { $0.pointer < $1.pointer }, suggestedBase: base.short)
    }

    /// The figures committing `report` would change at the branch tip (what `--force` keeps
    /// from the file), and the tip; empty when the report is new or unchanged.
    public func figuresOverwritten(
        by report: Report, diff: FigureDiff
    ) throws(VaultError) -> (tip: ObjectID?, changes: [FigureChange]) {
        guard let tip = try? repository.branchTip(branch),
            let blob = try? repository.blobID(at: report.path.storedPath, in: tip)
        else { return (nil, []) }
        return (tip, try diff.changes(from: try reportValue(blob), to: report.value).filter { !$0.isSchemaVersion })
    }

    // MARK: - Checkouts

    /// Where `vault checkout` records which revision each written file came from.
    var checkoutsFile: String { repository.gitDirectory + "vault-checkouts.json" }

    /// Writes the report at `path` as of `revision` to `file` for editing, and records the
    /// revision so that committing `file` later merges with what others changed since.
    public func checkout(
        _ path: ReportPath, at revision: String = "HEAD", to file: String
    ) throws(VaultError) -> StoredReport {
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
    /// A work-tree file is not recorded: it follows the branch (every commit and pull brings
    /// it to the tip), so the revision it was made from is the one the work tree was last at.
    public func recordCheckout(of file: String, report: ReportPath, at commit: ObjectID) throws(VaultError) {
        guard workTreePaths(of: [file]).isEmpty else { return }
        var records = checkoutRecords()
        records[Self.absolute(file)] = (commit.hex, report.description)
        let value = JSONValue.object(
            records.sorted { $0.key < $1.key }.map {
                .init(
                    $0.key,
                    .object([.init("commit", .string($0.value.commit)), .init("report", .string($0.value.report))]))
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
        guard workTreePaths(of: [file]).isEmpty, let record = checkoutRecords()[Self.absolute(file)],
            record.report == report.description
        else { return nil }
        return record.commit
    }

    /// The recorded revision of `file` (``checkedOutRevision(of:report:)``) when it still
    /// explains the file: a file since overwritten with another version (copied over, saved
    /// from `vault show`) differs from the tip in fewer figures than from the record, and its
    /// record is not trusted (the stale check then finds the version it came from).
    public func recordedBase(of file: String, report: Report, diff: FigureDiff) -> String? {
        guard let recorded = checkedOutRevision(of: file, report: report.path) else { return nil }
        guard let tip = try? repository.branchTip(branch), tip.hex != recorded,
            let atRecord = try? show(report.path, at: recorded).report.value,
            let atTip = try? show(report.path, at: tip.hex).report.value,
            let fromRecord = try? diff.changes(from: atRecord, to: report.value).filter({ !$0.isSchemaVersion }).count,
            let fromTip = try? diff.changes(from: atTip, to: report.value).filter({ !$0.isSchemaVersion }).count
        else { return recorded }
        return fromTip < fromRecord ? nil : recorded
    }

    private func checkoutRecords() -> [String: (commit: String, report: String)] {
        guard let bytes = FileBytes.read(checkoutsFile), case .object(let members)? = try? JSONParser.parse(bytes)
        else { return [:] }
        var out: [String: (String, String)] = [:]
        for member in members {
            if let commit = member.value[member: "commit"]?.stringValue,
                let report = member.value[member: "report"]?.stringValue
            {
                out[member.name] = (commit, report)
            }
        }
        return out
    }

    static func absolute(_ file: String) -> String {
        URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
