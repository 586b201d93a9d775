import CGit2
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Keeping a non-bare repository's index and work tree in step with its branch, as git
/// itself does after a commit, without ever overwriting a file the user edited.
extension GitRepository {
    /// The work tree folder (with a trailing `/`), nil for a bare repository.
    public var workDirectory: String? { git_repository_workdir(handle).map { String(cString: $0) } }

    /// Collects the paths libgit2 reports through a checkout notification.
    private final class NotifiedPaths {
        var paths: [String] = []
    }

    /// Moves the index and the work tree from commit `old` to commit `new` (the branch has
    /// already moved). A file that still holds `old`'s version, or is missing, gets `new`'s;
    /// a file edited by hand is left as it is and its path returned. The index then holds
    /// `new`'s tree exactly, so git shows such an edit as an unstaged change and a plain
    /// `git commit` does not undo the vault's commit. Does nothing in a bare repository.
    public func updateWorkTree(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [String] {
        guard !isBare else { return [] }
        let newTree = try lookupTree(try commitInfo(new).tree)
        defer { git_tree_free(newTree) }
        let oldTree: OpaquePointer? = try old.map { id throws(GitError) in try lookupTree(try commitInfo(id).tree) }
        defer { git_tree_free(oldTree) }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        // SAFE: only files that match the baseline are replaced; RECREATE_MISSING: a deleted
        // file comes back; ALLOW_CONFLICTS: a file edited by hand does not stop the others.
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_RECREATE_MISSING.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        // > baseline: The expected content of the working directory; defaults to HEAD.
        // (libgit2 checkout.h) HEAD has already moved, so the old tree is named; for a first
        // commit the new tree stands in, which makes every existing different file an edit.
        options.baseline = oldTree ?? newTree
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        let notified = NotifiedPaths()
        options.notify_payload = Unmanaged.passUnretained(notified).toOpaque()
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload { Unmanaged<NotifiedPaths>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path)) }
            return 0
        }
        try withExtendedLifetime(notified) { () throws(GitError) in
            try check(git_checkout_tree(handle, newTree, &options), "git_checkout_tree")
        }
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        defer { git_index_free(index) }
        try check(git_index_read_tree(index, newTree), "git_index_read_tree")
        try check(git_index_write(index), "git_index_write")
        return notified.paths.sorted()
    }

    /// Whether the work-tree file at `path` holds other bytes than both `old` and `new`
    /// (blob ids; nil: absent): an edit by hand that writing `new` there would destroy.
    public func isEditedByHand(_ path: String, old: ObjectID?, new: ObjectID) throws(GitError) -> Bool {
        guard let root = workDirectory, let bytes = FileBytes.read(root + path) else { return false }
        let id = try GitRepository.blobID(of: bytes)
        return id != new && id != old
    }
}

/// Reading a work-tree file without Foundation.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return out
    }
}
