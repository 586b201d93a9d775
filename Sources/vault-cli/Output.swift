import Foundation
import ReportVault

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the terminal: results on stdout, one-line errors on stderr. Every write is
/// checked (a full disk, a closed pipe): a failed one is remembered and ends the command with
/// a clear error and a non-zero exit (``Output/finish(_:)``), never a crash.
enum Output {
    /// Why writing standard output or standard error failed, if it did.
    nonisolated(unsafe) static var failedWrite: (stream: String, code: Int32)?

    static func error(_ message: String) {
        RemoteCommand.endProgress()  // a progress line is ended, not written over
        fflush(nil)  // what was printed before stays before, also when both go to one pipe
        standardError(tr("cli.error", ["text": .text(message)]) + "\n")
    }

    static func note(_ message: String) {
        fflush(nil)
        standardError(message + "\n")
    }

    /// Writes `text` to standard error, all of it or until a write fails.
    static func standardError(_ text: String) {
        write(Array(text.utf8), to: STDERR_FILENO, stream: "standard error")
    }

    /// Writes `bytes` to the file descriptor, retrying short writes; a failure is remembered.
    static func write(_ bytes: [UInt8], to descriptor: Int32, stream: String) {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if failedWrite == nil { failedWrite = (stream, errno) }
                    return
                }
                offset += written
            }
        }
    }

    /// Flushes standard output and, when a write to it or to standard error failed, says so
    /// (on standard error, if it still takes it) and exits non-zero; `done` says what the
    /// command did before (a commit is durable before anything is printed).
    static func finish(_ done: String? = nil) {
        // stdio keeps what it could not write, so a write that failed earlier fails here again.
        if fflush(nil) != 0, failedWrite == nil { failedWrite = ("standard output", errno) }
        guard let (stream, code) = failedWrite else { return }
        let reason = String(cString: strerror(code))
        let name = tr(stream == "standard output" ? "cli.stream.stdout" : "cli.stream.stderr")
        let line =
            tr("cli.error", ["text": .text(tr("cli.outputFailed", ["stream": .text(name), "reason": .text(reason)]))])
            + "\n"
        failedWrite = nil
        write(Array(line.utf8), to: STDERR_FILENO, stream: "standard error")
        exit(code == EPIPE ? 141 : 74)
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
        fflush(nil)
        write(bytes, to: STDOUT_FILENO, stream: "standard output")
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
        if let m = message.wholeMatch(of: /Missing expected argument '(.+)'/) {
            return tr("cli.parse.missingArgument", ["name": .text(String(m.1))])
        }
        if let m = message.wholeMatch(of: /Missing value for '(.+)'/) {
            return tr("cli.parse.missingValue", ["name": .text(String(m.1))])
        }
        if let m = message.wholeMatch(of: /Unknown option '([^']+)'\. Did you mean '([^']+)'\?/) {
            return tr("cli.parse.unknownOptionSuggest", ["name": .text(String(m.1)), "suggestion": .text(String(m.2))])
        }
        if let m = message.wholeMatch(of: /Unknown option '(.+)'/) {
            return tr("cli.parse.unknownOption", ["name": .text(String(m.1))])
        }
        if let m = message.wholeMatch(of: /Unexpected argument '(.+)'/) {
            return tr("cli.parse.unexpected", ["name": .text(String(m.1))])
        }
        if let m = message.wholeMatch(of: /([0-9]+) unexpected arguments: (.+)/) {
            return tr("cli.parse.unexpectedMany", ["count": .text(String(m.1)), "names": .text(String(m.2))])
        }
        if let m = message.wholeMatch(of: /The value '(.*)' is invalid for '(.+)'/) {
            return tr("cli.parse.invalidValue", ["value": .text(String(m.1)), "name": .text(String(m.2))])
        }
        return message
    }
}

extension StringProtocol {
    /// The text with what a terminal would obey escaped, as git quotes such names: control
    /// characters (ESC starts ANSI and OSC sequences), DEL, C1 controls and the bidirectional
    /// overrides shown as `\x1B` or `\u{202E}`, so a commit or tag message can't rewrite the
    /// screen or the clipboard.
    var terminalSafe: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x09: out.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0x7F..<0xA0: out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(2)
            case 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The first line, made terminal-safe: a commit's or tag's subject.
    var subject: String { prefix { $0 != "\n" && $0 != "\r\n" }.terminalSafe }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
