import Foundation

/// `vault pull REMOTE`: fetch, then ``Vault/integrate(theirs:theirLedger:from:message:author:merger:)``
/// with what the fetch left in the remote-tracking refs.
extension Vault {
    /// Brings `remote`'s branch, tags and ledger into `refs/remotes/<remote>/…` (``Vault/fetch(remote:options:)``).
    func fetchForPull(remote: String, options: RemoteOptions = RemoteOptions()) throws(VaultError) {
        _ = try fetch(remote: remote, options: options)
    }

    /// Fetches `remote` (``fetchForPull(remote:)``) and integrates its branch and ledger. The
    /// merge commit's message is `message`, else `Merge <remote>/<branch>` in the clerk's
    /// language (`合并 origin/main`).
    public func pull(
        remote: String, message: String?, author: GitSignature, merger: ThreeWayMerge,
        options: RemoteOptions = RemoteOptions()
    ) throws(VaultError) -> IntegrateOutcome {
        try refuseWhilePulling()
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        let ref = Self.remoteBranchRef(remote, name)
        // Where the server's branch was at the last fetch: a server rewritten with plain git
        // (reset and force-push) shows as that tip missing from the new one.
        let seen = try? repository.referenceTarget(ref)
        try fetchForPull(remote: remote, options: options)
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
        // A ledger entry vault did not make (forged with plain git) keeps their ledger out.
        let ours = (try? repository.referenceTarget(Self.ledgerRef)) ?? nil
        let forged =
            !clashes.isEmpty
            ? nil
            : ledger.flatMap { tip in
                ledgerProblem(from: tip, excluding: ours.map { [$0] } ?? []) { name in
                    for candidate in [
                        "refs/tags/\(name)", Self.withdrawnRef(name), "refs/remotes/\(remote)/tags/\(name)",
                        "refs/remotes/\(remote)/vault/withdrawn/\(name)",
                    ] {
                        if let there = (try? self.repository.referenceTarget(candidate)) ?? nil { return there }
                    }
                    return nil
                }
            }
        var outcome = try integrate(
            theirs: theirs, theirLedger: clashes.isEmpty && forged == nil ? ledger : nil, from: from,
            message: message ?? Message("pull.mergeTitle", ["from": .text(from)]).localized,
            author: author, merger: merger)
        outcome.ledgerClashes = clashes
        outcome.ledgerRefused = forged
        if clashes.isEmpty && forged == nil { outcome.withdrawals = try applyWithdrawals(from: remote, by: author) }
        // An administrator's change of the access list comes with the pull.
        outcome.accessChanged = followRemoteAccess(remote)
        // Reviewers' notes and verdicts, and clerks' replies: the union of both chains.
        do {
            let reviews = try repository.referenceTarget(Self.remoteReviewsRef(remote))
            outcome.reviewEntries = try mergeReviews(reviews, from: from, by: author)
        } catch {
            throw describe(any: error, while: "pull \(remote): reviews")
        }
        if let seen = seen ?? nil, seen != theirs, (try? repository.isAncestor(seen, of: theirs)) == false {
            let count = (try? repository.commits(from: seen, excluding: [theirs]).count) ?? 1
            outcome.remoteDropped = (count, seen, theirs)
        }
        return outcome
    }
}

extension Vault {
    /// Withdrawals another office made and the server holds (`refs/remotes/<remote>/vault/withdrawn/*`)
    /// whose ledger entry this vault now has: the local tag moves under `refs/vault/withdrawn/`
    /// as it did there, in one locked transaction. Returns the entries applied.
    func applyWithdrawals(from remote: String, by signer: GitSignature) throws(VaultError) -> [LedgerEntry] {
        let prefix = "refs/remotes/\(remote)/vault/withdrawn/"
        let withdrawnThere: [(name: String, tagObject: ObjectID)]
        do {
            withdrawnThere = try repository.references().filter { $0.name.hasPrefix(prefix) }.map {
                (String($0.name.dropFirst(prefix.count)), $0.target)
            }
        } catch {
            throw describe(error, while: "read \(prefix)")
        }
        guard !withdrawnThere.isEmpty else { return [] }
        let entries = try ledger().filter { $0.withdrawal != nil }
        var applied: [LedgerEntry] = []
        for (name, tagObject) in withdrawnThere {
            let withdrawn = Self.withdrawnRef(name), tagRef = "refs/tags/" + name
            guard (try? repository.referenceTarget(withdrawn)) ?? nil == nil,
                let entry = entries.last(where: { $0.tag == name && $0.tagObject == tagObject })
            else { continue }
            try moveTogether(
                [withdrawn, tagRef], removing: [tagRef], signature: signer, message: "vault pull: \(name) withdrawn",
                while: "withdraw \(name)"
            ) {
                current in
                guard current[withdrawn] == nil, current[tagRef] == nil || current[tagRef] == tagObject else {
                    throw VaultError.tagNotAsRecorded(name: name, recorded: tagObject.short)
                }
                return [withdrawn: tagObject]
            }
            applied.append(entry)
        }
        return applied
    }
}
