import Crypto
import Foundation

/// What `vault verify` found.
public struct VerifyResult: JSONOutput {
    public var objects = 0
    public var reportBlobs = 0
    public var tags = 0
    public var ledgerEntries = 0
    /// One line per problem, in either language (`verify.*`); empty when the vault is intact.
    public var problems: [Message] = []
    /// Every tag's signature, checked against the allowed signers (`vault config signers`).
    public var signatures: [TagSignatureCheck] = []
    /// What `vault verify --repair` did before checking, one line each.
    public var repairs: [Message] = []

    public init() {}

    /// `vault verify --json` (schema/verify-output.schema.json); the problems in English, each
    /// with its code (the message's key, the same in every language) at the same place in `codes`.
    public var json: JSONValue {
        .object([
            .init("ok", .bool(problems.isEmpty)),
            .init("objects", .number(Double(objects))),
            .init("reportBlobs", .number(Double(reportBlobs))),
            .init("tags", .number(Double(tags))),
            .init("ledgerEntries", .number(Double(ledgerEntries))),
            .init("problems", .array(problems.map { .string($0.text(.en)) })),
            .init(
                "codes",
                .array(problems.map { .string($0.key.hasPrefix("verify.") ? String($0.key.dropFirst(7)) : $0.key) })),
            .init("signatures", .array(signatures.map(\.json))),
            .init("repairs", .array(repairs.map { .string($0.text(.en)) })),
        ])
    }
}

