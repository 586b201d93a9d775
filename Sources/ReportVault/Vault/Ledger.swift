import Foundation

/// The submission ledger: a chain of commits on `refs/vault/ledger`, one per `vault tag`,
/// each holding `entry.json` — the tag's name, tag object, target commit and, per report,
/// its digest and number of findings. `vault verify` compares the tags with it, so a tag
/// moved, deleted or added with plain `git tag` does not go unnoticed.
/// A pull merges two offices' ledgers with a commit of two parents that holds no entry of its
/// own (LedgerMerge.swift): reading the ledger skips it.
public struct LedgerEntry: Sendable, Equatable {
    public struct ReportLine: Sendable, Equatable {
        public var path: String
        public var digest: String
        public var errors: Int
        public var warnings: Int
    }

    public var tag: String
    public var tagObject: ObjectID
    public var target: ObjectID
    public var date: String
    public var reports: [ReportLine]

    /// The ledger commit holding this entry.
    public var ledgerCommit: ObjectID?
    /// An entry that withdraws the submission `tag` (kept under `refs/vault/withdrawn/`),
    /// with who withdrew it and why.
    public var withdrawal: (by: String, reason: String)?
    /// The reports (stored paths) submitted with --force although a reviewer had returned them
    /// for correction and they had not changed since.
    public var returned: [String] = []

    public static func == (a: LedgerEntry, b: LedgerEntry) -> Bool {
        a.tag == b.tag && a.tagObject == b.tagObject && a.target == b.target && a.date == b.date
            && a.reports == b.reports
            && a.withdrawal?.by == b.withdrawal?.by && a.withdrawal?.reason == b.withdrawal?.reason
            && a.returned == b.returned
    }

    var json: JSONValue {
        var members: [JSONValue.Member] = []
        if let withdrawal {
            members = [
                .init(
                    "withdrawn",
                    .object([.init("by", .string(withdrawal.by)), .init("reason", .string(withdrawal.reason))]))
            ]
        }
        if !returned.isEmpty { members.append(.init("returned", .array(returned.map { .string($0) }))) }
        return .object(
            members + [
                .init("tag", .string(tag)),
                .init("tagObject", .string(tagObject.hex)),
                .init("target", .string(target.hex)),
                .init("date", .string(date)),
                .init(
                    "reports",
                    .array(
                        reports.map { r in
                            .object([
                                .init("path", .string(r.path)), .init("digest", .string(r.digest)),
                                .init("errors", .number(Double(r.errors))),
                                .init("warnings", .number(Double(r.warnings))),
                            ])
                        })),
            ])
    }

    init(tag: String, tagObject: ObjectID, target: ObjectID, date: String, reports: [ReportLine]) {
        self.tag = tag
        self.tagObject = tagObject
        self.target = target
        self.date = date
        self.reports = reports
    }

    package init?(_ value: JSONValue, commit: ObjectID) {
        guard let tag = value[member: "tag"]?.stringValue,
            let tagObject = value[member: "tagObject"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let target = value[member: "target"]?.stringValue.flatMap(ObjectID.init(hex:)),
            case .array(let rows)? = value[member: "reports"]
        else { return nil }
        self.tag = tag
        self.tagObject = tagObject
        self.target = target
        self.date = value[member: "date"]?.stringValue ?? ""
        if let w = value[member: "withdrawn"], let by = w[member: "by"]?.stringValue,
            let reason = w[member: "reason"]?.stringValue
        {
            withdrawal = (by, reason)
        }
        self.reports = rows.compactMap { r in
            guard let path = r[member: "path"]?.stringValue, let digest = r[member: "digest"]?.stringValue else {
                return nil
            }
            // A count from elsewhere (1e300, NaN) is read as 0, never a trap.
            func count(_ v: Double?) -> Int {
                v.flatMap { Int(exactly: $0.rounded(.towardZero)) }.map { max(0, min($0, 1_000_000)) } ?? 0
            }
            return ReportLine(
                path: path, digest: digest, errors: count(r[member: "errors"]?.numberValue),
                warnings: count(r[member: "warnings"]?.numberValue))
        }
        if case .array(let paths)? = value[member: "returned"] { returned = paths.compactMap(\.stringValue) }
        ledgerCommit = commit
    }
}

extension Vault {
    /// The ledger's reference.
    public static let ledgerRef = "refs/vault/ledger"

    /// Where a withdrawn submission tag is kept.
    public static func withdrawnRef(_ tag: String) -> String { "refs/vault/withdrawn/" + tag }

    /// Appends an entry (compare-and-swap on the ledger ref, like any commit).
    func appendToLedger(_ entry: LedgerEntry, by signer: GitSignature) throws(VaultError) {
        let doing = "record tag \(entry.tag) in the ledger"
        let blob: ObjectID
        do { blob = try repository.writeBlob(CanonicalJSON.stored(entry.json)) } catch {
            throw describe(error, while: doing)
        }
        let what = entry.withdrawal == nil ? "tag" : "withdraw"
        _ = try commitRetrying(
            on: Self.ledgerRef, message: "ledger: \(what) \(entry.tag)\n", author: signer, committer: signer,
            while: doing
        ) { _ in [("entry.json", blob)] }
    }

