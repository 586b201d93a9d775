import CGit2
import CGit2Startup

// MARK: - Several references moved under one lock

extension GitRepository {
    /// Locks every reference in `names` (their `.lock` files, as git does), reads where each
    /// points (nil: it does not exist), lets `decide` compute their new targets while no other
    /// writer can move them, and moves them all in one `git_transaction_commit`.
    ///
    /// Throws `GIT_ELOCKED` when another process holds one of the locks; whatever `decide`
    /// throws leaves every reference as it was. libgit2 renames the lock files one after the
    /// other, so a process killed during the commit can leave some moved and others not —
    /// `vault verify --repair` knows how to finish that for a tag and its ledger entry.
    /// A name `decide` leaves out of its answer and lists in `removing` is deleted.
    package func moveReferencesTogether(
        _ names: [String], removing: Set<String> = [], signature: GitSignature, message: String,
        decide: ([String: ObjectID]) throws -> [String: ObjectID]
    ) throws {
        // The locks taken below are released before a Ctrl-C ends the process.
        vault_signals_hold()
        defer { vault_signals_release() }
        let transaction = GitTransaction(try acquire("git_transaction_new") { git_transaction_new(&$0, handle) })
        for name in names {
            try check(git_transaction_lock_ref(transaction.pointer, name), "git_transaction_lock_ref(\(name))")
        }
        var current: [String: ObjectID] = [:]
        for name in names { current[name] = try referenceTarget(name) }
        let targets = try decide(current)
        // Every object a reference will name is on disk: libgit2 1.5's git_commit_create can
        // return success when the write failed, and a reference must never name nothing.
        for (name, target) in targets where !objectIsStored(target) {
            throw GitError(
                code: GitError.Code.generic, klass: GitError.Class.os, message: "object \(target) was not written",
                operation: "git_transaction_set_target(\(name))")
        }
        try signature.withGitSignature { sig throws(GitError) in
            for name in names where removing.contains(name) && targets[name] == nil {
                try check(git_transaction_remove(transaction.pointer, name), "git_transaction_remove(\(name))")
            }
            for name in names {
                guard var oid = targets[name]?.oid else { continue }
                try check(
                    git_transaction_set_target(transaction.pointer, name, &oid, sig, message),
                    "git_transaction_set_target(\(name))")
            }
        }
        try check(git_transaction_commit(transaction.pointer), "git_transaction_commit")
    }
}

// MARK: - Tag objects written as bytes

extension GitRepository {
    /// The bytes of an annotated tag object, as git and libgit2 write one: `object`, `type`,
    /// `tag` and `tagger` headers, a blank line, the message (ending with a line feed). A
    /// signature is appended to these bytes, which are what it signs.
    package static func tagObjectBytes(name: String, target: ObjectID, tagger: GitSignature, message: String) -> [UInt8]
    {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        return Array("object \(target.hex)\ntype commit\ntag \(name)\ntagger \(tagger.headerText)\n\n\(text)".utf8)
    }

    /// Writes `bytes` as an annotated tag object (no reference is created) and checks that
    /// libgit2 reads it back as a tag.
    package func writeTagObject(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_odb_write(&oid, odb.pointer, $0.baseAddress, $0.count, GIT_OBJECT_TAG) }
        try check(code, "git_odb_write(tag)")
        _ = GitTag(try acquire("git_tag_lookup") { git_tag_lookup(&$0, handle, &oid) })
        return ObjectID(oid)
    }

    /// The raw bytes of tag object `id` (headers, message and any signature); nil when `id` is
    /// not a tag object.
    package func tagObjectBytes(_ id: ObjectID) throws(GitError) -> [UInt8]? {
        try objectBytes(id, of: GIT_OBJECT_TAG)
    }

    /// The author's and committer's dates of commit `id` as its header writes them (seconds,
    /// zone `+HHMM`): libgit2 reads a zone it cannot make sense of as +0000.
    package func commitDates(_ id: ObjectID) -> [(time: Int64, zone: String)] {
        guard let bytes = try? objectBytes(id, of: GIT_OBJECT_COMMIT) else { return [] }
        var out: [(Int64, String)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            guard line.hasPrefix("author ") || line.hasPrefix("committer "), let close = line.lastIndex(of: ">") else {
                continue
            }
            let words = line[line.index(after: close)...].split(separator: " ")
            out.append((words.first.flatMap { Int64($0) } ?? 0, words.count > 1 ? String(words[1]) : ""))
        }
        return out
    }

    /// The raw bytes of object `id` as stored (without git's "<type> <size>" header); nil
    /// when there is no such object of `type`.
    func objectBytes(_ id: ObjectID, of type: git_object_t) throws(GitError) -> [UInt8]? {
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
        var oid = id.oid
        guard
            let raw = try acquireIfFound("git_odb_read(\(id))", { git_odb_read(&$0, odb.pointer, &oid) }).map(
                GitRawObject.init), raw.type == type
        else {
            return nil
        }
        let size = Int(git_odb_object_size(raw.pointer))
        guard size > 0, let data = git_odb_object_data(raw.pointer) else { return [] }
        return copiedBytes(data, size)
    }
}
