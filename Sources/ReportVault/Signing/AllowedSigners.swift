import Foundation

/// Who may sign submissions: an allowed-signers file in the format of git's
/// `gpg.ssh.allowedSignersFile` and `ssh-keygen -Y verify -f` — one key a line,
/// `principal[,principal…] [options] keytype base64key [comment]`, `#` comments.
///
/// The options `namespaces="…"` (the namespace must match one of the patterns) and
/// `valid-after` / `valid-before` (compared with the tagger's date, as git does) are honoured;
/// a `cert-authority` line names a certificate authority, which vault does not check
/// certificates against, so such a line allows no plain key.
public struct AllowedSigners: Sendable {
    /// One key and who it belongs to.
    public struct Entry: Sendable {
        /// As written: `wang@example.cn` or `wang@example.cn,王会计`.
        public var principals: String
        public var key: SSHPublicKey
        var namespaces: [String]?
        var validAfter: Int64?
        var validBefore: Int64?
        var certificateAuthority = false
        /// The line in the file.
        public var line: Int
    }

    public var entries: [Entry] = []
    /// Lines that are neither blank, a comment nor an entry (1-based).
    public var malformedLines: [Int] = []

    /// Reads `file`; a missing or unreadable file throws, malformed lines are listed.
    public static func load(_ file: String) throws(SigningError) -> AllowedSigners {
        guard FileManager.default.fileExists(atPath: file) else { throw .signersFileMissing(file: file) }
        guard let data = FileManager.default.contents(atPath: file) else { throw .signersFileUnreadable(file: file) }
        return parse(String(decoding: data, as: UTF8.self))
    }

    static func parse(_ text: String) -> AllowedSigners {
        var signers = AllowedSigners()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let entry = Self.entry(line, number: i + 1) {
                signers.entries.append(entry)
            } else {
                signers.malformedLines.append(i + 1)
            }
        }
        return signers
    }

    /// `principals [options] keytype base64 [comment]`.
    static func entry(_ line: String, number: Int) -> Entry? {
        var words = Self.words(line)
        guard words.count >= 3 else { return nil }
        let principals = words.removeFirst()
        var options: [String] = []
        if SSHPublicKey(type: words[0], base64: words.count > 1 ? words[1] : "") == nil {
            options = Self.options(words.removeFirst())
        }
        guard words.count >= 2, let key = SSHPublicKey(type: words[0], base64: words[1]) else { return nil }
        var entry = Entry(principals: principals, key: key, line: number)
        for option in options {
            let (name, value) =
                option.firstIndex(of: "=").map {
                    (option[..<$0].lowercased(), String(option[option.index(after: $0)...]))
                } ?? (option.lowercased(), "")
            let unquoted =
                value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : value
            switch name {
            case "namespaces": entry.namespaces = unquoted.split(separator: ",").map(String.init)
            case "valid-after":
                guard let t = Self.time(unquoted) else { return nil }
                entry.validAfter = t
            case "valid-before":
                guard let t = Self.time(unquoted) else { return nil }
                entry.validBefore = t
            case "cert-authority": entry.certificateAuthority = true
            default: return nil
            }
        }
        return entry
    }

    /// The entries that allow `key` to sign in `namespace` at `time` (seconds since 1970).
    public func entries(for key: SSHPublicKey, namespace: String = "git", at time: Int64) -> [Entry] {
        entries.filter { e in
            e.key == key && !e.certificateAuthority
                && (e.namespaces.map { $0.contains { Self.matches($0, namespace) } } ?? true)
                && (e.validAfter.map { time >= $0 } ?? true) && (e.validBefore.map { time < $0 } ?? true)
        }
    }

    // MARK: - Parsing

    /// Words separated by blanks; a double-quoted part may hold blanks.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() }
            if !quoted && (c == " " || c == "\t") {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Options separated by commas outside double quotes.
    static func options(_ word: String) -> [String] {
        var options: [String] = []
        var current = ""
        var quoted = false
        for c in word {
            if c == "\"" { quoted.toggle() }
            if c == "," && !quoted {
                options.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        options.append(current)
        return options.filter { !$0.isEmpty }
    }

    /// `YYYYMMDD[HHMM[SS]][Z]` as ssh-keygen reads it (UTC with `Z`, else local time).
    static func time(_ text: String) -> Int64? {
        var digits = text
        let utc = digits.hasSuffix("Z") || digits.hasSuffix("z")
        if utc { digits.removeLast() }
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return nil
        }
        let n = digits.map { Int(String($0))! }
        func number(_ from: Int, _ count: Int) -> Int { n[from..<from + count].reduce(0) { $0 * 10 + $1 } }
        var parts = DateComponents(year: number(0, 4), month: number(4, 2), day: number(6, 2))
        if digits.count >= 12 { (parts.hour, parts.minute) = (number(8, 2), number(10, 2)) }
        if digits.count == 14 { parts.second = number(12, 2) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(identifier: "UTC")! : .current
        return calendar.date(from: parts).map { Int64($0.timeIntervalSince1970) }
    }

    /// ssh's pattern match: `*` any run, `?` any one character.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return (j...t.count).contains { match(i + 1, $0) } }
            return j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
