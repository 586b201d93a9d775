import Foundation
import Testing

@testable import ReportVault

/// Paths and helpers shared by the test files.
enum Fixtures {
    /// Tests/ReportVaultTests/Fixtures.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        String(decoding: try bytes(relativePath), as: UTF8.self)
    }

    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    /// The files of a fixture folder (relative to the package root) for parameterised tests;
    /// a missing or empty folder stops the run instead of passing with zero cases.
    static func required(_ folder: String, _ keep: (String) -> Bool) -> [String] {
        let path = packageRoot.appendingPathComponent(folder).path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path).filter(keep).sorted(),
            !names.isEmpty
        else {
            fatalError("test fixtures missing: \(path) holds no matching files")
        }
        return names
    }

    /// `cases` for a parameterised test, which must not be empty: a test with no cases would
    /// pass without checking anything (a filter that keeps nothing stops the run instead).
    static func nonEmpty<T>(_ cases: [T], _ what: String) -> [T] {
        guard !cases.isEmpty else { fatalError("test cases missing: no \(what)") }
        return cases
    }
}

/// A fresh temporary folder, removed when the value is released.
final class TemporaryFolder: Sendable {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vault-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ contents: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The result of running a program.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutBytes: [UInt8]
}

/// Runs `executable` with `arguments`, optional stdin, in `directory`, with a clean author environment.
func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
    stdin: [UInt8]? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    for key in ["VAULT_DIR", "VAULT_AUTHOR_NAME", "VAULT_AUTHOR_EMAIL", "GIT_DIR", "GIT_WORK_TREE"] { env[key] = nil }
    env["SWIFT_BACKTRACE"] = "enable=no"
    env["VAULT_FSYNC"] = "0"
    // The tests read English unless they ask for Chinese, whatever the machine's locale.
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] { env[key] = nil }
    env["VAULT_LANG"] = "en"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a large output cannot block the child.
    let errData = LockedData()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData.set(err.fileHandleForReading.readDataToEndOfFile())
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData.get(), as: UTF8.self),
        stdoutBytes: [UInt8](outData)
    )
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// Ports on the loopback interface, for the servers the tests start.
enum LoopbackPort {
    /// 127.0.0.1 at `port` (0: any port the kernel gives).
    private static func address(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    /// A socket bound to a port the kernel gives out on 127.0.0.1, listening when `listen`,
    /// and that port.
    static func bound(listen listening: Bool) throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound, !listening || listen(fd, 8) == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A socket connected to 127.0.0.1 at `port`, nil when nothing accepts there.
    static func connected(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(port)
        let done = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if done { return fd }
        close(fd)
        return nil
    }

    /// A port the kernel just gave out on 127.0.0.1 (nothing listens on it now).
    static func free() throws -> Int {
        let (fd, port) = try bound(listen: false)
        close(fd)
        return port
    }

    /// Whether something on 127.0.0.1 accepts connections at `port`.
    static func accepts(_ port: Int) -> Bool {
        guard let fd = connected(port) else { return false }
        close(fd)
        return true
    }
}

/// Runs the built `vault` and kills it (SIGKILL) at a random moment, for the crash tests. The
/// delay window shrinks whenever a process finishes before its kill, so that a run reaches its
/// number of kills on a fast machine as on a slow one.
struct RandomKiller {
    var rng: SeededGenerator
    var window: UInt32 = 60_000
    private(set) var kills = 0

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// Runs `vault arguments` (fsync on, `environment` added) and kills it after a random delay
    /// if it is still running; returns what it printed on stdout before it ended or was killed.
    mutating func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.vaultBinary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VAULT_FSYNC"] = "1"
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["VAULT_LANG"] = "en"  // the tests read English whatever the machine's locale
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32.random(in: 0...window, using: &rng))
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            kills += 1
        } else {
            window = max(2_000, window * 3 / 4)
        }
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// Takes the access list out of the server vault at `path`, as a county vault made before
/// vault had one: every pusher may change everything (the tests of sharing that push over
/// git daemon, which authenticates nobody). AccessTests covers the list itself.
func withoutAccessList(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try run("/usr/bin/git", ["-C", path, "update-ref", "-d", "refs/vault/access"])
    try #require(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
}
