import Foundation

/// A JSON Schema (draft 2020-12) validator for the keywords the report schema uses.
///
/// The schema is checked when it is loaded: a keyword this validator does not implement
/// is refused by name (``SchemaError``), so a schema can never be silently half-applied.
/// Annotation keywords (`title`, `description`, `format`, `x-…`) are accepted and not asserted.
///
/// `@unchecked Sendable`: the compiled patterns are written only while `init` runs and
/// only read afterwards, so a loaded schema can be shared between threads.
public final class JSONSchema: @unchecked Sendable {
    /// The schema document.
    public let root: JSONValue
    private var patterns: [String: CompiledPattern] = [:]
    /// Each `$ref` of the schema and the subschema it names, resolved while loading.
    private var references: [String: JSONValue] = [:]
    /// The keywords of each schema object of the document, picked out while loading, by the
    /// address of its members' storage (the document never changes, so neither do they):
    /// validating a report looks a schema object up once instead of scanning it per keyword.
    private var keywordTable: [Int: Keywords] = [:]

    /// Keywords that assert something about an instance.
    static let assertions: Set<String> = [
        "type", "enum", "const", "properties", "patternProperties", "additionalProperties", "required",
        "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "allOf", "anyOf", "oneOf", "not", "$ref",
    ]
    /// Keywords that only annotate or structure; accepted, not asserted.
    static let annotations: Set<String> = [
        "$schema", "$comment", "$defs", "title", "description", "format", "default", "examples",
        "deprecated", "readOnly", "writeOnly",
    ]

    /// Loads and checks a schema.
    public init(_ root: JSONValue) throws(SchemaError) {
        self.root = root
        try compile(root, at: [], isRoot: true)
    }

    // MARK: - Loading

    private func compile(_ schema: JSONValue, at path: [String], isRoot: Bool = false) throws(SchemaError) {
        switch schema {
        case .bool: return
        case .object(let members):
            defer { keywordTable[Self.address(of: members)] = keywords(members) }
            for member in members {
                let keyword = member.name
                let here = path + [keyword]
                if keyword == "$id" && isRoot { continue }
                if keyword.hasPrefix("x-") { continue }
                guard Self.assertions.contains(keyword) || Self.annotations.contains(keyword) else {
                    throw SchemaError(
                        pointer: JSONPointer.make(path),
                        message: "uses the keyword \"\(keyword)\", which this validator does not implement")
                }
                switch keyword {
                case "properties", "patternProperties", "$defs":
                    guard case .object(let subs) = member.value else {
                        throw SchemaError(pointer: JSONPointer.make(here), message: "must be an object")
                    }
                    for sub in subs {
                        if keyword == "patternProperties" { try regex(sub.name, at: here) }
                        try compile(sub.value, at: here + [sub.name])
                    }
                case "additionalProperties", "items", "not":
                    try compile(member.value, at: here)
                case "prefixItems", "allOf", "anyOf", "oneOf":
                    guard case .array(let subs) = member.value, !subs.isEmpty else {
                        throw SchemaError(pointer: JSONPointer.make(here), message: "must be a non-empty array")
                    }
                    for (i, sub) in subs.enumerated() { try compile(sub, at: here + [String(i)]) }
                case "pattern":
                    guard case .string(let p) = member.value else {
                        throw SchemaError(pointer: JSONPointer.make(here), message: "must be a string")
                    }
                    try regex(p, at: here)
                case "$ref":
                    guard case .string(let ref) = member.value else {
                        throw SchemaError(pointer: JSONPointer.make(here), message: "must be a string")
                    }
                    guard let target = resolveReference(ref) else {
                        throw SchemaError(
                            pointer: JSONPointer.make(here),
                            message:
                                "$ref \"\(ref)\" is not a reference inside this document (only \"#\" and \"#/…\" pointers are implemented)"
                        )
                    }
                    references[ref] = target
                default: break
                }
            }
        default:
            throw SchemaError(
                pointer: JSONPointer.make(path),
                message: "a schema must be an object or a boolean, found \(schema.typeName)")
        }
    }

