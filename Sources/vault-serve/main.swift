// `vault-serve`: the HTTP server behind `vault serve`, a separate executable so that `vault`
// itself never loads NIO or Hummingbird. `vault serve` checks the options and the vault, then
// runs this with them:
//
//   vault-serve --vault PATH --host HOST --port PORT   (the token, if any, in VAULT_SERVE_TOKEN)
//
// Every request is answered by VaultWeb's `VaultSite`, one at a time on one queue: libgit2
// handles are never shared between threads, and a burst of requests waits instead of
// multiplying the work.
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ReportVault
import VaultWeb

/// The options `vault serve` passes.
struct ServeOptions {
    var vault = "."
    var host = "127.0.0.1"
    var port = 8080

    init(_ arguments: [String]) {
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--vault": vault = arguments[i + 1]
            case "--host": host = arguments[i + 1]
            case "--port": port = Int(arguments[i + 1]) ?? -1
            default: Self.usage()
            }
            i += 2
        }
        if i != arguments.count || !(0...65535).contains(port) { Self.usage() }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: vault-serve --vault PATH [--host HOST] [--port PORT]   (run by `vault serve`)\n".utf8))
        exit(64)
    }
}

/// Runs each answer on the one serial queue.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let site: VaultSite
    static let queue = DispatchQueue(label: "vault-serve.requests")

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let webRequest = WebRequest(method: request.method.rawValue, target: request.head.path ?? "/", headers: headers)
        let site = self.site
        let answer = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: site.respond(to: webRequest)) }
        }
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

let options = ServeOptions(Array(CommandLine.arguments.dropFirst()))
let token = ProcessInfo.processInfo.environment["VAULT_SERVE_TOKEN"]
let site = VaultSite(vaultPath: options.vault, token: token)
var logger = Logger(label: "vault-serve")
logger.logLevel = .warning
let app = Application(
    responder: SiteResponder(site: site),
    configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
    onServerRunning: { channel in
        // The port actually bound (--port 0 asks the system for a free one).
        let port = channel.localAddress?.port ?? options.port
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        // Written at once (not buffered): `vault serve`'s caller reads the URL from it.
        let line = Message("web.serve.listening", ["vault": .text(options.vault), "url": .text("http://\(host):\(port)/")]).localized
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    },
    logger: logger
)
do {
    try await app.runService()
} catch {
    FileHandle.standardError.write(Data((Message("web.serve.failed", ["reason": .text("\(error)")]).localized + "\n").utf8))
    exit(1)
}
