import Foundation

/// What `Vault.bulkLoad` did.
public struct BulkLoadStats: Sendable {
    public var commits = 0
    public var unchanged = 0
    public var packs = 0
    /// What the branch move did to the work tree.
    public var workTree = Vault.WorkTreeUpdate()
    /// Seconds each commit took (parse to commit object), in order.
    public var commitSeconds: [Double] = []
    public var tip: ObjectID?
}

extension Vault {
    /// Commits many revisions in one process, as `git fast-import` does: every new object goes
    /// into one pack written straight to disk (reports and trees as deltas against earlier
    /// versions where that is much smaller), the pack is named at the end, and the branch moves
    /// once, by compare-and-swap. For loading history (a migration, a benchmark); each revision
    /// is strictly parsed and stored like `vault commit` stores it, but not checked against the
    /// schema — run `vault verify` afterwards.
    ///
    /// `next` returns the next revision's reports and message, or nil at the end.
    public func bulkLoad(
        author: GitSignature, next: () throws(VaultError) -> (reports: [Report], message: String)?
    ) throws(VaultError) -> BulkLoadStats {
        try refuseWhilePulling()
        do {
            return try load(author: author, next: next)
        } catch {
            throw describe(any: error, while: "load")
        }
    }

    private func load(
        author: GitSignature, next: () throws(VaultError) -> (reports: [Report], message: String)?
    ) throws -> BulkLoadStats {
        let start = try repository.branchTip(branch)
        let writer = try GitBulkWriter(
            repository: repository, base: start, author: author, durable: Libgit2.fsyncEnabled)
        // This thread reads and parses; the writer hashes, deltas and deflates on another core.
        let pipeline = BulkLoadPipeline(writer: writer, base: start)
        do {
            while let revision = try next() {
                let text = revision.message.hasSuffix("\n") ? revision.message : revision.message + "\n"
                guard pipeline.submit(revision.reports.map { ($0.path.storedPath, $0.storedBytes) }, message: text)
                else { break }
            }
        } catch {
            _ = try? pipeline.finish()
            throw error
        }
        var stats = try pipeline.finish()
        let tip = stats.tip
        if let tip, tip != start {
            stats.packs = try writer.finish() == nil ? 0 : 1
            try repository.refreshObjects()
            let moved: GitError?
            do {
                try repository.moveBranch(branch, from: start, to: tip, message: "load: \(stats.commits) commits")
                moved = nil
            } catch {
                moved = error
            }
            if let moved {
                if moved.code == GitError.Code.modified {
                    throw VaultError.branchMovedWhileLoading(commits: stats.commits, branch: branch)
                }
                throw describe(moved, while: "load")
            }
            repository.extendChangeIndex(
                in: changeIndexFile, from: start, by: writer.written, author: writer.authorIdentity)
            stats.workTree = updateWorkTree()
        }
        return stats
    }
}

/// Hands parsed revisions to a thread that writes them (at most `limit` waiting), and gives
/// back what it did, or the first error it met.
private final class BulkLoadPipeline: @unchecked Sendable {
    private let writer: GitBulkWriter
    private let condition = NSCondition()
    private var queue: [(updates: [(path: String, bytes: [UInt8])], message: String)] = []
    private var closed = false
    private var running = true
    private var failure: (any Error)?
    private var stats = BulkLoadStats()
    private let limit = 16

    init(writer: GitBulkWriter, base: ObjectID?) {
        self.writer = writer
        stats.tip = base
        let thread = Thread { [self] in work() }
        thread.start()
    }

    /// Queues one revision; false when the writer has stopped on an error.
    func submit(_ updates: [(path: String, bytes: [UInt8])], message: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= limit, failure == nil { condition.wait() }
        guard failure == nil else { return false }
        queue.append((updates, message))
        condition.broadcast()
        return true
    }

    /// Waits for the queue to be written; throws the writer's error, if it met one.
    func finish() throws -> BulkLoadStats {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        if let failure { throw failure }
        return stats
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty, !closed { condition.wait() }
            guard !queue.isEmpty else {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let revision = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                let id = try writer.commit(revision.updates, message: revision.message)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                condition.lock()
                if let id {
                    stats.tip = id
                    stats.commits += 1
                } else {
                    stats.unchanged += 1
                }
                stats.commitSeconds.append(seconds)
                condition.unlock()
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}
