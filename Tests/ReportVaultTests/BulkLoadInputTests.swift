import Foundation
import Testing

@testable import ReportVault

/// The JSON-lines input of `vault load`: one revision per line, blank lines skipped, every
/// error naming the file and the line.
@Suite struct BulkLoadInputTests {
    static let sample = try! String(
        decoding: CanonicalJSON.rfc8785(FileInput.json(EndToEndTests.sample)), as: UTF8.self)
    static let draft2 = try! String(
        decoding: CanonicalJSON.rfc8785(FileInput.json(EndToEndTests.draft2)), as: UTF8.self)

    @Test func readsOneRevisionPerLineSkippingBlankLines() throws {
        let tmp = try TemporaryFolder()
        let path = try tmp.file(
            "in.jsonl",
            "\n{\"message\": \"a\", \"report\": \(Self.sample)}\n \t\r\n{\"message\": \"b\", \"reports\": [\(Self.draft2)]}"
        )
        let lines = try JSONLines(path: path)
        #expect(lines.name == path)
        let first = try #require(try lines.nextRevision())
        #expect(first.message == "a" && first.reports.map(\.path.description) == [EndToEndTests.report])
        let second = try #require(try lines.nextRevision())
        let digest = try FileInput.report(EndToEndTests.draft2).digest
        #expect(second.message == "b" && second.reports.map(\.digest) == [digest])
        #expect(try lines.nextRevision() == nil)
    }

    @Test(arguments: [
        (
            "{\"message\": \"a\", \"report\": \(sample)}\nnot json\n",
            "F: line 2, column 1: invalid literal: expected null"
        ),
        ("\n{\"report\": {}}", "F:2: missing \"message\""),
        ("{\"message\": \"x\"}", "F:1: missing \"report\""),
        ("{\"message\": \"x\", \"reports\": []}", "F:1: missing \"report\""),
        (
            "{\"message\": \"x\", \"report\": {\"fiscalYear\": \"x\"}}",
            "F: line 1: /fiscalYear: expected an integer year, found the string \"x\""
        ),
    ])
    func errorsNameTheFileAndTheLine(input: String, message: String) throws {
        let tmp = try TemporaryFolder()
        let path = try tmp.file("in.jsonl", input)
        let lines = try JSONLines(path: path)
        do {
            while try lines.nextRevision() != nil {}
            Issue.record("no error for \(input)")
        } catch {
            #expect(error.description == message.replacingOccurrences(of: "F", with: path, options: .anchored))
        }
    }

    @Test func aMissingFileIsNamed() {
        do {
            _ = try JSONLines(path: "/nonexistent/in.jsonl")
            Issue.record("no error")
        } catch {
            #expect(error.description == "/nonexistent/in.jsonl: no such file")
        }
    }
}
