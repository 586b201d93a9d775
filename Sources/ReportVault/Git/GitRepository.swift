import CGit2
#if canImport(Glibc)
    import Glibc
#endif

/// An open git repository, the store under a vault.
///
/// This is the only place where ReportVault calls libgit2 on a repository.
/// Every libgit2 handle obtained here is freed before the method returns,
/// except the repository handle itself, which this object owns.
///
/// Not `Sendable`: libgit2 objects must not be used by two threads at once,
/// so the compiler keeps a `GitRepository` on the task that opened it.
final class GitRepository {
    typealias Handle = OpaquePointer

    let handle: Handle
    /// The branch that HEAD names, e.g. `refs/heads/main`, even when it has no commit yet.
    let headBranch: String

    private init(handle: Handle) throws(GitError) {
        self.handle = handle
        var head: OpaquePointer?
        if git_reference_lookup(&head, handle, "HEAD") == 0, let head,
            git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head)
        {
            headBranch = String(cString: target)
        } else {
            headBranch = "refs/heads/main"
        }
        git_reference_free(head)
    }

    deinit { git_repository_free(handle) }

    // MARK: - Opening

    /// Creates a repository at `path` (and its parent folders), bare or with a work tree,
    /// whose HEAD names `initialBranch`.
    static func create(at path: String, bare: Bool, initialBranch: String = "main") throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        var repo: OpaquePointer?
        let code = initialBranch.withCString { branch in
            options.initial_head = branch
            return git_repository_init_ext(&repo, path, &options)
        }
        try check(code, "git_repository_init_ext(\(path))")
        let repository = try GitRepository(handle: repo!)
        // Every move of every ref is logged, bare vaults included, so that `vault verify`
        // can tell when a branch lost commits; Chinese paths print as they are in git output.
        try repository.setConfig("core.logAllRefUpdates", "always")
        try repository.setConfig("core.quotePath", "false")
        // Marks the repository as a vault, so that it is found from its folders even with no
        // report left on its branch.
        try repository.setConfig("vault.version", "1")
        return repository
    }

    /// Opens the repository at exactly `path` (a work tree, its `.git`, or a bare
    /// repository); parent folders are not searched.
    static func open(at path: String) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "git_repository_open_ext(\(path))")
        return try GitRepository(handle: repo!)
    }

    /// Opens the repository at `path` or in the nearest parent folder that holds one, as git
    /// finds it when run from a subfolder.
    static func discover(from path: String) throws(GitError) -> GitRepository {
        Libgit2.ensureInitialized()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, 0, nil), "git_repository_open_ext(\(path))")
        return try GitRepository(handle: repo!)
    }

    /// Whether the repository has no work tree.
    var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// The repository's git folder (`.git/` or the bare repository itself).
    var gitDirectory: String { String(cString: git_repository_path(handle)) }

    // MARK: - Blobs

    /// Writes `bytes` as a blob and returns its id (nothing is written when it already exists).
    func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, handle, $0.baseAddress, $0.count) }
        try check(code, "git_blob_create_from_buffer")
        return ObjectID(oid)
    }

    /// The id `bytes` would have as a blob, without writing anything.
    static func blobID(of bytes: [UInt8]) throws(GitError) -> ObjectID {
        Libgit2.ensureInitialized()
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        try check(code, "git_odb_hash")
        return ObjectID(oid)
    }

    /// The content of blob `id`.
    func readBlob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &oid), "git_blob_lookup(\(id))")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    // MARK: - Revisions

    /// The commit a revision names (git syntax: `HEAD~2`, a tag, an id prefix, a branch).
    func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), "git_revparse_single(\(revision))")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel(\(revision))")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The commit a branch points at, or nil when the branch has no commit yet.
    func branchTip(_ branch: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, branch)
        if code == GitError.Code.notFound { return nil }
        try check(code, "git_reference_name_to_id(\(branch))")
        return ObjectID(oid)
    }

    /// The id of the blob at `path` in `commit`'s tree, or nil when there is none.
    func blobID(at path: String, in commit: ObjectID) throws(GitError) -> ObjectID? {
        try withCommit(commit) { c throws(GitError) in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, c), "git_commit_tree(\(commit))")
            defer { git_tree_free(tree) }
            return try entryID(at: path, in: tree!)
        }
    }

    /// Whether `commit`'s tree has a folder at `path`.
    func hasFolder(_ path: String, in commit: ObjectID) throws(GitError) -> Bool {
        try withCommit(commit) { c throws(GitError) in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, c), "git_commit_tree(\(commit))")
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, tree, path)
            if code == GitError.Code.notFound { return false }
            try check(code, "git_tree_entry_bypath(\(path))")
            defer { git_tree_entry_free(entry) }
            return git_tree_entry_type(entry) == GIT_OBJECT_TREE
        }
    }

    private func entryID(at path: String, in tree: OpaquePointer) throws(GitError) -> ObjectID? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GitError.Code.notFound { return nil }
        try check(code, "git_tree_entry_bypath(\(path))")
        // > git_tree_entry_bypath: "Unlike the other lookup functions, the returned tree
        // > entry is owned by the user and must be freed explicitly" (git2/tree.h)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry).pointee)
    }

    /// Author, committer, message and parents of a commit.
    func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try withCommit(id) { c in
            var parents: [ObjectID] = []
            for i in 0..<git_commit_parentcount(c) {
                parents.append(ObjectID(git_commit_parent_id(c, i).pointee))
            }
            return CommitInfo(
                id: id,
                author: GitSignature(git_commit_author(c)),
                committer: GitSignature(git_commit_committer(c)),
                message: String(cString: git_commit_message(c)),
                parents: parents,
                tree: ObjectID(git_commit_tree_id(c).pointee)
            )
        }
    }

    private func withCommit<R>(_ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> R) throws(GitError) -> R {
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup(\(id))")
        defer { git_commit_free(commit) }
        return try body(commit!)
    }

    /// Calls `body` with each commit reachable from `start`, newest first
    /// (topological, then by time), until `body` returns false.
    func walk(from start: ObjectID, _ body: (ObjectID) throws -> Bool) throws {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        // One call with both flags: a second call would replace the first.
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        var oid = start.oid
        try check(git_revwalk_push(walker, &oid), "git_revwalk_push(\(start))")
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walker)
            if code == GitError.Code.iterationOver { return }
            try check(code, "git_revwalk_next")
            if try !body(ObjectID(next)) { return }
        }
    }

    /// The paths of blobs added, modified or deleted by `commit` relative to its
    /// first parent (all its blobs for a root commit). Identical subtrees are skipped
    /// by id, so the cost follows the size of the change, not of the repository.
    func changedPaths(in commit: ObjectID) throws(GitError) -> [String] {
        try changes(in: commit).map(\.path)
    }

    /// Like ``changedPaths(in:)``, saying for each path whether the commit deleted it.
    func changes(in commit: ObjectID) throws(GitError) -> [(path: String, deleted: Bool)] {
        try changes(from: try commitInfo(commit).parents.first, to: commit)
    }

    /// The blob paths that differ between two commits' trees (`old` nil: every path of `new`),
    /// saying for each whether `new` deleted it.
    func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [(path: String, deleted: Bool)] {
        guard old != new else { return [] }
        let newTree = try lookupTree(try commitInfo(new).tree)
        defer { git_tree_free(newTree) }
        let oldTree: OpaquePointer? = try old.map { id throws(GitError) in try lookupTree(try commitInfo(id).tree) }
        defer { git_tree_free(oldTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, nil), "git_diff_tree_to_tree(\(new))")
        defer { git_diff_free(diff) }
        var paths: [(String, Bool)] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i) else { continue }
            let deleted = delta.pointee.status == GIT_DELTA_DELETED
            paths.append((String(cString: (deleted ? delta.pointee.old_file : delta.pointee.new_file).path), deleted))
        }
        return paths
    }

    func lookupTree(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), "git_tree_lookup(\(id))")
        return tree!
    }

    // MARK: - Committing

    /// Commits `updates` (a nil blob removes the path) on top of `tip`, the commit `branch` is
    /// expected to point at (nil: the branch has no commit yet), and moves the branch there by
    /// compare-and-swap. One attempt: when another writer moved the branch in between it throws
    /// `GIT_EMODIFIED`, when one holds its lock `GIT_ELOCKED` — the caller decides whether to
    /// try again. Returns nil, writing nothing to the branch, when the updates leave `tip`'s
    /// tree unchanged.
    func commit(
        updates: [(path: String, blob: ObjectID?)], on branch: String, onto tip: ObjectID?, message: String, author: GitSignature, committer: GitSignature
    ) throws(GitError) -> ObjectID? {
        let baseTree: OpaquePointer? = try tip.map { id throws(GitError) in try lookupTree(try commitInfo(id).tree) }
        defer { git_tree_free(baseTree) }
        let treeID = try updatedTree(baseTree, updates)
        if let baseTree, git_oid_equal(git_tree_id(baseTree), [treeID.oid]) == 1 { return nil }
        let commitID = try createCommit(tree: treeID, parent: tip, message: message, author: author, committer: committer)
        try moveBranch(branch, from: tip, to: commitID, message: "commit: \(firstLine(message))")
        return commitID
    }

    /// The tree `base` with each path set to its blob, or removed where the blob is nil.
    private func updatedTree(_ base: OpaquePointer?, _ updates: [(path: String, blob: ObjectID?)]) throws(GitError) -> ObjectID {
        // The path strings must stay alive during git_tree_create_updated.
        let paths = updates.map { strdup($0.path)! }
        defer { paths.forEach { free($0) } }
        var gitUpdates = updates.enumerated().map { i, update in
            update.blob.map { git_tree_update(action: GIT_TREE_UPDATE_UPSERT, id: $0.oid, filemode: GIT_FILEMODE_BLOB, path: paths[i]) }
                ?? git_tree_update(action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), filemode: GIT_FILEMODE_BLOB, path: paths[i])
        }
        var oid = git_oid()
        try check(git_tree_create_updated(&oid, handle, base, gitUpdates.count, &gitUpdates), "git_tree_create_updated")
        return ObjectID(oid)
    }

    private func createCommit(tree: ObjectID, parent: ObjectID?, message: String, author: GitSignature, committer: GitSignature) throws(GitError) -> ObjectID {
        let gitTree = try lookupTree(tree)
        defer { git_tree_free(gitTree) }
        var parentCommit: OpaquePointer?
        if let parent {
            var oid = parent.oid
            try check(git_commit_lookup(&parentCommit, handle, &oid), "git_commit_lookup(\(parent))")
        }
        defer { git_commit_free(parentCommit) }
        var oid = git_oid()
        try author.withGitSignature { a throws(GitError) in
            try committer.withGitSignature { c throws(GitError) in
                var parents: [OpaquePointer?] = parentCommit.map { [$0] } ?? []
                try check(
                    git_commit_create(&oid, handle, nil, a, c, nil, message, gitTree, parents.count, &parents),
                    "git_commit_create"
                )
            }
        }
        return ObjectID(oid)
    }

    /// Writes a commit of `updates` on top of `parent` without moving any reference; nil when
    /// the updates leave the parent's tree unchanged. Used by bulk loading.
    func commitObject(
        updates: [(path: String, blob: ObjectID)], parent: ObjectID?, message: String, author: GitSignature, committer: GitSignature
    ) throws(GitError) -> ObjectID? {
        let baseTree: OpaquePointer? = try parent.map { id throws(GitError) in try lookupTree(try commitInfo(id).tree) }
        defer { git_tree_free(baseTree) }
        let treeID = try updatedTree(baseTree, updates.map { ($0.path, $0.blob) })
        if let baseTree, git_oid_equal(git_tree_id(baseTree), [treeID.oid]) == 1 { return nil }
        return try createCommit(tree: treeID, parent: parent, message: message, author: author, committer: committer)
    }

    /// Points `branch` at `new` only if it still points at `old` (nil: only if it does not exist).
    func moveBranch(_ branch: String, from old: ObjectID?, to new: ObjectID, message: String) throws(GitError) {
        var newOID = new.oid
        // The zero id as the expected old value means "must not exist yet".
        var oldOID = old?.oid ?? git_oid()
        var ref: OpaquePointer?
        try check(git_reference_create_matching(&ref, handle, branch, &newOID, 1, &oldOID, message), "git_reference_create_matching(\(branch))")
        git_reference_free(ref)
    }

    // MARK: - Tags

    /// Whether git accepts `name` as a tag name (`refs/tags/<name>` is a valid reference name).
    static func isValidTagName(_ name: String) -> Bool {
        Libgit2.ensureInitialized()
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, "refs/tags/" + name) == 0 && valid == 1
    }

    /// Creates the annotated tag `name` on commit `target`. Never moves an existing tag:
    /// throws ``GitError`` with code `GIT_EEXISTS` when the name is taken.
    func createTag(name: String, target: ObjectID, tagger: GitSignature, message: String) throws(GitError) -> ObjectID {
        var targetOID = target.oid
        var object: OpaquePointer?
        try check(git_object_lookup(&object, handle, &targetOID, GIT_OBJECT_COMMIT), "git_object_lookup(\(target))")
        defer { git_object_free(object) }
        var oid = git_oid()
        try tagger.withGitSignature { sig throws(GitError) in
            try check(git_tag_create(&oid, handle, name, object, sig, message, 0), "git_tag_create(\(name))")
        }
        return ObjectID(oid)
    }

    /// Every tag, sorted by name: annotated tags with tagger and message, lightweight ones without.
    func tags() throws(GitError) -> [TagInfo] {
        var names = git_strarray()
        try check(git_tag_list(&names, handle), "git_tag_list")
        defer { git_strarray_dispose(&names) }
        var result: [TagInfo] = []
        for i in 0..<names.count {
            let name = String(cString: names.strings[i]!)
            result.append(try tag(named: name))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The tag `name` (without `refs/tags/`).
    func tag(named name: String) throws(GitError) -> TagInfo {
        var oid = git_oid()
        try check(git_reference_name_to_id(&oid, handle, "refs/tags/" + name), "git_reference_name_to_id(refs/tags/\(name))")
        var tag: OpaquePointer?
        if git_tag_lookup(&tag, handle, &oid) == 0 {
            defer { git_tag_free(tag) }
            var target: OpaquePointer?
            try check(git_tag_peel(&target, tag), "git_tag_peel(\(name))")
            defer { git_object_free(target) }
            return TagInfo(
                name: name,
                tagObject: ObjectID(oid),
                target: ObjectID(git_object_id(target).pointee),
                tagger: git_tag_tagger(tag).map { GitSignature($0) },
                message: git_tag_message(tag).map { String(cString: $0) } ?? ""
            )
        }
        git_error_clear()
        return TagInfo(name: name, tagObject: nil, target: ObjectID(oid), tagger: nil, message: "")
    }

    // MARK: - Configuration

    /// Sets a key in the repository's own configuration (`.git/config`).
    func setConfig(_ key: String, _ value: String) throws(GitError) {
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "git_repository_config")
        defer { git_config_free(config) }
        try check(git_config_set_string(config, key, value), "git_config_set_string(\(key))")
    }

    /// A string from the repository's git configuration (repository, global, system), if set.
    func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else {
            git_error_clear()
            return nil
        }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else {
            git_error_clear()
            return nil
        }
        return String(cString: value)
    }
}

