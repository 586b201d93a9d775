import CGit2

// MARK: - Trees

extension GitRepository {
    func lookupTree(_ id: ObjectID) throws(GitError) -> GitTree {
        var oid = id.oid
        return GitTree(try acquire("git_tree_lookup(\(id))") { git_tree_lookup(&$0, handle, &oid) })
    }

    /// The root tree of `commit`.
    func tree(of commit: ObjectID) throws(GitError) -> GitTree {
        let c = try lookupCommit(commit)
        return GitTree(try acquire("git_commit_tree(\(commit))") { git_commit_tree(&$0, c.pointer) })
    }

    /// The id of the blob at `path` in `commit`'s tree, or nil when there is none.
    func blobID(at path: String, in commit: ObjectID) throws(GitError) -> ObjectID? {
        guard let entry = try tree(of: commit).entry(at: path), entry.type == GIT_OBJECT_BLOB else { return nil }
        return entry.id
    }

    /// Whether `commit`'s tree has a folder at `path`.
    func hasFolder(_ path: String, in commit: ObjectID) throws(GitError) -> Bool {
        try tree(of: commit).entry(at: path)?.type == GIT_OBJECT_TREE
    }

    /// Every blob under folder `prefix` (e.g. `reports`) in `commit`'s tree, with its
    /// full path, sorted by path. Empty when the folder does not exist.
    func blobs(under prefix: String, in commit: ObjectID) throws(GitError) -> [(path: String, id: ObjectID)] {
        guard let entry = try tree(of: commit).entry(at: prefix), entry.type == GIT_OBJECT_TREE else { return [] }
        var result: [(path: String, id: ObjectID)] = []
        try collectBlobs(entry.id, path: prefix, into: &result)
        return result.sorted { $0.path < $1.path }
    }

    private func collectBlobs(_ treeID: ObjectID, path: String, into result: inout [(path: String, id: ObjectID)]) throws(GitError) {
        for entry in try lookupTree(treeID).entries {
            switch entry.type {
            case GIT_OBJECT_TREE: try collectBlobs(entry.id, path: path + "/" + entry.name, into: &result)
            case GIT_OBJECT_BLOB: result.append((path + "/" + entry.name, entry.id))
            default: break
            }
        }
    }
}
