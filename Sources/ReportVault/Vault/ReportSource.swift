/// What `check` and `figures` read: a JSON file, or a report in the vault at a revision
/// (named as ``Vault/findReport(_:at:)`` allows).
public enum ReportSource {
    /// Loads `argument` as a file when one exists at that path (or it is "-"), otherwise as
    /// a report (`2024/<unit>`) in the vault `openVault()` returns, at `revision`.
    ///
    /// `lines` gives the line each value starts on, by JSON Pointer: in the file, or in the
    /// stored form (`vault show`) for a report in the vault.
    public static func load(
        _ argument: String, revision: String?, openVault: () throws(VaultError) -> Vault
    ) throws(VaultError) -> (name: String, value: JSONValue, lines: JSONLineMap) {
        if revision == nil, argument == "-" || FileInput.exists(argument) {
            let read = try FileInput.jsonWithLines(argument)
            return (argument, read.value, read.lines)
        }
        let vault: Vault
        do {
            vault = try openVault()
        } catch {
            throw revision == nil ? VaultError.noFileNoVault(argument: argument) : error
        }
        let path = try vault.findReport(argument, at: revision ?? "HEAD")
        let stored = try vault.show(path, at: revision ?? "HEAD")
        let lines = (try? JSONParser.parseWithLines(stored.bytes).lines) ?? JSONLineMap()
        return ("\(revision ?? "HEAD"):\(path.storedPath)", stored.report.value, lines)
    }
}
