import CGit2
import CGit2Startup
import Foundation
import Synchronization

/// Process-wide libgit2 state: initialised once, before the first repository is opened.
public enum Libgit2 {
    // > git_libgit2_init: "This function must be called before any other libgit2
    // > function in order to set up global state and threading." (git2/global.h)
    // Swift runs a global's initializer exactly once, thread-safely.
    private static let initialized: Bool = {
        // The CA bundle is parsed when a transfer needs it (loadCACertificates), not here.
        // So is libssh2's (OpenSSL's) initialisation, for an SSH transfer.
        vault_defer_ca_certificates(1)
        vault_defer_ssh_init(1)
        git_libgit2_init()
        vault_defer_ca_certificates(0)
        vault_defer_ssh_init(0)
        // Each object read is re-hashed and compared with its id, so a damaged
        // object is reported instead of being returned.
        _ = cgit2_enable_strict_hash_verification(1)
        // Parsed objects kept for reading again: 4 MB counted by their stored size (libgit2 counts
        // a parsed commit or tree as its stored bytes, several times less than it holds), enough
        // for the objects a command reads twice, and the walks of a large vault stay small.
        _ = cgit2_set_cache_max_size(4 << 20)
        // Packs are read through windows of 4 MB, at most 8 MB of them mapped at once: a
        // walk over every tree of a large vault otherwise keeps the whole pack resident.
        _ = cgit2_set_mwindow_size(4 << 20)
        _ = cgit2_set_mwindow_mapped_limit(8 << 20)
        return true
    }()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func ensureInitialized() {
        _ = initialized
    }

    /// Loads the CA certificates libgit2's initialisation left for later (see
    /// Sources/CGit2Startup), and initialises libssh2, once; every transfer calls it first.
    /// True when there was nothing to do or it was done.
    static func loadCACertificates() -> Bool { caCertificatesLoaded }

    /// What became of libgit2's certificate parses in this process: the file (or folder)
    /// deferred, how many were deferred and how many done, and the result of the last done.
    /// Whether libssh2's initialisation is still waiting, and how many were passed on to it.
    static var sshInitialisation: (waiting: Bool, done: Int) {
        (vault_ssh_init_deferred() != 0, Int(vault_ssh_inits_done()))
    }

    static var caCertificateParses: (file: String?, deferred: Int, done: Int, lastResult: Int) {
        (
            (vault_deferred_ca_file() ?? vault_deferred_ca_folder()).map { String(cString: $0) },
            Int(vault_ca_parses_deferred()),
            Int(vault_ca_parses_done()), Int(vault_ca_last_parse_result())
        )
    }

    private static let caCertificatesLoaded: Bool = {
        ensureInitialized()
        guard vault_start_ssh() == 0 else { return false }
        let file = vault_deferred_ca_file(), folder = vault_deferred_ca_folder()
        guard file != nil || folder != nil else { return true }
        return cgit2_set_ssl_cert_locations(file, folder) == 0
    }()

    /// Whether each object read is re-hashed and compared with its id (on unless a command
    /// turns it off). `vault verify` and every writing command keep it on; the review commands
    /// that only read a report's history (`log`, `history`, `blame`) turn it off, reading
    /// objects as git does (zlib's checksums still catch a damaged object): re-hashing every
    /// revision's blob with SHA-1DC was 70 % of their time.
    package static func verifyObjectHashes(_ on: Bool) {
        ensureInitialized()
        _ = cgit2_enable_strict_hash_verification(on ? 1 : 0)
    }

    /// Turns the re-hashing of objects read off for the operation that calls it, and returns
    /// what turns it back on: `let resume = Libgit2.suspendHashChecks(); defer { resume() }`.
    /// For operations that only read a report's history (`log`, `history`, `blame`), which
    /// read objects as git does (zlib's checksums still catch a damaged object): re-hashing
    /// every revision's blob with SHA-1DC was 70 % of their time. Nested and concurrent
    /// suspensions are counted: hashes are checked again when the last one ends. Nothing is
    /// changed where ``mayTuneProcess`` is off (the web server).
    package static func suspendHashChecks() -> @Sendable () -> Void {
        guard mayTuneProcess else { return {} }
        hashSuspensions.withLock { count in
            if count == 0 { verifyObjectHashes(false) }
            count += 1
        }
        return {
            hashSuspensions.withLock { count in
                count -= 1
                if count == 0 { verifyObjectHashes(true) }
            }
        }
    }

