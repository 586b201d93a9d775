import CGit2
import VaultJSON

// MARK: - Trees that arrive from elsewhere

/// A tree entry that a checkout must never write, or that no vault tree holds: where it is
/// and which rule it breaks. Found before any fetched reference moves, so a hostile server
/// cannot write outside the vault nor leave a tree that git itself refuses.
package struct UnsafeTreeEntry: Sendable, Equatable {
    /// The commit whose tree holds it.
    package var commit: ObjectID
    /// Its path from the root of that tree, names joined by `/` as they are.
    package var path: String
    package var rule: Rule

    package enum Rule: String, Sendable {
        /// An empty name, `.` or `..`: a path that climbs out of its folder.
        case dotdot
        /// `.git` in any case, or a name git, Windows or macOS takes as `.git` (`GIT~1`,
        /// `.git.`, `.git ` with ignorable Unicode characters).
        case dotgit
        /// A `/`, `\` or NUL inside one name.
        case separator
        /// A symbolic link or a submodule (gitlink): never part of a vault.
        case linkOrSubmodule
        /// An executable file or any mode but a plain file or folder under `reports/`.
        case mode

        /// The rule in words, for a refusal.
        package var message: Message {
            switch self {
            case .dotdot: Message("unsafe.dotdot")
            case .dotgit: Message("unsafe.dotgit")
            case .separator: Message("unsafe.separator")
            case .linkOrSubmodule: Message("unsafe.linkOrSubmodule")
            case .mode: Message("unsafe.mode")
            }
        }
    }
}

extension GitRepository {
    /// The first unsafe entry (``UnsafeTreeEntry``) in the trees of `commits`; each tree is
    /// read once, and trees in `checked` (already known safe) are skipped and added to.
    /// With `modes` false (a fetch), a report's file mode is not looked at: an executable
    /// report pushed long ago writes nothing outside the vault, and history cannot be changed.
    package func firstUnsafeEntry(
        in commits: [ObjectID], checked: inout Set<ObjectID>, modes: Bool = true
    ) throws(GitError) -> UnsafeTreeEntry? {
        for commit in commits {
            let root = try lookupCommit(commit)
            let tree = ObjectID(git_commit_tree_id(root.pointer).pointee)
            if let found = try firstUnsafeEntry(tree: tree, path: "", checked: &checked, modes: modes) {
                return UnsafeTreeEntry(commit: commit, path: found.path, rule: found.rule)
            }
        }
        return nil
    }

    private func firstUnsafeEntry(
        tree id: ObjectID, path: String, checked: inout Set<ObjectID>, modes: Bool
    ) throws(GitError) -> (
        path: String, rule: UnsafeTreeEntry.Rule
    )? {
        guard checked.insert(id).inserted else { return nil }
        let tree = try lookupTree(id)
        let underReports = path == "reports" || path.hasPrefix("reports/")
        for i in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, i) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let full = path.isEmpty ? name : path + "/" + name
            if let rule = Self.unsafeName(name) { return (full, rule) }
            let mode = git_tree_entry_filemode(entry)
            switch mode {
            case GIT_FILEMODE_LINK, GIT_FILEMODE_COMMIT: return (full, .linkOrSubmodule)
            case GIT_FILEMODE_TREE:
                if let found = try firstUnsafeEntry(
                    tree: ObjectID(git_tree_entry_id(entry).pointee), path: full, checked: &checked, modes: modes)
                {
                    return found
                }
            case GIT_FILEMODE_BLOB: break
            default: if modes && (underReports || path.isEmpty && name == "reports") { return (full, .mode) }
            }
        }
        return nil
    }

    /// Why a tree entry `name` is unsafe to write, or nil. git's own rules (`verify_dotfile`,
    /// `is_ntfs_dotgit`, `is_hfs_dotgit`) and then some: a name holding a separator of any
    /// system the clerks use.
    static func unsafeName(_ name: String) -> UnsafeTreeEntry.Rule? {
        if name.isEmpty || name == "." || name == ".." { return .dotdot }
        if name.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" }) { return .separator }
        // macOS ignores these code points in names; Windows drops trailing dots and spaces.
        let ignorable: (Unicode.Scalar) -> Bool = { s in
            (0x200C...0x200F).contains(s.value) || (0x202A...0x202E).contains(s.value)
                || (0x206A...0x206F).contains(s.value) || s.value == 0xFEFF
        }
        var folded = String(String.UnicodeScalarView(name.unicodeScalars.filter { !ignorable($0) })).lowercased()
        while folded.hasSuffix(".") || folded.hasSuffix(" ") { folded.removeLast() }
        if folded == ".git" || folded == "git~1" || folded.hasPrefix(".git:") { return .dotgit }
        return nil
    }

    /// Whether every name of `path` (a path a work-tree write is about to use) is safe.
    static func isSafePath(_ path: String) -> Bool {
        !path.hasPrefix("/")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { unsafeName(String($0)) == nil }
    }
}
