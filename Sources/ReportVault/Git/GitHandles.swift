import CGit2

// Owners of libgit2 handles. Each holds one handle of one libgit2 type and frees it in
// `deinit`, so every handle is freed exactly once and a tree cannot be passed where a commit
// is expected. What a handle lends (a blob's bytes, a tree's entries, a commit's author) is
// copied out by the owner's own members, while the owner is alive. Pointers that belong to
// another handle (entries of `git_tree_entry_byindex`, of a reflog, of a diff) are never wrapped.

/// Calls a libgit2 function that hands a new handle out through its first argument; throws
/// ``GitError`` when it fails.
func acquire(
    _ operation: @autoclosure () -> String, _ call: (inout OpaquePointer?) -> Int32
) throws(GitError) -> OpaquePointer {
    var handle: OpaquePointer?
    try check(call(&handle), operation())
    return handle!
}

/// Like ``acquire(_:_:)``, but nil when libgit2 says `GIT_ENOTFOUND`.
func acquireIfFound(
    _ operation: @autoclosure () -> String, _ call: (inout OpaquePointer?) -> Int32
) throws(GitError) -> OpaquePointer? {
    var handle: OpaquePointer?
    let code = call(&handle)
    if code == GitError.Code.notFound {
        git_error_clear()
        return nil
    }
    try check(code, operation())
    return handle!
}

/// A reference (`git_reference`).
final class GitReference {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_reference_free(pointer) }

    /// The object a direct reference points at; nil for a symbolic one.
    var target: ObjectID? { git_reference_target(pointer).map { ObjectID($0.pointee) } }

    /// The reference a symbolic reference names; nil for a direct one.
    var symbolicTarget: String? {
        guard git_reference_type(pointer) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return git_reference_symbolic_target(pointer).map { String(cString: $0) }
    }
}

/// An object of any type (`git_object`), as revision parsing and peeling return it.
final class GitObject {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_object_free(pointer) }

    var id: ObjectID { ObjectID(git_object_id(pointer).pointee) }
}

/// A commit (`git_commit`).
package final class GitCommit {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_commit_free(pointer) }

    package var treeID: ObjectID { ObjectID(git_commit_tree_id(pointer).pointee) }

    package var parents: [ObjectID] {
        (0..<git_commit_parentcount(pointer)).map { ObjectID(git_commit_parent_id(pointer, $0).pointee) }
    }

    /// The author alone (``info`` copies the message too).
    var author: GitSignature { GitSignature(git_commit_author(pointer)) }

    /// Author, committer, message, parents and tree, copied out.
    package var info: CommitInfo {
        CommitInfo(
            id: ObjectID(git_commit_id(pointer).pointee),
            author: GitSignature(git_commit_author(pointer)),
            committer: GitSignature(git_commit_committer(pointer)),
            message: String(cString: git_commit_message(pointer)),
            parents: parents,
            tree: treeID
        )
    }
}

/// A tree (`git_tree`).
package final class GitTree {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }

    var id: ObjectID { ObjectID(git_tree_id(pointer).pointee) }

    /// The entry at `path` (`a/b/c`, looked up through subtrees); nil when there is none.
    func entry(at path: String) throws(GitError) -> GitTreeEntry? {
        // > git_tree_entry_bypath: "Unlike the other lookup functions, the returned tree
        // > entry is owned by the user and must be freed explicitly" (git2/tree.h)
        try acquireIfFound("git_tree_entry_bypath(\(path))") { git_tree_entry_bypath(&$0, pointer, path) }.map(
            GitTreeEntry.init)
    }

    /// The tree's own entries (not those of its subtrees), copied out.
    package var entries: [(name: String, id: ObjectID, type: git_object_t)] {
        (0..<git_tree_entrycount(pointer)).compactMap { i in
            // Entries from git_tree_entry_byindex belong to the tree: not freed here.
            guard let entry = git_tree_entry_byindex(pointer, i) else { return nil }
            return (
                String(cString: git_tree_entry_name(entry)), ObjectID(git_tree_entry_id(entry).pointee),
                git_tree_entry_type(entry)
            )
        }
    }
}

/// A tree entry the caller owns (`git_tree_entry`, from ``GitTree/entry(at:)``).
final class GitTreeEntry {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_entry_free(pointer) }

    var id: ObjectID { ObjectID(git_tree_entry_id(pointer).pointee) }
    var type: git_object_t { git_tree_entry_type(pointer) }
}

/// A blob (`git_blob`).
final class GitBlob {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_blob_free(pointer) }

    /// The content, copied out.
    var bytes: [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
        return copiedBytes(raw, size)
    }
}

/// An annotated tag object (`git_tag`).
final class GitTag {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tag_free(pointer) }

    var tagger: GitSignature? { git_tag_tagger(pointer).map { GitSignature($0) } }
    var message: String { git_tag_message(pointer).map { String(cString: $0) } ?? "" }
}

/// A walk over commits (`git_revwalk`).
final class GitRevwalk {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_revwalk_free(pointer) }
}

/// The differences between two trees (`git_diff`).
final class GitDiff {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_diff_free(pointer) }

    /// Each changed file's path (the old one for a deletion) and whether it was deleted.
    var changes: [(path: String, deleted: Bool)] {
        (0..<git_diff_num_deltas(pointer)).compactMap { i in
            guard let delta = git_diff_get_delta(pointer, i) else { return nil }
            let deleted = delta.pointee.status == GIT_DELTA_DELETED
            return (String(cString: (deleted ? delta.pointee.old_file : delta.pointee.new_file).path), deleted)
        }
    }
}

/// A configuration, or a snapshot of one (`git_config`).
final class GitConfig {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_config_free(pointer) }
}

/// The repository's index (`git_index`).
final class GitIndex {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }
}

/// A reference's log (`git_reflog`).
final class GitReflog {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_reflog_free(pointer) }

    /// The recorded moves, newest first, copied out.
    var moves: [RefMove] {
        (0..<git_reflog_entrycount(pointer)).compactMap { i in
            // Entries belong to the reflog: not freed here.
            guard let entry = git_reflog_entry_byindex(pointer, i) else { return nil }
            let old = ObjectID(git_reflog_entry_id_old(entry).pointee)
            let new = ObjectID(git_reflog_entry_id_new(entry).pointee)
            let message = git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""
            return RefMove(
                old: old.isZero ? nil : old, new: new.isZero ? nil : new,
                committer: GitSignature(git_reflog_entry_committer(entry)), message: message)
        }
    }
}

/// The repository's object database (`git_odb`).
final class GitObjectDatabase {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }
}

/// An object as read raw from the object database (`git_odb_object`).
final class GitRawObject {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_object_free(pointer) }

    var type: git_object_t { git_odb_object_type(pointer) }
}

/// References locked together to be moved together (`git_transaction`).
final class GitTransaction {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    // > git_transaction_free: "If any references remain locked, they will be unlocked without
    // > any changes made to them." (git2/transaction.h)
    deinit { git_transaction_free(pointer) }
}

/// `count` bytes at `start` copied into an array with one `memcpy` (an array made from a raw
/// buffer copies byte by byte).
func copiedBytes(_ start: UnsafeRawPointer, _ count: Int) -> [UInt8] {
    guard count > 0 else { return [] }
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        buffer.baseAddress!.update(from: start.assumingMemoryBound(to: UInt8.self), count: count)
        initialized = count
    }
}
