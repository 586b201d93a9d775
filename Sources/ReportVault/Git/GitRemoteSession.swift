import CGit2
import Foundation
import Synchronization

/// Why a transfer stopped, as its callbacks saw it. When a callback fails, libgit2 returns
/// `GIT_EUSER` or its own code with a `git_error_last()` that does not say why, so the reason
/// is kept here.
package enum RemoteStop: Sendable, Equatable {
    /// Nothing came from the server for the session's timeout.
    case timedOut(seconds: Double)
    /// Every credential at hand was tried and refused. `rsaKey`: an RSA key was among those
    /// refused; `sshKeys`: how many ssh keys (agent included) there were to try.
    case credentialsRefused(ssh: Bool, rsaKey: Bool, sshKeys: Int)
    /// The ssh server's host key is not in `~/.ssh/known_hosts` (or does not match it).
    case unknownHost(host: String)
    /// The HTTPS server's certificate did not verify.
    case invalidCertificate(host: String)
}

/// One fetch, push or clone: the state its libgit2 callbacks share (through the `payload`
/// pointer), the credentials tried so far, the server's messages and the timeout's watchdog.
///
/// Used by the thread that runs the transfer: libgit2 calls the callbacks on that thread.
package final class RemoteSession {
    /// The remote's URL as configured: the user and password it may hold are the first
    /// credentials tried, and never shown.
    package let url: String
    /// Called with (sending, objects, total objects, bytes) as a transfer goes on.
    let progress: ((Bool, Int, Int, Int) -> Void)?
    package let watchdog: Watchdog

    /// Why the transfer stopped, when a callback stopped it.
    package private(set) var stop: RemoteStop?
    /// What the server printed on its progress channel (`remote: …` lines of a hook), as
    /// bytes: git splits the side-band into packets anywhere, inside a UTF-8 sequence too, so
    /// the text is decoded once it is whole (a Chinese refusal reads as written).
    private(set) var serverBytes: [UInt8] = []
    var serverText: String { String(decoding: serverBytes, as: UTF8.self) }
    /// The references a server refused during a push, with its reason.
    private(set) var refusals: [PushRefusal] = []

    private var sshKeys: [SSHKeyCandidate]?
    private var nextSSHKey = 0
    private var triedRSA = false
    private var nextHTTPSource = 0
    private var credentialCalls = 0
    /// The answer `git credential fill` gave, until the server accepted or refused it.
    private var helperAnswer: GitCredentialHelper.Answer?

    package init(url: String, timeout: Double, progress: ((Bool, Int, Int, Int) -> Void)?) {
        self.url = url
        self.progress = progress
        watchdog = Watchdog(timeout: timeout)
    }

    /// The server's messages, one per line, without empty lines.
    package var serverLines: [String] {
        serverText.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Runs a transfer under the watchdog; a failure the watchdog caused is recorded as such.
    func running<R>(_ body: () throws(GitError) -> R) throws(GitError) -> R {
        // A connection may be TLS: its certificates are checked against the CA bundle.
        guard Libgit2.loadCACertificates() else {
            throw GitError(
                code: GitError.Code.generic, klass: 0, message: "the CA certificates for TLS could not be loaded",
                operation: "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)")
        }
        watchdog.start()
        // A server that goes away mid-transfer is a failed write libgit2 reports (EPIPE), not a
        // signal that ends vault without a word, as git ignores SIGPIPE while it talks to one.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer {
            signal(SIGPIPE, previous)
            watchdog.stop()
        }
        do {
            let result = try body()
            if let answer = helperAnswer { GitCredentialHelper.run("approve", answer) }
            return result
        } catch {
            if watchdog.fired { stop = .timedOut(seconds: watchdog.timeout) }
            throw error
        }
    }

    /// The callbacks of a transfer, pointing back at this session.
    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        // > payload: "This will be passed to each of the callbacks in this struct as the last
        // > parameter." (git2/remote.h) — unretained: the session outlives the transfer it runs.
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, user, allowed, payload in
            RemoteSession.of(payload).credential(
                out, url: url.map { String(cString: $0) } ?? "", user: user.map { String(cString: $0) },
                allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            RemoteSession.of(payload).certificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.transfer_progress = { stats, payload in
            let session = RemoteSession.of(payload)
            if let stats = stats?.pointee {
                session.progress?(
                    false, Int(stats.received_objects), Int(stats.total_objects), Int(stats.received_bytes))
            }
            return session.alive()
        }
        callbacks.sideband_progress = { text, length, payload in
            let session = RemoteSession.of(payload)
            if let text, length > 0 {
                session.serverBytes += UnsafeRawBufferPointer(start: text, count: Int(length))
            }
            return session.alive()
        }
        callbacks.pack_progress = { _, _, _, payload in RemoteSession.of(payload).alive() }
        callbacks.push_transfer_progress = { current, total, bytes, payload in
            let session = RemoteSession.of(payload)
            session.progress?(true, Int(current), Int(total), bytes)
            return session.alive()
        }
        // > git_push_update_reference_cb: "status: the status of the update, NULL on success"
        // > (git2/remote.h). A server that refuses still makes git_remote_push return 0.
        callbacks.push_update_reference = { reference, status, payload in
            let session = RemoteSession.of(payload)
            if let status {
                session.refusals.append(
                    PushRefusal(reference: reference.map { String(cString: $0) } ?? "", status: String(cString: status))
                )
            }
            return session.alive()
        }
        callbacks.update_tips = { _, _, _, payload in RemoteSession.of(payload).alive() }
        return callbacks
    }

    private static func of(_ payload: UnsafeMutableRawPointer?) -> RemoteSession {
        Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
    }

    /// 0 to go on; an error once the watchdog gave up on the server.
    private func alive() -> Int32 {
        watchdog.touch()
        if watchdog.fired {
            stop = .timedOut(seconds: watchdog.timeout)
            return GIT_EUSER.rawValue
        }
        return 0
    }

    // MARK: - Certificates

    /// Accepts what libgit2 verified — an HTTPS certificate signed for the host, an ssh host key
    /// found in `~/.ssh/known_hosts` — and nothing else.
    private func certificate(_ cert: UnsafeMutablePointer<git_cert>?, valid: Bool, host: String) -> Int32 {
        watchdog.touch()
        if valid { return 0 }
        if cert?.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 {
            stop = .unknownHost(host: host)
        } else {
            stop = .invalidCertificate(host: host)
        }
        return GIT_ECERTIFICATE.rawValue
    }

    // MARK: - Credentials

    /// Answers libgit2's request for credentials with the next one at hand; after the last
    /// (or a few attempts), gives up with a reason instead of being asked forever.
    private func credential(
        _ out: UnsafeMutablePointer<OpaquePointer?>?, url: String, user: String?, allowed: UInt32
    ) -> Int32 {
        watchdog.touch()
        credentialCalls += 1
        let parts = RemoteURLParts(url.isEmpty ? self.url : url)
        let configured = RemoteURLParts(self.url)
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            let name = user ?? configured.user ?? ProcessInfo.processInfo.environment["USER"] ?? "git"
            let keys = sshKeys ?? SSHKeyCandidate.available()
            sshKeys = keys
            guard nextSSHKey < keys.count, credentialCalls <= 10 else {
                stop = .credentialsRefused(ssh: true, rsaKey: triedRSA, sshKeys: keys.count)
                return GIT_EUSER.rawValue
            }
            let key = keys[nextSSHKey]
            nextSSHKey += 1
            switch key {
            case .agent:
                return git_credential_ssh_key_from_agent(out, name)
            case .file(let privateKey, let isRSA):
                if isRSA { triedRSA = true }
                let publicKey = FileManager.default.fileExists(atPath: privateKey + ".pub") ? privateKey + ".pub" : nil
                return git_credential_ssh_key_new(out, name, publicKey, privateKey, nil)
            }
        }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(
                out, user ?? configured.user ?? ProcessInfo.processInfo.environment["USER"] ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            // Asked again: the previous answer was refused.
            if let answer = helperAnswer {
                GitCredentialHelper.run("reject", answer)
                helperAnswer = nil
            }
            while nextHTTPSource < 3 && credentialCalls <= 4 {
                let source = nextHTTPSource
                nextHTTPSource += 1
                let environment = ProcessInfo.processInfo.environment
                switch source {
                case 0:  // user:password@ in the configured URL
                    if let name = configured.user, let password = configured.password {
                        return git_credential_userpass_plaintext_new(out, name, password)
                    }
                case 1:  // VAULT_HTTP_USER / VAULT_HTTP_TOKEN
                    if let token = environment["VAULT_HTTP_TOKEN"], !token.isEmpty {
                        let name =
                            environment["VAULT_HTTP_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? configured.user ?? user
                            ?? "vault"
                        return git_credential_userpass_plaintext_new(out, name, token)
                    }
                default:  // the user's credential helper, as git asks it
                    watchdog.pause()
                    let answer = GitCredentialHelper.fill(parts, user: configured.user ?? user)
                    watchdog.touch()
                    if let answer {
                        helperAnswer = answer
                        return git_credential_userpass_plaintext_new(out, answer.user, answer.password)
                    }
                }
            }
            stop = .credentialsRefused(ssh: false, rsaKey: false, sshKeys: 0)
            return GIT_EUSER.rawValue
        }
        return GIT_PASSTHROUGH.rawValue
    }
}

