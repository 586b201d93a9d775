import Foundation

/// Who may change what in a county vault: the access list, kept in the vault itself as a chain
/// of commits on `refs/vault/access` (like the ledger), each holding `access.json` in its stored
/// canonical form. The names are the identities the county's server authenticates (a gitolite
/// user, an HTTP user); roles are per user:
///
/// - `clerk` of one or more units (unit names as in the reports): adds, changes, renames and
///   deletes the reports of those units;
/// - `reviewer`: reads everything (review notes come with the review issue);
/// - `archivist`: submission tags, their withdrawal and the ledger;
/// - `admin`: the access list itself (an administrator grants themself other roles).
///
/// A vault without an access list (made before vault had one) is open to every pusher, as
/// before; `vault init --bare` writes one, closed to anonymous pushes.
public struct AccessList: Sendable, Equatable {
    /// One user and what they are.
    public struct User: Sendable, Equatable {
        public var name: String
        /// The units whose reports the user keeps (clerk); sorted, no duplicates.
        public var clerkOf: [String]
        public var reviewer: Bool
        public var archivist: Bool
        public var admin: Bool

        public init(
            name: String, clerkOf: [String] = [], reviewer: Bool = false, archivist: Bool = false, admin: Bool = false
        ) {
            self.name = name
            self.clerkOf = Array(Set(clerkOf)).sorted()
            self.reviewer = reviewer
            self.archivist = archivist
            self.admin = admin
        }

        /// The roles by their names in the file, in a fixed order.
        public var roles: [AccessRole] {
            (clerkOf.isEmpty ? [] : [.clerk]) + (reviewer ? [.reviewer] : []) + (archivist ? [.archivist] : [])
                + (admin ? [.admin] : [])
        }

        /// The user's roles as a sentence ("clerk of A and B, archivist"; "no role").
        public var rolesMessage: Message {
            var units = Message.Value.text(clerkOf.last ?? "")
            for unit in clerkOf.dropLast().reversed() {
                units = .message(Message("access.list.units", ["first": .text(unit), "rest": units]))
            }
            let parts = roles.map { role -> Message in
                role == .clerk ? Message("access.role.clerkOf", ["units": units]) : role.label
            }
            guard var joined = parts.last else { return Message("access.role.none") }
            for part in parts.dropLast().reversed() {
                joined = Message("access.list.and", ["first": .message(part), "rest": .message(joined)])
            }
            return joined
        }

        var json: JSONValue {
            .object(
                [.init("name", .string(name)), .init("roles", .array(roles.map { .string($0.rawValue) }))]
                    + (clerkOf.isEmpty ? [] : [.init("clerkOf", .array(clerkOf.map { .string($0) }))]))
        }
    }

    /// Sorted by name, one entry per name.
    public private(set) var users: [User]
    /// Whether a push no server authenticated (git daemon) may write; `vault init --bare` says no.
    public var anonymousWrites: Bool

    public init(users: [User] = [], anonymousWrites: Bool = false) {
        self.users = []
        self.anonymousWrites = anonymousWrites
        for user in users { set(user) }
    }

    /// The user called `name` (exactly, as the server authenticates it).
    public func user(_ name: String) -> User? { users.first { $0.name == name } }

    /// Adds `user`, or replaces the user of that name; a user with no role left is removed.
    public mutating func set(_ user: User) {
        users.removeAll { $0.name == user.name }
        if !user.roles.isEmpty { users.append(user) }
        users.sort { $0.name < $1.name }
    }

    /// The file's JSON (also `vault access --json`'s `users` and `anonymousWrites`).
    public var json: JSONValue {
        .object([
            .init("anonymousWrites", .bool(anonymousWrites)), .init("users", .array(users.map(\.json))),
            .init("version", .number(1)),
        ])
    }

    /// The stored bytes of `access.json`.
    public var stored: [UInt8] { CanonicalJSON.stored(json) }

    /// The file's name in each commit of the chain.
    static let fileName = "access.json"

