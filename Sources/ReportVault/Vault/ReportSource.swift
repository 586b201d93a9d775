/// What `check` and `figures` read: a JSON file, or a report in the vault at a revision
/// (named as ``Vault/findReport(_:at:)`` allows).
public enum ReportSource {
    /// Loads `argument` as a file when one exists at that path (or it is "-"), otherwise as
    /// a report (`2024/<unit>`) in the vault `openVault()` returns, at `revision`.
    public static func load(_ argument: String, revision: String?, openVault: () throws -> Vault) throws -> (name: String, value: JSONValue) {
        if revision == nil, argument == "-" || FileInput.exists(argument) {
            return (argument, try FileInput.json(argument))
        }
        let vault: Vault
        do {
            vault = try openVault()
        } catch {
            throw revision == nil ? VaultError.noFileNoVault(argument: argument) : error
        }
        let path = try vault.findReport(argument, at: revision ?? "HEAD")
        let stored = try vault.show(path, at: revision ?? "HEAD")
        return ("\(revision ?? "HEAD"):\(path.storedPath)", stored.report.value)
    }
}
