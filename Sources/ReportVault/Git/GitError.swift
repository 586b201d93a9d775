import CGit2

#if canImport(Glibc)
    import Glibc
#endif

/// A libgit2 failure: the return code, the error class libgit2 reported and its message.
///
/// The code keeps libgit2's C name visible (``GitError/Code``) so callers can
/// `catch` one case, the way `GIT_EMODIFIED` is handled by compare-and-swap.
package struct GitError: Error, Sendable, CustomStringConvertible {
    /// libgit2's return code (`git_error_code`), e.g. `GIT_ENOTFOUND` (-3); see ``Code``.
    package var code: Int32
    /// libgit2's error class (`git_error_t`), e.g. `GIT_ERROR_OS`; 0 when none was set.
    package var klass: Int32
    /// libgit2's message, or a description of the call when libgit2 gave none.
    package var message: String
    /// The libgit2 function that failed.
    package var operation: String

    package var description: String { "\(operation): \(message) (libgit2 code \(code), class \(klass))" }

    /// The libgit2 return codes ReportVault reacts to, from libgit2's own constants.
    package enum Code {
        /// `GIT_ERROR`: a failure with no more specific code (also used for file-system failures here).
        static let generic = GIT_ERROR.rawValue
        /// `GIT_ENOTFOUND`: the object, reference or path does not exist.
        package static let notFound = GIT_ENOTFOUND.rawValue
        /// `GIT_EEXISTS`: the object or reference already exists.
        package static let exists = GIT_EEXISTS.rawValue
        /// `GIT_EAMBIGUOUS`: a short id matches several objects.
        package static let ambiguous = GIT_EAMBIGUOUS.rawValue
        /// `GIT_EINVALIDSPEC`: a revision or reference name is not valid.
        package static let invalidSpec = GIT_EINVALIDSPEC.rawValue
        /// `GIT_ELOCKED`: another process holds the `.lock` file.
        package static let locked = GIT_ELOCKED.rawValue
        /// `GIT_EMODIFIED`: a reference moved since it was read.
        package static let modified = GIT_EMODIFIED.rawValue
        /// `GIT_ENONFASTFORWARD`: a push would drop commits the remote has (decided by the client).
        package static let nonFastForward = GIT_ENONFASTFORWARD.rawValue
        /// `GIT_ECERTIFICATE`: a server's certificate or ssh host key was not accepted.
        package static let certificate = GIT_ECERTIFICATE.rawValue
        /// `GIT_EAUTH`: the server refused authentication.
        package static let authentication = GIT_EAUTH.rawValue
        /// The repository belongs to another user (git's `safe.directory` check).
        package static let owner = GIT_EOWNER.rawValue
        /// Not libgit2's: the branch moved to the new commit (its id is the error's
        /// `operation`), and something after that failed.
        package static let afterCommit: Int32 = -9_001
        /// `GIT_ITEROVER`: iteration finished.
        static let iterationOver = GIT_ITEROVER.rawValue
    }

    /// The libgit2 error classes ReportVault tells apart (`git_error_t`).
    package enum Class {
        /// `GIT_ERROR_OS`: the operating system refused (permissions, a full disk, ...).
        package static let os = Int32(GIT_ERROR_OS.rawValue)
    }

    /// Reads libgit2's thread-local last error right after `operation` returned `code`.
    static func last(_ code: Int32, _ operation: String) -> GitError {
        let system = errno  // before anything else can change it
        if let e = git_error_last() {
            let message = e.pointee.message.map { String(cString: $0) } ?? "unknown error"
            return GitError(code: code, klass: e.pointee.klass, message: message, operation: operation)
        }
        // Some libgit2 1.5 paths fail without setting an error (a write the disk refused): the
        // system's reason is what there is (ENOSPC, EIO, EACCES).
        if system != 0, let reason = strerror(system) {
            return GitError(code: code, klass: Class.os, message: String(cString: reason), operation: operation)
        }
        return GitError(code: code, klass: 0, message: "failed", operation: operation)
    }
}

/// Throws ``GitError`` when a libgit2 call returned a negative code; returns the code otherwise.
@discardableResult
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
    if code < 0 { throw GitError.last(code, operation()) }
    return code
}