extension Vault {
    /// Proves the vault intact: every reachable object reads back with its hash; every report
    /// on every branch and tag is in the stored canonical form, at the path its identity gives,
    /// and valid against the schema of its own version; every ledger entry's tag still exists
    /// and points where it did, with the same report digests; every tag is in the ledger; every
    /// signed tag's signature is valid and by a key the allowed signers name.
    public func verify(schemas: ReportSchemas) throws(VaultError) -> VerifyResult {
        var result = VerifyResult()
        // Reports at every branch and tag: the distinct report blobs, in the order the refs
        // name them (listing them reads trees only), each checked once.
        enum Step {
            case problem(Message)
            case blob(ObjectID)
        }
        var steps: [Step] = []
        var places: [ObjectID: (path: String, place: String)] = [:]
        let refs: [(name: String, target: ObjectID)]
        do { refs = try repository.references() } catch { throw describe(error, while: "verify") }
        // A reference naming an object that is not there: said first, with the repair.
        let dangling = refs.filter { !repository.objectIsStored($0.target) }
        if !dangling.isEmpty {
            result.problems = dangling.map {
                Message("verify.danglingRef", ["ref": .text($0.name), "missing": .text($0.target.short)])
            }
            return result
        }
        for ref in refs where ref.name.hasPrefix("refs/heads/") || ref.name.hasPrefix("refs/tags/") {
            guard let commit = try? repository.resolveCommit(ref.name) else { continue }
            let blobs: [(path: String, id: ObjectID)]
            do { blobs = try repository.blobs(under: "reports", in: commit) } catch {
                steps.append(
                    .problem(
                        Message("verify.cannotListReports", ["ref": .text(ref.name), "problem": .text(error.message)])))
                continue
            }
            for blob in blobs where places[blob.id] == nil {
                places[blob.id] = (blob.path, "\(shortRef(ref.name)):\(blob.path)")
                steps.append(.blob(blob.id))
            }
        }

        // Every reachable object read back once; each report blob's bytes, as the walk reads
        // them, go to a second thread that checks them as reports while the walk goes on.
        // Three threads read and check: two malloc arenas between them keep the peak down.
        let tune = Libgit2.mayTuneProcess
        if tune { Libgit2.limitMallocArenas(2) }
        let checks = ReportBlobChecks(schemas: schemas)
        // The walk reads each object once: a cache would only hold memory.
        if tune { Libgit2.cacheObjects(false) }
        var allObjectsMatched = false
        var leafNames: [ObjectID: SHA256Digest] = [:]
        var walkedCommits: [ObjectID: GitRepository.WalkedCommit] = [:]
        do {
            let objects = try repository.readAllReachableObjects(handing: Set(places.keys)) { id, bytes in
                guard let at = places[id] else { return }
                checks.submit(id, bytes, path: at.path, place: at.place)
            }
            result.objects = objects.count
            result.problems += objects.problems
            allObjectsMatched = objects.problems.isEmpty
            leafNames = objects.leafNames
            walkedCommits = objects.commits
        } catch {
            result.problems.append(Message("verify.objects", ["problem": .text(error.message)]))
        }
        var found = checks.finish()

        for step in steps {
            switch step {
            case .problem(let message):
                result.problems.append(message)
            case .blob(let id):
                result.reportBlobs += 1
                let at = places[id]!
                if found[id] == nil {
                    // Not met by the walk (it could not read it): read on its own, as before.
                    guard let bytes = try? repository.readBlob(id) else {
                        result.problems.append(
                            Message("verify.blobUnreadable", ["place": .text(at.place), "blob": .text(id.short)]))
                        continue
                    }
                    found[id] = Self.storedReportProblems(bytes, path: at.path, place: at.place, schemas: schemas)
                }
                result.problems += found[id] ?? []
            }
        }

        // Every object the history reads was re-hashed by the walk a moment ago; when all of
        // them matched, reading them again need not hash them again (a third of verify's time).
        if tune, allObjectsMatched { Libgit2.verifyObjectHashes(false) }
        // Still without libgit2's cache: it counts a tree by its stored bytes, so the history's
        // thousands of small trees filled it with several times that (a third more peak memory
        // on a province's vault); the history keeps the trees it reads again itself.
        result.problems += branchHistoryProblems(
            leafNames: allObjectsMatched ? leafNames : [:], commits: allObjectsMatched ? walkedCommits : [:])
        // Commits not yet sent that the server's hook would refuse (a plain git commit of a
        // hand-edited report): the tip may be right while one before it is not.
        let reported = Set(result.problems.map(\.description))
        for unsent in (try? unsentProblems(schemas: schemas)) ?? [] where !reported.contains(unsent.problem.description)
        {
            result.problems.append(Message("verify.unsentNotStored", ["problem": .message(unsent.problem)]))
        }
        if tune, allObjectsMatched { Libgit2.verifyObjectHashes(true) }
        if tune { Libgit2.cacheObjects(true) }

        // Tags against the ledger.
        let tags = try self.tags()
        result.tags = tags.count
        let signatures = signatureChecks(tags)
        result.signatures = signatures.checks
        result.problems += signatures.problems + signatures.checks.filter(\.isProblem).map(\.message)
        let entries = try ledger()
        result.ledgerEntries = entries.count
        // A plain `git clone` fetches branches and tags but not refs/vault/*: without the ledger
        // no tag can be proven, which is one fact to say, not a problem per tag.
        if entries.isEmpty, !tags.isEmpty, ledgerRefMissing {
            result.problems.append(ledgerNotFetched(tags: tags.count))
            return result
        }
        let byName = Dictionary(tags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var ledgered = Set<String>()
        let withdrawn = Set(entries.filter { $0.withdrawal != nil }.map(\.tag))
        // A withdrawn reference the ledger does not record: a withdrawal killed half-way.
        for name in withdrawnRefNames() where !withdrawn.contains(name) {
            result.problems.append(
                Message("verify.withdrawalNotRecorded", ["tag": .text(name), "ref": .text(Self.withdrawnRef(name))]))
        }
        for entry in entries where entry.withdrawal == nil {
            ledgered.insert(entry.tag)
            if withdrawn.contains(entry.tag) {
                // Withdrawn: kept under refs/vault/withdrawn/, gone from refs/tags/.
                if (try? repository.referenceTarget(Self.withdrawnRef(entry.tag))) != .some(entry.tagObject) {
                    result.problems.append(
                        Message(
                            "verify.withdrawnTagGone",
                            [
                                "tag": .text(entry.tag), "ref": .text(Self.withdrawnRef(entry.tag)),
                                "object": .text(entry.tagObject.short), "hex": .text(entry.tagObject.hex),
                            ]))
                }
                if let tag = byName[entry.tag] {
                    // The same tag object still there: a withdrawal killed half-way.
                    let half = tag.tagObject == entry.tagObject
                    result.problems.append(
                        Message(
                            half ? "verify.withdrawalUnfinished" : "verify.withdrawnTagBack", ["tag": .text(entry.tag)])
                    )
                }
                continue
            }
            guard let tag = byName[entry.tag] else {
                result.problems.append(
                    Message(
                        "verify.tagDeleted",
                        [
                            "tag": .text(entry.tag), "date": .text(entry.date), "commit": .text(entry.target.short),
                            "hex": .text(entry.tagObject.hex),
                        ]))
                continue
            }
            if tag.tagObject != entry.tagObject || tag.target != entry.target {
                let now =
                    tag.tagObject.map { Message.Value.text($0.short) } ?? .message(Message("verify.lightweightTag"))
                result.problems.append(
                    Message(
                        "verify.tagMoved",
                        [
                            "tag": .text(entry.tag), "object": .text(entry.tagObject.short),
                            "commit": .text(entry.target.short), "now": now,
                            "nowCommit": .text(tag.target.short), "hex": .text(entry.tagObject.hex),
                        ]))
                continue
            }
            for line in entry.reports {
                guard let path = ReportPath(storedPath: line.path) else { continue }
                guard let stored = try? show(path, at: entry.target.hex) else {
                    result.problems.append(
                        Message(
                            "verify.taggedReportMissing",
                            ["tag": .text(entry.tag), "path": .text(line.path), "commit": .text(entry.target.short)]))
                    continue
                }
                if stored.report.digest != line.digest {
                    result.problems.append(
                        Message(
                            "verify.digestDiffers",
                            [
                                "tag": .text(entry.tag), "path": .text(line.path),
                                "digest": .text(stored.report.digest), "recorded": .text(line.digest),
                            ]))
                }
            }
        }
        for tag in tags where !ledgered.contains(tag.name) && !withdrawn.contains(tag.name) {
            result.problems.append(Message("verify.tagNotInLedger", ["tag": .text(tag.name)]))
        }
        return result
    }

    /// What is wrong with `bytes` stored at `path` (`reports/<year>/<unit>.json`) as a report:
    /// not JSON, not in the stored canonical form, not a report, at another path than its
    /// identity gives, or not valid against the schema of its `schemaVersion` (or of a version
    /// this tool does not know). `place` names it in the messages.
    package static func storedReportProblems(
        _ bytes: [UInt8], path: String, place: String, schemas: ReportSchemas
    ) -> [Message] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            return [
                Message(
                    "verify.notJSON",
                    [
                        "place": .text(place), "line": .count(error.line), "column": .count(error.column),
                        "problem": .message(error.problem),
                    ])
            ]
        }
        var problems: [Message] = []
        let canonical = CanonicalJSON.stored(value)
        // Compared with memcmp: `==` on two arrays goes byte by byte.
        let same =
            canonical.count == bytes.count
            && (bytes.isEmpty
                || canonical.withUnsafeBytes { a in
                    bytes.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
                })
        if !same {
            problems.append(Message("verify.notCanonical", ["place": .text(place)]))
        }
        if let filed = try? Report.path(of: value) {
            if filed.storedPath != path {
                problems.append(Message("verify.wrongPath", ["place": .text(place), "path": .text(filed.storedPath)]))
            }
        } else {
            problems.append(Message("verify.notReport", ["place": .text(place)]))
        }
        let errors: [ValidationError]
        do { errors = try schemas.validate(value) } catch {
            return problems + [
                Message("verify.schemaVersion", ["place": .text(place), "problem": .message(error.message)])
            ]
        }
        if let first = errors.first {
            problems.append(
                Message(
                    "verify.schemaErrors",
                    [
                        "place": .text(place), "count": .count(errors.count),
                        "pointer": .text(first.pointer.isEmpty ? "/" : first.pointer),
                        "problem": .message(first.message), "keyword": .text(first.keyword),
                    ]))
        }
        return problems
    }

    /// What the branch's history shows was lost: reports deleted from the branch by a commit,
    /// and branch moves (in the reflog) that left commits behind, each with the command that
    /// restores it.
    func branchHistoryProblems(
        leafNames: [ObjectID: SHA256Digest] = [:], commits walked: [ObjectID: GitRepository.WalkedCommit] = [:]
    ) -> [Message] {
        var problems: [Message] = []
        guard let tip = try? repository.branchTip(branch) else { return [] }
        let name = shortRef(branch)
        var trees = GitRepository.TreeMemo()
        trees.leafNames = leafNames
        // Every commit of the branch, when the object walk read them all.
        var onBranch: Set<ObjectID>?
        // The commits that deleted reports, in the order of the branch's walk: each said even
        // when the history can't be read to the end.
        var deletions: [(commit: ObjectID, paths: [String])] = []
        var unreadable: Message?
        do {
            if let (commits, reachable) = Self.branchCommits(from: tip, in: walked) {
                onBranch = reachable
                // The object walk read every commit: its trees are known without reading them again.
                for commit in commits {
                    let paths = try repository.deletedPaths(
                        under: "reports", tree: commit.tree, parentTree: commit.parentTree, memo: &trees)
                    if !paths.isEmpty { deletions.append((commit.id, paths)) }
                }
                if deletions.count > 1 {
                    var order: [ObjectID: Int] = [:]
                    try repository.walk(from: tip) { id in
                        order[id] = order.count
                        return true
                    }
                    deletions.sort { order[$0.commit, default: .max] < order[$1.commit, default: .max] }
                }
            } else {
                try repository.walk(from: tip) { id in
                    let paths = try repository.deletedPaths(under: "reports", in: id, memo: &trees)
                    if !paths.isEmpty { deletions.append((id, paths)) }
                    return true
                }
            }
        } catch {
            unreadable = Message("verify.historyUnreadable", ["branch": .text(name), "problem": .text("\(error)")])
        }
        for (id, paths) in deletions {
            guard let info = try? repository.commitInfo(id) else { continue }
            for path in paths {
                // Removed or renamed by vault rm / vault mv, which say so in a trailer.
                if info.message.contains("\n" + Self.removedTrailer + path) { continue }
                if (try? repository.blobID(at: path, in: tip)) != nil { continue }  // restored since
                problems.append(
                    Message(
                        "verify.reportDeleted",
                        [
                            "branch": .text(name), "path": .text(path), "commit": .text(id.short),
                            "author": .text(info.author.name),
                            "date": .text(info.author.isoDate), "subject": .text(firstLine(info.message)),
                            "parent": .text(info.parents.first?.short ?? id.short),
                            "report": .text(ReportPath(storedPath: path)?.description ?? path),
                        ]))
            }
        }
        if let unreadable { problems.append(unreadable) }
        // Moves of the branch that dropped commits still unreachable from its tip.
        var reported = Set<ObjectID>()
        for move in (try? repository.reflog(branch)) ?? [] {
            // The move that dropped them: its old commit is not in its new history, nor in the tip's.
            // (A commit the vault no longer has is passed over, as the merge-base question skips it.)
            guard let old = move.old, !reported.contains(old) else { continue }
            // `vault fix-history` wrote unsent commits again in stored form: nothing was lost.
            if move.message.hasPrefix(Self.fixHistoryReflogMessage) { continue }
            let fromTip =
                onBranch.map { $0.contains(old) || repository.peeledCommit(old) == nil }
                ?? ((try? repository.isAncestor(old, of: tip)) != false)
            guard !fromTip,
                move.new.map({ (try? repository.isAncestor(old, of: $0)) == false }) ?? true
            else { continue }
            reported.insert(old)
            // Moving the branch back is only safe when nothing was committed on it since.
            let restore =
                (try? repository.isAncestor(tip, of: old)) == true
                ? Message("verify.restoreBranch", ["branch": .text(branch), "hex": .text(old.hex)])
                : Message("verify.keepBranchAside", ["short": .text(old.short), "hex": .text(old.hex)])
            problems.append(
                Message(
                    "verify.commitLeftBehind",
                    [
                        "branch": .text(name), "commit": .text(old.short),
                        "new": move.new.map { .text($0.short) } ?? .message(Message("verify.nothing")),
                        "date": .text(move.committer.isoDate), "name": .text(move.committer.name),
                        "message": move.message.isEmpty ? .message(Message("verify.noMessage")) : .text(move.message),
                        "restore": .message(restore),
                    ]))
        }
        return problems
    }

    /// The commits reachable from `tip` that have a parent, each with its root tree and its
    /// first parent's, as the object walk read them (a child before its first parent where
    /// the history allows), and every commit reachable from `tip`; nil when the walk did not
    /// read one of them (or one is a merge of more than two parents).
    static func branchCommits(
        from tip: ObjectID, in walked: [ObjectID: GitRepository.WalkedCommit]
    ) -> (commits: [(id: ObjectID, tree: ObjectID, parentTree: ObjectID)], reachable: Set<ObjectID>)? {
        guard !walked.isEmpty else { return nil }
        var out: [(id: ObjectID, tree: ObjectID, parentTree: ObjectID)] = []
        var seen: Set<ObjectID> = [tip]
        var stack = [tip]
        while let id = stack.popLast() {
            guard let commit = walked[id], !commit.hasMoreParents else { return nil }
            if let first = commit.first {
                guard let parent = walked[first] else { return nil }
                out.append((id, commit.tree, parent.tree))
            }
            for p in [commit.second, commit.first].compactMap(\.self) where seen.insert(p).inserted { stack.append(p) }
        }
        return (out, seen)
    }

    /// The names under refs/vault/withdrawn/.
    func withdrawnRefNames() -> [String] {
        let prefix = Self.withdrawnRef("")
        return ((try? repository.references()) ?? []).map(\.name).filter { $0.hasPrefix(prefix) }.map {
            String($0.dropFirst(prefix.count))
        }.sorted()
    }

    /// Whether the ledger's reference does not exist (false when it cannot be read).
    var ledgerRefMissing: Bool {
        do { return try repository.referenceTarget(Self.ledgerRef) == nil } catch { return false }
    }

    /// The line for a vault with tags and no ledger: the command that fetches it from the
    /// remote it was cloned from (`origin` when there is one).
    private func ledgerNotFetched(tags: Int) -> Message {
        let remotes = repository.remoteNames()
        guard let remote = remotes.contains("origin") ? "origin" : remotes.first else {
            return Message("verify.noLedgerNoRemote", ["tags": .count(tags), "ref": .text(Self.ledgerRef)])
        }
        return Message(
            "verify.noLedger",
            [
                "tags": .count(tags), "ref": .text(Self.ledgerRef),
                "command": .text("git fetch \(remote) '+refs/vault/*:refs/vault/*'"),
            ])
    }

    private func shortRef(_ name: String) -> String {
        for prefix in ["refs/heads/", "refs/tags/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}

/// Report blobs checked on a second thread while `vault verify` walks the objects: the walk
/// hands each blob's bytes over as it reads them (so each is read once), and the second core
/// parses, re-canonicalises and validates them. At most ``limit`` blobs wait; beyond that the
/// walk checks the blob itself, so memory stays bounded whichever side is faster.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition`
/// is locked (Synchronization's Mutex cannot wait for a signal).
private final class ReportBlobChecks: @unchecked Sendable {
    private let schemas: ReportSchemas
    private let condition = NSCondition()
    private var queue: [(id: ObjectID, bytes: [UInt8], path: String, place: String)] = []
    private var results: [ObjectID: [Message]] = [:]
    private var closed = false
    private var running = true
    private let limit = 32

    init(schemas: ReportSchemas) {
        self.schemas = schemas
        let thread = Thread { [self] in work() }
        thread.stackSize = 8 << 20  // the parser and validator recurse as deep as the report nests
        thread.start()
    }

    /// Queues one blob, or checks it here when the queue is full.
    func submit(_ id: ObjectID, _ bytes: [UInt8], path: String, place: String) {
        condition.lock()
        if queue.count < limit {
            queue.append((id, bytes, path, place))
            condition.signal()
            condition.unlock()
            return
        }
        condition.unlock()
        let problems = Vault.storedReportProblems(bytes, path: path, place: place, schemas: schemas)
        condition.lock()
        results[id] = problems
        condition.unlock()
    }

    /// Waits for the queue to be checked and returns every blob's problems, by blob.
    func finish() -> [ObjectID: [Message]] {
        condition.lock()
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        let out = results
        condition.unlock()
        return out
    }

    private func work() {
        condition.lock()
        while true {
            while queue.isEmpty && !closed { condition.wait() }
            guard !queue.isEmpty else { break }
            let next = queue.removeFirst()
            condition.unlock()
            let problems = Vault.storedReportProblems(next.bytes, path: next.path, place: next.place, schemas: schemas)
            condition.lock()
            results[next.id] = problems
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