    /// Why `name` cannot be a user name, or nil: not empty, at most 64 characters, no spaces,
    /// control characters, slashes or colons (a server's user names are all of this form).
    public static func problem(withUserName name: String) -> Message? {
        if name.isEmpty || name.count > 64
            || name.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || "/:\\".unicodeScalars.contains($0)
            })
        {
            return Message("access.badUserName", ["name": .text(name)])
        }
        return nil
    }

    /// Reads `access.json`; throws a message naming what is wrong.
    public init(stored bytes: [UInt8]) throws(VaultError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw .accessFileInvalid(problem: Message("access.problem.notJSON"))
        }
        guard case .object(let members) = value else {
            throw .accessFileInvalid(problem: Message("access.problem.notObject"))
        }
        for member in members where !["anonymousWrites", "users", "version"].contains(member.name) {
            throw .accessFileInvalid(problem: Message("access.problem.unknownMember", ["name": .text(member.name)]))
        }
        guard value[member: "version"]?.numberValue == 1 else {
            throw .accessFileInvalid(problem: Message("access.problem.version"))
        }
        guard case .bool(let anonymous)? = value[member: "anonymousWrites"],
            case .array(let rows)? = value[member: "users"]
        else {
            throw .accessFileInvalid(problem: Message("access.problem.members"))
        }
        var users: [User] = []
        for row in rows {
            guard let name = row[member: "name"]?.stringValue, case .array(let roleValues)? = row[member: "roles"]
            else {
                throw .accessFileInvalid(problem: Message("access.problem.members"))
            }
            if let problem = Self.problem(withUserName: name) { throw .accessFileInvalid(problem: problem) }
            if users.contains(where: { $0.name == name }) {
                throw .accessFileInvalid(problem: Message("access.problem.twice", ["name": .text(name)]))
            }
            var roles: Set<AccessRole> = []
            for roleValue in roleValues {
                guard let role = roleValue.stringValue.flatMap(AccessRole.init(rawValue:)) else {
                    throw .accessFileInvalid(
                        problem: Message(
                            "access.problem.role", ["name": .text(name), "role": .text(roleValue.stringValue ?? "?")]))
                }
                roles.insert(role)
            }
            var units: [String] = []
            if case .array(let unitValues)? = row[member: "clerkOf"] {
                for unitValue in unitValues {
                    guard let unit = unitValue.stringValue, ReportPath.problem(withUnitName: unit) == nil else {
                        throw .accessFileInvalid(
                            problem: Message(
                                "access.problem.unit",
                                ["name": .text(name), "unit": .text(unitValue.stringValue ?? "?")]))
                    }
                    units.append(unit)
                }
            }
            guard roles.contains(.clerk) == !units.isEmpty else {
                throw .accessFileInvalid(problem: Message("access.problem.clerkUnits", ["name": .text(name)]))
            }
            users.append(
                User(
                    name: name, clerkOf: units, reviewer: roles.contains(.reviewer),
                    archivist: roles.contains(.archivist), admin: roles.contains(.admin)))
        }
        self.init(users: users, anonymousWrites: anonymous)
    }
}

/// A role in the access list.
public enum AccessRole: String, Sendable, CaseIterable {
    case clerk, reviewer, archivist, admin

    /// The role's name in either language.
    public var label: Message {
        switch self {
        case .clerk: Message("access.role.clerk")
        case .reviewer: Message("access.role.reviewer")
        case .archivist: Message("access.role.archivist")
        case .admin: Message("access.role.admin")
        }
    }
}

/// Who is pushing, as the server's transport says.
public enum AccessIdentity: Sendable, Equatable {
    /// A user the server authenticated (gitolite's `GL_USER`, the web server's `REMOTE_USER`,
    /// the account of a plain ssh login).
    case user(String)
    /// A network push nobody authenticated (git daemon, a web server without a login).
    case anonymous
    /// A push into the server's folder itself: made with the file system's rights, which no
    /// access list can take away, so not checked.
    case local

    /// The identity the environment of a `pre-receive` hook gives: `GL_USER` (gitolite), then
    /// `REMOTE_USER` (git http-backend); a push made with `git push` into the server's folder
    /// itself (`pushedLocally`, ``ServerHook/pushedLocally()``)
    /// is local; then the login of a plain ssh session (`SSH_CONNECTION` set: `USER`).
    /// Anything else is anonymous — git daemon (`REMOTE_ADDR`), started by inetd or xinetd
    /// (nothing, or `REMOTE_HOST`), a web server without a login: what is not known to be a
    /// local push is never taken for one.
    public static func of(hookEnvironment environment: [String: String], pushedLocally: Bool) -> AccessIdentity {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let user = value("GL_USER") ?? value("REMOTE_USER") { return .user(user) }
        if pushedLocally { return .local }
        if value("SSH_CONNECTION") != nil, let login = value("USER") ?? value("LOGNAME") { return .user(login) }
        return .anonymous
    }

