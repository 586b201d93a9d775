import Foundation
import ReportVault

/// Writing to the terminal: results on stdout, one-line errors on stderr.
enum Output {
    static func error(_ message: String) {
        fflush(nil)  // what was printed before stays before, also when both go to one pipe
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        fflush(nil)
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// "1 tag", "2 tags": a count with its noun in the right number.
    static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }

    static func bytes(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON value in the stored (indented, key-sorted) layout.
    static func json(_ value: JSONValue) {
        bytes(CanonicalJSON.stored(value))
    }
}
