import CGit2

// MARK: - Blobs

extension GitRepository {
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
        return GitBlob(try acquire("git_blob_lookup(\(id))") { git_blob_lookup(&$0, handle, &oid) }).bytes
    }
}

// MARK: - Reading every reachable object back

extension GitRepository {
    /// Reads every object reachable from every reference through the object database, which
    /// re-hashes each one (strict hash verification is on), and returns how many were read and
    /// the ones that could not be read or did not match their id.
    func readAllReachableObjects() throws(GitError) -> (count: Int, problems: [Message]) {
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
        // Checked before they are queued: a tree of 2,000 reports is visited once, not once
        // per commit that contains it.
        var seen = Set<ObjectID>()
        var problems: [Message] = []
        var pending: [(ObjectID, Message.Value)] = []
        func enqueue(_ id: ObjectID, _ via: @autoclosure () -> Message.Value) {
            if seen.insert(id).inserted { pending.append((id, via())) }
        }
        for ref in try references() { enqueue(ref.target, .text(ref.name)) }

        while let (id, via) = pending.popLast() {
            var oid = id.oid
            let type: git_object_t
            do {
                type = GitRawObject(try acquire("git_odb_read") { git_odb_read(&$0, odb.pointer, &oid) }).type
            } catch {
                problems.append(Message("verify.objectUnreadable", ["object": .text(id.hex), "via": via, "problem": .text(error.message)]))
                git_error_clear()
                continue
            }
            // Follow links with the parsed object.
            let parsed: GitObject
            do {
                parsed = GitObject(try acquire("git_object_lookup") { git_object_lookup(&$0, handle, &oid, type) })
            } catch {
                problems.append(Message("verify.objectUnparsable", ["object": .text(id.hex), "via": via, "problem": .text(error.message)]))
                git_error_clear()
                continue
            }
            // A parsed object of type COMMIT, TREE or TAG is a git_commit, git_tree or git_tag.
            switch type {
            case GIT_OBJECT_COMMIT:
                enqueue(ObjectID(git_commit_tree_id(parsed.pointer).pointee), .message(Message("verify.viaCommit", ["id": .text(id.short)])))
                for i in 0..<git_commit_parentcount(parsed.pointer) {
                    enqueue(ObjectID(git_commit_parent_id(parsed.pointer, i).pointee), .message(Message("verify.viaCommit", ["id": .text(id.short)])))
                }
            case GIT_OBJECT_TREE:
                for i in 0..<git_tree_entrycount(parsed.pointer) {
                    guard let entry = git_tree_entry_byindex(parsed.pointer, i), git_tree_entry_type(entry) != GIT_OBJECT_COMMIT else { continue }
                    enqueue(ObjectID(git_tree_entry_id(entry).pointee), .message(Message("verify.viaTree", ["id": .text(id.short)])))
                }
            case GIT_OBJECT_TAG:
                enqueue(ObjectID(git_tag_target_id(parsed.pointer).pointee), .message(Message("verify.viaTag", ["id": .text(id.short)])))
            default:
                break
            }
        }
        return (seen.count, problems)
    }
}