    /// The name shown in messages.
    var shown: Message.Value {
        switch self {
        case .user(let name): .text(name)
        case .anonymous: .message(Message("access.identity.anonymous"))
        case .local: .message(Message("access.identity.local"))
        }
    }
}

extension Vault {
    /// The access list's reference.
    public static let accessRef = "refs/vault/access"

    /// The access list at `reference` (the vault's own by default) and the commit holding it;
    /// nil when there is none.
    public func accessList(
        at reference: String = Vault.accessRef
    ) throws(VaultError) -> (list: AccessList, commit: ObjectID)? {
        let tip: ObjectID?
        do { tip = try repository.referenceTarget(reference) } catch {
            throw describe(error, while: "read \(reference)")
        }
        guard let tip else { return nil }
        return (try accessList(inCommit: tip), tip)
    }

    /// The access list a commit of the chain holds.
    package func accessList(inCommit commit: ObjectID) throws(VaultError) -> AccessList {
        let bytes: [UInt8]
        do {
            guard let blob = try repository.blobID(at: AccessList.fileName, in: commit) else {
                throw VaultError.accessFileInvalid(
                    problem: Message("access.problem.missing", ["commit": .text(commit.short)]))
            }
            bytes = try repository.readBlob(blob)
        } catch let error as VaultError {
            throw error
        } catch {
            throw describe(any: error, while: "read \(Self.accessRef)")
        }
        return try AccessList(stored: bytes)
    }

    /// Changes the access list (an empty one when there is none yet) with `change` and records
    /// the result as a new commit on `refs/vault/access` signed by `signer`; returns the list.
    /// Nothing is written when the change leaves the list as it was.
    @discardableResult
    public func changeAccess(
        by signer: GitSignature, message: String, _ change: (inout AccessList) throws(VaultError) -> Void
    ) throws(VaultError) -> AccessList {
        var result = AccessList()
        // A VaultError thrown by `change` comes out of commitRetrying as it is.
        _ = try commitRetrying(
            on: Self.accessRef, message: message + "\n", author: signer, committer: signer,
            while: "change \(Self.accessRef)"
        ) { tip in
            var list = try tip.map { id throws(VaultError) in try self.accessList(inCommit: id) } ?? AccessList()
            try change(&list)
            result = list
            return [(AccessList.fileName, try self.repository.writeBlob(list.stored))]
        }
        return result
    }
}

extension Vault {
    /// The commits a county vault has accepted: its branch and its submission tags (not
    /// another branch, which anyone listed could have pushed a draft to).
    package func acceptedCommits(among references: [(name: String, target: ObjectID)]) -> [ObjectID] {
        references.filter { $0.name == branch || $0.name.hasPrefix("refs/tags/") }.compactMap {
            repository.peeledCommit($0.target)
        }
    }

