import CGit2
import Foundation

/// Process-wide libgit2 state: initialised once, before the first repository is opened.
public enum Libgit2 {
    // > git_libgit2_init: "This function must be called before any other libgit2
    // > function in order to set up global state and threading." (git2/global.h)
    // Swift runs a global's initializer exactly once, thread-safely.
    private static let initialized: Bool = {
        git_libgit2_init()
        // Each object read is re-hashed and compared with its id, so a damaged
        // object is reported instead of being returned.
        _ = cgit2_enable_strict_hash_verification(1)
        // Reports are small; 32 MB of parsed objects is plenty and keeps peak memory low.
        _ = cgit2_set_cache_max_size(32 << 20)
        _ = cgit2_set_mwindow_mapped_limit(64 << 20)
        return true
    }()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func ensureInitialized() {
        _ = initialized
    }

    /// Whether each object read is re-hashed and compared with its id (on unless a command
    /// turns it off). `vault verify` and every writing command keep it on; the review commands
    /// that only read a report's history (`log`, `history`, `blame`) turn it off, reading
    /// objects as git does (zlib's checksums still catch a damaged object): re-hashing every
    /// revision's blob with SHA-1DC was 70 % of their time.
    public static func verifyObjectHashes(_ on: Bool) {
        ensureInitialized()
        _ = cgit2_enable_strict_hash_verification(on ? 1 : 0)
    }

    /// Turns fsync of objects and refs (`GIT_OPT_ENABLE_FSYNC_GITDIR`) on or off for the whole
    /// process, once: the first call decides and later ones keep that choice, so a process
    /// does not change how durable its writes are from one vault to the next. ``Vault`` calls
    /// it when it opens a vault (on unless `durable` is false).
    static func chooseFsync(_ on: Bool) {
        fsyncChoice.lock()
        defer { fsyncChoice.unlock() }
        guard !fsyncChosen else { return }
        ensureInitialized()
        _ = cgit2_enable_fsync(on ? 1 : 0)
        fsyncChosen = true
    }

    private static let fsyncChoice = NSLock()
    /// Guarded by `fsyncChoice`.
    nonisolated(unsafe) private static var fsyncChosen = false

    /// The libgit2 version this process is linked with, e.g. "1.5.1".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        git_libgit2_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
