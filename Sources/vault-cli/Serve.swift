import ArgumentParser
import Foundation
import ReportVault

struct Serve: VaultSubcommand {
    static let name = "serve"
    static let configuration = CommandConfiguration(
        commandName: name,
        _superCommandName: "vault",
        abstract: tr("help.Serve.abstract"),
        discussion: tr("help.Serve.discussion")
    )

    @Option(help: ArgumentHelp(tr("help.Serve.port"), valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp(tr("help.Serve.host"), valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp(tr("help.Serve.token"), valueName: "token"))
    var token: String?

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(tr("help.Serve.allowHost"), valueName: "name"))
    var allowHosts: [String] = []

    @Flag(name: .customLong("behind-https"), help: ArgumentHelp(tr("help.Serve.behindHTTPS")))
    var behindHTTPS = false

    @OptionGroup var vault: VaultOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(tr("cli.serve.port", ["port": "\(port)"])) }
    }

    /// The shortest token accepted: sixteen characters (`openssl rand -hex 16` gives 32).
    static let minimumTokenLength = 16

    /// Whether `host` is this machine only.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func run() throws {
        // A token given but empty (an unset variable) or short would protect nothing: refused.
        let given = self.token ?? ProcessInfo.processInfo.environment["VAULT_SERVE_TOKEN"]
        if let given, given.count < Self.minimumTokenLength {
            Output.error(
                tr("cli.serve.shortToken", ["length": "\(given.count)", "minimum": "\(Self.minimumTokenLength)"]))
            throw ExitCode(1)
        }
        let opened = try vault.open()
        let token = given
        if !Self.isLoopback(host) {
            Output.note(tr("cli.serve.exposed", ["host": "\(host)", "port": "\(port)"]))
            if token == nil { Output.note(tr("cli.serve.noToken")) }
        }
        // The server is its own executable beside this one, so that no other command loads it.
        guard let server = Self.serverExecutable() else {
            Output.error(tr("cli.serve.missing", ["path": "\(Self.besideMe("vault-serve"))"]))
            throw ExitCode(1)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["VAULT_SERVE_TOKEN"] = token
        let arguments =
            [server, "--vault", opened.path, "--host", host, "--port", String(port)]
            + allowHosts.flatMap { ["--allow-host", $0] } + (behindHTTPS ? ["--behind-https"] : [])
        fflush(nil)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(server, argv, envp)
        Output.error(tr("cli.serve.cannotRun", ["path": "\(server)", "reason": "\(String(cString: strerror(errno)))"]))
        throw ExitCode(1)
    }

    /// `vault-serve` beside the running `vault` (also when reached through a symbolic link),
    /// or $VAULT_SERVE_BIN.
    static func serverExecutable() -> String? {
        if let path = ProcessEnvironment.nonEmpty("VAULT_SERVE_BIN") { return path }
        var candidates = [besideMe("vault-serve")]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("vault-serve").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func besideMe(_ name: String) -> String {
        (Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent(name).path) ?? name
    }
}
