import CGit2

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

// MARK: - Objects made durable together

extension GitRepository {
    /// Runs `write`, which writes loose objects, with libgit2's fsync of each object off, then
    /// makes the objects `written` names durable together before returning — so that a
    /// reference updated afterwards never names an object a power cut could lose.
    ///
    /// libgit2 syncs an object as it writes it: the file, then its folder, one journal commit
    /// each (ten for a clerk's commit of one report: blob, three trees, commit). Synced here
    /// at the end and all at once, the file system commits them in one or two journal
    /// transactions (measured on ext4: 2.2 ms → 0.9 ms). References and reflogs keep
    /// libgit2's own fsync. Without fsync (`VAULT_FSYNC=0`) `write` just runs.
    func writingObjectsDurably<T>(_ write: () throws -> T, written: (T) throws -> [ObjectID]) throws -> T {
        let (result, syncHere) = try Libgit2.deferringObjectFsync { on in (try write(), on) }
        if syncHere { try syncLooseObjects(try written(result)) }
        return result
    }

    /// fsyncs the loose files of `objects` (those in packs have none: skipped), their fan-out
    /// folders and `objects/` itself, concurrently; a failure is thrown with the file it hit.
    func syncLooseObjects(_ objects: [ObjectID]) throws(GitError) {
        let root = gitDirectory + "objects/"
        var paths: [String] = []
        var folders: Set<String> = []
        for id in Set(objects) {
            let hex = id.hex
            let folder = root + hex.prefix(2)
            let path = folder + "/" + hex.dropFirst(2)
            guard access(path, F_OK) == 0 else { continue }
            paths.append(path)
            folders.insert(folder)
        }
        guard !paths.isEmpty else { return }
        paths += folders.sorted() + [root]
        // A loose file packed away (git gc) between the look and the sync is safe in its pack.
        if let (path, error) = FileSync.all(paths).first(where: { !($0.error == ENOENT && $0.path != root) }) {
            throw GitError(
                code: GitError.Code.generic, klass: 0,
                message: "cannot sync \(path): \(String(cString: strerror(error)))", operation: "fsync")
        }
    }

    /// The objects a commit written by ``newCommit`` may have added: the blobs of `updates`,
    /// the trees on their paths and the commit itself.
    func objectsWritten(by commit: ObjectID, updates: [(path: String, blob: ObjectID?)]) throws(GitError) -> [ObjectID]
    {
        let tree = try tree(of: commit)
        var out = [commit, tree.id] + updates.compactMap(\.blob)
        var folders: Set<String> = []
        for update in updates {
            var folder = ""
            for part in update.path.split(separator: "/").dropLast() {
                folder += (folder.isEmpty ? "" : "/") + part
                folders.insert(folder)
            }
        }
        for folder in folders.sorted() {
            if let entry = try tree.entry(at: folder), entry.type == GIT_OBJECT_TREE { out.append(entry.id) }
        }
        return out
    }
}

/// fsync of several files at once, on up to `maximumThreads` threads, so that the file system
/// gathers them into as few journal commits as it can.
enum FileSync {
    /// Threads at most (a commit of one report syncs eleven paths; a migration thousands).
    static let maximumThreads = 12

    /// Syncs every path (a file or a folder); those that failed, with their errno, in order.
    static func all(_ paths: [String]) -> [(path: String, error: Int32)] {
        let results = UnsafeMutableBufferPointer<Int32>.allocate(capacity: paths.count)
        defer { results.deallocate() }
        results.initialize(repeating: 0)
        // Thread t syncs paths t, t + n, t + 2n, …
        let n = min(paths.count, maximumThreads)
        let jobs = (0..<n).map { t in
            Job(paths: Array(stride(from: t, to: paths.count, by: n).map { (paths[$0], results.baseAddress! + $0) }))
        }
        var threads: [pthread_t] = []
        for job in jobs {
            let context = Unmanaged.passRetained(job).toOpaque()
            var thread = pthread_t()
            if pthread_create(
                &thread, nil,
                { raw in
                    let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                    job.run()
                    return nil
                }, context) == 0
            {
                threads.append(thread)
            } else {
                Unmanaged<Job>.fromOpaque(context).release()
                job.run()  // no thread to spare: synced here
            }
        }
        for thread in threads { pthread_join(thread, nil) }
        return paths.indices.filter { results[$0] != 0 }.map { (paths[$0], results[$0]) }
    }

    private final class Job {
        let paths: [(String, UnsafeMutablePointer<Int32>)]
        init(paths: [(String, UnsafeMutablePointer<Int32>)]) { self.paths = paths }

        func run() {
            for (path, result) in paths {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    result.pointee = errno
                    continue
                }
                if fsync(fd) != 0 { result.pointee = errno }
                close(fd)
            }
        }
    }
}
