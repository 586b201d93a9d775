import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The input of `vault load`: JSON lines, one revision per line,
/// `{"message": "…", "report": {…}}` or `{"message": "…", "reports": [{…}, …]}` for several
/// reports in one commit; blank lines are skipped. Read from a file or standard input line by
/// line, without holding it all in memory. Every error names the file and the line.
public final class JSONLines {
    /// The file's name in messages: its path, or `<stdin>`.
    public let name: String
    /// The file descriptor read (standard input: 0), closed at the end.
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var eof = false
    private var number = 0

    /// Reads `path`, or standard input when nil.
    public init(path: String?) throws(VaultError) {
        name = path ?? "<stdin>"
        if let path {
            guard FileInput.exists(path) else { throw .noSuchFile(file: path) }
            guard FileInput.isFile(path) else { throw .isDirectory(file: path) }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .unreadable(file: path) }
            descriptor = fd
        } else {
            descriptor = 0
        }
    }

    deinit {
        if descriptor > 0 { close(descriptor) }
    }

    /// What went wrong reading, if something did (a folder as standard input, an I/O error,
    /// a line longer than any revision).
    public private(set) var failure: VaultError?

    /// The next non-empty line and its number, or nil at the end.
    public func next() -> (Int, ArraySlice<UInt8>)? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = buffer[position..<newline]
                position = newline + 1
                number += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                return (number, line)
            }
            if eof {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                number += 1
                return line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) ? nil : (number, line)
            }
            buffer.removeFirst(position)
            position = 0
            // One line holds one revision: a line past the size limit is refused, not buffered.
            guard buffer.count <= FileInput.maximumSize else {
                failure = .fileTooLarge(file: name, sizeMB: buffer.count >> 20, limitMB: FileInput.maximumSize >> 20)
                return nil
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno == EISDIR ? .isDirectory(file: name) : .unreadable(file: name)
                return nil
            }
            if count == 0 { eof = true } else { buffer.append(contentsOf: chunk[..<count]) }
        }
    }

    /// The next revision: its reports, parsed strictly, and its message; nil at the end.
    public func nextRevision() throws(VaultError) -> (reports: [Report], message: String)? {
        guard let (number, bytes) = next() else {
            if let failure { throw failure }
            return nil
        }
        let value = try FileInput.jsonLine(bytes, file: name, line: number)
        guard let message = value[member: "message"]?.stringValue else {
            throw .jsonLineMissing(file: name, line: number, member: "message")
        }
        var reportValues: [JSONValue] = []
        if let one = value[member: "report"] { reportValues.append(one) }
        if case .array(let many)? = value[member: "reports"] { reportValues += many }
        guard !reportValues.isEmpty else { throw .jsonLineMissing(file: name, line: number, member: "report") }
        do {
            return (try reportValues.map { v throws(VaultError) in try Report(v) }, message)
        } catch {
            throw .inJSONLine(file: name, line: number, error)
        }
    }
}

extension BulkLoadStats {
    /// The per-commit timing `vault load --stats` prints: the number of commits and the median
    /// milliseconds per commit of the first and the last thousand, as one line of JSON.
    public var timingSummary: String {
        let sorted = commitSeconds
        func median(_ xs: ArraySlice<Double>) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
        let first = median(sorted.prefix(1000)), last = median(sorted.suffix(1000))
        return #"{"commits": \#(commits), "firstMedianMs": \#(first * 1000), "lastMedianMs": \#(last * 1000)}"#
    }
}
