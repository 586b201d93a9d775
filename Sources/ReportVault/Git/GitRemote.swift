import CGit2
import Foundation
import VaultJSON

// Remotes: their configuration, fetch and push. libgit2 reports a transfer's events through C
// callbacks; each gets the operation's ``RemoteSession`` back through the `payload` pointer,
// so what a callback learns (a refusal, the server's text, why credentials ran out) is kept
// in Swift, not in libgit2's thread-local error, which a callback's failure leaves stale.

/// A remote (`git_remote`).
final class GitRemote {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_remote_free(pointer) }

    /// The remote's URL as configured (credentials included, if the user wrote them there).
    var url: String { git_remote_url(pointer).map { String(cString: $0) } ?? "" }
}

/// A reference as a server advertised it.
package struct RemoteHead: Sendable {
    package var name: String
    package var id: ObjectID
    /// For `HEAD`: the branch it names on the server, e.g. `refs/heads/main`.
    package var symbolicTarget: String?
}

/// One reference the server refused during a push, with the server's reason.
package struct PushRefusal: Sendable {
    package var reference: String
    package var status: String
}

// MARK: - Configuration

extension GitRepository {
    /// The fetch refspecs of a remote called `name`: its branches as remote-tracking branches,
    /// its `refs/vault/*` (the ledger, withdrawn tags) below `refs/remotes/<name>/vault/` and its
    /// tags below `refs/remotes/<name>/tags/`. Tags are not fetched to `refs/tags/` directly:
    /// libgit2 1.5.1 moves an existing local tag even for a refspec without `+` (checked), and a
    /// submission tag must never move — the vault creates the missing ones itself.
    static func fetchRefspecs(_ name: String) -> [String] {
        [
            "+refs/heads/*:refs/remotes/\(name)/*", "+refs/vault/*:refs/remotes/\(name)/vault/*",
            "+refs/tags/*:refs/remotes/\(name)/tags/*",
        ]
    }

    /// Whether git accepts `name` as a remote name.
    package static func isValidRemoteName(_ name: String) -> Bool {
        Libgit2.ensureInitialized()
        var valid: Int32 = 0
        return git_remote_name_is_valid(&valid, name) == 0 && valid == 1
    }

    /// Adds the remote `name` with the vault's fetch refspecs. `GIT_EEXISTS` when it exists.
    package func createRemote(_ name: String, url: String) throws(GitError) {
        let specs = Self.fetchRefspecs(name)
        _ = GitRemote(
            try acquire("git_remote_create_with_fetchspec(\(name))") {
                git_remote_create_with_fetchspec(&$0, handle, name, url, specs[0])
            })
        for spec in specs.dropFirst() {
            try check(git_remote_add_fetch(handle, name, spec), "git_remote_add_fetch(\(name))")
        }
    }

    /// Removes the remote `name`, its configuration and its remote-tracking references.
    /// `GIT_ENOTFOUND` when there is none.
    package func deleteRemote(_ name: String) throws(GitError) {
        guard try remoteURL(name) != nil else {
            throw GitError(
                code: GitError.Code.notFound, klass: 0, message: "no remote \(name)",
                operation: "git_remote_lookup(\(name))")
        }
        // libgit2 1.5.1's git_remote_delete fails on a remote with several fetch refspecs ("entry
        // is not unique due to being a multivar"): they are removed first.
        let config = GitConfig(try acquire("git_repository_config") { git_repository_config(&$0, handle) })
        let code = git_config_delete_multivar(config.pointer, "remote.\(name).fetch", ".*")
        if code != GitError.Code.notFound { try check(code, "git_config_delete_multivar(remote.\(name).fetch)") }
        try check(git_remote_delete(handle, name), "git_remote_delete(\(name))")
    }

