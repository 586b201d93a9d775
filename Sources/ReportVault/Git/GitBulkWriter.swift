import CGit2

/// Writes many commits in one process without a loose object per write: objects go to
/// libgit2's in-memory object database (the mempack backend), and every `flush()` writes them
/// as one pack through the indexer (fsynced like any object when fsync is on).
///
/// The branch is not touched while loading; the caller moves it once, by compare-and-swap,
/// after the last flush — so a reader never sees a ref to objects that are not on disk.
final class GitBulkWriter {
    /// A repository handle of its own: the mempack backend stays attached to its object database.
    let repository: GitRepository
    private var backend: UnsafeMutablePointer<git_odb_backend>?
    private var odb: OpaquePointer?

    init(path: String) throws(GitError) {
        repository = try GitRepository.open(at: path)
        try check(git_repository_odb(&odb, repository.handle), "git_repository_odb")
        try check(git_mempack_new(&backend), "git_mempack_new")
        // > git_mempack_new: "... added to the object database with the highest priority,
        // > so that all writes go to it" (git2/sys/mempack.h)
        try check(git_odb_add_backend(odb, backend, 999), "git_odb_add_backend(mempack)")
    }

    deinit {
        // The odb owns the backend once added; freeing the odb frees it.
        git_odb_free(odb)
    }

    /// Writes the objects held in memory as one pack in `objects/pack` and empties memory.
    func flush() throws(GitError) {
        var pack = git_buf()
        try check(git_mempack_dump(&pack, repository.handle, backend), "git_mempack_dump")
        defer { git_buf_dispose(&pack) }
        guard pack.size > 32 else { return }  // header and trailer only: nothing to write
        var options = git_indexer_options()
        try check(git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION)), "git_indexer_options_init")
        var indexer: OpaquePointer?
        let packFolder = repository.gitDirectory + "objects/pack"
        try check(git_indexer_new(&indexer, packFolder, 0, odb, &options), "git_indexer_new")
        defer { git_indexer_free(indexer) }
        var stats = git_indexer_progress()
        try check(git_indexer_append(indexer, pack.ptr, pack.size, &stats), "git_indexer_append")
        try check(git_indexer_commit(indexer, &stats), "git_indexer_commit")
        try check(git_mempack_reset(backend), "git_mempack_reset")
        try check(git_odb_refresh(odb), "git_odb_refresh")
    }
}
