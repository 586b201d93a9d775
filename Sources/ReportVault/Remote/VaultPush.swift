import Foundation

/// One reference a push moved or created on the server.
public struct PushedReference: Sendable, Equatable {
    /// The reference, e.g. `refs/heads/main`, `refs/tags/submitted-2025-01`, `refs/vault/ledger`.
    public var reference: String
    /// Where it was on the server (nil: it is new there) and where it is now.
    public var old: ObjectID?
    public var new: ObjectID
}

/// What ``Vault/push(remote:options:)`` sent.
public struct PushResult: Sendable {
    /// The remote's URL without credentials.
    public var url: String
    /// The references moved or created; empty when the server already had everything.
    public var updates: [PushedReference]
    /// Submission tags withdrawn here whose tag the push took off the server's `refs/tags/`
    /// (kept there under `refs/vault/withdrawn/`, with the ledger entry, in the same push).
    public var withdrawn: [String] = []
    /// What was kept back because the server's access list forbids it this user (tags, the
    /// ledger, the access list), each with the reason; the rest was sent.
    public var held: [Message] = []
    /// A note when the server's access list does not name the user vault knows this clerk as.
    public var unknownUser: String?
}

extension Vault {
    /// Sends the branch, every submission tag, the withdrawn tags and the ledger to `remote`,
    /// never forcing: it fetches first and refuses — with nothing sent — when the server's
    /// branch has revisions this vault lacks (``VaultError/remoteAhead(url:count:)``), when a
    /// tag of the same name names another object there, or when the two ledgers diverged
    /// (tags made on two clones); each says to run `vault pull`. A refusal by the server itself
    /// (a pre-receive hook) throws ``VaultError/pushRefused(url:reference:reason:server:)``
    /// with the server's own message.
    public func push(
        remote: String = "origin", options: RemoteOptions = RemoteOptions()
    ) throws(VaultError) -> PushResult {
        guard let tip = try tipForPush() else { throw .noCommitsYet }
        let (fetched, heads) = try fetchAdvertised(remote: remote, options: options)
        let url = fetched.url
        var updates: [PushedReference] = []
        var withdrawals: [String] = []
        do {
            if let theirs = fetched.remoteBranch, theirs != tip, !(try repository.isDescendant(tip, of: theirs)) {
                throw VaultError.remoteAhead(url: url, count: try repository.commitsAhead(theirs, of: tip))
            }
            if fetched.remoteBranch != tip {
                updates.append(PushedReference(reference: branch, old: fetched.remoteBranch, new: tip))
            }
            // Submission tags and withdrawn ones: created on the server, never moved there.
            for (name, ours) in try repository.references()
            where name.hasPrefix("refs/tags/") || name.hasPrefix("refs/vault/withdrawn/") {
                // A tag the server has withdrawn is not sent back: the next pull withdraws it here.
                if name.hasPrefix("refs/tags/"),
                    heads[Self.withdrawnRef(String(name.dropFirst("refs/tags/".count)))] == ours
                {
                    continue
                }
                guard let theirs = heads[name] else {
                    updates.append(PushedReference(reference: name, old: nil, new: ours))
                    continue
                }
                if theirs != ours {
                    let shown = name.hasPrefix("refs/tags/") ? String(name.dropFirst("refs/tags/".count)) : name
                    throw VaultError.remoteTagConflict(
                        url: url, name: shown, theirs: (repository.peeledCommit(theirs) ?? theirs).short,
                        ours: (repository.peeledCommit(ours) ?? ours).short)
                }
            }
            // A withdrawal travels whole: the server's tag leaves refs/tags/ in the push that
            // keeps it under refs/vault/withdrawn/ and brings the ledger entry (the hook checks).
            for (name, ours) in try repository.references() where name.hasPrefix("refs/vault/withdrawn/") {
                let tagRef = "refs/tags/" + name.dropFirst("refs/vault/withdrawn/".count)
                if heads[tagRef] == ours { withdrawals.append(tagRef) }
            }
            // The ledger goes when it only adds entries; when the server's only adds entries to
            // ours, there is nothing to send (a pull brings them); else the two diverged.
            if let ours = try repository.referenceTarget(Self.ledgerRef), ours != fetched.remoteLedger {
                if let theirs = fetched.remoteLedger, !(try repository.isDescendant(ours, of: theirs)) {
                    guard try repository.isDescendant(theirs, of: ours) else {
                        throw VaultError.remoteLedgerDiverged(url: url)
                    }
                } else {
                    updates.append(PushedReference(reference: Self.ledgerRef, old: fetched.remoteLedger, new: ours))
                }
            }
            // The review chain, as the ledger: sent when it only adds entries to the server's.
            if let ours = try repository.referenceTarget(Self.reviewsRef), ours != heads[Self.reviewsRef] {
                if let theirs = heads[Self.reviewsRef], !(try repository.isDescendant(ours, of: theirs)) {
                    guard try repository.isDescendant(theirs, of: ours) else {
                        throw VaultError.remoteReviewsDiverged(url: url)
                    }
                } else {
                    updates.append(PushedReference(reference: Self.reviewsRef, old: heads[Self.reviewsRef], new: ours))
                }
            }
            // The access list, as the ledger: sent when it only adds to the server's (an
            // administrator's change here); the server's own change comes with a pull.
            if let ours = try repository.referenceTarget(Self.accessRef), ours != heads[Self.accessRef] {
                if let theirs = heads[Self.accessRef], !(try repository.isDescendant(ours, of: theirs)) {
                    guard try repository.isDescendant(theirs, of: ours) else {
                        throw VaultError.remoteAccessDiverged(url: url)
                    }
                } else {
                    updates.append(PushedReference(reference: Self.accessRef, old: heads[Self.accessRef], new: ours))
                }
            }
        } catch {
            throw describe(any: error, while: "push to \(remote)")
        }
        // What the server's access list will refuse, said before anything is sent: the branch
        // refused sends nothing; records this user may not change (tags, the ledger, the access
        // list) are kept back, and the rest goes.
        let access = try checkAccessAsTheServerWould(
            updates, deleting: withdrawals.map { ($0, heads[$0]) }, remote: remote, url: url, heads: heads)
        updates.removeAll { access.held.contains($0.reference) }
        withdrawals.removeAll { access.held.contains($0) }
        guard !updates.isEmpty || !withdrawals.isEmpty else {
            var result = PushResult(url: url, updates: [])
            result.held = access.reasons
            result.unknownUser = access.unknownUser
            return result
        }
        // The server's hook refuses a commit storing a report not as vault stores it (a plain
        // git commit of a hand-edited file): said here, with the command that rewrites them.
        if updates.contains(where: { $0.reference == branch }) {
            let problems = try unsentProblems(schemas: try ReportSchemas.load())
            if let first = problems.first { throw .unsentNotStored(count: problems.count, first: first.problem) }
        }
        try checkAsTheServerWould(
            updates, deleting: withdrawals.map { ($0, heads[$0]) }, url: try remoteURL(remote), shown: url)
        let session = options.session(url: try remoteURL(remote))
        let refusals: [PushRefusal]
        do {
            // git updates a push's references one by one: the branch first, then the ledger,
            // then withdrawals and tags, so that the server's reference-transaction hook lets
            // each land only after what it names (all or nothing when another push races).
            func rank(_ update: PushedReference) -> Int {
                let ref = update.reference
                return ref == branch
                    ? 0
                    : ref == Self.ledgerRef || ref == Self.accessRef
                        ? 1 : ref.hasPrefix("refs/vault/withdrawn/") ? 2 : 4
            }
            let sorted = updates.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
                .map(\.element)
            let ahead = sorted.prefix { rank($0) < 4 }, tags = sorted.drop { rank($0) < 4 }
            // Tag removals (withdrawals) after the withdrawn references, before new tags.
            let refspecs =
                ahead.map { "\($0.reference):\($0.reference)" } + withdrawals.map { ":\($0)" }
                + tags.map { "\($0.reference):\($0.reference)" }
            refusals = try repository.push(to: remote, refspecs: refspecs, session: session)
        } catch  where error.code == GitError.Code.nonFastForward {
            // Someone pushed between the fetch and the push: count what they added.
            let count =
                (try? fetch(remote: remote, options: options)).flatMap { f in
                    f.remoteBranch.flatMap { try? repository.commitsAhead($0, of: tip) }
                } ?? 0
            throw .remoteAhead(url: url, count: max(count, 1))
        } catch {
            // git's receive-pack ends a push whose reference-transaction hook refused (another
            // office's push took the branch first) without a report: the server moved meanwhile.
            if let now = try? fetch(remote: remote, options: RemoteOptions()),
                now.remoteBranch != fetched.remoteBranch || now.remoteLedger != fetched.remoteLedger
            {
                throw .pushRaced(url: url, reference: branch)
            }
            throw Self.remoteError(error, session: session)
        }
        if let refused = refusals.first {
            // Another office's push held the reference's lock or moved it first.
            let status = refused.status.lowercased()
            if status.contains("lock") || status.contains("failed to update ref") {
                throw .pushRaced(url: url, reference: refused.reference)
            }
            throw .pushRefused(
                url: url, reference: refused.reference, reason: refused.status, server: session.serverLines)
        }
        return PushResult(
            url: url, updates: updates, withdrawn: withdrawals.map { String($0.dropFirst("refs/tags/".count)) },
            held: access.reasons, unknownUser: access.unknownUser)
    }

