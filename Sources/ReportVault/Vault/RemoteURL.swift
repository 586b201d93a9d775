import Foundation

/// Remote URLs as the user sees them: never with the password or token they may hold.
public enum RemoteURL {
    /// `url` without its credentials: `https://user:token@host/x` and `https://token@host/x`
    /// become `https://host/x`; an ssh user (`ssh://git@host/x`, `git@host:x`) is kept, as it is
    /// no secret, but a password beside it is removed. Local paths are returned as they are.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else {
            // scp-like user@host:path, or a local path: the part before '@' is a user name only.
            guard let at = url.firstIndex(of: "@"), let colon = url[..<at].firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + String(url[at...])
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        let keepsUser = scheme == "ssh" || scheme == "git+ssh" || scheme == "ssh+git"
        let shownUser = keepsUser ? String(userInfo.prefix { $0 != ":" }) + "@" : ""
        return String(url[..<schemeEnd.upperBound]) + shownUser + String(rest[rest.index(after: at)...])
    }

    /// The folder `url` names when it is a local path or a `file://` URL (relative paths are
    /// taken from `base`, as git takes a remote's path from the repository's folder); nil for
    /// a network URL (`git://`, `http(s)://`, `ssh://`, `user@host:path`).
    public static func localPath(_ url: String, relativeTo base: String) -> String? {
        if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)) }
        if url.contains("://") { return nil }
        // scp-like host:path: a colon before any slash (git's rule for local paths with colons).
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return nil }
        return url.hasPrefix("/") ? url : (base as NSString).appendingPathComponent(url)
    }
}
