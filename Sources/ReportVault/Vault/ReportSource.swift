/// What `check` and `figures` read: a JSON file, or a report in the vault at a revision.
public enum ReportSource {
    /// Loads `argument` as a file when one exists at that path (or it is "-"), otherwise as
    /// a report (`2024/<unit>`) in the vault `openVault()` returns, at `revision`.
    public static func load(_ argument: String, revision: String?, openVault: () throws -> Vault) throws -> (name: String, value: JSONValue) {
        if revision == nil, argument == "-" || FileInput.exists(argument) {
            return (argument, try FileInput.json(argument))
        }
        let path: ReportPath
        do {
            path = try ReportPath(argument: argument)
        } catch {
            throw revision == nil ? VaultError("\(argument): no such file, and not a report name like 2024/<unit name>") : error
        }
        let stored = try openVault().show(path, at: revision ?? "HEAD")
        return ("\(revision ?? "HEAD"):\(path.storedPath)", stored.report.value)
    }
}
