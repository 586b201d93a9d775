import Foundation

/// The union of two submission ledgers, made when a pull completes (see ``Vault`` `integrate`).
extension Vault {
    /// Takes the entries of `theirs` (their `refs/vault/ledger`, fetched) into ours: a
    /// fast-forward when ours has no entry they lack, else a merge commit with both ledgers as
    /// parents. The merge commit keeps our last entry's tree and is no entry itself (``ledger()``
    /// skips commits with two parents). Returns how many of their entries were new here.
    func mergeLedger(_ theirs: ObjectID?, from: String, by signer: GitSignature) throws -> Int {
        try mergeChain(Self.ledgerRef, word: "ledger", theirs, from: from, by: signer)
    }

    /// Takes the entries of `theirs` (another office's review chain, fetched) into ours, as
    /// ``mergeLedger(_:from:by:)`` does for the ledger: the union, never a rewrite.
    package func mergeReviews(_ theirs: ObjectID?, from: String, by signer: GitSignature) throws -> Int {
        try mergeChain(Self.reviewsRef, word: "review", theirs, from: from, by: signer)
    }

    /// The union of two chains of one-entry commits on `ref` (the ledger, the reviews).
    private func mergeChain(
        _ ref: String, word: String, _ theirs: ObjectID?, from: String, by signer: GitSignature
    )
        throws -> Int
    {
        guard let theirs else { return 0 }
        for attempt in 1...20 {
            let ours = try repository.branchTip(ref)
            if let ours, try repository.isAncestor(theirs, of: ours) { return 0 }
            var newEntries = 0
            try repository.walk(from: theirs) { id in
                if let ours, try repository.isAncestor(id, of: ours) { return true }
                if try repository.commitInfo(id).parents.count < 2 { newEntries += 1 }
                return true
            }
            var target = theirs
            if let ours, try !repository.isAncestor(ours, of: theirs) {
                target = try repository.mergeCommitObject(
                    updates: [], parents: [ours, theirs], message: "\(word): merge \(from)\n", author: signer,
                    committer: signer)
            }
            // An entry recorded meanwhile moved the chain: merge again with its new tip.
            if try moveChain(
                ref, from: ours, to: target,
                message: target == theirs ? "\(word): fast-forward to \(from)" : "\(word): merge \(from)",
                last: attempt == 20)
            {
                return newEntries
            }
        }
        return 0
    }

    /// Moves `ref` by compare-and-swap; false when it moved meanwhile (unless `last`, then it throws).
    private func moveChain(
        _ ref: String, from old: ObjectID?, to new: ObjectID, message: String, last: Bool
    )
        throws(GitError) -> Bool
    {
        do {
            try repository.moveBranch(ref, from: old, to: new, message: message)
            return true
        } catch {
            if error.code == GitError.Code.modified && !last { return false }
            throw error
        }
    }
}

/// One submission name two offices recorded for different tags: ours made here and not yet
/// sent, theirs on the county vault. Their ledgers are not merged until ours is renamed.
public struct LedgerClash: Sendable {
    public var name: String
    /// The commits the two tags name.
    public var ours: ObjectID
    public var theirs: ObjectID
}

