import CGit2
#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Keeping a non-bare repository's index and work tree in step with its branch, as git
/// itself does after a commit, without ever overwriting a file the user edited.
extension GitRepository {
    /// The work tree folder (with a trailing `/`), nil for a bare repository.
    public var workDirectory: String? { git_repository_workdir(handle).map { String(cString: $0) } }

    /// Collects the paths libgit2 reports through a checkout notification.
    private final class NotifiedPaths {
        var paths: [String] = []
    }

    /// Brings the index and the work tree to the tip of `branch` (read afresh: call it inside
    /// ``withWorkTreeLock(_:)`` so that concurrent commits end with the newest tip). A file that still holds the version the
    /// index last recorded, or is missing, gets the tip's; a file edited by hand is left as it
    /// is and its path returned. The index then holds the tip's tree exactly, so git shows
    /// such an edit as an unstaged change and a plain `git commit` does not undo the vault's
    /// commits. Does nothing in a bare repository or on a branch without commits.
    public func updateWorkTree(toTipOf branch: String) throws(GitError) -> [String] {
        guard !isBare else { return [] }
        guard let tip = try branchTip(branch) else { return [] }
        let tree = try lookupTree(try commitInfo(tip).tree)
        defer { git_tree_free(tree) }
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 1), "git_index_read")
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        // SAFE: only files that match the baseline are replaced; RECREATE_MISSING: a deleted
        // file comes back; ALLOW_CONFLICTS: a file edited by hand does not stop the others.
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_RECREATE_MISSING.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        // > baseline_index: expected content of workdir, expressed as an index. (checkout.h)
        // The index holds what the last update wrote: a file that differs from it was edited.
        options.baseline_index = index
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        let notified = NotifiedPaths()
        options.notify_payload = Unmanaged.passUnretained(notified).toOpaque()
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload { Unmanaged<NotifiedPaths>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path)) }
            return 0
        }
        try withExtendedLifetime(notified) { () throws(GitError) in
            try check(git_checkout_tree(handle, tree, &options), "git_checkout_tree")
        }
        try check(git_index_read_tree(index, tree), "git_index_read_tree")
        try check(git_index_write(index), "git_index_write")
        return notified.paths.sorted()
    }

    /// Runs `body` holding the vault's work-tree lock (`vault-worktree.lock` in the git
    /// folder): work-tree updates and checks for hand edits run one at a time, so that no
    /// check reads a file another process is writing, and each update reads the tip inside
    /// the lock — the last one leaves the newest tip, whatever order committers arrive in.
    public func withWorkTreeLock<R>(_ body: () throws(GitError) -> R) throws(GitError) -> R {
        guard !isBare else { return try body() }
        let lock = gitDirectory + "vault-worktree.lock"
        var waited = 0
        var fd = Glibc.open(lock, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        while fd < 0 && errno == EEXIST && waited < 20_000 {
            usleep(2_000)
            waited += 2
            fd = Glibc.open(lock, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        }
        guard fd >= 0 else {
            throw GitError(code: GitError.Code.locked, klass: 0, message: "\(lock) is held by another process; if none is running, remove it", operation: "open")
        }
        defer {
            Glibc.close(fd)
            unlink(lock)
        }
        return try body()
    }

    /// Whether the work-tree file at `path` holds bytes that are neither `new` nor any object
    /// the vault has stored: an edit by hand that writing `new` there would destroy.
    public func isEditedByHand(_ path: String, new: ObjectID) throws(GitError) -> Bool {
        guard let root = workDirectory, let bytes = FileBytes.read(root + path) else { return false }
        let id = try GitRepository.blobID(of: bytes)
        guard id != new else { return false }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 0
    }
}

/// Reading a work-tree file without Foundation.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return out
    }
}
