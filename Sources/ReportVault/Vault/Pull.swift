import Foundation

/// What ``Vault/integrate(theirs:theirLedger:from:message:author:merger:)`` did.
public struct IntegrateOutcome: Sendable {
    public enum Kind: Sendable {
        /// Their history was already in ours: the branch did not move.
        case upToDate
        /// Ours was in theirs: the branch moved to their tip.
        case fastForward
        /// Both had new commits: a merge commit with two parents (ours, theirs).
        case merge
        /// Some figures changed differently on both sides: the branch did not move and the
        /// pull waits in the vault (``pending``) for `resolve` and `--continue`.
        case conflicts
    }

    public var kind: Kind
    /// The branch tip before and after.
    public var before: ObjectID?
    public var tip: ObjectID?
    /// The common base of the two histories (merges and conflicts; nil: unrelated histories).
    public var base: ObjectID?
    /// The reports the branch move changed.
    public var reports: [ReportPath] = []
    /// Submission-ledger entries of theirs that were not in ours and now are.
    public var ledgerEntries = 0
    /// Review entries (notes, replies, verdicts) of theirs that were not here and now are.
    public var reviewEntries = 0
    /// What the branch move did to the work tree (files kept because edited by hand).
    public var workTree = Vault.WorkTreeUpdate()
    /// The pull waiting for resolutions (``Kind/conflicts``).
    public var pending: PendingPull?
    /// Why their ledger was not merged: an entry vault did not make (``Vault/ledgerCommitProblem(_:tagAt:)``).
    public var ledgerRefused: Message?
    /// Work-tree reports whose hand edits `pull --continue` carried onto the merge, uncommitted.
    public var carriedEdits: [ReportPath] = []
    /// The server's branch no longer holds revisions an earlier fetch saw there (rewritten
    /// with plain git): how many, its tip then and now. Set by ``Vault/pull(remote:message:author:merger:)``.
    public var remoteDropped: (count: Int, old: ObjectID, new: ObjectID)?
    /// Submission names recorded here and on the server for different tags: the ledgers were
    /// not merged. Set by ``Vault/pull(remote:message:author:merger:)``.
    public var ledgerClashes: [LedgerClash] = []
    /// Submissions withdrawn on the server whose tags the pull withdrew here too.
    public var withdrawals: [LedgerEntry] = []
    /// Whether the server's access list (changed by an administrator) replaced this vault's.
    public var accessChanged = false
}

/// A report the branch move deleted, and the commit that deleted it.
public struct ReportDeletion: Sendable {
    public var report: ReportPath
    public var commit: CommitInfo
}

