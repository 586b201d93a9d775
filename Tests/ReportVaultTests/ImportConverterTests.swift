import Foundation
import Testing

@testable import ReportVault
@testable import VaultImport

/// `vault import` of the files a clerk has that are not .docx or text: an old Word 97–2003
/// (.doc) or WPS document, converted by LibreOffice, and a PDF, read through pdftotext. The
/// inputs are made here from two of our own reports' .docx by LibreOffice (`make test`
/// installs libreoffice-writer and poppler-utils); without the programs, the error names the
/// package to install.
@Suite(.serialized) struct ImportConverterTests {
    let e2e = EndToEndTests()
    static let reports = ["dongping-2023", "tanghe-2021"]

    /// `name`.docx converted by LibreOffice to `format` in `folder`; the converted file's path.
    static func converted(_ name: String, to format: String, in folder: String) throws -> String {
        let source = Fixtures.root.appendingPathComponent("variants/\(name).docx").path
        let soffice = try #require(
            ImportConverter.executable("soffice"), "LibreOffice (libreoffice-writer) is needed: make test installs it")
        let result = try run(
            soffice,
            [
                "-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to", format, "--outdir",
                folder, source,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        return "\(folder)/\(name).\(format)"
    }

    static func figures(_ json: String) throws -> [String: Double] {
        ImportTests.figures(try JSONParser.parse(Array(try String(contentsOfFile: json, encoding: .utf8).utf8)))
    }

    /// A .doc gives the very figures its .docx gives, and the output says it was converted.
    @Test(arguments: reports)
    func anOldWordDocumentImportsLikeItsDocx(_ name: String) throws {
        let tmp = try TemporaryFolder()
        let doc = try Self.converted(name, to: "doc", in: tmp.path)
        let fromDoc = try e2e.vault(["import", doc, "-o", tmp.path + "/doc.json"])
        #expect(fromDoc.status == 0, "\(fromDoc.stderr)")
        #expect(fromDoc.stderr.contains("Word 97–2003 or WPS document (converted by LibreOffice)"), "\(fromDoc.stderr)")
        let expected = try ImportLabelTests.expected("\(name).txt")
        let got = try Self.figures(tmp.path + "/doc.json")
        #expect(
            expected.filter { got[$0.key] == $0.value }.count == expected.count,
            "\(name): \(expected.filter { got[$0.key] != $0.value })")
        // Nothing of the conversion is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("vault-import-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// A PDF's text: what it gives is under its right label (the sentences at least), never a
    /// number under another's.
    @Test(arguments: reports)
    func aPDFIsReadThroughItsText(_ name: String) throws {
        let tmp = try TemporaryFolder()
        let pdf = try Self.converted(name, to: "pdf", in: tmp.path)
        let result = try e2e.vault(["import", pdf, "-o", tmp.path + "/pdf.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("PDF (its text, by pdftotext)"), "\(result.stderr)")
        let expected = try ImportLabelTests.expected("\(name).txt")
        let got = try Self.figures(tmp.path + "/pdf.json")
        let right = expected.filter { got[$0.key] == $0.value }
        #expect(right.count >= 12, "\(name): \(right.count) figures right")
        #expect(got["/fiscalYear"] == expected["/fiscalYear"])
        let values = Set(expected.values)
        let wrong = got.filter { pointer, value in expected[pointer].map { $0 != value } ?? values.contains(value) }
        #expect(wrong.isEmpty, "\(name): \(wrong)")
    }

    static func expectOneErrorLine(
        _ result: ProcessResult, status: Int32, contains parts: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "exit \(result.status)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "\(result.stderr) lacks \(part)", sourceLocation: sourceLocation)
        }
    }

    /// Without pdftotext or LibreOffice: one line that names the package, exit 1 (a failure,
    /// not the document's fault).
    @Test func withoutTheProgramsTheErrorNamesThePackage() throws {
        let tmp = try TemporaryFolder()
        try Data("%PDF-1.4\n%âãÏÓ\n".utf8).write(to: URL(fileURLWithPath: tmp.path + "/report.pdf"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)).write(
            to: URL(fileURLWithPath: tmp.path + "/report.doc"))
        for (file, package) in [("report.pdf", "poppler-utils"), ("report.doc", "libreoffice-writer")] {
            let result = try e2e.vault(
                ["import", tmp.path + "/" + file, "-o", tmp.path + "/out.json"], env: ["PATH": tmp.path + "/nothing"])
            Self.expectOneErrorLine(result, status: 1, contains: [file, package])
            #expect(!FileManager.default.fileExists(atPath: tmp.path + "/out.json"))
        }
    }

    /// A .doc cut short (a download that broke off): the conversion fails with one line,
    /// nothing is written.
    @Test func aDamagedOldDocumentFailsWithOneLine() throws {
        let tmp = try TemporaryFolder()
        let doc = try Self.converted("dongping-2023", to: "doc", in: tmp.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: doc))
        try bytes.prefix(bytes.count / 4).write(to: URL(fileURLWithPath: tmp.path + "/broken.doc"))
        let result = try e2e.vault(["import", tmp.path + "/broken.doc", "-o", tmp.path + "/out.json"])
        Self.expectOneErrorLine(result, status: 2, contains: ["broken.doc", "LibreOffice could not convert it"])
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/out.json"))
    }
}
