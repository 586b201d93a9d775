import CGit2
import Crypto
import Foundation
import VaultJSON

// MARK: - Blobs

extension GitRepository {
    /// Writes `bytes` as a blob and returns its id (nothing is written when it already exists).
    package func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, handle, $0.baseAddress, $0.count) }
        try check(code, "git_blob_create_from_buffer")
        return ObjectID(oid)
    }

    /// The id `bytes` would have as a blob, without writing anything.
    package static func blobID(of bytes: [UInt8]) throws(GitError) -> ObjectID {
        Libgit2.ensureInitialized()
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        try check(code, "git_odb_hash")
        return ObjectID(oid)
    }

    /// The content of blob `id`.
    package func readBlob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var oid = id.oid
        return GitBlob(try acquire("git_blob_lookup(\(id))") { git_blob_lookup(&$0, handle, &oid) }).bytes
    }

    /// Whether object `id` is in the object database (its header can be read from disk).
    package func objectIsStored(_ id: ObjectID) -> Bool { blobSize(id) != nil }

    /// The size of object `id` from its header, without reading it whole; nil when it is not there.
    package func blobSize(_ id: ObjectID) -> Int? {
        guard let odb = try? GitObjectDatabase(acquire("git_repository_odb") { git_repository_odb(&$0, handle) }) else {
            return nil
        }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard git_odb_read_header(&size, &type, odb.pointer, &oid) == 0 else {
            git_error_clear()
            return nil
        }
        return size
    }
}

// MARK: - Reading every reachable object back

extension GitRepository {
    /// Reads every object reachable from every reference through the object database, which
    /// re-hashes each one (strict hash verification is on), and returns how many were read and
    /// the ones that could not be read or did not match their id (ordered by object id). Each
    /// object is read once: the content of a blob in `wanted` is handed to `blob` as it is
    /// read (from either of two threads), so that a caller checking those blobs need not read
    /// them again.
    ///
    /// Two threads read, each through its own handle on the repository, taking objects from
    /// one queue: reading, re-hashing and parsing the objects is nearly all of the time.
    ///
    /// It also gives back, for each tree that holds no folder, a digest of its entries' names
    /// and kinds (``TreeMemo/leafNames``): two such trees with the same digest delete nothing
    /// from one another, which ``deletedPaths(under:in:memo:)`` then knows without reading them;
    /// and each commit's tree and parents, so that nothing need read the commits again.
    package func readAllReachableObjects(
        handing wanted: Set<ObjectID> = [], to blob: @escaping (ObjectID, [UInt8]) -> Void = { _, _ in }
    ) throws(GitError) -> (
        count: Int, problems: [Message], leafNames: [ObjectID: SHA256Digest], commits: [ObjectID: WalkedCommit]
    ) {
        let walk = ObjectWalk(wanted: wanted, blob: blob)
        walk.add(try references().map { ($0.target, .reference($0.name)) }, problems: [], finished: false)
        // A second handle of its own: libgit2 handles are not shared between threads. Without
        // one (the repository could not be opened again), this thread reads alone.
        let second = try? GitRepository.open(at: gitDirectory)
        if let second { walk.startReader(through: second) }
        walk.read(through: self)
        walk.waitForReaders(second == nil ? 1 : 2)
        return (walk.seenCount, walk.sortedProblems, walk.leafNames, walk.commits)
    }

