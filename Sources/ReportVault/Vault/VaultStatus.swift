import Foundation

/// What `vault status` and `vault ls` say about a vault: the branch, each report's last
/// revision and submission, and the work tree's uncommitted edits.
public struct VaultStatus: Sendable {
    /// One report at the revision looked at.
    public struct ReportState: Sendable {
        public var path: ReportPath
        /// The newest revision that changed it.
        public var last: CommitInfo
        /// The newest submission tag that holds the report, and whether the report changed since.
        public var submission: String?
        public var changedSinceSubmission: Bool
    }

    public var branch: String
    public var tip: CommitInfo?
    public var reports: [ReportState]
    /// How a work-tree file differs from the tip; the raw value is what `--json` says.
    public enum WorkTreeState: String, Sendable {
        case modified, deleted, new

        /// The state in either language (`worktree.*`), for people.
        public var label: Message {
            switch self {
            case .modified: Message("worktree.modified")
            case .deleted: Message("worktree.deleted")
            case .new: Message("worktree.new")
            }
        }
    }

    /// Work-tree files under reports/ that differ from the tip: path and "modified",
    /// "deleted" or "new" (empty for a bare vault).
    public var workTree: [(path: String, state: WorkTreeState)]
    /// A pull stopped at conflicts and kept in the vault, if there is one.
    public var pull: PendingPull? = nil

    /// `vault status --json` (schema/status-output.schema.json).
    public var json: JSONValue {
        .object([
            .init("branch", .string(branch)),
            .init("tip", tip.map { .string($0.id.hex) } ?? .null),
            .init("reports", ReportListOutput(reports).json),
            .init(
                "workTree",
                .array(
                    workTree.map {
                        .object([.init("path", .string($0.path)), .init("state", .string($0.state.rawValue))])
                    })),
            .init(
                "pull",
                pull.map { p in
                    .object([
                        .init("from", .string(p.from)), .init("ours", .string(p.ours.hex)),
                        .init("theirs", .string(p.theirs.hex)),
                        .init("conflicts", .count(p.conflicts.count)), .init("unresolved", .count(p.unresolved.count)),
                    ])
                } ?? .null),
        ])
    }
}

extension VaultStatus: JSONOutput {}

extension VaultStatus.ReportState {
    /// One report as `vault status --json` and `vault ls --json` list it.
    public var json: JSONValue {
        .object([
            .init("report", .string(path.description)),
            .init("commit", .string(last.id.hex)),
            .init("author", .string(last.author.name)),
            .init("date", .string(last.author.isoDate)),
            .init("message", .string(last.message.trimmingCharacters(in: .newlines))),
            .init("submission", .orNull(submission)),
            .init("changedSinceSubmission", .bool(changedSinceSubmission)),
        ])
    }
}

/// `vault ls --json` (schema/ls-output.schema.json): the reports at a revision, as
/// `vault status --json` lists them under "reports".
public struct ReportListOutput: JSONOutput {
    public var reports: [VaultStatus.ReportState]

    public init(_ reports: [VaultStatus.ReportState]) {
        self.reports = reports
    }

    public var json: JSONValue { .array(reports.map(\.json)) }
}

