import Foundation

/// The ledger is append-only by vault: an entry that arrives (a push the server's hook sees, a
/// ledger a pull would merge) is taken only when it is exactly what `vault tag`, `vault tag
/// --withdraw`, `verify --repair` or a pull's merge writes. What plain git can forge without
/// knowing a signing key: a ledger commit of another form, an entry whose tag object is not
/// the submission tag, a tagger other than the ledger commit's author, a report list that is
/// not the tag's own. Who may append at all is the server's permissions' work.
extension Vault {
    /// Why the ledger commit `id` is not one vault makes, or nil. `tagAt(name)` is the tag
    /// object the receiving side has, or receives in the same transfer, as submission `name`
    /// (under `refs/tags/`, or `refs/vault/withdrawn/` once withdrawn).
    func ledgerCommitProblem(_ id: ObjectID, tagAt: (String) -> ObjectID?) -> Message? {
        func problem(_ message: Message) -> Message {
            Message(message.key, message.values.merging(["commit": .text(id.short)]) { a, _ in a })
        }
        guard let info = try? repository.commitInfo(id) else { return problem(Message("ledger.proof.unreadable")) }
        switch info.parents.count {
        case 2:
            // A pull's merge of two ledgers: no entry of its own, the tree of one of its parents.
            let trees = info.parents.compactMap { try? repository.commitInfo($0).tree }
            return trees.contains(info.tree) ? nil : problem(Message("ledger.proof.mergeHoldsEntry"))
        case 0, 1: break
        default: return problem(Message("ledger.proof.tooManyParents"))
        }
        guard let entries = try? repository.lookupTree(info.tree).entries, entries.count == 1,
            entries[0].name == "entry.json",
            let bytes = try? repository.readBlob(entries[0].id), let value = try? JSONParser.parse(bytes),
            let entry = LedgerEntry(value, commit: id)
        else { return problem(Message("ledger.proof.notAnEntry")) }
        let author = "\(info.author.name) <\(info.author.email)>"
        let name = Message.Value.text(entry.tag)
        if let withdrawal = entry.withdrawal {
            guard Self.samePerson(withdrawal.by, author) else {
                return problem(
                    Message(
                        "ledger.proof.withdrawerDiffers",
                        ["name": name, "by": .text(withdrawal.by), "author": .text(author)]))
            }
            // A withdrawal withdraws a submission the ledger recorded before it, as that tag object.
            let earlier = (try? info.parents.first.map { try ledgerEntries(from: $0, excluding: nil) } ?? []) ?? []
            guard
                earlier.contains(where: {
                    $0.tag == entry.tag && $0.tagObject == entry.tagObject && $0.withdrawal == nil
                }),
                let raw = try? repository.tagObjectBytes(entry.tagObject), Self.tagHeader(raw, "tag") == entry.tag
            else {
                return problem(
                    Message("ledger.proof.withdrawsNothing", ["name": name, "tag": .text(entry.tagObject.short)]))
            }
            return nil
        }
        guard let raw = try? repository.tagObjectBytes(entry.tagObject) else {
            return problem(
                Message("ledger.proof.tagObjectMissing", ["name": name, "tag": .text(entry.tagObject.short)]))
        }
        guard tagAt(entry.tag) == entry.tagObject else {
            return problem(
                Message("ledger.proof.tagNotSubmission", ["name": name, "tag": .text(entry.tagObject.short)]))
        }
        guard Self.tagHeader(raw, "type") == "commit", Self.tagHeader(raw, "object") == entry.target.hex,
            Self.tagHeader(raw, "tag") == entry.tag
        else {
            return problem(Message("ledger.proof.tagOtherTarget", ["name": name, "tag": .text(entry.tagObject.short)]))
        }
        guard let tagger = Self.tagHeader(raw, "tagger"), let close = tagger.lastIndex(of: ">"),
            Self.samePerson(String(tagger[...close]), author)
        else {
            return problem(Message("ledger.proof.taggerDiffers", ["name": name, "author": .text(author)]))
        }
        // The tag's own list of reports and digests, as `vault tag` writes it; each digest the
        // report's at the tagged commit.
        let (payload, _) = TagSignatureBlock.split(raw)
        let message = String(decoding: payload, as: UTF8.self)
        guard let range = message.range(of: "\n\nReports:\n", options: .backwards) else {
            return problem(Message("ledger.proof.reportsDiffer", ["name": name]))
        }
        let listed = message[range.upperBound...].split(separator: "\n").map { line in
            line.range(of: " sha256:").map {
                (String(line[..<$0.lowerBound]), String(line[line.index(after: $0.lowerBound)...].prefix { $0 != " " }))
            }
        }
        guard listed.count == entry.reports.count,
            zip(listed, entry.reports).allSatisfy({ $0?.0 == $1.path && $0?.1 == $1.digest })
        else { return problem(Message("ledger.proof.reportsDiffer", ["name": name])) }
        for line in entry.reports {
            guard let path = ReportPath(storedPath: line.path), let stored = try? show(path, at: entry.target.hex),
                stored.report.digest == line.digest
            else {
                return problem(Message("ledger.proof.digestDiffers", ["name": name, "path": .text(line.path)]))
            }
        }
        return nil
    }

    /// Whether two `Name <email>` strings name one person as git stores them: libgit2 trims
    /// the characters git calls crud (`.`, `,`, `:`, `;`, quotes, `<`, `>`, spaces) from the ends
    /// of a commit author's name and email, while a tag header or an entry keeps them as typed.
    static func samePerson(_ a: String, _ b: String) -> Bool {
        func parts(_ text: String) -> (String, String)? {
            guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
                return nil
            }
            let crud: (Character) -> Bool = { $0.isWhitespace || ".,:;<>\"'".contains($0) }
            func trim(_ s: Substring) -> String { String(s.drop(while: crud).reversed().drop(while: crud).reversed()) }
            return (trim(text[..<open]), trim(text[text.index(after: open)..<close]))
        }
        guard let x = parts(a), let y = parts(b) else { return a == b }
        return x == y
    }

    /// The first problem (``ledgerCommitProblem(_:tagAt:)``) among the ledger commits reachable
    /// from `tip` and not from `known`, newest first.
    package func ledgerProblem(
        from tip: ObjectID, excluding known: [ObjectID], tagAt: (String) -> ObjectID?
    ) -> Message? {
        guard let added = try? repository.commits(from: tip, excluding: known) else {
            return Message("ledger.proof.unreadable", ["commit": .text(tip.short)])
        }
        for id in added {
            if let problem = ledgerCommitProblem(id, tagAt: tagAt) { return problem }
        }
        return nil
    }
}
