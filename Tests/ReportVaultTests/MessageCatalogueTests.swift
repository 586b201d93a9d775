import Foundation
import Testing

@testable import ReportVault

/// The interface's sentences: every one in both languages, every key the code uses present,
/// and the language chosen from the environment as the locale rules say.
@Suite struct MessageCatalogueTests {
    static let file = Fixtures.packageRoot.appendingPathComponent("Sources/ReportVault/Resources/messages.json").path
    static let catalogue = try! MessageCatalogue.load(file)

    /// Keys built at run time from a value (a JSON type, a resource name): their prefixes.
    static let builtKeys = ["type.", "found.", "resource.", "kind.", "cli.csv."]

    @Test func everyMessageIsInBothLanguagesWithTheSameValues() {
        #expect(Self.catalogue.entries.count > 150)
        for (key, forms) in Self.catalogue.entries {
            guard let en = forms[.en], let zh = forms[.zh] else {
                Issue.record("\(key): missing \(forms[.en] == nil ? "en" : "zh")")
                continue
            }
            if key == "empty" || key == "literal" { continue }
            #expect(!en.isEmpty && !zh.isEmpty, "\(key) is empty in a language")
            #expect(
                Message.placeholders(en) == Message.placeholders(zh),
                "\(key): en uses \(Message.placeholders(en)), zh \(Message.placeholders(zh))")
            // A Chinese form that is the English one was not translated (names and symbols excepted).
            if en.contains(where: { $0.isLetter }) && !key.hasPrefix("type.") && key != "literal"
                && !key.hasPrefix("found.")
            {
                #expect(en != zh || key.hasPrefix("cli.kind"), "\(key): the Chinese form is the English one")
            }
        }
    }

    /// The keys the sources name: `Message("key"`, `tr("key"` and, in VaultError, `m("key"`.
    static func keysInSources() throws -> [String: String] {
        var found: [String: String] = [:]
        let root = Fixtures.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".swift")
        }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /(?:Message|tr|trText)\(\s*"([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)"/) {
                found[String(match.1)] = file
            }
            for match in text.matches(
                of: /"((?:json|schema|cli|help|verify|import|worktree|diff|web|xlsx)\.[A-Za-z0-9.]+)"/)
            { found[String(match.1)] = file }
            if file.hasSuffix("VaultError.swift") {
                for match in text.matches(of: /\bm\(\s*"([A-Za-z]+)"/) { found["error." + match.1] = file }
                for match in text.matches(of: /\?\s*"([A-Za-z]+)"\s*:\s*"([A-Za-z]+)"/) {
                    found["error." + match.1] = file
                    found["error." + match.2] = file
                }
            }
        }
        return found
    }

    @Test func everyKeyTheCodeUsesIsInTheCatalogue() throws {
        let used = try Self.keysInSources()
        #expect(used.count > 150)
        for (key, file) in used.sorted(by: { $0.key < $1.key })
        where !Self.builtKeys.contains(where: { key == $0 || key.hasSuffix(".") }) {
            #expect(Self.catalogue.entries[key] != nil, "\(file) uses \(key), which messages.json lacks")
        }
        // Keys built from values: every value they are built from.
        for type in ["null", "boolean", "number", "integer", "string", "array", "object"] {
            #expect(Self.catalogue.entries["type." + type] != nil, "type.\(type)")
        }
        for type in ["null", "boolean", "number", "string", "array", "object"] {
            #expect(Self.catalogue.entries["found." + type] != nil, "found.\(type)")
        }
    }

    @Test func everyCatalogueEntryIsUsed() throws {
        let used = try Self.keysInSources()
        for key in Self.catalogue.entries.keys.sorted()
        where !Self.builtKeys.contains(where: { key.hasPrefix($0) }) && !["empty", "literal", "list.or"].contains(key) {
            #expect(used[key] != nil, "messages.json has \(key), which no source uses")
        }
    }

    @Test func theLanguageComesFromTheEnvironmentAsTheLocaleRulesSay() {
        #expect(Language.from(environment: [:]) == .en)
        #expect(Language.from(environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.from(environment: ["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"]) == .en)
        #expect(Language.from(environment: ["LANG": "C.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"]) == .zh)
        #expect(Language.from(environment: ["LC_MESSAGES": "zh_CN", "LC_ALL": "en_US.UTF-8"]) == .en)
        #expect(Language.from(environment: ["LC_ALL": "", "LANG": "zh_CN.GB18030"]) == .zh)
        #expect(Language.from(environment: ["VAULT_LANG": "zh", "LC_ALL": "C"]) == .zh)
        #expect(Language.from(environment: ["VAULT_LANG": "en", "LANG": "zh_CN.UTF-8"]) == .en)
    }

    @Test func templatesFillCountsAndNestedMessages() {
        let inner = Message("error.noSuchFile", ["file": "a.json"])
        let outer = VaultError.inFile(file: "x", .noSuchFile(file: "a.json")).message
        #expect(inner.text(.en) == "a.json: no such file")
        #expect(inner.text(.zh) == "a.json：没有这个文件")
        #expect(outer.text(.zh) == "x：a.json：没有这个文件")
        #expect(
            VaultError.failure(
                MergeConflicts(report: try! ReportPath(argument: "2024/甲镇"), base: "abc1234", conflicts: [])
            ).description.hasPrefix(
                "2024/甲镇: 0 figures changed"))
        #expect(
            VaultError.unitNameTooLong(length: 1, limit: 100).description
                == "unit.name is 1 character long; at most 100 are allowed")
        #expect(VaultError.unitNameTooLong(length: 101, limit: 100).message.text(.zh) == "单位名称长 101 个字符；最多允许 100 个")
        #expect(Message.or([Message("type.number"), Message("type.string")]).text(.zh) == "数字 或 字符串")
        #expect(Message("no.such.key", ["a": "1"]).text(.en) == "no.such.key a=1")
        #expect(Message.fill("{a}{b#x|xs}{c}", { name, forms in name + (forms ?? "") }) == "abx|xsc")
    }

    /// The shipped file is indexed from its lines; the same sentences written in any other
    /// layout (one line, keys out of order) are read in full and give the same templates; a
    /// file of another shape, or with a key written with escapes, is refused.
    /// The shipped file keeps the layout the fast loader indexes line by line (keys sorted by
    /// their bytes, one member per line): a key appended out of order puts every command on the
    /// slow path that reads the whole file as JSON.
    @Test func theShippedCatalogueIsSortedForTheFastLoader() throws {
        let text = try String(contentsOfFile: Self.file, encoding: .utf8)
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { line in
            Array(line.dropFirst(3).prefix { $0 != "\"" }.utf8)
        }
        #expect(keys.count > 500)
        let unsorted = zip(keys, keys.dropFirst()).first { !$0.0.lexicographicallyPrecedes($0.1) }
        #expect(unsorted == nil, "\(unsorted.map { String(decoding: $0.1, as: UTF8.self) } ?? "") is out of order")
    }

    @Test func everyLayoutOfTheCatalogueReadsTheSame() throws {
        let tmp = try TemporaryFolder()
        let shipped = Self.catalogue.entries
        func write(_ name: String, _ text: String) -> String {
            let path = tmp.path + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        func literal(_ s: String) -> String { String(decoding: CanonicalJSON.rfc8785(.string(s)), as: UTF8.self) }
        // One line, keys in reverse order.
        let keys = shipped.keys.sorted().reversed()
        let members = keys.map { key in
            let forms = shipped[key]!.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                "\(literal($0.key.rawValue)):\(literal($0.value))"
            }
            return "\(literal(key)):{\(forms.joined(separator: ","))}"
        }
        let compact = try MessageCatalogue.load(write("compact.json", "{" + members.joined(separator: ",") + "}"))
        #expect(compact.entries == shipped)
        for key in ["cli.absent", "cli.check.clean", "help.VaultCommand.abstract", "worktree.notUpdated"] {
            for language in Language.allCases {
                #expect(compact.template(key, language) == Self.catalogue.template(key, language), "\(key)")
                #expect(Self.catalogue.template(key, language) == shipped[key]?[language], "\(key)")
            }
        }
        #expect(
            Self.catalogue.template("no.such.key", .en) == nil && Self.catalogue.template("cli.absent.x", .en) == nil
                && Self.catalogue.template("a", .zh) == nil)
        // A key given twice keeps its later value, as a JSON reader does.
        let twice = try MessageCatalogue.load(
            write("twice.json", #"{"b": {"en": "one"}, "a": {"en": "x"}, "b": {"en": "two"}}"#))
        #expect(twice.template("b", .en) == "two" && twice.template("a", .zh) == "x")
        // Refused: not an object of objects of strings, or something after it.
        for (i, bad) in [
            #"{"\u0061": {"en": "x"}}"#, #"{"a": "x"}"#, #"{"a": {"en": 1}}"#, #"["a"]"#, #"{"a": {"en": "x"}} {}"#,
            "{\n  \"a\": {\n    \"en\": \"x\"\n  }\n", "",
        ]
        .enumerated() {
            #expect(throws: (any Error).self) { try MessageCatalogue.load(write("bad\(i).json", bad)) }
        }
    }
}