/// Integrating another office's history — a pull without the transport: their branch tip and
/// submission ledger, already fetched, are merged into this vault.
///
/// Reports are merged figure by figure with ``ThreeWayMerge`` against the base `git_merge_base`
/// finds; a report changed on one side only is taken as it is. The branch moves once, by
/// compare-and-swap, to their tip (fast-forward) or to a merge commit whose parents are our
/// tip and theirs — never when a figure is in conflict: then the pull is kept under
/// `refs/vault/merge/` (``PendingPull``) until every conflict is resolved.
///
/// The ledger is merged as the union of both sides' entries: fast-forwarded when one side has
/// all of the other's, else a merge commit on `refs/vault/ledger` with both ledgers as parents
/// (it holds no entry of its own; ``ledger()`` skips it). Both chains stay intact, so each
/// archivist's entries keep their own commits, and a later push of the ledger is a fast-forward.
extension Vault {
    /// Merges their tip `theirs` (and their ledger) into the branch; `from` names it in
    /// messages (`origin/main`), `message` is the merge commit's. Refuses while a pull is in progress.
    public func integrate(
        theirs: ObjectID, theirLedger: ObjectID?, from: String, message: String, author: GitSignature,
        merger: ThreeWayMerge
    ) throws(VaultError) -> IntegrateOutcome {
        try refuseWhilePulling()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try integrateOnce(
                    theirs: theirs, theirLedger: theirLedger, from: from, message: message, author: author,
                    merger: merger)
            } catch let error as GitError
                where (error.code == GitError.Code.modified || error.code == GitError.Code.locked) && attempt < 20
            {
                // Another writer moved the branch meanwhile: merge again against its new tip.
                usleep(UInt32.random(in: 500...(2_000 * UInt32(attempt))))
            } catch {
                throw describe(any: error, while: "pull \(from)")
            }
        }
    }

    private func integrateOnce(
        theirs: ObjectID, theirLedger: ObjectID?, from: String, message: String, author: GitSignature,
        merger: ThreeWayMerge
    ) throws -> IntegrateOutcome {
        let ours = try repository.branchTip(branch)
        if let ours, try repository.isAncestor(theirs, of: ours) {
            return IntegrateOutcome(
                kind: .upToDate, before: ours, tip: ours,
                ledgerEntries: try mergeLedger(theirLedger, from: from, by: author))
        }
        guard let ours, try !repository.isAncestor(ours, of: theirs) else {
            let new = try reportBlobs(in: theirs)
            let old = try ours.map { try reportBlobs(in: $0) } ?? [:]
            let changes: [(path: String, blob: ObjectID?)] = Set(new.keys).union(old.keys).sorted().compactMap { p in
                new[p] == old[p] ? nil : (p, new[p])
            }
            try refuseHandEdits(changes)
            try repository.moveBranch(branch, from: ours, to: theirs, message: "pull: fast-forward to \(from)")
            let workTree = updateWorkTree()
            return IntegrateOutcome(
                kind: .fastForward, before: ours, tip: theirs,
                reports: changes.compactMap { ReportPath(storedPath: $0.path) },
                ledgerEntries: try mergeLedger(theirLedger, from: from, by: author), workTree: workTree)
        }
        let base = try repository.mergeBase(ours, theirs)
        let plan = try planMerge(ours: ours, theirs: theirs, base: base, merger: merger)
        if !plan.conflicted.isEmpty {
            var pending = PendingPull(
                from: from, message: message, author: author, ours: ours, theirs: theirs, base: base,
                theirLedger: theirLedger,
                conflicts: plan.conflicted.flatMap(\.conflicts), state: nil)
            try savePull(&pending)
            return IntegrateOutcome(kind: .conflicts, before: ours, tip: ours, base: base, pending: pending)
        }
        let (commit, workTree) = try writeMerge(
            plan.taken, ours: ours, theirs: theirs, from: from, message: message, author: author)
        return IntegrateOutcome(
            kind: .merge, before: ours, tip: commit, base: base,
            reports: plan.taken.compactMap { ReportPath(storedPath: $0.path) }.sorted(),
            ledgerEntries: try mergeLedger(theirLedger, from: from, by: author), workTree: workTree)
    }

    // MARK: - Resolving and finishing

    /// Settles the open conflicts of `report` — the one at `figure` (a pointer as listed, its
    /// keyed identity, or its caption or the end of it), or all of the report's — and saves the
    /// pull's new state. Returns the conflicts resolved and how many are left in the pull.
    public func resolvePull(
        _ report: ReportPath, figure: String?, with resolution: PullResolution
    ) throws(VaultError) -> (resolved: [PullConflict], open: Int) {
        guard var pending = try pendingPull() else { throw .noPullInProgress }
        let inReport = pending.conflicts.indices.filter { pending.conflicts[$0].report == report }
        guard !inReport.isEmpty else { throw .noConflictIn(report: report.description) }
        let chosen =
            try figure.map { f throws(VaultError) in [try findConflict(f, among: inReport, in: pending)] } ?? inReport
        for i in chosen { pending.conflicts[i].resolution = resolution }
        try savePull(&pending)
        return (chosen.map { pending.conflicts[$0] }, pending.unresolved.count)
    }

    /// The report a clerk names during a pull: as at our tip, else as at theirs (a report only
    /// they still have).
    public func findPullReport(_ argument: String, in pending: PendingPull) throws(VaultError) -> ReportPath {
        do { return try findReport(argument, at: pending.ours.hex) } catch {
            if let found = try? findReport(argument, at: pending.theirs.hex) { return found }
            throw error
        }
    }

    private func findConflict(_ name: String, among indices: [Int], in pending: PendingPull) throws(VaultError) -> Int {
        let list = indices.map { ($0, pending.conflicts[$0]) }
        if let exact = list.first(where: { $0.1.pointer == name || $0.1.identity == name }) { return exact.0 }
        let named = list.filter { $0.1.label == name || $0.1.label.hasSuffix(" · " + name) }
        let found = named.isEmpty ? list.filter { $0.1.label.contains(name) } : named
        if found.count == 1 { return found[0].0 }
        if found.count > 1 {
            throw .figureAmbiguous(
                name: name, count: found.count, candidates: found.map { "\($0.1.label) (\($0.1.pointer))" })
        }
        throw .noSuchConflict(report: list[0].1.report.description, figure: name)
    }

    /// Makes the merge commit of the pull in progress once every conflict is resolved (with
    /// `author`, else the one who pulled) and forgets the pull.
    public func continuePull(author: GitSignature?, merger: ThreeWayMerge) throws(VaultError) -> IntegrateOutcome {
        guard let pending = try pendingPull() else { throw .noPullInProgress }
        let open = pending.unresolved.count
        guard open == 0 else { throw .unresolvedConflicts(count: open) }
        let signer = author ?? pending.author
        do {
            let tip = try repository.branchTip(branch)
            guard tip == pending.ours else {
                throw VaultError.branchMovedDuringPull(branch: branch, commit: pending.ours.short)
            }
            let plan = try planMerge(ours: pending.ours, theirs: pending.theirs, base: pending.base, merger: merger)
            var updates = plan.taken
            for report in plan.conflicted {
                var value = report.merged
                for conflict in pending.conflicts where conflict.report == report.path {
                    value = Self.placing(conflict.resolved, at: conflict.tokens[...], in: value)
                }
                updates.append(
                    (
                        report.path.storedPath,
                        try value.map { v throws in
                            try repository.writeBlob(try admitMerged(v, as: report.path, merger: merger))
                        }
                    ))
            }
            let carried = try carryHandEdits(updates, ours: pending.ours, merger: merger)
            var (commit, workTree) = try writeMerge(
                updates, ours: pending.ours, theirs: pending.theirs, from: pending.from, message: pending.message,
                author: signer, keeping: Set(carried.map(\.path)))
            for (path, bytes) in carried { try repository.replaceWorkTreeFile(path, with: bytes) }
            workTree.kept.removeAll { path in carried.contains { $0.path == path } }
            let entries = try mergeLedger(pending.theirLedger, from: pending.from, by: signer)
            try forgetPull(pending)
            var outcome = IntegrateOutcome(
                kind: .merge, before: pending.ours, tip: commit, base: pending.base,
                reports: updates.compactMap { ReportPath(storedPath: $0.path) }.sorted(),
                ledgerEntries: entries, workTree: workTree)
            outcome.carriedEdits = carried.compactMap { ReportPath(storedPath: $0.path) }
            return outcome
        } catch {
            throw describe(any: error, while: "pull --continue")
        }
    }

    /// Forgets the pull in progress; the branch stays where it is. Returns what was forgotten.
    public func abortPull() throws(VaultError) -> PendingPull {
        guard let pending = try pendingPull() else { throw .noPullInProgress }
        try forgetPull(pending)
        return pending
    }

    // MARK: - Merging the trees

    /// What merging the three trees gives: reports taken as they are or merged cleanly (a nil
    /// blob: removed), and the reports with conflicts, merged except there (where ours stays).
    struct MergePlan {
        var taken: [(path: String, blob: ObjectID?)] = []
        var conflicted: [(path: ReportPath, merged: JSONValue?, conflicts: [PullConflict])] = []
    }

    func planMerge(ours: ObjectID, theirs: ObjectID, base: ObjectID?, merger: ThreeWayMerge) throws -> MergePlan {
        let b = try base.map { try reportBlobs(in: $0) } ?? [:]
        let o = try reportBlobs(in: ours)
        let t = try reportBlobs(in: theirs)
        var plan = MergePlan()
        let labels = FigureList(schema: merger.schema)
        for path in Set(b.keys).union(o.keys).union(t.keys).sorted() {
            let (bb, ob, tb) = (b[path], o[path], t[path])
            if ob == tb || tb == bb { continue }  // the same on both sides, or changed here only
            if ob == bb {
                plan.taken.append((path, tb))  // changed there only: taken as it is
                continue
            }
            guard let report = ReportPath(storedPath: path) else { continue }
            let values = (
                try bb.map { try reportValue($0) }, try ob.map { try reportValue($0) },
                try tb.map { try reportValue($0) }
            )
            guard let ov = values.1, let tv = values.2 else {
                // Removed on one side, changed on the other: the whole report is the conflict.
                let conflict = PullConflict(
                    report: report, pointer: "", identity: "", label: report.description, base: values.0,
                    ours: values.1, theirs: values.2, resolution: nil, tokens: [])
                plan.conflicted.append((report, values.1, [conflict]))
                continue
            }
            let result: (merged: JSONValue, conflicts: [MergeConflict])
            do { result = try merger.merge(base: values.0, theirs: tv, ours: ov) } catch {
                throw VaultError.inFile(file: path, error)
            }
            if result.conflicts.isEmpty {
                plan.taken.append(
                    (path, try repository.writeBlob(try admitMerged(result.merged, as: report, merger: merger))))
                continue
            }
            let conflicts = result.conflicts.map { c in
                let place = [ov, tv, values.0].lazy.compactMap { doc in
                    doc.flatMap { Self.indexTokens(c.tokens, in: $0).map { ($0, doc!) } }
                }.first
                return PullConflict(
                    report: report, pointer: place.map { JSONPointer.make($0.0) } ?? c.pointer, identity: c.pointer,
                    label: place.map { labels.label(of: $0.0, in: $0.1) } ?? c.pointer, base: c.base, ours: c.ours,
                    theirs: c.theirs, resolution: nil, tokens: c.tokens)
            }
            plan.conflicted.append((report, result.merged, conflicts))
        }
        return plan
    }

    /// The stored form of a merged report, which must be a report at `path` that passes the schema.
    private func admitMerged(
        _ value: JSONValue, as path: ReportPath, merger: ThreeWayMerge
    ) throws(VaultError) -> [UInt8] {
        let report: Report
        do { report = try Report(value) } catch {
            throw .mergedReportInvalid(report: path.description, pointer: "/", problem: error.message)
        }
        if report.path != path {
            throw .mergedReportInvalid(
                report: path.description, pointer: "/unit/name",
                problem: Message(
                    "literal", ["en": .text(report.path.description), "zh": .text(report.path.description)]))
        }
        if let first = try merger.schemas.validate(report.value).first {
            throw .mergedReportInvalid(
                report: path.description, pointer: first.pointer.isEmpty ? "/" : first.pointer, problem: first.message)
        }
        return report.storedBytes
    }

    /// The merge commit of ours and theirs with `updates` on our tree, the branch moved to it
    /// by compare-and-swap and the work tree brought along. A report removed by their side gets
    /// the removal trailer, as `vault rm` writes it, so that `vault verify` knows it was meant.
    private func writeMerge(
        _ updates: [(path: String, blob: ObjectID?)], ours: ObjectID, theirs: ObjectID, from: String, message: String,
        author: GitSignature, keeping: Set<String> = []
    ) throws -> (commit: ObjectID, workTree: WorkTreeUpdate) {
        try refuseHandEdits(updates.filter { !keeping.contains($0.path) })
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        let removed = updates.filter { $0.blob == nil }.map(\.path)
        if !removed.isEmpty {
            text = Self.withTrailers(text, removed.map { Self.removedTrailer + $0 + " (pulled from \(from))" })
        }
        let commit = try repository.mergeCommitObject(
            updates: updates, parents: [ours, theirs], message: text, author: author, committer: author)
        try repository.moveBranch(branch, from: ours, to: commit, message: "pull: merge \(from)")
        return (commit, updateWorkTree())
    }

    /// The clerk's hand edits, made while the pull waited, to work-tree reports the merge
    /// replaces: merged onto the merge's version (the tip the pull began from as base), to be
    /// left in the work tree uncommitted. Refused, naming the figures, when an edit meets a
    /// change the pull brings, or the file is not a report: the way out keeps the file.
    private func carryHandEdits(
        _ updates: [(path: String, blob: ObjectID?)], ours: ObjectID, merger: ThreeWayMerge
    ) throws -> [(path: String, bytes: [UInt8])] {
        guard let root = repository.workDirectory else { return [] }
        var carried: [(path: String, bytes: [UInt8])] = []
        for (path, blob) in updates {
            guard let report = ReportPath(storedPath: path), let bytes = FileBytes.read(root + path) else { continue }
            let oursBlob = try repository.blobID(at: path, in: ours)
            let current = try GitRepository.blobID(of: bytes)
            if current == oursBlob || current == blob { continue }
            let way = Message("pull.handEdits.way", ["path": .text(path), "base": .text(ours.short)])
            let mine: JSONValue
            do { mine = try JSONParser.parse(bytes) } catch {
                throw VaultError.handEditsMeetPull(
                    report: report.description,
                    figures: Message("pull.handEdits.unreadable", ["line": .count(error.line)]), way: way)
            }
            guard let blob else {
                throw VaultError.handEditsMeetPull(
                    report: report.description, figures: Message("pull.handEdits.removed"), way: way)
            }
            let merged = try reportValue(blob)
            let base = try oursBlob.map { try reportValue($0) }
            let result: (merged: JSONValue, conflicts: [MergeConflict])
            do { result = try merger.merge(base: base, theirs: merged, ours: mine) } catch {
                throw VaultError.inFile(file: path, error)
            }
            if !result.conflicts.isEmpty {
                let labels = FigureList(schema: merger.schema)
                let list = result.conflicts.map { c in
                    let place = Self.indexTokens(c.tokens, in: mine).map { labels.label(of: $0, in: mine) } ?? c.pointer
                    func text(_ v: JSONValue?) -> String {
                        v.map { String(decoding: CanonicalJSON.rfc8785($0), as: UTF8.self) } ?? "—"
                    }
                    return "\(place): \(text(c.ours)) / \(text(c.theirs))"
                }
                throw VaultError.handEditsMeetPull(
                    report: report.description,
                    figures: Message("pull.handEdits.figures", ["list": .text(list.joined(separator: "; "))]), way: way)
            }
            carried.append((path, CanonicalJSON.stored(result.merged)))
        }
        return carried
    }

    /// Refuses, naming the file, when a work-tree report the branch move would replace was edited by hand.
    private func refuseHandEdits(_ updates: [(path: String, blob: ObjectID?)]) throws {
        let edited = try repository.withWorkTreeLock { () throws(GitError) -> String? in
            for (path, blob) in updates where try repository.isEditedByHand(path, new: blob, branch: branch) {
                return path
            }
            return nil
        }
        if let edited { throw VaultError.pullEditedByHand(path: edited) }
    }

    private func reportBlobs(in commit: ObjectID) throws -> [String: ObjectID] {
        Dictionary(
            try repository.blobs(under: "reports", in: commit).map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a }
        )
    }

    // MARK: - Places in a report

    /// A `[key=value]` step of ``MergeConflict/tokens``.
    static func rowStep(_ token: String) -> (key: String, value: String)? {
        guard token.hasPrefix("["), token.hasSuffix("]"), let equals = token.firstIndex(of: "=") else { return nil }
        return (
            String(token[token.index(after: token.startIndex)..<equals]),
            String(token[token.index(after: equals)..<token.index(before: token.endIndex)])
        )
    }

    /// The RFC 6901 tokens of a keyed place in `document`; nil where it is absent.
    static func indexTokens(_ tokens: [String], in document: JSONValue) -> [String]? {
        var current = document
        var out: [String] = []
        for token in tokens {
            if case .array(let rows) = current {
                let index =
                    rowStep(token).flatMap { step in rows.firstIndex { $0[member: step.key]?.stringValue == step.value }
                    } ?? Int(token).flatMap { $0 < rows.count ? $0 : nil }
                guard let index else { return nil }
                out.append(String(index))
                current = rows[index]
            } else {
                guard let next = current[member: token] else { return nil }
                out.append(token)
                current = next
            }
        }
        return out
    }

    /// `document` with `value` at the keyed place `tokens` (nil: the place removed); a member
    /// or row that is missing is added at the end.
    static func placing(_ value: JSONValue?, at tokens: ArraySlice<String>, in document: JSONValue?) -> JSONValue? {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var members)?:
            if let i = members.firstIndex(where: { $0.name.unicodeScalars.elementsEqual(token.unicodeScalars) }) {
                if let v = placing(value, at: rest, in: members[i].value) {
                    members[i].value = v
                } else {
                    members.remove(at: i)
                }
            } else if let v = placing(value, at: rest, in: nil) {
                members.append(.init(token, v))
            }
            return .object(members)
        case .array(var rows)?:
            let index =
                rowStep(token).flatMap { step in rows.firstIndex { $0[member: step.key]?.stringValue == step.value } }
                ?? Int(token).flatMap { $0 < rows.count ? $0 : nil }
            if let index {
                if let v = placing(value, at: rest, in: rows[index]) { rows[index] = v } else { rows.remove(at: index) }
            } else if let v = placing(value, at: rest, in: nil) {
                rows.append(v)
            }
            return .array(rows)
        default:
            guard let v = placing(value, at: rest, in: nil) else { return document }
            return .object([.init(token, v)])
        }
    }
}

