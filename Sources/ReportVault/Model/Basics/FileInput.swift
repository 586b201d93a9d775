import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading the files users name on the command line, with errors that name the file.
public enum FileInput {
    /// Files larger than this are refused before reading: a report is about 40 KB.
    public static let maximumSize = 32 << 20

    /// The bytes of `path` ("-" for standard input).
    public static func read(_ path: String) throws(VaultError) -> [UInt8] {
        if path == "-" {
            // Read with read(2), stopping one byte past the limit: never gigabytes, never a crash
            // (a folder or a closed descriptor as standard input is an error, not a trap).
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress!, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw errno == EISDIR ? .isDirectory(file: "<stdin>") : .unreadable(file: "<stdin>")
                }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
                guard bytes.count <= maximumSize else { throw .stdinTooLarge(limitMB: maximumSize >> 20) }
            }
        }
        switch FileBytes.read(path, limit: maximumSize) {
        case .bytes(let bytes): return bytes
        case .missing: throw .noSuchFile(file: path)
        case .directory: throw .isDirectory(file: path)
        case .tooLarge(let size): throw .fileTooLarge(file: path, sizeMB: size >> 20, limitMB: maximumSize >> 20)
        case .unreadable: throw .unreadable(file: path)
        }
    }

    /// Reads and strictly parses a JSON file; errors read `FILE:LINE:COLUMN: problem`.
    /// A UTF-8 byte order mark (Windows Notepad writes one) is skipped; a Word document or
    /// a report's text gets a line saying to import it first.
    public static func json(_ path: String) throws(VaultError) -> JSONValue {
        try json(path, lines: false).value
    }

    /// Like ``json(_:)``, with the line each value starts on, by JSON Pointer (for findings).
    public static func jsonWithLines(_ path: String) throws(VaultError) -> (value: JSONValue, lines: JSONLineMap) {
        try json(path, lines: true)
    }

    private static func json(_ path: String, lines: Bool) throws(VaultError) -> (value: JSONValue, lines: JSONLineMap) {
        var bytes = try read(path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        do {
            return lines ? try JSONParser.parseWithLines(bytes) : (try JSONParser.parse(bytes), JSONLineMap())
        } catch {
            let name = displayName(path)
            let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw .wordDocumentNotJSON(file: name)
            }
            // A plain `git pull`/`git merge` left its conflict markers in the file.
            if let marker = conflictMarkerLine(bytes) { throw .conflictMarkers(file: name, line: marker) }
            // Not even the start of an object or array: a report's text, not its JSON.
            if let first, first != UInt8(ascii: "{"), first != UInt8(ascii: "["),
                String(validating: bytes, as: UTF8.self) != nil
            {
                throw .textNotJSON(file: name)
            }
            throw .invalidJSON(file: name, error)
        }
    }

    /// The line of the first git conflict marker (`<<<<<<< `, `=======`, `>>>>>>> ` at a line's
    /// start) in `bytes`, if there is one.
    static func conflictMarkerLine(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var start = true
        for (i, byte) in bytes.enumerated() {
            if start, byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "="),
                i + 7 <= bytes.count, bytes[i..<i + 7].allSatisfy({ $0 == byte }),
                i + 7 == bytes.count || bytes[i + 7] == 0x20 || bytes[i + 7] == 0x0A || bytes[i + 7] == 0x0D
            {
                return line
            }
            start = byte == 0x0A
            if start { line += 1 }
        }
        return nil
    }

    /// Whether a file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Whether `path` is there and is not a folder.
    public static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Whether `path` names a file git keeps for itself: one directly in a git directory (a
    /// bare vault's `HEAD`, `config`, `packed-refs`, or the same under `.git/`). Such a name
    /// given to a command is a revision, never a report: `vault -C server.git diff HEAD~1 HEAD`.
    public static func isInGitDirectory(_ path: String) -> Bool {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = URL(fileURLWithPath: absolute).deletingLastPathComponent().standardizedFileURL.path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder + "/objects", isDirectory: &isDirectory)
            && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: folder + "/refs", isDirectory: &isDirectory)
            && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: folder + "/HEAD")
    }

    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Parses one line of a JSON-lines file; errors read `FILE: line N, column C: problem`.
    public static func jsonLine(_ bytes: ArraySlice<UInt8>, file: String, line: Int) throws(VaultError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .invalidJSONLine(file: file, line: line, error)
        }
    }
}
