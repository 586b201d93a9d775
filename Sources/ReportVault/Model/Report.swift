#if VAULT_FUZZ
    // The fuzz build (Fuzz/build.sh) compiles the library's sources without swift-crypto.
    import Foundation
#else
    import Crypto
#endif

/// A report as the vault stores it: its JSON value, where it lives, its stored
/// bytes and its content digest.
public struct Report: Sendable {
    /// The parsed report, members in RFC 8785 order.
    public let value: JSONValue
    /// `reports/<fiscalYear>/<unit.name>.json`.
    public let path: ReportPath
    /// The one-member-per-line stored form (docs/design.md, "Storage").
    public let storedBytes: [UInt8]
    /// SHA-256 of the RFC 8785 bytes, as `sha256:<64 hex digits>` (computed when asked:
    /// bulk loading never needs it).
    public var digest: String { Report.digest(ofCanonical: CanonicalJSON.rfc8785(value)) }

    /// A report from a parsed JSON value; checks the two members the vault's
    /// addressing needs: integer `fiscalYear` and string `unit.name`.
    public init(_ value: JSONValue) throws(VaultError) {
        guard case .object = value else {
            throw VaultError("the top level is \(article(value.typeName)) \(value.typeName); a report is a JSON object")
        }
        guard let yearValue = ReportAddress.fiscalYear.resolve(in: value) else {
            throw VaultError("\(ReportAddress.fiscalYear): missing; a report needs its fiscal year, e.g. \"fiscalYear\": 2024")
        }
        guard case .number(let year) = yearValue, year == year.rounded(), abs(year) < 1e9 else {
            throw VaultError("\(ReportAddress.fiscalYear): expected an integer year, found \(describe(yearValue))")
        }
        guard let unit = ReportAddress.unit.resolve(in: value), case .object = unit else {
            throw VaultError("\(ReportAddress.unit): missing or not an object; a report needs \"unit\": {\"name\": \"…\"}")
        }
        guard let nameValue = ReportAddress.unitName.resolve(in: value) else {
            throw VaultError("\(ReportAddress.unitName): missing; a report needs the unit's name")
        }
        guard case .string(let name) = nameValue else {
            throw VaultError("\(ReportAddress.unitName): expected a string, found \(describe(nameValue))")
        }
        do {
            path = try ReportPath(fiscalYear: Int(year), unitName: name)
        } catch {
            let address: ReportAddress = error.description.hasPrefix("fiscalYear") ? .fiscalYear : .unitName
            throw VaultError("\(address): \(error.description)")
        }
        self.value = CanonicalJSON.sorted(value)
        storedBytes = CanonicalJSON.stored(self.value)
    }

    /// `sha256:<hex>` of RFC 8785 bytes.
    public static func digest(ofCanonical bytes: [UInt8]) -> String {
        #if VAULT_FUZZ
            "sha256:" + String(bytes.count)
        #else
            "sha256:" + SHA256.hash(data: bytes).map { hexDigits(UInt32($0), width: 2).lowercased() }.joined()
        #endif
    }
}

private func article(_ word: String) -> String {
    ["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an" : "a"
}

private func describe(_ value: JSONValue) -> String {
    switch value {
    case .number(let d): return ECMAScriptNumber.format(d)
    case .string(let s): return "the string \"\(s.prefix(40))\""
    default: return "\(article(value.typeName)) \(value.typeName)"
    }
}