/// An ssh key to offer, in the order git users expect: the agent's, then the key files.
enum SSHKeyCandidate: Equatable {
    case agent
    case file(path: String, isRSA: Bool)

    /// The agent when `SSH_AUTH_SOCK` is set, then `~/.ssh/id_ed25519`, `id_ecdsa` and
    /// `id_rsa` that exist (RSA last: libssh2 signs with SHA-1, which OpenSSH refuses).
    static func available() -> [SSHKeyCandidate] {
        let environment = ProcessInfo.processInfo.environment
        var keys: [SSHKeyCandidate] = []
        if let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty { keys.append(.agent) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = home + "/.ssh/" + name
            if FileManager.default.fileExists(atPath: path) { keys.append(.file(path: path, isRSA: name == "id_rsa")) }
        }
        return keys
    }
}

/// The parts of a remote URL a credential is asked for. Understands `scheme://user:pw@host:port/path`
/// and scp-like `user@host:path`.
package struct RemoteURLParts: Sendable {
    package var scheme: String?
    package var user: String?
    package var password: String?
    package var host: String?
    package var port: Int?
    var path: String?

    package init(_ url: String) {
        if let components = URLComponents(string: url), let scheme = components.scheme, url.contains("://") {
            self.scheme = scheme
            user = components.user.map { $0.removingPercentEncoding ?? $0 }
            password = components.password.map { $0.removingPercentEncoding ?? $0 }
            host = components.host
            port = components.port
            path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        } else if let colon = url.firstIndex(of: ":"), !url.hasPrefix("/") {
            let authority = url[..<colon]
            if let at = authority.lastIndex(of: "@") {
                user = String(authority[..<at])
                host = String(authority[authority.index(after: at)...])
            } else {
                host = String(authority)
            }
            scheme = "ssh"
            path = String(url[url.index(after: colon)...])
        }
    }
}