extension Vault {
    /// The vault's state at `revision` (the branch tip by default), reports of `year` only
    /// when given.
    public func status(at revision: String? = nil, year: Int? = nil) throws(VaultError) -> VaultStatus {
        guard let tipID = try? repository.branchTip(branch) else {
            return VaultStatus(branch: branch, tip: nil, reports: [], workTree: [])
        }
        let at = try revision.map { r throws(VaultError) in try resolve(r) } ?? tipID
        let info: CommitInfo
        do { info = try repository.commitInfo(tipID) } catch { throw describe(error, while: "status") }
        // Submissions newest first, with the commit each names.
        let submissions = try tags().sorted { ($0.tagger?.time ?? 0) > ($1.tagger?.time ?? 0) }
        let covered = try submissionCoverage()
        let listed = try reports(at: at.hex).filter { year == nil || $0.path.fiscalYear == year }
        // One walk back from the revision finds each report's newest change.
        var last: [String: CommitInfo] = [:]
        let wanted = Set(listed.map(\.path.storedPath))
        do {
            try repository.walk(from: at) { id in
                var info: CommitInfo?
                for path in try repository.changedPaths(in: id) where wanted.contains(path) && last[path] == nil {
                    let commit = try info ?? repository.commitInfo(id)
                    info = commit
                    // A merge that took the report from another parent did not change it: the
                    // commit that did is met later in the walk.
                    if try takenFromAnotherParent(
                        commit.parents, blob: try repository.blobID(at: path, in: id), path: path)
                    {
                        continue
                    }
                    last[path] = commit
                }
                return last.count < wanted.count
            }
        } catch {
            throw describe(any: error, while: "status")
        }
        var states: [VaultStatus.ReportState] = []
        for (path, blob) in listed {
            guard let last = last[path.storedPath] else { continue }
            var submission: String?
            var changed = false
            for tag in submissions {
                // A submission covers the reports its ledger entry names, not its whole commit.
                if let reports = covered[tag.name], !reports.contains(path.storedPath) { continue }
                guard let tagged = try? repository.blobID(at: path.storedPath, in: tag.target) else { continue }
                submission = tag.name
                changed = tagged != blob
                break
            }
            states.append(.init(path: path, last: last, submission: submission, changedSinceSubmission: changed))
        }
        return VaultStatus(
            branch: branch, tip: info, reports: states, workTree: revision == nil ? try workTreeChanges(at: tipID) : [],
            pull: revision == nil ? try pendingPull() : nil)
    }

