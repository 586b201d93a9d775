import CGit2

// MARK: - Reading every reachable object back

extension GitRepository {
    /// One reference: its full name and the object it points at (symbolic refs resolved).
    func references() throws(GitError) -> [(name: String, target: ObjectID)] {
        var names = git_strarray()
        try check(git_reference_list(&names, handle), "git_reference_list")
        defer { git_strarray_dispose(&names) }
        var out: [(String, ObjectID)] = []
        for i in 0..<names.count {
            let name = String(cString: names.strings[i]!)
            var oid = git_oid()
            if git_reference_name_to_id(&oid, handle, name) == 0 { out.append((name, ObjectID(oid))) } else { git_error_clear() }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Reads every object reachable from every reference through the object database, which
    /// re-hashes each one (strict hash verification is on), and returns how many were read and
    /// the ones that could not be read or did not match their id.
    func readAllReachableObjects() throws(GitError) -> (count: Int, problems: [String]) {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        // Checked before they are queued: a tree of 2,000 reports is visited once, not once
        // per commit that contains it.
        var seen = Set<ObjectID>()
        var problems: [String] = []
        var pending: [(git_oid, String)] = []
        func enqueue(_ oid: git_oid, _ via: @autoclosure () -> String) {
            if seen.insert(ObjectID(oid)).inserted { pending.append((oid, via())) }
        }
        for ref in try references() { enqueue(ref.target.oid, ref.name) }

        while let (raw, via) = pending.popLast() {
            var oid = raw
            let id = ObjectID(raw)
            var object: OpaquePointer?
            let code = git_odb_read(&object, odb, &oid)
            guard code == 0, let object else {
                let message = git_error_last().map { String(cString: $0.pointee.message) } ?? "unreadable"
                problems.append("object \(id) (reached from \(via)) cannot be read back: \(message)")
                git_error_clear()
                continue
            }
            let type = git_odb_object_type(object)
            git_odb_object_free(object)
            // Follow links with the parsed object.
            var parsed: OpaquePointer?
            guard git_object_lookup(&parsed, handle, &oid, type) == 0 else {
                problems.append("object \(id) (reached from \(via)) does not parse: \(git_error_last().map { String(cString: $0.pointee.message) } ?? "")")
                git_error_clear()
                continue
            }
            defer { git_object_free(parsed) }
            switch type {
            case GIT_OBJECT_COMMIT:
                enqueue(git_commit_tree_id(parsed).pointee, "commit \(id.short)")
                for i in 0..<git_commit_parentcount(parsed) { enqueue(git_commit_parent_id(parsed, i).pointee, "commit \(id.short)") }
            case GIT_OBJECT_TREE:
                for i in 0..<git_tree_entrycount(parsed) {
                    guard let entry = git_tree_entry_byindex(parsed, i), git_tree_entry_type(entry) != GIT_OBJECT_COMMIT else { continue }
                    enqueue(git_tree_entry_id(entry).pointee, "tree \(id.short)")
                }
            case GIT_OBJECT_TAG:
                enqueue(git_tag_target_id(parsed).pointee, "tag \(id.short)")
            default:
                break
            }
        }
        return (seen.count, problems)
    }

    /// Creates the reference `name` → `target` only if it does not exist yet.
    func createReference(_ name: String, to target: ObjectID, message: String) throws(GitError) {
        var oid = target.oid
        var ref: OpaquePointer?
        try check(git_reference_create(&ref, handle, name, &oid, 0, message), "git_reference_create(\(name))")
        git_reference_free(ref)
    }
}