    /// One object of the walk: read (re-hashed) and parsed; returns what it names, or the
    /// problem reading it.
    ///
    /// `lastTree` holds the entries of the last tree this reader parsed: an entry with the same
    /// id at the same place was handed over with that tree, and is skipped (a folder's tree in
    /// the next commit differs from the last by an entry or two).
    fileprivate func readForWalk(
        _ id: ObjectID, via: Via, wanted: Set<ObjectID>, blob: (ObjectID, [UInt8]) -> Void,
        into found: inout [(ObjectID, Via)], lastTree: inout [ObjectID],
        leaves: inout [(ObjectID, SHA256Digest)], names: inout [UInt8], commits: inout [(ObjectID, WalkedCommit)]
    ) -> Message? {
        var oid = id.oid
        // One lookup reads (and re-hashes) the object and parses it; only when it fails is
        // the raw read tried, to tell an unreadable object from an unparsable one.
        var pointer: OpaquePointer?
        let code = git_object_lookup(&pointer, handle, &oid, GIT_OBJECT_ANY)
        guard code == 0, let pointer else {
            let lookupError = GitError.last(code, "git_object_lookup")
            git_error_clear()
            var odbPointer: OpaquePointer?
            var raw: OpaquePointer?
            var readCode = git_repository_odb(&odbPointer, handle)
            if readCode == 0, let odbPointer {
                readCode = git_odb_read(&raw, odbPointer, &oid)
                git_odb_free(odbPointer)
            }
            defer { git_error_clear() }
            if readCode == 0, let raw {
                git_odb_object_free(raw)
                return Message(
                    "verify.objectUnparsable",
                    ["object": .text(id.hex), "via": via.value, "problem": .text(lookupError.message)])
            }
            let readError = GitError.last(readCode, "git_odb_read")
            return Message(
                "verify.objectUnreadable",
                ["object": .text(id.hex), "via": via.value, "problem": .text(readError.message)])
        }
        let parsed = GitObject(pointer)
        // A parsed object of type COMMIT, TREE, TAG or BLOB is a git_commit, git_tree, git_tag or git_blob.
        switch git_object_type(pointer) {
        case GIT_OBJECT_COMMIT:
            let tree = ObjectID(git_commit_tree_id(parsed.pointer).pointee)
            found.append((tree, .commit(id)))
            let count = git_commit_parentcount(parsed.pointer)
            for i in 0..<count {
                found.append((ObjectID(git_commit_parent_id(parsed.pointer, i).pointee), .commit(id)))
            }
            commits.append(
                (
                    id,
                    WalkedCommit(
                        tree: tree, first: count > 0 ? ObjectID(git_commit_parent_id(parsed.pointer, 0).pointee) : nil,
                        second: count > 1 ? ObjectID(git_commit_parent_id(parsed.pointer, 1).pointee) : nil,
                        hasMoreParents: count > 2)
                ))
        case GIT_OBJECT_TREE:
            let count = git_tree_entrycount(parsed.pointer)
            let aligned = lastTree.count == count
            if !aligned { lastTree = [ObjectID](repeating: ObjectID(git_oid()), count: count) }
            // The names and kinds, hashed at the end in one go with SHA-256: no two lists of
            // names can be made to share a digest.
            names.removeAll(keepingCapacity: true)
            var hasFolder = false
            for i in 0..<count {
                guard let entry = git_tree_entry_byindex(parsed.pointer, i) else { continue }
                let name = git_tree_entry_name(entry)!
                let kind = Self.entryKind(git_tree_entry_filemode(entry))
                names.append(contentsOf: UnsafeRawBufferPointer(start: name, count: strlen(name) + 1))  // with its NUL
                names.append(kind.code)
                if kind == .folder { hasFolder = true }
                guard git_tree_entry_type(entry) != GIT_OBJECT_COMMIT else { continue }
                let child = ObjectID(git_tree_entry_id(entry).pointee)
                if aligned, lastTree[i] == child { continue }
                lastTree[i] = child
                found.append((child, .tree(id)))
            }
            if !hasFolder {
                leaves.append((id, SHA256.hash(data: names)))
            }
        case GIT_OBJECT_TAG:
            found.append((ObjectID(git_tag_target_id(parsed.pointer).pointee), .tag(id)))
        case GIT_OBJECT_BLOB where wanted.contains(id):
            let size = Int(git_blob_rawsize(parsed.pointer))
            if size > 0, let raw = git_blob_rawcontent(parsed.pointer) {
                blob(id, copiedBytes(raw, size))
            } else {
                blob(id, [])
            }
        default:
            break
        }
        return nil
    }

    /// A commit as the walk read it: its tree and its first two parents, kept inline (an
    /// array per commit, made on the walk's threads, raised the peak memory of a large
    /// vault's verify by a third).
    package struct WalkedCommit: Sendable {
        package var tree: ObjectID
        package var first: ObjectID?
        package var second: ObjectID?
        /// An octopus merge: the parents after the second are not kept.
        package var hasMoreParents: Bool
    }

