import Foundation

/// One run of the rules over a report: the report, its captions and the findings so far,
/// with the reads and checks every family shares. Each family (``CheckRuleFamily``) adds
/// its own checks in an extension in its file.
struct CheckRun {
    let report: JSONValue
    let labels: FigureList
    var findings: [Finding] = []

    init(report: JSONValue, labels: FigureList) {
        self.report = report
        self.labels = labels
    }

    /// Every family's rules, in the order of ``ReportCheck/families``.
    mutating func checkAll() {
        for family in ReportCheck.families { family.check(&self) }
    }

    // MARK: Access

    /// The number at a place a rule declares (``ReportCheck/rules``).
    func number(_ address: ReportAddress) -> ExactNumber? {
        assertDeclared(address)
        return anyNumber(address)
    }

    /// The value at a place a rule declares.
    func value(_ address: ReportAddress) -> JSONValue? {
        assertDeclared(address)
        return address.resolve(in: report)
    }

    /// The number at any place, for the year-on-year rule that walks every object and for
    /// listing figures a rule has already read.
    func anyNumber(_ address: ReportAddress) -> ExactNumber? {
        guard case .number(let d)? = address.resolve(in: report) else { return nil }
        return ExactNumber(d)
    }

    /// A place read but not declared would escape the schema check at start-up; the tests
    /// exercise every rule in a debug build, so they stop on it.
    func assertDeclared(_ address: ReportAddress) {
        assert(
            ReportCheck.declaredAddresses.contains(address.pattern),
            "check rule reads \(address.pattern), which ReportCheck.rules does not declare")
    }

    /// The caption of the last step of a path, e.g. 人员经费.
    func caption(_ address: ReportAddress) -> String {
        let parts = labels.labels(of: address.tokens, in: report)
        // A generic leaf ("实际支出" of 项目支出) reads better as its parent's caption.
        if parts.count >= 2, ["实际支出", "支出数", "金额", "本年数"].contains(parts.last!) {
            return parts[parts.count - 2]
        }
        return parts.last ?? ""
    }

    mutating func add(
        _ rule: String, _ severity: Finding.Severity = .error, zh: String, en: String, figures: [ReportAddress],
        expected: Decimal?, found: ExactNumber?
    ) {
        findings.append(
            Finding(
                rule: rule, severity: severity, messageZH: zh, message: en,
                figures: figures.map { ($0.pointer, anyNumber($0)?.description) },
                expected: expected.map(ExactNumber.text), found: found?.description))
    }

    /// stated = Σ parts, when the stated figure and every part are present.
    mutating func checkSum(
        _ rule: String, stated: ReportAddress, parts: [ReportAddress], en: String, requireAllParts: Bool = true
    ) {
        guard let s = number(stated) else { return }
        let present = parts.compactMap { p in number(p).map { (p, $0) } }
        guard !present.isEmpty, !requireAllParts || present.count == parts.count else { return }
        let sum = present.reduce(Decimal(0)) { $0 + $1.1.decimal }
        if !s.agrees(with: sum) {
            let names = present.map { caption($0.0) }.joined(separator: " + ")
            add(
                rule, zh: "\(caption(stated)) \(s) ≠ \(names) = \(ExactNumber.text(sum))",
                en: "\(en): stated \(s), but the parts add up to \(ExactNumber.text(sum))",
                figures: [stated] + present.map(\.0), expected: sum, found: s)
        }
    }

    /// A stated percentage = numerator / denominator × 100, when all three are stated.
    mutating func checkRatio(
        _ rule: String, stated: ReportAddress, numerator: ReportAddress, denominator: ReportAddress, zh: String,
        en: String, formula: String
    ) {
        guard let rate = number(stated), let a = number(numerator), let b = number(denominator), b.decimal != 0 else {
            return
        }
        let expected = a.decimal / b.decimal * 100
        guard !rate.agrees(with: expected) else { return }
        let shown = ExactNumber.text(ExactNumber.rounded(expected, places: 2))
        add(
            rule, zh: "\(zh) \(rate)% ≠ \(a) ÷ \(b) = \(shown)%", en: "\(en) \(rate)%, but \(formula) = \(shown)%",
            figures: [stated, numerator, denominator], expected: expected, found: rate)
    }
}
