import CGit2
import CGit2Startup
import Dispatch
import VaultJSON

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Keeping a non-bare repository's index and work tree in step with its branch, as git
/// itself does after a commit, without ever overwriting a file the user edited.
extension GitRepository {
    /// The work tree folder (with a trailing `/`), nil for a bare repository.
    package var workDirectory: String? { git_repository_workdir(handle).map { String(cString: $0) } }

    /// Where the commit the work tree was last brought to is recorded.
    var syncedRecord: String { gitDirectory + "vault-worktree-synced" }

    /// The commit the work tree was last brought to by the vault, if recorded and present.
    var syncedCommit: ObjectID? {
        guard let bytes = FileBytes.read(syncedRecord),
            let id = ObjectID(hex: String(decoding: bytes.prefix(40), as: UTF8.self)),
            (try? commitInfo(id)) != nil
        else { return nil }
        return id
    }

    /// Brings the work tree's `reports/` and their index entries to the tip of `branch` (read
    /// afresh: call it inside ``withWorkTreeLock(_:)`` so that concurrent commits end with the
    /// newest tip). Only the reports that changed since the commit the work tree was last
    /// brought to are touched: one still holding that version, or missing, gets the tip's; one
    /// edited by hand is left as it is and its path returned. Their index entries take the
    /// tip's version, so git shows such an edit as an unstaged change and a plain `git commit`
    /// does not undo the vault's commits; every other index entry and file — what the user
    /// staged or keeps beside the reports — is left alone. Does nothing in a bare repository.
    /// `fromScratch` (a fresh clone): the work tree holds nothing yet, every report is written.
    /// `written`: blobs whose bytes the caller has in hand (it just stored them), by id.
    package func updateWorkTree(
        toTipOf branch: String, fromScratch: Bool = false, written: [ObjectID: [UInt8]] = [:]
    ) throws(GitError) -> [String] {
        guard !isBare, let root = workDirectory, let tip = try branchTip(branch) else { return [] }
        let info = try commitInfo(tip)
        // The versions a file may hold and still be the vault's own: the one the work tree was
        // last brought to, and the tip's parent's (what a git reset or checkout left there).
        let known = fromScratch ? [] : [syncedCommit, info.parents.first].compactMap { $0 }
        var paths = Set<String>()
        for commit in known {
            for change in try changes(from: commit, to: tip) where change.path.hasPrefix("reports/") {
                paths.insert(change.path)
            }
        }
        if known.isEmpty {
            for entry in try blobs(under: "reports", in: tip) { paths.insert(entry.path) }
        }
        var conflicts: [String] = []
        let index = GitIndex(try acquire("git_repository_index") { git_repository_index(&$0, handle) })
        try check(git_index_read(index.pointer, 1), "git_index_read")
        for path in paths.sorted() {
            // Never a write outside the work tree or into .git, whatever a tree holds (a fetch
            // refuses such trees first; this is the last line).
            guard Self.isSafePath(path) else { continue }
            let new = try blobID(at: path, in: tip)
            let current = FileBytes.read(root + path).map { bytes in (try? GitRepository.blobID(of: bytes)) ?? new }
            var own: [ObjectID?] = [nil, new]  // two to four: a list (a Set's type costs a lookup at start-up)
            for commit in known { own.append(try blobID(at: path, in: commit)) }
            if let current, !own.contains(current) {
                conflicts.append(path)  // edited by hand: left as it is
            } else if current != new {
                if let new {
                    let bytes: [UInt8]
                    if let known = written[new] { bytes = known } else { bytes = try readBlob(new) }
                    try writeFile(root + path, bytes)
                } else {
                    unlink(root + path)
                }
            }
            // The index entry takes the tip's version, so an edit shows as unstaged.
            if let new {
                let cPath = strdup(path)
                defer { free(cPath) }
                var entry = git_index_entry()
                entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
                entry.id = new.oid
                entry.path = UnsafePointer(cPath)
                try check(git_index_add(index.pointer, &entry), "git_index_add(\(path))")
            } else {
                let code = git_index_remove_bypath(index.pointer, path)
                if code != GitError.Code.notFound { try check(code, "git_index_remove_bypath(\(path))") }
            }
        }
        try check(git_index_write(index.pointer), "git_index_write")
        try recordSynced(tip)
        return conflicts
    }

    /// Replaces the work-tree file at `path` (relative to the work tree) with `bytes`.
    package func replaceWorkTreeFile(_ path: String, with bytes: [UInt8]) throws(GitError) {
        guard let root = workDirectory, Self.isSafePath(path) else { return }
        try writeFile(root + path, bytes)
    }

