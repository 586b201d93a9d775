import ArgumentParser
import Foundation
import ReportVault

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Commit many revisions in one process (history migration, bulk load).",
        discussion: """
            Reads JSON lines, one revision per line: {"message": "…", "report": {…}} \
            (or "reports": [{…}, …] for several reports in one commit), from FILE or standard input, \
            and commits them in order on the vault's branch. \
            Objects are written as packs (every --flush-every commits) instead of one file per object, \
            and the branch moves once at the end. \
            Each report is parsed strictly and stored like 'vault commit' does, but not checked against the schema: \
            run 'vault verify' afterwards.

            Examples:
              vault load drafts.jsonl --author "档案室 <archive@example.cn>"
              generate-history | vault -C county load
            """
    )

    @Argument(help: ArgumentHelp("JSON lines file (default: standard input).", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("Author as \"Name <email>\".", valueName: "author"))
    var author: String?

    @Option(help: ArgumentHelp("Write a pack every this many commits.", valueName: "n"))
    var flushEvery = 250

    @Flag(help: "Print per-commit timing statistics as JSON on standard error.")
    var stats = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let opened = try vault.open()
        let signature = try Author.resolve(option: author, environment: ProcessInfo.processInfo.environment, vault: opened)
        let name = file ?? "<stdin>"
        let lines = try JSONLines(path: file)
        let result = try opened.bulkLoad(author: signature, flushEvery: max(1, flushEvery)) {
            () throws(VaultError) in
            guard let (number, bytes) = lines.next() else { return nil }
            let value = try FileInput.jsonLine(bytes, file: name, line: number)
            guard let message = value[member: "message"]?.stringValue else { throw .jsonLineMissing(file: name, line: number, member: "message") }
            var reportValues: [JSONValue] = []
            if let one = value[member: "report"] { reportValues.append(one) }
            if case .array(let many)? = value[member: "reports"] { reportValues += many }
            guard !reportValues.isEmpty else { throw .jsonLineMissing(file: name, line: number, member: "report") }
            do {
                return (try reportValues.map { v throws(VaultError) in try Report(v) }, message)
            } catch {
                throw .inJSONLine(file: name, line: number, error as! VaultError)
            }
        }
        print(
            "loaded \(Output.count(result.commits, "commit", "commits")) (\(Output.count(result.unchanged, "unchanged revision", "unchanged revisions")) skipped) in \(Output.count(result.packs, "pack", "packs")); \(opened.branch) is at \(result.tip?.hex ?? "nothing")"
        )
        if stats {
            let sorted = result.commitSeconds
            func median(_ xs: ArraySlice<Double>) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
            let first = median(sorted.prefix(1000)), last = median(sorted.suffix(1000))
            Output.note(#"{"commits": \#(result.commits), "firstMedianMs": \#(first * 1000), "lastMedianMs": \#(last * 1000)}"#)
        }
    }
}

/// Reads a file or standard input line by line without holding it all in memory.
final class JSONLines {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var eof = false
    private var number = 0

    init(path: String?) throws(VaultError) {
        if let path {
            guard FileInput.exists(path), let h = FileHandle(forReadingAtPath: path) else { throw .noSuchFile(file: path) }
            handle = h
        } else {
            handle = FileHandle.standardInput
        }
    }

    /// The next non-empty line and its number, or nil at the end.
    func next() -> (Int, ArraySlice<UInt8>)? {
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
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { eof = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
