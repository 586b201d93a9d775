/// Changes that are not a new version of a report: removing one, renaming one (a typo in the
/// unit name or year), and undoing a revision figure by figure. Each is a commit of its own,
/// so history keeps what was there; `vault verify` recognises the removals by their trailer.
extension Vault {
    /// The trailer a removal or rename writes, so that `verify` tells it from a lost report.
    static let removedTrailer = "Vault-Removed: "

    /// Commits the removal of `path` from the branch.
    public func remove(_ path: ReportPath, message: String, author: GitSignature) throws -> ObjectID {
        _ = try show(path)  // a clear error when it is not there
        let text = Self.withTrailers(message, [Self.removedTrailer + path.storedPath])
        return try commitChanges(message: text, author: author) { _ in [(path.storedPath, nil)] }
    }

    /// Commits `path` renamed to `new`: the report's own fiscalYear and unit.name are set to
    /// the new identity and it moves to the new path, in one commit.
    public func rename(_ path: ReportPath, to new: ReportPath, message: String, author: GitSignature) throws -> ObjectID {
        guard new != path else { throw VaultError("\(path) is already named so; nothing was changed") }
        _ = try show(path)  // a clear error when it is not there
        let text = Self.withTrailers(message, [Self.removedTrailer + path.storedPath + " (renamed to \(new.storedPath))"])
        // Read against the tip the commit goes on, so that a concurrent commit is not undone.
        return try commitChanges(message: text, author: author) { tip in
            guard let tip, let blob = try self.repository.blobID(at: path.storedPath, in: tip) else {
                throw VaultError("report \(path) is gone from the branch; nothing was changed")
            }
            if try self.repository.blobID(at: new.storedPath, in: tip) != nil { throw VaultError("report \(new) already exists; nothing was changed") }
            var value = try self.reportValue(blob)
            value = ImportBuilder.setting(value, ["fiscalYear"], .number(Double(new.fiscalYear)))
            value = ImportBuilder.setting(value, ["unit", "name"], .string(new.unitName))
            return [(path.storedPath, nil), (new.storedPath, try self.repository.writeBlob(try Report(value).storedBytes))]
        }
    }

    /// Commits the undoing of `revision` (only of `report`, when given): every figure that
    /// revision changed goes back, merged figure by figure with what changed since; a figure
    /// changed again since then is a conflict and nothing is written.
    public func revert(_ revision: String, report: ReportPath?, message: String?, author: GitSignature, merger: ThreeWayMerge) throws -> (commit: ObjectID, reports: [ReportPath]) {
        let target = try resolve(revision)
        let info = try repository.commitInfo(target)
        guard let parent = info.parents.first else { throw VaultError("\(revision) is the first revision; there is nothing before it to go back to") }
        let touched = try repository.changedPaths(in: target).compactMap(ReportPath.init(storedPath:)).filter { report == nil || $0 == report }
        guard !touched.isEmpty else { throw VaultError("\(revision) changed \(report.map { "nothing in \($0)" } ?? "no report"); nothing to revert") }
        var text = message ?? "Revert \"\(firstLine(info.message))\"\n\nThis reverts revision \(target.hex)\(report.map { " for \($0)" } ?? "").\n"
        // A report the revision added goes away: say so, for verify.
        let added = try touched.filter { try repository.blobID(at: $0.storedPath, in: parent) == nil }
        if !added.isEmpty { text = Self.withTrailers(text, added.map { Self.removedTrailer + $0.storedPath + " (reverted)" }) }
        let id = try commitChanges(message: text, author: author) { tip in
            var updates: [(path: String, blob: ObjectID?)] = []
            for path in touched {
                let base = try self.repository.blobID(at: path.storedPath, in: target).map { try self.reportValue($0) }
                let before = try self.repository.blobID(at: path.storedPath, in: parent).map { try self.reportValue($0) }
                let now = try tip.flatMap { try self.repository.blobID(at: path.storedPath, in: $0) }.map { try self.reportValue($0) }
                switch (before, now) {
                case (nil, _):
                    // The revision added the report: undone by removing it, if unchanged since.
                    guard now == base else { throw VaultError("\(path) was added by \(revision) and changed since; remove it with 'vault rm' instead") }
                    updates.append((path.storedPath, nil))
                case (let before?, nil):
                    updates.append((path.storedPath, try self.repository.writeBlob(try Report(before).storedBytes)))
                case (let before?, let now?):
                    let result = merger.merge(base: base, theirs: before, ours: now)
                    if !result.conflicts.isEmpty {
                        throw MergeConflictError(report: path, base: "\(target.short) (changed again since)", conflicts: result.conflicts)
                    }
                    updates.append((path.storedPath, try self.repository.writeBlob(try Report(result.merged).storedBytes)))
                }
            }
            return updates
        }
        return (id, touched)
    }

    /// Commits `updates` (nil blob: remove) on the branch, by compare-and-swap, and brings the
    /// work tree along; an error when they change nothing.
    func commitChanges(message: String, author: GitSignature, _ updates: (ObjectID?) throws -> [(path: String, blob: ObjectID?)]) throws -> ObjectID {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VaultError("empty commit message: say what changed with -m")
        }
        let text = message.hasSuffix("\n") ? message : message + "\n"
        let id: ObjectID?
        do {
            id = try commitRetrying(on: branch, message: text, author: author, committer: author, updates: updates)
        } catch let error as GitError {
            throw describe(error, while: "commit")
        }
        guard let id else { throw VaultError("nothing changed; nothing was committed") }
        updateWorkTree()
        return id
    }

    static func withTrailers(_ message: String, _ trailers: [String]) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" + trailers.joined(separator: "\n") + "\n"
    }
}
