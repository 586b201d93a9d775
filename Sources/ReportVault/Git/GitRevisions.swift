import CGit2

// MARK: - Revisions and walks

extension GitRepository {
    /// The commit a revision names (git syntax: `HEAD~2`, a tag, an id prefix, a branch).
    package func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        let object = GitObject(
            try acquire("git_revparse_single(\(revision))") { git_revparse_single(&$0, handle, revision) })
        return GitObject(
            try acquire("git_object_peel(\(revision))") { git_object_peel(&$0, object.pointer, GIT_OBJECT_COMMIT) }
        ).id
    }

    /// Calls `body` with each commit reachable from `start`, newest first
    /// (topological, then by time), until `body` returns false.
    package func walk(from start: ObjectID, _ body: (ObjectID) throws -> Bool) throws {
        let walker = GitRevwalk(try acquire("git_revwalk_new") { git_revwalk_new(&$0, handle) })
        // One call with both flags: a second call would replace the first.
        try check(
            git_revwalk_sorting(walker.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
            "git_revwalk_sorting")
        var oid = start.oid
        try check(git_revwalk_push(walker.pointer, &oid), "git_revwalk_push(\(start))")
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walker.pointer)
            if code == GitError.Code.iterationOver { return }
            try check(code, "git_revwalk_next")
            if try !body(ObjectID(next)) { return }
        }
    }

    /// The commit `id` names, through any tags; nil when it names no commit (a tag of a tree
    /// or a blob) or is not in the repository.
    package func peeledCommit(_ id: ObjectID) -> ObjectID? {
        var oid = id.oid
        guard
            let object = try? GitObject(
                acquire("git_object_lookup(\(id))") { git_object_lookup(&$0, handle, &oid, GIT_OBJECT_ANY) }),
            let commit = try? GitObject(
                acquire("git_object_peel(\(id))") { git_object_peel(&$0, object.pointer, GIT_OBJECT_COMMIT) })
        else {
            git_error_clear()
            return nil
        }
        return commit.id
    }

    /// The commits reachable from `tip` but from none of `known` (as `git rev-list TIP --not
    /// KNOWN…`), newest first. A known commit the repository does not have is skipped.
    package func commits(from tip: ObjectID, excluding known: [ObjectID]) throws(GitError) -> [ObjectID] {
        let walker = GitRevwalk(try acquire("git_revwalk_new") { git_revwalk_new(&$0, handle) })
        try check(
            git_revwalk_sorting(walker.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
            "git_revwalk_sorting")
        var start = tip.oid
        try check(git_revwalk_push(walker.pointer, &start), "git_revwalk_push(\(tip))")
        for id in known {
            var oid = id.oid
            if git_revwalk_hide(walker.pointer, &oid) < 0 { git_error_clear() }
        }
        var out: [ObjectID] = []
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walker.pointer)
            if code == GitError.Code.iterationOver { return out }
            try check(code, "git_revwalk_next")
            out.append(ObjectID(next))
        }
    }

    /// Whether `ancestor` is `commit` or reachable from it.
    package func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws(GitError) -> Bool {
        if ancestor == commit { return true }
        var a = commit.oid, b = ancestor.oid
        let result = git_graph_descendant_of(handle, &a, &b)
        if result < 0 { try check(result, "git_graph_descendant_of") }
        return result == 1
    }

    /// The paths of blobs added, modified or deleted by `commit` relative to its
    /// first parent (all its blobs for a root commit). Identical subtrees are skipped
    /// by id, so the cost follows the size of the change, not of the repository.
    package func changedPaths(in commit: ObjectID) throws(GitError) -> [String] {
        try changes(in: commit).map(\.path)
    }

    /// Like ``changedPaths(in:)``, saying for each path whether the commit deleted it.
    package func changes(in commit: ObjectID) throws(GitError) -> [(path: String, deleted: Bool)] {
        try changes(from: try lookupCommit(commit).parents.first, to: commit)
    }

    /// The blob paths that differ between two commits' trees (`old` nil: every path of `new`),
    /// saying for each whether `new` deleted it.
    package func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [(path: String, deleted: Bool)] {
        guard old != new else { return [] }
        let newTree = try tree(of: new)
        let oldTree = try old.map { id throws(GitError) in try tree(of: id) }
        return GitDiff(
            try acquire("git_diff_tree_to_tree(\(new))") {
                git_diff_tree_to_tree(&$0, handle, oldTree?.pointer, newTree.pointer, nil)
            }
        ).changes
    }
}
