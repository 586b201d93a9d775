import Foundation
import ReportVault

/// A request as the web view sees it: method, path, decoded query items and the headers it
/// reads (no body: the view is read-only).
public struct WebRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    /// Header names in lower case.
    public var headers: [String: String]
    /// The client's address, when the server knows it (failed tokens are counted by it).
    public var client: String?

    /// The longest request target and query value accepted.
    static let maximumTarget = 4096
    static let maximumValue = 500

    /// Splits `target` (`/path?query`) and decodes its query (percent escapes, `+` as space).
    public init(method: String, target: String, headers: [String: String]) {
        self.method = method.uppercased()
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts.first ?? "/").removingPercentEncoding ?? ""
        query = []
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ s: Substring) -> String {
                    s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                }
                query.append((decode(pair[0]), pair.count == 2 ? decode(pair[1]) : ""))
            }
        }
    }

    /// The first value of query item `name`.
    public func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
}

/// What the web view answers: a status, headers and the body.
public struct WebResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = body
    }

    static func html(_ page: Node, status: Int = 200) -> WebResponse {
        WebResponse(
            status: status, contentType: "text/html; charset=utf-8",
            body: Array(("<!DOCTYPE html>\n" + page.rendered).utf8))
    }

    /// A `--json` output, in the bytes the command line prints.
    static func json(_ output: some JSONOutput, status: Int = 200) -> WebResponse {
        WebResponse(
            status: status, contentType: "application/json; charset=utf-8", body: CanonicalJSON.stored(output.json))
    }

    static func json(_ value: JSONValue, status: Int) -> WebResponse {
        WebResponse(status: status, contentType: "application/json; charset=utf-8", body: CanonicalJSON.stored(value))
    }

    /// A workbook to save, named `filename` (RFC 6266: an ASCII name and the UTF-8 one).
    static func xlsx(_ data: Data, filename: String) -> WebResponse {
        let ascii = String(
            filename.unicodeScalars.map {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-_".unicodeScalars.contains($0))
                    ? Character($0) : "_"
            })
        return WebResponse(
            status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body: [UInt8](data),
            headers: [
                (
                    "Content-Disposition",
                    "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(URLText.encode(filename))"
                )
            ])
    }
}

/// Percent-encoding of query values and path parts (RFC 3986: unreserved characters kept).
public enum URLText {
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `path?name=value&…` with each value encoded.
    public static func link(_ path: String, _ items: [(String, String)]) -> String {
        items.isEmpty ? path : path + "?" + items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }
}
