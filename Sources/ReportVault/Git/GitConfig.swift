import CGit2

// MARK: - Configuration

extension GitRepository {
    /// Sets a key in the repository's own configuration (`.git/config`).
    package func setConfig(_ key: String, _ value: String) throws(GitError) {
        let config = GitConfig(try acquire("git_repository_config") { git_repository_config(&$0, handle) })
        try check(git_config_set_string(config.pointer, key, value), "git_config_set_string(\(key))")
    }

    /// A string from the repository's git configuration (repository, global, system), if set.
    package func configString(_ key: String) -> String? {
        guard
            let config = try? GitConfig(
                acquire("git_repository_config_snapshot") { git_repository_config_snapshot(&$0, handle) })
        else {
            git_error_clear()
            return nil
        }
        // The string belongs to the snapshot: copied while it is alive.
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config.pointer, key) == 0, let value else {
            git_error_clear()
            return nil
        }
        return withExtendedLifetime(config) { String(cString: value) }
    }
}

// MARK: - Remotes

extension GitRepository {
    /// The names of the configured remotes (`origin`, …), sorted.
    package func remoteNames() -> [String] {
        var names = git_strarray()
        guard git_remote_list(&names, handle) == 0 else {
            git_error_clear()
            return []
        }
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }.sorted()
    }
}