    /// Every configured remote and its URL, sorted by name.
    package func remotes() throws(GitError) -> [(name: String, url: String)] {
        var names = git_strarray()
        try check(git_remote_list(&names, handle), "git_remote_list")
        defer { git_strarray_dispose(&names) }
        var out: [(String, String)] = []
        for i in 0..<names.count {
            let name = String(cString: names.strings[i]!)
            if let url = try remoteURL(name) { out.append((name, url)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The URL of the remote `name`; nil when there is no such remote.
    package func remoteURL(_ name: String) throws(GitError) -> String? {
        try acquireIfFound("git_remote_lookup(\(name))") { git_remote_lookup(&$0, handle, name) }.map {
            GitRemote($0).url
        }
    }

    /// Points HEAD at `branch` (`refs/heads/…`), which need not exist yet.
    package func setHead(_ branch: String) throws(GitError) {
        try check(git_repository_set_head(handle, branch), "git_repository_set_head(\(branch))")
    }
}

// MARK: - Transfers

extension GitRepository {
    /// Fetches from the remote `name` with its configured refspecs: what the server
    /// advertised, then the objects and the remote-tracking references and new tags.
    package func fetch(
        from name: String, session: RemoteSession,
        admit: ([RemoteHead]) throws(GitError) -> UnsafeTreeEntry? = { _ throws(GitError) in nil }
    ) throws(GitError) -> (heads: [RemoteHead], refused: UnsafeTreeEntry?) {
        let remote = GitRemote(try acquire("git_remote_lookup(\(name))") { git_remote_lookup(&$0, handle, name) })
        return try session.running { () throws(GitError) -> (heads: [RemoteHead], refused: UnsafeTreeEntry?) in
            var callbacks = session.callbacks()
            var proxy = git_proxy_options()
            try check(git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION)), "git_proxy_options_init")
            proxy.type = GIT_PROXY_AUTO
            try check(
                git_remote_connect(remote.pointer, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil),
                "git_remote_connect(\(name))")
            defer { git_remote_disconnect(remote.pointer) }
            // > git_remote_ls: "The memory belongs to the remote. The pointer will be valid as
            // > long as a new connection is not initiated" (git2/remote.h) — copied out at once.
            var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
            var count = 0
            try check(git_remote_ls(&heads, &count, remote.pointer), "git_remote_ls(\(name))")
            var advertised: [RemoteHead] = []
            for i in 0..<count {
                guard let head = heads?[i]?.pointee else { continue }
                advertised.append(
                    RemoteHead(
                        name: String(cString: head.name), id: ObjectID(head.oid),
                        symbolicTarget: head.symref_target.map { String(cString: $0) }))
            }
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            options.callbacks = callbacks
            options.proxy_opts = proxy
            // The refspecs name the tags; nothing is followed beyond them.
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let packs = gitDirectory + "objects/pack"
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: packs)) ?? [])
            try check(git_remote_download(remote.pointer, nil, &options), "git_remote_download(\(name))")
            // What arrived is looked at before any reference names it: a refused fetch moves
            // nothing, and the pack it brought is removed again.
            if let refused = try admit(advertised) {
                for file in (try? FileManager.default.contentsOfDirectory(atPath: packs)) ?? []
                where !before.contains(file) {
                    try? FileManager.default.removeItem(atPath: packs + "/" + file)
                }
                return (advertised, refused)
            }
            try check(
                git_remote_update_tips(
                    remote.pointer, &callbacks, 1, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "vault: fetch \(name)"),
                "git_remote_update_tips(\(name))")
            return (advertised, nil)
        }
    }

    /// Pushes `refspecs` (never forced) to the remote `name`. Returns the references the server
    /// refused: `git_remote_push` returns 0 when a server-side hook or rule says no, and only
    /// the `push_update_reference` callback tells.
    package func push(to name: String, refspecs: [String], session: RemoteSession) throws(GitError) -> [PushRefusal] {
        let remote = GitRemote(try acquire("git_remote_lookup(\(name))") { git_remote_lookup(&$0, handle, name) })
        return try session.running { () throws(GitError) -> [PushRefusal] in
            var options = git_push_options()
            try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            options.callbacks = session.callbacks()
            options.proxy_opts.type = GIT_PROXY_AUTO
            // Over HTTP the server's hook learns the clerk's language (HTTP_ACCEPT_LANGUAGE).
            try withStringArray(["Accept-Language: \(Language.current == .zh ? "zh-CN" : "en")"]) {
                (headers: inout git_strarray) throws(GitError) in
                options.custom_headers = headers
                try withStringArray(refspecs) { (specs: inout git_strarray) throws(GitError) in
                    try check(git_remote_push(remote.pointer, &specs, &options), "git_remote_push(\(name))")
                }
            }
            return session.refusals
        }
    }

    /// Whether `commit` has `ancestor` in its history (a commit is not its own descendant).
    package func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws(GitError) -> Bool {
        var a = commit.oid, b = ancestor.oid
        return try check(git_graph_descendant_of(handle, &a, &b), "git_graph_descendant_of") == 1
    }

    /// How many commits are in the history of `tip` and not in that of `base`.
    package func commitsAhead(_ tip: ObjectID, of base: ObjectID?) throws(GitError) -> Int {
        var ahead = 0, behind = 0
        guard let base else {
            var count = 0
            do {
                try walk(from: tip) { _ in
                    count += 1
                    return true
                }
            } catch let error as GitError {
                throw error
            } catch {
                throw GitError(code: GitError.Code.generic, klass: 0, message: "\(error)", operation: "walk")
            }
            return count
        }
        var a = tip.oid, b = base.oid
        try check(git_graph_ahead_behind(&ahead, &behind, handle, &a, &b), "git_graph_ahead_behind")
        return ahead
    }
}

/// Lends `strings` to `body` as a `git_strarray` of C strings that live for the call.
private func withStringArray(
    _ strings: [String], _ body: (inout git_strarray) throws(GitError) -> Void
) throws(GitError) {
    let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(strings.count, 1))
    for (i, string) in strings.enumerated() { pointers[i] = strdup(string) }
    defer {
        for i in 0..<strings.count { free(pointers[i]) }
        pointers.deallocate()
    }
    var array = git_strarray(strings: pointers, count: strings.count)
    try body(&array)
}
