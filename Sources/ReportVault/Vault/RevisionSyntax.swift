/// The revisions a request from outside (the web view) may name: what a person types on the
/// command line — `HEAD`, `HEAD~3`, `HEAD^`, a tag or branch name, a commit id or a prefix of
/// one — and nothing that makes git search (`:/text`, `@{date}`, `^{/text}`), range over many
/// commits (`A..B`) or leave the refs (`../`), with a bounded length and step count.
public enum RevisionSyntax {
    /// The longest revision text accepted.
    public static let maximumLength = 100
    /// The largest `~N` or `^N` step.
    public static let maximumSteps = 10_000

    /// `revision` unchanged when it is one of the forms above; otherwise
    /// ``VaultError/revisionNotAccepted(revision:)``.
    public static func check(_ revision: String) throws(VaultError) -> String {
        guard !revision.isEmpty, revision.count <= maximumLength else {
            throw .revisionNotAccepted(revision: String(revision.prefix(maximumLength)))
        }
        // A name: letters (any script), digits and . _ - /; not starting with - . or /, no "..", no "//".
        let name = revision.prefix { $0.isLetter || $0.isNumber || "._-/".contains($0) }
        guard let first = name.first, !"-./".contains(first), !name.contains(".."), !name.contains("//"),
            !name.hasSuffix("/"), !name.hasSuffix(".lock")
        else { throw .revisionNotAccepted(revision: revision) }
        // Then steps back: ~N or ^N (N optional, bounded).
        var rest = revision[name.endIndex...]
        while let op = rest.first {
            guard op == "~" || op == "^" else { throw .revisionNotAccepted(revision: revision) }
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty {
                guard digits.count <= 5, let n = Int(digits), n <= maximumSteps else {
                    throw .revisionNotAccepted(revision: revision)
                }
            }
            rest = rest[digits.endIndex...]
        }
        return revision
    }
}