extension Vault {
    /// The reports a pull's branch move deleted (present before it, absent after), each with
    /// the commit of theirs that deleted it (the newest such commit).
    public func deletedReports(by outcome: IntegrateOutcome) throws(VaultError) -> [ReportDeletion] {
        guard outcome.kind == .fastForward || outcome.kind == .merge, let before = outcome.before,
            let after = outcome.tip
        else { return [] }
        do {
            let gone = outcome.reports.filter {
                (try? repository.blobID(at: $0.storedPath, in: before)) != nil
                    && (try? repository.blobID(at: $0.storedPath, in: after)) == nil
            }
            guard !gone.isEmpty else { return [] }
            let theirs = try repository.commits(from: after, excluding: [before])
            var out: [ReportDeletion] = []
            for report in gone {
                for id in theirs
                where try repository.changes(in: id).contains(where: { $0.path == report.storedPath && $0.deleted }) {
                    out.append(ReportDeletion(report: report, commit: try repository.commitInfo(id)))
                    break
                }
            }
            return out
        } catch {
            throw describe(any: error, while: "list the reports deleted by the pull")
        }
    }
}

extension Vault {
    /// Where a fetch from `remote` leaves its branch `branch` (`refs/remotes/origin/main`).
    public static func remoteBranchRef(_ remote: String, _ branch: String) -> String {
        "refs/remotes/\(remote)/\(branch)"
    }

    /// Where a fetch from `remote` leaves its submission ledger (`refs/remotes/origin/vault/ledger`).
    public static func remoteLedgerRef(_ remote: String) -> String { "refs/remotes/\(remote)/vault/ledger" }
}
