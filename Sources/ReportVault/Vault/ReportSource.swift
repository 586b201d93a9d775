/// What `check` and `figures` read: a JSON file, or a report in the vault at a revision.
public enum ReportSource {
    /// Loads `argument` as a file when one exists at that path (or it is "-"), otherwise as
    /// a report (`2024/<unit>`) in the vault `openVault()` returns, at `revision`.
    public static func load(_ argument: String, revision: String?, openVault: () throws -> Vault) throws -> (name: String, value: JSONValue) {
        if revision == nil, argument == "-" || FileInput.exists(argument) {
            return (argument, try FileInput.json(argument))
        }
        guard let path = try? ReportPath(argument: argument) else {
            if revision == nil { throw VaultError("\(argument): no such file, and not a report name like 2024/<unit name>") }
            _ = try ReportPath(argument: argument)  // throws the report-name error
            fatalError("unreachable")
        }
        let stored = try openVault().show(path, at: revision ?? "HEAD")
        return ("\(revision ?? "HEAD"):\(path.storedPath)", stored.report.value)
    }
}
