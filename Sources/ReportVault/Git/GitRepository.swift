import CGit2

/// An open git repository, the store under a vault.
///
/// This type and its extensions (GitObjects, GitRevisions, GitCommits, GitRefs, GitTrees,
/// GitConfig, GitWorkTree, GitMerge) are the only place where ReportVault calls libgit2 on a repository.
/// Every libgit2 handle obtained there is held by an owner (GitHandles.swift) that frees it;
/// the repository handle itself is owned by this object.
///
/// Not `Sendable`: libgit2 objects must not be used by two threads at once,
/// so the compiler keeps a `GitRepository` on the task that opened it.
package final class GitRepository {
    let handle: OpaquePointer
    /// The branch that HEAD names, e.g. `refs/heads/main`, even when it has no commit yet.
    package let headBranch: String

    private init(handle: OpaquePointer) {
        self.handle = handle
        let head = try? GitReference(
            acquire("git_reference_lookup(HEAD)") { git_reference_lookup(&$0, handle, "HEAD") })
        headBranch = head?.symbolicTarget ?? "refs/heads/main"
    }

    deinit { git_repository_free(handle) }

    // MARK: - Opening

    /// Creates a repository at `path` (and its parent folders), bare or with a work tree,
    /// whose HEAD names `initialBranch`.
    package static func create(
        at path: String, bare: Bool, initialBranch: String = "main"
    ) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        let repository = GitRepository(
            handle: try acquire("git_repository_init_ext(\(path))") { repo in
                initialBranch.withCString { branch in
                    options.initial_head = branch
                    return git_repository_init_ext(&repo, path, &options)
                }
            }
        )
        // Every move of every ref is logged, bare vaults included, so that `vault verify`
        // can tell when a branch lost commits; Chinese paths print as they are in git output.
        try repository.setConfig("core.logAllRefUpdates", "always")
        try repository.setConfig("core.quotePath", "false")
        // Marks the repository as a vault, so that it is found from its folders even with no
        // report left on its branch.
        try repository.setConfig("vault.version", "1")
        // A server vault refuses a push that would drop revisions (git's own check of branches;
        // the vault's hook checks too, since configuration can be changed).
        if bare {
            try repository.setConfig("receive.denyNonFastForwards", "true")
            // git itself refuses malformed objects (`..` or `.git` in a tree, bad dates, …).
            try repository.setConfig("receive.fsckObjects", "true")
        }
        return repository
    }

    /// Opens the repository at exactly `path` (a work tree, its `.git`, or a bare
    /// repository); parent folders are not searched.
    package static func open(at path: String) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        return GitRepository(
            handle: try acquire("git_repository_open_ext(\(path))") {
                git_repository_open_ext(&$0, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
            }
        )
    }

    /// Opens the repository at `path` or in the nearest parent folder that holds one, as git
    /// finds it when run from a subfolder.
    package static func discover(from path: String) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        return GitRepository(
            handle: try acquire("git_repository_open_ext(\(path))") { git_repository_open_ext(&$0, path, 0, nil) })
    }

    /// Opens the repository a git server process (a hook) works on, as git's environment
    /// describes it: `GIT_DIR` (else `path`), and `GIT_OBJECT_DIRECTORY` with
    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES` — in `pre-receive` the pushed objects wait in a
    /// quarantine folder that only these variables name, so a repository opened any other way
    /// cannot read them. libgit2's ownership check is turned off for the process: git has
    /// already chosen to serve this repository and runs the hook on it, possibly as another
    /// user than the repository's owner, and the hook reads only.
    package static func openFromGitEnvironment(at path: String) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        _ = cgit2_set_owner_validation(0)
        return GitRepository(
            handle: try acquire("git_repository_open_ext(\(path), FROM_ENV)") {
                git_repository_open_ext(&$0, path, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
            }
        )
    }

    /// Whether the repository has no work tree.
    package var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// The repository's git folder (`.git/` or the bare repository itself).
    package var gitDirectory: String { String(cString: git_repository_path(handle)) }
}
