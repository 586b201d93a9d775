// `vault-serve`: the HTTP server behind `vault serve`, a separate executable so that `vault`
// itself never loads NIO or Hummingbird. `vault serve` checks the options and the vault, then
// runs this with them:
//
//   vault-serve --vault PATH --host HOST --port PORT   (the token, if any, in VAULT_SERVE_TOKEN)
//
// Every request is answered by VaultWeb's `VaultSite`, a few at a time (as many as the machine
// has cores), each with its own repository handle; the rest wait their turn. A connection that
// says nothing for `idleTimeout` (half a request, or kept alive and idle) is closed, and no
// more connections are taken than the open-file limit leaves room for: a flood of half-open
// connections waits in the system's queue instead of exhausting the process.
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ReportVault
import VaultWeb

/// The options `vault serve` passes.
struct ServeOptions {
    var vault = "."
    var host = "127.0.0.1"
    var port = 8080
    var allowHosts: [String] = []
    var behindHTTPS = false

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            if arguments[i] == "--behind-https" {
                behindHTTPS = true
                i += 1
                continue
            }
            guard i + 1 < arguments.count else { Self.usage() }
            switch arguments[i] {
            case "--vault": vault = arguments[i + 1]
            case "--host": host = arguments[i + 1]
            case "--port": port = Int(arguments[i + 1]) ?? -1
            case "--allow-host": allowHosts.append(arguments[i + 1])
            default: Self.usage()
            }
            i += 2
        }
        if !(0...65535).contains(port) { Self.usage() }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                "usage: vault-serve --vault PATH [--host HOST] [--port PORT] [--allow-host NAME]... [--behind-https]   (run by `vault serve`)\n"
                    .utf8))
        exit(64)
    }

    /// Bound to every address (0.0.0.0, ::).
    var anyAddress: Bool { host == "0.0.0.0" || host == "::" || host == "[::]" }

    /// The names the server answers to: its address, this machine's names, and those allowed.
    var allowedHosts: Set<String> {
        Set([VaultSite.hostName(host), "localhost", "127.0.0.1", "::1"] + allowHosts.map { VaultSite.hostName($0) })
    }
}

/// Lets at most `width` requests be answered at once; the others wait, without a thread each.
actor Gate {
    let width: Int
    var busy = 0
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { self.width = width }

    func enter() async {
        if busy < width {
            busy += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// Runs each answer on the concurrent queue, past the gate.
/// A request's context with the client's address (failed tokens are counted by it).
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

struct SiteResponder: HTTPResponder {
    typealias Context = ServeContext
    let site: VaultSite
    static let queue = DispatchQueue(label: "vault-serve.requests", attributes: .concurrent)
    static let gate = Gate(width: max(2, ProcessInfo.processInfo.activeProcessorCount))

    func respond(to request: Request, context: ServeContext) async throws -> Response {
        // A read-only site takes no request body; one sent a byte at a time would keep the
        // connection from ever being idle. Refused at once, and the connection closed.
        if (request.headers[.contentLength].map { $0 != "0" } ?? false) || request.headers[.transferEncoding] != nil {
            var fields = HTTPFields()
            fields[.connection] = "close"
            fields[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .init(code: 413), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "read-only: no request body is taken\n")))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP types keep the Host header as the request's authority.
        if let authority = request.head.authority { headers["host"] = authority }
        var webRequest = WebRequest(method: request.method.rawValue, target: request.head.path ?? "/", headers: headers)
        webRequest.client = context.remoteAddress?.ipAddress
        let site = self.site, asked = webRequest
        await Self.gate.enter()
        let answer = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: site.respond(to: asked)) }
        }
        await Self.gate.leave()
        var fields = HTTPFields()
        var length: Int?
        for (name, value) in answer.headers {
            if name == "Content-Length" {
                length = Int(value)
                continue
            }
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        // HEAD: the length the GET's body would have, and no body.
        if request.method == .head, let length {
            return Response(
                status: .init(code: answer.status), headers: fields, body: ResponseBody(contentLength: length) { _ in })
        }
        return Response(
            status: .init(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// The most connections served at once: what the open-file limit leaves room for (raised to
/// its hard limit first), with room for the vault's own files; at most 4,096.
func connectionLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
    let wanted = min(limit.rlim_max, 65_536)
    if limit.rlim_cur < wanted {
        var raised = limit
        raised.rlim_cur = wanted
        if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return max(16, min(4096, (Int(limit.rlim_cur) - 128) / 2))
}

/// How long a connection may say nothing: half a request, or an idle kept-alive one.
let idleTimeout: TimeAmount = .seconds(5)

let options = ServeOptions(Array(CommandLine.arguments.dropFirst()))
// Requests run at once: no request's operation changes libgit2's settings for the others.
Libgit2.mayTuneProcess = false
let token = ProcessInfo.processInfo.environment["VAULT_SERVE_TOKEN"]
let site = VaultSite(
    vaultPath: options.vault, token: token, allowedHosts: options.allowedHosts, anyAddress: options.anyAddress,
    secureCookie: options.behindHTTPS)
var logger = Logger(label: "vault-serve")
logger.logLevel = .warning
let app = Application(
    responder: SiteResponder(site: site),
    server: .http1(configuration: .init(idleTimeout: idleTimeout)),
    configuration: .init(
        address: .hostname(options.host, port: options.port), serverName: nil,
        availableConnectionsDelegate: MaximumAvailableConnections(connectionLimit())),
    onServerRunning: { channel in
        // The port actually bound (--port 0 asks the system for a free one).
        let port = channel.localAddress?.port ?? options.port
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        // Written at once (not buffered): `vault serve`'s caller reads the URL from it.
        let line = Message(
            "web.serve.listening", ["vault": .text(options.vault), "url": .text("http://\(host):\(port)/")]
        ).localized
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    },
    logger: logger
)
do {
    try await app.runService()
} catch let error as IOError where error.errnoCode == EADDRINUSE {
    FileHandle.standardError.write(
        Data(
            (Message("web.serve.portInUse", ["host": .text(options.host), "port": .count(options.port)]).localized
                + "\n").utf8))
    exit(1)
} catch let error as IOError {
    FileHandle.standardError.write(
        Data(
            (Message("web.serve.failed", ["reason": .text(String(cString: strerror(error.errnoCode)))]).localized + "\n")
                .utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(
        Data((Message("web.serve.failed", ["reason": .text("\(error)")]).localized + "\n").utf8))
    exit(1)
}
