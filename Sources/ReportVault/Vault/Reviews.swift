import Foundation

/// A county reviewer's word on a report: a note on one figure (or on the whole report) of one
/// revision, the clerk's reply to it, or a verdict — returned for correction (退回修改) or
/// approved (审核通过). Kept as the ledger is: a chain of commits on `refs/vault/reviews`, one
/// entry each (`entry.json`), authored and dated by the commit, never rewritten — a note is
/// settled by a later entry or a later commit, not edited away. Plain git carries the chain
/// (`git fetch origin 'refs/vault/*:refs/vault/*'`); a pull merges two offices' chains as a
/// union (a merge commit holds no entry of its own).
public struct ReviewEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case note
        case reply
        case returned = "return"
        case approved = "approve"

        /// A verdict on the report (return or approve), which only reviewers may give.
        public var isVerdict: Bool { self == .returned || self == .approved }
    }

    public var kind: Kind
    public var report: ReportPath
    /// The revision reviewed, and the report's version (blob) in it.
    public var revision: ObjectID
    public var blob: ObjectID
    /// The figure a note is pinned to (its pointer and caption, and its value in `revision`);
    /// nil for a note on the whole report and for a verdict.
    public var pointer: String?
    public var caption: String?
    public var value: JSONValue?
    public var text: String
    /// A reply's note (the entry's commit).
    public var replyTo: ObjectID?

    /// The entry's commit on `refs/vault/reviews`, who wrote it and when (ISO 8601).
    public var commit: ObjectID?
    public var author = ""
    public var date = ""

    public init(
        kind: Kind, report: ReportPath, revision: ObjectID, blob: ObjectID, pointer: String? = nil,
        caption: String? = nil, value: JSONValue? = nil, text: String, replyTo: ObjectID? = nil
    ) {
        self.kind = kind
        self.report = report
        self.revision = revision
        self.blob = blob
        self.pointer = pointer
        self.caption = caption
        self.value = value
        self.text = text
        self.replyTo = replyTo
    }

    /// Who wrote it, as `Name <email>` (also the commit's author): two reviewers' identical
    /// verdicts on one revision are two entries.
    public var by = ""

    /// What `entry.json` holds (the date is the commit's).
    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("by", .string(by)),
            .init("kind", .string(kind.rawValue)), .init("report", .string(report.description)),
            .init("revision", .string(revision.hex)), .init("blob", .string(blob.hex)), .init("text", .string(text)),
        ]
        if let pointer { members.append(.init("pointer", .string(pointer))) }
        if let caption { members.append(.init("caption", .string(caption))) }
        if let value { members.append(.init("value", value)) }
        if let replyTo { members.append(.init("replyTo", .string(replyTo.hex))) }
        return .object(members)
    }

    /// Reads an entry; nil for anything vault does not write (a forged or damaged entry).
    init?(_ value: JSONValue, commit: CommitInfo? = nil) {
        guard let kind = value[member: "kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
            let report = value[member: "report"]?.stringValue.flatMap({ try? ReportPath(argument: $0) }),
            let revision = value[member: "revision"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let blob = value[member: "blob"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let text = value[member: "text"]?.stringValue
        else { return nil }
        self.init(kind: kind, report: report, revision: revision, blob: blob, text: text)
        pointer = value[member: "pointer"]?.stringValue
        caption = value[member: "caption"]?.stringValue
        self.value = value[member: "value"]
        replyTo = value[member: "replyTo"]?.stringValue.flatMap(ObjectID.init(hex:))
        by = value[member: "by"]?.stringValue ?? ""
        if kind == .reply && replyTo == nil { return nil }
        if let pointer, JSONPointer.tokens(pointer) == nil { return nil }
        if let commit {
            self.commit = commit.id
            author = commit.author.name
            date = commit.author.isoDate
        }
    }

    /// Equal entries are the same words on the same place (their commits may differ).
    public static func == (a: ReviewEntry, b: ReviewEntry) -> Bool { a.json == b.json && a.commit == b.commit }
}

/// A note with what became of it, as of the branch tip.
public struct ReviewNote: Sendable {
    public enum State: String, Sendable {
        /// Nothing since: neither the figure changed nor the clerk replied.
        case open
        /// A later commit changed the figure (for a note on the report: the report).
        case answered
        /// The clerk replied in words (and the figure did not change).
        case replied
    }

    public var entry: ReviewEntry
    public var state: State
    /// The figure's value at the branch tip (nil: the figure or the report is gone).
    public var now: JSONValue?
    public var replies: [ReviewEntry]
}

/// Where a report stands with its reviewers, as of the branch tip.
public struct ReportReview: Sendable {
    public enum State: String, Sendable {
        /// No verdict yet.
        case none
        /// Returned for correction, and not changed since.
        case returned
        /// Returned, and the report changed since (waiting for the reviewer again).
        case corrected
        /// Approved, and the report is as approved.
        case approved
        /// Approved, but the report changed since: the approval no longer covers it.
        case stale
    }

    public var report: ReportPath
    public var state: State
    /// The verdict that decides the state (the latest), and any other verdict given on the same
    /// revision by another reviewer (two offices at once): every one is shown, the latest wins.
    public var verdict: ReviewEntry?
    public var sameRevision: [ReviewEntry] = []
    public var notes: [ReviewNote] = []

    /// The notes nobody has acted on yet.
    public var openNotes: [ReviewNote] { notes.filter { $0.state == .open } }

    /// The same review with only its open notes (what `status` and `reviews --open` list).
    public var withOpenNotesOnly: ReportReview {
        var only = self
        only.notes = openNotes
        return only
    }
}

extension Vault {
    /// The review chain's reference.
    public static let reviewsRef = "refs/vault/reviews"

    /// Where a fetch from `remote` leaves its review chain.
    public static func remoteReviewsRef(_ remote: String) -> String { "refs/remotes/\(remote)/vault/reviews" }

    /// Appends `entry` to the review chain (compare-and-swap, as any commit) and returns it with
    /// its commit, author and date.
    @discardableResult
    public func addReview(_ entry: ReviewEntry, by signer: GitSignature) throws(VaultError) -> ReviewEntry {
        let doing = "record a review of \(entry.report)"
        var entry = entry
        entry.by = "\(signer.name) <\(signer.email)>"
        let blob: ObjectID
        do { blob = try repository.writeBlob(CanonicalJSON.stored(entry.json)) } catch {
            throw describe(error, while: doing)
        }
        let subject = "review: \(entry.kind.rawValue) \(entry.report)" + (entry.caption.map { " · \($0)" } ?? "")
        // The same words by the same person on the same place as the newest entry: already there.
        let id = try commitRetrying(
            on: Self.reviewsRef, message: subject + "\n", author: signer, committer: signer, while: doing
        ) { _ in [("entry.json", blob)] }
        var written = entry
        if let id {
            written.commit = id
        } else {
            do { written.commit = try repository.branchTip(Self.reviewsRef) } catch {
                throw describe(error, while: doing)
            }
        }
        written.author = signer.name
        written.date = signer.isoDate
        return written
    }

    /// Every entry of the review chain, oldest first (by date, then as the chain has them).
    public func reviewEntries() throws(VaultError) -> [ReviewEntry] {
        do {
            guard let tip = try repository.branchTip(Self.reviewsRef) else { return [] }
            return try reviewEntries(from: tip, excluding: nil)
        } catch {
            throw describe(any: error, while: "read \(Self.reviewsRef)")
        }
    }

    /// The entries of the review commits reachable from `tip` and not from `excluding`, oldest
    /// first; entries vault did not write are left out.
    func reviewEntries(from tip: ObjectID, excluding: ObjectID?) throws -> [ReviewEntry] {
        var entries: [ReviewEntry] = []
        // Newest first from the walk: reversed, and kept in that order among entries of one second.
        for id in try repository.commits(from: tip, excluding: excluding.map { [$0] } ?? []).reversed() {
            let info = try repository.commitInfo(id)
            guard info.parents.count < 2, let blob = try repository.blobID(at: "entry.json", in: id),
                let value = try? JSONParser.parse(try repository.readBlob(blob)),
                let entry = ReviewEntry(value, commit: info)
            else { continue }
            entries.append(entry)
        }
        return entries.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(
            \.element)
    }

    /// The entry a reply to `report` (at `pointer`, or on the whole report) answers: the newest
    /// note there, else (for the whole report) the newest verdict.
    public func noteToReply(_ report: ReportPath, pointer: String?) throws(VaultError) -> ReviewEntry? {
        let entries = try reviewEntries().filter { $0.report == report && $0.kind != .reply }
        if let note = entries.last(where: { $0.kind == .note && $0.pointer == pointer }) { return note }
        return pointer == nil ? entries.last { $0.kind == .returned } : nil
    }

    /// Where each report with review entries stands at the branch tip (only `report`, when
    /// given), in report order.
    public func reviews(of report: ReportPath? = nil) throws(VaultError) -> [ReportReview] {
        let entries = try reviewEntries().filter { report == nil || $0.report == report }
        guard !entries.isEmpty else { return [] }
        let tip: ObjectID?
        do { tip = try repository.branchTip(branch) } catch { throw describe(error, while: "read the reviews") }
        var out: [ReportReview] = []
        for path in Set(entries.map(\.report)).sorted() {
            let own = entries.filter { $0.report == path }
            let blobNow: ObjectID?
            do {
                blobNow = try tip.flatMap { (commit: ObjectID) throws(GitError) -> ObjectID? in
                    try repository.blobID(at: path.storedPath, in: commit)
                }
            } catch {
                throw describe(error, while: "read \(path)")
            }
            let valueNow = try blobNow.map { (blob: ObjectID) throws(VaultError) -> JSONValue in try reportValue(blob) }
            var review = ReportReview(report: path, state: .none)
            let verdicts = own.filter(\.kind.isVerdict)
            if let latest = verdicts.last {
                review.verdict = latest
                review.sameRevision = verdicts.filter { $0.blob == latest.blob && $0.commit != latest.commit }
                let changed = blobNow != latest.blob
                review.state =
                    latest.kind == .approved ? (changed ? .stale : .approved) : (changed ? .corrected : .returned)
            }
            for note in own where note.kind == .note {
                let replies = own.filter { $0.kind == .reply && $0.replyTo == note.commit }
                let now = note.pointer.flatMap { p in valueNow.flatMap { JSONPointer.resolve(p, in: $0) } }
                let changed = note.pointer == nil ? blobNow != note.blob : now != note.value
                review.notes.append(
                    ReviewNote(
                        entry: note, state: changed ? .answered : (replies.isEmpty ? .open : .replied), now: now,
                        replies: replies))
            }
            out.append(review)
        }
        return out
    }

}

extension Vault {
    /// `vault review`: pins `kind` (a note, a reply, a verdict) with `text` to `report` as of
    /// `revision` — to the figure `figure` names (a caption or a pointer, as `history` takes),
    /// or to the whole report — and records it on the review chain. A reply answers the newest
    /// note on the same figure (or on the whole report, or the newest return). Refused before
    /// anything is written when the server's access list (as last fetched) does not let the
    /// configured server user write it: verdicts and notes are a reviewer's (or an
    /// administrator's), replies also the clerk's of the report's unit.
    public func review(
        _ report: ReportPath, figure: String?, at revision: String, kind: ReviewEntry.Kind, text: String,
        schemas: ReportSchemas, by signer: GitSignature
    ) throws(VaultError) -> ReviewEntry {
        let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if words.isEmpty && kind != .approved { throw .reviewNeedsText(kind: kind.rawValue) }
        if let role = serverRole(), let refusal = Self.reviewRefusal(kind, report, user: role.user) {
            throw .reviewNotAllowed(user: role.name, kind: kind.rawValue, roles: refusal)
        }
        let stored = try show(report, at: revision)
        // The revision reviewed is the one that made this version of the report (first parents
        // back while the report is the same), so that `vault log REPORT` marks it.
        var made = stored.commit
        do {
            while let parent = try repository.commitInfo(made).parents.first,
                try repository.blobID(at: report.storedPath, in: parent) == stored.blob
            {
                made = parent
            }
        } catch {
            throw describe(error, while: "review \(report)")
        }
        var entry = ReviewEntry(kind: kind, report: report, revision: made, blob: stored.blob, text: words)
        if let figure {
            let list: FigureList
            do { list = try schemas.figureList(for: stored.report.value) } catch {
                throw .inFile(file: "\(stored.commit.short):\(report.storedPath)", error)
            }
            let pointer = try findFigure(figure, in: stored.report.value, figures: list)
            guard let tokens = JSONPointer.tokens(pointer),
                let value = JSONPointer.resolve(pointer, in: stored.report.value)
            else { throw .noSuchFigure(pointer: pointer, report: report.description, revision: stored.commit.short) }
            entry.pointer = pointer
            entry.caption = list.label(of: tokens, in: stored.report.value)
            entry.value = value
        }
        if kind == .reply {
            guard let note = try noteToReply(report, pointer: entry.pointer), let commit = note.commit else {
                throw .nothingToReplyTo(report: report.description, figure: entry.caption)
            }
            entry.replyTo = commit
        }
        return try addReview(entry, by: signer)
    }

    /// Why `user` may not write a `kind` entry on `report` (their roles, for the message), or
    /// nil when they may. A user the list does not name may write nothing.
    static func reviewRefusal(_ kind: ReviewEntry.Kind, _ report: ReportPath, user: AccessList.User?) -> Message? {
        guard let user else { return Message("access.role.none") }
        if user.reviewer || user.admin { return nil }
        if kind == .reply && user.clerkOf.contains(report.unitName) { return nil }
        return user.rolesMessage
    }
}

extension Vault {
    /// Why the server refuses an update of the review chain: deleted, rewritten (the new tip
    /// does not descend from the old), or holding a commit that is not one entry vault writes
    /// (or a merge of two chains holding none). Empty when it only adds entries.
    package func reviewUpdateRefusals(_ update: RefUpdate) -> [Message] {
        let ref = Message.Value.text(update.ref)
        guard let new = update.new else {
            return [Message("hook.reviewsDeleted", ["ref": ref, "old": .text(update.old?.short ?? "")])]
        }
        if let old = update.old, (try? repository.isAncestor(old, of: new)) != true {
            return [Message("hook.reviewsRewritten", ["ref": ref, "old": .text(old.short), "new": .text(new.short)])]
        }
        guard let added = try? repository.commits(from: new, excluding: update.old.map { [$0] } ?? []) else {
            return [Message("hook.unreadable", ["ref": ref, "problem": .text(new.short)])]
        }
        for id in added {
            guard let info = try? repository.commitInfo(id) else {
                return [Message("hook.reviewNotAnEntry", ["ref": ref, "commit": .text(id.short)])]
            }
            if info.parents.count == 2 {
                let trees = info.parents.compactMap { try? repository.commitInfo($0).tree }
                if trees.contains(info.tree) { continue }
            }
            guard info.parents.count < 2, let entries = try? repository.lookupTree(info.tree).entries,
                entries.count == 1, entries[0].name == "entry.json",
                let bytes = try? repository.readBlob(entries[0].id), let value = try? JSONParser.parse(bytes),
                ReviewEntry(value, commit: info) != nil
            else {
                return [Message("hook.reviewNotAnEntry", ["ref": ref, "commit": .text(id.short)])]
            }
        }
        return []
    }
}

extension ReviewEntry.Kind {
    /// The kind as a sentence names it ("a note", "an approval").
    public var label: Message {
        switch self {
        case .note: return Message("review.kind.note")
        case .reply: return Message("review.kind.reply")
        case .returned: return Message("review.kind.return")
        case .approved: return Message("review.kind.approve")
        }
    }

    /// A verdict as a mark names it ("approved"); a note or reply as ``label``.
    public var verdictLabel: Message {
        switch self {
        case .returned: return Message("review.verdict.return")
        case .approved: return Message("review.verdict.approve")
        case .note, .reply: return label
        }
    }
}

extension ReviewNote.State {
    public var label: Message {
        switch self {
        case .open: return Message("review.noteState.open")
        case .answered: return Message("review.noteState.answered")
        case .replied: return Message("review.noteState.replied")
        }
    }
}

extension Vault {
    /// The notes on each report with review entries, by report name (`2024/…`) and figure
    /// pointer ("" for notes on the whole report): what the workbooks' notes column shows.
    public func notesByFigure() throws(VaultError) -> [String: [String: [ReviewNote]]] {
        var out: [String: [String: [ReviewNote]]] = [:]
        for review in try reviews() {
            out[review.report.description] = Dictionary(grouping: review.notes, by: { $0.entry.pointer ?? "" })
        }
        return out
    }
}