    /// What led the walk to an object: a reference, or a commit, tree or tag naming it.
    fileprivate enum Via {
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
    package func refreshObjects() throws(GitError) {
        let odb = GitObjectDatabase(try acquire("git_repository_odb") { git_repository_odb(&$0, handle) })
        try check(git_odb_refresh(odb.pointer), "git_odb_refresh")
    }
}

/// The shared queue of ``GitRepository/readAllReachableObjects(handing:to:)``: the objects
/// seen (checked before they are queued, so a tree of 2,000 reports is visited once, not once
/// per commit that contains it), those waiting, and the problems found. What led to an object
/// is kept as the kind of link and the object holding it, and put into words only for an
/// object that fails.
private final class ObjectWalk: @unchecked Sendable {
    private let condition = NSCondition()
    private var seen = Set<ObjectID>()
    private var pending: [(ObjectID, GitRepository.Via)] = []
    private var problems: [(ObjectID, Message)] = []
    /// Readers holding objects taken from `pending`, whose findings are not back yet.
    private var busy = 0
    private var readersDone = 0
    let wanted: Set<ObjectID>
    let blob: (ObjectID, [UInt8]) -> Void

    init(wanted: Set<ObjectID>, blob: @escaping (ObjectID, [UInt8]) -> Void) {
        self.wanted = wanted
        self.blob = blob
    }

    var seenCount: Int { condition.withLock { seen.count } }
    /// Name digests of the trees without folders, by tree id.
    private(set) var leafNames: [ObjectID: SHA256Digest] = [:]
    /// Every commit read, by id.
    private(set) var commits: [ObjectID: GitRepository.WalkedCommit] = [:]
    var sortedProblems: [Message] { condition.withLock { problems.sorted { $0.0 < $1.0 }.map(\.1) } }

    /// Queues what a reader found that is not seen yet; `finished` when it hands back a batch.
    func add(
        _ found: [(ObjectID, GitRepository.Via)], problems found2: [(ObjectID, Message)],
        leaves: [(ObjectID, SHA256Digest)] = [],
        commits walked: [(ObjectID, GitRepository.WalkedCommit)] = [], finished: Bool
    ) {
        condition.lock()
        for (id, digest) in leaves { leafNames[id] = digest }
        for (id, commit) in walked { commits[id] = commit }
        for item in found where seen.insert(item.0).inserted { pending.append(item) }
        problems += found2
        if finished { busy -= 1 }
        condition.broadcast()
        condition.unlock()
    }

    /// Takes objects to read (depth first, as many as half the queue), waiting while the
    /// other reader may still find some; nil when the walk is over.
    private func take() -> ArraySlice<(ObjectID, GitRepository.Via)>? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty {
            if busy == 0 { return nil }
            condition.wait()
        }
        let count = min(64, max(1, pending.count / 2))
        let batch = pending.suffix(count)
        pending.removeLast(count)
        busy += 1
        return batch
    }

    /// The second reader's handle, used only by its thread.
    private var helper: GitRepository?

    /// Starts a reader on a thread of its own, reading through `repository`.
    func startReader(through repository: GitRepository) {
        helper = repository
        let thread = Thread { [self] in read(through: helper!) }
        thread.stackSize = 8 << 20  // it may check a report itself: the parser and validator recurse
        thread.start()
    }

    /// Reads objects through `repository` until the walk is over.
    func read(through repository: GitRepository) {
        var found: [(ObjectID, GitRepository.Via)] = []
        var failed: [(ObjectID, Message)] = []
        var lastTree: [ObjectID] = []
        var leaves: [(ObjectID, SHA256Digest)] = []
        var names: [UInt8] = []
        var commits: [(ObjectID, GitRepository.WalkedCommit)] = []
        while let batch = take() {
            for (id, via) in batch.reversed() {
                if let problem = repository.readForWalk(
                    id, via: via, wanted: wanted, blob: blob, into: &found, lastTree: &lastTree, leaves: &leaves,
                    names: &names, commits: &commits)
                {
                    failed.append((id, problem))
                }
            }
            add(found, problems: failed, leaves: leaves, commits: commits, finished: true)
            found.removeAll(keepingCapacity: true)
            leaves.removeAll(keepingCapacity: true)
            commits.removeAll(keepingCapacity: true)
            failed.removeAll()
        }
        condition.withLock {
            readersDone += 1
            condition.broadcast()
        }
    }

    /// Waits until `readers` readers have finished.
    func waitForReaders(_ readers: Int) {
        condition.lock()
        while readersDone < readers { condition.wait() }
        condition.unlock()
    }
}

extension GitRepository {
    /// Reads objects from `objectsFolder` (another repository's `objects/`) as well as its own,
    /// for this handle only: nothing is written to the repository (git's alternates file is
    /// not touched). How a server's checks see the objects a local push is about to send.
    package func addAlternateObjects(_ objectsFolder: String) throws(GitError) {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        try check(git_odb_add_disk_alternate(odb, objectsFolder), "git_odb_add_disk_alternate(\(objectsFolder))")
    }
}
