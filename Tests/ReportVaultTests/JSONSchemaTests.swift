import Foundation
import Testing

@testable import ReportVault
@testable import VaultSchema

@Suite struct JSONSchemaSuiteTests {
    static let folder = "json-schema-test-suite"
    static let files: [String] = Fixtures.required("Tests/ReportVaultTests/Fixtures/" + folder) {
        $0.hasSuffix(".json")
    }

    /// Runs one file of the official suite. A group whose schema uses something this
    /// validator refuses (a remote $ref, $id-relative refs, unimplemented keywords) must be
    /// listed in `unsupported.txt` with its reason; every other group must pass.
    @Test(arguments: files)
    func officialSuite(_ file: String) throws {
        let groups = try JSONParser.parse(try Fixtures.bytes("\(Self.folder)/\(file)"))
        guard case .array(let list) = groups else { Issue.record("\(file) is not an array"); return }
        let expectedUnsupported = Set(
            try Fixtures.text("\(Self.folder)/unsupported.txt").split(separator: "\n").filter {
                $0.hasPrefix(file + ":")
            }.map(String.init))
        var unsupported = Set<String>()
        var passedTests = 0
        for group in list {
            let description = group[member: "description"]?.stringValue ?? "?"
            let schema: JSONSchema
            do {
                schema = try JSONSchema(group[member: "schema"]!)
            } catch {
                unsupported.insert("\(file): \(description)")
                continue
            }
            guard case .array(let tests)? = group[member: "tests"] else { continue }
            for test in tests {
                let expected = test[member: "valid"] == .bool(true)
                let errors = schema.validate(test[member: "data"]!)
                #expect(
                    errors.isEmpty == expected,
                    "\(file) / \(description) / \(test[member: "description"]?.stringValue ?? ""): \(errors)")
                passedTests += 1
            }
        }
        #expect(unsupported == expectedUnsupported, "refused groups differ from unsupported.txt")
        #expect(passedTests > 0)
    }

    @Test func unknownKeywordIsRefusedByName() {
        let schema = try! JSONParser.parse(#"{"type": "object", "properties": {"a": {"dependentRequired": {}}}}"#)
        do {
            _ = try JSONSchema(schema)
            Issue.record("accepted an unknown keyword")
        } catch {
            #expect(
                error.description
                    == "schema at /properties/a uses the keyword \"dependentRequired\", which this validator does not implement"
            )
        }
    }

    @Test func errorsCarryPointerKeywordAndMessage() throws {
        let schema = try JSONSchema(
            try JSONParser.parse(
                #"""
                {"type": "object", "properties": {"rows": {"type": "array", "items": {"$ref": "#/$defs/row"}}},
                 "$defs": {"row": {"type": "object", "required": ["name"], "properties": {"a/b": {"type": "number", "minimum": 0}}}}}
                """#))
        let errors = schema.validate(try JSONParser.parse(#"{"rows": [{"name": "x"}, {"a/b": -1}]}"#))
        #expect(
            errors.map(\.description) == [
                "/rows/1: the required member \"name\" is missing (required)",
                "/rows/1/a~1b: -1 is less than the minimum 0 (minimum)",
            ])
        #expect(errors.map { $0.message.text(.zh) } == ["缺少必填成员 \"name\"", "-1 小于最小值 0"])
    }
}

@Suite struct SimplePatternTests {
    /// The simple matcher agrees with Swift's Regex on the patterns it accepts.
    @Test func agreesWithRegex() throws {
        let patterns = [
            "^[^/\\\\]+$", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "^[0-9]{3,7}$", "a+b?c*", "^\\d+\\.\\d{2}$", "[a-c-]x",
            "^.{2,}$", "^abc", "xyz$", "^[\\w]+@[^@]+$",
        ]
        let inputs = [
            "", "a", "abc", "2024-12-31", "2024-1-31", "绥宁县长铺镇人民政府", "a/b", "a\\b", "213", "21", "12345678", "aab",
            "xyz", "1.25", "12.5", "-x", "wang@example.cn", "a@b@c", "ab\n",
        ]
        for p in patterns {
            let simple = try #require(SimplePattern(p), "\(p) should be simple")
            let regex = try Regex(p)
            for s in inputs {
                #expect(simple.matches(s) == ((try? regex.firstMatch(in: s)) != nil), "\(p) on \(s.debugDescription)")
            }
        }
        for complex in ["(a|b)", "a|b", "a+?", "[[:alpha:]]", "\\p{Han}"] {
            #expect(SimplePattern(complex) == nil, "\(complex) should go to Regex")
        }
    }
}
