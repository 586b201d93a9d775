import Foundation

/// The report schema (`schema/report.schema.json`), bundled with the library as a resource
/// so that the validator, `figures` and `diff` read the same contract the documentation shows.
public enum ReportSchema {
    /// The resource bundle's file name.
    static let resourceName = "report.schema.json"

    /// Loads the bundled schema and checks that it has every place the library reads
    /// (``addressReaders``). `VAULT_SCHEMA` names another file (for development).
    /// Loaded, compiled and checked once per process: every command and the importer share it.
    public static func load() throws(VaultError) -> JSONSchema { try shared.get() }

    private static let shared: Result<JSONSchema, VaultError> = Result { () throws(VaultError) in try loadFromFile() }

    static func loadFromFile() throws(VaultError) -> JSONSchema {
        guard let path = locate(resourceName) else {
            throw .resourceMissing(what: "schema", file: resourceName)
        }
        let value = try FileInput.json(path)
        let schema: JSONSchema
        do {
            schema = try JSONSchema(value)
        } catch {
            throw .schemaInvalid(file: path, error)
        }
        do {
            try checkAddresses(of: schema)
        } catch {
            throw .inFile(file: path, error)
        }
        return schema
    }

    // MARK: - Places the library reads

    /// Who reads which places of a report: the vault filing a report, figure units, then
    /// every rule of `vault check` (``ReportCheck/rules``).
    public static var addressReaders: [(reader: String, addresses: [ReportAddress])] {
        [("report filing", [.fiscalYear, .unit, .unitName]), ("amount units", [.amountUnit])]
            + ReportCheck.rules.map { (reader: $0.rule, addresses: $0.addresses) }
    }

    /// The places the library reads that `schema` does not describe, each once.
    public static func unknownAddresses(in schema: JSONSchema) -> [ReportAddress] {
        ReportAddress.unknown(addressReaders.flatMap(\.addresses), in: schema)
    }

    /// Throws naming every place the library reads that `schema` lacks, with who reads it:
    /// a rule reading a place the schema renamed would otherwise never fire, and say nothing.
    public static func checkAddresses(of schema: JSONSchema) throws(VaultError) {
        let unknown = unknownAddresses(in: schema)
        guard !unknown.isEmpty else { return }
        let readers = addressReaders
        let named = unknown.map { address in
            "\(address) (read by \(readers.filter { $0.addresses.contains(address) }.map(\.reader).joined(separator: ", ")))"
        }
        throw .addressesNotInSchema(count: unknown.count, addresses: named)
    }

    /// Where a bundled resource is: $VAULT_SCHEMA for the schema, else as ``BundledResource`` finds it.
    static func locate(_ resource: String) -> String? {
        if resource == resourceName, let path = ProcessInfo.processInfo.environment["VAULT_SCHEMA"], !path.isEmpty { return path }
        return BundledResource.locate(resource)
    }
}