    private static let hashSuspensions = Mutex(0)

    /// Whether an operation may change libgit2's process-wide settings for its own sake
    /// (``verifyObjectHashes(_:)`` and ``cacheObjects(_:)`` during `verify`, the malloc
    /// arenas): yes in a command, which is one operation; a long-lived server that answers
    /// several requests at once sets it off first, so that one request's `verify` never
    /// turns hash checks off for another's reads.
    nonisolated(unsafe) public static var mayTuneProcess = true

    /// Limits the process to `arenas` malloc arenas (glibc's M_ARENA_MAX): for commands that
    /// read on several threads, whose per-thread arenas would otherwise raise the peak.
    public static func limitMallocArenas(_ arenas: Int32) {
        _ = cgit2_limit_malloc_arenas(arenas)
    }

    /// Whether parsed objects are kept for reading again (on unless a command turns it off).
    /// `vault verify` reads each object once: keeping them only holds memory.
    public static func cacheObjects(_ on: Bool) {
        ensureInitialized()
        _ = cgit2_enable_caching(on ? 1 : 0)
    }

    /// Turns fsync of objects and refs (`GIT_OPT_ENABLE_FSYNC_GITDIR`) on or off for the whole
    /// process, once: the first call decides and later ones keep that choice, so a process
    /// does not change how durable its writes are from one vault to the next. ``Vault`` calls
    /// it when it opens a vault (on unless `durable` is false).
    package static func chooseFsync(_ on: Bool) {
        fsyncChoice.lock()
        defer { fsyncChoice.unlock() }
        guard !fsyncChosen else { return }
        ensureInitialized()
        fsyncChosen = true
        fsyncOn = on
        // During a deferral (``deferringObjectFsync(_:)`` in another thread) its end applies it.
        if objectFsyncDeferrals == 0 { _ = cgit2_enable_fsync(on ? 1 : 0) }
    }

    /// Runs `body` with Ctrl-C and SIGTERM held back until it ends (`vault_signals_hold`): what
    /// takes a lock file (`refs/heads/main.lock`, `index.lock`, the work tree's) releases it
    /// before the process ends, as git does on a signal.
    static func holdingSignals<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        vault_signals_hold()
        defer { vault_signals_release() }
        return try body()
    }

    /// Runs `body` with libgit2's fsync of what it writes off, when this process chose fsync
    /// (libgit2's own default is off); `body` gets whether it was on, so that it syncs the
    /// objects it wrote itself. Nested or concurrent deferrals switch it back on when the last
    /// one ends. References opened before (libgit2 notes the setting when it opens a
    /// repository's reference store) keep fsyncing their updates.
    static func deferringObjectFsync<T>(_ body: (_ syncYourself: Bool) throws -> T) rethrows -> T {
        fsyncChoice.lock()
        let on = fsyncChosen && fsyncOn
        if on {
            objectFsyncDeferrals += 1
            if objectFsyncDeferrals == 1 { _ = cgit2_enable_fsync(0) }
        }
        fsyncChoice.unlock()
        defer {
            if on {
                fsyncChoice.lock()
                objectFsyncDeferrals -= 1
                if objectFsyncDeferrals == 0 { _ = cgit2_enable_fsync(fsyncOn ? 1 : 0) }
                fsyncChoice.unlock()
            }
        }
        return try body(on)
    }

    /// Whether this process fsyncs what it writes (the choice made by ``chooseFsync(_:)``;
    /// on until one is made). Writers that bypass libgit2, as `vault load`'s packs do, follow it.
    package static var fsyncEnabled: Bool {
        fsyncChoice.lock()
        defer { fsyncChoice.unlock() }
        return fsyncOn
    }

    private static let fsyncChoice = NSLock()
    /// Guarded by `fsyncChoice`.
    nonisolated(unsafe) private static var fsyncChosen = false
    /// Guarded by `fsyncChoice`.
    nonisolated(unsafe) private static var fsyncOn = true
    /// Guarded by `fsyncChoice`: deferrals in progress.
    nonisolated(unsafe) private static var objectFsyncDeferrals = 0

    /// The libgit2 version this process is linked with, e.g. "1.5.1".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        git_libgit2_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
