import Foundation

/// A remote as `vault remote -v` lists it.
public struct RemoteInfo: Sendable, Equatable {
    public var name: String
    /// The URL with any password or token removed.
    public var url: String
}

extension Vault {
    /// The vault's remotes, by name; URLs without credentials.
    public func remotes() throws(VaultError) -> [RemoteInfo] {
        do {
            return try repository.remotes().map { RemoteInfo(name: $0.name, url: RemoteURL.redacted($0.url)) }
        } catch {
            throw describe(error, while: "list remotes")
        }
    }

    /// Adds the remote `name` at `url`, with the fetch refspecs ``FetchResult`` documents.
    public func addRemote(_ name: String, url: String) throws(VaultError) {
        guard GitRepository.isValidRemoteName(name) else { throw .invalidRemoteName(name: name) }
        do {
            try repository.createRemote(name, url: url)
        } catch  where error.code == GitError.Code.exists {
            throw .remoteExists(name: name)
        } catch {
            throw describe(error, while: "add remote \(name)")
        }
    }

    /// Removes the remote `name` and its remote-tracking references; the vault's branch, tags
    /// and ledger stay.
    public func removeRemote(_ name: String) throws(VaultError) {
        do {
            try repository.deleteRemote(name)
        } catch  where error.code == GitError.Code.notFound {
            throw .noSuchRemote(name: name)
        } catch {
            throw describe(error, while: "remove remote \(name)")
        }
    }

    /// The host as ~/.ssh/known_hosts names it: `[host]:port` for another port than 22.
    static func knownHostsName(_ host: String, port: Int?) -> String {
        guard let port, port != 22 else { return host }
        return "[\(host)]:\(port)"
    }

    /// Turns a failed transfer into the one line that says what happened, URL without credentials.
    static func remoteError(_ error: GitError, session: RemoteSession) -> VaultError {
        let url = RemoteURL.redacted(session.url)
        let parts = RemoteURLParts(session.url)
        let ssh = parts.scheme == "ssh" || parts.scheme?.contains("ssh") == true
        switch session.stop ?? (session.watchdog.fired ? .timedOut(seconds: session.watchdog.timeout) : nil) {
        case .timedOut(let seconds)?:
            return .remoteTimedOut(url: url, seconds: Int(seconds.rounded()))
        case .credentialsRefused(true, _, 0)?:
            return .remoteSSHKeyMissing(url: url)
        case .credentialsRefused(true, true, _)?:
            return .remoteRSAKeyRefused(url: url)
        case .credentialsRefused(true, false, _)?:
            return .remoteSSHKeyRefused(url: url)
        case .credentialsRefused(false, _, _)?:
            return .remoteCredentialsRefused(url: url)
        case .unknownHost(let host)?:
            return .remoteHostUnknown(url: url, host: knownHostsName(host, port: parts.port))
        case .invalidCertificate(let host)?:
            return .remoteCertificateInvalid(url: url, host: host)
        case nil:
            break
        }
        if error.code == GitError.Code.certificate {
            return ssh
                ? .remoteHostUnknown(url: url, host: knownHostsName(parts.host ?? url, port: parts.port))
                : .remoteCertificateInvalid(url: url, host: parts.host ?? url)
        }
        if error.code == GitError.Code.authentication {
            return ssh ? .remoteSSHKeyRefused(url: url) : .remoteCredentialsRefused(url: url)
        }
        // libgit2 tells these apart by its message only (code -1, class NET, HTTP, SSH or OS).
        var detail = error.message
        if let password = parts.password, !password.isEmpty {
            detail = detail.replacingOccurrences(of: password, with: "***")
        }
        if session.url != url { detail = detail.replacingOccurrences(of: session.url, with: url) }
        let text = detail.lowercased()
        if parts.scheme == nil || parts.scheme == "file",
            text.contains("unsupported url protocol") || text.contains("failed to resolve path")
        {
            return .remoteNotFound(url: url)  // a folder that is not there
        }
        let missing = [
            "no such repository", "status code: 404", "not found", "does not appear to be a git repository",
            "could not find repository", "not a git repository",
            "failed to resolve path", "repository not exported",
        ]
        if missing.contains(where: text.contains) { return .remoteNotFound(url: url) }
        if text.contains("status code: 401") || text.contains("status code: 403") {
            return .remoteCredentialsRefused(url: url)
        }
        let unreachable = [
            "failed to connect", "connection refused", "could not resolve", "failed to resolve address", "unreachable",
            "no route to host", "timed out",
        ]
        if unreachable.contains(where: text.contains) { return .remoteUnreachable(url: url, detail: detail) }
        return .remoteFailed(url: url, detail: detail)
    }
}
