import Foundation

/// A report in a commit not yet sent to a remote that is not as vault stores it: a plain
/// `git commit` of a hand-edited file. The server's hook refuses every push holding one.
public struct UnsentProblem: Sendable {
    public var commit: CommitInfo
    public var path: String
    public var problem: Message
}

/// What ``Vault/fixHistory(remote:)`` rewrote.
public struct HistoryFix: Sendable {
    /// The commits rewritten, oldest first: each one's old id, new id and message's first line.
    public var rewritten: [(old: ObjectID, new: ObjectID, message: String)]
    /// The reports stored anew in their stored form, as `commit:path`.
    public var fixed: [String]
    /// What the branch move did to the work tree.
    public var workTree = Vault.WorkTreeUpdate()
}

extension Vault {
    /// How the branch's reflog names a move by `vault fix-history` (which `verify` accepts:
    /// the commits it left behind were written again, unsent).
    static let fixHistoryReflogMessage = "vault fix-history:"

    /// The commits of the branch that no remote-tracking branch holds (none was fetched or
    /// pushed with them), newest first.
    func unsentCommits() throws -> [ObjectID] {
        guard let tip = try repository.branchTip(branch) else { return [] }
        let sent = try repository.references().filter {
            $0.name.hasPrefix("refs/remotes/") && !$0.name.contains("/vault/") && !$0.name.contains("/tags/")
        }.map(\.target)
        return try repository.commits(from: tip, excluding: sent)
    }

    /// The reports that the branch's unsent commits store not as vault stores them (the
    /// checks of the server's hook), newest commit first.
    public func unsentProblems(schemas: ReportSchemas) throws(VaultError) -> [UnsentProblem] {
        do {
            var out: [UnsentProblem] = []
            var checked = Set<ObjectID>()
            for id in try unsentCommits() {
                let info = try repository.commitInfo(id)
                for change in try repository.changes(in: id) where !change.deleted && change.path.hasPrefix("reports/")
                {
                    guard let blob = try repository.blobID(at: change.path, in: id), checked.insert(blob).inserted
                    else { continue }
                    let place = "\(id.short):\(change.path)"
                    for problem in Self.storedReportProblems(
                        try repository.readBlob(blob), path: change.path, place: place, schemas: schemas)
                    {
                        out.append(UnsentProblem(commit: info, path: change.path, problem: problem))
                    }
                }
            }
            return out
        } catch {
            throw describe(any: error, while: "check the unsent commits")
        }
    }

    /// Rewrites the branch's unsent commits so that every report they store is in the stored
    /// form (RFC 8785 order, one member per line), keeping each commit's author, committer,
    /// dates and message; the branch moves once, by compare-and-swap, and the work tree follows.
    /// Only commits no remote holds are rewritten — what others have is never changed. A report
    /// that is not JSON, not a report, or at the wrong path cannot be put right this way: it is
    /// named and nothing is written. A merge among the unsent commits is refused.
    public func fixHistory() throws(VaultError) -> HistoryFix {
        try refuseWhilePulling()
        let doing = "fix-history"
        do {
            guard let tip = try repository.branchTip(branch) else { return HistoryFix(rewritten: [], fixed: []) }
            let unsent = try unsentCommits().reversed()
            var rewritten: [(old: ObjectID, new: ObjectID, message: String)] = []
            var fixed: [String] = []
            var newID: [ObjectID: ObjectID] = [:]
            var changedAny = false
            for id in unsent {
                let info = try repository.commitInfo(id)
                guard info.parents.count <= 1 else { throw VaultError.fixHistoryMerge(commit: id.short) }
                let parent = info.parents.first.map { newID[$0] ?? $0 }
                var updates: [(path: String, blob: ObjectID?)] = []
                for change in try repository.changes(in: id) {
                    guard !change.deleted, let blob = try repository.blobID(at: change.path, in: id) else {
                        updates.append((change.path, nil))
                        continue
                    }
                    guard change.path.hasPrefix("reports/") else {
                        updates.append((change.path, blob))
                        continue
                    }
                    let bytes = try repository.readBlob(blob)
                    let place = "\(id.short):\(change.path)"
                    let value: JSONValue
                    do { value = try JSONParser.parse(bytes) } catch {
                        throw VaultError.fixHistoryCannot(
                            place: place,
                            problem: Message(
                                "verify.notJSON",
                                [
                                    "place": .text(place), "line": .count(error.line), "column": .count(error.column),
                                    "problem": .message(error.problem),
                                ]))
                    }
                    guard let filed = try? Report.path(of: value), filed.storedPath == change.path else {
                        throw VaultError.fixHistoryCannot(
                            place: place, problem: Message("verify.notReport", ["place": .text(place)]))
                    }
                    let stored = CanonicalJSON.stored(value)
                    if stored != bytes {
                        fixed.append(place)
                        updates.append((change.path, try repository.writeBlob(stored)))
                    } else {
                        updates.append((change.path, blob))
                    }
                }
                if !changedAny && fixed.isEmpty {
                    newID[id] = id  // before the first fix: kept as it is
                    continue
                }
                changedAny = true
                // A commit left with nothing of its own (its only change was the form) is dropped.
                guard
                    let commit = try repository.commitObject(
                        withChanges: updates, parent: parent, message: info.message, author: info.author,
                        committer: info.committer)
                else {
                    newID[id] = parent
                    continue
                }
                newID[id] = commit
                rewritten.append((id, commit, String(info.message.prefix { $0 != "\n" })))
            }
            guard let last = rewritten.last?.new, !fixed.isEmpty else { return HistoryFix(rewritten: [], fixed: []) }
            // Work-tree files holding what the old tip held (the hand-edited form that was
            // committed) take the new tip's stored form.
            var followTip: [(path: String, blob: ObjectID)] = []
            if let root = repository.workDirectory {
                for (path, blob) in try repository.blobs(under: "reports", in: tip) {
                    guard let bytes = FileBytes.read(root + path), try GitRepository.blobID(of: bytes) == blob,
                        let new = try repository.blobID(at: path, in: last), new != blob
                    else { continue }
                    followTip.append((path, new))
                }
            }
            try repository.moveBranch(
                branch, from: tip, to: last,
                message: "\(Self.fixHistoryReflogMessage) \(fixed.count) report(s) in stored form")
            for (path, blob) in followTip {
                try? repository.replaceWorkTreeFile(path, with: try repository.readBlob(blob))
            }
            return HistoryFix(rewritten: rewritten, fixed: fixed, workTree: updateWorkTree())
        } catch let error as VaultError {
            throw error
        } catch {
            throw describe(any: error, while: doing)
        }
    }
}
