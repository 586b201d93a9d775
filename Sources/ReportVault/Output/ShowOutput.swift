/// `vault show --json` (schema/show-output.schema.json): a stored report with where it came from.
public struct ShowOutput: JSONOutput {
    /// The revision as the user named it.
    public var revision: String
    public var stored: Vault.StoredReport

    public init(revision: String, stored: Vault.StoredReport) {
        self.revision = revision
        self.stored = stored
    }

    public var json: JSONValue {
        .object([
            .init("revision", .string(revision)),
            .init("commit", .string(stored.commit.hex)),
            .init("path", .string(stored.path.storedPath)),
            .init("blob", .string(stored.blob.hex)),
            .init("digest", .string(stored.report.digest)),
            .init("report", stored.report.value),
        ])
    }
}
