import CGit2
import Foundation

/// Writes many commits in one process without a loose object per write: objects go to
/// libgit2's in-memory object database (the mempack backend), and every `flush(tip:)` writes
/// the objects of the commits since the last flush as one pack through the indexer (fsynced
/// like any object when fsync is on). `consolidate(tip:)` then replaces those packs with one.
///
/// The branch is not touched while loading; the caller moves it once, by compare-and-swap,
/// after the last flush — so a reader never sees a ref to objects that are not on disk.
final class GitBulkWriter {
    /// A repository handle of its own: the mempack backend stays attached to its object
    /// database. Replaced by a fresh handle after packs are joined, which lets go of the
    /// removed packs (libgit2 keeps a 16 MB delta-base cache per pack it has read).
    private(set) var repository: GitRepository
    /// The object database owns the backend once it is added; freeing the database frees it.
    private var odb: GitObjectDatabase
    private var backend: UnsafeMutablePointer<git_odb_backend>
    private let path: String
    /// The commit the load starts from: its objects are already on disk.
    private let base: ObjectID?

    /// The packs written and not yet joined, oldest first: each holds the objects of the
    /// commits after `from` (or the base) up to `to`.
    private var segments: [(name: String, from: ObjectID?, to: ObjectID, commits: Int)] = []
    /// Commits written to memory since the last flush.
    private(set) var pending = 0

    /// The names (`pack-<hex>`) of the packs this writer wrote and did not replace, oldest first.
    var packs: [String] { segments.map(\.name) }

    init(path: String, base: ObjectID?) throws(GitError) {
        self.path = path
        self.base = base
        (repository, odb, backend) = try Self.open(path)
    }

    private static func open(_ path: String) throws(GitError) -> (GitRepository, GitObjectDatabase, UnsafeMutablePointer<git_odb_backend>) {
        let repository = try GitRepository.open(at: path)
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, repository.handle) })
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "git_mempack_new")
        // > git_mempack_new: "... added to the object database with the highest priority,
        // > so that all writes go to it" (git2/sys/mempack.h)
        try check(git_odb_add_backend(odb.pointer, backend, 999), "git_odb_add_backend(mempack)")
        return (repository, odb, backend!)
    }

    /// Counts one more commit written to memory.
    func committed() { pending += 1 }

    /// Writes the objects of the commits up to `tip` since the last flush (or the base) as one
    /// pack in `objects/pack`, and empties memory. Packs are joined as they come, two by two
    /// when the newer has as many commits as the older (so a load keeps about log2 of its
    /// flushes as packs, and each object is repacked about as many times), and all into one
    /// when `last`.
    ///
    /// Only the new objects: `git_mempack_dump` would pack each commit's whole tree — every
    /// report at that revision — so each pack held a full snapshot.
    func flush(tip: ObjectID, last: Bool = false) throws(GitError) {
        if pending > 0 {
            let from = segments.last?.to ?? base
            if let name = try writePack(tip: tip, hiding: from) { segments.append((name, from, tip, pending)) }
            try check(git_mempack_reset(backend), "git_mempack_reset")
            try check(git_odb_refresh(odb.pointer), "git_odb_refresh")
            pending = 0
        }
        while segments.count >= 2, last || segments[segments.count - 1].commits >= segments[segments.count - 2].commits {
            let newer = segments.removeLast(), older = segments.removeLast()
            guard let name = try writePack(tip: newer.to, hiding: older.from) else {
                segments += [older, newer]
                break
            }
            segments.append((name, older.from, newer.to, older.commits + newer.commits))
            let folder = path + "objects/pack/"
            for old in [older.name, newer.name] where old != name {
                for suffix in [".pack", ".idx"] { unlink(folder + old + suffix) }
            }
            // A fresh handle: the one that read the removed packs holds their caches and maps.
            (repository, odb, backend) = try Self.open(path)
        }
    }

    /// Packs the objects reachable from `tip` and not from `hidden` (as `git rev-list --objects
    /// TIP ^HIDDEN`), streaming the pack into the indexer; returns the pack's name, or nil when
    /// there was nothing to write.
    private func writePack(tip: ObjectID, hiding hidden: ObjectID?) throws(GitError) -> String? {
        let builder = GitPackBuilder(try acquire("git_packbuilder_new") { git_packbuilder_new(&$0, repository.handle) })
        _ = git_packbuilder_set_threads(builder.pointer, 1)
        let walker = GitRevwalk(try acquire("git_revwalk_new") { git_revwalk_new(&$0, repository.handle) })
        var oid = tip.oid
        try check(git_revwalk_push(walker.pointer, &oid), "git_revwalk_push(\(tip))")
        if let hidden {
            var old = hidden.oid
            try check(git_revwalk_hide(walker.pointer, &old), "git_revwalk_hide(\(hidden))")
        }
        try check(git_packbuilder_insert_walk(builder.pointer, walker.pointer), "git_packbuilder_insert_walk")
        guard git_packbuilder_object_count(builder.pointer) > 0 else { return nil }

        var options = git_indexer_options()
        try check(git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION)), "git_indexer_options_init")
        let packFolder = repository.gitDirectory + "objects/pack"
        var feed = IndexerFeed(indexer: try acquire("git_indexer_new") { git_indexer_new(&$0, packFolder, 0, odb.pointer, &options) })
        let indexer = GitIndexer(feed.indexer)
        // The pack goes to the indexer piece by piece, never whole in memory.
        try check(
            git_packbuilder_foreach(
                builder.pointer,
                { data, size, payload in
                    let feed = payload!.assumingMemoryBound(to: IndexerFeed.self)
                    return git_indexer_append(feed.pointee.indexer, data, size, &feed.pointee.stats)
                }, &feed), "git_packbuilder_foreach")
        try check(git_indexer_commit(indexer.pointer, &feed.stats), "git_indexer_commit")
        return "pack-" + String(cString: git_indexer_name(indexer.pointer))
    }

    private struct IndexerFeed {
        let indexer: OpaquePointer
        var stats = git_indexer_progress()
    }
}