    /// Why the access list `access` forbids `identity` the pushed `updates`, one message per
    /// refused change, naming the user, the report and the rule; empty when all is allowed.
    /// `accepted`: the commits the server accepted (``acceptedCommits(among:)``); the branch's new
    /// commits are those reachable from its new tip and from none of them. Only what the push
    /// itself adds is weighed: a merge that brings others' accepted commits is allowed; a
    /// report the merge itself changes (other than by taking one side's version) counts as the
    /// pusher's change. Other branches than the vault's are an administrator's.
    package func accessRefusals(
        of updates: [RefUpdate], by identity: AccessIdentity, access: AccessList, accepted known: [ObjectID]
    ) -> [Message] {
        let user: AccessList.User
        switch identity {
        case .local:
            return []
        case .anonymous:
            if access.anonymousWrites {
                // Everything but the access list, as a vault without one.
                return updates.filter { $0.ref == Self.accessRef }.map {
                    Message(
                        "access.refused.notAdmin",
                        ["ref": .text($0.ref), "user": identity.shown, "roles": .message(Message("access.role.none"))])
                }
            }
            return updates.isEmpty ? [] : [Message("access.refused.anonymous", ["ref": .text(updates[0].ref)])]
        case .user(let name):
            guard let named = access.user(name) else {
                return updates.isEmpty
                    ? [] : [Message("access.refused.unknownUser", ["ref": .text(updates[0].ref), "user": .text(name)])]
            }
            user = named
        }
        var refusals: [Message] = []
        let who = Message.Value.text(user.name)
        for update in updates {
            let ref = update.ref
            if ref == Self.accessRef {
                if !user.admin {
                    refusals.append(
                        Message(
                            "access.refused.notAdmin",
                            ["ref": .text(ref), "user": who, "roles": .message(user.rolesMessage)]))
                }
            } else if ref == Self.ledgerRef || ref.hasPrefix("refs/tags/") || ref.hasPrefix("refs/vault/withdrawn/") {
                if !user.archivist {
                    refusals.append(
                        Message(
                            "access.refused.notArchivist",
                            ["ref": .text(ref), "user": who, "roles": .message(user.rolesMessage)]))
                }
            } else if ref == Self.reviewsRef, let new = update.new {
                // Notes and verdicts are a reviewer's (or an administrator's); a reply also the
                // clerk's of the report's unit.
                let added = (try? reviewEntries(from: new, excluding: update.old)) ?? []
                for entry in added {
                    guard Self.reviewRefusal(entry.kind, entry.report, user: user) != nil else { continue }
                    refusals.append(
                        Message(
                            "access.refused.review",
                            [
                                "ref": .text(ref), "user": who, "kind": .message(entry.kind.label),
                                "report": .text(entry.report.description), "roles": .message(user.rolesMessage),
                            ]))
                    break
                }
            } else if ref.hasPrefix("refs/heads/"), ref != branch, !user.admin {
                refusals.append(
                    Message(
                        "access.refused.otherBranch",
                        ["ref": .text(ref), "user": who, "branch": .text(branch), "roles": .message(user.rolesMessage)])
                )
            } else if ref.hasPrefix("refs/heads/"), let new = update.new, let tip = repository.peeledCommit(new) {
                let changes: [(commit: ObjectID, path: String)]
                do { changes = try pushedChanges(tip: tip, known: known + (update.old.map { [$0] } ?? [])) } catch {
                    refusals.append(Message("hook.unreadable", ["ref": .text(ref), "problem": .text(error.message)]))
                    continue
                }
                var refused = Set<String>()
                for change in changes where refused.insert(change.path).inserted {
                    if let report = ReportPath(storedPath: change.path) {
                        if !user.clerkOf.contains(report.unitName) {
                            refusals.append(
                                Message(
                                    "access.refused.notClerk",
                                    [
                                        "ref": .text(ref), "user": who, "report": .text(report.description),
                                        "unit": .text(report.unitName),
                                        "commit": .text(change.commit.short), "roles": .message(user.rolesMessage),
                                    ]))
                        }
                    } else if !user.admin {
                        refusals.append(
                            Message(
                                "access.refused.notReport",
                                [
                                    "ref": .text(ref), "user": who, "path": .text(change.path),
                                    "commit": .text(change.commit.short), "roles": .message(user.rolesMessage),
                                ]))
                    }
                }
            }
        }
        return refusals
    }

    /// The paths each commit reachable from `tip` and from none of `known` changes itself: a
    /// commit of one parent, what differs from the parent; a merge, each path it does not take
    /// unchanged from one side — one that differs from every parent, or that keeps a parent's
    /// version where another parent changed it since their merge base (a change undone).
    func pushedChanges(tip: ObjectID, known: [ObjectID]) throws(GitError) -> [(commit: ObjectID, path: String)] {
        var result: [(commit: ObjectID, path: String)] = []
        for commit in try repository.commits(from: tip, excluding: known) {
            let parents = try repository.lookupCommit(commit).parents
            guard parents.count > 1 else {
                result += try repository.changes(in: commit).map { (commit, $0.path) }
                continue
            }
            var base: ObjectID? = parents[0]
            for parent in parents.dropFirst() {
                base = try base.flatMap { b throws(GitError) in try repository.mergeBase(b, parent) }
            }
            var candidates: [String] = []
            for parent in parents { candidates += try repository.changes(from: parent, to: commit).map(\.path) }
            for path in Set(candidates).sorted() {
                let merged = try repository.blobID(at: path, in: commit)
                let sides = try parents.map { p throws(GitError) in try repository.blobID(at: path, in: p) }
                let original = try base.flatMap { b throws(GitError) in try repository.blobID(at: path, in: b) }
                let taken = sides.contains(merged) && sides.allSatisfy { $0 == merged || $0 == original }
                if !taken { result.append((commit, path)) }
            }
        }
        return result
    }
}

