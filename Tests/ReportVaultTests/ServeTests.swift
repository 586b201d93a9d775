import Foundation
import Testing

@testable import ReportVault
@testable import VaultWeb

/// `vault serve`: the built binary started on a free 127.0.0.1 port, fetched with curl,
/// compared with the command line byte for byte, and loaded in headless Chromium.
@Suite struct ServeTests {
    let e2e = EndToEndTests()
    static let report = EndToEndTests.report

    /// A server started by a test; stopped by its PID when the value is released.
    final class Server {
        let process: Process
        let url: String
        let output: Pipe

        init(vault: String, arguments: [String] = [], environment: [String: String] = [:], fileLimit: Int? = nil) throws
        {
            process = Process()
            if let fileLimit {
                // Under an open-file limit (soft and hard) as a default system sets it.
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments =
                    [
                        "-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", EndToEndTests.vaultBinary, "-C", vault,
                        "serve", "--port", "0",
                    ] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: EndToEndTests.vaultBinary)
                process.arguments = ["-C", vault, "serve", "--port", "0"] + arguments
            }
            var env = ProcessInfo.processInfo.environment
            for key in ["VAULT_DIR", "LC_ALL", "LC_MESSAGES", "LANG", "VAULT_SERVE_TOKEN"] { env[key] = nil }
            env["VAULT_LANG"] = "en"
            env["SWIFT_BACKTRACE"] = "enable=no"
            for (k, v) in environment { env[k] = v }
            process.environment = env
            output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line names the URL with the port the system chose.
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+\//) else {
                process.terminate()
                throw CocoaError(
                    .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "vault serve printed no URL: \(text)"])
            }
            url = String(text[match.range])
        }

        deinit {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    /// Answers gathered from several threads.
    final class LockedResults: @unchecked Sendable {
        let lock = NSLock()
        var all: [(String, Int, [UInt8])] = []
        func add(_ path: String, _ status: Int, _ body: [UInt8]) {
            lock.lock()
            all.append((path, status, body))
            lock.unlock()
        }
    }

    /// What curl got: status, headers (lower-case names), body.
    struct Fetched {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func fetch(_ url: String, method: String = "GET", headers: [String] = [], body: String? = nil) throws -> Fetched {
        let tmp = try TemporaryFolder()
        var args =
            ["-s", "-g", "-X", method, "-D", tmp.path + "/h", "-o", tmp.path + "/b"]
            + (body.map { ["--data-raw", $0] } ?? [])
        if method == "HEAD" { args = ["-s", "-g", "-I", "-D", tmp.path + "/h", "-o", tmp.path + "/b"] }
        for h in headers { args += ["-H", h] }
        let result = try run("/usr/bin/curl", args + [url])
        #expect(result.status == 0, "curl \(url): \(result.stderr)")
        let head = (try? String(contentsOfFile: tmp.path + "/h", encoding: .utf8)) ?? ""
        var status = 0
        var fields: [String: String] = [:]
        for line in head.split(separator: "\r\n") {
            if line.hasPrefix("HTTP/") { status = Int(line.split(separator: " ")[1]) ?? 0 }
            if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
        }
        let body = (try? Data(contentsOf: URL(fileURLWithPath: tmp.path + "/b"))) ?? Data()
        return Fetched(status: status, headers: fields, body: [UInt8](body))
    }

    static func q(_ s: String) -> String { URLText.encode(s) }

    /// Headless Chromium at an office screen's size, with a profile of its own under `profile`.
    static func chromiumFlags(profile: String) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1366,768",
            "--user-data-dir=\(profile)/chromium",
        ]
    }

    /// Two drafts of 长铺镇, a submission, then 西塘 added.
    func reviewVault() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft 1"] + EndToEndTests.author).status
                == 0)
        #expect(
            try e2e.vault(
                ["-C", dir, "commit", EndToEndTests.draft2, "-m", "draft 2: 公用经费 corrected"] + EndToEndTests.author
            ).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "tag", "submitted-2025-01", "-m", "报送县财政局"] + EndToEndTests.author).status == 0)
        let xitang = Fixtures.packageRoot.appendingPathComponent("samples/xitang-2024.json").path
        #expect(try e2e.vault(["-C", dir, "commit", xitang, "-m", "西塘"] + EndToEndTests.author).status == 0)
        return (tmp, dir)
    }

    // MARK: - The JSON API is the command line's --json

    @Test func everyAPIAnswersTheBytesOfTheMatchingCommand() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        let r = Self.report
        let pairs: [(String, [String])] = [
            ("api/reports", ["ls", "--json"]),
            ("api/log?report=\(Self.q(r))", ["log", r, "--json"]),
            ("api/blame?report=\(Self.q(r))", ["blame", r, "--json"]),
            ("api/figures?report=\(Self.q(r))", ["figures", r, "--json"]),
            ("api/figures?report=\(Self.q("长铺镇"))&rev=HEAD~2", ["figures", "长铺镇", "--rev", "HEAD~2", "--json"]),
            ("api/diff?from=HEAD~2&to=HEAD", ["diff", "HEAD~2", "HEAD", "--json"]),
            (
                "api/diff?from=HEAD~2&to=submitted-2025-01&report=\(Self.q(r))",
                ["diff", "HEAD~2", "submitted-2025-01", r, "--json"]
            ),
            (
                "api/history?report=\(Self.q(r))&figure=\(Self.q("/generalBudget/basic/publicUse"))",
                ["history", r, "/generalBudget/basic/publicUse", "--json"]
            ),
            (
                "api/history?report=\(Self.q(r))&figure=\(Self.q("单位日常运转经费 · 得分"))",
                ["history", r, "单位日常运转经费 · 得分", "--json"]
            ),
            ("api/tags", ["tags", "--json"]),
            ("api/verify", ["verify", "--json"]),
        ]
        for (path, command) in pairs {
            let api = try fetch(server.url + path)
            let cli = try e2e.vault(["-C", dir] + command)
            #expect(cli.status == 0, "\(command): \(cli.stderr)")
            #expect(api.status == 200, "\(path): \(api.text)")
            #expect(api.headers["content-type"] == "application/json; charset=utf-8")
            #expect(api.body == cli.stdoutBytes, "\(path) differs from vault \(command.joined(separator: " "))")
            #expect(api.body.count > 2)
        }
    }

    @Test func downloadsAreTheCommandLinesWorkbooks() throws {
        let (tmp, dir) = try reviewVault()
        let server = try Server(vault: dir)
        #expect(try e2e.vault(["-C", dir, "figures", Self.report, "--xlsx", tmp.path + "/f.xlsx"]).status == 0)
        #expect(try e2e.vault(["-C", dir, "diff", "HEAD~2", "HEAD", "--xlsx", tmp.path + "/d.xlsx"]).status == 0)
        let figures = try fetch(server.url + "download/figures.xlsx?report=\(Self.q(Self.report))")
        #expect(figures.status == 200)
        #expect(figures.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(figures.headers["content-disposition"]?.hasPrefix("attachment;") == true)
        #expect(figures.body == [UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.path + "/f.xlsx"))))
        let diff = try fetch(server.url + "download/diff.xlsx?from=HEAD~2&to=HEAD")
        #expect(diff.body == [UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.path + "/d.xlsx"))))
        // Two reports and the text sections' sheet.
        #expect(try XLSXReader(data: Data(diff.body)).sheetNames.count == 3)
    }

    // MARK: - Pages

    @Test func pagesShowTheReviewersFigures() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        let r = Self.q(Self.report)
        let reports = try fetch(server.url)
        #expect(reports.status == 200)
        #expect(reports.headers["content-type"] == "text/html; charset=utf-8")
        #expect(reports.text.contains("绥宁县长铺镇人民政府") && reports.text.contains("Fiscal year 2024"))
        #expect(
            reports.text.contains("changed since submitted-2025-01")
                || reports.text.contains("submitted-2025-01 covers this version"))
        let search = try fetch(server.url + "?q=\(Self.q("长铺"))")
        #expect(search.text.contains("绥宁县长铺镇人民政府") && !search.text.contains("西塘"))
        let history = try fetch(server.url + "report?report=\(r)")
        #expect(
            history.status == 200 && history.text.contains("draft 2: 公用经费 corrected")
                && history.text.contains("submitted-2025-01"))
        #expect(history.text.contains("name=\"from\"") && history.text.contains("name=\"to\""))
        let compare = try fetch(server.url + "compare?report=\(r)&from=HEAD~2&to=HEAD")
        #expect(compare.status == 200)
        #expect(
            compare.text.contains("338.26 万元") && compare.text.contains("338.25 万元") && compare.text.contains("-0.01"))
        #expect(
            compare.text.contains("<tr class=\"changed\">")
                && (compare.text.contains("<del>") || compare.text.contains("<ins>")))
        #expect(compare.text.contains("figure?report=\(r)&amp;figure=%2FgeneralBudget%2Fbasic%2FpublicUse"))
        let figure = try fetch(server.url + "figure?report=\(r)&figure=\(Self.q("/generalBudget/basic/publicUse"))")
        #expect(
            figure.status == 200 && figure.text.contains("<svg") && figure.text.contains("<polyline")
                && figure.text.contains("338.25 万元"))
        let submissions = try fetch(server.url + "submissions")
        #expect(
            submissions.status == 200 && submissions.text.contains("submitted-2025-01")
                && submissions.text.contains("intact") && submissions.text.contains("sha256:"))
        #expect(
            submissions.text.contains("tag submitted-2025-01: not signed"),
            "the submissions page says whether each tag is signed")
        // Chinese from ?lang=zh, the schema's captions either way.
        let zh = try fetch(server.url + "?lang=zh")
        #expect(zh.text.contains("2024 年度") && zh.text.contains("lang=\"zh-CN\""))
        // Self-contained: no outside address in any page.
        for page in [reports, history, compare, figure, submissions] {
            #expect(!page.text.contains("https://") && !page.text.contains("<script"))
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        }
    }

    @Test func onlyReadingIsAllowedAndBadInputGetsAnErrorPage() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let refused = try fetch(server.url + "api/reports", method: method)
            #expect(refused.status == 405, "\(method)")
            #expect(refused.headers["allow"] == "GET, HEAD")
        }
        #expect(try fetch(server.url, method: "POST").text.contains("read-only"))
        let head = try fetch(server.url + "api/tags", method: "HEAD")
        #expect(head.status == 200 && head.headers["content-type"]?.hasPrefix("application/json") == true)
        let bad: [(String, Int)] = [
            ("nope", 404), ("api/nope", 404), ("compare?from=\(Self.q("HEAD@{1}"))", 400),
            ("compare?from=\(Self.q(":/公用"))", 400),
            ("compare?from=\(Self.q("HEAD~1..HEAD"))", 400), ("compare?from=HEAD~99999999", 400),
            ("compare?from=no-such-tag", 404),
            ("report?report=\(Self.q("../../../etc/passwd"))", 404), ("report?report=\(Self.q("2024/没有这个单位"))", 404),
            ("report", 400),
            ("api/history?report=\(Self.q(Self.report))&figure=\(Self.q("/no/such"))", 404),
            ("compare?from=\(String(repeating: "a", count: 600))", 400),
        ]
        for (path, status) in bad {
            let answer = try fetch(server.url + path)
            #expect(answer.status == status, "\(path): \(answer.status) \(answer.text.prefix(300))")
            #expect(!answer.text.contains("Fatal error") && !answer.text.contains(".swift:"), "\(path)")
            if path.hasPrefix("api/") {
                #expect(
                    (try? JSONParser.parse(answer.body))?[member: "error"]?[member: "status"] == .number(Double(status))
                )
            } else {
                #expect(answer.text.hasPrefix("<!DOCTYPE html>") && answer.text.contains("class=\"error\""))
            }
        }
        // Nothing was written: the refs are as they were.
        #expect(try e2e.vault(["-C", dir, "verify"]).status == 0)
    }

    @Test func unitNamesAndMessagesWithMarkupShowAsText() throws {
        let (tmp, dir) = try e2e.newVault()
        var report = try FileInput.json(EndToEndTests.sample)
        let unit = "<img src=x onerror=alert(1)>乡"
        guard case .object(var members) = report, let i = members.firstIndex(where: { $0.name == "unit" }),
            case .object(var unitMembers) = members[i].value,
            let j = unitMembers.firstIndex(where: { $0.name == "name" })
        else { Issue.record("sample has no unit.name"); return }
        unitMembers[j].value = .string(unit)
        members[i].value = .object(unitMembers)
        report = .object(members)
        let file = try tmp.file("evil.json", String(decoding: CanonicalJSON.stored(report), as: UTF8.self))
        #expect(
            try e2e.vault(
                ["-C", dir, "commit", file, "-m", "<script>alert('x')</script> & \"quoted\""] + EndToEndTests.author
            ).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "tag", "t1", "-m", "<script>alert(2)</script>"] + EndToEndTests.author).status
                == 0)
        let server = try Server(vault: dir)
        let name = "2024/" + unit
        for path in [
            "", "report?report=\(Self.q(name))", "submissions", "compare?from=t1&to=HEAD&report=\(Self.q(name))",
            "report?report=\(Self.q("2024/<b>"))",
        ] {
            let page = try fetch(server.url + path)
            #expect(
                !page.text.contains("<script") && !page.text.contains("<img") && !page.text.contains("<b>"), "\(path)")
        }
        let reports = try fetch(server.url).text
        #expect(reports.contains("&lt;img src=x onerror=alert(1)&gt;乡"))
        #expect(reports.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(try fetch(server.url + "submissions").text.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
    }

    static let token = "0123456789abcdef0123456789abcdef"

    @Test func aTokenIsRequiredWhenOneIsSet() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let token = Self.token
        let server = try Server(vault: dir, arguments: ["--host", "127.0.0.1", "--token", token])
        let none = try fetch(server.url + "api/reports")
        #expect(none.status == 401 && none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try fetch(server.url).status == 401)
        #expect(try fetch(server.url + "api/reports", headers: ["Authorization: Bearer wrong"]).status == 401)
        #expect(try fetch(server.url + "api/reports", headers: ["Authorization: Bearer \(token)"]).status == 200)
        let query = try fetch(server.url + "?token=\(token)")
        #expect(query.status == 200)
        #expect(
            query.headers["set-cookie"]?.hasPrefix("vault_token=\(token);") == true
                && query.headers["set-cookie"]?.contains("HttpOnly") == true)
        #expect(query.headers["set-cookie"]?.contains("Secure") == false)
        #expect(try fetch(server.url + "submissions", headers: ["Cookie: vault_token=\(token)"]).status == 200)
        #expect(query.headers["referrer-policy"] == "no-referrer")
        // The same through VAULT_SERVE_TOKEN; behind an HTTPS proxy the cookie is Secure.
        let fromEnvironment = try Server(
            vault: dir, arguments: ["--behind-https"], environment: ["VAULT_SERVE_TOKEN": token])
        #expect(try fetch(fromEnvironment.url + "api/tags").status == 401)
        let secure = try fetch(fromEnvironment.url + "api/tags?token=\(token)")
        #expect(
            secure.status == 200 && secure.headers["set-cookie"]?.hasSuffix("; Secure") == true, "\(secure.headers)")
    }

    /// An empty token (an unset variable) or a short one protects nothing: refused with one line.
    @Test func anEmptyOrShortTokenIsRefused() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        for (arguments, environment) in [
            (["--token", ""], [:]), (["--token", "s3cret"], [:]), ([], ["VAULT_SERVE_TOKEN": ""]),
            ([], ["VAULT_SERVE_TOKEN": "short"]),
        ] {
            let result = try e2e.vault(["-C", dir, "serve", "--port", "0"] + arguments, env: environment)
            #expect(result.status == 1, "\(arguments) \(environment)")
            let lines = result.stderr.split(separator: "\n")
            #expect(
                lines.count == 1 && lines[0].hasPrefix("error: the token has") && lines[0].contains("16"),
                "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// A request body (none is taken) is refused at once and its connection closed: a body
    /// sent a byte at a time cannot hold a connection open. Two searches that differ only in
    /// how their query is written are two answers, not one kept for both.
    @Test func bodiesAreRefusedAndQueriesKeptApart() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        let refused = try fetch(
            server.url, method: "GET", headers: ["Content-Length: 3", "Content-Type: text/plain"] + [], body: "abc")
        #expect(
            refused.status == 413 && refused.headers["connection"] == "close", "\(refused.status) \(refused.headers)")
        let one = try fetch(server.url + "?q=" + Self.q("长铺&x=y")),
            two = try fetch(server.url + "?q=" + Self.q("长铺") + "&x=y")
        #expect(
            one.text.contains("value=\"长铺&amp;x=y\"") && two.text.contains("value=\"长铺\""),
            "the second search was answered with the first's page")
        // Wrong tokens are counted per IPv6 /64, not per address.
        #expect(FailedTokens.clientKey("2001:db8:1:2:3:4:5:6") == FailedTokens.clientKey("2001:db8:1:2::9"))
        #expect(
            FailedTokens.clientKey("2001:db8:1:2::9") != FailedTokens.clientKey("2001:db8:1:3::9")
                && FailedTokens.clientKey("127.0.0.1") == "127.0.0.1")
    }

    /// A port another server holds: one line that says so and what to do.
    @Test func aPortInUseSaysSo() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        let port = String(server.url.split(separator: ":").last!.dropLast())
        let second = try e2e.vault(["-C", dir, "serve", "--port", port])
        #expect(second.status == 1)
        let lines = second.stderr.split(separator: "\n")
        #expect(
            lines.count == 1
                && lines[0]
                    == "error: port \(port) on 127.0.0.1 is in use (another server listens there); choose another with --port, or --port 0 for any free one",
            "\(second.stderr)")
    }

    /// Guessing tokens: past ten wrong ones in a minute, the address gets 429 (even with the
    /// right token) for the rest of the minute; the wrong tokens are logged.
    @Test func wrongTokensAreRateLimited() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir, arguments: ["--token", Self.token])
        var statuses: [Int] = []
        for k in 0..<12 {
            statuses.append(try fetch(server.url + "api/tags", headers: ["Authorization: Bearer guess-\(k)"]).status)
        }
        #expect(
            statuses.prefix(10).allSatisfy { $0 == 401 } && statuses.suffix(2).allSatisfy { $0 == 429 }, "\(statuses)")
        let blocked = try fetch(server.url + "api/tags", headers: ["Authorization: Bearer \(Self.token)"])
        #expect(blocked.status == 429 && Int(blocked.headers["retry-after"] ?? "") ?? 0 > 0)
    }

    /// DNS rebinding: a page under another name reaches the server through the browser; the
    /// server answers only to its own names.
    @Test func onlyTheServersOwnNamesAreAnswered() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir, arguments: ["--allow-host", "review.county.example"])
        let port = server.url.split(separator: ":").last!.dropLast()
        #expect(try fetch(server.url, headers: ["Host: evil.example"]).status == 421)
        #expect(try fetch(server.url + "api/tags", headers: ["Host: evil.example:\(port)"]).status == 421)
        for host in [
            "127.0.0.1:\(port)", "localhost:\(port)", "review.county.example", "REVIEW.county.example:\(port)",
        ] {
            #expect(try fetch(server.url, headers: ["Host: \(host)"]).status == 200, "\(host)")
        }
    }

    /// HEAD gives the length GET would; a path starting "//" links nowhere else; direction
    /// controls in labels and messages do not reach the page.
    @Test func headLengthsOffSiteLinksAndDirectionControls() throws {
        let (tmp, dir) = try e2e.newVault()
        #expect(
            try e2e.vault(
                ["-C", dir, "commit", EndToEndTests.sample, "-m", "draft \u{202E}txt.exe\u{202C} done"]
                    + EndToEndTests.author
            ).status == 0)
        let server = try Server(vault: dir)
        for path in ["", "api/tags", "submissions"] {
            let get = try fetch(server.url + path), head = try fetch(server.url + path, method: "HEAD")
            #expect(
                head.status == 200 && head.headers["content-length"] == String(get.body.count),
                "\(path): \(head.headers)")
        }
        let offSite = try fetch(server.url + "/evil.example/login")
        #expect(offSite.status == 404 && !offSite.text.contains("href=\"//"), "\(offSite.text)")
        let page = try fetch(server.url + "report?report=\(Self.q(Self.report))")
        #expect(page.text.contains("txt.exe") && !page.text.contains("\u{202E}") && !page.text.contains("\u{202C}"))
        _ = tmp
    }

    /// An object the vault cannot read: a 500 page that names the report and says what to run,
    /// no libgit2 internals.
    @Test func aDamagedObjectGivesAPageThatSaysWhatToRun() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "draft 1"] + EndToEndTests.author).status
                == 0)
        let blob = try e2e.git(["rev-parse", "HEAD:" + EndToEndTests.storedPath], dir).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let object = dir + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: object))
        let server = try Server(vault: dir)
        let page = try fetch(server.url + "report?report=\(Self.q(Self.report))")
        #expect(page.status == 500, "\(page.status) \(page.text.prefix(400))")
        #expect(
            page.text.contains("vault verify") && page.text.contains(Self.report) && !page.text.contains("libgit2")
                && !page.text.contains("zlib"), "\(page.text)")
    }

    /// Half-open connections by the thousand under the usual 1,024-file limit: the server stays
    /// up and answers a normal request while they are all still open.
    @Test func aFloodOfHalfOpenConnectionsDoesNotStopTheServer() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir, fileLimit: 1024)
        let port = String(server.url.split(separator: ":").last!.dropLast())
        let flood = try run(
            "/usr/bin/env",
            [
                "python3", Fixtures.root.appendingPathComponent("servers/flood.py").path, "127.0.0.1", port, "5000",
                "/api/tags",
            ])
        #expect(flood.status == 0, "\(flood.stderr)")
        let result = try JSONParser.parse(Array(flood.stdout.utf8))
        #expect((result[member: "opened"]?.numberValue ?? 0) >= 1000, "\(flood.stdout)")
        #expect(result[member: "status"] == .number(200), "\(flood.stdout)")
        #expect(server.process.isRunning)
        #expect(try fetch(server.url + "api/tags").status == 200)
    }

    /// Twenty readers of the costliest page and the index at once, and a small question among
    /// them: every answer whole and the same as alone.
    @Test func concurrentReadersGetTheSameAnswers() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        let paths = ["submissions", "", "api/tags", "compare?from=HEAD~2&to=HEAD", "api/verify"]
        var alone: [String: [UInt8]] = [:]
        for path in paths { alone[path] = try fetch(server.url + path).body }
        let results = LockedResults()
        let url = server.url
        DispatchQueue.concurrentPerform(iterations: 20) { k in
            for round in 0..<3 {
                let path = paths[(k + round) % paths.count]
                let answer = try? ServeTests().fetch(url + path)
                results.add(path, answer?.status ?? 0, answer?.body ?? [])
            }
        }
        #expect(results.all.count == 60)
        for (path, status, body) in results.all {
            #expect(status == 200 && body == alone[path], "\(path): \(status), \(body.count) bytes")
        }
    }

    /// `vault` itself links none of the server's libraries: its start-up does not pay for them.
    @Test func theVaultBinaryDoesNotCarryTheServer() throws {
        let vault = try Data(contentsOf: URL(fileURLWithPath: EndToEndTests.vaultBinary))
        for name in ["HummingbirdCore", "NIOPosix"] {
            #expect(vault.range(of: Data(name.utf8)) == nil, "vault contains \(name)")
        }
        let server = try Data(
            contentsOf: URL(
                fileURLWithPath: EndToEndTests.vaultBinary.replacingOccurrences(of: "/vault", with: "/vault-serve")))
        #expect(server.range(of: Data("HummingbirdCore".utf8)) != nil)
        let version = try e2e.vault(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("vault "))
    }

    @Test func revisionSyntaxTakesWhatPeopleType() throws {
        for ok in [
            "HEAD", "HEAD~2", "HEAD^", "HEAD^2~3", "submitted-2025-01", "报送-1", "abc1234", "main", "refs/tags/x",
        ] {
            #expect((try? RevisionSyntax.check(ok)) == ok, "\(ok)")
        }
        for refused in [
            "", "HEAD@{1}", ":/x", "A..B", "HEAD~100000", "-x", "/etc", "a//b", "x^{/y}", "HEAD:file", "a b",
            String(repeating: "a", count: 101),
        ] {
            #expect(throws: VaultError.self, "\(refused)") { try RevisionSyntax.check(refused) }
        }
    }

    // MARK: - A real browser

    /// Headless Chromium renders each page; the DOM holds the figures, and the screenshots
    /// stay in .build/screenshots for people to look at.
    /// The reviewer's notes beside their figures (the report page and the comparison), the
    /// state on the index, and the open notes on /reviews, as Chromium renders them.
    @Test func chromiumShowsTheReviewNotes() throws {
        let chromium = try requireTool("chromium", package: "chromium")
        let (tmp, dir) = try e2e.newVault()
        let li = ["--author", "李审核 <li@county.cn>"]
        for args in [
            ["commit", EndToEndTests.sample, "-m", "draft 1"] + EndToEndTests.author,
            ["review", "长铺镇", "公用经费", "-m", "与决算数不符"] + li,
            ["review", "长铺镇", "/baseData/rows/0/budget", "-m", "请说明<依据>"] + li,
            ["review", "长铺镇", "--return", "-m", "请更正"] + li,
            ["commit", EndToEndTests.draft2, "-m", "draft 2"] + EndToEndTests.author,
            ["review", "长铺镇", "/baseData/rows/0/budget", "--reply", "-m", "依据县财预3号"] + EndToEndTests.author,
        ] {
            let r = try e2e.vault(["-C", dir] + args)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let server = try Server(vault: dir)
        let r = Self.q(Self.report)
        let pages: [(name: String, path: String, expect: [String])] = [
            ("index", "?lang=zh", ["已更正待复审", "审核"]),
            ("report", "report?report=\(r)&lang=zh", ["与决算数不符", "已修改", "请说明&lt;依据&gt;", "已回复", "↳ 王会计", "依据县财预3号"]),
            ("compare", "compare?report=\(r)&from=HEAD~1&to=HEAD", ["与决算数不符", "answered", "338.25"]),
            ("reviews", "reviews", ["Reviews: verdicts and open notes", "changed since — waiting for review again"]),
        ]
        let flags = Self.chromiumFlags(profile: tmp.path)
        for page in pages {
            let dom = try run(chromium, flags + ["--dump-dom", server.url + page.path])
            #expect(dom.status == 0, "\(page.name): \(dom.stderr.suffix(400))")
            for text in page.expect {
                #expect(dom.stdout.contains(text), "\(page.name): the rendered page lacks \(text)")
            }
        }
        // Every note is answered or replied: /reviews lists the report's state and no open note.
        let list = try run(chromium, flags + ["--dump-dom", server.url + "reviews"])
        #expect(!list.stdout.contains("class=\"note open\""), "\(list.stdout)")
        // The API is `vault reviews --json`.
        let api = try fetch(server.url + "api/reviews")
        #expect(api.text == (try e2e.vault(["-C", dir, "reviews", "--json"]).stdout), "\(api.text)")
    }

    /// The county's overview in a browser: totals, sorting by a column, a unit linking to its
    /// report, one figure across the units as a table and bars; the API is the command's JSON.
    @Test func chromiumShowsTheCountyOverview() throws {
        let chromium = try requireTool("chromium", package: "chromium")
        let (tmp, dir) = try OverviewTests().countyOf2024()
        let server = try Server(vault: dir)
        let flags = Self.chromiumFlags(profile: tmp.path)
        func dom(_ path: String) throws -> String {
            let result = try run(chromium, flags + ["--dump-dom", server.url + path])
            #expect(result.status == 0, "\(path): \(result.stderr.suffix(400))")
            return result.stdout
        }
        let page = try dom("overview?lang=zh")
        for text in ["2024 年度汇总", "合计", "5534.82", "7085.43", "91.46", "97.54", "审核通过", "county-2024 之后有改动"] {
            #expect(page.contains(text), "the overview lacks \(text)")
        }
        #expect(page.contains("href=\"/report?report=\(Self.q("2024/甲镇人民政府"))&amp;lang=zh\""), "\(page)")
        // Sorted by what was spent, most first: 丙 2023.37, 甲 1950.75, 戊 1200.20, 乙 1111.11, 丁 800.00.
        let sorted = try dom("overview?year=2024&sort=spent&desc=1")
        let order = ["丙镇", "甲镇", "戊镇", "乙镇", "丁镇"].map { sorted.range(of: $0 + "人民政府</a>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "\(sorted)")
        #expect(sorted.contains("aria-sort=\"descending\""))
        // One figure across the units: the score of each, five bars.
        let across = try dom("across?year=2024&lang=zh&figure=" + Self.q("/selfEvaluation/totalScore"))
        for text in ["甲镇人民政府", "<td class=\"num\">88.5</td>", "<td class=\"num\">100</td>", "<svg", "计量单位"] {
            #expect(across.contains(text), "across lacks \(text)")
        }
        #expect(across.components(separatedBy: "class=\"bar\"").count - 1 == 5, "\(across)")
        // A caption no report states: every unit says why, no bars.
        let none = try dom("across?year=2024&figure=" + Self.q("没有这个数字"))
        #expect(!none.contains("class=\"bar\"") && none.components(separatedBy: "<td class=\"num\">—</td>").count == 6)
        let api = try fetch(server.url + "api/overview?year=2024")
        #expect(api.text == (try e2e.vault(["-C", dir, "overview", "2024", "--json"]).stdout), "\(api.text)")
        let missing = try fetch(server.url + "api/overview?year=2019")
        #expect(missing.status == 404, "\(missing.status)")
    }

    @Test func chromiumRendersEveryPage() throws {
        let chromium = try requireTool("chromium", package: "chromium")
        let fonts = try run("/usr/bin/fc-list", [])
        guard fonts.stdout.contains("WenQuanYi Micro Hei") else {
            Issue.record(
                "no CJK font: apt-get install fonts-wqy-microhei (.ci/run installs it); without one Chinese renders as boxes"
            )
            return
        }
        let (tmp, dir) = try reviewVault()
        let server = try Server(vault: dir)
        let shots = Fixtures.packageRoot.appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let r = Self.q(Self.report)
        let pages: [(name: String, path: String, expect: [String])] = [
            ("reports", "?lang=zh", ["绥宁县长铺镇人民政府", "2024 年度", "稿数"]),
            ("history", "report?report=\(r)&lang=zh", ["draft 2: 公用经费 corrected", "submitted-2025-01", "338.25 万元"]),
            (
                "compare", "compare?report=\(r)&from=HEAD~2&to=HEAD&lang=zh",
                ["338.26 万元", "338.25 万元", "-0.01", "基本支出 · 公用经费"]
            ),
            (
                "figure", "figure?report=\(r)&figure=\(Self.q("/generalBudget/basic/publicUse"))&lang=zh",
                ["338.25 万元", "polyline"]
            ),
            ("submissions", "submissions?lang=zh", ["submitted-2025-01", "完好", "sha256:"]),
        ]
        let flags = Self.chromiumFlags(profile: tmp.path) + ["--hide-scrollbars"]
        for page in pages {
            let dom = try run(chromium, flags + ["--dump-dom", server.url + page.path])
            #expect(dom.status == 0, "\(page.name): \(dom.stderr.suffix(400))")
            for text in page.expect {
                #expect(dom.stdout.contains(text), "\(page.name): the rendered page lacks \(text)")
            }
            let png = shots.appendingPathComponent("\(page.name).png").path
            try? FileManager.default.removeItem(atPath: png)
            let shot = try run(chromium, flags + ["--screenshot=\(png)", server.url + page.path])
            #expect(shot.status == 0, "\(page.name): \(shot.stderr.suffix(400))")
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: png))) ?? Data()
            #expect(
                bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000, "\(page.name): no screenshot")
            // The page fits the 1366×768 window: its content is no wider than the window. The
            // page is measured as a copy with one script added (the server's pages allow none).
            let html = try fetch(server.url + page.path).text
            let probe = tmp.path + "/\(page.name)-probe.html"
            try html.replacingOccurrences(
                of: "</body>",
                with: "<script>document.title='width:'+document.documentElement.scrollWidth</script></body>"
            )
            .write(toFile: probe, atomically: true, encoding: .utf8)
            let measured = try run(chromium, flags + ["--dump-dom", "file://" + probe])
            let width = measured.stdout.firstMatch(of: /<title>width:([0-9]+)<\/title>/).map { Int($0.1)! }
            #expect(
                width != nil && width! <= 1366,
                "\(page.name): the page is \(width.map(String.init) ?? "?") pixels wide in a 1366-pixel window")
        }
    }

    /// A submission tag moved by hand (`git tag -f`) is never shown as a good submission: the
    /// index, the report's page and the comparison mark it, not only /submissions.
    @Test func aForgedSubmissionIsNotShownAsGood() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        #expect(try e2e.git(["tag", "-f", "-a", "submitted-2025-01", "-m", "forged", "HEAD~1"], dir).status == 0)
        let server = try Server(vault: dir)
        let index = try fetch(server.url + "?lang=zh").text
        #expect(!index.contains("已报送此版本"), "the index still shows the moved tag as covering the report")
        #expect(index.contains("submitted-2025-01 未通过校验"), "\(index)")
        let report = try fetch(server.url + "report?report=\(Self.q(Self.report))").text
        #expect(report.contains("badge bad") && report.contains("⚠ submitted-2025-01"))
        #expect(!report.contains("<span class=\"badge ok\">submitted-2025-01</span>"))
        #expect(try fetch(server.url + "submissions").text.contains("badge bad"))
    }

    /// The language follows the browser (Accept-Language), ?lang= still wins; a comparison names
    /// both revisions as a record (commit, date, author, message, tag); rows added or removed
    /// whole show their caption and amount; amounts have two decimals and deltas their unit.
    @Test func pagesReadLikeABudget() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let server = try Server(vault: dir)
        #expect(
            try fetch(server.url, headers: ["Accept-Language: zh-CN,zh;q=0.9,en;q=0.8"]).text.contains(
                "<html lang=\"zh-CN\">"))
        #expect(
            try fetch(server.url, headers: ["Accept-Language: en-US,en;q=0.9,zh;q=0.5"]).text.contains(
                "<html lang=\"en\">"))
        #expect(
            try fetch(server.url + "?lang=en", headers: ["Accept-Language: zh-CN"]).text.contains("<html lang=\"en\">"))
        let compare = try fetch(
            server.url + "compare?report=\(Self.q(Self.report))&from=submitted-2025-01&to=HEAD~2&lang=en"
        ).text
        #expect(compare.contains("<h1>Compare submitted-2025-01 → "), "\(compare.prefix(2000))")
        #expect(compare.contains("draft 2: 公用经费 corrected") && compare.contains("draft 1") && compare.contains("王会计"))
        #expect(
            compare.contains("338.25 万元") && compare.contains("338.26 万元") && compare.contains("+0.01 万元"), "\(compare)"
        )
        // A row added whole: its caption and amount, not its member names.
        #expect(!compare.contains("{amount, name}") && !compare.contains("{name, amount}"))
    }
}
