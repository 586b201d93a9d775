import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Vault {
    /// Finishes what a `vault tag` killed half-way left: a tag's reference and its ledger entry
    /// are written in one ref transaction, but libgit2 moves the two references one after the
    /// other, so a kill in between leaves one without the other. Loses nothing (every tag
    /// object stays reachable):
    ///
    /// - a tag that `vault tag` made (its message lists exactly the reports, with their
    ///   digests, of the commit it names) and that the ledger lacks gets its ledger entry,
    ///   recorded with the tag's own tagger and date;
    /// - a ledger entry whose tag reference is missing, while its tag object is still in the
    ///   vault, gets its reference back (`refs/tags/NAME` → the recorded tag object).
    ///
    /// A tag the ledger lacks that vault did not make here — no `vault tag` move in its
    /// reflog (a plain `git tag`, a fetched tag), a message that does not list its commit's
    /// reports, a tag of a tag — is left alone and named. A clone that has no ledger yet gets
    /// none made up: the ledger is fetched from the county vault instead. A tag that can't be
    /// repaired is said and the others are still done. Returns one line per thing done or left.
    public func repairLedger() throws(VaultError) -> [Message] {
        var done: [Message] = []
        // Locks left by a command that was stopped: nothing else can remove them.
        for lock in staleLocks() {
            if unlink(lock.path) == 0 {
                done.append(Message("verify.repair.lockRemoved", ["lock": .text(lock.path), "age": .count(lock.age)]))
            }
        }
        for temporary in staleTemporaries() where unlink(temporary.path) == 0 {
            done.append(
                Message(
                    "verify.repair.temporaryRemoved", ["path": .text(temporary.path), "size": .count(temporary.size)]))
        }
        done += repairDanglingReferences()
        let entries = try ledger()
        let remotes = repository.remoteNames()
        if entries.isEmpty, !(try self.tags()).isEmpty, ledgerRefMissing,
            let remote = remotes.contains("origin") ? "origin" : remotes.first
        {
            throw .repairNeedsLedger(command: "git fetch \(remote) '+refs/vault/*:refs/vault/*'")
        }
        let withdrawn = Set(entries.filter { $0.withdrawal != nil }.map(\.tag))
        let ledgered = Set(entries.filter { $0.withdrawal == nil }.map(\.tag))

        // Withdrawals killed half-way (three references move in one transaction, renamed one
        // after the other): the ledger decides. Recorded there: finished (the tag object stays
        // under refs/vault/withdrawn/). Not recorded: undone, the tag stands, to be withdrawn again.
        for entry in entries where entry.withdrawal != nil {
            let tagRef = "refs/tags/" + entry.tag, kept = Self.withdrawnRef(entry.tag)
            guard
                (try? repository.referenceTarget(tagRef)) == .some(entry.tagObject)
                    || (try? repository.referenceTarget(kept)) == .some(nil)
            else { continue }
            guard (try? repository.tagObjectBytes(entry.tagObject)) != nil else { continue }
            do {
                if try repository.referenceTarget(kept) == nil {
                    try repository.createReference(
                        kept, to: entry.tagObject, message: "vault verify --repair: withdraw \(entry.tag)")
                }
                if try repository.referenceTarget(tagRef) == entry.tagObject {
                    try repository.deleteReference(tagRef, expected: entry.tagObject)
                }
            } catch {
                done.append(
                    Message(
                        "verify.repair.failed",
                        [
                            "tag": .text(entry.tag),
                            "problem": .message(describe(error, while: "withdraw \(entry.tag)").message),
                        ]))
                continue
            }
            done.append(Message("verify.repair.finishedWithdrawal", ["tag": .text(entry.tag), "ref": .text(kept)]))
        }
        let recordedWithdrawals = Set(entries.filter { $0.withdrawal != nil }.map(\.tag))
        for name in withdrawnRefNames() where !recordedWithdrawals.contains(name) {
            let tagRef = "refs/tags/" + name, kept = Self.withdrawnRef(name)
            do {
                guard let object = try repository.referenceTarget(kept) else { continue }
                if try repository.referenceTarget(tagRef) == nil {
                    try repository.createReference(
                        tagRef, to: object, message: "vault verify --repair: restore \(name)")
                }
                guard try repository.referenceTarget(tagRef) == object else {
                    done.append(
                        Message(
                            "verify.repair.failed",
                            [
                                "tag": .text(name),
                                "problem": .message(Message("verify.repair.withdrawnOther", ["ref": .text(kept)])),
                            ]))
                    continue
                }
                try repository.deleteReference(kept, expected: object)
            } catch {
                done.append(
                    Message(
                        "verify.repair.failed",
                        ["tag": .text(name), "problem": .message(describe(error, while: "restore \(name)").message)]))
                continue
            }
            done.append(Message("verify.repair.undoneWithdrawal", ["tag": .text(name)]))
        }
        let tags = try self.tags()
        let present = Set(tags.map(\.name))

        // Ledger entries whose tag reference never got written.
        for entry in entries
        where entry.withdrawal == nil && !withdrawn.contains(entry.tag) && !present.contains(entry.tag) {
            guard let bytes = try? repository.tagObjectBytes(entry.tagObject),
                Self.tagHeader(bytes, "tag") == entry.tag, Self.tagHeader(bytes, "object") == entry.target.hex
            else {
                done.append(
                    Message(
                        "verify.repair.tagObjectGone",
                        ["tag": .text(entry.tag), "object": .text(entry.tagObject.short)]))
                continue
            }
            // Only an entry the repair can prove: `vault tag` recorded it here (the ledger's own
            // reflog), or the tag carries a good signature by an allowed signer. An entry that
            // arrived from elsewhere is never turned into a submission by a repair.
            guard ledgerEntryMadeHere(entry) || signedByAllowedSigner(entry) else {
                let remote = remotes.contains("origin") ? "origin" : remotes.first ?? "origin"
                done.append(
                    Message(
                        "verify.repair.entryUnproven",
                        ["tag": .text(entry.tag), "object": .text(entry.tagObject.short), "remote": .text(remote)]))
                continue
            }
            do {
                try repository.createReference(
                    "refs/tags/" + entry.tag, to: entry.tagObject,
                    message: "vault verify --repair: restore \(entry.tag)")
            } catch {
                done.append(
                    Message(
                        "verify.repair.failed",
                        [
                            "tag": .text(entry.tag),
                            "problem": .message(describe(error, while: "restore tag \(entry.tag)").message),
                        ]))
                continue
            }
            done.append(
                Message(
                    "verify.repair.restoredTag",
                    [
                        "tag": .text(entry.tag), "object": .text(entry.tagObject.short),
                        "commit": .text(entry.target.short),
                    ]))
        }

        // Tags whose ledger entry never got written.
        for tag in tags where !ledgered.contains(tag.name) && !withdrawn.contains(tag.name) {
            guard let object = tag.tagObject, let tagger = tag.tagger, madeByVaultTag(tag.name, object: object),
                let lines = try ledgerLines(recordedIn: tag)
            else {
                done.append(Message("verify.repair.notAdopted", ["tag": .text(tag.name)]))
                continue
            }
            let entry = LedgerEntry(
                tag: tag.name, tagObject: object, target: tag.target, date: tagger.isoDate, reports: lines)
            do { try appendToLedger(entry, by: tagger) } catch {
                done.append(
                    Message("verify.repair.failed", ["tag": .text(tag.name), "problem": .message(error.message)]))
                continue
            }
            done.append(
                Message(
                    "verify.repair.recordedTag",
                    ["tag": .text(tag.name), "object": .text(object.short), "commit": .text(tag.target.short)]))
        }
        return done
    }

    /// References that name an object the vault does not have (a write the disk refused while
    /// libgit2 reported success) go back to the newest value of their reflog that is there, or
    /// are removed when none is. One line per reference.
    func repairDanglingReferences() -> [Message] {
        var done: [Message] = []
        for (name, target) in (try? repository.references()) ?? [] where !repository.objectIsStored(target) {
            let moves = (try? repository.reflog(name)) ?? []
            let earlier = (moves.compactMap(\.new) + moves.compactMap(\.old)).first {
                $0 != target && repository.objectIsStored($0)
            }
            do {
                if let earlier {
                    try repository.setReference(
                        name, to: earlier, message: "vault verify --repair: \(target.short) is missing")
                    done.append(
                        Message(
                            "verify.repair.danglingBack",
                            ["ref": .text(name), "missing": .text(target.short), "now": .text(earlier.short)]))
                } else {
                    try repository.deleteReference(name)
                    done.append(
                        Message("verify.repair.danglingRemoved", ["ref": .text(name), "missing": .text(target.short)]))
                }
            } catch {
                done.append(
                    Message(
                        "verify.repair.failed",
                        ["tag": .text(name), "problem": .message(describe(error, while: "repair \(name)").message)]))
            }
        }
        return done
    }

    /// Whether the ledger's reflog shows `vault tag` (or its `--rename`) recording `entry` here.
    private func ledgerEntryMadeHere(_ entry: LedgerEntry) -> Bool {
        guard let moves = try? repository.reflog(Self.ledgerRef) else { return false }
        return moves.contains { move in
            (move.message == Self.tagReflogMessage(entry.tag) && move.new == entry.ledgerCommit)
                || move.message.hasSuffix(" → \(entry.tag)")
                    && move.message.hasPrefix("vault tag --rename: ")
        }
    }

    /// Whether `entry`'s tag object carries a good signature by a key the allowed signers name.
    private func signedByAllowedSigner(_ entry: LedgerEntry) -> Bool {
        guard let info = repository.tagInfo(object: entry.tagObject, name: entry.tag) else { return false }
        return signatureChecks([info]).checks.first?.status == .good
    }

    /// Whether `vault tag` made the tag `name` in this vault: its reference's newest move is the
    /// one `vault tag` writes (plain `git tag` and fetches write others), to a tag object that
    /// names a commit.
    private func madeByVaultTag(_ name: String, object: ObjectID) -> Bool {
        guard let newest = (try? repository.reflog("refs/tags/" + name))?.first, newest.new == object,
            newest.message == Self.tagReflogMessage(name),
            let bytes = try? repository.tagObjectBytes(object), Self.tagHeader(bytes, "type") == "commit"
        else { return false }
        return true
    }

    /// The ledger lines a tag made by `vault tag` records: its message's `Reports:` section,
    /// when each report it lists is in the tagged commit with the digest it records;
    /// nil otherwise.
    private func ledgerLines(recordedIn tag: TagInfo) throws(VaultError) -> [LedgerEntry.ReportLine]? {
        let (payload, _) = TagSignatureBlock.split(Array(tag.message.utf8))
        let message = String(decoding: payload, as: UTF8.self)
        guard let range = message.range(of: "\n\nReports:\n", options: .backwards) else { return nil }
        var recorded: [LedgerEntry.ReportLine] = []
        for line in message[range.upperBound...].split(separator: "\n") {
            // `path sha256:… [findings: E errors, W warnings]` (a unit name may hold spaces)
            guard let digestStart = line.range(of: " sha256:", options: .backwards) else { return nil }
            let words =
                [line[..<digestStart.lowerBound]]
                + line[line.index(after: digestStart.lowerBound)...].split(separator: " ")
            guard words.count >= 2, words[1].hasPrefix("sha256:") else { return nil }
            var line = LedgerEntry.ReportLine(path: String(words[0]), digest: String(words[1]), errors: 0, warnings: 0)
            if words.count == 7, words[2] == "findings:", let e = Int(words[3]), let w = Int(words[5]) {
                (line.errors, line.warnings) = (e, w)
            } else if words.count != 2 {
                return nil
            }
            recorded.append(line)
        }
        // A submission covers some of the commit's reports: each it names must be there, unchanged.
        guard !recorded.isEmpty, Set(recorded.map(\.path)).count == recorded.count else { return nil }
        for line in recorded {
            guard let path = ReportPath(storedPath: line.path), let stored = try? show(path, at: tag.target.hex),
                stored.report.digest == line.digest
            else {
                return nil
            }
        }
        return recorded
    }

    /// The value of header `name` in a tag object's bytes (`object`, `type`, `tag`, `tagger`).
    package static func tagHeader(_ bytes: [UInt8], _ name: String) -> String? {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { return nil }
            if line.hasPrefix(name + " ") { return String(line.dropFirst(name.count + 1)) }
        }
        return nil
    }
}