    /// Creates the tag `entry.tag` → `entry.tagObject` and appends `entry` to the ledger in one
    /// locked ref transaction: both `.lock` files are taken before either reference moves, so no
    /// other writer sees one without the other. Another writer holding a lock is waited for a
    /// little; a name taken meanwhile throws ``VaultError/tagExists(name:)`` and writes nothing.
    func recordTag(_ entry: LedgerEntry, by tagger: GitSignature) throws(VaultError) {
        let doing = "tag \(entry.tag)"
        let tagRef = "refs/tags/" + entry.tag
        let blob: ObjectID
        do { blob = try repository.writeBlob(CanonicalJSON.stored(entry.json)) } catch {
            throw describe(error, while: doing)
        }
        try moveTogether(
            [tagRef, Self.ledgerRef], signature: tagger, message: Self.tagReflogMessage(entry.tag), while: doing
        ) { current in
            if current[tagRef] != nil { throw VaultError.tagExists(name: entry.tag) }
            let parent = current[Self.ledgerRef]
            guard
                let ledgerCommit = try repository.commitObject(
                    updates: [("entry.json", blob)], parent: parent, message: "ledger: tag \(entry.tag)\n",
                    author: tagger, committer: tagger)
            else { throw VaultError.tagExists(name: entry.tag) }
            return [tagRef: entry.tagObject, Self.ledgerRef: ledgerCommit]
        }
    }

    /// Moves `names` together in one locked ref transaction (``GitRepository/moveReferencesTogether``),
    /// waiting a little, up to 20 times, while another writer holds one of the locks.
    package func moveTogether(
        _ names: [String], removing: Set<String> = [], signature: GitSignature, message: String, while doing: String,
        decide: ([String: ObjectID]) throws -> [String: ObjectID]
    ) throws(VaultError) {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try repository.moveReferencesTogether(
                    names, removing: removing, signature: signature, message: message, decide: decide)
                return
            } catch {
                if Self.isLocked(error), attempt < 20 {
                    usleep(UInt32.random(in: 1_000...(5_000 * UInt32(attempt))))
                    continue
                }
                throw describe(any: error, while: doing)
            }
        }
    }

    /// The reflog message of the move `vault tag` makes (which `verify --repair` looks for).
    static func tagReflogMessage(_ name: String) -> String { "vault tag: \(name)" }

    /// Whether `error` says another process holds a reference's lock.
    static func isLocked(_ error: any Error) -> Bool {
        (error as? GitError)?.code == GitError.Code.locked
    }

    /// Every ledger entry, oldest first.
    public func ledger() throws(VaultError) -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        do {
            guard let tip = try repository.branchTip(Self.ledgerRef) else { return [] }
            var problems: [String] = []
            try repository.walk(from: tip) { id in
                // A merge of two ledgers (a pull) holds no entry of its own.
                if try repository.commitInfo(id).parents.count > 1 { return true }
                guard let blob = try repository.blobID(at: "entry.json", in: id),
                    let value = try? JSONParser.parse(try repository.readBlob(blob)),
                    let entry = LedgerEntry(value, commit: id)
                else {
                    problems.append(id.hex)
                    return true
                }
                entries.append(entry)
                return true
            }
            if let bad = problems.first { throw VaultError.ledgerEntryUnreadable(commit: bad) }
        } catch {
            throw describe(any: error, while: "read the ledger")
        }
        return entries.reversed()
    }
}

extension Vault {
    /// Withdraws the submission `name`: the tag leaves `refs/tags/` and is kept under
    /// `refs/vault/withdrawn/`, and the ledger records who withdrew it and why — so history
    /// says what happened and `vault verify` stays green.
    public func withdraw(_ name: String, reason: String, by signer: GitSignature) throws(VaultError) -> LedgerEntry {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .withdrawWithoutMessage
        }
        guard let recorded = try ledger().last(where: { $0.tag == name }) else {
            throw .notInLedger(name: name)
        }
        if recorded.withdrawal != nil { throw .alreadyWithdrawn(name: name) }
        let tag: TagInfo
        do { tag = try repository.tag(named: name) } catch { throw .tagMissing(name: name) }
        guard tag.tagObject == recorded.tagObject else {
            throw .tagNotAsRecorded(name: name, recorded: recorded.tagObject.short)
        }
        var entry = recorded
        entry.date = signer.isoDate
        entry.reports = []
        entry.withdrawal = ("\(signer.name) <\(signer.email)>", reason.trimmingCharacters(in: .whitespacesAndNewlines))
        // The withdrawn reference, the ledger entry and the tag's removal in one locked transaction.
        let tagRef = "refs/tags/" + name, withdrawn = Self.withdrawnRef(name)
        let blob: ObjectID
        do { blob = try repository.writeBlob(CanonicalJSON.stored(entry.json)) } catch {
            throw describe(error, while: "withdraw \(name)")
        }
        try moveTogether(
            [withdrawn, Self.ledgerRef, tagRef], removing: [tagRef], signature: signer,
            message: "vault tag --withdraw: \(name)", while: "withdraw \(name)"
        ) {
            current in
            guard current[tagRef] == recorded.tagObject else {
                throw VaultError.tagNotAsRecorded(name: name, recorded: recorded.tagObject.short)
            }
            if current[withdrawn] != nil { throw VaultError.alreadyWithdrawn(name: name) }
            guard
                let ledgerCommit = try repository.commitObject(
                    updates: [("entry.json", blob)], parent: current[Self.ledgerRef],
                    message: "ledger: withdraw \(name)\n", author: signer, committer: signer)
            else { throw VaultError.alreadyWithdrawn(name: name) }
            return [withdrawn: recorded.tagObject, Self.ledgerRef: ledgerCommit]
        }
        return entry
    }
}
