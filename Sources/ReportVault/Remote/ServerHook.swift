import Foundation

#if canImport(Glibc)
    import Glibc
    private let renameFile = Glibc.rename
#else
    import Darwin
    private let renameFile = Darwin.rename
#endif

/// One line git gives a `pre-receive` hook: a reference, its value before the push and the one
/// the push asks for (nil: it does not exist yet, or the push deletes it).
public struct RefUpdate: Sendable, Equatable {
    public var old: ObjectID?
    public var new: ObjectID?
    public var ref: String
}

/// The server vault's guard: a `pre-receive` hook in the bare repository that runs
/// `vault hooks pre-receive`, which refuses a push that
///
/// - moves or deletes a submission tag (`refs/tags/*`; a new tag is fine, unless its name was
///   withdrawn) — deleting one is accepted only as a withdrawal: the same push keeps the tag
///   object under `refs/vault/withdrawn/` and appends the ledger entry that withdraws it;
/// - moves or deletes anything under `refs/vault/withdrawn/`;
/// - rewrites the ledger (`refs/vault/ledger`): its new tip must descend from the old one, as an
///   appended entry or a merge of two ledgers does;
/// - deletes a branch, or moves it anywhere but forward (`git push --force` after a reset):
///   revisions on the server are never dropped (`vault init --bare` also sets git's own
///   `receive.denyNonFastForwards`, but configuration can be changed; the hook checks anyway);
/// - stores, in a commit it brings, a report under `reports/` that is not JSON, not in the
///   stored canonical form, not valid against the schema, or not at the path its identity gives.
///
/// While the hook runs, git keeps the pushed objects in a quarantine folder named only by its
/// environment (`GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`), so the repository is
/// opened from that environment (``Vault/openFromGitEnvironment(at:)``).
public enum ServerHook {
    /// The hook's file name in the repository's `hooks/` folder.
    public static let hookName = "pre-receive"

