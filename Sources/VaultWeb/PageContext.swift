import ReportVault

/// What every page needs from the request: its language, and links that keep it.
struct PageContext {
    /// `?lang=zh|en`, else the browser's `Accept-Language`, else the server's language (`VAULT_LANG`, the locale).
    var language: Language
    var explicitLanguage: Bool
    var path: String
    var query: [(name: String, value: String)]

    init(request: WebRequest) {
        let asked = request.value("lang").flatMap(Language.init(rawValue:))
        language = asked ?? Self.browserLanguage(request.headers["accept-language"]) ?? .current
        explicitLanguage = asked != nil
        // A path starting "//" would make the links built from it point to another site.
        path = "/" + request.path.drop { $0 == "/" }
        query = request.query.filter { $0.name != "token" && $0.name != "lang" }
    }

    /// The language a browser asks for first among ours (`Accept-Language: zh-CN,zh;q=0.9,en;q=0.8`).
    static func browserLanguage(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = fields.first else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let language: Language? = tag.hasPrefix("zh") ? .zh : tag.hasPrefix("en") ? .en : nil
            if let language, q > 0, q > (best?.1 ?? 0) { best = (language, q) }
        }
        return best?.0
    }

    /// A sentence in the page's language.
    func t(_ key: String, _ values: [String: Message.Value] = [:]) -> String { Message(key, values).text(language) }

    /// A link within the site, keeping an explicit language.
    func link(_ path: String, _ items: [(String, String)] = []) -> String {
        URLText.link(path, items + (explicitLanguage ? [("lang", language.rawValue)] : []))
    }

    /// This page in the other language.
    var otherLanguageLink: String {
        URLText.link(path, query.map { ($0.name, $0.value) } + [("lang", language == .zh ? "en" : "zh")])
    }
}
