import Foundation

/// The report schema (`schema/report.schema.json`), bundled with the library as a resource
/// so that the validator, `figures` and `diff` read the same contract the documentation shows.
public enum ReportSchema {
    /// The resource bundle's file name.
    static let resourceName = "report.schema.json"

    /// Loads the bundled schema. `VAULT_SCHEMA` names another file (for development).
    public static func load() throws(VaultError) -> JSONSchema {
        guard let path = locate(resourceName) else {
            throw VaultError("the report schema (ReportVault_ReportVault.resources/\(resourceName)) is not next to the vault binary; reinstall it with its resources folder, or set VAULT_SCHEMA")
        }
        let value = try FileInput.json(path)
        do {
            return try JSONSchema(value)
        } catch {
            throw VaultError("\(path): \(error.description)")
        }
    }

    /// Where the schema file is: $VAULT_SCHEMA, else the resource folder SwiftPM puts
    /// beside the executable (also when the executable is reached through a symbolic link).
    static func locate(_ resource: String) -> String? {
        if resource == resourceName, let path = ProcessInfo.processInfo.environment["VAULT_SCHEMA"], !path.isEmpty { return path }
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("ReportVault_ReportVault.resources").appendingPathComponent(resource)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return nil
    }
}
