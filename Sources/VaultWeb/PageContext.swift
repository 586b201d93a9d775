import ReportVault

/// What every page needs from the request: its language, and links that keep it.
struct PageContext {
    /// `?lang=zh|en`, else the server's language (`VAULT_LANG`, the locale).
    var language: Language
    var explicitLanguage: Bool
    var path: String
    var query: [(name: String, value: String)]

    init(request: WebRequest) {
        let asked = request.value("lang").flatMap(Language.init(rawValue:))
        language = asked ?? .current
        explicitLanguage = asked != nil
        // A path starting "//" would make the links built from it point to another site.
        path = "/" + request.path.drop { $0 == "/" }
        query = request.query.filter { $0.name != "token" && $0.name != "lang" }
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