extension Vault {
    /// The entries of the ledger commits reachable from `tip` and not from `excluding`, newest
    /// first (merges of two ledgers hold none).
    package func ledgerEntries(from tip: ObjectID, excluding: ObjectID?) throws -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        for id in try repository.commits(from: tip, excluding: excluding.map { [$0] } ?? [])
        where try repository.commitInfo(id).parents.count < 2 {
            guard let blob = try repository.blobID(at: "entry.json", in: id),
                let value = try? JSONParser.parse(try repository.readBlob(blob)),
                let entry = LedgerEntry(value, commit: id)
            else { continue }
            entries.append(entry)
        }
        return entries
    }

    /// The names recorded on both sides for different tags: an entry of ours that their ledger
    /// `theirs` lacks, and one of theirs that ours lacks, for the same name.
    public func ledgerClashes(theirs: ObjectID?) throws(VaultError) -> [LedgerClash] {
        do {
            guard let theirs, let ours = try repository.branchTip(Self.ledgerRef) else { return [] }
            let onlyOurs = try ledgerEntries(from: ours, excluding: theirs).filter { $0.withdrawal == nil }
            guard !onlyOurs.isEmpty else { return [] }
            let onlyTheirs = try ledgerEntries(from: theirs, excluding: ours).filter { $0.withdrawal == nil }
            return onlyOurs.compactMap { mine in
                guard let other = onlyTheirs.first(where: { $0.tag == mine.tag && $0.tagObject != mine.tagObject })
                else { return nil }
                return LedgerClash(name: mine.tag, ours: mine.target, theirs: other.target)
            }.sorted { $0.name < $1.name }
        } catch {
            throw describe(any: error, while: "compare the ledgers")
        }
    }

    /// Renames the submission tag `old`, made here and not yet sent anywhere, to `new`: a tag
    /// object of the new name (same commit, tagger, date and message) replaces it, and the
    /// ledger's entries made since it are written again on top of the renamed one — all in one
    /// locked transaction. How an office gives way when another recorded the same name first.
    /// A signed tag, or one already on a remote's ledger, is refused.
    public func renameUnsentTag(
        _ old: String, to new: String
    ) throws(VaultError) -> (tagObject: ObjectID, target: ObjectID) {
        guard GitRepository.isValidTagName(new) else { throw .invalidTagName(name: new) }
        if (try? repository.tag(named: new)) != nil || (try? repository.referenceTarget(Self.withdrawnRef(new))) != nil
        {
            throw .tagExists(name: new)
        }
        let doing = "rename tag \(old)"
        do {
            guard let tip = try repository.branchTip(Self.ledgerRef),
                let entry = try ledger().last(where: { $0.tag == old && $0.withdrawal == nil }),
                let entryCommit = entry.ledgerCommit
            else { throw VaultError.notInLedger(name: old) }
            // Sent: on some remote's ledger.
            for (name, target) in try repository.references()
            where name.hasPrefix("refs/remotes/") && name.hasSuffix("/vault/ledger") {
                if try repository.isAncestor(entryCommit, of: target) { throw VaultError.tagAlreadySent(name: old) }
            }
            guard let bytes = try repository.tagObjectBytes(entry.tagObject),
                let text = String(validating: bytes, as: UTF8.self)
            else {
                throw VaultError.tagMissing(name: old)
            }
            if text.contains("-----BEGIN SSH SIGNATURE-----") || text.contains("-----BEGIN PGP SIGNATURE-----") {
                throw VaultError.signedTagNotRenamed(name: old)
            }
            let renamedText = text.replacingOccurrences(of: "\ntag \(old)\n", with: "\ntag \(new)\n")
            guard renamedText != text else { throw VaultError.tagMissing(name: old) }
            let tagObject = try repository.writeTagObject(Array(renamedText.utf8))
            // The ledger from the renamed entry on: the first-parent chain, without merges.
            var chain: [ObjectID] = []
            var cursor: ObjectID? = tip
            while let id = cursor, id != entryCommit {
                let info = try repository.commitInfo(id)
                guard info.parents.count == 1 else { throw VaultError.ledgerMergedSince(name: old) }
                chain.append(id)
                cursor = info.parents.first
            }
            guard cursor == entryCommit else { throw VaultError.notInLedger(name: old) }
            var renamed = entry
            renamed.tag = new
            renamed.tagObject = tagObject
            let entryInfo = try repository.commitInfo(entryCommit)
            let blob = try repository.writeBlob(CanonicalJSON.stored(renamed.json))
            guard
                var parent = try repository.commitObject(
                    updates: [("entry.json", blob)], parent: entryInfo.parents.first,
                    message: "ledger: tag \(new) (renamed from \(old))\n", author: entryInfo.author,
                    committer: entryInfo.committer)
            else { throw VaultError.notInLedger(name: old) }
            for id in chain.reversed() {
                let info = try repository.commitInfo(id)
                guard let entryBlob = try repository.blobID(at: "entry.json", in: id),
                    let next = try repository.commitObject(
                        updates: [("entry.json", entryBlob)], parent: parent, message: info.message,
                        author: info.author, committer: info.committer)
                else { continue }
                parent = next
            }
            let newLedger = parent
            let oldRef = "refs/tags/" + old, newRef = "refs/tags/" + new
            try moveTogether(
                [oldRef, newRef, Self.ledgerRef], removing: [oldRef], signature: entryInfo.author,
                message: "vault tag --rename: \(old) → \(new)", while: doing
            ) { current in
                guard current[oldRef] == entry.tagObject, current[newRef] == nil, current[Self.ledgerRef] == tip else {
                    throw VaultError.branchKeptMoving(doing: doing)
                }
                return [newRef: tagObject, Self.ledgerRef: newLedger]
            }
            return (tagObject, entry.target)
        } catch let error as VaultError {
            throw error
        } catch {
            throw describe(any: error, while: doing)
        }
    }
}