    /// A pattern as `SimplePattern` when it is simple enough, else as Swift's `Regex`.
    enum CompiledPattern {
        case simple(SimplePattern)
        case regex(Regex<AnyRegexOutput>)

        func matches(_ s: String) -> Bool {
            switch self {
            case .simple(let p): return p.matches(s)
            case .regex(let r): return (try? r.firstMatch(in: s)) != nil
            }
        }
    }

    @discardableResult
    private func regex(_ pattern: String, at path: [String]) throws(SchemaError) -> CompiledPattern {
        if let cached = patterns[pattern] { return cached }
        if let simple = SimplePattern(pattern) {
            patterns[pattern] = .simple(simple)
            return .simple(simple)
        }
        do {
            let compiled = CompiledPattern.regex(try Regex(pattern))
            patterns[pattern] = compiled
            return compiled
        } catch {
            throw SchemaError(
                pointer: JSONPointer.make(path), message: "pattern \"\(pattern)\" is not a valid regular expression")
        }
    }

    /// The subschema a local `$ref` names: "#" or "#/json/pointer" (percent-decoded).
    func resolveReference(_ ref: String) -> JSONValue? {
        if let known = references[ref] { return known }
        guard ref.hasPrefix("#") else { return nil }
        let fragment = String(ref.dropFirst()).removingPercentEncoding ?? String(ref.dropFirst())
        guard fragment.isEmpty || fragment.hasPrefix("/") else { return nil }
        return JSONPointer.resolve(fragment, in: root)
    }

    // MARK: - Validating

