import Foundation

extension Vault {
    /// Finishes what a `vault tag` killed half-way left: a tag's reference and its ledger entry
    /// are written in one ref transaction, but libgit2 moves the two references one after the
    /// other, so a kill in between leaves one without the other. Only adds, never removes:
    ///
    /// - a tag that `vault tag` made (its message lists exactly the reports, with their
    ///   digests, of the commit it names) and that the ledger lacks gets its ledger entry,
    ///   recorded with the tag's own tagger and date;
    /// - a ledger entry whose tag reference is missing, while its tag object is still in the
    ///   vault, gets its reference back (`refs/tags/NAME` → the recorded tag object).
    ///
    /// A tag the ledger lacks that vault did not make (a plain `git tag`) is left alone and
    /// named. Returns one line per thing done or left.
    public func repairLedger() throws(VaultError) -> [Message] {
        var done: [Message] = []
        let entries = try ledger()
        let tags = try self.tags()
        let withdrawn = Set(entries.filter { $0.withdrawal != nil }.map(\.tag))
        let ledgered = Set(entries.filter { $0.withdrawal == nil }.map(\.tag))
        let present = Set(tags.map(\.name))

        // Ledger entries whose tag reference never got written.
        for entry in entries where entry.withdrawal == nil && !withdrawn.contains(entry.tag) && !present.contains(entry.tag) {
            guard let bytes = try? repository.tagObjectBytes(entry.tagObject),
                Self.tagHeader(bytes, "tag") == entry.tag, Self.tagHeader(bytes, "object") == entry.target.hex
            else {
                done.append(Message("verify.repair.tagObjectGone", ["tag": .text(entry.tag), "object": .text(entry.tagObject.short)]))
                continue
            }
            do {
                try repository.createReference("refs/tags/" + entry.tag, to: entry.tagObject, message: "vault verify --repair: restore \(entry.tag)")
            } catch {
                throw describe(error, while: "restore tag \(entry.tag)")
            }
            done.append(Message("verify.repair.restoredTag", ["tag": .text(entry.tag), "object": .text(entry.tagObject.short), "commit": .text(entry.target.short)]))
        }

        // Tags whose ledger entry never got written.
        for tag in tags where !ledgered.contains(tag.name) && !withdrawn.contains(tag.name) {
            guard let object = tag.tagObject, let tagger = tag.tagger, let lines = try ledgerLines(recordedIn: tag) else {
                done.append(Message("verify.repair.notAdopted", ["tag": .text(tag.name)]))
                continue
            }
            let entry = LedgerEntry(tag: tag.name, tagObject: object, target: tag.target, date: tagger.isoDate, reports: lines)
            try appendToLedger(entry, by: tagger)
            done.append(Message("verify.repair.recordedTag", ["tag": .text(tag.name), "object": .text(object.short), "commit": .text(tag.target.short)]))
        }
        return done
    }

    /// The ledger lines a tag made by `vault tag` records: its message's `Reports:` section,
    /// when it lists exactly the reports of the tagged commit with their current digests;
    /// nil otherwise.
    private func ledgerLines(recordedIn tag: TagInfo) throws(VaultError) -> [LedgerEntry.ReportLine]? {
        let (payload, _) = TagSignatureBlock.split(Array(tag.message.utf8))
        let message = String(decoding: payload, as: UTF8.self)
        guard let range = message.range(of: "\n\nReports:\n", options: .backwards) else { return nil }
        var recorded: [LedgerEntry.ReportLine] = []
        for line in message[range.upperBound...].split(separator: "\n") {
            // `path sha256:… [findings: E errors, W warnings]`
            let words = line.split(separator: " ")
            guard words.count >= 2, words[1].hasPrefix("sha256:") else { return nil }
            var line = LedgerEntry.ReportLine(path: String(words[0]), digest: String(words[1]), errors: 0, warnings: 0)
            if words.count == 7, words[2] == "findings:", let e = Int(words[3]), let w = Int(words[5]) {
                (line.errors, line.warnings) = (e, w)
            } else if words.count != 2 {
                return nil
            }
            recorded.append(line)
        }
        var actual: [(String, String)] = []
        for (path, _) in try reports(at: tag.target.hex) {
            actual.append((path.storedPath, try show(path, at: tag.target.hex).report.digest))
        }
        guard actual.map(\.0) == recorded.map(\.path), actual.map(\.1) == recorded.map(\.digest) else { return nil }
        return recorded
    }

    /// The value of header `name` in a tag object's bytes (`object`, `type`, `tag`, `tagger`).
    static func tagHeader(_ bytes: [UInt8], _ name: String) -> String? {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { return nil }
            if line.hasPrefix(name + " ") { return String(line.dropFirst(name.count + 1)) }
        }
        return nil
    }
}