    private func tipForPush() throws(VaultError) -> ObjectID? {
        do { return try repository.branchTip(branch) } catch { throw describe(error, while: "read \(branch)") }
    }
}

extension Vault {
    /// libgit2's local transport (a folder or `file://` remote) runs no hook on the receiving
    /// side: a push there is checked here as the server vault's `pre-receive` hook would check
    /// it (``refusals(of:schemas:)``, the server opened with this vault's objects beside its own),
    /// and refused with the same reasons. A folder that is not a vault is left to the push.
    func checkAsTheServerWould(
        _ updates: [PushedReference], deleting: [(String, ObjectID?)] = [], url: String, shown: String
    ) throws(VaultError) {
        guard let folder = RemoteURL.localPath(url, relativeTo: path),
            let server = try? Vault.open(at: folder, durable: false),
            server.repository.configString("vault.version") != nil
                || FileManager.default.isExecutableFile(atPath: server.gitDirectory + "hooks/" + ServerHook.hookName)
        else { return }
        do { try server.repository.addAlternateObjects(repository.gitDirectory + "objects") } catch {
            throw describe(error, while: "push to \(shown)")
        }
        let refusals = server.refusals(
            of: updates.map { RefUpdate(old: $0.old, new: $0.new, ref: $0.reference) }
                + deleting.map { RefUpdate(old: $0.1, new: nil, ref: $0.0) },
            schemas: try ReportSchemas.load())
        guard let first = refusals.first else { return }
        let reference = Self.refusedReference(first) ?? updates.first?.reference ?? deleting.first?.0 ?? branch
        throw .pushRefused(
            url: shown, reference: reference, reason: "pre-receive hook declined", server: refusals.map(\.localized))
    }

