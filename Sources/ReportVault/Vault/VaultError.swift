/// A failure a user can act on. Its ``description`` is the one line the command
/// line prints after `error: ` — naming the file or report, the place and the problem.
public struct VaultError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The process exit status the command line uses for this error.
    public var exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }

    #if !VAULT_FUZZ  // the fuzz build has no git layer
        /// Wraps an unexpected libgit2 failure, saying what the vault was doing.
        static func git(_ error: GitError, while doing: String) -> VaultError {
            VaultError("\(doing): \(error.message) (libgit2 \(error.operation), code \(error.code))")
        }
    #endif
}
