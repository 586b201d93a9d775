import Foundation

/// What the tables of `vault sql` and `vault export --postgres` are built from: the branch's
/// revisions oldest first, the report versions each made, and the submissions — read here, in
/// report terms, so that the layers above never see a git handle.
public struct RevisionRecord: Sendable {
    public var commit: CommitInfo
    /// The reports the revision added or changed, with the version it replaced (nil: added);
    /// reports it deleted are not versions and are left out.
    public var versions: [(path: ReportPath, blob: ObjectID, parentBlob: ObjectID?)]
}

/// One report of one submission, as the ledger records it.
public struct SubmissionRecord: Sendable, Equatable {
    public var tag: String
    public var revision: ObjectID
    /// The report as YEAR/UNIT (as `reports.path` has it).
    public var path: String
    public var digest: String
    /// The principals of the allowed-signers line of a good signature; nil when unsigned or
    /// not checked.
    public var signer: String?
    public var withdrawn: Bool
}

extension Vault {
    /// The branch tip, nil for a vault with no revision yet.
    public var tip: ObjectID? { get throws(VaultError) { try tipOrNil() } }

    /// Whether `ancestor` is `commit` or in its history (false when either is not in the vault).
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) -> Bool {
        (try? repository.isAncestor(ancestor, of: commit)) ?? false
    }

    /// The commits of the branch not in the history of any of `known`, oldest first.
    public func revisions(from tip: ObjectID, excluding known: [ObjectID]) throws(VaultError) -> [ObjectID] {
        do { return try repository.commits(from: tip, excluding: known).reversed() } catch {
            throw describe(error, while: "list revisions")
        }
    }

    /// One revision with the report versions it made (compared with its first parent).
    public func record(_ id: ObjectID) throws(VaultError) -> RevisionRecord {
        do {
            let commit = try repository.commitInfo(id)
            var versions: [(path: ReportPath, blob: ObjectID, parentBlob: ObjectID?)] = []
            for change in try repository.changes(in: id) where !change.deleted {
                guard let path = ReportPath(storedPath: change.path),
                    let blob = try repository.blobID(at: change.path, in: id),
                    // A merge that took the version from another parent did not make it: the
                    // commit that did is a revision of its own (as `vault log` counts drafts).
                    try !takenFromAnotherParent(commit.parents, blob: blob, path: change.path)
                else { continue }
                let parentBlob = try commit.parents.first.flatMap { p throws(GitError) in
                    try repository.blobID(at: change.path, in: p)
                }
                versions.append((path, blob, parentBlob))
            }
            return RevisionRecord(commit: commit, versions: versions)
        } catch {
            throw describe(any: error, while: "read revision \(id.short)")
        }
    }

    /// Every report of every submission the ledger records, with the tag's signer (a good
    /// signature's principals) and whether the submission was withdrawn.
    public func submissionRecords() throws(VaultError) -> [SubmissionRecord] {
        let tags = try self.tags()
        let signers = Dictionary(
            signatureChecks(tags).checks.map { ($0.tag, $0.signer) }, uniquingKeysWith: { a, _ in a })
        return try ledger().flatMap { entry in
            entry.reports.map { line in
                SubmissionRecord(
                    tag: entry.tag, revision: entry.target,
                    path: ReportPath(storedPath: line.path)?.description ?? line.path, digest: line.digest,
                    signer: signers[entry.tag] ?? nil, withdrawn: entry.withdrawal != nil)
            }
        }
    }
}
