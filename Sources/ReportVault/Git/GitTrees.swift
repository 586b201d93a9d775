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

// MARK: - One path through successive commits

extension GitRepository {
    /// The ids along one path (`reports/2024/x.json`) in successive commits, read only as far
    /// as needed: ``sameEntry(_:_:)`` compares two commits level by level, as git compares
    /// subtree ids, and opens a tree only where the level above it differs.
    struct PathIDs {
        /// The path's names, folders first.
        let names: [String]
        /// The root tree id, then the id of each name as far as read (`.some(nil)`: absent).
        fileprivate(set) var ids: [ObjectID?]

        init(names: [String], root: ObjectID) {
            self.names = names
            ids = [root]
        }
    }

    /// The ids of `path`'s levels in the commit whose root tree is `root` (nothing read yet).
    func pathIDs(_ path: String, root: ObjectID) -> PathIDs {
        PathIDs(names: path.split(separator: "/").map(String.init), root: root)
    }

    /// Whether the blob at the path is the same in `a` and `b` (both absent counts as the same),
    /// reading trees only below the first level where the ids differ.
    func sameEntry(_ a: inout PathIDs, _ b: inout PathIDs) throws(GitError) -> Bool {
        var level = 0
        while true {
            let x = try id(at: level, of: &a)
            let y = try id(at: level, of: &b)
            if x == y { return true }
            if level == a.names.count { return false }
            level += 1
        }
    }

    /// The blob id at the path (nil: none), reading what is still unread.
    func blob(of ids: inout PathIDs) throws(GitError) -> ObjectID? {
        try id(at: ids.names.count, of: &ids)
    }

    /// The id at `level` (0: the root tree; `names.count`: the blob), read from the level above.
    private func id(at level: Int, of p: inout PathIDs) throws(GitError) -> ObjectID? {
        while p.ids.count <= level {
            let depth = p.ids.count
            guard let parent = p.ids[depth - 1] else {
                p.ids.append(nil)
                continue
            }
            let tree = try lookupTree(parent)
            let isLast = depth == p.names.count
            let found: ObjectID? = p.names[depth - 1].withCString { name in
                guard let entry = git_tree_entry_byname(tree.pointer, name) else { return nil }
                let type = git_tree_entry_type(entry)
                guard type == (isLast ? GIT_OBJECT_BLOB : GIT_OBJECT_TREE) else { return nil }
                return ObjectID(git_tree_entry_id(entry).pointee)
            }
            p.ids.append(found)
        }
        return p.ids[level]
    }
}
