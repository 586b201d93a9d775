import Foundation

extension Vault {
    /// The folder `vault clone URL` makes when none is named: the URL's last part without
    /// `.git` (`https://host/county.git` → `county`; with `bare`, `county.git`).
    public static func cloneFolder(for url: String, bare: Bool) -> String {
        var name = RemoteURL.redacted(url)
        while name.hasSuffix("/") { name.removeLast() }
        name = String(name.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? "vault")
        if name.hasSuffix(".git") { name.removeLast(4) }
        if name.isEmpty { name = "vault" }
        return bare ? name + ".git" : name
    }

    /// Copies the vault at `url` into `path` (which must not exist or be empty), with `origin`
    /// as its remote: the server's branch, its tags, its ledger and withdrawn tags — the ledger
    /// at `refs/vault/ledger` as the server has it, so `vault verify` and `vault tags` read it.
    /// A new vault's configuration as `vault init` writes it; the branch tracks `origin`. In a
    /// non-bare clone the reports are written to the work tree and the index. On any failure
    /// the folder is removed again (emptied, if it existed).
    public static func clone(
        from url: String, to path: String, bare: Bool, options: RemoteOptions = RemoteOptions()
    ) throws(VaultError) -> (vault: Vault, fetched: FetchResult) {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = files.fileExists(atPath: path, isDirectory: &isDirectory)
        if existed, !isDirectory.boolValue || !((try? files.contentsOfDirectory(atPath: path))?.isEmpty ?? false) {
            throw .cloneTargetNotEmpty(path: path)
        }
        Libgit2.chooseFsync(ProcessEnvironment["VAULT_FSYNC"] != "0")
        do {
            return try cloning(from: url, to: path, bare: bare, options: options)
        } catch {
            if existed {
                for item in (try? files.contentsOfDirectory(atPath: path)) ?? [] {
                    try? files.removeItem(atPath: (path as NSString).appendingPathComponent(item))
                }
            } else {
                try? files.removeItem(atPath: path)
            }
            throw error
        }
    }

    private static func cloning(
        from url: String, to path: String, bare: Bool, options: RemoteOptions
    ) throws(VaultError) -> (vault: Vault, fetched: FetchResult) {
        let created = try create(at: path, bare: bare)
        // A folder is recorded by its absolute path, so the remote works from anywhere.
        var isFolder: ObjCBool = false
        let local =
            !url.contains("://") && FileManager.default.fileExists(atPath: url, isDirectory: &isFolder)
            && isFolder.boolValue
        let url = local ? URL(fileURLWithPath: url).standardizedFileURL.path : url
        try created.addRemote("origin", url: url)
        let (first, heads) = try created.fetchAdvertised(remote: "origin", options: options)
        // The server's HEAD names its branch; a vault's is main.
        let branches = heads.keys.filter { $0.hasPrefix("refs/heads/") }.sorted()
        let branch = branches.contains("refs/heads/main") ? "refs/heads/main" : (branches.first ?? "refs/heads/main")
        let name = String(branch.dropFirst("refs/heads/".count))
        let repository = created.repository
        let message = "clone: from \(first.url)"
        do {
            if let tip = heads[branch] {
                try repository.createReference(branch, to: tip, message: message)
            }
            if branch != repository.headBranch { try repository.setHead(branch) }
            try repository.setConfig("branch.\(name).remote", "origin")
            try repository.setConfig("branch.\(name).merge", branch)
            // The ledger and withdrawn tags as the server has them.
            for (reference, id) in try repository.references() where reference.hasPrefix("refs/remotes/origin/vault/") {
                try repository.createReference(
                    "refs/vault/" + reference.dropFirst("refs/remotes/origin/vault/".count), to: id, message: message)
            }
        } catch {
            throw created.describe(error, while: "clone \(first.url)")
        }
        let vault = try open(at: path, durable: ProcessEnvironment["VAULT_FSYNC"] != "0")
        do {
            _ = try vault.repository.withWorkTreeLock { () throws(GitError) in
                try vault.repository.updateWorkTree(toTipOf: vault.branch, fromScratch: true)
            }
        } catch {
            throw vault.describe(error, while: "clone \(first.url): write the work tree")
        }
        // The index `vault log REPORT` reads, made now (the history was just read over the
        // network): a reviewer's first log of a province's vault is then as quick as the next.
        if let tip = try? vault.repository.branchTip(vault.branch) {
            _ = try? vault.repository.changeIndex(at: tip, cachedIn: vault.changeIndexFile)
        }
        var fetched = first
        fetched.trackingBranch = "refs/remotes/origin/\(name)"
        fetched.remoteBranch = heads[branch]
        return (vault, fetched)
    }
}
