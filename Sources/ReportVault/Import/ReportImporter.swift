import Foundation

/// `vault import`: reads the plain-text form of a report (as extracted from .docx) and
/// writes report JSON that follows `schema/report.schema.json`.
///
/// Rules: a value is only ever taken from the text (every number in the output appears in
/// the source, as written or with its 万元/元/% unit); what looks like data but cannot be
/// mapped is reported with its line, never guessed.
public struct ReportImporter {
    let text: ReportText
    /// The top-level section headings, found once.
    let headings: [(line: Int, heading: String)]
    var out = ImportBuilder()

    public init(text: String) {
        self.text = ReportText(text)
        headings = Self.topHeadings(in: self.text)
    }

    /// Reads the whole text.
    public static func run(_ source: String) -> ImportResult {
        var importer = ReportImporter(text: source)
        return importer.run()
    }

    mutating func run() -> ImportResult {
        out.set(["schemaVersion"], .number(1))
        readIdentity()
        let sentences = self.sentences()
        readProfile(sentences)
        readNarrativeFigures(sentences)
        readTables()
        readSections()
        var report = out.value
        // schemaVersion is the format's, not a figure of the report.
        report = CanonicalJSON.sorted(report)
        return ImportResult(report: report, provenance: out.provenance, unmapped: unmapped(sentences), tableRows: out.tableRows, notes: out.notes)
    }

    // MARK: - Sentences

    /// A sentence (split at 。；;) of a narrative line, with its offset in that line.
    struct Sentence {
        let line: Int
        let text: String
        let offset: Int
        /// The top-level section the sentence is in (its heading), if any.
        let section: String
    }

    func sentences() -> [Sentence] {
        var out: [Sentence] = []
        var section = ""
        let headings = Set(headings.map(\.line))
        for line in text.narrative {
            if headings.contains(line.number) { section = line.text.trimmed }
            var start = line.text.startIndex
            var i = line.text.startIndex
            while i < line.text.endIndex {
                let c = line.text[i]
                let next = line.text.index(after: i)
                if c == "。" || c == "；" || c == ";" || next == line.text.endIndex {
                    let end = (c == "。" || c == "；" || c == ";") ? i : next
                    let piece = String(line.text[start..<end])
                    if !piece.trimmed.isEmpty {
                        out.append(Sentence(line: line.number, text: piece, offset: line.text.utf16.distance(from: line.text.startIndex, to: start), section: section))
                    }
                    start = next
                }
                i = next
            }
        }
        return out
    }

    // MARK: - Identity

