import CGit2
import Crypto

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

// MARK: - Trees

extension GitRepository {
    package func lookupTree(_ id: ObjectID) throws(GitError) -> GitTree {
        var oid = id.oid
        return GitTree(try acquire("git_tree_lookup(\(id))") { git_tree_lookup(&$0, handle, &oid) })
    }

    /// The root tree of `commit`.
    func tree(of commit: ObjectID) throws(GitError) -> GitTree {
        let c = try lookupCommit(commit)
        return GitTree(try acquire("git_commit_tree(\(commit))") { git_commit_tree(&$0, c.pointer) })
    }

    /// The id of the blob at `path` in `commit`'s tree, or nil when there is none.
    package func blobID(at path: String, in commit: ObjectID) throws(GitError) -> ObjectID? {
        guard let entry = try tree(of: commit).entry(at: path), entry.type == GIT_OBJECT_BLOB else { return nil }
        return entry.id
    }

    /// Whether `commit`'s tree has a folder at `path`.
    package func hasFolder(_ path: String, in commit: ObjectID) throws(GitError) -> Bool {
        try tree(of: commit).entry(at: path)?.type == GIT_OBJECT_TREE
    }

    /// Every blob under folder `prefix` (e.g. `reports`) in `commit`'s tree, with its
    /// full path, sorted by path. Empty when the folder does not exist.
    package func blobs(under prefix: String, in commit: ObjectID) throws(GitError) -> [(path: String, id: ObjectID)] {
        guard let entry = try tree(of: commit).entry(at: prefix), entry.type == GIT_OBJECT_TREE else { return [] }
        var result: [(path: String, id: ObjectID)] = []
        try collectBlobs(entry.id, path: prefix, into: &result)
        return result.sorted { $0.path < $1.path }
    }

