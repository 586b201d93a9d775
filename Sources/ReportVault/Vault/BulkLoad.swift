import Foundation

/// What `Vault.bulkLoad` did.
public struct BulkLoadStats: Sendable {
    public var commits = 0
    public var unchanged = 0
    public var packs = 0
    /// Seconds each commit took (parse to commit object), in order.
    public var commitSeconds: [Double] = []
    public var tip: ObjectID?
}

extension Vault {
    /// Commits many revisions in one process: objects are kept in memory and written as a
    /// pack every `flushEvery` commits, and the branch moves once at the end by
    /// compare-and-swap. For loading history (a migration, a benchmark); each revision is
    /// strictly parsed and addressed like `vault commit`, but not checked against the schema
    /// — run `vault verify` afterwards.
    ///
    /// `next` returns the next revision's reports and message, or nil at the end.
    public func bulkLoad(author: GitSignature, flushEvery: Int = 1000, next: () throws(VaultError) -> (reports: [Report], message: String)?) throws(VaultError) -> BulkLoadStats {
        try refuseWhilePulling()
        do {
            return try load(author: author, flushEvery: flushEvery, next: next)
        } catch {
            throw describe(any: error, while: "load")
        }
    }

    private func load(author: GitSignature, flushEvery: Int, next: () throws(VaultError) -> (reports: [Report], message: String)?) throws -> BulkLoadStats {
        var stats = BulkLoadStats()
        let start = try repository.branchTip(branch)
        let writer = try GitBulkWriter(path: repository.gitDirectory, base: start)
        var tip = start
        while let revision = try next() {
            let repo = writer.repository
            let t0 = DispatchTime.now().uptimeNanoseconds
            var updates: [(path: String, blob: ObjectID)] = []
            for report in revision.reports { updates.append((report.path.storedPath, try repo.writeBlob(report.storedBytes))) }
            let text = revision.message.hasSuffix("\n") ? revision.message : revision.message + "\n"
            if let id = try repo.commitObject(updates: updates, parent: tip, message: text, author: author, committer: author) {
                tip = id
                stats.commits += 1
                writer.committed()
            } else {
                stats.unchanged += 1
            }
            if writer.pending >= flushEvery, let tip { try writer.flush(tip: tip) }
            stats.commitSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        if let tip, tip != start {
            // One pack for the whole load: readers pay memory per pack.
            try writer.flush(tip: tip, last: true)
            stats.packs = writer.packs.count
            let moved: GitError?
            do {
                // Through the vault's own handle: the objects are all on disk now.
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
            updateWorkTree()
        }
        stats.tip = tip
        return stats
    }
}
