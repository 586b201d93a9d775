import Crypto

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
        path = try Self.path(of: value)
        self.value = CanonicalJSON.sorted(value)
        storedBytes = CanonicalJSON.stored(self.value)
    }

    /// Where a report with this value is filed, from its `fiscalYear` and `unit.name`.
    public static func path(of value: JSONValue) throws(VaultError) -> ReportPath {
        guard case .object = value else { throw .notAnObject(found: found(value)) }
        guard let yearValue = ReportAddress.fiscalYear.resolve(in: value) else { throw .fiscalYearMissing }
        guard case .number(let year) = yearValue, year == year.rounded(), abs(year) < 1e9 else {
            throw .fiscalYearNotInteger(found: found(yearValue))
        }
        guard let unit = ReportAddress.unit.resolve(in: value), case .object = unit else { throw .unitMissing }
        guard let nameValue = ReportAddress.unitName.resolve(in: value) else { throw .unitNameMissing }
        guard case .string(let name) = nameValue else { throw .unitNameNotString(found: found(nameValue)) }
        do {
            return try ReportPath(fiscalYear: Int(year), unitName: name)
        } catch {
            let address: ReportAddress = if case .fiscalYearOutOfRange = error { .fiscalYear } else { .unitName }
            throw .atPointer(pointer: address.description, error)
        }
    }

    /// `sha256:<hex>` of RFC 8785 bytes.
    public static func digest(ofCanonical bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { hexDigits(UInt32($0), width: 2).lowercased() }.joined()
    }
}

/// How a value found where another was expected reads: the number, the string, or its kind.
private func found(_ value: JSONValue) -> Message {
    switch value {
    case .number(let d): Message("found.number", ["value": .text(ECMAScriptNumber.format(d))])
    case .string(let s): Message("found.string", ["value": .text(String(s.prefix(40)))])
    default: Message("found." + value.typeName)
    }
}
