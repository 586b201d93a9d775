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
    /// the ones that could not be read or did not match their id. Each object is read once:
    /// the content of a blob in `wanted` is handed to `blob` as it is read, so that a caller
    /// checking those blobs need not read them again.
    func readAllReachableObjects(
        handing wanted: Set<ObjectID> = [], to blob: (ObjectID, [UInt8]) -> Void = { _, _ in }
    ) throws(GitError) -> (count: Int, problems: [Message]) {
        // Checked before they are queued: a tree of 2,000 reports is visited once, not once
        // per commit that contains it. What led to an object is kept as the kind of link and
        // the object holding it, and put into words only for an object that fails.
        var seen = Set<ObjectID>()
        var problems: [Message] = []
        var pending: [(id: ObjectID, via: Via)] = []
        func enqueue(_ id: ObjectID, _ via: Via) {
            if seen.insert(id).inserted { pending.append((id, via)) }
        }
        for ref in try references() { enqueue(ref.target, .reference(ref.name)) }

        while let (id, via) = pending.popLast() {
            var oid = id.oid
            // One lookup reads (and re-hashes) the object and parses it; only when it fails is
            // the raw read tried, to tell an unreadable object from an unparsable one.
            var pointer: OpaquePointer?
            let code = git_object_lookup(&pointer, handle, &oid, GIT_OBJECT_ANY)
            guard code == 0, let pointer else {
                let lookupError = GitError.last(code, "git_object_lookup")
                git_error_clear()
                let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
                var raw: OpaquePointer?
                let readCode = git_odb_read(&raw, odb.pointer, &oid)
                if readCode == 0, let raw {
                    git_odb_object_free(raw)
                    problems.append(Message("verify.objectUnparsable", ["object": .text(id.hex), "via": via.value, "problem": .text(lookupError.message)]))
                } else {
                    let readError = GitError.last(readCode, "git_odb_read")
                    problems.append(Message("verify.objectUnreadable", ["object": .text(id.hex), "via": via.value, "problem": .text(readError.message)]))
                }
                git_error_clear()
                continue
            }
            let parsed = GitObject(pointer)
            // A parsed object of type COMMIT, TREE, TAG or BLOB is a git_commit, git_tree, git_tag or git_blob.
            switch git_object_type(pointer) {
            case GIT_OBJECT_COMMIT:
                enqueue(ObjectID(git_commit_tree_id(parsed.pointer).pointee), .commit(id))
                for i in 0..<git_commit_parentcount(parsed.pointer) {
                    enqueue(ObjectID(git_commit_parent_id(parsed.pointer, i).pointee), .commit(id))
                }
            case GIT_OBJECT_TREE:
                for i in 0..<git_tree_entrycount(parsed.pointer) {
                    guard let entry = git_tree_entry_byindex(parsed.pointer, i), git_tree_entry_type(entry) != GIT_OBJECT_COMMIT else { continue }
                    enqueue(ObjectID(git_tree_entry_id(entry).pointee), .tree(id))
                }
            case GIT_OBJECT_TAG:
                enqueue(ObjectID(git_tag_target_id(parsed.pointer).pointee), .tag(id))
            case GIT_OBJECT_BLOB where wanted.contains(id):
                let size = Int(git_blob_rawsize(parsed.pointer))
                if size > 0, let raw = git_blob_rawcontent(parsed.pointer) {
                    blob(id, Array(UnsafeRawBufferPointer(start: raw, count: size)))
                } else {
                    blob(id, [])
                }
            default:
                break
            }
        }
        return (seen.count, problems)
    }

    /// What led the walk to an object: a reference, or a commit, tree or tag naming it.
    private enum Via {
        case reference(String)
        case commit(ObjectID)
        case tree(ObjectID)
        case tag(ObjectID)

        var value: Message.Value {
            switch self {
            case .reference(let name): .text(name)
            case .commit(let id): .message(Message("verify.viaCommit", ["id": .text(id.short)]))
            case .tree(let id): .message(Message("verify.viaTree", ["id": .text(id.short)]))
            case .tag(let id): .message(Message("verify.viaTag", ["id": .text(id.short)]))
            }
        }
    }
}

extension GitRepository {
    /// Makes the object database look again for packs written behind libgit2's back (by
    /// `vault load`'s ``PackFileWriter``).
    func refreshObjects() throws(GitError) {
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
        try check(git_odb_refresh(odb.pointer), "git_odb_refresh")
    }
}
