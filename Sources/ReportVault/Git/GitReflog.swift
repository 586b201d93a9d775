import CGit2

/// One move of a reference, as its reflog recorded it.
struct RefMove: Sendable {
    /// The commit before (nil when the reference was created) and after the move.
    var old: ObjectID?
    var new: ObjectID?
    var committer: GitSignature
    var message: String
}

extension GitRepository {
    /// The recorded moves of `reference`, newest first; empty when it has no reflog.
    func reflog(_ reference: String) throws(GitError) -> [RefMove] {
        var log: OpaquePointer?
        try check(git_reflog_read(&log, handle, reference), "git_reflog_read(\(reference))")
        defer { git_reflog_free(log) }
        var moves: [RefMove] = []
        for i in 0..<git_reflog_entrycount(log) {
            guard let entry = git_reflog_entry_byindex(log, i) else { continue }
            let old = ObjectID(git_reflog_entry_id_old(entry).pointee)
            let new = ObjectID(git_reflog_entry_id_new(entry).pointee)
            let message = git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""
            moves.append(RefMove(old: old.isZero ? nil : old, new: new.isZero ? nil : new, committer: GitSignature(git_reflog_entry_committer(entry)), message: message))
        }
        return moves
    }

    /// Whether `ancestor` is `commit` or reachable from it.
    func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws(GitError) -> Bool {
        if ancestor == commit { return true }
        var a = commit.oid, b = ancestor.oid
        let result = git_graph_descendant_of(handle, &a, &b)
        if result < 0 { try check(result, "git_graph_descendant_of") }
        return result == 1
    }
}

extension GitRepository {
    /// The object `reference` points at, nil when it does not exist.
    func referenceTarget(_ reference: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, reference)
        if code == GitError.Code.notFound { return nil }
        try check(code, "git_reference_name_to_id(\(reference))")
        return ObjectID(oid)
    }

    /// Deletes `reference` only if it still points at `expected`.
    func deleteReference(_ reference: String, expected: ObjectID) throws(GitError) {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, handle, reference), "git_reference_lookup(\(reference))")
        defer { git_reference_free(ref) }
        guard let current = git_reference_target(ref), ObjectID(current.pointee) == expected else {
            throw GitError(code: GitError.Code.modified, klass: 0, message: "\(reference) moved meanwhile", operation: "git_reference_delete")
        }
        try check(git_reference_delete(ref), "git_reference_delete(\(reference))")
    }
}
