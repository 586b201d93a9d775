import Foundation

/// The language a user reads: Chinese when `VAULT_LANG` or the locale says so, else English.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// `VAULT_LANG`, else the POSIX locale for messages — `LC_ALL`, then `LC_MESSAGES`, then
    /// `LANG` — decides: a value starting with `zh` means Chinese. Read once per process.
    public static let current = from(environment: ProcessInfo.processInfo.environment)

    /// The language an environment asks for (the first of the variables that is set and not empty).
    public static func from(environment: [String: String]) -> Language {
        for name in ["VAULT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }
}

/// A sentence the user reads, as a catalogue key with its values; rendered in either
/// language from `Resources/messages.json` (``MessageCatalogue``).
///
/// A template names its values in braces: `{file}: no such file`. `{n#report|reports}` writes
/// the count and the noun in the right number (English); a value that is itself a message is
/// rendered in the same language.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// A value put into a template.
    public indirect enum Value: Sendable, Equatable {
        case text(String)
        case message(Message)
        case count(Int)
    }

    public let key: String
    public let values: [String: Value]

    public init(_ key: String, _ values: [String: Value] = [:]) {
        self.key = key
        self.values = values
    }

    /// "a or b or c", joined in the language it is rendered in.
    public static func or(_ items: [Message]) -> Message {
        guard let first = items.first else { return Message("empty") }
        return items.dropFirst().reduce(first) { Message("list.or", ["first": .message($0), "second": .message($1)]) }
    }

    /// A sentence made elsewhere in both languages (a finding's text).
    public static func literal(en: String, zh: String) -> Message { Message("literal", ["en": .text(en), "zh": .text(zh)]) }

    /// The English sentence (logs, tests, `description`).
    public var description: String { text(.en) }

    /// The sentence in the user's language.
    public var localized: String { text(.current) }

    /// The sentence in `language`; a key missing from the catalogue renders as the key and its values.
    public func text(_ language: Language) -> String {
        guard let template = MessageCatalogue.shared.template(key, language) else {
            let listed = values.keys.sorted().map { "\($0)=\(render(values[$0]!, language))" }
            return ([key] + listed).joined(separator: " ")
        }
        return Self.fill(template) { name, forms in
            guard let value = values[name] else { return "{\(name)}" }
            if case .count(let n) = value, let forms {
                let nouns = forms.split(separator: "|", omittingEmptySubsequences: false)
                return "\(n) \(n == 1 || nouns.count < 2 ? nouns[0] : nouns[1])"
            }
            return render(value, language)
        }
    }

    private func render(_ value: Value, _ language: Language) -> String {
        switch value {
        case .text(let s): s
        case .message(let m): m.text(language)
        case .count(let n): String(n)
        }
    }

    /// Replaces each `{name}` or `{name#forms}` of `template` with what `value` returns.
    static func fill(_ template: String, _ value: (String, String?) -> String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let inside = rest[rest.index(after: open)..<close]
            if let hash = inside.firstIndex(of: "#") {
                out += value(String(inside[..<hash]), String(inside[inside.index(after: hash)...]))
            } else {
                out += value(String(inside), nil)
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The names a template uses, for the catalogue's completeness test.
    static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        _ = fill(template) { name, _ in
            names.insert(name)
            return ""
        }
        return names
    }
}

extension Message.Value: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
}

/// The sentences of the interface in both languages, read once from `messages.json`.
public struct MessageCatalogue: Sendable {
    /// Key → language → template.
    public let entries: [String: [Language: String]]

    /// The catalogue shipped with the library (empty when its file is missing: messages then
    /// show their keys and values, and the command still says what happened).
    public static let shared: MessageCatalogue = (try? load(BundledResource.locate(resourceName))) ?? MessageCatalogue(entries: [:])

    public static let resourceName = "messages.json"

    init(entries: [String: [Language: String]]) { self.entries = entries }

    /// Reads a catalogue file: `{"key": {"en": "…", "zh": "…"}, …}`.
    static func load(_ path: String?) throws -> MessageCatalogue {
        guard let path, let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileNoSuchFile) }
        // The library's own parser: several times faster here than JSONSerialization, and every
        // command that prints a sentence pays for this load.
        guard case .object(let members) = try JSONParser.parse([UInt8](data)) else { throw CocoaError(.fileReadCorruptFile) }
        var entries: [String: [Language: String]] = [:]
        entries.reserveCapacity(members.count)
        for member in members {
            guard case .object(let forms) = member.value else { continue }
            var byLanguage: [Language: String] = [:]
            for form in forms {
                if let language = Language(rawValue: form.name), case .string(let text) = form.value { byLanguage[language] = text }
            }
            entries[member.name] = byLanguage
        }
        return MessageCatalogue(entries: entries)
    }

    func template(_ key: String, _ language: Language) -> String? {
        entries[key]?[language] ?? entries[key]?[.en]
    }
}

/// The resource files shipped beside the library.
enum BundledResource {
    /// Where a bundled resource is: $VAULT_RESOURCES, else the resource folder SwiftPM puts
    /// beside the executable (also when the executable is reached through a symbolic link).
    static func locate(_ resource: String) -> String? {
        var folders: [URL] = []
        // A folder holding the resources themselves (the fuzz build runs from the source tree).
        if let folder = ProcessInfo.processInfo.environment["VAULT_RESOURCES"], !folder.isEmpty {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(resource)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("ReportVault_ReportVault.resources").appendingPathComponent(resource)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return nil
    }
}
