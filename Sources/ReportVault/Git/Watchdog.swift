import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Gives up on a server that stops answering. libgit2 1.5 has no network timeout of its own
/// and waits in `recv` as long as a connection stays open, calling no callback meanwhile; so a
/// thread watches the time since the transfer's last sign of life (each callback ``touch()``es)
/// and, past the timeout, shuts down the sockets the transfer opened: the blocked call returns
/// an error, the transfer fails and ``fired`` says why.
package final class Watchdog: Sendable {
    /// Seconds without a sign of life before giving up.
    package let timeout: Double

    private struct State {
        var running = false
        var paused = false
        var fired = false
        var lastActivity = Date()
        var socketsBefore: Set<String> = []
        var generation = 0
    }
    private let state = Mutex(State())

    /// The sockets the watchdog may shut down are among those this lists (the process's own,
    /// ``openSockets()``; a test names its own so that it never touches another's).
    private let sockets: @Sendable () -> Set<String>

    package init(timeout: Double, sockets: @escaping @Sendable () -> Set<String> = Watchdog.openSockets) {
        self.timeout = timeout
        self.sockets = sockets
    }

    /// Whether the watchdog gave up on the server.
    package var fired: Bool { state.withLock { $0.fired } }

    /// Starts watching: the sockets open now are not the transfer's.
    package func start() {
        let before = sockets()
        let generation = state.withLock { s -> Int in
            s.running = true
            s.paused = false
            s.fired = false
            s.lastActivity = Date()
            s.socketsBefore = before
            s.generation += 1
            return s.generation
        }
        let thread = Thread { [self] in watch(generation) }
        thread.start()
    }

    /// Stops watching (the watching thread ends within a tenth of a second).
    package func stop() { state.withLock { $0.running = false } }

    /// A sign of life: the timeout counts from now.
    package func touch() {
        state.withLock {
            $0.lastActivity = Date()
            $0.paused = false
        }
    }

    /// Waiting for the user (a credential prompt), not for the server: no timeout until ``touch()``.
    package func pause() { state.withLock { $0.paused = true } }

    private func watch(_ generation: Int) {
        while true {
            usleep(100_000)
            let (go, expired, before) = state.withLock { s -> (Bool, Bool, Set<String>) in
                guard s.running, s.generation == generation else { return (false, false, []) }
                if !s.paused, Date().timeIntervalSince(s.lastActivity) > timeout { s.fired = true }
                return (true, s.fired, s.socketsBefore)
            }
            guard go else { return }
            if expired {
                // Again on every round: a transfer may open another connection after the first fails.
                for socket in sockets().subtracting(before) {
                    if let fd = Int32(socket.prefix { $0 != " " }) { _ = shutdown(fd, Int32(SHUT_RDWR)) }
                }
            }
        }
    }

    /// The process's open sockets, as "FD socket:[INODE]" (Linux's /proc; empty elsewhere).
    package static func openSockets() -> Set<String> {
        let folder = "/proc/self/fd"
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var sockets: Set<String> = []
        for fd in fds {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + fd),
                target.hasPrefix("socket:")
            {
                sockets.insert(fd + " " + target)
            }
        }
        return sockets
    }
}
