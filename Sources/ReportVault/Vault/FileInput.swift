import Foundation

/// Reading the files users name on the command line, with errors that name the file.
public enum FileInput {
    /// Files larger than this are refused before reading: a report is about 40 KB.
    public static let maximumSize = 32 << 20

    /// The bytes of `path` ("-" for standard input).
    public static func read(_ path: String) throws(VaultError) -> [UInt8] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= maximumSize else { throw VaultError("<stdin>: input is larger than \(maximumSize >> 20) MB; a report is about 40 KB") }
            return [UInt8](data)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VaultError("\(path): no such file")
        }
        if isDirectory.boolValue { throw VaultError("\(path): is a directory, not a file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > maximumSize {
            throw VaultError("\(path): file is \(size >> 20) MB; at most \(maximumSize >> 20) MB is accepted (a report is about 40 KB)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VaultError("\(path): cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        let data = handle.readDataToEndOfFile()
        return [UInt8](data)
    }

    /// Reads and strictly parses a JSON file; errors read `FILE:LINE:COLUMN: problem`.
    /// A UTF-8 byte order mark (Windows Notepad writes one) is skipped; a Word document or
    /// a report's text gets a line saying to import it first.
    public static func json(_ path: String) throws(VaultError) -> JSONValue {
        var bytes = try read(path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            let name = displayName(path)
            let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw VaultError("\(name): a Word document, not a report in JSON; import it first: vault import \(name) -o report.json")
            }
            // Not even the start of an object or array: a report's text, not its JSON.
            if let first, first != UInt8(ascii: "{"), first != UInt8(ascii: "["), String(validating: bytes, as: UTF8.self) != nil {
                throw VaultError("\(name): text, not a report in JSON; import it first: vault import \(name) -o report.json")
            }
            throw VaultError("\(name):\(error.description)")
        }
    }

    /// Whether a file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Parses one line of a JSON-lines file; errors read `FILE: line N, column C: problem`.
    public static func jsonLine(_ bytes: ArraySlice<UInt8>, file: String, line: Int) throws(VaultError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw VaultError("\(file): line \(line), column \(error.column): \(error.problem)")
        }
    }

    /// Reads and parses a report file; every error names the file.
    public static func report(_ path: String) throws(VaultError) -> Report {
        let value = try json(path)
        let name = displayName(path)
        do {
            return try Report(value)
        } catch {
            throw VaultError("\(name): \(error.description)")
        }
    }
}