    /// Files under the work tree's reports/ that differ from commit `tip`.
    func workTreeChanges(at tip: ObjectID) throws(VaultError) -> [(path: String, state: VaultStatus.WorkTreeState)] {
        guard let root = repository.workDirectory else { return [] }
        var out: [(String, VaultStatus.WorkTreeState)] = []
        let stored: [(path: String, id: ObjectID)]
        do { stored = try repository.blobs(under: "reports", in: tip) } catch { throw describe(error, while: "status") }
        let known = Dictionary(stored.map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a })
        for (path, id) in stored {
            guard let bytes = FileBytes.read(root + path) else { out.append((path, .deleted)); continue }
            if (try? GitRepository.blobID(of: bytes)) != id { out.append((path, .modified)) }
        }
        if let enumerator = FileManager.default.enumerator(atPath: root + "reports") {
            for case let relative as String in enumerator where relative.hasSuffix(".json") {
                let path = "reports/" + relative
                if known[path] == nil { out.append((path, .new)) }
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

// MARK: - What stands in the way: locks, git's own operations, the remote

extension Vault {
    /// Lock files in the git folder (`index.lock`, `HEAD.lock`, `refs/…/*.lock`, the work
    /// tree's lock) that no running process holds: a process killed while it held them left
    /// them (SIGKILL, a power cut). Locks younger than `seconds` are taken as held (git and
    /// vault hold one for milliseconds); the work tree's lock names its holder, who must be gone.
    public func leftLocks(olderThan seconds: Int = 30) -> [(path: String, age: Int)] {
        let root = repository.gitDirectory
        var candidates = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "vault-worktree.lock"].map {
            root + $0
        }
        if let walker = FileManager.default.enumerator(atPath: root + "refs") {
            for case let name as String in walker where name.hasSuffix(".lock") {
                candidates.append(root + "refs/" + name)
            }
        }
        let now = time(nil)
        var out: [(String, Int)] = []
        for path in candidates {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let age = Int(now - info.st_mtim.tv_sec)
            if path.hasSuffix("vault-worktree.lock") {
                // Names its holder: left only when that process is gone.
                if let bytes = FileBytes.read(path),
                    let pid = Int32(
                        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                    kill(pid, 0) == 0 || errno == EPERM
                {
                    continue
                }
            } else if age < seconds {
                continue
            }
            out.append((path, age))
        }
        return out
    }

    /// Locks ``leftLocks(olderThan:)`` names that no running command can hold: older than
    /// `seconds`, or no other vault or git process runs on this machine at all (git's lock
    /// files do not name their holder; vault's work-tree lock does).
    public func staleLocks(olderThan seconds: Int = 30) -> [(path: String, age: Int)] {
        let locks = leftLocks(olderThan: 0)
        guard !locks.isEmpty else { return [] }  // /proc is read only when there is a lock
        let quiet = !Self.otherVaultOrGitRunning()
        return locks.filter { $0.path.hasSuffix("vault-worktree.lock") || $0.age >= seconds || quiet }
    }

    /// Temporary files a stopped write left in the object store (`tmp_pack_*` from `vault load`
    /// or a fetch, `tmp_obj_*`, `tmp_idx_*`): they take room, a full disk's perhaps, and no
    /// reference can name them. Only those no running command can be writing (as ``staleLocks``).
    public func staleTemporaries(olderThan seconds: Int = 60) -> [(path: String, size: Int)] {
        let objects = repository.gitDirectory + "objects/"
        lazy var quiet = !Self.otherVaultOrGitRunning()
        let now = time(nil)
        var out: [(String, Int)] = []
        var folders = ["pack"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: objects)) ?? [] where entry.count == 2 {
            folders.append(entry)
        }
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: objects + folder)) ?? []
            where name.hasPrefix("tmp_pack_") || name.hasPrefix("tmp_obj_") || name.hasPrefix("tmp_idx_") {
                let path = objects + folder + "/" + name
                var info = stat()
                guard stat(path, &info) == 0, quiet || Int(now - info.st_mtim.tv_sec) >= seconds else { continue }
                out.append((path, Int(info.st_size)))
            }
        }
        return out
    }

    /// Whether a process other than this one runs `vault`, `vault-serve` or git.
    static func otherVaultOrGitRunning() -> Bool {
        let me = getpid()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != me, let bytes = FileBytes.read("/proc/\(entry)/comm") else { continue }
            let name = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "vault" || name == "vault-serve" || name == "git" || name.hasPrefix("git-") { return true }
        }
        return false
    }

    /// The operation plain git left half done in this vault (`merge`, `rebase`, `cherry-pick`,
    /// `revert`, `am`), if any: vault's own pull keeps no such state.
    public var gitOperationInProgress: String? {
        let root = repository.gitDirectory
        let markers: [(String, String)] = [
            ("MERGE_HEAD", "merge"), ("rebase-merge", "rebase"), ("rebase-apply", "rebase"),
            ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert"),
        ]
        return markers.first { FileManager.default.fileExists(atPath: root + $0.0) }?.1
    }

    /// How the branch stands against `remote`'s as last fetched (`refs/remotes/<remote>/<branch>`):
    /// revisions only here (to push) and only there (to pull); nil when there is no such remote branch.
    public func tracking(remote: String = "origin") -> (remote: String, ahead: Int, behind: Int)? {
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        guard let theirs = try? repository.referenceTarget(Self.remoteBranchRef(remote, name)),
            let ours = try? repository.branchTip(branch)
        else { return nil }
        guard let ahead = try? repository.commits(from: ours, excluding: [theirs]).count,
            let behind = try? repository.commits(from: theirs, excluding: [ours]).count
        else {
            return nil
        }
        return ("\(remote)/\(name)", ahead, behind)
    }
}

extension Vault {
    /// Every reference with the object it points at, where HEAD points, and the configuration
    /// and allowed-signers file verify reads: what changes when anything committed, tagged,
    /// recorded, fetched or trusted changes (a cache key for answers that depend only on these).
    public func referencesFingerprint() throws(VaultError) -> String {
        do {
            let references = try repository.references()
            // What verify also reads beside the history: the allowed-signers file (a key
            // removed turns a submission's signature bad) and the configuration naming it.
            func stamp(_ path: String?) -> String {
                guard let path, let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                    return "-"
                }
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                return "\(path) \(attributes[.size] as? Int ?? -1) \(modified)"
            }
            let files = stamp(repository.gitDirectory + "config") + "\n" + stamp(signersFile)
            return branch + "\n" + files + "\n" + references.map { "\($0.name) \($0.target)" }.joined(separator: "\n")
        } catch {
            throw describe(any: error, while: "read the references")
        }
    }
}
