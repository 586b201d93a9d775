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

    /// The names the server answers to (the `Host` header, port aside); nil answers to any.
    /// A page reached through another name is refused: a DNS-rebinding page cannot read the
    /// vault through the reviewer's browser.
    public let allowedHosts: Set<String>?
    /// Whether any IP address is a name the server answers to (bound to all addresses).
    public let anyAddress: Bool
    /// Whether the token cookie is marked `Secure` (served over HTTPS, or behind a proxy that is).
    public let secureCookie: Bool
    /// Answers that depend only on the vault's references, kept while those stay the same.
    let cache = SiteCache()
    /// Failed tokens per client.
    let failures = FailedTokens()

    public init(
        vaultPath: String, token: String?, allowedHosts: Set<String>? = nil, anyAddress: Bool = false,
        secureCookie: Bool = false
    ) {
        self.vaultPath = vaultPath
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.allowedHosts = allowedHosts.map { Set($0.map { $0.lowercased() }) }
        self.anyAddress = anyAddress
        self.secureCookie = secureCookie
    }

    /// The host part of a `Host` header ("127.0.0.1:8080" → "127.0.0.1", "[::1]:80" → "::1").
    public static func hostName(_ header: String) -> String {
        var host = header.lowercased()
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<end])
        }
        if let colon = host.lastIndex(of: ":"), host.filter({ $0 == ":" }).count == 1 { host = String(host[..<colon]) }
        return host
    }

    /// Whether the request names a host the server answers to.
    func hostAllowed(_ request: WebRequest) -> Bool {
        guard let allowedHosts else { return true }
        guard let header = request.headers["host"] else { return false }
        let host = Self.hostName(header)
        if allowedHosts.contains(host) { return true }
        // Bound to every address: any address literal is this machine; a name must be allowed.
        return anyAddress && (host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":"))
    }

    /// The routes: pages, their JSON, and downloads.
    enum Route: String, CaseIterable {
        case reports = "/"
        case report = "/report"
        case compare = "/compare"
        case figure = "/figure"
        case submissions = "/submissions"
        case reviews = "/reviews"
        case overview = "/overview"
        case across = "/across"
        case apiReports = "/api/reports"
        case apiLog = "/api/log"
        case apiBlame = "/api/blame"
        case apiFigures = "/api/figures"
        case apiDiff = "/api/diff"
        case apiHistory = "/api/history"
        case apiTags = "/api/tags"
        case apiVerify = "/api/verify"
        case apiReviews = "/api/reviews"
        case apiOverview = "/api/overview"
        case figuresWorkbook = "/download/figures.xlsx"
        case diffWorkbook = "/download/diff.xlsx"
        case overviewWorkbook = "/download/overview.xlsx"

        var isAPI: Bool { rawValue.hasPrefix("/api/") }
    }

    /// The answer to one request.
    public func respond(to request: WebRequest) -> WebResponse {
        let context = PageContext(request: request)
        var response = answer(request, context)
        response.headers += Self.securityHeaders
        if request.method == "HEAD" {
            // The length the GET would have, with no body.
            response.headers.append(("Content-Length", String(response.body.count)))
            response.body = []
        }
        return response
    }

    /// Headers on every answer: no scripts, no outside resources, no framing, no referrer
    /// (a `?token=` must not leak), nothing cached.
    static let securityHeaders: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
        ("X-Frame-Options", "DENY"),
    ]

    private func answer(_ request: WebRequest, _ context: PageContext) -> WebResponse {
        let route = Route(rawValue: request.path)
        let api = route?.isAPI ?? request.path.hasPrefix("/api/")
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = failure(
                405, Message("web.error.method", ["method": .text(String(request.method.prefix(20)))]), api: api,
                context)
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        guard hostAllowed(request) else {
            return failure(
                421, Message("web.error.host", ["host": .text(String((request.headers["host"] ?? "").prefix(100)))]),
                api: api, context)
        }
        var setCookie: [(name: String, value: String)] = []
        if let token {
            let client = FailedTokens.clientKey(request.client ?? "?")
            let given = Self.presentedToken(request)
            let right = given.map { Self.same($0, token) } ?? false
            // Checked and counted in one step: concurrent guesses cannot slip past the count.
            switch failures.attempt(client, failed: given != nil && !right) {
            case .blocked(let wait):
                var response = failure(
                    429, Message("web.error.tooManyTokens", ["seconds": .count(wait)]), api: api, context)
                response.headers.append(("Retry-After", String(wait)))
                return response
            case .counted(let count) where count == 1 || count == failures.allowed:
                FileHandle.standardError.write(
                    Data("vault-serve: wrong token from \(client) (\(count) in the last minute)\n".utf8))
            default:
                break
            }
            guard right else {
                var response = failure(401, Message("web.error.token"), api: api, context)
                response.headers.append(("WWW-Authenticate", "Bearer realm=\"vault\""))
                return response
            }
            if request.value("token") != nil {
                setCookie = [
                    (
                        "Set-Cookie",
                        "vault_token=\(URLText.encode(token)); Path=/; HttpOnly; SameSite=Strict"
                            + (secureCookie ? "; Secure" : "")
                    )
                ]
            }
        }
        guard let route else {
            return failure(
                404, Message("web.error.notFound", ["path": .text(String(request.path.prefix(200)))]), api: api, context
            )
        }
        guard request.query.allSatisfy({ $0.value.count <= WebRequest.maximumValue && $0.name.count <= 40 }) else {
            return failure(400, Message("web.error.tooLong"), api: api, context)
        }
        do {
            // Everything a route answers follows from the vault's references, the request
            // and the page's language: while the references stay, the answer is kept.
            let fingerprint = try Vault.open(at: vaultPath, durable: false).referencesFingerprint()
            // Names and values encoded: a search for "a&x=b" is not the search for "a" with x=b.
            let key =
                "\(context.language.rawValue) \(URLText.encode(request.path))?"
                + request.query.filter { $0.name != "token" }.map {
                    "\(URLText.encode($0.name))=\(URLText.encode($0.value))"
                }.joined(separator: "&")
            var response = try cache.answer(key, fingerprint: fingerprint) { () throws -> WebResponse in
                try VaultQueries(vaultPath: vaultPath).answer(route, request, context)
            }
            response.headers += setCookie
            return response
        } catch let error as VaultError {
            if case .git = error {
                // An object that cannot be read: the vault is damaged, not the request wrong.
                FileHandle.standardError.write(Data("vault-serve: \(request.path): \(error.message.text(.en))\n".utf8))
                let report = request.value("report").map { String($0.prefix(80)) } ?? "—"
                return failure(500, Message("web.error.damaged", ["report": .text(report)]), api: api, context)
            }
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
        case .noSuchReport, .unknownRevision, .reportNotAt, .noSuchFigure, .noSuchFigureNamed, .noRevisions,
            .noCommitsYet, .reportInNeither, .overviewNoYear, .overviewNoReports:
            404
        default: 400
        }
    }

    /// An error as a page or, under /api/, as `{"error": {"message", "status"}}`.
    func failure(_ status: Int, _ message: Message, api: Bool, _ context: PageContext) -> WebResponse {
        if api {
            return .json(
                .object([
                    .init(
                        "error",
                        .object([
                            .init("message", .string(message.text(context.language))),
                            .init("status", .number(Double(status))),
                        ]))
                ]), status: status)
        }
        return .html(Pages.error(status: status, message: message, context), status: status)
    }

    /// The token a request carries, if any.
    static func presentedToken(_ request: WebRequest) -> String? {
        if let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
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

/// Answers kept per request while the vault's references stay as they were: a page whose
/// vault did not change costs one reference read. Only successful answers are kept; when the
/// references move, everything kept before goes. At most `limit` answers or `byteLimit` bytes.
final class SiteCache: @unchecked Sendable {
    let lock = NSLock()
    var fingerprint = ""
    var answers: [String: WebResponse] = [:]
    var bytes = 0
    let limit = 512
    let byteLimit = 64 << 20

    func answer(_ key: String, fingerprint: String, _ make: () throws -> WebResponse) throws -> WebResponse {
        lock.lock()
        if fingerprint != self.fingerprint {
            self.fingerprint = fingerprint
            answers = [:]
            bytes = 0
        }
        let kept = answers[key]
        lock.unlock()
        if let kept { return kept }
        let made = try make()
        guard made.status == 200 else { return made }
        lock.lock()
        defer { lock.unlock() }
        if fingerprint == self.fingerprint {
            if answers.count >= limit || bytes + made.body.count > byteLimit {
                answers = [:]
                bytes = 0
            }
            answers[key] = made
            bytes += made.body.count
        }
        return made
    }
}

/// Wrong tokens counted per client over the last minute: past `allowed`, the client is
/// refused (429) until the minute is over, without its token being compared. An IPv6 client
/// is counted by its /64 (one host holds a whole /64); entries older than the minute go.
final class FailedTokens: @unchecked Sendable {
    enum Outcome: Equatable {
        case blocked(Int)
        case counted(Int)
        case fine
    }

    let lock = NSLock()
    var times: [String: [Date]] = [:]
    let allowed = 10
    let window: TimeInterval = 60

    /// The address a client is counted by: IPv4 as it is, IPv6 by its first four groups.
    static func clientKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var groups = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), address.contains("::") {
            let missing = 8 - groups.filter { !$0.isEmpty }.count
            groups.replaceSubrange(gap...gap, with: Array(repeating: "0", count: max(missing, 0)))
            groups.removeAll { $0.isEmpty }
        }
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// Whether the client may try (and, when `failed`, records its failure), in one step.
    func attempt(_ client: String, failed: Bool) -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if times.count > 10_000 {
            times = times.compactMapValues { list in
                let kept = list.filter { now.timeIntervalSince($0) < window }; return kept.isEmpty ? nil : kept
            }
        }
        let recent = (times[client] ?? []).filter { now.timeIntervalSince($0) < window }
        if recent.count >= allowed, let first = recent.first {
            times[client] = recent
            return .blocked(max(1, Int((window - now.timeIntervalSince(first)).rounded(.up))))
        }
        guard failed else {
            times[client] = recent.isEmpty ? nil : recent
            return .fine
        }
        times[client] = recent + [now]
        return .counted(recent.count + 1)
    }
}

/// A query item a route needs was not given.
struct MissingParameter: Error {
    var name: String
}
