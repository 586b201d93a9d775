/// Changes that are not a new version of a report: removing one, renaming one (a typo in the
/// unit name or year), and undoing a revision figure by figure. Each is a commit of its own,
/// so history keeps what was there; `vault verify` recognises the removals by their trailer.
extension Vault {
    /// The trailer a removal or rename writes, so that `verify` tells it from a lost report.
    static let removedTrailer = "Vault-Removed: "

    /// A commit `remove`, `rename`, `revert` or `migrate` made: the reports it changed (with
    /// the schema version each had before, for a migration) and what it did to the work tree.
    public struct ChangeCommit: Sendable {
        public var commit: ObjectID
        public var reports: [ReportPath] = []
        /// For ``migrate(_:to:schemas:message:author:)``: each report's version before, by report.
        public var versionsBefore: [ReportPath: Int] = [:]
        public var workTree = WorkTreeUpdate()
    }

    /// Commits the removal of `path` from the branch.
    public func remove(_ path: ReportPath, message: String, author: GitSignature) throws(VaultError) -> ChangeCommit {
        _ = try show(path)  // a clear error when it is not there
        let text = Self.withTrailers(message, [Self.removedTrailer + path.storedPath])
        var done = try commitChanges(message: text, author: author) { _ in [(path.storedPath, nil)] }
        done.reports = [path]
        return done
    }

    /// Commits `path` renamed to `new`: the report's own fiscalYear and unit.name are set to
    /// the new identity and it moves to the new path, in one commit.
    public func rename(
        _ path: ReportPath, to new: ReportPath, message: String, author: GitSignature
    ) throws(VaultError) -> ChangeCommit {
        guard new != path else { throw .alreadyNamed(report: path.description) }
        _ = try show(path)  // a clear error when it is not there
        let text = Self.withTrailers(
            message, [Self.removedTrailer + path.storedPath + " (renamed to \(new.storedPath))"])
        // Read against the tip the commit goes on, so that a concurrent commit is not undone.
        var done = try commitChanges(message: text, author: author) { tip in
            guard let tip, let blob = try self.repository.blobID(at: path.storedPath, in: tip) else {
                throw VaultError.reportGone(report: path.description)
            }
            if try self.repository.blobID(at: new.storedPath, in: tip) != nil {
                throw VaultError.reportExists(report: new.description)
            }
            var value = try self.reportValue(blob)
            value = JSONValue.setting(value, ["fiscalYear"], .number(Double(new.fiscalYear)))
            value = JSONValue.setting(value, ["unit", "name"], .string(new.unitName))
            return [
                (path.storedPath, nil), (new.storedPath, try self.repository.writeBlob(try Report(value).storedBytes)),
            ]
        }
        done.reports = [path, new]
        return done
    }

    /// Commits the undoing of `revision` (only of `report`, when given): every figure that
    /// revision changed goes back, merged figure by figure with what changed since; a figure
    /// changed again since then is a conflict and nothing is written.
    public func revert(
        _ revision: String, report: ReportPath?, message: String?, author: GitSignature, merger: ThreeWayMerge
    ) throws(VaultError) -> ChangeCommit {
        let target = try resolve(revision)
        let info: CommitInfo
        let touched: [ReportPath]
        let added: [ReportPath]
        do {
            info = try repository.commitInfo(target)
            touched = try repository.changedPaths(in: target).compactMap(ReportPath.init(storedPath:)).filter {
                report == nil || $0 == report
            }
            // A report the revision added goes away: say so, for verify.
            added = try touched.filter { path in
                try info.parents.first.map { p in try repository.blobID(at: path.storedPath, in: p) == nil } ?? true
            }
        } catch {
            throw describe(any: error, while: "revert \(revision)")
        }
        guard let parent = info.parents.first else { throw .firstRevision(revision: revision) }
        guard !touched.isEmpty else { throw .nothingToRevert(revision: revision, report: report?.description) }
        var text =
            message
            ?? "Revert \"\(firstLine(info.message))\"\n\nThis reverts revision \(target.hex)\(report.map { " for \($0)" } ?? "").\n"
        if !added.isEmpty {
            text = Self.withTrailers(text, added.map { Self.removedTrailer + $0.storedPath + " (reverted)" })
        }
        var done = try commitChanges(message: text, author: author) { tip in
            var updates: [(path: String, blob: ObjectID?)] = []
            for path in touched {
                let base = try self.repository.blobID(at: path.storedPath, in: target).map { try self.reportValue($0) }
                let before = try self.repository.blobID(at: path.storedPath, in: parent).map {
                    try self.reportValue($0)
                }
                let now = try tip.flatMap { try self.repository.blobID(at: path.storedPath, in: $0) }.map {
                    try self.reportValue($0)
                }
                switch (before, now) {
                case (nil, _):
                    // The revision added the report: undone by removing it, if unchanged since.
                    guard now == base else {
                        throw VaultError.addedAndChangedSince(report: path.description, revision: revision)
                    }
                    updates.append((path.storedPath, nil))
                case (let before?, nil):
                    updates.append((path.storedPath, try self.repository.writeBlob(try Report(before).storedBytes)))
                case (let before?, let now?):
                    let result = try merger.merge(base: base, theirs: before, ours: now)
                    if !result.conflicts.isEmpty {
                        throw VaultError.failure(
                            MergeConflicts(
                                report: path, base: "\(target.short) (changed again since)", conflicts: result.conflicts
                            ))
                    }
                    updates.append(
                        (path.storedPath, try self.repository.writeBlob(try Report(result.merged).storedBytes)))
                }
            }
            return updates
        }
        done.reports = touched
        return done
    }

