import Foundation

/// `vault pull REMOTE`: fetch, then ``Vault/integrate(theirs:theirLedger:from:message:author:merger:)``
/// with what the fetch left in the remote-tracking refs.
extension Vault {
    /// Where a fetch from `remote` leaves its branch `branch` (`refs/remotes/origin/main`).
    public static func remoteBranchRef(_ remote: String, _ branch: String) -> String { "refs/remotes/\(remote)/\(branch)" }

    /// Where a fetch from `remote` leaves its submission ledger (`refs/remotes/origin/vault/ledger`).
    public static func remoteLedgerRef(_ remote: String) -> String { "refs/remotes/\(remote)/vault/ledger" }

    /// Brings `remote`'s branch, tags and ledger into `refs/remotes/<remote>/…` (``Vault/fetch(remote:options:)``).
    func fetchForPull(remote: String) throws(VaultError) {
        _ = try fetch(remote: remote)
    }

    /// Fetches `remote` (``fetchForPull(remote:)``) and integrates its branch and ledger. The
    /// merge commit's message is `message`, else `Merge <remote>/<branch>`.
    public func pull(remote: String, message: String?, author: GitSignature, merger: ThreeWayMerge) throws(VaultError) -> IntegrateOutcome {
        try refuseWhilePulling()
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        let ref = Self.remoteBranchRef(remote, name)
        // Where the server's branch was at the last fetch: a server rewritten with plain git
        // (reset and force-push) shows as that tip missing from the new one.
        let seen = try? repository.referenceTarget(ref)
        try fetchForPull(remote: remote)
        let theirs: ObjectID?
        let ledger: ObjectID?
        do {
            theirs = try repository.referenceTarget(ref)
            ledger = try repository.referenceTarget(Self.remoteLedgerRef(remote))
        } catch {
            throw describe(error, while: "pull \(remote)")
        }
        guard let theirs else { throw .noRemoteBranch(remote: remote, ref: ref) }
        let from = "\(remote)/\(name)"
        // Two offices recorded one submission name for different tags: the ledgers are not
        // merged (the reports are) until ours is renamed.
        let clashes = try ledgerClashes(theirs: ledger)
        var outcome = try integrate(
            theirs: theirs, theirLedger: clashes.isEmpty ? ledger : nil, from: from, message: message ?? "Merge \(from)", author: author, merger: merger)
        outcome.ledgerClashes = clashes
        if let seen = seen ?? nil, seen != theirs, (try? repository.isAncestor(seen, of: theirs)) == false {
            let count = (try? repository.commits(from: seen, excluding: [theirs]).count) ?? 1
            outcome.remoteDropped = (count, seen, theirs)
        }
        return outcome
    }
}
