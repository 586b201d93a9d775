/// Reading a report from a file the user names (``FileInput`` reads the JSON; the model
/// makes it a report).
extension FileInput {
    /// Reads and parses a report file; every error names the file.
    public static func report(_ path: String) throws(VaultError) -> Report {
        try reportWithLines(path).report
    }

    /// Like ``report(_:)``, with the line each value starts on, by JSON Pointer (for findings).
    public static func reportWithLines(_ path: String) throws(VaultError) -> (report: Report, lines: JSONLineMap) {
        let read = try jsonWithLines(path)
        do {
            return (try Report(read.value), read.lines)
        } catch {
            throw .inFile(file: displayName(path), error)
        }
    }
}
