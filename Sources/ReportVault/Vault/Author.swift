import Foundation

/// Who is committing or tagging: from `--author`, else `VAULT_AUTHOR_NAME`/`VAULT_AUTHOR_EMAIL`,
/// else git config `user.name`/`user.email`.
public enum Author {
    /// Parses `Name <email>`.
    public static func parse(_ text: String) throws(VaultError) -> (name: String, email: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            throw .authorMalformed(text: text)
        }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        guard !name.isEmpty else { throw .authorNameEmpty(text: text) }
        // git writes "name <email>": a name holding < or > can't be read back.
        guard !name.contains("<"), !name.contains(">") else { throw .authorMalformed(text: text) }
        // An empty email ("王会计 <>") is allowed, as git allows it.
        guard !email.contains("<"), !email.contains(">") else {
            throw .authorEmailMalformed(text: text)
        }
        if let c = (name + email).unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw .authorControlCharacter(text: text, code: hexDigits(c.value, width: 4))
        }
        return (name, email)
    }

    /// The signature for now, resolved in the documented order.
    public static func resolve(
        option: String?, environment: [String: String], vault: Vault
    ) throws(VaultError) -> GitSignature {
        let identity: (name: String, email: String)
        if let option {
            identity = try parse(option)
        } else if let name = environment["VAULT_AUTHOR_NAME"], let email = environment["VAULT_AUTHOR_EMAIL"],
            !name.isEmpty
        {
            identity = try parse("\(name) <\(email)>")
        } else if environment["VAULT_AUTHOR_NAME"].map({ !$0.isEmpty }) ?? false {
            // Half an identity must not silently become the git-config one.
            throw .authorNameWithoutEmail
        } else if environment["VAULT_AUTHOR_EMAIL"].map({ !$0.isEmpty }) ?? false {
            throw .authorEmailWithoutName
        } else if let name = vault.repository.configString("user.name"),
            let email = vault.repository.configString("user.email")
        {
            identity = try parse("\(name) <\(email)>")
        } else {
            throw .noAuthor
        }
        return now(identity.name, identity.email)
    }

    /// A signature at the current time in the local time zone.
    static func now(_ name: String, _ email: String) -> GitSignature {
        // The C library's clock and zone (TZ, else /etc/localtime), as git takes them: Foundation's
        // TimeZone.current costs a commit 1 M instructions to say the same.
        var now = time(nil)
        var local = tm()
        let offset = localtime_r(&now, &local) != nil ? Int32(local.tm_gmtoff / 60) : 0
        return GitSignature(name: name, email: email, time: Int64(now), offsetMinutes: offset)
    }
}

extension GitSignature {
    /// ISO 8601 with the signer's own UTC offset, e.g. `2025-01-15T09:30:00+08:00`.
    public var isoDate: String {
        let local = time + Int64(offsetMinutes) * 60
        var days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondsOfDay = local - days * 86400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = Int64(abs(offsetMinutes))
        return
            "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))\(sign)\(two(off / 60)):\(two(off % 60))"
    }
}