    private func collectBlobs(
        _ treeID: ObjectID, path: String, into result: inout [(path: String, id: ObjectID)]
    ) throws(GitError) {
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
    package struct PathIDs {
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
        pathIDs(names: path.split(separator: "/").map(String.init), root: root)
    }

    /// The same for a path already cut into its names (a walk over many commits cuts it once).
    package func pathIDs(names: [String], root: ObjectID) -> PathIDs {
        PathIDs(names: names, root: root)
    }

    /// Whether the blob at the path is the same in `a` and `b` (both absent counts as the same),
    /// reading trees only below the first level where the ids differ.
    package func sameEntry(_ a: inout PathIDs, _ b: inout PathIDs) throws(GitError) -> Bool {
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
    package func blob(of ids: inout PathIDs) throws(GitError) -> ObjectID? {
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

// MARK: - What a commit deleted

extension GitRepository {
    /// The blob paths under `folder` (e.g. `reports`) that `commit` deleted from its first
    /// parent's tree (none for a root commit), as `git diff-tree` would list them without
    /// rename detection: an entry gone, or replaced by one of another kind (a folder, a link).
    /// Trees are compared by id level by level and opened only where they differ, instead of a
    /// whole tree diff per commit. `memo` keeps the trees this call opened, for the next call:
    /// walking a branch, a commit's parent tree is the next commit's own.
    package func deletedPaths(
        under folder: String, in commit: ObjectID, memo: inout TreeMemo
    ) throws(GitError) -> [String] {
        // Walking a branch, this commit was read a moment ago as the last one's parent.
        let own: (tree: ObjectID, parents: [ObjectID])
        if let known = memo.commit, known.id == commit {
            own = (known.tree, known.parents)
        } else {
            let c = try lookupCommit(commit)
            own = (c.treeID, c.parents)
        }
        memo.commit = nil
        guard let parentID = own.parents.first else { return [] }
        let parent = try lookupCommit(parentID)
        memo.commit = (parentID, parent.treeID, parent.parents)
        return try deletedPaths(under: folder, tree: own.tree, parentTree: parent.treeID, memo: &memo)
    }

    /// The same for a commit whose root tree and whose first parent's root tree are known.
    package func deletedPaths(
        under folder: String, tree own: ObjectID, parentTree: ObjectID, memo: inout TreeMemo
    ) throws(GitError) -> [String] {
        var opened: [ObjectID: GitTree] = [:]
        defer { memo.trees = opened }
        func tree(_ id: ObjectID) throws(GitError) -> GitTree {
            if let t = opened[id] ?? memo.trees[id] {
                opened[id] = t
                return t
            }
            let t = try lookupTree(id)
            opened[id] = t
            return t
        }
        func subtree(_ name: String, in id: ObjectID?) throws(GitError) -> ObjectID? {
            guard let id else { return nil }
            let t = try tree(id)
            return name.withCString { cName in
                guard let entry = git_tree_entry_byname(t.pointer, cName), git_tree_entry_type(entry) == GIT_OBJECT_TREE
                else { return nil }
                return ObjectID(git_tree_entry_id(entry).pointee)
            }
        }
        var old: ObjectID? = parentTree
        var new: ObjectID? = own
        for name in folder.split(separator: "/").map(String.init) {
            guard old != nil, old != new else { return [] }
            old = try subtree(name, in: old)
            new = try subtree(name, in: new)
        }
        guard let old else { return [] }
        var deleted: [String] = []
        let leafNames = memo.leafNames
        func compare(_ old: ObjectID, _ new: ObjectID?, prefix: String) throws(GitError) {
            guard old != new else { return }
            // The same names of the same kinds, no folders: nothing deleted.
            if let new, let a = leafNames[old], a == leafNames[new] { return }
            let before = try tree(old)
            let after = try new.map { id throws(GitError) in try tree(id) }
            let count = git_tree_entrycount(before.pointer)
            // Usually the same names of the same kinds, in the same order, some with new ids:
            // nothing deleted here, and only the folders whose ids changed are looked into.
            if let after, git_tree_entrycount(after.pointer) == count {
                var sameNames = true
                for i in 0..<count {
                    guard let a = git_tree_entry_byindex(before.pointer, i),
                        let b = git_tree_entry_byindex(after.pointer, i),
                        strcmp(git_tree_entry_name(a), git_tree_entry_name(b)) == 0,
                        Self.entryKind(git_tree_entry_filemode(a)) == Self.entryKind(git_tree_entry_filemode(b))
                    else {
                        sameNames = false
                        break
                    }
                }
                if sameNames {
                    for i in 0..<count {
                        let a = git_tree_entry_byindex(before.pointer, i)!,
                            b = git_tree_entry_byindex(after.pointer, i)!
                        guard git_tree_entry_filemode(a) == GIT_FILEMODE_TREE,
                            git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) == 0
                        else { continue }
                        try compare(
                            ObjectID(git_tree_entry_id(a).pointee), ObjectID(git_tree_entry_id(b).pointee),
                            prefix: prefix + String(cString: git_tree_entry_name(a)) + "/")
                    }
                    return
                }
            }
            for i in 0..<count {
                guard let entry = git_tree_entry_byindex(before.pointer, i) else { continue }
                var name: String { String(cString: git_tree_entry_name(entry)) }  // made only when needed
                let kind = Self.entryKind(git_tree_entry_filemode(entry))
                let counterpart = after.flatMap { t in git_tree_entry_byname(t.pointer, git_tree_entry_name(entry)) }
                let counterpartKind = counterpart.map { Self.entryKind(git_tree_entry_filemode($0)) }
                if kind == .folder {
                    let newSub =
                        counterpartKind == .folder ? counterpart.map { ObjectID(git_tree_entry_id($0).pointee) } : nil
                    try compare(ObjectID(git_tree_entry_id(entry).pointee), newSub, prefix: prefix + name + "/")
                } else if counterpartKind != kind {
                    deleted.append(prefix + name)
                }
            }
        }
        try compare(old, new, prefix: folder + "/")
        return deleted
    }

    /// Trees one call of ``deletedPaths(under:in:memo:)`` opened, kept for the next.
    package struct TreeMemo {
        fileprivate var trees: [ObjectID: GitTree] = [:]
        /// The last call's parent: the commit the next call is likely about.
        fileprivate var commit: (id: ObjectID, tree: ObjectID, parents: [ObjectID])?
        /// Digests of the names and kinds in trees without folders, by tree id, from
        /// ``readAllReachableObjects(handing:to:)``: two such trees with the same digest
        /// are not read to be compared.
        package var leafNames: [ObjectID: SHA256Digest] = [:]

        package init() {}
    }

    /// What a tree entry is, as far as a diff tells a change from a deletion and an addition.
    enum EntryKind {
        case folder, file, link, submodule

        /// The kind as one byte, written after a name and its NUL in a digest.
        var code: UInt8 {
            switch self {
            case .folder: 0
            case .file: 1
            case .link: 2
            case .submodule: 3
            }
        }
    }

    static func entryKind(_ mode: git_filemode_t) -> EntryKind {
        switch mode {
        case GIT_FILEMODE_TREE: .folder
        case GIT_FILEMODE_LINK: .link
        case GIT_FILEMODE_COMMIT: .submodule
        default: .file
        }
    }
}