    /// Every way `instance` fails the schema; empty when it is valid.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var errors: [ValidationError] = []
        validate(instance, against: root, at: [], into: &errors, depth: 0)
        return errors
    }

    /// Whether `instance` is valid.
    public func isValid(_ instance: JSONValue) -> Bool { validate(instance).isEmpty }

    private func validate(
        _ instance: JSONValue, against schema: JSONValue, at path: [String], into errors: inout [ValidationError],
        depth: Int
    ) {
        func fail(_ keyword: String, _ message: Message) {
            errors.append(ValidationError(pointer: JSONPointer.make(path), keyword: keyword, message: message))
        }
        guard depth < 200 else { return fail("$ref", Message("schema.refDepth")) }
        let k: Keywords
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("false", Message("schema.false"))
        case .object(let members): k = keywordTable[Self.address(of: members)] ?? keywords(members)
        default: return
        }
        if let target = k.reference {
            validate(instance, against: target, at: path, into: &errors, depth: depth + 1)
        }
        if let allowed = k.types, !allowed.contains(where: { Self.matches(instance, type: $0) }) {
            fail(
                "type",
                Message(
                    "schema.type",
                    [
                        "allowed": .message(.or(allowed.map { Message("type." + $0) })),
                        "found": .message(Message("type." + instance.typeName)),
                        "hint": .message(Self.numberHint(instance, allowed)),
                    ]))
        }
        if let options = k.enumValues, !options.contains(where: { Self.equal($0, instance) }) {
            fail(
                "enum",
                Message(
                    "schema.enum",
                    [
                        "value": .text(Self.brief(instance)),
                        "options": .text(options.map(Self.brief).joined(separator: ", ")),
                    ]))
        }
        if let expected = k.const, !Self.equal(expected, instance) {
            fail(
                "const",
                Message(
                    "schema.const", ["expected": .text(Self.brief(expected)), "found": .text(Self.brief(instance))]))
        }
        switch instance {
        case .number(let n): validateNumber(n, k, fail)
        case .string(let s): validateString(s, k, fail)
        case .array(let elements): validateArray(elements, k, path, &errors, depth)
        case .object(let members): validateObject(members, k, path, &errors, depth)
        default: break
        }
        if let subs = k.allOf {
            for sub in subs { validate(instance, against: sub, at: path, into: &errors, depth: depth + 1) }
        }
        if let subs = k.anyOf {
            let results = subs.map { sub -> [ValidationError] in
                var e: [ValidationError] = []
                validate(instance, against: sub, at: path, into: &e, depth: depth + 1)
                return e
            }
            if !results.contains(where: \.isEmpty) {
                let closest = results.min { $0.count < $1.count } ?? []
                fail(
                    "anyOf",
                    closest.first.map {
                        Message(
                            "schema.anyOfClosest",
                            [
                                "count": .count(subs.count), "pointer": .text($0.pointer),
                                "closest": .message($0.message),
                            ])
                    }
                        ?? Message("schema.anyOf", ["count": .count(subs.count)]))
            }
        }
        if let subs = k.oneOf {
            let passing = subs.filter { sub in
                var e: [ValidationError] = []
                validate(instance, against: sub, at: path, into: &e, depth: depth + 1)
                return e.isEmpty
            }.count
            if passing != 1 {
                fail("oneOf", Message("schema.oneOf", ["passing": .count(passing), "count": .count(subs.count)]))
            }
        }
        if let sub = k.not {
            var e: [ValidationError] = []
            validate(instance, against: sub, at: path, into: &e, depth: depth + 1)
            if e.isEmpty { fail("not", Message("schema.not")) }
        }
    }

    private func validateNumber(_ n: Double, _ k: Keywords, _ fail: (String, Message) -> Void) {
        if let m = k.minimum, n < m {
            fail(
                "minimum",
                Message(
                    "schema.minimum", ["value": .text(Self.brief(.number(n))), "limit": .text(Self.brief(.number(m)))]))
        }
        if let m = k.maximum, n > m {
            fail(
                "maximum",
                Message(
                    "schema.maximum", ["value": .text(Self.brief(.number(n))), "limit": .text(Self.brief(.number(m)))]))
        }
        if let m = k.exclusiveMinimum, n <= m {
            fail(
                "exclusiveMinimum",
                Message(
                    "schema.exclusiveMinimum",
                    ["value": .text(Self.brief(.number(n))), "limit": .text(Self.brief(.number(m)))]))
        }
        if let m = k.exclusiveMaximum, n >= m {
            fail(
                "exclusiveMaximum",
                Message(
                    "schema.exclusiveMaximum",
                    ["value": .text(Self.brief(.number(n))), "limit": .text(Self.brief(.number(m)))]))
        }
        if let m = k.multipleOf, m > 0, !Self.isMultiple(n, of: m) {
            fail(
                "multipleOf",
                Message(
                    "schema.multipleOf",
                    ["value": .text(Self.brief(.number(n))), "limit": .text(Self.brief(.number(m)))]))
        }
    }

    /// Decides in decimal, as the numbers are written (0.0075 is a multiple of 0.0001).
    static func isMultiple(_ n: Double, of m: Double) -> Bool {
        guard (n / m).isFinite else { return false }
        guard let a = Decimal(string: ECMAScriptNumber.format(n)), let b = Decimal(string: ECMAScriptNumber.format(m))
        else { return false }
        var quotient = a / b
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, .plain)
        return whole == quotient
    }

    private func validateString(_ s: String, _ k: Keywords, _ fail: (String, Message) -> Void) {
        // Counting scalars walks the string: only when a length is asked for.
        let length = k.minLength == nil && k.maxLength == nil ? 0 : s.unicodeScalars.count
        if let m = k.minLength, Double(length) < m {
            fail("minLength", Message("schema.minLength", ["length": .count(length), "limit": .count(Int(m))]))
        }
        if let m = k.maxLength, Double(length) > m {
            fail("maxLength", Message("schema.maxLength", ["length": .count(length), "limit": .count(Int(m))]))
        }
        if let (p, re) = k.pattern, !Self.matches(re, s) {
            fail("pattern", Message("schema.pattern", ["value": .text(Self.brief(.string(s))), "pattern": .text(p)]))
        }
    }

    private func validateArray(
        _ elements: [JSONValue], _ k: Keywords, _ path: [String], _ errors: inout [ValidationError], _ depth: Int
    ) {
        func fail(_ keyword: String, _ message: Message) {
            errors.append(ValidationError(pointer: JSONPointer.make(path), keyword: keyword, message: message))
        }
        if let m = k.minItems, Double(elements.count) < m {
            fail("minItems", Message("schema.minItems", ["count": .count(elements.count), "limit": .count(Int(m))]))
        }
        if let m = k.maxItems, Double(elements.count) > m {
            fail("maxItems", Message("schema.maxItems", ["count": .count(elements.count), "limit": .count(Int(m))]))
        }
        if k.uniqueItems {
            outer: for i in elements.indices {
                for j in elements.indices where j > i && Self.equal(elements[i], elements[j]) {
                    fail(
                        "uniqueItems",
                        Message("schema.uniqueItems", ["first": .text(String(i)), "second": .text(String(j))]))
                    break outer
                }
            }
        }
        var prefixCount = 0
        if let prefix = k.prefixItems {
            prefixCount = prefix.count
            for (i, sub) in prefix.enumerated() where i < elements.count {
                validate(elements[i], against: sub, at: path + [String(i)], into: &errors, depth: depth + 1)
            }
        }
        if let items = k.items {
            for i in elements.indices where i >= prefixCount {
                validate(elements[i], against: items, at: path + [String(i)], into: &errors, depth: depth + 1)
            }
        }
    }

    private func validateObject(
        _ members: [JSONValue.Member], _ k: Keywords, _ path: [String], _ errors: inout [ValidationError], _ depth: Int
    ) {
        func fail(_ keyword: String, _ message: Message) {
            errors.append(ValidationError(pointer: JSONPointer.make(path), keyword: keyword, message: message))
        }
        if let required = k.required {
            for name in required where !members.contains(where: { sameScalars($0.name, name) }) {
                fail("required", Message("schema.required", ["name": .text(name)]))
            }
        }
        for member in members {
            var matched = false
            if let sub = k.properties?[member: member.name] {
                matched = true
                validate(member.value, against: sub, at: path + [member.name], into: &errors, depth: depth + 1)
            }
            for (re, sub) in k.patternProperties where Self.matches(re, member.name) {
                matched = true
                validate(member.value, against: sub, at: path + [member.name], into: &errors, depth: depth + 1)
            }
            if !matched, let additional = k.additionalProperties {
                if additional == .bool(false) {
                    errors.append(
                        ValidationError(
                            pointer: JSONPointer.make(path + [member.name]), keyword: "additionalProperties",
                            message: Message("schema.additionalProperties", ["name": .text(member.name)])))
                } else {
                    validate(
                        member.value, against: additional, at: path + [member.name], into: &errors, depth: depth + 1)
                }
            }
        }
    }

    /// The keywords of one schema object, as validating reads them (a class: looked up once
    /// per value validated, where copying a struct of this size cost more than the checks).
    final class Keywords {
        var reference: JSONValue?
        var types: [String]?
        var enumValues: [JSONValue]?
        var const: JSONValue?
        var allOf: [JSONValue]?, anyOf: [JSONValue]?, oneOf: [JSONValue]?
        var not: JSONValue?
        var minimum: Double?, maximum: Double?, exclusiveMinimum: Double?, exclusiveMaximum: Double?,
            multipleOf: Double?
        var minLength: Double?, maxLength: Double?
        var pattern: (String, CompiledPattern)?
        var minItems: Double?, maxItems: Double?
        var uniqueItems = false
        var prefixItems: [JSONValue]?
        var items: JSONValue?
        var required: [String]?
        var properties: JSONValue?
        var patternProperties: [(CompiledPattern, JSONValue)] = []
        var additionalProperties: JSONValue?
    }

    /// Picks the keywords out of a schema object (its first member of each name, as the
    /// lookups by name did).
    private func keywords(_ members: [JSONValue.Member]) -> Keywords {
        func array(_ value: JSONValue) -> [JSONValue]? {
            if case .array(let elements) = value { return elements }
            return nil
        }
        let k = Keywords()
        // One pass over the members, last to first, so that a name given twice takes its first
        // value (as a member lookup does); keywords are ASCII, and an ASCII name equals one
        // exactly when their bytes do (a lookup per keyword cost 19,000 name comparisons).
        for member in members.reversed() where member.name.utf8.allSatisfy({ $0 < 0x80 }) {
            let value = member.value
            switch member.name {
            case "$ref": k.reference = value.stringValue.flatMap(resolveReference)
            case "type":
                switch value {
                case .string(let t): k.types = [t]
                case .array(let ts): k.types = ts.compactMap(\.stringValue)
                default: k.types = []
                }
            case "enum": k.enumValues = array(value)
            case "const": k.const = value
            case "allOf": k.allOf = array(value)
            case "anyOf": k.anyOf = array(value)
            case "oneOf": k.oneOf = array(value)
            case "not": k.not = value
            case "minimum": k.minimum = value.numberValue
            case "maximum": k.maximum = value.numberValue
            case "exclusiveMinimum": k.exclusiveMinimum = value.numberValue
            case "exclusiveMaximum": k.exclusiveMaximum = value.numberValue
            case "multipleOf": k.multipleOf = value.numberValue
            case "minLength": k.minLength = value.numberValue
            case "maxLength": k.maxLength = value.numberValue
            case "pattern": k.pattern = value.stringValue.flatMap { p in patterns[p].map { (p, $0) } }
            case "minItems": k.minItems = value.numberValue
            case "maxItems": k.maxItems = value.numberValue
            case "uniqueItems": k.uniqueItems = value == .bool(true)
            case "prefixItems": k.prefixItems = array(value)
            case "items": k.items = value
            case "required": k.required = array(value)?.compactMap(\.stringValue)
            case "properties": k.properties = value
            case "patternProperties":
                if case .object(let pp) = value {
                    k.patternProperties = pp.compactMap { m in patterns[m.name].map { ($0, m.value) } }
                } else {
                    k.patternProperties = []
                }
            case "additionalProperties": k.additionalProperties = value
            default: break
            }
        }
        return k
    }

    /// Where an array's elements are stored: the same for every copy of the array.
    private static func address(of members: [JSONValue.Member]) -> Int {
        members.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    }

    // MARK: - JSON semantics

    static func matches(_ re: CompiledPattern, _ s: String) -> Bool { re.matches(s) }

    /// For a number written as text the way clerks write it ("1,236.95", "338.26万", "95%"):
    /// the value and how to write it; empty otherwise.
    static func numberHint(_ instance: JSONValue, _ allowed: [String]) -> Message {
        guard allowed.contains("number") || allowed.contains("integer"), case .string(let text) = instance else {
            return Message("empty")
        }
        var digits = text.trimmingCharacters(in: .whitespaces)
        var unit = ""
        for suffix in ["万元", "万", "元", "%", "分", "人"] where digits.hasSuffix(suffix) {
            unit = suffix
            digits = String(digits.dropLast(suffix.count))
            break
        }
        digits = digits.filter { $0 != "," && $0 != "，" && $0 != " " }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
            Double(digits) != nil
        else { return Message("empty") }
        let key =
            unit.isEmpty ? "schema.numberHint" : unit == "%" ? "schema.numberHintPercent" : "schema.numberHintUnit"
        return Message(key, ["text": .text(text), "digits": .text(digits), "unit": .text(unit)])
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let d)): return d == d.rounded(.towardZero)
        default: return false
        }
    }

    /// JSON Schema equality: numbers by value, objects regardless of member order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { m in b[member: m.name].map { equal(m.value, $0) } ?? false }
        default: return a == b
        }
    }

    static func brief(_ value: JSONValue) -> String {
        let text = String(decoding: CanonicalJSON.rfc8785(value), as: UTF8.self)
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}

/// A schema that cannot be used: where in the schema and why.
public struct SchemaError: Error, CustomStringConvertible, Sendable {
    public var pointer: String
    public var message: String
    public var description: String { "schema\(pointer.isEmpty ? "" : " at " + pointer) \(message)" }
}

/// One way an instance fails its schema: the instance location (RFC 6901), the keyword, and why.
public struct ValidationError: Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var keyword: String
    /// Why, in either language (`schema.*` in the message catalogue).
    public var message: Message
    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message) (\(keyword))" }
}