/// A commit's metadata.
public struct CommitInfo: Sendable {
    public var id: ObjectID
    public var author: GitSignature
    public var committer: GitSignature
    public var message: String
    public var parents: [ObjectID]
    public var tree: ObjectID
}

/// A tag: the tag object (nil for a lightweight tag), the commit it names, tagger and message.
public struct TagInfo: Sendable {
    public var name: String
    public var tagObject: ObjectID?
    public var target: ObjectID
    public var tagger: GitSignature?
    public var message: String
}

func firstLine(_ message: String) -> String {
    String(message.prefix { $0 != "\n" })
}

// MARK: - Listing trees

extension GitRepository {
    /// Every blob under folder `prefix` (e.g. `reports`) in `commit`'s tree, with its
    /// full path, sorted by path. Empty when the folder does not exist.
    func blobs(under prefix: String, in commit: ObjectID) throws(GitError) -> [(path: String, id: ObjectID)] {
        let root = try lookupTree(try commitInfo(commit).tree)
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, prefix)
        if code == GitError.Code.notFound { return [] }
        try check(code, "git_tree_entry_bypath(\(prefix))")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return [] }
        var result: [(path: String, id: ObjectID)] = []
        try collectBlobs(ObjectID(git_tree_entry_id(entry).pointee), path: prefix, into: &result)
        return result.sorted { $0.path < $1.path }
    }

    private func collectBlobs(_ treeID: ObjectID, path: String, into result: inout [(path: String, id: ObjectID)]) throws(GitError) {
        let tree = try lookupTree(treeID)
        defer { git_tree_free(tree) }
        for i in 0..<git_tree_entrycount(tree) {
            // Entries from git_tree_entry_byindex belong to the tree: not freed here.
            guard let entry = git_tree_entry_byindex(tree, i) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let id = ObjectID(git_tree_entry_id(entry).pointee)
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE: try collectBlobs(id, path: path + "/" + name, into: &result)
            case GIT_OBJECT_BLOB: result.append((path + "/" + name, id))
            default: break
            }
        }
    }
}
