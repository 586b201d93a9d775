import Foundation
import Testing

@testable import ReportVault
@testable import VaultImport

/// The importer on documents it was not written from: Word versions of the four real reports
/// (built by scripts/make-docx-fixtures.py) and ten variant reports of other templates, each as
/// text and as Word, some in other encodings (Fixtures/variants/README.md says what each covers).
@Suite struct ImportFixtureTests {
    static let realReports = ImportTests.realReports
    static let variantInputs = Fixtures.required("Tests/ReportVaultTests/Fixtures/variants") {
        $0.hasSuffix(".txt") || $0.hasSuffix(".docx")
    }
    /// The variants' UTF-8 texts (the other encodings hold the same text): a filter that
    /// keeps none stops the run, as a missing folder does.
    static let variantTexts = Fixtures.nonEmpty(
        variantInputs.filter {
            $0.hasSuffix(".txt") && !["-gb18030.txt", "-utf16.txt", "-bom.txt"].contains(where: $0.hasSuffix)
        }, "UTF-8 variant texts")

    static func document(_ relativePath: String) throws -> ImportDocument {
        try ImportSource.read(Fixtures.bytes(relativePath), name: relativePath)
    }

    /// The .docx of each real report imports to exactly what its text imports to.
    @Test(arguments: realReports)
    func wordEqualsText(_ name: String) throws {
        let word = try ReportImporter.run(Self.document("docx/\(name).docx"))
        let text = try ReportImporter.run(Self.document("reports/\(name).txt"))
        #expect(word.format.text(.en) == "Word document (.docx)")
        let a = ImportTests.figures(word.report), b = ImportTests.figures(text.report)
        #expect(a == b, "\(name): \(Set(a.keys).symmetricDifference(b.keys).sorted())")
        #expect(a.count > 10)
        #expect(word.report[member: "unit"] == text.report[member: "unit"])
        #expect(
            word.report[member: "selfEvaluation"]?[member: "indicators"]
                == text.report[member: "selfEvaluation"]?[member: "indicators"])
        // No deleted run (a tracked change) and no field code reached the report.
        #expect(!a.values.contains(999.99) && !a.values.contains(3475.26))
        #expect(
            word.provenance.allSatisfy {
                $0.place.text(.en).hasPrefix("paragraph ") || $0.place.text(.en).hasPrefix("table ")
            })
    }

    /// Each variant, in each form, yields the figures written into it — every one, nothing
    /// else — with its unit and year.
    @Test(arguments: variantInputs)
    func variantYieldsItsFigures(_ file: String) throws {
        let base = file.replacingOccurrences(
            of: #"(-gb18030|-utf16|-bom)?\.(txt|docx)$"#, with: "", options: .regularExpression)
        let expected = try JSONParser.parse(Fixtures.bytes("variants/\(base).expected.json"))
        let result = try ReportImporter.run(Self.document("variants/\(file)"))
        let got = ImportTests.figures(result.report)
        guard case .object(let members)? = expected[member: "figures"] else {
            Issue.record("no figures in \(base).expected.json"); return
        }
        var differences: [String] = []
        for member in members {
            guard case .number(let want) = member.value else { continue }
            if got[member.name] != want {
                differences.append("\(member.name): want \(want), got \(got[member.name].map { "\($0)" } ?? "nothing")")
            }
        }
        for (pointer, value) in got where !members.contains(where: { $0.name == pointer }) {
            differences.append("\(pointer): \(value) is not in the document")
        }
        #expect(
            differences.isEmpty, "\(file): \(differences.count) differences:\n\(differences.joined(separator: "\n"))")
        #expect(result.report[member: "unit"]?[member: "name"] == expected[member: "unit"], "\(file)")
        #expect(result.report[member: "fiscalYear"] == expected[member: "fiscalYear"], "\(file)")
        if file.hasSuffix("-gb18030.txt") { #expect(result.format.text(.en) == "text, GB18030") }
        if file.hasSuffix("-utf16.txt") { #expect(result.format.text(.en) == "text, UTF-16 LE") }
        if file.hasSuffix("-bom.txt") { #expect(result.format.text(.en) == "text, UTF-8 with BOM") }
        if members.count > 1 { #expect((try? Report(result.report)) != nil, "\(file): no identity") }
    }

    /// Nothing is invented in the variants either: every number appears in the text.
    @Test(arguments: variantTexts)
    func variantNumbersAppearInTheText(_ file: String) throws {
        let source = ReportText.normalize(try Fixtures.text("variants/\(file)"))
        let literals = Set(
            source.matches(of: try Regex("[0-9]{1,3}(?: [0-9]{3})+(?:\\.[0-9]+)?|[0-9][0-9,]*(?:\\.[0-9]+)?"))
                .compactMap { ImportBuilder.parseNumber(String(source[$0.range])) })
        let result = try ReportImporter.run(Self.document("variants/\(file)"))
        for (pointer, value) in ImportTests.figures(result.report) {
            #expect(literals.contains(abs(value)), "\(file): \(pointer) = \(value) is not in the text")
        }
    }
}
