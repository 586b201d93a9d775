import CGit2

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A commit's metadata.
public struct CommitInfo: Sendable {
    public var id: ObjectID
    public var author: GitSignature
    public var committer: GitSignature
    public var message: String
    public var parents: [ObjectID]
    public var tree: ObjectID
}

package func firstLine(_ message: String) -> String {
    String(message.prefix { $0 != "\n" })
}

// MARK: - Commits

extension GitRepository {
    package func lookupCommit(_ id: ObjectID) throws(GitError) -> GitCommit {
        var oid = id.oid
        return GitCommit(try acquire("git_commit_lookup(\(id))") { git_commit_lookup(&$0, handle, &oid) })
    }

    /// Author, committer, message and parents of a commit.
    package func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try lookupCommit(id).info
    }

    /// Commits the updates `makeUpdates` returns (a nil blob removes the path; it writes the
    /// blobs) on top of `tip`, the commit `branch` is expected to point at (nil: the branch has
    /// no commit yet), and moves the branch there by compare-and-swap. The objects written are
    /// durable before the branch names them (``writingObjectsDurably(_:written:)``). One
    /// attempt: when another writer moved the branch in between it throws `GIT_EMODIFIED`, when
    /// one holds its lock `GIT_ELOCKED` — the caller decides whether to try again. Returns nil,
    /// writing nothing to the branch, when the updates leave `tip`'s tree unchanged.
    package func commit(
        on branch: String, onto tip: ObjectID?, message: String, author: GitSignature, committer: GitSignature,
        updates makeUpdates: () throws -> [(path: String, blob: ObjectID?)]
    ) throws -> ObjectID? {
        // The reference store opened first, with fsync as the process chose it: libgit2 notes
        // the setting when it opens the store, and the objects are written with it off.
        _ = try branchTip(branch)
        let written = try writingObjectsDurably {
            () throws -> (id: ObjectID, updates: [(path: String, blob: ObjectID?)])? in
            let updates = try makeUpdates()
            return try newCommit(updates: updates, parent: tip, message: message, author: author, committer: committer)
                .map { ($0, updates) }
        } written: { written throws(GitError) in
            guard let written else { return [] }
            return try objectsWritten(by: written.id, updates: written.updates)
        }
        guard let id = written?.id else { return nil }
        do {
            try moveBranch(branch, from: tip, to: id, message: "commit: \(firstLine(message))")
        } catch {
            // Past the point of no return (the branch was renamed into place, then fsync or the
            // reflog failed): the commit is there, and the error says so.
            if (try? branchTip(branch)) == id {
                throw GitError(
                    code: GitError.Code.afterCommit, klass: error.klass, message: error.message, operation: id.hex)
            }
            throw error
        }
        return id
    }

    /// Writes a commit of `updates` on top of `parent` without moving any reference; nil when
    /// the updates leave the parent's tree unchanged. Used by bulk loading.
    package func commitObject(
        updates: [(path: String, blob: ObjectID)], parent: ObjectID?, message: String, author: GitSignature,
        committer: GitSignature
    ) throws(GitError) -> ObjectID? {
        try newCommit(
            updates: updates.map { ($0.path, $0.blob) }, parent: parent, message: message, author: author,
            committer: committer)
    }

    /// ``commitObject(updates:parent:message:author:committer:)`` with removals (a nil blob).
    package func commitObject(
        withChanges updates: [(path: String, blob: ObjectID?)], parent: ObjectID?, message: String,
        author: GitSignature, committer: GitSignature
    ) throws(GitError) -> ObjectID? {
        try newCommit(updates: updates, parent: parent, message: message, author: author, committer: committer)
    }

    private func newCommit(
        updates: [(path: String, blob: ObjectID?)], parent: ObjectID?, message: String, author: GitSignature,
        committer: GitSignature
    ) throws(GitError) -> ObjectID? {
        let parentCommit = try parent.map { id throws(GitError) in try lookupCommit(id) }
        let baseTree = try parentCommit.map { c throws(GitError) in try lookupTree(c.treeID) }
        let treeID = try updatedTree(baseTree, updates)
        if let baseTree, baseTree.id == treeID { return nil }
        let tree = try lookupTree(treeID)
        var oid = git_oid()
        try author.withGitSignature { a throws(GitError) in
            try committer.withGitSignature { c throws(GitError) in
                var parents: [OpaquePointer?] = parentCommit.map { [$0.pointer] } ?? []
                try check(
                    git_commit_create(&oid, handle, nil, a, c, nil, message, tree.pointer, parents.count, &parents),
                    "git_commit_create")
            }
        }
        return ObjectID(oid)
    }

    /// The tree `base` with each path set to its blob, or removed where the blob is nil.
    func updatedTree(_ base: GitTree?, _ updates: [(path: String, blob: ObjectID?)]) throws(GitError) -> ObjectID {
        // The path strings must stay alive during git_tree_create_updated.
        let paths = updates.map { strdup($0.path)! }
        defer { paths.forEach { free($0) } }
        var gitUpdates = updates.enumerated().map { i, update in
            update.blob.map {
                git_tree_update(action: GIT_TREE_UPDATE_UPSERT, id: $0.oid, filemode: GIT_FILEMODE_BLOB, path: paths[i])
            }
                ?? git_tree_update(
                    action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), filemode: GIT_FILEMODE_BLOB, path: paths[i])
        }
        var oid = git_oid()
        try check(
            git_tree_create_updated(&oid, handle, base?.pointer, gitUpdates.count, &gitUpdates),
            "git_tree_create_updated")
        return ObjectID(oid)
    }
}