    /// The trailer a migration writes: the schema version its reports were moved to.
    static let schemaTrailer = "Vault-Schema-Version: "

    /// Commits the reports `only` names (every report on the branch when nil) rewritten to
    /// schema version `version` (``ReportSchemas/migrate(_:to:name:)``), in one commit, and
    /// returns each migrated report with the version it had. Reports already at `version` are
    /// left as they are; when one report can't be migrated, nothing is written. Old revisions
    /// and the submissions tagged on them keep their version (each is read by its own).
    public func migrate(
        _ only: [ReportPath]?, to version: Int, schemas: ReportSchemas, message: String?, author: GitSignature
    ) throws(VaultError) -> ChangeCommit {
        for path in only ?? [] { _ = try show(path) }  // a clear error when one is not there
        guard version >= 1, version <= schemas.newest else {
            throw .schemaVersionUnknown(version: String(version), newest: schemas.newest)
        }
        var migrated: [(path: ReportPath, from: Int)] = []
        var text = message ?? ""
        if message == nil {
            // Counted before the commit so that the default message says what it did.
            let tip = try resolve(branch)
            var count = 0
            for report in try reports(at: tip.hex) where only?.contains(report.path) ?? true {
                if ReportSchemas.version(of: try reportValue(report.blob)) != version { count += 1 }
            }
            text = "Migrate \(count) report\(count == 1 ? "" : "s") to schema version \(version)"
        }
        var done = try commitChanges(
            message: Self.withTrailers(text, [Self.schemaTrailer + String(version)]), author: author
        ) { tip in
            migrated = []
            guard let tip else { throw VaultError.nothingToMigrate(version: version) }
            var updates: [(path: String, blob: ObjectID?)] = []
            for report in try self.reports(at: tip.hex) where only?.contains(report.path) ?? true {
                let value = try self.reportValue(report.blob)
                guard let new = try schemas.migrate(value, to: version, name: report.path.description) else { continue }
                migrated.append((report.path, ReportSchemas.version(of: value) ?? version))
                updates.append((report.path.storedPath, try self.repository.writeBlob(try Report(new).storedBytes)))
            }
            guard !updates.isEmpty else { throw VaultError.nothingToMigrate(version: version) }
            return updates
        }
        done.reports = migrated.map(\.path)
        done.versionsBefore = Dictionary(migrated.map { ($0.path, $0.from) }, uniquingKeysWith: { a, _ in a })
        return done
    }

    /// The reports at the branch tip that state a schema version older than `version`, with
    /// theirs (read without parsing the reports): what `vault migrate` would move.
    public func reportsBefore(version: Int) throws(VaultError) -> [(path: ReportPath, version: Int)] {
        guard (try? resolve(branch)) != nil else { return [] }
        var out: [(path: ReportPath, version: Int)] = []
        for report in try reports(at: "HEAD") {
            guard
                case .number(let d)? = JSONSkim.find([.member("schemaVersion")], in: try blobBytes(report.blob))?.value,
                let own = Int(exactly: d), own < version
            else {
                continue
            }
            out.append((report.path, own))
        }
        return out
    }

    /// `reports` (read from `files`) moved to the schema version the branch's copy of each
    /// already has, when the file is older (a clerk's file from before `vault migrate`): a
    /// commit never takes a report back to an older version. Each moved report is returned
    /// with its file and the two versions; one that can't be moved throws, naming the file.
    public func bringingUp(
        _ reports: [Report], files: [String], schemas: ReportSchemas
    ) throws(VaultError) -> (
        reports: [Report], moved: [(file: String, from: Int, to: Int)]
    ) {
        guard let tip = try? resolve(branch) else { return (reports, []) }
        var out = reports
        var moved: [(file: String, from: Int, to: Int)] = []
        for (i, report) in reports.enumerated() {
            let blob: ObjectID?
            do { blob = try repository.blobID(at: report.path.storedPath, in: tip) } catch {
                throw describe(error, while: "read \(report.path)")
            }
            // The stored version's schemaVersion only, skimmed from its bytes.
            guard let blob,
                let stored = ReportSchemas.version(
                    stated: JSONSkim.find([.member("schemaVersion")], in: try blobBytes(blob))?.value),
                let own = ReportSchemas.version(of: report.value), own < stored
            else { continue }
            let file = i < files.count ? files[i] : report.path.description
            do {
                guard let migrated = try schemas.migrate(report.value, to: stored, name: report.path.description) else {
                    continue
                }
                out[i] = try Report(migrated)
            } catch {
                throw .inFile(file: file, error)
            }
            moved.append((file, own, stored))
        }
        return (out, moved)
    }

    /// Commits `updates` (nil blob: remove) on the branch, by compare-and-swap, and brings the
    /// work tree along; an error when they change nothing.
    func commitChanges(
        message: String, author: GitSignature, _ updates: (ObjectID?) throws -> [(path: String, blob: ObjectID?)]
    ) throws(VaultError) -> ChangeCommit {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VaultError.emptyCommitMessage
        }
        try refuseWhilePulling()
        let text = message.hasSuffix("\n") ? message : message + "\n"
        let id = try commitRetrying(on: branch, message: text, author: author, committer: author, updates: updates)
        guard let id else { throw VaultError.nothingChanged }
        return ChangeCommit(commit: id, workTree: updateWorkTree())
    }

    static func withTrailers(_ message: String, _ trailers: [String]) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" + trailers.joined(separator: "\n") + "\n"
    }
}