extension Vault {
    /// The form of a pushed access list, whoever pushes it: never deleted nor rewritten (its
    /// new tip descends from the old one), a list vault can read, with an administrator left.
    package func accessUpdateRefusals(_ update: RefUpdate) -> [Message] {
        let ref = update.ref
        guard let new = update.new else { return [Message("hook.accessDeleted", ["ref": .text(ref)])] }
        if let old = update.old, (try? repository.isAncestor(old, of: new)) != true {
            return [
                Message("hook.accessRewritten", ["ref": .text(ref), "old": .text(old.short), "new": .text(new.short)])
            ]
        }
        let list: AccessList
        do { list = try accessList(inCommit: new) } catch {
            return [Message("hook.accessInvalid", ["ref": .text(ref), "problem": .message(error.message)])]
        }
        if !list.users.contains(where: \.admin) { return [Message("hook.accessNoAdmin", ["ref": .text(ref)])] }
        return []
    }

    /// Where a fetch from `remote` leaves the server's access list.
    public static func remoteAccessRef(_ remote: String) -> String { "refs/remotes/\(remote)/vault/access" }

    /// Moves this vault's access list forward to the one fetched from `remote` when that one
    /// only adds to it (an administrator's change); true when it moved. A list changed here
    /// and not sent yet stays (`vault push` sends it).
    @discardableResult
    package func followRemoteAccess(_ remote: String) -> Bool {
        guard let theirs = (try? repository.referenceTarget(Self.remoteAccessRef(remote))) ?? nil else { return false }
        let ours = (try? repository.referenceTarget(Self.accessRef)) ?? nil
        guard ours != theirs, ours.map({ (try? repository.isAncestor($0, of: theirs)) == true }) ?? true else {
            return false
        }
        return (try? repository.setReference(Self.accessRef, to: theirs, message: "vault pull: access list")) != nil
    }

