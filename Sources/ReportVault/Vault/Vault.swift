import Foundation

/// A vault: a git repository whose `reports/` folder holds one canonical JSON
/// report per (fiscal year, unit). Everything here speaks in reports and revisions;
/// git details stay in ``GitRepository``.
public final class Vault {
    /// The repository under the vault; the git layer stays inside the library.
    package let repository: GitRepository
    /// Where the vault was opened.
    public let path: String
    /// Parsed reports by blob id: a command reads and parses each blob at most once.
    var parsed: [ObjectID: JSONValue] = [:]

    private init(repository: GitRepository, path: String) {
        self.repository = repository
        self.path = path
    }

    // MARK: - Opening

    /// Creates a new vault at `path` (bare for servers), with branch `main`.
    /// Refuses a folder that already holds a git repository.
    public static func create(at path: String, bare: Bool) throws(VaultError) -> Vault {
        let gitDir = bare ? path : (path as NSString).appendingPathComponent(".git")
        if FileManager.default.fileExists(atPath: (gitDir as NSString).appendingPathComponent("HEAD")) {
            throw .alreadyRepository(path: path)
        }
        do {
            return Vault(repository: try GitRepository.create(at: path, bare: bare), path: path)
        } catch {
            throw .cannotCreate(path: path, reason: error.message)
        }
    }