/// `git credential fill | approve | reject`: the user's credential helper, asked as git asks it.
enum GitCredentialHelper {
    struct Answer {
        var fields: [(String, String)]
        var user: String { fields.first { $0.0 == "username" }?.1 ?? "" }
        var password: String { fields.first { $0.0 == "password" }?.1 ?? "" }
    }

    /// The helper's user and password for the URL, nil when it has none (or git is missing).
    static func fill(_ url: RemoteURLParts, user: String?) -> Answer? {
        guard let scheme = url.scheme, let host = url.host else { return nil }
        var fields = [("protocol", scheme), ("host", host + (url.port.map { ":\($0)" } ?? ""))]
        if let path = url.path, !path.isEmpty { fields.append(("path", path)) }
        if let user { fields.append(("username", user)) }
        guard let output = git(["credential", "fill"], input: fields) else { return nil }
        let answer = Answer(
            fields: output.split(separator: "\n").compactMap { line in
                guard let eq = line.firstIndex(of: "=") else { return nil }
                return (String(line[..<eq]), String(line[line.index(after: eq)...]))
            })
        return answer.password.isEmpty ? nil : answer
    }

    /// Tells the helper the answer worked (`approve`) or did not (`reject`).
    static func run(_ verb: String, _ answer: Answer) {
        _ = git(["credential", verb], input: answer.fields)
    }

    private static func git(_ arguments: [String], input: [(String, String)]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(Data((input.map { "\($0.0)=\($0.1)\n" }.joined() + "\n").utf8))
        try? stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