    /// The name this vault's user has on the server at `url`: `vault.user` (``setServerUser(_:)``),
    /// else the user of an HTTP remote (in its URL, or `VAULT_HTTP_USER`); nil when unknown.
    public func serverUser(url: String? = nil) -> String? {
        if let name = repository.configString("vault.user"), !name.isEmpty { return name }
        guard let url, url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        return RemoteURLParts(url).user ?? ProcessEnvironment["VAULT_HTTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Records `name` as this vault's user on the county server (`vault config user NAME`).
    public func setServerUser(_ name: String) throws(VaultError) {
        if AccessList.problem(withUserName: name) != nil { throw .accessUserNameInvalid(name: name) }
        do { try repository.setConfig("vault.user", name) } catch { throw describe(error, while: "set vault.user") }
    }

    /// What the server's access list (as last fetched from `remote`, else this vault's) lets
    /// the user do: the user, and the list; nil when there is no list or no known user.
    public func serverRole(remote: String = "origin") -> (name: String, user: AccessList.User?)? {
        let url = try? remoteURL(remote)
        guard let name = serverUser(url: url) else { return nil }
        let list = ((try? accessList(at: Self.remoteAccessRef(remote))) ?? nil) ?? ((try? accessList()) ?? nil)
        guard let list else { return nil }
        return (name, list.list.user(name))
    }
}

extension Vault {
    /// `vault access grant`: gives `named.name` the roles `named` holds (added to theirs).
    public func grantAccess(_ named: AccessList.User, by signer: GitSignature) throws(VaultError) -> AccessList {
        let user = named.name
        if AccessList.problem(withUserName: user) != nil { throw .accessUserNameInvalid(name: user) }
        for unit in named.clerkOf { if let problem = ReportPath.problem(withUnitName: unit) { throw problem } }
        return try changeAccess(by: signer, message: "access: grant \(user) \(Self.described(named))") {
            list throws(VaultError) in
            let entry = list.user(user) ?? AccessList.User(name: user)
            list.set(
                AccessList.User(
                    name: user, clerkOf: entry.clerkOf + named.clerkOf, reviewer: entry.reviewer || named.reviewer,
                    archivist: entry.archivist || named.archivist,
                    admin: entry.admin || named.admin))
        }
    }

    /// `vault access revoke`: takes the roles `named` holds from `named.name`; no role named
    /// takes every role (the user leaves the list).
    public func revokeAccess(_ named: AccessList.User, by signer: GitSignature) throws(VaultError) -> AccessList {
        let user = named.name, all = named.roles.isEmpty
        return try changeAccess(by: signer, message: "access: revoke \(user) \(all ? "all" : Self.described(named))") {
            list throws(VaultError) in
            guard let entry = list.user(user) else { throw .accessNoSuchUser(name: user) }
            if let unit = named.clerkOf.first(where: { !entry.clerkOf.contains($0) }) {
                throw .accessNotClerkOf(name: user, unit: unit)
            }
            // The county server refuses a list without an administrator: not made here either.
            if entry.admin, named.admin || all, !list.users.contains(where: { $0.admin && $0.name != user }) {
                throw .accessLastAdmin(name: user)
            }
            list.set(
                all
                    ? AccessList.User(name: user)
                    : AccessList.User(
                        name: user, clerkOf: entry.clerkOf.filter { !named.clerkOf.contains($0) },
                        reviewer: entry.reviewer && !named.reviewer,
                        archivist: entry.archivist && !named.archivist, admin: entry.admin && !named.admin))
        }
    }

    /// The roles of `user` for a commit message: `clerk 绥宁县长铺镇人民政府, archivist`.
    static func described(_ user: AccessList.User) -> String {
        (user.clerkOf.map { "clerk \($0)" } + user.roles.filter { $0 != .clerk }.map(\.rawValue)).joined(
            separator: ", ")
    }

    /// `vault init --bare`'s list: the administrators named, anonymous pushes refused.
    public func writeInitialAccess(admins: [String], by signer: GitSignature?) throws(VaultError) {
        for name in admins where AccessList.problem(withUserName: name) != nil {
            throw .accessUserNameInvalid(name: name)
        }
        let signature = signer ?? Author.now("vault init", "vault@localhost")
        try changeAccess(
            by: signature,
            message: "access: new county vault"
                + (admins.isEmpty ? "" : ", administrators " + admins.joined(separator: ", "))
        ) {
            list in
            for name in admins { list.set(AccessList.User(name: name, admin: true)) }
            list.anonymousWrites = false
        }
    }

    /// What `user` may do in this vault (and to `report`, when named), one sentence per kind
    /// of change, each with the rule that decides it (`vault access check`).
    public func accessVerdict(user name: String, report: ReportPath?) throws(VaultError) -> [Message] {
        guard let (list, _) = try accessList() else { return [Message("access.check.open", ["user": .text(name)])] }
        guard let user = list.user(name) else { return [Message("access.check.unknown", ["user": .text(name)])] }
        var lines = [Message("access.check.roles", ["user": .text(name), "roles": .message(user.rolesMessage)])]
        if let report {
            let values: [String: Message.Value] = ["report": .text(report.description), "unit": .text(report.unitName)]
            lines.append(
                user.clerkOf.contains(report.unitName)
                    ? Message("access.check.reportYes", values) : Message("access.check.reportNo", values))
        } else {
            lines.append(
                user.clerkOf.isEmpty
                    ? Message("access.check.noReports")
                    : Message("access.check.reports", ["units": .text(user.clerkOf.joined(separator: ", "))]))
        }
        lines.append(user.archivist ? Message("access.check.tagYes") : Message("access.check.tagNo"))
        lines.append(user.admin ? Message("access.check.adminYes") : Message("access.check.adminNo"))
        return lines
    }
}

/// `vault access --json` (schema/access-output.schema.json).
public struct AccessOutput: JSONOutput {
    public var list: AccessList?
    public var revision: ObjectID?

    public init(list: AccessList?, revision: ObjectID?) {
        self.list = list
        self.revision = revision
    }

    public var json: JSONValue {
        guard let list else {
            return .object([
                .init("revision", .null), .init("anonymousWrites", .bool(true)), .init("users", .array([])),
            ])
        }
        return .object([
            .init("revision", revision.map { .string($0.hex) } ?? .null),
            .init("anonymousWrites", .bool(list.anonymousWrites)), .init("users", .array(list.users.map(\.json))),
        ])
    }
}
