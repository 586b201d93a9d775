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
    /// The object database owns the backend once it is added; freeing the database frees it.
    private let odb: GitObjectDatabase
    private let backend: UnsafeMutablePointer<git_odb_backend>

    init(path: String) throws(GitError) {
        let repository = try GitRepository.open(at: path)
        self.repository = repository
        odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, repository.handle) })
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "git_mempack_new")
        self.backend = backend!
        // > git_mempack_new: "... added to the object database with the highest priority,
        // > so that all writes go to it" (git2/sys/mempack.h)
        try check(git_odb_add_backend(odb.pointer, backend, 999), "git_odb_add_backend(mempack)")
    }

    /// Writes the objects held in memory as one pack in `objects/pack` and empties memory.
    func flush() throws(GitError) {
        var pack = git_buf()
        try check(git_mempack_dump(&pack, repository.handle, backend), "git_mempack_dump")
        defer { git_buf_dispose(&pack) }
        guard pack.size > 32 else { return }  // header and trailer only: nothing to write
        var options = git_indexer_options()
        try check(git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION)), "git_indexer_options_init")
        let packFolder = repository.gitDirectory + "objects/pack"
        let indexer = GitIndexer(try acquire("git_indexer_new") { git_indexer_new(&$0, packFolder, 0, odb.pointer, &options) })
        var stats = git_indexer_progress()
        try check(git_indexer_append(indexer.pointer, pack.ptr, pack.size, &stats), "git_indexer_append")
        try check(git_indexer_commit(indexer.pointer, &stats), "git_indexer_commit")
        try check(git_mempack_reset(backend), "git_mempack_reset")
        try check(git_odb_refresh(odb.pointer), "git_odb_refresh")
    }
}
