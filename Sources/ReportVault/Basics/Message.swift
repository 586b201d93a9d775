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
        // Braces looked for among the bytes: walking a Chinese sentence by Characters cost
        // ~70 K instructions a template, and every command fills a hundred help lines.
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), hash = UInt8(ascii: "#")
        guard template.utf8.contains(open) else { return template }
        var out = ""
        var rest = Substring(template)
        while let start = rest.utf8.firstIndex(of: open), let end = rest.utf8[start...].firstIndex(of: close) {
            out += rest[..<start]
            let inside = rest[rest.utf8.index(after: start)..<end]
            if let mark = inside.utf8.firstIndex(of: hash) {
                out += value(String(inside[..<mark]), String(inside[inside.utf8.index(after: mark)...]))
            } else {
                out += value(String(inside), nil)
            }
            rest = rest[rest.utf8.index(after: end)...]
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
    /// The file's bytes, and where each key's form in each language is in them: a form is
    /// decoded only when a sentence uses it (every command loads the catalogue, and most
    /// print a sentence or two of its 665).
    private let bytes: [UInt8]
    private let forms: [String: [Language: Range<Int>]]

    /// Key → language → template, every form decoded.
    public var entries: [String: [Language: String]] {
        forms.mapValues { $0.compactMapValues { decode($0) } }
    }

    /// The catalogue shipped with the library (empty when its file is missing: messages then
    /// show their keys and values, and the command still says what happened).
    public static let shared: MessageCatalogue = (try? load(BundledResource.locate(resourceName))) ?? MessageCatalogue(bytes: [], forms: [:])

    public static let resourceName = "messages.json"

    private init(bytes: [UInt8], forms: [String: [Language: Range<Int>]]) {
        self.bytes = bytes
        self.forms = forms
    }

    /// Reads a catalogue file: `{"key": {"en": "…", "zh": "…"}, …}`, noting where each form
    /// is; a file of any other shape is refused.
    static func load(_ path: String?) throws -> MessageCatalogue {
        guard let path, let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileNoSuchFile) }
        let bytes = [UInt8](data)
        var scanner = CatalogueScanner(bytes: bytes)
        guard let forms = scanner.catalogue() else { throw CocoaError(.fileReadCorruptFile) }
        return MessageCatalogue(bytes: bytes, forms: forms)
    }

    func template(_ key: String, _ language: Language) -> String? {
        guard let byLanguage = forms[key] else { return nil }
        return (byLanguage[language] ?? byLanguage[.en]).flatMap(decode)
    }

    private func decode(_ range: Range<Int>) -> String? {
        guard case .string(let text)? = try? JSONParser.parse(bytes[range]) else { return nil }
        return text
    }
}

/// Reads the shape of a catalogue file — an object of objects of strings — and where each
/// string is, without decoding the strings.
private struct CatalogueScanner {
    let bytes: [UInt8]
    var i = 0

    mutating func catalogue() -> [String: [Language: Range<Int>]]? {
        var out: [String: [Language: Range<Int>]] = [:]
        guard take(UInt8(ascii: "{")) else { return nil }
        if take(UInt8(ascii: "}")) { return out }
        repeat {
            guard let key = string().flatMap(text), take(UInt8(ascii: ":")), take(UInt8(ascii: "{")) else { return nil }
            var byLanguage: [Language: Range<Int>] = [:]
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let name = string().flatMap(text), take(UInt8(ascii: ":")), let form = string() else { return nil }
                    if let language = Language(rawValue: name) { byLanguage[language] = form }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            out[key] = byLanguage
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")) else { return nil }
        space()
        return i == bytes.count ? out : nil
    }

    private mutating func space() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Consumes `byte` (after any white space) if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        space()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// The range of the string literal next, quotes included.
    private mutating func string() -> Range<Int>? {
        space()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""):
                i += 1
                return start..<i
            case 0..<0x20: return nil
            default: i += 1
            }
        }
        return nil
    }

    private func text(_ range: Range<Int>) -> String? {
        let inner = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        guard case .string(let text)? = try? JSONParser.parse(bytes[range]) else { return nil }
        return text
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
