import Foundation

/// The union of two submission ledgers, made when a pull completes (see ``Vault`` `integrate`).
extension Vault {
    /// Takes the entries of `theirs` (their `refs/vault/ledger`, fetched) into ours: a
    /// fast-forward when ours has no entry they lack, else a merge commit with both ledgers as
    /// parents. The merge commit keeps our last entry's tree and is no entry itself (``ledger()``
    /// skips commits with two parents). Returns how many of their entries were new here.
    func mergeLedger(_ theirs: ObjectID?, from: String, by signer: GitSignature) throws -> Int {
        guard let theirs else { return 0 }
        for attempt in 1...20 {
            let ours = try repository.branchTip(Self.ledgerRef)
            if let ours, try repository.isAncestor(theirs, of: ours) { return 0 }
            var newEntries = 0
            try repository.walk(from: theirs) { id in
                if let ours, try repository.isAncestor(id, of: ours) { return true }
                if try repository.commitInfo(id).parents.count < 2 { newEntries += 1 }
                return true
            }
            var target = theirs
            if let ours, try !repository.isAncestor(ours, of: theirs) {
                target = try repository.mergeCommitObject(updates: [], parents: [ours, theirs], message: "ledger: merge \(from)\n", author: signer, committer: signer)
            }
            // A tag recorded meanwhile moved the ledger: merge again with its new tip.
            if try moveLedger(from: ours, to: target, message: target == theirs ? "ledger: fast-forward to \(from)" : "ledger: merge \(from)", last: attempt == 20) {
                return newEntries
            }
        }
        return 0
    }

    /// Moves the ledger by compare-and-swap; false when it moved meanwhile (unless `last`, then it throws).
    private func moveLedger(from old: ObjectID?, to new: ObjectID, message: String, last: Bool) throws(GitError) -> Bool {
        do {
            try repository.moveBranch(Self.ledgerRef, from: old, to: new, message: message)
            return true
        } catch {
            if error.code == GitError.Code.modified && !last { return false }
            throw error
        }
    }
}
