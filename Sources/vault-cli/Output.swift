import Foundation
import ReportVault

/// Writing to the terminal: results on stdout, one-line errors on stderr.
enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func bytes(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON value in the stored (indented, key-sorted) layout.
    static func json(_ value: JSONValue) {
        bytes(CanonicalJSON.stored(value))
    }
}

