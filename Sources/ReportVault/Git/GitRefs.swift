import CGit2

/// One move of a reference, as its reflog recorded it.
package struct RefMove: Sendable {
    /// The commit before (nil when the reference was created) and after the move.
    package var old: ObjectID?
    package var new: ObjectID?
    package var committer: GitSignature
    package var message: String
}

/// A tag: the tag object (nil for a lightweight tag), the commit it names, tagger and message.
public struct TagInfo: Sendable {
    public var name: String
    public var tagObject: ObjectID?
    public var target: ObjectID
    public var tagger: GitSignature?
    public var message: String
}

// MARK: - References

extension GitRepository {
    /// The object `reference` points at, nil when it does not exist.
    package func referenceTarget(_ reference: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, reference)
        if code == GitError.Code.notFound { return nil }
        try check(code, "git_reference_name_to_id(\(reference))")
        return ObjectID(oid)
    }

    /// The commit a branch points at, or nil when the branch has no commit yet.
    package func branchTip(_ branch: String) throws(GitError) -> ObjectID? {
        try referenceTarget(branch)
    }

    /// Points `branch` at `new` only if it still points at `old` (nil: only if it does not exist).
    package func moveBranch(_ branch: String, from old: ObjectID?, to new: ObjectID, message: String) throws(GitError) {
        // Never a reference to an object that is not on disk (a write that failed silently).
        guard objectIsStored(new) else {
            throw GitError(
                code: GitError.Code.generic, klass: GitError.Class.os, message: "object \(new) was not written",
                operation: "git_reference_create_matching(\(branch))")
        }
        var newOID = new.oid
        // The zero id as the expected old value means "must not exist yet".
        var oldOID = old?.oid ?? git_oid()
        // The moved reference's handle is not needed: its owner frees it at once.
        _ = GitReference(
            try Libgit2.holdingSignals { () throws(GitError) in
                try acquire("git_reference_create_matching(\(branch))") {
                    git_reference_create_matching(&$0, handle, branch, &newOID, 1, &oldOID, message)
                }
            }
        )
    }

    /// Every reference: its full name and the object it points at (symbolic refs resolved).
    package func references() throws(GitError) -> [(name: String, target: ObjectID)] {
        var names = git_strarray()
        try check(git_reference_list(&names, handle), "git_reference_list")
        defer { git_strarray_dispose(&names) }
        var out: [(String, ObjectID)] = []
        for i in 0..<names.count {
            let name = String(cString: names.strings[i]!)
            var oid = git_oid()
            if git_reference_name_to_id(&oid, handle, name) == 0 {
                out.append((name, ObjectID(oid)))
            } else {
                git_error_clear()
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Creates the reference `name` → `target` only if it does not exist yet.
    package func createReference(_ name: String, to target: ObjectID, message: String) throws(GitError) {
        var oid = target.oid
        _ = GitReference(
            try Libgit2.holdingSignals { () throws(GitError) in
                try acquire("git_reference_create(\(name))") {
                    git_reference_create(&$0, handle, name, &oid, 0, message)
                }
            })
    }

    /// Sets `name` to `target` whatever it holds now (a repair puts back a reflog's value).
    package func setReference(_ name: String, to target: ObjectID, message: String) throws(GitError) {
        var oid = target.oid
        _ = GitReference(
            try Libgit2.holdingSignals { () throws(GitError) in
                try acquire("git_reference_create(\(name))") {
                    git_reference_create(&$0, handle, name, &oid, 1, message)
                }
            })
    }

    /// Deletes `reference`, whatever it names.
    package func deleteReference(_ reference: String) throws(GitError) {
        let ref = GitReference(
            try acquire("git_reference_lookup(\(reference))") { git_reference_lookup(&$0, handle, reference) })
        _ = try Libgit2.holdingSignals { () throws(GitError) in
            try check(git_reference_delete(ref.pointer), "git_reference_delete(\(reference))")
        }
    }

    /// Deletes `reference` only if it still points at `expected`.
    package func deleteReference(_ reference: String, expected: ObjectID) throws(GitError) {
        let ref = GitReference(
            try acquire("git_reference_lookup(\(reference))") { git_reference_lookup(&$0, handle, reference) })
        guard ref.target == expected else {
            throw GitError(
                code: GitError.Code.modified, klass: 0, message: "\(reference) moved meanwhile",
                operation: "git_reference_delete")
        }
        _ = try Libgit2.holdingSignals { () throws(GitError) in
            try check(git_reference_delete(ref.pointer), "git_reference_delete(\(reference))")
        }
    }

    /// The recorded moves of `reference`, newest first; empty when it has no reflog.
    package func reflog(_ reference: String) throws(GitError) -> [RefMove] {
        GitReflog(try acquire("git_reflog_read(\(reference))") { git_reflog_read(&$0, handle, reference) }).moves
    }
}

// MARK: - Tags

extension GitRepository {
    /// Whether git accepts `name` as a tag name (`refs/tags/<name>` is a valid reference name).
    package static func isValidTagName(_ name: String) -> Bool {
        Libgit2.ensureInitialized()
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, "refs/tags/" + name) == 0 && valid == 1
    }

    /// Creates the annotated tag `name` on commit `target`. Never moves an existing tag:
    /// throws ``GitError`` with code `GIT_EEXISTS` when the name is taken.
    func createTag(name: String, target: ObjectID, tagger: GitSignature, message: String) throws(GitError) -> ObjectID {
        var targetOID = target.oid
        let object = GitObject(
            try acquire("git_object_lookup(\(target))") {
                git_object_lookup(&$0, handle, &targetOID, GIT_OBJECT_COMMIT)
            })
        var oid = git_oid()
        try tagger.withGitSignature { sig throws(GitError) in
            try check(git_tag_create(&oid, handle, name, object.pointer, sig, message, 0), "git_tag_create(\(name))")
        }
        return ObjectID(oid)
    }

    /// Every tag, sorted by name: annotated tags with tagger and message, lightweight ones without.
    package func tags() throws(GitError) -> [TagInfo] {
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
    /// The annotated tag object `object` read as tag `name`, or nil when it is not a tag object.
    package func tagInfo(object: ObjectID, name: String) -> TagInfo? {
        var oid = object.oid
        guard let tag = try? GitTag(acquire("git_tag_lookup") { git_tag_lookup(&$0, handle, &oid) }),
            let target = try? GitObject(acquire("git_tag_peel(\(name))") { git_tag_peel(&$0, tag.pointer) })
        else {
            git_error_clear()
            return nil
        }
        return TagInfo(name: name, tagObject: object, target: target.id, tagger: tag.tagger, message: tag.message)
    }

    package func tag(named name: String) throws(GitError) -> TagInfo {
        var oid = git_oid()
        try check(
            git_reference_name_to_id(&oid, handle, "refs/tags/" + name), "git_reference_name_to_id(refs/tags/\(name))")
        guard let tag = try? GitTag(acquire("git_tag_lookup") { git_tag_lookup(&$0, handle, &oid) }) else {
            // A lightweight tag: the reference names the commit itself.
            git_error_clear()
            return TagInfo(name: name, tagObject: nil, target: ObjectID(oid), tagger: nil, message: "")
        }
        let target = GitObject(try acquire("git_tag_peel(\(name))") { git_tag_peel(&$0, tag.pointer) })
        return TagInfo(
            name: name, tagObject: ObjectID(oid), target: target.id, tagger: tag.tagger, message: tag.message)
    }
}
