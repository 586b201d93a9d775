import Foundation
import ReportVault

/// Writing to the terminal: results on stdout, one-line errors on stderr.
enum Output {
    static func error(_ message: String) {
        RemoteCommand.endProgress()  // a progress line is ended, not written over
        fflush(nil)  // what was printed before stays before, also when both go to one pipe
        FileHandle.standardError.write(Data((tr("cli.error", ["text": .text(message)]) + "\n").utf8))
    }

    static func note(_ message: String) {
        fflush(nil)
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// The columns `text` takes in a terminal: East Asian wide characters (汉字, full-width
    /// forms) take two.
    static func columns(_ text: String) -> Int { DisplayWidth.columns(text) }

    /// `text` padded with spaces to `width` terminal columns.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - columns(text)))
    }

    /// "1 tag", "2 tags": a count with its noun in the right number.
    static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }

    static func bytes(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a command's `--json` output in the stored (indented, key-sorted) layout.
    static func json(_ output: some JSONOutput) {
        bytes(CanonicalJSON.stored(output.json))
    }
}

/// The sentence `key` names in the message catalogue (ReportVault's messages.json), in the
/// user's language, with `values` put in.
func tr(_ key: String, _ values: [String: Message.Value] = [:]) -> String { Message(key, values).localized }

/// The argument parser's own error sentences, in the user's language (the parser speaks English).
enum ParserText {
    static func translated(_ message: String) -> String {
        guard Language.current != .en else { return message }
        if let m = message.wholeMatch(of: /Missing expected argument '(.+)'/) { return tr("cli.parse.missingArgument", ["name": .text(String(m.1))]) }
        if let m = message.wholeMatch(of: /Missing value for '(.+)'/) { return tr("cli.parse.missingValue", ["name": .text(String(m.1))]) }
        if let m = message.wholeMatch(of: /Unknown option '([^']+)'\. Did you mean '([^']+)'\?/) {
            return tr("cli.parse.unknownOptionSuggest", ["name": .text(String(m.1)), "suggestion": .text(String(m.2))])
        }
        if let m = message.wholeMatch(of: /Unknown option '(.+)'/) { return tr("cli.parse.unknownOption", ["name": .text(String(m.1))]) }
        if let m = message.wholeMatch(of: /Unexpected argument '(.+)'/) { return tr("cli.parse.unexpected", ["name": .text(String(m.1))]) }
        if let m = message.wholeMatch(of: /([0-9]+) unexpected arguments: (.+)/) {
            return tr("cli.parse.unexpectedMany", ["count": .text(String(m.1)), "names": .text(String(m.2))])
        }
        if let m = message.wholeMatch(of: /The value '(.*)' is invalid for '(.+)'/) {
            return tr("cli.parse.invalidValue", ["value": .text(String(m.1)), "name": .text(String(m.2))])
        }
        return message
    }
}
