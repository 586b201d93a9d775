import Foundation
import Testing

@testable import ReportVault

@Suite struct CanonicalJSONTests {
    static let cases = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test(arguments: cases)
    func cyberphoneVector(_ name: String) throws {
        let input = try Fixtures.bytes("jcs/input/\(name).json")
        let expected = try Fixtures.bytes("jcs/output/\(name).json")
        let canonical = CanonicalJSON.rfc8785(try JSONParser.parse(input))
        #expect(canonical == expected, "\(name): \(String(decoding: canonical, as: UTF8.self))")
        // outhex holds the same bytes as hex
        let hex = try Fixtures.text("jcs/outhex/\(name).txt").split(whereSeparator: { $0 == " " || $0 == "\n" }).map {
            UInt8($0, radix: 16)!
        }
        #expect(canonical == hex)
    }

    @Test(arguments: ["false", "null", "true", "simpleString"])
    func gowebpkiVector(_ name: String) throws {
        let input = try Fixtures.bytes("jcs/extra-gowebpki/input/\(name).json")
        let expected = try Fixtures.bytes("jcs/extra-gowebpki/output/\(name).json")
        #expect(CanonicalJSON.rfc8785(try JSONParser.parse(input)) == expected)
    }

    @Test(arguments: [
        "es6testfile-first1000.txt", "es6testfile-sample2000.txt", "rfc8785-appendixB.txt", "es6-targeted.txt",
    ])
    func numberFile(_ file: String) throws {
        let lines = try Fixtures.text("jcs/numbers/\(file)").split(separator: "\n")
        #expect(lines.count > 20)
        var failures: [String] = []
        for line in lines {
            let parts = line.split(separator: ",")
            let bits = UInt64(parts[0], radix: 16)!
            let value = Double(bitPattern: bits)
            let formatted = ECMAScriptNumber.format(value)
            if formatted != parts[1] { failures.append("\(parts[0]): got \(formatted), want \(parts[1])") }
            // and the number parses back to the same double through the JSON parser
            let reparsed = try JSONParser.parse(String(parts[1]))
            if reparsed != .number(value) && !(value == 0) { failures.append("\(parts[1]) did not round-trip") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test func storedFormLayout() throws {
        let value = try JSONParser.parse(#"{"b":[1,{"y":null,"x":true}],"a":{},"c":[],"é":"\u0001"}"#)
        let stored = String(decoding: CanonicalJSON.stored(value), as: UTF8.self)
        #expect(
            stored == """
                {
                  "a": {},
                  "b": [
                    1,
                    {
                      "x": true,
                      "y": null
                    }
                  ],
                  "c": [],
                  "é": "\\u0001"
                }

                """)
    }

    /// Property: canonicalizing twice changes nothing, and the stored form without
    /// whitespace between tokens is the RFC 8785 form. Inputs: the vectors plus random values.
    @Test func canonicalProperties() throws {
        var values: [JSONValue] = try Self.cases.map {
            try JSONParser.parse(try Fixtures.bytes("jcs/input/\($0).json"))
        }
        var rng = SeededGenerator(seed: 20261122)
        for _ in 0..<300 { values.append(randomValue(depth: 0, rng: &rng)) }
        for value in values {
            let once = CanonicalJSON.rfc8785(value)
            let twice = CanonicalJSON.rfc8785(try JSONParser.parse(once))
            #expect(once == twice)
            let stored = CanonicalJSON.stored(value)
            #expect(stripWhitespaceBetweenTokens(stored) == once)
            #expect(try JSONParser.parse(stored) == CanonicalJSON.sorted(value))
        }
    }
}

@Suite struct JSONParserRejectionTests {
    /// Each bad input, the line:column expected and a word of the message.
    static let cases: [(String, [UInt8], String, String)] = [
        ("trailing comma", Array(#"{"a":1,}"#.utf8), "1:8", "member name"),
        ("trailing data", Array("{} x".utf8), "1:4", "after the JSON value"),
        ("duplicate name", Array("{\"a\":1,\n \"a\":2}".utf8), "2:2", "duplicate member name"),
        ("NaN", Array(#"{"a":NaN}"#.utf8), "1:6", "NaN"),
        ("-Infinity", Array(#"[-Infinity]"#.utf8), "1:2", "Infinity"),
        ("1e400", Array(#"[1e400]"#.utf8), "1:2", "outside the range"),
        ("-1e400", Array(#"[-1e400]"#.utf8), "1:2", "outside the range"),
        ("lone high surrogate", Array(#"["\ud800"]"#.utf8), "1:3", "lone surrogate"),
        ("lone low surrogate", Array(#"["\udc00x"]"#.utf8), "1:3", "lone surrogate"),
        ("invalid UTF-8", [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D], "1:3", "UTF-8"),
        ("overlong UTF-8", [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], "1:3", "UTF-8"),
        ("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], "1:2", "UTF-8"),
        ("BOM", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), "1:1", "byte order mark"),
        ("leading zero", Array("[01]".utf8), "1:2", "leading zero"),
        ("raw control character", Array("[\"a\u{1}\"]".utf8), "1:4", "control character"),
        ("NUL byte", Array("{\"a\":1}\u{0}".utf8), "1:8", "after the JSON value"),
        ("empty", [], "1:1", "empty input"),
        ("bad escape", Array(#"["\x"]"#.utf8), "1:3", "escape"),
        ("single quotes", Array("{'a':1}".utf8), "1:2", "member name"),
        ("unterminated", Array("{\"a\": [1, 2".utf8), "1:12", "end of input"),
    ]

    @Test(arguments: cases.indices)
    func rejects(_ i: Int) {
        let (name, input, place, word) = Self.cases[i]
        do {
            _ = try JSONParser.parse(input)
            Issue.record("\(name): accepted")
        } catch {
            #expect("\(error.line):\(error.column)" == place, "\(name): \(error)")
            #expect(error.problem.description.contains(word), "\(name): \(error)")
        }
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        let input = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(input) }
        let ok =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect((try? JSONParser.parse(ok)) != nil)
        let tooDeep = "[" + ok + "]"
        #expect(throws: JSONParseError.self) { try JSONParser.parse(tooDeep) }
    }

    @Test func canonicallyEquivalentNamesAreDistinct() throws {
        // "é" precomposed and "e" + combining acute: equal as Swift Strings, distinct as JSON names.
        let value = try JSONParser.parse("{\"\u{E9}\":1,\"e\u{301}\":2}")
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.count == 2)
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"\u{E9}\":1,\"\\u00e9\":2}") }
    }

    @Test func keepsMemberOrderAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":"\ud83d\ude02"}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.name) == ["z", "a"])
        #expect(members[1].value == .string("😂"))
    }
}

// MARK: - Helpers

/// Removes whitespace outside strings.
func stripWhitespaceBetweenTokens(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var inString = false
    var escaped = false
    for b in bytes {
        if inString {
            out.append(b)
            if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
        } else if b == 0x22 {
            inString = true
            out.append(b)
        } else if b != 0x20 && b != 0x0A {
            out.append(b)
        }
    }
    return out
}

/// A deterministic random generator (SplitMix64), so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomValue(depth: Int, rng: inout SeededGenerator) -> JSONValue {
    let pick = depth > 3 ? Int.random(in: 0..<4, using: &rng) : Int.random(in: 0..<6, using: &rng)
    switch pick {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2:
        let bits = UInt64.random(in: 0...UInt64.max, using: &rng)
        let d = Double(bitPattern: bits)
        return .number(d.isFinite ? d : Double(Int.random(in: -100_000...100_000, using: &rng)) / 100)
    case 3: return .string(randomString(&rng))
    case 4:
        return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in randomValue(depth: depth + 1, rng: &rng) })
    default:
        var names = Set<String>()
        var members: [JSONValue.Member] = []
        for _ in 0..<Int.random(in: 0..<5, using: &rng) {
            let name = randomString(&rng)
            if names.insert(name).inserted { members.append(.init(name, randomValue(depth: depth + 1, rng: &rng))) }
        }
        return .object(members)
    }
}

func randomString(_ rng: inout SeededGenerator) -> String {
    let alphabet: [Unicode.Scalar] = [
        "a", "Z", "1", " ", "\"", "\\", "\n", "\u{1}", "\u{7f}", "é", "€", "预", "算", "😂", "\u{FB33}", "\u{80}",
    ]
    return String(
        String.UnicodeScalarView(
            (0..<Int.random(in: 0..<6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
}

@Suite struct JSONLineTests {
    @Test func everyValueKnowsItsLine() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": [\n    {\"c\": \"x\\ny\"},\n    2\n  ],\n  \"d/e\": null\n}\n"
        let (value, lines) = try JSONParser.parseWithLines(Array(text.utf8))
        #expect(value == (try JSONParser.parse(text)))
        #expect(lines.all == ["": 1, "/a": 2, "/b": 3, "/b/0": 4, "/b/0/c": 4, "/b/1": 5, "/d~1e": 7])
        // Looked up one by one, as findings do; a place that is not there has no line.
        #expect(lines["/b/0/c"] == 4 && lines["/d~1e"] == 7 && lines[""] == 1 && lines.line(at: ["b", "1"]) == 5)
        #expect(
            lines["/b/2"] == nil && lines["/a/x"] == nil && lines["/b/01"] == nil && lines["/zz"] == nil
                && JSONLineMap()["/a"] == nil)
    }

    /// In random documents written by a writer of the test's own, which notes the line it
    /// starts each value on, every place's line is the one written — looked up alone and in
    /// the walk over every value.
    @Test func everyPlaceHasTheLineItWasWrittenOn() throws {
        var rng = SeededGenerator(seed: 8785)
        for _ in 0..<200 {
            var text = ""
            var line = 1
            var expected: [String: Int] = [:]
            func write(_ value: JSONValue, _ tokens: [String]) {
                expected[JSONPointer.make(tokens)] = line
                switch value {
                case .object(let members):
                    text += "{"
                    for (k, m) in members.enumerated() {
                        text +=
                            (k > 0 ? "," : "") + "\n"
                            + String(decoding: CanonicalJSON.rfc8785(.string(m.name)), as: UTF8.self) + ": "
                        line += 1
                        // Every other value on a line of its own.
                        if k % 2 == 1 {
                            text += "\n"
                            line += 1
                        }
                        write(m.value, tokens + [m.name])
                    }
                    text += "}"
                case .array(let elements):
                    text += "["
                    for (i, e) in elements.enumerated() {
                        text += (i > 0 ? "," : "") + "\n\n"
                        line += 2
                        write(e, tokens + [String(i)])
                    }
                    text += "]"
                default:
                    text += String(decoding: CanonicalJSON.rfc8785(value), as: UTF8.self)
                }
            }
            write(randomValue(depth: 0, rng: &rng), [])
            let (_, lines) = try JSONParser.parseWithLines(Array(text.utf8))
            #expect(lines.all == expected)
            for (pointer, line) in expected { #expect(lines[pointer] == line, "\(pointer)") }
        }
    }
}

/// `JSONSkim` finds the value at a path without parsing the rest; it must find what the
/// parser finds, whatever the strings around it hold (quotes, backslashes, brackets, 汉字).
@Suite struct JSONSkimTests {
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    func randomString(_ rng: inout Seeded) -> String {
        let pieces = ["\"", "\\", "\\\"", "\\\\\"", "{", "]", ",", "汉字", "a", " ", "\n", "\u{1}"]
        return (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    func randomValue(_ rng: inout Seeded, depth: Int) -> JSONValue {
        switch depth > 3 ? Int.random(in: 0..<3, using: &rng) : Int.random(in: 0..<5, using: &rng) {
        case 0: return .string(randomString(&rng))
        case 1: return .number(Double(Int.random(in: -9999...9999, using: &rng)) / 100)
        case 2: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 3: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var names = Set<String>()
            for _ in 0..<Int.random(in: 0...5, using: &rng) { names.insert("k" + randomString(&rng)) }
            return .object(names.sorted().map { JSONValue.Member($0, randomValue(&rng, depth: depth + 1)) })
        }
    }

    /// Every path to a value in `value`, as skim steps, with the value.
    func paths(_ value: JSONValue, _ prefix: [JSONSkim.Step] = []) -> [([JSONSkim.Step], JSONValue)] {
        var out = [(prefix, value)]
        switch value {
        case .array(let items): for (i, item) in items.enumerated() { out += paths(item, prefix + [.index(i)]) }
        case .object(let members):
            for m in members
            where !m.name.contains("\\") && !m.name.contains("\"")
                && !m.name.unicodeScalars.contains(where: { $0.value < 0x20 })
            {
                out += paths(m.value, prefix + [.member(m.name)])
            }
        default: break
        }
        return out
    }

    @Test func skimFindsWhatTheParserFinds() throws {
        var rng = Seeded(state: 11_30)
        var checked = 0
        for _ in 0..<800 {
            let document = randomValue(&rng, depth: 0)
            for bytes in [CanonicalJSON.stored(document), CanonicalJSON.rfc8785(document)] {
                for (steps, expected) in paths(document) where !steps.isEmpty {
                    #expect(
                        JSONSkim.find(steps, in: bytes)?.value == expected,
                        "\(steps) in \(String(decoding: bytes, as: UTF8.self))")
                    checked += 1
                }
                #expect(JSONSkim.find([.member("absent")], in: bytes) == nil)
                // Several paths in one pass find what each finds alone.
                let some =
                    paths(document).filter { !$0.0.isEmpty }.shuffled(using: &rng).prefix(4).map(\.0) + [
                        [.member("absent")]
                    ]
                let together = JSONSkim.find(some, in: bytes)
                for (k, steps) in some.enumerated() {
                    #expect(
                        together[k]?.value == JSONSkim.find(steps, in: bytes)?.value
                            && together[k]?.tokens == JSONSkim.find(steps, in: bytes)?.tokens)
                }
            }
        }
        #expect(checked > 1000)
    }
}
