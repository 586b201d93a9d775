import Foundation
import Synchronization
import Testing

@testable import VaultGit

#if canImport(Glibc)
    import Glibc

    /// Giving up on a server that stops answering (Watchdog.swift), against a server of the
    /// test's own on 127.0.0.1 that accepts connections and never says a word. Each watchdog is
    /// told of the test's own sockets only, so that it never shuts down another test's.
    @Suite(.serialized) struct WatchdogTests {
        /// A listening socket on 127.0.0.1 and its port.
        final class SilentServer: Sendable {
            let listener: Int32
            let port: Int
            private let clients = Mutex<[Int32]>([])

            init() throws {
                (listener, port) = try LoopbackPort.bound(listen: true)
            }

            /// A client connected to the server (the server never writes to it).
            func connectClient() throws -> Int32 {
                let fd = try #require(LoopbackPort.connected(port))
                clients.withLock { $0.append(fd) }
                return fd
            }

            /// The test's client sockets as the watchdog lists sockets ("FD socket:[INODE]").
            var listed: Set<String> {
                Set(
                    clients.withLock { $0 }.compactMap { fd in
                        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")).map {
                            "\(fd) \($0)"
                        }
                    })
            }

            deinit {
                for fd in clients.withLock({ $0 }) { close(fd) }
                close(listener)
            }
        }

        /// Whether `fd` is still open for reading with nothing to read (not shut down).
        static func stillWaiting(_ fd: Int32) -> Bool {
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) == -1 && errno == EAGAIN
        }

        @Test func aSilentServerIsGivenUpOnAfterTheTimeout() throws {
            let server = try SilentServer()
            let dog = Watchdog(timeout: 0.5, sockets: { server.listed })
            dog.start()
            defer { dog.stop() }
            let fd = try server.connectClient()
            let start = Date()
            var byte: UInt8 = 0
            let got = recv(fd, &byte, 1, 0)  // blocks until the watchdog shuts the socket down
            let waited = Date().timeIntervalSince(start)
            #expect(got == 0)
            #expect(dog.fired)
            #expect(waited >= 0.45 && waited < 10, "waited \(waited) s")
        }

        @Test func signsOfLifeAndAPauseKeepTheTransferGoing() throws {
            let server = try SilentServer()
            // Timings generous for a busy machine: 1.5 s without a sign of life gives up.
            let dog = Watchdog(timeout: 1.5, sockets: { server.listed })
            dog.start()
            defer { dog.stop() }
            let fd = try server.connectClient()
            for _ in 0..<25 {  // 2.5 s of transfer, a sign of life every tenth of a second
                usleep(100_000)
                dog.touch()
            }
            #expect(!dog.fired)
            #expect(Self.stillWaiting(fd))
            // Waiting for the clerk (a password prompt) is not the server's silence.
            dog.pause()
            usleep(2_500_000)
            #expect(!dog.fired)
            #expect(Self.stillWaiting(fd))
            // Back to the server: silent again, given up on.
            dog.touch()
            var byte: UInt8 = 0
            #expect(recv(fd, &byte, 1, 0) == 0)
            #expect(dog.fired)
        }

        @Test func aSocketOpenBeforeTheStartIsLeftAlone() throws {
            let server = try SilentServer()
            let earlier = try server.connectClient()
            let dog = Watchdog(timeout: 0.3, sockets: { server.listed })
            dog.start()
            let later = try server.connectClient()
            var byte: UInt8 = 0
            #expect(recv(later, &byte, 1, 0) == 0)
            dog.stop()
            #expect(dog.fired)
            #expect(Self.stillWaiting(earlier))
        }
    }
#endif
