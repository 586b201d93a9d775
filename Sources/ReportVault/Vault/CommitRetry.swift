import Foundation

/// The vault's policy for concurrent writers: the git layer makes one compare-and-swap
/// attempt (``GitRepository/commit(on:onto:message:author:committer:updates:)``), and a
/// vault tries again on the new tip when another writer got there first.
extension Vault {
    /// Commits on `branch` by compare-and-swap, the updates (a nil blob removes the path)
    /// computed for each attempt from the tip it goes on (nil: the branch has no commit yet) —
    /// so a change merged against the tip is merged again when another writer got there first.
    ///
    /// When another writer moved the branch in between (`GIT_EMODIFIED`) or holds its lock
    /// (`GIT_ELOCKED`), the attempt is made again on the new tip, up to `maxAttempts` times
    /// with a short random pause. Returns nil, writing nothing to the branch, when the updates
    /// leave the tip's tree unchanged. Errors thrown by `makeUpdates` are passed through; a
    /// libgit2 failure says it happened while `doing`.
    func commitRetrying(
        on branch: String,
        message: String,
        author: GitSignature,
        committer: GitSignature,
        maxAttempts: Int = 50,
        while doing: String = "commit",
        updates makeUpdates: (ObjectID?) throws -> [(path: String, blob: ObjectID?)]
    ) throws(VaultError) -> ObjectID? {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let tip = try repository.branchTip(branch)
                return try repository.commit(
                    on: branch, onto: tip, message: message, author: author, committer: committer
                ) { try makeUpdates(tip) }
            } catch let error as GitError
                where (error.code == GitError.Code.modified || error.code == GitError.Code.locked)
                && attempt < maxAttempts
            {
                // Lost the race: the commit object stays unreferenced (git gc drops it).
                usleep(UInt32.random(in: 500...(2_000 * UInt32(min(attempt, 25)))))
            } catch {
                throw describe(any: error, while: doing)
            }
        }
    }
}