    /// Opens the vault at exactly `path`. Objects and refs are fsynced unless `durable` is false;
    /// the first vault a process opens decides that for the whole process.
    public static func open(at path: String, durable: Bool = true) throws(VaultError) -> Vault {
        Libgit2.chooseFsync(durable)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noSuchVaultFolder(path: path, similar: similarVaults(to: path))
        }
        do {
            return Vault(repository: try GitRepository.open(at: path), path: path)
        } catch  where error.code == GitError.Code.owner {
            // A server's vault belongs to the server's user (git, www-data): git's own rule.
            var info = stat()
            let owner =
                stat(path, &info) == 0
                ? getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "\(info.st_uid)" : "?"
            throw .vaultOwnedByAnother(path: path, owner: owner)
        } catch {
            throw .notAVault(path: path)
        }
    }

    /// Vaults beside `path` whose names are a typo away from its last part, as `path` is written.
    static func similarVaults(to path: String) -> [String] {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { String(trimmed[..<$0]) } ?? ""
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        guard !name.isEmpty,
            let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)
        else { return [] }
        let prefix = slash == nil ? "" : parent + "/"
        return entries.filter { entry in
            let folder = prefix + entry
            let isVault =
                FileInput.exists(folder + "/.git")
                || (FileInput.exists(folder + "/HEAD") && FileInput.exists(folder + "/objects"))
            return isVault && distance(entry, name) <= max(2, name.count / 3)
        }.sorted { distance($0, name) < distance($1, name) }.map { prefix + $0 }
    }

    /// Opens the repository a git hook runs in, as git's environment names it (`GIT_DIR`, else
    /// `path`), seeing the objects of a push still in quarantine. Reads only.
    package static func openFromGitEnvironment(at path: String) throws(VaultError) -> Vault {
        do {
            return Vault(repository: try GitRepository.openFromGitEnvironment(at: path), path: path)
        } catch {
            throw .notAVault(path: path)
        }
    }

    /// Opens the vault at `path` or in the nearest parent folder that is one — a command run
    /// from `reports/2024` of a vault finds it, as git does.
    public static func discover(from path: String, durable: Bool = true) throws(VaultError) -> Vault {
        Libgit2.chooseFsync(durable)
        let repository: GitRepository
        do {
            repository = try GitRepository.discover(from: path)
        } catch {
            throw .noVaultFound
        }
        let vault = Vault(repository: repository, path: repository.workDirectory ?? repository.gitDirectory)
        // Any git repository around the current folder is not a vault: one with commits but no
        // reports/ folder is refused rather than written to.
        if repository.configString("vault.version") == nil, let tip = try? repository.branchTip(vault.branch),
            (try? repository.hasFolder("reports", in: tip)) != true
        {
            throw .gitButNotVault(path: vault.path)
        }
        return vault
    }

    /// The branch reports are committed to (the one HEAD names, `refs/heads/main` in a new vault).
    public var branch: String { repository.headBranch }

    /// The vault's git folder (`.git/` or the bare repository itself).
    public var gitDirectory: String { repository.gitDirectory }

    // MARK: - Commit

    /// What a commit stored for one report: its digest (after any merge) and, for a merged
    /// report, the figures that came from the other side.
    public struct Stored: Sendable {
        public var path: ReportPath
        public var digest: String
        public var fromTheirs: [FigureChange]
    }

    /// What a command that moved the branch did to a non-bare vault's work tree: the files it
    /// left alone because they were edited by hand, and why it could not be brought up to date,
    /// if so (the commit stands either way).
    public struct WorkTreeUpdate: Sendable {
        public var kept: [String] = []
        public var problem: Message?
    }

    /// The outcome of ``commit(_:message:author:base:force:merger:diff:)``.
    public enum CommitOutcome: Sendable {
        /// A new commit holding the reports, and what it stored for each.
        case committed(ObjectID, stored: [Stored], workTree: WorkTreeUpdate)
        /// Every report was byte-identical to the branch tip: nothing was written.
        case unchanged(tip: ObjectID?)
    }

    /// Stores `reports` in one commit on the vault's branch. Safe against concurrent
    /// writers (compare-and-swap, re-applied on the new tip).
    ///
    /// With `base` (the revision the clerk edited from), a report that changed on the branch
    /// since then is merged figure by figure with this version; figures changed differently
    /// on both sides throw ``VaultError/mergeConflict(_:)`` and nothing is written.
    ///
    /// Without `base`, and unless `force`, a file that would set figures back to values a later
    /// commit replaced (a stale copy, ``staleCheck(of:diff:limit:)``) throws
    /// ``VaultError/staleFile(_:)`` and nothing is written.
    ///
    /// `files`: the files the reports were read from, in order (when known). A work-tree file
    /// committed itself — saved by Notepad with CRLF, `340.20` typed — is the input, not a hand
    /// edit to protect: it is committed and then rewritten in the stored form.
    public func commit(
        _ reports: [Report], message: String, author: GitSignature, base: String? = nil, merger: ThreeWayMerge? = nil,
        diff: FigureDiff? = nil, force: Bool = false,
        files: [String] = []
    ) throws(VaultError) -> CommitOutcome {
        guard !reports.isEmpty else { throw .noReportToCommit }
        try refuseWhilePulling()
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .emptyCommitMessage
        }
        var seen: [ReportPath: Int] = [:]
        for (i, report) in reports.enumerated() {
            if let first = seen.updateValue(i, forKey: report.path) {
                throw .sameReportTwice(first: first + 1, second: i + 1, report: report.path.description)
            }
        }
        let baseCommit = try base.map { rev throws(VaultError) in try resolve(rev) }
        if base == nil, !force, let diff {
            for report in reports {
                if let stale = try staleCheck(of: report, diff: diff) { throw VaultError.failure(stale) }
            }
        }
        // Each report's digest (its canonical form hashed) is taken once, whatever the retries.
        let digests = reports.map(\.digest)
        var stored: [(path: ReportPath, digest: String, fromTheirs: [FigureChange])] = zip(reports, digests).map {
            ($0.path, $1, [])
        }
        var written: [ObjectID: [UInt8]] = [:]
        do {
            // Ids only: nothing is written until the commit is known to go ahead.
            var own: [(path: String, blob: ObjectID)] = []
            for report in reports {
                own.append((report.path.storedPath, try GitRepository.blobID(of: report.storedBytes)))
            }
            // A work-tree copy edited by hand is not silently replaced by another version,
            // unless it is the very file being committed.
            let committedItself = Set(workTreePaths(of: files))
            let edited = try repository.withWorkTreeLock { () throws(GitError) -> String? in
                for (path, blob) in own where !committedItself.contains(path) {
                    if try repository.isEditedByHand(path, new: blob, branch: branch) { return path }
                }
                return nil
            }
            if let path = edited {
                throw VaultError.editedByHand(path: path)
            }
            let text = message.hasSuffix("\n") ? message : message + "\n"
            let id = try commitRetrying(on: branch, message: text, author: author, committer: author) { tip in
                var contents: [[UInt8]] = reports.map(\.storedBytes)
                stored = zip(reports, digests).map { ($0.path, $1, []) }
                if let baseCommit, let merger, let tip {
                    // Merged again on every attempt, against the tip it will be committed on.
                    for (i, report) in reports.enumerated() {
                        let theirs = try repository.blobID(at: report.path.storedPath, in: tip)
                        let original = try repository.blobID(at: report.path.storedPath, in: baseCommit)
                        guard let theirs, theirs != original, theirs != own[i].blob else { continue }
                        let result = try merger.merge(
                            base: try original.map { try reportValue($0) }, theirs: try reportValue(theirs),
                            ours: report.value)
                        if !result.conflicts.isEmpty {
                            throw VaultError.failure(
                                MergeConflicts(
                                    report: report.path, base: base ?? baseCommit.short, conflicts: result.conflicts))
                        }
                        let merged = try Report(result.merged)
                        contents[i] = merged.storedBytes
                        stored[i] = (
                            report.path, merged.digest,
                            try diff.map { d throws(VaultError) in try d.changes(from: report.value, to: merged.value) }
                                ?? []
                        )
                    }
                }
                written = [:]
                return try zip(reports, contents).map { report, bytes -> (path: String, blob: ObjectID?) in
                    let blob = try repository.writeBlob(bytes)
                    written[blob] = bytes
                    return (report.path.storedPath, blob)
                }
            }
            if let id {
                // A work-tree file committed itself takes the stored form (what the commit holds).
                if !committedItself.isEmpty, let root = repository.workDirectory {
                    for (path, _) in own where committedItself.contains(path) {
                        guard let stored = try? repository.blobID(at: path, in: id),
                            let bytes = written[stored] ?? (try? repository.readBlob(stored))
                        else { continue }
                        if FileBytes.read(root + path) != bytes {
                            try? repository.replaceWorkTreeFile(path, with: bytes)
                        }
                    }
                }
                let workTree = updateWorkTree(written: written)
                return .committed(
                    id, stored: stored.map { Stored(path: $0.path, digest: $0.digest, fromTheirs: $0.fromTheirs) },
                    workTree: workTree)
            }
            return .unchanged(tip: try repository.branchTip(branch))
        } catch {
            throw describe(any: error, while: "commit")
        }
    }

    /// The stored paths (`reports/…`) of those of `files` that are this vault's work-tree files.
    func workTreePaths(of files: [String]) -> [String] {
        guard let root = repository.workDirectory, !files.isEmpty else { return [] }
        let top = Self.absolute(root).hasSuffix("/") ? Self.absolute(root) : Self.absolute(root) + "/"
        return files.compactMap { file in
            let full = Self.absolute(file)
            return full.hasPrefix(top + "reports/") ? String(full.dropFirst(top.count)) : nil
        }
    }

    /// Brings a non-bare vault's index and work tree to the branch tip after a command moved
    /// the branch, and says what it left alone. A failure here does not undo the commit: it
    /// is returned for the command to report.
    /// `written`: the blobs the command just stored, by id (not read back from the vault).
    func updateWorkTree(written: [ObjectID: [UInt8]] = [:]) -> WorkTreeUpdate {
        do {
            return WorkTreeUpdate(
                kept: try repository.withWorkTreeLock { () throws(GitError) in
                    try repository.updateWorkTree(toTipOf: branch, written: written)
                })
        } catch {
            return WorkTreeUpdate(
                problem: Message("worktree.notUpdated", ["path": .text(path), "problem": .text(error.message)]))
        }
    }

    // MARK: - Reading

    /// The commit a revision names; a clear error for unknown or ambiguous revisions.
    public func resolve(_ revision: String) throws(VaultError) -> ObjectID {
        do {
            return try repository.resolveCommit(revision)
        } catch {
            switch error.code {
            case GitError.Code.notFound, GitError.Code.invalidSpec:
                if revision == "HEAD", (try? repository.branchTip(branch)) == nil {
                    throw .noCommitsYet
                }
                throw .unknownRevision(revision: revision)
            case GitError.Code.ambiguous:
                throw .ambiguousRevision(revision: revision)
            default:
                throw describe(error, while: "revision '\(revision)'")
            }
        }
    }

    /// A stored report at a revision.
    public struct StoredReport: Sendable {
        public var path: ReportPath
        public var commit: ObjectID
        public var blob: ObjectID
        public var bytes: [UInt8]
        /// The parsed report.
        public var report: Report
    }

    /// The report at `path` as of `revision`.
    public func show(_ path: ReportPath, at revision: String = "HEAD") throws(VaultError) -> StoredReport {
        let commit = try resolve(revision)
        let found: ObjectID?
        let bytes: [UInt8]
        do { found = try repository.blobID(at: path.storedPath, in: commit) } catch {
            throw describe(error, while: "show \(path)")
        }
        guard let blob = found else {
            // Deleted from the branch: said so, with where its last version is.
            if revision == "HEAD", let deletion = try? log(path, limit: 50).first, deletion.blob == nil,
                deletion.parentBlob != nil,
                let parent = deletion.commit.parents.first
            {
                throw .reportDeleted(
                    report: path.description, deletion: deletion.commit.id.short, author: deletion.commit.author.name,
                    last: parent.short)
            }
            throw .reportNotAt(report: path.description, revision: revision, commit: commit.short)
        }
        do { bytes = try repository.readBlob(blob) } catch { throw describe(error, while: "show \(path)") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .invalidJSON(file: "\(revision):\(path.storedPath)", error)
        }
        do {
            return StoredReport(path: path, commit: commit, blob: blob, bytes: bytes, report: try Report(value))
        } catch {
            throw .inFile(file: "\(revision):\(path.storedPath)", error)
        }
    }

    /// Every report at a revision, by path.
    public func reports(at revision: String = "HEAD") throws(VaultError) -> [(path: ReportPath, blob: ObjectID)] {
        let commit = try resolve(revision)
        do {
            return try repository.blobs(under: "reports", in: commit).compactMap { entry in
                ReportPath(storedPath: entry.path).map { ($0, entry.id) }
            }
        } catch {
            throw describe(error, while: "list reports")
        }
    }

    // MARK: - Log

    /// One revision in ``log(_:limit:)``.
    public struct LogEntry: Sendable {
        public var commit: CommitInfo
        /// The reports this commit added, changed or removed.
        public var reports: [ReportPath]
        /// With a report filter: the report's blob in this commit (nil: deleted) and in its parent.
        public var blob: ObjectID?
        public var parentBlob: ObjectID?
    }

    /// Revisions of the branch (or of the history of `start`), newest first; with `report`,
    /// only those that changed it.
    public func log(
        _ report: ReportPath? = nil, limit: Int? = nil, from start: ObjectID? = nil
    ) throws(VaultError) -> [LogEntry] {
        let startingPoint: ObjectID?
        if let start { startingPoint = start } else { startingPoint = try tipOrNil() }
        guard let tip = startingPoint else { return [] }
        if let report, start == nil, let entries = try logFromIndex(report, limit: limit, tip: tip) {
            return entries
        }
        if let limit, limit <= 0 { return [] }
        var entries: [LogEntry] = []
        // The path's ids in commits met as a first parent and not yet walked: each commit's
        // trees are read once, and only below the first level where it differs from its parent
        // (as git compares subtree ids), so commits that left the report's folder alone cost
        // no tree read at all.
        var known: [ObjectID: GitRepository.PathIDs] = [:]
        // First parents read for their trees, kept for when the walk reaches them.
        var read: [ObjectID: GitCommit] = [:]
        let names = report.map { $0.storedPath.split(separator: "/").map(String.init) } ?? []
        do {
            try repository.walk(from: tip) { id in
                if let report {
                    let commit = try read.removeValue(forKey: id) ?? repository.lookupCommit(id)
                    var mine = known.removeValue(forKey: id) ?? repository.pathIDs(names: names, root: commit.treeID)
                    let parentID = commit.parents.first
                    var parent: GitRepository.PathIDs?
                    if let p = parentID {
                        if let ids = known[p] {
                            parent = ids
                        } else {
                            let parentCommit = try repository.lookupCommit(p)
                            read[p] = parentCommit
                            parent = repository.pathIDs(names: names, root: parentCommit.treeID)
                        }
                    }
                    if var p = parent {
                        if try !repository.sameEntry(&mine, &p) {
                            let blob = try repository.blob(of: &mine)
                            if try !takenFromAnotherParent(commit.parents, blob: blob, path: report.storedPath) {
                                entries.append(
                                    LogEntry(
                                        commit: commit.info, reports: [report], blob: blob,
                                        parentBlob: try repository.blob(of: &p)))
                            }
                        }
                        parent = p
                    } else if let blob = try repository.blob(of: &mine) {
                        entries.append(LogEntry(commit: commit.info, reports: [report], blob: blob, parentBlob: nil))
                    }
                    if let parentID, let parent { known[parentID] = parent }
                } else {
                    let info = try repository.commitInfo(id)
                    // A merge lists only the reports it changed itself, not those it took from another parent.
                    var touched: [ReportPath] = []
                    for path in try repository.changedPaths(in: id).compactMap(ReportPath.init(storedPath:)) {
                        if info.parents.count > 1,
                            try takenFromAnotherParent(
                                info.parents, blob: try repository.blobID(at: path.storedPath, in: id),
                                path: path.storedPath)
                        {
                            continue
                        }
                        touched.append(path)
                    }
                    entries.append(LogEntry(commit: info, reports: touched.sorted(), blob: nil, parentBlob: nil))
                }
                return limit.map { entries.count < $0 } ?? true
            }
        } catch {
            throw describe(any: error, while: "log")
        }
        return entries
    }

    /// The file keeping the branch's ``ChangeIndex`` (a cache, see there).
    package var changeIndexFile: String { repository.gitDirectory + "vault-log-index" }

    /// `log(report)` of the branch through its change index: only the commits the index says
    /// changed the report's path are read, and kept when the blob at the path differs from
    /// their first parent's, as the walk in ``log(_:limit:from:)`` decides. Nil (the caller
    /// walks instead) when there is no index for `tip` and none can be kept — the git
    /// directory is read-only — or the history can't be read whole to make one: the walk
    /// reads only the report's own path.
    private func logFromIndex(_ report: ReportPath, limit: Int?, tip: ObjectID) throws(VaultError) -> [LogEntry]? {
        guard let index = usableChangeIndex(tip: tip) else { return nil }
        var entries: [LogEntry] = []
        let names = report.storedPath.split(separator: "/").map(String.init)
        do {
            // A revision's parent is usually the next revision: its path ids, read for the
            // comparison, are kept for then.
            var known: [ObjectID: GitRepository.PathIDs] = [:]
            for id in index.commits(changing: report.storedPath) {
                if let limit, entries.count >= limit { break }
                let commit = try repository.lookupCommit(id)
                var mine = known.removeValue(forKey: id) ?? repository.pathIDs(names: names, root: commit.treeID)
                let blob = try repository.blob(of: &mine)
                var parentBlob: ObjectID?
                if let parent = commit.parents.first {
                    var ids = repository.pathIDs(names: names, root: try repository.lookupCommit(parent).treeID)
                    parentBlob = try repository.blob(of: &ids)
                    known[parent] = ids
                }
                if blob != parentBlob, try !takenFromAnotherParent(commit.parents, blob: blob, path: report.storedPath)
                {
                    entries.append(LogEntry(commit: commit.info, reports: [report], blob: blob, parentBlob: parentBlob))
                }
            }
        } catch {
            throw describe(any: error, while: "log")
        }
        return entries
    }

    /// Whether a merge took the report as it was in one of its other parents (not the first):
    /// then the merge made no change of its own to it, the commit that did is in that
    /// parent's history — as `git log` and `git blame` see a merge that is the same as a parent.
    func takenFromAnotherParent(_ parents: [ObjectID], blob: ObjectID?, path: String) throws -> Bool {
        guard parents.count > 1 else { return false }
        for other in parents.dropFirst() where try repository.blobID(at: path, in: other) == blob { return true }
        return false
    }

    /// The report as stored at the tip, or — when the tip no longer has it (deleted) — as it
    /// was last stored, before the commit that deleted it.
    public func latestVersion(of path: ReportPath) throws(VaultError) -> StoredReport {
        do { return try show(path) } catch {
            guard case .reportDeleted = error,
                let deletion = try log(path, limit: 50).first(where: { $0.blob == nil && $0.parentBlob != nil }),
                let parent = deletion.commit.parents.first
            else { throw error }
            return try show(path, at: parent.hex)
        }
    }

    /// Reports the branch's history holds that its tip no longer does (deleted), newest
    /// deletion first; from the change index (empty when it cannot be had).
    public func deletedReports() -> [ReportPath] {
        guard let tip = try? tipOrNil(), let index = usableChangeIndex(tip: tip) else { return [] }
        return index.paths.compactMap { ReportPath(storedPath: $0) }.filter {
            (try? repository.blobID(at: $0.storedPath, in: tip)) == nil
        }
    }

    /// The branch's change index for `tip`: the file's, or made (and kept) when the git
    /// directory can be written to and the history read; nil otherwise.
    private func usableChangeIndex(tip: ObjectID) -> ChangeIndex? {
        let saved = ChangeIndex.load(from: changeIndexFile)
        if let saved, saved.tip == tip { return saved }
        guard FileManager.default.isWritableFile(atPath: repository.gitDirectory) else { return nil }
        return try? repository.changeIndex(at: tip, cachedIn: changeIndexFile, loaded: saved)
    }

    func tipOrNil() throws(VaultError) -> ObjectID? {
        do { return try repository.branchTip(branch) } catch { throw describe(error, while: "read \(branch)") }
    }

    // MARK: - Tags

    /// Freezes a revision as an annotated tag whose message records every report's
    /// path, digest and (with a `checker`) how many check findings it has; with `signingKey`,
    /// the tag carries an SSH signature (SSHSIG, namespace `git`) that `git tag -v` checks.
    /// The tag's reference and its ledger entry are written in one locked ref transaction.
    /// Never moves or replaces an existing tag.
    public func tag(
        _ name: String, at revision: String, reports named: [ReportPath]? = nil, message: String, tagger: GitSignature,
        checker: ReportCheck? = nil,
        signingKey: SSHSigningKey? = nil, force: Bool = false
    ) throws(VaultError) -> TagResult {
        guard GitRepository.isValidTagName(name) else {
            throw .invalidTagName(name: name)
        }
        if (try? repository.tag(named: name)) != nil {
            throw .tagExists(name: name)
        }
        if (try? repository.referenceTarget(Self.withdrawnRef(name))) != nil {
            throw .tagWasWithdrawn(name: name)
        }
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .emptyTagMessage
        }
        // git reads a line starting -----BEGIN … as the start of a signature.
        if let line = message.split(separator: "\n").first(where: { $0.hasPrefix("-----BEGIN ") }) {
            throw .tagMessageLooksSigned(line: String(line))
        }
        // refs/tags/a and refs/tags/a/b can't both exist: refused before anything is written.
        let existing = try self.tags().map(\.name)
        if let other = existing.first(where: { $0.hasPrefix(name + "/") || name.hasPrefix($0 + "/") }) {
            throw .tagNameCollides(name: name, other: other)
        }
        let commit = try resolve(revision)
        let (chosen, choice) = try submissionReports(at: commit, named: named, tag: name)
        // A report returned for correction and not changed since is submitted only on purpose
        // (--force), and the ledger entry says so.
        var returned: [String] = []
        for review in try reviews() where chosen.contains(review.report) && review.state == .returned {
            guard let verdict = review.verdict,
                try show(review.report, at: commit.hex).blob == verdict.blob
            else { continue }
            guard force else {
                throw .tagReturnedReport(
                    report: review.report.description, by: verdict.author, date: String(verdict.date.prefix(10)),
                    text: verdict.text)
            }
            returned.append(review.report.storedPath)
        }
        var digests: [(ReportPath, String)] = []
        var lines: [LedgerEntry.ReportLine] = []
        for path in chosen {
            let report = try show(path, at: commit.hex).report
            var line = report.digest
            var counts = (errors: 0, warnings: 0)
            if let checker {
                let findings: [Finding]
                do { findings = try checker.findings(for: report.value) } catch {
                    throw .inFile(file: "\(commit.short):\(path.storedPath)", error)
                }
                counts.errors = findings.filter { $0.severity == .error }.count
                counts.warnings = findings.count - counts.errors
                line += " findings: \(counts.errors) errors, \(counts.warnings) warnings"
            }
            digests.append((path, line))
            lines.append(
                .init(path: path.storedPath, digest: report.digest, errors: counts.errors, warnings: counts.warnings))
        }
        var text = message.trimmingCharacters(in: .newlines) + "\n\nReports:\n"
        for (path, digest) in digests { text += "\(path.storedPath) \(digest)\n" }
        var bytes = GitRepository.tagObjectBytes(name: name, target: commit, tagger: tagger, message: text)
        if let signingKey {
            do { bytes += Array(try SSHSignature.sign(bytes, with: signingKey).armored.utf8) } catch {
                throw VaultError(error)
            }
        }
        let id: ObjectID
        do { id = try repository.writeTagObject(bytes) } catch { throw describe(error, while: "tag \(name)") }
        var entry = LedgerEntry(tag: name, tagObject: id, target: commit, date: tagger.isoDate, reports: lines)
        entry.returned = returned
        try recordTag(entry, by: tagger)
        let all = try reports(at: commit.hex).map(\.path)
        return TagResult(
            tag: id, commit: commit, reports: zip(chosen, lines).map { ($0, $1) }, choice: choice,
            left: all.filter { !chosen.contains($0) }, returned: returned.compactMap { ReportPath(storedPath: $0) })
    }

    /// What `vault tag` made: the tag object, the commit, each report it submits with its
    /// digest and findings, how those reports were chosen and which of the revision's it left out.
    public struct TagResult: Sendable {
        public var tag: ObjectID
        public var commit: ObjectID
        public var reports: [(path: ReportPath, line: LedgerEntry.ReportLine)]
        public var choice: SubmissionChoice
        public var left: [ReportPath]
        /// Reports submitted with --force although returned for correction and unchanged since.
        public var returned: [ReportPath] = []
    }

    /// How a submission's reports were chosen.
    public enum SubmissionChoice: Sendable {
        /// The clerk named them.
        case named
        /// The revision holds the reports of one unit only: all of them.
        case oneUnit
        /// None named: the reports changed since the submission that last covered them
        /// (or never submitted).
        case changedSinceSubmission
    }

    /// The reports a submission of `commit` covers: those `named` (each must be in the
    /// revision), else every report when they are all one unit's, else the ones whose stored
    /// form differs from the newest submission that covered them.
    func submissionReports(
        at commit: ObjectID, named: [ReportPath]?, tag: String
    ) throws(VaultError) -> ([ReportPath], SubmissionChoice) {
        let all = try reports(at: commit.hex)
        if let named {
            for path in named where !all.contains(where: { $0.path == path }) {
                throw .reportNotAt(report: path.description, revision: commit.short, commit: commit.short)
            }
            return (all.map(\.path).filter { named.contains($0) }, .named)
        }
        guard !all.isEmpty else { throw .nothingNewToSubmit(name: tag) }
        if Set(all.map(\.path.unitName)).count <= 1 { return (all.map(\.path), .oneUnit) }
        let submitted = try submittedBlobs()
        let changed = all.filter { submitted[$0.path.storedPath] != $0.blob }.map(\.path)
        guard !changed.isEmpty else { throw .nothingNewToSubmit(name: tag) }
        return (changed, .changedSinceSubmission)
    }

    /// Each report's stored blob in the newest submission that covers it.
    func submittedBlobs() throws(VaultError) -> [String: ObjectID] {
        let covered = try submissionCoverage()
        var blobs: [String: ObjectID] = [:]
        for tag in try tags().sorted(by: { ($0.tagger?.time ?? 0) > ($1.tagger?.time ?? 0) }) {
            for (path, blob) in try reports(at: tag.target.hex) where blobs[path.storedPath] == nil {
                if let set = covered[tag.name], !set.contains(path.storedPath) { continue }
                blobs[path.storedPath] = blob
            }
        }
        return blobs
    }

    /// The stored paths each submission of the ledger covers, by tag name. A tag the ledger
    /// does not hold (made with plain git) covers every report of its commit.
    public func submissionCoverage() throws(VaultError) -> [String: Set<String>] {
        var covered: [String: Set<String>] = [:]
        for entry in try ledger() where entry.withdrawal == nil {
            covered[entry.tag] = Set(entry.reports.map(\.path))
        }
        return covered
    }

    /// Every tag, by name.
    public func tags() throws(VaultError) -> [TagInfo] {
        do { return try repository.tags() } catch { throw describe(error, while: "list tags") }
    }

    // MARK: - Errors

    /// A failure inside a walk or a commit, whose closures throw the vault's errors and whose
    /// own steps throw libgit2's.
    package func describe(any error: any Error, while doing: String) -> VaultError {
        if let error = error as? VaultError { return error }
        if let error = error as? GitError { return describe(error, while: doing) }
        return .git(doing: doing, operation: "", code: 0, detail: "\(error)")
    }

    /// Turns a libgit2 failure into a message a clerk can act on.
    package func describe(_ error: GitError, while doing: String) -> VaultError {
        if error.code == GitError.Code.afterCommit {
            return .committedBut(commit: error.operation, detail: error.message)
        }
        if error.code == GitError.Code.locked {
            return .locked(doing: doing, gitDirectory: repository.gitDirectory, detail: error.message)
        }
        if error.code == GitError.Code.modified {
            return .branchKeptMoving(doing: doing)
        }
        if error.klass == GitError.Class.os {
            return .cannotWriteVault(doing: doing, path: path, detail: error.message)
        }
        return .git(doing: doing, operation: error.operation, code: error.code, detail: error.message)
    }
}
