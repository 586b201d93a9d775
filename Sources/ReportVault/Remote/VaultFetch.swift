import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What ``Vault/fetch(remote:options:)`` brought: the remote's branch and ledger tips, as the
/// remote-tracking references now hold them.
///
/// Fetching never moves the vault's own branch, tags or ledger: it only writes the
/// remote-tracking references below, the objects they need, and the server's tags this vault
/// lacks (`refs/tags/<name>`, unless withdrawn here). Merging is the pull's work (it reads
/// ``remoteBranch`` and ``remoteLedger``).
///
/// The fetch refspecs a clone or `vault remote add` configures (`remote.<name>.fetch`):
///
/// | refspec | brings |
/// |---|---|
/// | `+refs/heads/*:refs/remotes/<name>/*` | the branch, e.g. `refs/remotes/origin/main` |
/// | `+refs/vault/*:refs/remotes/<name>/vault/*` | the ledger `refs/remotes/origin/vault/ledger`, withdrawn tags `refs/remotes/origin/vault/withdrawn/*` |
/// | `+refs/tags/*:refs/remotes/<name>/tags/*` | submission tags, e.g. `refs/remotes/origin/tags/submitted-2025-01`; copied to `refs/tags/` by the vault only where the name is free (libgit2 would move a local tag) |
public struct FetchResult: Sendable {
    /// The remote's name, e.g. `origin`.
    public var remote: String
    /// Its URL with any `user:password@` removed, for messages.
    public var url: String
    /// The remote-tracking reference of the remote's branch, e.g. `refs/remotes/origin/main`.
    public var trackingBranch: String
    /// The remote's branch tip as fetched (what ``trackingBranch`` holds); nil when the remote
    /// has no commit yet.
    public var remoteBranch: ObjectID?
    /// The remote-tracking reference of the remote's ledger: `refs/remotes/origin/vault/ledger`.
    public var trackingLedger: String
    /// The remote's ledger tip (what ``trackingLedger`` holds); nil when nothing was tagged there.
    public var remoteLedger: ObjectID?
    /// The remote's tags, by name (without `refs/tags/`): the tag object each names there.
    public var remoteTags: [String: ObjectID]
    /// Tags whose name is taken here by another tag object; the local tag was left as it is.
    public var conflictingTags: [String]
}

extension Vault {
    /// Fetches from `remote` (default `origin`): updates the remote-tracking references named
    /// in ``FetchResult`` and brings new tags; the vault's branch, its existing tags and its
    /// ledger do not move. Throws a ``VaultError`` naming the URL (credentials removed) when the
    /// server cannot be reached, refuses the credentials, has no such repository or does not
    /// answer within the timeout; nothing is changed then.
    public func fetch(
        remote: String = "origin", options: RemoteOptions = RemoteOptions()
    ) throws(VaultError) -> FetchResult {
        try fetchAdvertised(remote: remote, options: options).result
    }

    /// ``fetch(remote:options:)``, with every reference the server advertised.
    func fetchAdvertised(
        remote: String, options: RemoteOptions, branch wanted: String? = nil
    ) throws(VaultError) -> (result: FetchResult, heads: [String: ObjectID]) {
        let url = try remoteURL(remote)
        // A fetch or pull that was stopped leaves remote-tracking locks: they guard nothing a
        // clerk made (the next fetch rewrites those references), so they are cleared here.
        for lock in staleLocks() where lock.path.contains("/refs/remotes/\(remote)/") { unlink(lock.path) }
        let session = options.session(url: url)
        let advertised: [RemoteHead]
        let refused: UnsafeTreeEntry?
        do {
            (advertised, refused) = try repository.fetch(from: remote, session: session) { heads throws(GitError) in
                try self.unsafeEntry(in: heads)
            }
        } catch {
            throw Self.remoteError(error, session: session)
        }
        if let refused {
            throw .unsafeTreeArrived(
                url: RemoteURL.redacted(url), commit: refused.commit.short, path: refused.path,
                rule: refused.rule.message)
        }
        var heads: [String: ObjectID] = [:]
        for head in advertised where !head.name.hasSuffix("^{}") { heads[head.name] = head.id }
        let branchName = String((wanted ?? branch).dropFirst("refs/heads/".count))
        var tags: [String: ObjectID] = [:]
        for (name, id) in heads where name.hasPrefix("refs/tags/") {
            tags[String(name.dropFirst("refs/tags/".count))] = id
        }
        // The server's tags this vault lacks become its tags; one taken here is never moved.
        var conflicts: [String] = []
        do {
            for (name, id) in tags.sorted(by: { $0.key < $1.key }) {
                if let ours = try repository.referenceTarget("refs/tags/" + name) {
                    if ours != id { conflicts.append(name) }
                } else if try repository.referenceTarget(Self.withdrawnRef(name)) == nil {
                    try repository.createReference(
                        "refs/tags/" + name, to: id, message: "vault: fetch \(remote): new tag")
                }
            }
        } catch {
            throw describe(error, while: "fetch \(remote): record its tags")
        }
        let result = FetchResult(
            remote: remote, url: RemoteURL.redacted(url),
            trackingBranch: "refs/remotes/\(remote)/\(branchName)", remoteBranch: heads["refs/heads/" + branchName],
            trackingLedger: "refs/remotes/\(remote)/vault/ledger", remoteLedger: heads[Self.ledgerRef],
            remoteTags: tags, conflictingTags: conflicts)
        return (result, heads)
    }
}

extension Vault {
    /// The first tree entry no checkout may write (``UnsafeTreeEntry``) in the commits the
    /// server's references bring that this vault does not have yet (each tree read once).
    func unsafeEntry(in heads: [RemoteHead]) throws(GitError) -> UnsafeTreeEntry? {
        let known = try repository.references().map(\.target).compactMap { repository.peeledCommit($0) }
        var checked = Set<ObjectID>()
        for head in heads where !head.name.hasSuffix("^{}") && head.symbolicTarget == nil {
            guard let tip = repository.peeledCommit(head.id) else { continue }
            if let found = try repository.firstUnsafeEntry(
                in: try repository.commits(from: tip, excluding: known), checked: &checked, modes: false)
            {
                return found
            }
        }
        return nil
    }

    /// How many revisions of the fetched remote branch this vault's branch lacks.
    public func commitsMissing(from fetched: FetchResult) throws(VaultError) -> Int {
        guard let theirs = fetched.remoteBranch else { return 0 }
        do {
            guard let ours = try repository.branchTip(branch) else {
                return try repository.commitsAhead(theirs, of: nil)
            }
            return try repository.commitsAhead(theirs, of: ours)
        } catch {
            throw describe(error, while: "compare with \(fetched.trackingBranch)")
        }
    }
}