    /// What the server's access list (as just fetched) says of a push by the user this vault
    /// knows its clerk as (``serverUser(url:)``): throws ``VaultError/pushForbidden`` when the
    /// branch would be refused (nothing is sent); returns the other references it would refuse
    /// (to be kept back) with their reasons, and the user's name when the list does not name
    /// them (the server decides). Nothing when the user or the list is unknown.
    func checkAccessAsTheServerWould(
        _ updates: [PushedReference], deleting: [(String, ObjectID?)], remote: String, url: String,
        heads: [String: ObjectID]
    ) throws(VaultError) -> (held: Set<String>, reasons: [Message], unknownUser: String?) {
        guard let user = serverUser(url: try? remoteURL(remote)), let theirs = heads[Self.accessRef],
            let list = try? accessList(inCommit: theirs)
        else { return ([], [], nil) }
        guard list.user(user) != nil else { return ([], [], user) }
        let pushed =
            updates.map { RefUpdate(old: $0.old, new: $0.new, ref: $0.reference) }
            + deleting.map { RefUpdate(old: $0.1, new: nil, ref: $0.0) }
        let accepted = heads.filter { $0.key == branch || $0.key.hasPrefix("refs/tags/") }.compactMap {
            repository.peeledCommit($0.value)
        }
        var held: Set<String> = [], reasons: [Message] = [], branchReasons: [Message] = []
        for update in pushed {
            var refused = accessRefusals(of: [update], by: .user(user), access: list, accepted: accepted)
            if update.ref == Self.accessRef, refused.isEmpty { refused = accessUpdateRefusals(update) }
            guard !refused.isEmpty else { continue }
            if update.ref.hasPrefix("refs/heads/") {
                branchReasons += refused
            } else {
                held.insert(update.ref); reasons += refused
            }
        }
        if !branchReasons.isEmpty {
            throw .pushForbidden(
                url: url, user: user, count: branchReasons.count, reasons: Message.joined(branchReasons))
        }
        // A tag without its ledger entry is refused: the one goes only with the other.
        if held.contains(Self.ledgerRef) {
            for update in pushed
            where update.ref.hasPrefix("refs/tags/") || update.ref.hasPrefix("refs/vault/withdrawn/") {
                held.insert(update.ref)
            }
        }
        return (held, reasons, nil)
    }

    /// The reference a hook refusal names (its `ref` argument), when it names one.
    private static func refusedReference(_ refusal: Message) -> String? {
        refusal.values["ref"].flatMap {
            guard case .text(let t) = $0 else { return nil }
            return t
        }
    }
}