    /// The hook: a shell script running `vaultBinary` (an absolute path) on git's input.
    public static func script(vaultBinary: String) -> String {
        let quoted = "'" + vaultBinary.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            # Installed by vault (vault init --bare, vault hooks install): refuses a push that moves or
            # deletes a submission tag, rewrites the ledger, or stores a report not as vault stores it.
            # Re-write it with 'vault hooks install' after moving the vault binary.
            exec \(quoted) hooks pre-receive

            """
    }

    /// The pushing client's language, where git lets the hook know it: a push option
    /// `vault-lang=zh|en` (`GIT_PUSH_OPTION_<n>`, when the server advertises push options), or
    /// the `Accept-Language` vault sends over HTTP (git http-backend passes it on as
    /// `HTTP_ACCEPT_LANGUAGE`); nil when neither says (then the hook writes both languages).
    public static func clientLanguage(_ environment: [String: String]) -> Language? {
        if let count = environment["GIT_PUSH_OPTION_COUNT"].flatMap(Int.init), count > 0 {
            for i in 0..<count {
                guard let option = environment["GIT_PUSH_OPTION_\(i)"], option.hasPrefix("vault-lang=") else { continue }
                return option.dropFirst("vault-lang=".count).lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        if let accepted = environment["HTTP_ACCEPT_LANGUAGE"]?.lowercased() {
            if accepted.hasPrefix("zh") { return .zh }
            if accepted.hasPrefix("en") { return .en }
        }
        return nil
    }

    /// Reads git's standard input to the hook: one `<old> <new> <ref>` line per reference.
    /// Returns the updates and the lines it could not read.
    public static func updates(_ input: String) -> (updates: [RefUpdate], unreadable: [String]) {
        var updates: [RefUpdate] = []
        var unreadable: [String] = []
        for line in input.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, let old = ObjectID(hex: fields[0]), let new = ObjectID(hex: fields[1]) else {
                unreadable.append(String(line))
                continue
            }
            updates.append(RefUpdate(old: old.isZero ? nil : old, new: new.isZero ? nil : new, ref: fields[2]))
        }
        return (updates, unreadable)
    }

    /// What refuses the push git describes on `input`, in the repository git's environment
    /// names (else at `path`); empty when the push may go ahead.
    public static func refusals(input: String, at path: String, schemas: ReportSchemas) throws(VaultError) -> [Message] {
        let (updates, unreadable) = Self.updates(input)
        let vault = try Vault.openFromGitEnvironment(at: path)
        return unreadable.map { Message("hook.unreadableLine", ["line": .text($0)]) } + vault.refusals(of: updates, schemas: schemas)
    }
}

extension Vault {
    /// Writes the `pre-receive` hook that runs `vaultBinary` (an absolute path) into the
    /// repository's `hooks/` folder, replacing any hook there; returns the hook's path.
    public func installServerHook(vaultBinary: String) throws(VaultError) -> String {
        let folder = URL(fileURLWithPath: gitDirectory).appendingPathComponent("hooks")
        let hook = folder.appendingPathComponent(ServerHook.hookName)
        let temporary = folder.appendingPathComponent(".\(ServerHook.hookName).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(ServerHook.script(vaultBinary: vaultBinary).utf8).write(to: temporary)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary.path)
            // Renamed into place: git never runs a half-written hook.
            guard renameFile(temporary.path, hook.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(file: hook.path, reason: error.localizedDescription)
        }
        return hook.path
    }

    /// The reasons to refuse `updates`, one message per problem; empty when they may go ahead.
    func refusals(of updates: [RefUpdate], schemas: ReportSchemas) -> [Message] {
        var refusals: [Message] = []
        // Commits the server already has: a pushed branch's new commits are those reachable from
        // its new tip and from none of these.
        let known = ((try? repository.references()) ?? []).filter { $0.name.hasPrefix("refs/heads/") || $0.name.hasPrefix("refs/tags/") }
            .compactMap { repository.peeledCommit($0.target) }
        var checkedBlobs = Set<ObjectID>()
        for update in updates {
            let ref = update.ref
            if ref.hasPrefix("refs/tags/") {
                let name = String(ref.dropFirst("refs/tags/".count))
                if let old = update.old {
                    if let new = update.new {
                        refusals.append(Message("hook.tagMoved", ["ref": .text(ref), "old": .text(old.short), "new": .text(new.short), "name": .text(name)]))
                    } else if !isWithdrawal(of: name, tagObject: old, in: updates) {
                        refusals.append(Message("hook.tagDeleted", ["ref": .text(ref), "old": .text(old.short), "name": .text(name)]))
                    }
                    continue
                }
                if (try? repository.referenceTarget(Self.withdrawnRef(name))) != nil {  // exists
                    refusals.append(Message("hook.tagWithdrawn", ["ref": .text(ref), "name": .text(name)]))
                }
            } else if ref.hasPrefix("refs/vault/withdrawn/") {
                if let old = update.old {
                    refusals.append(Message("hook.withdrawnChanged", ["ref": .text(ref), "old": .text(old.short)]))
                }
                continue
            } else if ref == Self.ledgerRef {
                if let old = update.old {
                    if let new = update.new {
                        if (try? repository.isAncestor(old, of: new)) != true {
                            refusals.append(Message("hook.ledgerRewritten", ["ref": .text(ref), "old": .text(old.short), "new": .text(new.short)]))
                            continue
                        }
                    } else {
                        refusals.append(Message("hook.ledgerDeleted", ["ref": .text(ref), "old": .text(old.short)]))
                        continue
                    }
                }
                if let new = update.new { refusals += ledgerEntryRefusals(ref: ref, old: update.old, new: new, in: updates) }
                continue
            } else if ref.hasPrefix("refs/vault/") {
                continue  // the vault's other records hold no reports
            } else if ref.hasPrefix("refs/heads/"), let old = update.old {
                // A branch only grows: another office's revisions are never dropped from the server.
                guard let new = update.new else {
                    refusals.append(Message("hook.branchDeleted", ["ref": .text(ref), "old": .text(old.short)]))
                    continue
                }
                if (try? repository.isAncestor(old, of: new)) != true {
                    let lost = (try? repository.commits(from: old, excluding: [new]).count) ?? 1
                    refusals.append(Message("hook.branchRewritten", ["ref": .text(ref), "count": .count(lost), "old": .text(old.short), "new": .text(new.short)]))
                    continue
                }
            }
            // A branch, a new tag or any other reference: the reports its new commits store.
            guard let new = update.new, let tip = repository.peeledCommit(new) else { continue }
            refusals += reportRefusals(
                ref: ref, tip: tip, known: known + (update.old.flatMap { repository.peeledCommit($0) }.map { [$0] } ?? []), schemas: schemas, checked: &checkedBlobs)
        }
        return refusals
    }

    /// The entries a pushed ledger adds must each name a tag the server has (or this push
    /// creates, or withdraws) as that very tag object, and never a name the ledger already
    /// records: two offices' tags of one name would leave every clone's `verify` failing.
    private func ledgerEntryRefusals(ref: String, old: ObjectID?, new: ObjectID, in updates: [RefUpdate]) -> [Message] {
        guard let added = try? ledgerEntries(from: new, excluding: old) else {
            return [Message("hook.unreadable", ["ref": .text(ref), "problem": .text("ledger")])]
        }
        var names = Set(((try? old.map { try ledgerEntries(from: $0, excluding: nil) }) ?? nil ?? []).filter { $0.withdrawal == nil }.map(\.tag))
        var refusals: [Message] = []
        for entry in added.reversed() where entry.withdrawal == nil {
            if !names.insert(entry.tag).inserted {
                refusals.append(Message("hook.ledgerNameTwice", ["ref": .text(ref), "name": .text(entry.tag), "commit": .text(entry.target.short)]))
                continue
            }
            let tagRef = "refs/tags/" + entry.tag, withdrawn = Self.withdrawnRef(entry.tag)
            let pushed = updates.first { $0.ref == tagRef }.map { $0.new } ?? updates.first { $0.ref == withdrawn }.map { $0.new }
            let there = pushed ?? (try? repository.referenceTarget(tagRef)) ?? (try? repository.referenceTarget(withdrawn)) ?? nil
            if there != entry.tagObject {
                refusals.append(
                    Message("hook.ledgerTagMissing", ["ref": .text(ref), "name": .text(entry.tag), "tag": .text(entry.tagObject.short), "there": .text(there?.short ?? "-")]))
            }
        }
        return refusals
    }

    /// Whether deleting tag `name` (tag object `tagObject`) is a withdrawal: the same push keeps
    /// the tag object under `refs/vault/withdrawn/` and appends the ledger entry withdrawing it.
    private func isWithdrawal(of name: String, tagObject: ObjectID, in updates: [RefUpdate]) -> Bool {
        guard updates.contains(where: { $0.ref == Self.withdrawnRef(name) && $0.old == nil && $0.new == tagObject }),
            let ledger = updates.first(where: { $0.ref == Self.ledgerRef }), let newTip = ledger.new,
            let added = try? repository.commits(from: newTip, excluding: ledger.old.map { [$0] } ?? [])
        else { return false }
        return added.contains { id in
            guard let blob = try? repository.blobID(at: "entry.json", in: id), let bytes = try? repository.readBlob(blob),
                let value = try? JSONParser.parse(bytes), let entry = LedgerEntry(value, commit: id)
            else { return false }
            return entry.withdrawal != nil && entry.tag == name && entry.tagObject == tagObject
        }
    }

    /// The problems of the report blobs that the commits reachable from `tip` and from none of
    /// `known` add or change under `reports/`; blobs in `checked` are not read again.
    private func reportRefusals(ref: String, tip: ObjectID, known: [ObjectID], schemas: ReportSchemas, checked: inout Set<ObjectID>) -> [Message] {
        var refusals: [Message] = []
        let commits: [ObjectID]
        do { commits = try repository.commits(from: tip, excluding: known) } catch {
            return [Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)])]
        }
        for commit in commits {
            let changes: [(path: String, deleted: Bool)]
            do { changes = try repository.changes(in: commit) } catch {
                refusals.append(Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)]))
                continue
            }
            for change in changes where !change.deleted && change.path.hasPrefix("reports/") {
                let place = "\(commit.short):\(change.path)"
                guard let blob = try? repository.blobID(at: change.path, in: commit), checked.insert(blob).inserted else { continue }
                guard let bytes = try? repository.readBlob(blob) else {
                    refusals.append(
                        Message("hook.badReport", ["ref": .text(ref), "problem": .message(Message("verify.blobUnreadable", ["place": .text(place), "blob": .text(blob.short)]))]))
                    continue
                }
                for problem in Self.storedReportProblems(bytes, path: change.path, place: place, schemas: schemas) {
                    refusals.append(Message("hook.badReport", ["ref": .text(ref), "problem": .message(problem)]))
                }
            }
        }
        return refusals
    }
}
