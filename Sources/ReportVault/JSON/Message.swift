import Foundation

/// The language a user reads: Chinese when `VAULT_LANG` or the locale says so, else English.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// `VAULT_LANG`, else the POSIX locale for messages — `LC_ALL`, then `LC_MESSAGES`, then
    /// `LANG` — decides: a value starting with `zh` means Chinese. Read once per process.
    public static let current = from(
        environment: ["VAULT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"].reduce(into: [:]) {
            $0[$1] = ProcessEnvironment[$1]
        })

    /// The language an environment asks for (the first of the variables that is set and not empty).
    public static func from(environment: [String: String]) -> Language {
        for name in ["VAULT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }

    /// The language's place in `allCases`.
    package var position: Int {
        switch self {
        case .en: 0
        case .zh: 1
        }
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
    public static func literal(en: String, zh: String) -> Message {
        Message("literal", ["en": .text(en), "zh": .text(zh)])
    }

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
    package static func fill(_ template: String, _ value: (String, String?) -> String) -> String {
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
    package static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        _ = fill(template) { name, _ in
            names.insert(name)
            return ""
        }
        return names
    }

    /// `messages` in one sentence, separated by semicolons (an empty list: nothing).
    public static func joined(_ messages: [Message]) -> Message {
        guard var result = messages.last else { return Message("list.empty") }
        for message in messages.dropLast().reversed() {
            result = Message("list.semicolon", ["first": .message(message), "rest": .message(result)])
        }
        return result
    }
}

extension Message.Value: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
}

/// The sentences of the interface in both languages, read once from `messages.json`.
public struct MessageCatalogue: Sendable {
    /// The file's bytes, and each key's name (quotes excluded) with where its object of forms
    /// starts, sorted by name: a sentence is found by a binary search and decoded only when
    /// used (every command loads the catalogue, and most print a sentence or two of its 665).
    private let bytes: [UInt8]
    private let index: [(name: Range<Int>, forms: Int)]

    /// Key → language → template, every form decoded.
    public var entries: [String: [Language: String]] {
        var out: [String: [Language: String]] = [:]
        for entry in index {
            var scanner = CatalogueScanner(bytes: bytes, at: entry.forms)
            var forms: [Language: String] = [:]
            if let found = scanner.forms() {
                for language in Language.allCases { forms[language] = found[language.position].flatMap(decode) }
            }
            out[String(decoding: bytes[entry.name], as: UTF8.self)] = forms
        }
        return out
    }

    /// The catalogue shipped with the library (empty when its file is missing: messages then
    /// show their keys and values, and the command still says what happened).
    /// A read the system refused once (EIO, EINTR, a descriptor limit) is tried again: a clerk
    /// should read sentences, not keys.
    public static let shared: MessageCatalogue = {
        let path = BundledResource.locate(resourceName)
        for attempt in 0..<4 {
            if let catalogue = try? load(path) { return catalogue }
            if path == nil { break }
            usleep(UInt32(1_000 << attempt))
        }
        return MessageCatalogue(bytes: [], index: [])
    }()

    public static let resourceName = "messages.json"

    private init(bytes: [UInt8], index: [(name: Range<Int>, forms: Int)]) {
        self.bytes = bytes
        self.index = index
    }

    /// Reads a catalogue file: `{"key": {"en": "…", "zh": "…"}, …}`, noting where each key
    /// is; a file of any other shape is refused. The shipped file's layout (canonical: one
    /// member per line, keys sorted) is indexed from its lines, without reading every byte
    /// as JSON (a quarter of a command's start-up otherwise).
    package static func load(_ path: String?) throws -> MessageCatalogue {
        guard let path, let bytes = FileBytes.read(path) else { throw CocoaError(.fileNoSuchFile) }
        if let index = CatalogueScanner.linesIndex(bytes) { return MessageCatalogue(bytes: bytes, index: index) }
        var scanner = CatalogueScanner(bytes: bytes)
        guard let index = scanner.catalogue() else { throw CocoaError(.fileReadCorruptFile) }
        return MessageCatalogue(bytes: bytes, index: index)
    }

    package func template(_ key: String, _ language: Language) -> String? {
        guard let at = position(of: key) else { return nil }
        var scanner = CatalogueScanner(bytes: bytes, at: index[at].forms)
        guard let byLanguage = scanner.forms() else { return nil }
        return (byLanguage[language.position] ?? byLanguage[Language.en.position]).flatMap(decode)
    }

    /// The index entry of `key` (binary search by bytes).
    private func position(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { wanted -> Int? in
            bytes.withUnsafeBufferPointer { all -> Int? in
                var low = 0, high = index.count
                while low < high {
                    let middle = (low + high) / 2
                    let name = index[middle].name
                    let order = CatalogueScanner.compare(UnsafeBufferPointer(rebasing: all[name]), wanted)
                    if order == 0 { return middle }
                    if order < 0 { low = middle + 1 } else { high = middle }
                }
                return nil
            }
        }
    }

    /// A form's text: its bytes as they are when it has no escapes (most), else as the JSON
    /// parser reads the literal.
    private func decode(_ range: Range<Int>) -> String? {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        let plain = bytes.withUnsafeBufferPointer { all -> String?? in
            let text = UnsafeBufferPointer(rebasing: all[inner])
            guard let start = text.baseAddress, memchr(start, 0x5C, text.count) != nil else {
                return String(validating: text, as: UTF8.self)
            }
            return nil
        }
        if let plain { return plain }
        guard case .string(let text)? = try? JSONParser.parse(bytes[range]) else { return nil }
        return text
    }
}

/// Reads the shape of a catalogue file — an object of objects of strings — and where each
/// string is, without decoding the strings.
private struct CatalogueScanner {
    package let bytes: [UInt8]
    package var i = 0

    package init(bytes: [UInt8], at start: Int = 0) {
        self.bytes = bytes
        self.i = start
    }

    /// Byte order of two names (the order of keys in a canonical file, whose keys are ASCII).
    package static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let order = memcmp(pa, pb, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// The index of a file in the shipped layout: `{`, then each key on a line of its own
    /// indented by two spaces (`  "key": {`), the keys without escapes and strictly in byte
    /// order, and nothing else at that indentation but the closing `  }` of each; nil for any
    /// other layout (which ``catalogue()`` then reads in full).
    package static func linesIndex(_ bytes: [UInt8]) -> [(name: Range<Int>, forms: Int)]? {
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "{"), bytes[1] == 0x0A else { return nil }
        let quote = UInt8(ascii: "\""), space = UInt8(ascii: " ")
        var index: [(name: Range<Int>, forms: Int)] = []
        index.reserveCapacity(1024)
        let ok = bytes.withUnsafeBufferPointer { all -> Bool in
            guard let base = all.baseAddress else { return false }
            var line = 2
            var closed = false  // the file's closing brace was seen: nothing may follow it
            while line < all.count {
                // The next line's start, found with memchr.
                let rest = all.count - line
                let next =
                    memchr(base + line, 0x0A, rest).map {
                        UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base + 1
                    } ?? all.count
                defer { line = next }
                if closed { return false }
                guard next - line >= 3, all[line] == space, all[line + 1] == space else {
                    // Only the file's closing brace is not indented, on the last line.
                    guard all[line] == UInt8(ascii: "}"), next - line <= 2 else { return false }
                    closed = true
                    continue
                }
                if all[line + 2] == space { continue }  // a form, at four spaces
                if all[line + 2] == UInt8(ascii: "}") { continue }  // a key's closing brace
                guard all[line + 2] == quote else { return false }
                var end = line + 3
                while end < next, all[end] != quote {
                    if all[end] == UInt8(ascii: "\\") || all[end] < 0x20 { return false }
                    end += 1
                }
                // `"key": {` and the line's end.
                guard end + 4 < next, all[end + 1] == UInt8(ascii: ":"), all[end + 2] == space,
                    all[end + 3] == UInt8(ascii: "{")
                else { return false }
                let name = (line + 3)..<end
                if let last = index.last,
                    compare(UnsafeBufferPointer(rebasing: all[last.name]), UnsafeBufferPointer(rebasing: all[name]))
                        >= 0
                {
                    return false
                }
                index.append((name, end + 3))
            }
            return closed
        }
        return ok ? index : nil
    }

    /// The whole file, checked: the keys' names and their objects' starts, sorted by name
    /// (a key given twice: the later one, as a JSON reader keeps).
    package mutating func catalogue() -> [(name: Range<Int>, forms: Int)]? {
        var found: [(name: Range<Int>, forms: Int)] = []
        guard take(UInt8(ascii: "{")) else { return nil }
        if !take(UInt8(ascii: "}")) {
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                space()
                let start = i
                guard forms() != nil, let name = plainName(key) else { return nil }
                found.append((name, start))
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        space()
        guard i == bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            var sorted: [(name: Range<Int>, forms: Int)] = []
            // Stable sort, then the last of equal names kept.
            for entry in found.enumerated().sorted(by: {
                let order = Self.compare(
                    UnsafeBufferPointer(rebasing: all[$0.element.name]),
                    UnsafeBufferPointer(rebasing: all[$1.element.name]))
                return order != 0 ? order < 0 : $0.offset < $1.offset
            }).map(\.element) {
                if let last = sorted.last,
                    Self.compare(
                        UnsafeBufferPointer(rebasing: all[last.name]), UnsafeBufferPointer(rebasing: all[entry.name]))
                        == 0
                {
                    sorted[sorted.count - 1] = entry
                } else {
                    sorted.append(entry)
                }
            }
            return sorted
        }
    }

    /// An object of forms (`{"en": "…", "zh": "…"}`) at the scanner's place: each known
    /// language's string literal, quotes included (by language, in the order of `allCases`).
    package mutating func forms() -> [Range<Int>?]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var byLanguage = [Range<Int>?](repeating: nil, count: Language.allCases.count)
        if !take(UInt8(ascii: "}")) {
            repeat {
                guard let name = string(), take(UInt8(ascii: ":")), let form = string() else { return nil }
                if let plain = plainName(name),
                    let language = Language(rawValue: String(decoding: bytes[plain], as: UTF8.self))
                {
                    byLanguage[language.position] = form
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        return byLanguage
    }

    /// A string literal's inside when it has no escapes (every key and language name of the
    /// catalogue; a name with escapes is refused).
    private func plainName(_ literal: Range<Int>) -> Range<Int>? {
        let inner = (literal.lowerBound + 1)..<(literal.upperBound - 1)
        return bytes[inner].contains(UInt8(ascii: "\\")) ? nil : inner
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
        let end = bytes.withUnsafeBufferPointer { all -> Int? in
            var j = start + 1
            while j < all.count {
                switch all[j] {
                case UInt8(ascii: "\\"): j += 2
                case UInt8(ascii: "\""): return j + 1
                case 0..<0x20: return nil
                default: j += 1
                }
            }
            return nil
        }
        guard let end else { return nil }
        i = end
        return start..<end
    }
}

/// The resource files shipped beside the library.
package enum BundledResource {
    /// Where a bundled resource is: $VAULT_RESOURCES, else the resource folder SwiftPM puts
    /// beside the executable (also when the executable is reached through a symbolic link).
    package static func locate(_ resource: String) -> String? {
        // A folder holding the resources themselves (the fuzz build runs from the source tree).
        if let folder = ProcessEnvironment.nonEmpty("VAULT_RESOURCES") {
            let candidate = folder + "/" + resource
            if access(candidate, F_OK) == 0 { return candidate }
        }
        // The running executable's own folder, symbolic links resolved, as Linux names it:
        // found without starting Foundation's Bundle (≈ 1.4 M instructions).
        if let executable = runningExecutable, let slash = executable.lastIndex(of: "/") {
            let candidate = executable[..<slash] + "/ReportVault_ReportVault.resources/" + resource
            if access(candidate, F_OK) == 0 { return candidate }
        }
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("ReportVault_ReportVault.resources").appendingPathComponent(
                resource)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return nil
    }

    /// The path of the running executable from `/proc/self/exe` (nil elsewhere).
    private static let runningExecutable: String? = {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
