import Foundation

/// How one conflict of a pull is settled: our value, theirs, or a value the clerk gives.
public enum PullResolution: Sendable, Equatable {
    case ours
    case theirs
    case value(JSONValue)
}

/// A figure (or a row, a text, a whole report) that this vault and the other office changed
/// differently since their common base.
public struct PullConflict: Sendable, Equatable {
    public var report: ReportPath
    /// The place as an RFC 6901 pointer in our report (in theirs, or the base, when ours lacks it).
    public var pointer: String
    /// The place with keyed rows named by their key: `/selfEvaluation/indicators[name=…]/score`.
    public var identity: String
    /// The Chinese caption along the place, as `vault history` and `vault figures` show it.
    public var label: String
    /// The value at the common base, here and there; nil where the place is absent.
    public var base: JSONValue?
    public var ours: JSONValue?
    public var theirs: JSONValue?
    /// How it was settled so far; nil while it is open.
    public var resolution: PullResolution?
    /// The steps to the place (``MergeConflict/tokens``), to find it again in the merged report.
    var tokens: [String]

    /// The value the merged report takes here once it is resolved (nil: absent).
    public var resolved: JSONValue? {
        switch resolution {
        case .ours?, nil: ours
        case .theirs?: theirs
        case .value(let v)?: v
        }
    }
}

/// A pull that stopped at conflicts: what is being merged and how far the clerk got.
///
/// Kept in the vault, so that it survives a crash or a restart: `refs/vault/merge/ours`,
/// `theirs`, `base` and `ledger` keep the commits reachable, and `refs/vault/merge/state`
/// names a commit whose `pull.json` holds all of it (the conflicts and their resolutions;
/// every resolution is a new state commit on top of the last, by compare-and-swap). The
/// state ref is written last and removed first, so a pull in progress exists exactly
/// when it does.
public struct PendingPull: Sendable {
    /// What was pulled, as the clerk knows it (`origin/main`).
    public var from: String
    /// The merge commit's message.
    public var message: String
    /// Who pulled (the merge commit's author unless another is given at `--continue`).
    public var author: GitSignature
    /// Our branch tip when the pull began, their tip and the common base (nil: unrelated histories).
    public var ours: ObjectID
    public var theirs: ObjectID
    public var base: ObjectID?
    /// Their submission ledger, merged in when the pull completes.
    public var theirLedger: ObjectID?
    public var conflicts: [PullConflict]
    /// The state commit this was read from.
    var state: ObjectID?

    /// The conflicts still open.
    public var unresolved: [PullConflict] { conflicts.filter { $0.resolution == nil } }
}

// MARK: - Storage

extension PendingPull {
    /// `pull.json` in a state commit.
    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("from", .string(from)), .init("message", .string(message)),
            .init("author", .object([.init("name", .string(author.name)), .init("email", .string(author.email))])),
            .init("ours", .string(ours.hex)), .init("theirs", .string(theirs.hex)),
        ]
        if let base { members.append(.init("base", .string(base.hex))) }
        if let theirLedger { members.append(.init("theirLedger", .string(theirLedger.hex))) }
        members.append(.init("conflicts", .array(conflicts.map(\.storedJSON))))
        return .object(members)
    }

    init?(_ value: JSONValue, state: ObjectID) {
        guard let from = value[member: "from"]?.stringValue, let message = value[member: "message"]?.stringValue,
            let name = value[member: "author"]?[member: "name"]?.stringValue,
            let email = value[member: "author"]?[member: "email"]?.stringValue,
            let ours = value[member: "ours"]?.stringValue.flatMap(ObjectID.init(hex:)),
            let theirs = value[member: "theirs"]?.stringValue.flatMap(ObjectID.init(hex:)),
            case .array(let list)? = value[member: "conflicts"]
        else { return nil }
        var conflicts: [PullConflict] = []
        for item in list {
            guard let conflict = PullConflict(stored: item) else { return nil }
            conflicts.append(conflict)
        }
        self.init(
            from: from, message: message, author: Author.now(name, email), ours: ours, theirs: theirs,
            base: value[member: "base"]?.stringValue.flatMap(ObjectID.init(hex:)),
            theirLedger: value[member: "theirLedger"]?.stringValue.flatMap(ObjectID.init(hex:)),
            conflicts: conflicts, state: state)
    }
}

extension PullConflict {
    /// The three values and the resolution, each a member only when present.
    package var sides: [JSONValue.Member] {
        var members: [JSONValue.Member] = []
        if let base { members.append(.init("base", base)) }
        if let ours { members.append(.init("ours", ours)) }
        if let theirs { members.append(.init("theirs", theirs)) }
        if let resolution {
            switch resolution {
            case .ours: members.append(.init("resolution", .object([.init("side", .string("ours"))])))
            case .theirs: members.append(.init("resolution", .object([.init("side", .string("theirs"))])))
            case .value(let v):
                members.append(.init("resolution", .object([.init("side", .string("value")), .init("value", v)])))
            }
        }
        return members
    }

