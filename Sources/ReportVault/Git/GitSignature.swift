import CGit2

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Who made a commit or tag, and when (seconds since 1970 and the UTC offset in minutes).
public struct GitSignature: Sendable, Equatable {
    public var name: String
    public var email: String
    public var time: Int64
    public var offsetMinutes: Int32

    public init(name: String, email: String, time: Int64, offsetMinutes: Int32) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = String(cString: sig.pointee.name)
        email = String(cString: sig.pointee.email)
        time = sig.pointee.when.time
        offsetMinutes = sig.pointee.when.offset
    }

    /// Runs `body` with a libgit2 copy of this signature, freed afterwards.
    @discardableResult
    func withGitSignature<R>(_ body: (UnsafeMutablePointer<git_signature>) throws(GitError) -> R) throws(GitError) -> R
    {
        var sig: UnsafeMutablePointer<git_signature>?
        // git accepts an empty email ("王会计 <>"); libgit2 1.5's git_signature_new does not
        // ("Signature cannot have an empty name or email"), though it writes one unchanged.
        // So the name is validated with a stand-in email, which is then replaced by an empty
        // string from the same allocator git_signature_free releases (libgit2's default, malloc).
        try check(
            git_signature_new(&sig, name, email.isEmpty ? "-" : email, time, Int32(offsetMinutes)),
            "git_signature_new(\(name) <\(email)>)")
        defer { git_signature_free(sig) }
        if email.isEmpty, let sig {
            free(sig.pointee.email)
            sig.pointee.email = strdup("")
        }
        return try body(sig!)
    }

    /// The name and email as libgit2 writes them into a commit (it trims spaces and
    /// `.,:;<>"'` from both ends), so that a signature compares equal to the one read back
    /// from the commits it made; unchanged when libgit2 would refuse it.
    var asWritten: GitSignature {
        (try? withGitSignature { sig in
            GitSignature(
                name: String(cString: sig.pointee.name), email: email.isEmpty ? "" : String(cString: sig.pointee.email),
                time: time,
                offsetMinutes: offsetMinutes)
        }) ?? self
    }

    /// The signature as git writes it after `author`, `committer` or `tagger`:
    /// "Name <email> 1767225600 +0800".
    var headerText: String {
        let offset = abs(Int(offsetMinutes))
        func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let zone = (offsetMinutes < 0 ? "-" : "+") + twoDigits(offset / 60) + twoDigits(offset % 60)
        return "\(name) <\(email)> \(time) \(zone)"
    }
}
