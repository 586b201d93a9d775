/// One thing `vault check` found: which rule, how serious, what it says in Chinese and
/// English, the figures involved, and what was expected versus found.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// The rule's id, e.g. `sum.basic`, `rate.execution`, `schema`.
    public var rule: String
    public var severity: Severity
    /// The finding in Chinese, with the captions reviewers use.
    public var messageZH: String
    /// The finding in English.
    public var message: String
    /// The figures involved: pointer and value as stored (nil when absent).
    public var figures: [(path: String, value: String?)]
    /// The value the rule expects, as exact decimal text (nil when not numeric).
    public var expected: String?
    /// The value found.
    public var found: String?

    /// The line of the file the finding is about: where its first figure is written, or the
    /// nearest enclosing value that is (a missing member is reported at its object).
    public func line(in lines: JSONLineMap) -> Int? {
        guard var tokens = figures.first.flatMap({ JSONPointer.tokens($0.path) }) else { return nil }
        while true {
            if let line = lines.line(at: tokens) { return line }
            if tokens.isEmpty { return nil }
            tokens.removeLast()
        }
    }

    /// What it says, in either language.
    public var text: Message { .literal(en: message, zh: messageZH) }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.rule == b.rule && a.severity == b.severity && a.message == b.message && a.messageZH == b.messageZH
            && a.figures.map(\.path) == b.figures.map(\.path) && a.figures.map(\.value) == b.figures.map(\.value)
            && a.expected == b.expected && a.found == b.found
    }

    /// As JSON for `--json` outputs.
    public var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("rule", .string(rule)),
            .init("severity", .string(severity.rawValue)),
            .init("message", .object([.init("zh", .string(messageZH)), .init("en", .string(message))])),
            .init(
                "figures",
                .array(
                    figures.map { f in
                        .object([
                            .init("path", .string(f.path)),
                            .init("value", f.value.flatMap { Double($0) }.map(JSONValue.number) ?? .null),
                        ])
                    })),
        ]
        members.append(.init("expected", expected.map(JSONValue.string) ?? .null))
        members.append(.init("found", found.map(JSONValue.string) ?? .null))
        return .object(members)
    }
}