    var storedJSON: JSONValue {
        .object(
            [
                .init("report", .string(report.storedPath)), .init("pointer", .string(pointer)),
                .init("identity", .string(identity)), .init("label", .string(label)),
                .init("tokens", .array(tokens.map(JSONValue.string))),
            ] + sides)
    }

    init?(stored value: JSONValue) {
        guard let report = value[member: "report"]?.stringValue.flatMap(ReportPath.init(storedPath:)),
            let pointer = value[member: "pointer"]?.stringValue,
            let identity = value[member: "identity"]?.stringValue, let label = value[member: "label"]?.stringValue,
            case .array(let tokens)? = value[member: "tokens"]
        else { return nil }
        var resolution: PullResolution?
        switch value[member: "resolution"]?[member: "side"]?.stringValue {
        case "ours": resolution = .ours
        case "theirs": resolution = .theirs
        case "value": resolution = value[member: "resolution"]?[member: "value"].map(PullResolution.value)
        default: resolution = nil
        }
        self.init(
            report: report, pointer: pointer, identity: identity, label: label, base: value[member: "base"],
            ours: value[member: "ours"], theirs: value[member: "theirs"],
            resolution: resolution, tokens: tokens.compactMap(\.stringValue))
    }
}

extension Vault {
    /// Where a pull in progress is kept.
    public static let pullRefPrefix = "refs/vault/merge/"
    static let pullStateRef = pullRefPrefix + "state"

    /// The pull in progress, nil when there is none. A state left by a pull whose merge
    /// commit was made but whose state was not yet removed (a crash in between) is removed here.
    public func pendingPull() throws(VaultError) -> PendingPull? {
        do {
            guard let state = try repository.referenceTarget(Self.pullStateRef) else { return nil }
            guard let blob = try repository.blobID(at: "pull.json", in: state),
                let value = try? JSONParser.parse(try repository.readBlob(blob)),
                let pending = PendingPull(value, state: state)
            else { throw VaultError.pullStateUnreadable(ref: Self.pullStateRef, commit: state.short) }
            if let tip = try repository.branchTip(branch), tip != pending.ours,
                try repository.isAncestor(pending.theirs, of: tip)
            {
                try forgetPull(pending)
                return nil
            }
            return pending
        } catch {
            throw describe(any: error, while: "read the pull in progress")
        }
    }

    /// Refuses a command that would move the branch while a pull is in progress.
    package func refuseWhilePulling() throws(VaultError) {
        if let pending = try pendingPull() { throw .pullInProgress(from: pending.from) }
    }

    /// Writes `pending` as the new state (compare-and-swap on the state ref, against the state
    /// it was read from); for a new pull, the refs that keep its commits first, the state last.
    func savePull(_ pending: inout PendingPull) throws(VaultError) {
        do {
            if pending.state == nil {
                try removePullRefs()  // leftovers of a pull killed before its state was written
                try repository.createReference(Self.pullRefPrefix + "ours", to: pending.ours, message: "pull: ours")
                try repository.createReference(
                    Self.pullRefPrefix + "theirs", to: pending.theirs, message: "pull: theirs")
                if let base = pending.base {
                    try repository.createReference(Self.pullRefPrefix + "base", to: base, message: "pull: base")
                }
                if let ledger = pending.theirLedger {
                    try repository.createReference(
                        Self.pullRefPrefix + "ledger", to: ledger, message: "pull: their ledger")
                }
            }
            let blob = try repository.writeBlob(CanonicalJSON.stored(pending.json))
            let signer = Author.now(pending.author.name, pending.author.email)
            let open = pending.unresolved.count
            guard
                let state = try repository.commitObject(
                    updates: [("pull.json", blob)], parent: pending.state,
                    message: "pull \(pending.from): \(open) of \(pending.conflicts.count) conflicts open\n",
                    author: signer,
                    committer: signer)
            else { return }
            try repository.moveBranch(Self.pullStateRef, from: pending.state, to: state, message: "pull: state")
            pending.state = state
        } catch {
            throw describe(any: error, while: "save the pull in progress")
        }
    }

    /// Forgets a pull: the state ref first (from then on there is no pull in progress), then the rest.
    func forgetPull(_ pending: PendingPull) throws(VaultError) {
        do {
            if let state = pending.state { try repository.deleteReference(Self.pullStateRef, expected: state) }
            try removePullRefs()
        } catch {
            throw describe(any: error, while: "forget the pull in progress")
        }
    }

    private func removePullRefs() throws(GitError) {
        for ref in try repository.references(under: Self.pullRefPrefix) where ref.name != Self.pullStateRef {
            try repository.deleteReference(ref.name, expected: ref.target)
        }
    }
}