    /// Writes `bytes` to `path`, creating its folders, through a temporary file and a rename.
    private func writeFile(_ path: String, _ bytes: [UInt8]) throws(GitError) {
        var folder = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            folder += part.isEmpty ? "/" : (folder.hasSuffix("/") || folder.isEmpty ? "" : "/") + part
            if !folder.isEmpty { mkdir(folder, 0o755) }
        }
        let temporary = path + ".vault-tmp"
        guard let file = fopen(temporary, "wb") else {
            throw GitError(
                code: GitError.Code.generic, klass: 0, message: "cannot write \(temporary)", operation: "fopen")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw GitError(code: GitError.Code.generic, klass: 0, message: "cannot write \(path)", operation: "write")
        }
    }

    private func recordSynced(_ commit: ObjectID) throws(GitError) {
        let temporary = syncedRecord + ".tmp"
        guard let file = fopen(temporary, "wb") else {
            throw GitError(
                code: GitError.Code.generic, klass: 0, message: "cannot write \(temporary)", operation: "fopen")
        }
        _ = (commit.hex + "\n").withCString { fputs($0, file) }
        fclose(file)
        guard rename(temporary, syncedRecord) == 0 else {
            throw GitError(
                code: GitError.Code.generic, klass: 0, message: "cannot write \(syncedRecord)", operation: "rename")
        }
    }

    /// Where hard links are not allowed (some network and removable file systems), the lock
    /// is created in place and its holder's id written after: true when it was created.
    private static func createLockInPlace(_ lock: String, _ holder: String) -> Bool {
        let fd = Glibc.open(lock, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard fd >= 0 else { return false }
        _ = holder.withCString { Glibc.write(fd, $0, strlen($0)) }
        Glibc.close(fd)
        return true
    }

    /// Runs `body` holding the vault's work-tree lock (`vault-worktree.lock` in the git
    /// folder): work-tree updates and checks for hand edits run one at a time, so that no
    /// check reads a file another process is writing, and each update reads the tip inside
    /// the lock — the last one leaves the newest tip, whatever order committers arrive in.
    package func withWorkTreeLock<R>(_ body: () throws(GitError) -> R) throws(GitError) -> R {
        guard !isBare else { return try body() }
        // The lock (and the index's, taken inside) is released before a Ctrl-C ends the process.
        vault_signals_hold()
        defer { vault_signals_release() }
        let lock = gitDirectory + "vault-worktree.lock"
        // The lock comes into being with its holder's process id already in it: written to a
        // file of its own, then linked to the lock's name (which fails if the lock exists). A
        // process killed at any moment leaves either no lock or one naming it, never an empty
        // one that no one could tell from a live holder's.
        let own = lock + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let holder = "\(getpid())\n"
        let written = Glibc.open(own, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        guard written >= 0 else {
            throw GitError(
                code: GitError.Code.generic, klass: GitError.Class.os, message: String(cString: strerror(errno)),
                operation: "open \(own)")
        }
        _ = holder.withCString { Glibc.write(written, $0, strlen($0)) }
        Glibc.close(written)
        defer { unlink(own) }
        let deadline = DispatchTime.now().uptimeNanoseconds + 20_000_000_000
        while link(own, lock) != 0 {
            if errno == EPERM || errno == ENOTSUP || errno == ENOSYS || errno == EXDEV,
                Self.createLockInPlace(lock, holder)
            {
                break
            }
            guard errno == EEXIST, DispatchTime.now().uptimeNanoseconds < deadline else {
                throw GitError(
                    code: GitError.Code.locked, klass: 0,
                    message: "held by another process for 20 s; if no vault command is running, remove it",
                    operation: "open \(lock)")
            }
            // The lock names its holder: one left by a process that is gone (killed) is removed,
            // and so is an empty one (left by an older vault, which wrote the id afterwards).
            let text = FileBytes.read(lock).map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if text == "" || text.flatMap({ Int32($0) }).map({ kill($0, 0) != 0 && errno == ESRCH }) == true {
                unlink(lock)
            } else {
                usleep(2_000)
            }
        }
        defer { unlink(lock) }
        return try body()
    }

    /// Whether the work-tree file at `path` holds bytes that are neither `new` nor a version
    /// the vault put there (the one the work tree was last brought to, the branch tip's):
    /// an edit by hand — staged or not — that writing `new` there would destroy.
    package func isEditedByHand(_ path: String, new: ObjectID?, branch: String) throws(GitError) -> Bool {
        guard let root = workDirectory, let bytes = FileBytes.read(root + path) else { return false }
        let id = try GitRepository.blobID(of: bytes)
        guard id != new else { return false }
        for commit in [syncedCommit, try branchTip(branch)].compactMap({ $0 })
        where try blobID(at: path, in: commit) == id { return false }
        return true
    }
}