    mutating func readIdentity() {
        let firstHeading = headings.first?.line ?? Int.max
        let early = text.narrative.filter { $0.number < min(firstHeading, 40) }
        // The title: the last line before the first section that names a 自评报告.
        let titleLine = early.last { $0.text.contains("自评报告") } ?? text.narrative.first { $0.text.contains("自评报告") }
        if let titleLine {
            let title = titleLine.original.trimmed
            out.string(["title"], title.filter { !$0.isNewline })
            if let m = TextPattern("([0-9]{4})\\s*年度?").firstMatch(in: titleLine.text), let year = m[0] {
                out.number(["fiscalYear"], year.text, line: titleLine.number, source: titleLine.original.trimmed, offset: year.offset)
            }
        }
        // The unit: a line that is only a unit's name (in brackets or not), or the name in the title.
        let unitEnding = "(人民政府|街道办事处|办事处|委员会|管理局|局|中心|站|所)"
        var candidates: [String] = []
        for line in early {
            let t = line.text.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "（）()"))
            if t.count <= 30, TextPattern("^\\p{Han}+" + unitEnding + "$").firstMatch(in: t) != nil { candidates.append(t) }
        }
        if let titleLine, let m = TextPattern("年度(?:单位|部门)?\\s*(\\p{Han}+?" + unitEnding + ")\\s*(?:单位|部门)?整体").firstMatch(in: titleLine.text), let name = m[0] {
            candidates.append(name.text)
        }
        if let titleLine, let m = TextPattern("^(\\p{Han}+?" + unitEnding + ")\\s").firstMatch(in: titleLine.text), let name = m[0] {
            candidates.append(name.text)
        }
        if let unit = candidates.max(by: { $0.count < $1.count }) {
            out.string(["unit", "name"], unit)
            if let m = TextPattern("^(\\p{Han}+?(?:县|区|市))").firstMatch(in: unit), let county = m[0], county.text.count < unit.count - 2 {
                out.string(["unit", "county"], county.text)
            }
        }
        for line in early {
            let t = line.text.trimmed
            if let m = TextPattern("^([0-9]{4})\\s*年\\s*([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*日$").firstMatch(in: t), let y = m[0], let mo = m[1], let d = m[2] {
                out.string(["date"], "\(y.text)-\(mo.text.count == 1 ? "0" : "")\(mo.text)-\(d.text.count == 1 ? "0" : "")\(d.text)")
            }
            if TextPattern("^\\p{Han}+〔[0-9]{4}〕[0-9]+号$").firstMatch(in: t) != nil { out.string(["documentNumber"], t) }
        }
        // Amounts are in 万元 unless the narrative says otherwise; tables may override.
        out.string(["amountUnit"], "万元")
        let headingLines = Set(headings.map(\.line))
        if let first = text.narrative.first(where: { line in line.number > (titleLine?.number ?? 0) && line.text.count > 40 && !headingLines.contains(line.number) }), first.number < firstHeading {
            out.string(["preamble"], first.original.trimmed)
        }
    }

    // MARK: - Sections

    /// Keywords of the template's top-level sections; a numbered heading without one of
    /// them is a numbered paragraph, not a section.
    static let sectionKeywords = ["基本情况", "概况", "一般公共预算", "政府性基金", "国有资本", "国有资产", "社会保险基金", "绩效情况", "整体支出绩效", "存在的问题", "改进措施", "结果应用", "公开情况", "其他需要说明", "绩效自评工作", "项目支出绩效", "自评情况", "自评结果", "工作开展情况", "问题及原因"]

    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// The top-level headings (一、… 十、, or 4、 where 四、 belongs), in order, until the 附件 list.
    static func topHeadings(in text: ReportText) -> [(line: Int, heading: String)] {
        var out: [(Int, String)] = []
        for line in text.narrative {
            let t = line.text.trimmed
            if t.hasPrefix("附件") { break }
            guard t.count <= 40, !t.hasSuffix("。") else { continue }
            guard let m = TextPattern("^([一二三四五六七八九十]{1,2}|[0-9]{1,2})\\s*[、.．]").firstMatch(in: t), let number = m[0] else { continue }
            guard Self.sectionKeywords.contains(where: { t.contains($0) }) else { continue }
            if let n = Int(number.text), n > Self.numerals.count { continue }
            out.append((line.number, t))
        }
        return out
    }

    mutating func readSections() {
        guard !headings.isEmpty else { return }
        let stop = text.narrative.first { $0.number > headings.last!.line && $0.text.trimmed.hasPrefix("附件") }?.number ?? Int.max
        for (k, heading) in headings.enumerated() {
            let end = k + 1 < headings.count ? headings[k + 1].line : stop
            let body = text.narrative.filter { $0.number > heading.line && $0.number < end }.map { $0.original.trimmed }.joined(separator: "\n")
            let i = out.appendRow(["sections"])
            let original = text.lines[heading.line - 1].original.trimmed
            out.string(["sections", String(i), "heading"], original)
            out.set(["sections", String(i), "text"], .string(body))
        }
    }

    // MARK: - Unmapped data

    func unmapped(_ sentences: [Sentence]) -> [(line: Int, text: String)] {
        var out: [(Int, String)] = []
        let amount = TextPattern("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(万元|亿元|元|%)")
        for line in text.narrative {
            for m in amount.matches(in: line.text) {
                guard let n = m[0], !self.out.isUsed(line: line.number, offset: n.offset) else { continue }
                let start = line.text.index(m.range.lowerBound, offsetBy: -min(12, line.text.distance(from: line.text.startIndex, to: m.range.lowerBound)))
                out.append((line.number, String(line.text[start..<m.range.upperBound])))
            }
        }
        return out
    }
}
