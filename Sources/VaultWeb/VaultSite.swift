import Foundation
import ReportVault

/// The web view of one vault: answers a ``WebRequest`` with a page, the JSON the matching
/// `vault … --json` command prints, or a workbook. Read-only (GET and HEAD only), every
/// report name and revision from the URL checked as the command line checks it, errors as a
/// page that says what was wrong, never a trace.
///
/// No server library here: `vault-serve` hands each request over, and tests call
/// ``respond(to:)`` directly.
public struct VaultSite: Sendable {
    /// The vault's folder (a work tree or a bare repository).
    public let vaultPath: String
    /// When set, every request must carry it (`Authorization: Bearer`, `?token=` or the
    /// cookie a `?token=` visit sets).
    public let token: String?

    public init(vaultPath: String, token: String?) {
        self.vaultPath = vaultPath
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The routes: pages, their JSON, and downloads.
    enum Route: String, CaseIterable {
        case reports = "/"
        case report = "/report"
        case compare = "/compare"
        case figure = "/figure"
        case submissions = "/submissions"
        case apiReports = "/api/reports"
        case apiLog = "/api/log"
        case apiBlame = "/api/blame"
        case apiFigures = "/api/figures"
        case apiDiff = "/api/diff"
        case apiHistory = "/api/history"
        case apiTags = "/api/tags"
        case apiVerify = "/api/verify"
        case figuresWorkbook = "/download/figures.xlsx"
        case diffWorkbook = "/download/diff.xlsx"

        var isAPI: Bool { rawValue.hasPrefix("/api/") }
    }

    /// The answer to one request.
    public func respond(to request: WebRequest) -> WebResponse {
        let context = PageContext(request: request)
        var response = answer(request, context)
        response.headers += Self.securityHeaders
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    /// Headers on every answer: no scripts, no outside resources, no framing, no referrer
    /// (a `?token=` must not leak), nothing cached.
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"), ("X-Frame-Options", "DENY"),
    ]

    private func answer(_ request: WebRequest, _ context: PageContext) -> WebResponse {
        let route = Route(rawValue: request.path)
        let api = route?.isAPI ?? request.path.hasPrefix("/api/")
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = failure(405, Message("web.error.method", ["method": .text(String(request.method.prefix(20)))]), api: api, context)
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        var setCookie: [(name: String, value: String)] = []
        if let token {
            guard let given = Self.presentedToken(request), Self.same(given, token) else {
                var response = failure(401, Message("web.error.token"), api: api, context)
                response.headers.append(("WWW-Authenticate", "Bearer realm=\"vault\""))
                return response
            }
            if request.value("token") != nil {
                setCookie = [("Set-Cookie", "vault_token=\(URLText.encode(token)); Path=/; HttpOnly; SameSite=Strict")]
            }
        }
        guard let route else { return failure(404, Message("web.error.notFound", ["path": .text(String(request.path.prefix(200)))]), api: api, context) }
        guard request.query.allSatisfy({ $0.value.count <= WebRequest.maximumValue && $0.name.count <= 40 }) else {
            return failure(400, Message("web.error.tooLong"), api: api, context)
        }
        do {
            var response = try VaultQueries(vaultPath: vaultPath).answer(route, request, context)
            response.headers += setCookie
            return response
        } catch let error as VaultError {
            return failure(Self.status(of: error), error.message, api: api, context)
        } catch let error as MissingParameter {
            return failure(400, Message("web.error.parameter", ["name": .text(error.name)]), api: api, context)
        } catch {
            FileHandle.standardError.write(Data("vault-serve: \(request.path): \(error)\n".utf8))
            return failure(500, Message("web.error.internal"), api: api, context)
        }
    }

    /// 404 for what does not exist, 400 for what was asked wrongly.
    static func status(of error: VaultError) -> Int {
        switch error {
        case .noSuchReport, .unknownRevision, .reportNotAt, .noSuchFigure, .noSuchFigureNamed, .noRevisions, .noCommitsYet, .reportInNeither: 404
        default: 400
        }
    }

    /// An error as a page or, under /api/, as `{"error": {"message", "status"}}`.
    func failure(_ status: Int, _ message: Message, api: Bool, _ context: PageContext) -> WebResponse {
        if api {
            return .json(
                .object([.init("error", .object([.init("message", .string(message.text(context.language))), .init("status", .number(Double(status)))]))]), status: status)
        }
        return .html(Pages.error(status: status, message: message, context), status: status)
    }

    /// The token a request carries, if any.
    static func presentedToken(_ request: WebRequest) -> String? {
        if let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") { return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        if let query = request.value("token") { return query }
        for part in (request.headers["cookie"] ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == "vault_token" { return String(pair[1]).removingPercentEncoding }
        }
        return nil
    }

    /// Compares in time that does not depend on where the strings first differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }
}

/// A query item a route needs was not given.
struct MissingParameter: Error {
    var name: String
}
