import CGit2

// MARK: - Merging histories

extension GitRepository {
    /// The best common ancestor of two commits, as `git merge-base` finds it; nil when the
    /// histories share no commit (two vaults started apart).
    package func mergeBase(_ one: ObjectID, _ other: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var a = one.oid, b = other.oid
        // > git_merge_base: "Zero on success; GIT_ENOTFOUND or -1 on failure." (git2/merge.h)
        let code = git_merge_base(&out, handle, &a, &b)
        if code == GitError.Code.notFound {
            git_error_clear()
            return nil
        }
        try check(code, "git_merge_base(\(one.short), \(other.short))")
        return ObjectID(out)
    }

    /// Writes a commit of `updates` (a nil blob removes the path) on the tree of the first of
    /// `parents`, with every one of `parents` as a parent, without moving any reference. Unlike
    /// ``commitObject(updates:parent:message:author:committer:)`` it is written even when the
    /// tree does not change: a merge commit records that the other history was taken in.
    package func mergeCommitObject(
        updates: [(path: String, blob: ObjectID?)], parents: [ObjectID], message: String, author: GitSignature,
        committer: GitSignature
    ) throws(GitError) -> ObjectID {
        let commits = try parents.map { id throws(GitError) in try lookupCommit(id) }
        let baseTree = try commits.first.map { c throws(GitError) in try lookupTree(c.treeID) }
        let tree = try lookupTree(try updatedTree(baseTree, updates))
        var oid = git_oid()
        try author.withGitSignature { a throws(GitError) in
            try committer.withGitSignature { c throws(GitError) in
                var pointers: [OpaquePointer?] = commits.map(\.pointer)
                try check(
                    git_commit_create(&oid, handle, nil, a, c, nil, message, tree.pointer, pointers.count, &pointers),
                    "git_commit_create(merge)")
            }
        }
        return ObjectID(oid)
    }

    /// Every reference whose name starts with `prefix`, with the object it points at.
    package func references(under prefix: String) throws(GitError) -> [(name: String, target: ObjectID)] {
        try references().filter { $0.name.hasPrefix(prefix) }
    }
}
