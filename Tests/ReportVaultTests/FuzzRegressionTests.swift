import Foundation
import Testing

@testable import ReportVault

/// Every saved fuzzing input runs through the same checks as the fuzz targets.
@Suite struct FuzzRegressionTests {
    static let files: [String] = Fixtures.required("Tests/ReportVaultTests/Fixtures/fuzz-regressions") {
        !$0.hasSuffix(".md")
    }

    @Test func thereAreRegressionInputs() { #expect(Self.files.count >= 3) }

    @Test(arguments: files)
    func savedInput(_ name: String) throws {
        let bytes = try Fixtures.bytes("fuzz-regressions/\(name)")
        if let value = try? JSONParser.parse(bytes) {
            let once = CanonicalJSON.rfc8785(value)
            #expect(CanonicalJSON.rfc8785(try JSONParser.parse(once)) == once)
            #expect(stripWhitespaceBetweenTokens(CanonicalJSON.stored(value)) == once)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            let result = try ReportImporter.run(text)
            #expect(result.provenance.count == ImportTests.figures(result.report).count)
        }
    }
}
