import Foundation

#if canImport(Glibc)
    import Glibc
    private let renameFile = Glibc.rename
#else
    import Darwin
    private let renameFile = Darwin.rename
#endif

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

    /// The second hook: git's `reference-transaction`, which sees each reference a push moves
    /// just before it moves (git updates a push's references one by one, and one can fail — a
    /// lock another office's push holds — while the others land). Run in the order vault sends
    /// them (branch, ledger, withdrawals, tags), it lets a ledger entry land only when its
    /// revision is on the branch and a tag only when its entry landed: all or nothing.
    public static let transactionHookName = "reference-transaction"

    /// The hook: a shell script running `vaultBinary` (an absolute path) on git's input.
    public static func script(vaultBinary: String) -> String {
        let quoted = shellQuoted(vaultBinary)
        return """
            #!/bin/sh
            # Installed by vault (vault init --bare, vault hooks install): refuses a push that moves or
            # deletes a submission tag, rewrites the ledger, or stores a report not as vault stores it.
            # Re-write it with 'vault hooks install' after moving the vault binary.
            exec \(quoted) hooks pre-receive

            """
    }

    /// The `reference-transaction` hook's script: git passes the state as its argument.
    public static func transactionScript(vaultBinary: String) -> String {
        let quoted = shellQuoted(vaultBinary)
        return """
            #!/bin/sh
            # Installed by vault (vault init --bare, vault hooks install): a push's submission tags and
            # ledger entries land only together with the revisions they name.
            exec \(quoted) hooks reference-transaction "$1"

            """
    }

    /// `path` in single quotes for sh, a quote inside written `'\''`.
    static func shellQuoted(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether the process that ran the hook is git's `receive-pack` (a push), as Linux shows it:
    /// the transaction hook checks pushes only, not git's own housekeeping on the server.
    public static func runByReceivePack() -> Bool {
        arguments(of: getppid()).joined(separator: " ").contains("receive-pack")
    }

    /// Whether the push this hook checks was made in the server's folder itself: git's
    /// receive-pack (the hook's parent) was started by a `git push` or `git send-pack`, or the
    /// hook was run by hand, not by git (``AccessIdentity/local``).
    public static func pushedLocally() -> Bool {
        guard runByReceivePack() else { return true }
        // git push starts receive-pack through `sh -c` for a folder.
        var starter = parent(of: getppid())
        if let pid = starter, let program = arguments(of: pid).first, program.hasSuffix("/sh") || program == "sh" {
            starter = parent(of: pid)
        }
        guard let pid = starter else { return false }
        let command = arguments(of: pid)
        guard let program = command.first?.split(separator: "/").last else { return false }
        return program == "git-send-pack"
            || (program == "git" && (command.contains("push") || command.contains("send-pack")))
    }

    /// A process's command line, as Linux's /proc shows it (empty when it cannot be read).
    static func arguments(of pid: Int32) -> [String] {
        (FileBytes.read("/proc/\(pid)/cmdline") ?? []).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A process's parent, from /proc (nil when it cannot be read).
    static func parent(of pid: Int32) -> Int32? {
        guard let status = FileBytes.read("/proc/\(pid)/stat") else { return nil }
        // The fields after the command name, which is in parentheses and may hold spaces.
        let text = String(decoding: status, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").dropFirst(1).first.flatMap { Int32($0) }
    }

    /// What refuses a `prepared` reference transaction of a push (``transactionHookName``),
    /// in the repository git's environment names (else at `path`); empty when it may go ahead.
    public static func transactionRefusals(input: String, at path: String) throws(VaultError) -> [Message] {
        let (updates, unreadable) = Self.updates(input)
        let vault = try Vault.openFromGitEnvironment(at: path)
        return unreadable.map { Message("hook.unreadableLine", ["line": .text($0)]) }
            + vault.transactionRefusals(of: updates)
    }

    /// The pushing client's language, where git lets the hook know it: a push option
    /// `vault-lang=zh|en` (`GIT_PUSH_OPTION_<n>`, when the server advertises push options), or
    /// the `Accept-Language` vault sends over HTTP (git http-backend passes it on as
    /// `HTTP_ACCEPT_LANGUAGE`); nil when neither says (then the hook writes both languages).
    public static func clientLanguage(_ environment: [String: String]) -> Language? {
        if let count = environment["GIT_PUSH_OPTION_COUNT"].flatMap(Int.init), count > 0 {
            for i in 0..<count {
                guard let option = environment["GIT_PUSH_OPTION_\(i)"], option.hasPrefix("vault-lang=") else {
                    continue
                }
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
    /// `identity`: who pushes, as the server authenticated them (``AccessIdentity/of(hookEnvironment:)``).
    public static func refusals(
        input: String, at path: String, schemas: ReportSchemas, identity: AccessIdentity
    ) throws(VaultError) -> [Message] {
        let (updates, unreadable) = Self.updates(input)
        let vault = try Vault.openFromGitEnvironment(at: path)
        let refusals =
            unreadable.map { Message("hook.unreadableLine", ["line": .text($0)]) }
            + vault.refusals(of: updates, schemas: schemas, identity: identity)
        // The push goes ahead: what it will move is left for the reference-transaction hook,
        // which sees one reference at a time (in whatever order the client sent them).
        if refusals.isEmpty, runByReceivePack() { vault.recordPendingPush(input) }
        return refusals
    }

    /// Where the `pre-receive` hook of the push being received by process `pid` leaves its
    /// updates for the `reference-transaction` hook.
    static func pendingPushFile(_ gitDirectory: String, pid: Int32) -> String {
        gitDirectory + "vault-push-\(pid)"
    }
}

extension Vault {
    /// Leaves `input` (the push's `<old> <new> <ref>` lines) for the reference-transaction hook
    /// of the same receive-pack, and removes such files of pushes whose process has ended.
    func recordPendingPush(_ input: String) {
        let folder = gitDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("vault-push-") {
            if let pid = Int32(name.dropFirst("vault-push-".count)), kill(pid, 0) != 0, errno == ESRCH {
                unlink(folder + name)
            }
        }
        try? Data(input.utf8).write(to: URL(fileURLWithPath: ServerHook.pendingPushFile(folder, pid: getppid())))
    }

    /// The updates of the push this process's receive-pack is carrying out, as its
    /// `pre-receive` hook accepted them (empty when there is no such record).
    func pendingPush() -> [RefUpdate] {
        guard let bytes = FileBytes.read(ServerHook.pendingPushFile(gitDirectory, pid: getppid())) else { return [] }
        return ServerHook.updates(String(decoding: bytes, as: UTF8.self)).updates
    }
}

extension Vault {
    /// Writes the `pre-receive` hook that runs `vaultBinary` (an absolute path) into the
    /// repository's `hooks/` folder, replacing any hook there; returns the hook's path.
    public func installServerHook(vaultBinary: String) throws(VaultError) -> String {
        let folder = URL(fileURLWithPath: gitDirectory).appendingPathComponent("hooks")
        for (name, text) in [
            (ServerHook.transactionHookName, ServerHook.transactionScript(vaultBinary: vaultBinary)),
            (ServerHook.hookName, ServerHook.script(vaultBinary: vaultBinary)),
        ] {
            let hook = folder.appendingPathComponent(name)
            let temporary = folder.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: temporary)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary.path)
                // Renamed into place: git never runs a half-written hook.
                guard renameFile(temporary.path, hook.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw .cannotWrite(file: hook.path, reason: error.localizedDescription)
            }
        }
        // git itself refuses malformed objects too (servers made before vault set this).
        if repository.isBare { try? repository.setConfig("receive.fsckObjects", "true") }
        return folder.appendingPathComponent(ServerHook.hookName).path
    }

    /// The reasons to refuse the references of one prepared transaction of a push: a ledger
    /// entry whose revision is on no branch (the branch's update failed), a new submission tag
    /// or a withdrawal whose ledger entry is not on the server (the ledger's update failed).
    func transactionRefusals(of updates: [RefUpdate]) -> [Message] {
        var refusals: [Message] = []
        let references = (try? repository.references()) ?? []
        func current(_ name: String) -> ObjectID? { references.first { $0.name == name }?.target }
        // What the push will still move counts as there (a plain git client may send the ledger
        // after its tags): the updates git carries out after these, in the order the client sent
        // them. One sent before that is still at its old value failed, and does not count.
        let all = pendingPush()
        let after =
            (all.lastIndex { update in updates.contains { $0.ref == update.ref } }).map { all.index(after: $0) }
            ?? all.endIndex
        // The updates of this very transaction land together with these (an atomic push, or
        // git ≥ 2.51 putting a whole push in one transaction).
        let pending =
            Array(all[after...].filter { current($0.ref) == $0.old && $0.new != nil })
            + updates.filter { $0.new != nil }
        var entries = (try? ledger()) ?? []
        if let ledger = pending.first(where: { $0.ref == Self.ledgerRef }), let new = ledger.new {
            entries += (try? ledgerEntries(from: new, excluding: ledger.old)) ?? []
        }
        let branches =
            references.filter { $0.name.hasPrefix("refs/heads/") }.map(\.target)
            + pending.filter { $0.ref.hasPrefix("refs/heads/") }.compactMap(\.new)
        for update in updates {
            let ref = update.ref
            if ref == Self.ledgerRef, let new = update.new {
                let added = (try? ledgerEntries(from: new, excluding: update.old)) ?? []
                for entry in added where entry.withdrawal == nil {
                    guard !branches.contains(where: { (try? repository.isAncestor(entry.target, of: $0)) == true })
                    else { continue }
                    refusals.append(
                        Message(
                            "txn.ledgerBeforeBranch",
                            ["ref": .text(ref), "name": .text(entry.tag), "commit": .text(entry.target.short)]))
                }
            } else if ref.hasPrefix("refs/tags/") {
                let name = String(ref.dropFirst("refs/tags/".count))
                if update.old == nil, let new = update.new,
                    !entries.contains(where: { $0.tag == name && $0.tagObject == new && $0.withdrawal == nil })
                {
                    refusals.append(Message("txn.tagBeforeLedger", ["ref": .text(ref), "name": .text(name)]))
                } else if let old = update.old, update.new == nil,
                    !entries.contains(where: { $0.tag == name && $0.tagObject == old && $0.withdrawal != nil })
                {
                    refusals.append(Message("txn.tagBeforeLedger", ["ref": .text(ref), "name": .text(name)]))
                }
            } else if ref.hasPrefix("refs/vault/withdrawn/"), update.old == nil, let new = update.new {
                let name = String(ref.dropFirst("refs/vault/withdrawn/".count))
                if !entries.contains(where: { $0.tag == name && $0.tagObject == new && $0.withdrawal != nil }) {
                    refusals.append(Message("txn.tagBeforeLedger", ["ref": .text(ref), "name": .text(name)]))
                }
            }
        }
        return refusals
    }

    /// Whether `zone` is a time zone as git writes it that exists (`+0800`; −12:00 to +14:00).
    static func isTimeZone(_ zone: String) -> Bool {
        let chars = Array(zone.utf8)
        guard chars.count == 5, chars[0] == UInt8(ascii: "+") || chars[0] == UInt8(ascii: "-"),
            let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2)),
            zone.dropFirst().allSatisfy(\.isNumber)
        else { return false }
        return hours <= 14 && minutes <= 59
    }

    /// The largest report the server takes (the largest real report is under 100 KB): a larger
    /// blob under `reports/` is refused before it is read.
    static let largestReport = 2 << 20

    /// The reasons to refuse `updates` pushed by `identity`, one message per problem; empty
    /// when they may go ahead. Who may push what is the server's access list's to say
    /// (``accessRefusals(of:by:access:known:)``); a server without one takes every pusher.
    func refusals(of updates: [RefUpdate], schemas: ReportSchemas, identity: AccessIdentity = .local) -> [Message] {
        var refusals: [Message] = []
        // Commits the server already has: a pushed branch's new commits are those reachable from
        // its new tip and from none of these.
        let references = (try? repository.references()) ?? []
        let known = references.filter { $0.name.hasPrefix("refs/heads/") || $0.name.hasPrefix("refs/tags/") }.compactMap
        { repository.peeledCommit($0.target) }
        // The list as the server holds it decides, never the one pushed. A vault without one
        // gets its first on the server itself (vault access grant there), never by a push:
        // the first pusher would make themself its administrator.
        if identity != .local {
            do {
                if let current = try accessList() {
                    refusals += accessRefusals(
                        of: updates, by: identity, access: current.list, accepted: acceptedCommits(among: references))
                } else if let first = updates.first(where: { $0.ref == Self.accessRef }) {
                    refusals.append(Message("hook.accessFirstOnServer", ["ref": .text(first.ref)]))
                }
            } catch {
                refusals.append(
                    Message("hook.unreadable", ["ref": .text(Self.accessRef), "problem": .message(error.message)]))
            }
        }
        var checkedBlobs = Set<ObjectID>()
        var checkedTrees = Set<ObjectID>()
        // The ledger as it will be after this push: what a new tag must be recorded in.
        let ledgerUpdate = updates.first { $0.ref == Self.ledgerRef }
        let ledgerTip = ledgerUpdate.map { $0.new } ?? (try? repository.referenceTarget(Self.ledgerRef)) ?? nil
        let recorded = ((try? ledgerTip.map { try ledgerEntries(from: $0, excluding: nil) }) ?? nil) ?? []
        for update in updates {
            let ref = update.ref
            if ref.hasPrefix("refs/tags/") {
                let name = String(ref.dropFirst("refs/tags/".count))
                if update.old == nil, let new = update.new,
                    (try? repository.referenceTarget(Self.withdrawnRef(name))) == nil
                {
                    // A new submission is an annotated tag of a commit, recorded in the ledger this push
                    // leaves on the server (a plain `git tag`, lightweight or not, is not a submission).
                    guard let bytes = try? repository.tagObjectBytes(new), Self.tagHeader(bytes, "type") == "commit"
                    else {
                        refusals.append(Message("hook.tagNotAnnotated", ["ref": .text(ref), "new": .text(new.short)]))
                        continue
                    }
                    if !recorded.contains(where: { $0.tag == name && $0.tagObject == new && $0.withdrawal == nil }) {
                        refusals.append(
                            Message(
                                "hook.tagNotInLedger",
                                ["ref": .text(ref), "name": .text(name), "new": .text(new.short)]))
                        continue
                    }
                }
                if let old = update.old {
                    if let new = update.new {
                        refusals.append(
                            Message(
                                "hook.tagMoved",
                                [
                                    "ref": .text(ref), "old": .text(old.short), "new": .text(new.short),
                                    "name": .text(name),
                                ]))
                    } else if !isWithdrawal(of: name, tagObject: old, in: updates) {
                        refusals.append(
                            Message(
                                "hook.tagDeleted", ["ref": .text(ref), "old": .text(old.short), "name": .text(name)]))
                    }
                    continue
                }
                if (try? repository.referenceTarget(Self.withdrawnRef(name))) != nil {  // exists
                    refusals.append(Message("hook.tagWithdrawn", ["ref": .text(ref), "name": .text(name)]))
                }
            } else if ref.hasPrefix("refs/vault/withdrawn/") {
                if let old = update.old {
                    refusals.append(Message("hook.withdrawnChanged", ["ref": .text(ref), "old": .text(old.short)]))
                } else if let new = update.new {
                    // Only a withdrawal the same push records: never a name squatted for later.
                    let name = String(ref.dropFirst("refs/vault/withdrawn/".count))
                    if !recorded.contains(where: { $0.tag == name && $0.tagObject == new && $0.withdrawal != nil }) {
                        refusals.append(Message("hook.withdrawnNotRecorded", ["ref": .text(ref), "name": .text(name)]))
                    }
                }
                continue
            } else if ref == Self.ledgerRef {
                if let old = update.old {
                    guard let new = update.new else {
                        refusals.append(Message("hook.ledgerDeleted", ["ref": .text(ref), "old": .text(old.short)]))
                        continue
                    }
                    if (try? repository.isAncestor(old, of: new)) != true {
                        refusals.append(
                            Message(
                                "hook.ledgerRewritten",
                                ["ref": .text(ref), "old": .text(old.short), "new": .text(new.short)]))
                        continue
                    }
                }
                if let new = update.new {
                    refusals += ledgerEntryRefusals(ref: ref, old: update.old, new: new, in: updates)
                }
                continue
            } else if ref == Self.accessRef {
                refusals += accessUpdateRefusals(update)
                continue
            } else if ref == Self.reviewsRef {
                refusals += reviewUpdateRefusals(update)
                continue
            } else if ref.hasPrefix("refs/vault/") || (!ref.hasPrefix("refs/heads/") && !ref.hasPrefix("refs/tags/")) {
                // The ledger, withdrawn submissions and reviews are the vault's only other records.
                refusals.append(Message("hook.refNotAllowed", ["ref": .text(ref)]))
                continue
            } else if ref.hasPrefix("refs/heads/"), let old = update.old {
                // A branch only grows: another office's revisions are never dropped from the server.
                guard let new = update.new else {
                    refusals.append(Message("hook.branchDeleted", ["ref": .text(ref), "old": .text(old.short)]))
                    continue
                }
                if (try? repository.isAncestor(old, of: new)) != true {
                    let lost = (try? repository.commits(from: old, excluding: [new]).count) ?? 1
                    refusals.append(
                        Message(
                            "hook.branchRewritten",
                            [
                                "ref": .text(ref), "count": .count(lost), "old": .text(old.short),
                                "new": .text(new.short),
                            ]))
                    continue
                }
            }
            // A branch or a new tag: the trees and reports its new commits store.
            guard let new = update.new, let tip = repository.peeledCommit(new) else { continue }
            refusals += reportRefusals(
                ref: ref, tip: tip,
                known: known + (update.old.flatMap { repository.peeledCommit($0) }.map { [$0] } ?? []),
                schemas: schemas, checked: &checkedBlobs,
                trees: &checkedTrees)
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
        // Every commit it appends is one vault makes, naming the submission tag the server will hold.
        let tagAt = { (name: String) -> ObjectID? in
            for candidate in ["refs/tags/" + name, Self.withdrawnRef(name)] {
                if let update = updates.first(where: { $0.ref == candidate }) {
                    if let new = update.new { return new }
                    continue
                }
                if let there = try? self.repository.referenceTarget(candidate) { return there }
            }
            return nil
        }
        var names = Set(
            ((try? old.map { try ledgerEntries(from: $0, excluding: nil) }) ?? nil ?? []).filter {
                $0.withdrawal == nil
            }.map(\.tag))
        var refusals: [Message] = []
        for entry in added where entry.withdrawal != nil {
            let kept = Self.withdrawnRef(entry.tag)
            let there =
                updates.first { $0.ref == kept }.map { $0.new } ?? (try? repository.referenceTarget(kept)) ?? nil
            if there != entry.tagObject {
                refusals.append(
                    Message(
                        "hook.withdrawalNotKept", ["ref": .text(ref), "name": .text(entry.tag), "kept": .text(kept)]))
            }
        }
        for entry in added.reversed() where entry.withdrawal == nil {
            if !names.insert(entry.tag).inserted {
                refusals.append(
                    Message(
                        "hook.ledgerNameTwice",
                        ["ref": .text(ref), "name": .text(entry.tag), "commit": .text(entry.target.short)]))
                continue
            }
            let tagRef = "refs/tags/" + entry.tag, withdrawn = Self.withdrawnRef(entry.tag)
            let pushed =
                updates.first { $0.ref == tagRef }.map { $0.new }
                ?? updates.first { $0.ref == withdrawn }.map { $0.new }
            let there =
                pushed ?? (try? repository.referenceTarget(tagRef)) ?? (try? repository.referenceTarget(withdrawn))
                ?? nil
            if there != entry.tagObject {
                refusals.append(
                    Message(
                        "hook.ledgerTagMissing",
                        [
                            "ref": .text(ref), "name": .text(entry.tag), "tag": .text(entry.tagObject.short),
                            "there": .text(there?.short ?? "-"),
                        ]))
            }
        }
        if refusals.isEmpty, let problem = ledgerProblem(from: new, excluding: old.map { [$0] } ?? [], tagAt: tagAt) {
            refusals.append(Message("hook.ledgerForged", ["ref": .text(ref), "problem": .message(problem)]))
        }
        return refusals
    }

    /// Whether deleting tag `name` (tag object `tagObject`) is a withdrawal: the same push keeps
    /// the tag object under `refs/vault/withdrawn/` and appends the ledger entry withdrawing it.
    private func isWithdrawal(of name: String, tagObject: ObjectID, in updates: [RefUpdate]) -> Bool {
        // Finished on the server but for the tag's removal (a push cut after the ledger and the
        // withdrawn reference landed): the removal alone completes it.
        if (try? repository.referenceTarget(Self.withdrawnRef(name))) == .some(tagObject),
            ((try? ledger()) ?? []).contains(where: {
                $0.tag == name && $0.tagObject == tagObject && $0.withdrawal != nil
            })
        {
            return true
        }
        guard updates.contains(where: { $0.ref == Self.withdrawnRef(name) && $0.old == nil && $0.new == tagObject }),
            let ledger = updates.first(where: { $0.ref == Self.ledgerRef }), let newTip = ledger.new,
            let added = try? repository.commits(from: newTip, excluding: ledger.old.map { [$0] } ?? [])
        else { return false }
        return added.contains { id in
            guard let blob = try? repository.blobID(at: "entry.json", in: id),
                let bytes = try? repository.readBlob(blob),
                let value = try? JSONParser.parse(bytes), let entry = LedgerEntry(value, commit: id)
            else { return false }
            return entry.withdrawal != nil && entry.tag == name && entry.tagObject == tagObject
        }
    }

    /// The problems of the report blobs that the commits reachable from `tip` and from none of
    /// `known` add or change under `reports/`; blobs in `checked` are not read again.
    private func reportRefusals(
        ref: String, tip: ObjectID, known: [ObjectID], schemas: ReportSchemas, checked: inout Set<ObjectID>,
        trees: inout Set<ObjectID>
    ) -> [Message] {
        var refusals: [Message] = []
        let commits: [ObjectID]
        do { commits = try repository.commits(from: tip, excluding: known) } catch {
            return [Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)])]
        }
        // No tree entry a checkout may not write (`..`, `.git`, links, modes), as a fetch checks.
        do {
            if let unsafe = try repository.firstUnsafeEntry(in: commits, checked: &trees) {
                return [
                    Message(
                        "hook.unsafeTree",
                        [
                            "ref": .text(ref), "commit": .text(unsafe.commit.short), "path": .text(unsafe.path),
                            "rule": .message(unsafe.rule.message),
                        ])
                ]
            }
        } catch {
            return [Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)])]
        }
        let now = Int64(Date().timeIntervalSince1970)
        for commit in commits {
            // Dates: a day ahead of the server's clock at most, not before 2000, a zone that exists.
            for (time, zone) in repository.commitDates(commit)
            where time > now + 86_400 || time < 946_684_800 || !Self.isTimeZone(zone) {
                refusals.append(
                    Message(
                        "hook.badDate",
                        ["ref": .text(ref), "commit": .text(commit.short), "date": .text("@\(time) \(zone)")]))
                break
            }
            let changes: [(path: String, deleted: Bool)]
            do { changes = try repository.changes(in: commit) } catch {
                refusals.append(Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)]))
                continue
            }
            for change in changes where !change.deleted && change.path.hasPrefix("reports/") {
                let place = "\(commit.short):\(change.path)"
                guard let blob = try? repository.blobID(at: change.path, in: commit), checked.insert(blob).inserted
                else { continue }
                // Larger than any report: refused before it is read.
                if let size = repository.blobSize(blob), size > Self.largestReport {
                    refusals.append(
                        Message(
                            "hook.reportTooLarge",
                            [
                                "ref": .text(ref), "place": .text(place), "size": .count(size),
                                "limit": .count(Self.largestReport),
                            ]))
                    continue
                }
                guard let bytes = try? repository.readBlob(blob) else {
                    refusals.append(
                        Message(
                            "hook.badReport",
                            [
                                "ref": .text(ref),
                                "problem": .message(
                                    Message(
                                        "verify.blobUnreadable", ["place": .text(place), "blob": .text(blob.short)])),
                            ]))
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
