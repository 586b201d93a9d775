import Foundation

/// `vault import`: maps a report document (``ImportDocument``, read from Word or text) to
/// report JSON that follows `schema/report.schema.json`.
///
/// Rules: a value is only ever taken from the document (every number in the output appears
/// in the source, as written or with its 万元/元/% unit); what looks like data but cannot be
/// mapped is reported with its place, never guessed. Tables are read by the words of their
/// headers (``ImportVocabulary``), sentences by the rules in `NarrativeRules.swift`.
public struct ReportImporter {
    let document: ImportDocument
    let text: ReportText
    let vocabulary: ImportVocabulary
    /// The top-level section headings, found once.
    let headings: [(line: Int, heading: String)]
    var out = ImportBuilder()
    /// Unit names and years the report states, with where (to choose one and report disagreements).
    var unitNames: [(name: String, place: Message)] = []
    var years: [(year: Int, place: Message)] = []

    init(document: ImportDocument, vocabulary: ImportVocabulary) {
        self.document = document
        self.text = ReportText(document)
        self.vocabulary = vocabulary
        headings = Self.topHeadings(in: self.text, keywords: vocabulary.sectionKeywords)
        for line in text.narrative { out.places[line.number] = line.place.message }
    }

    /// The shipped vocabulary, checked against the shipped schema, loaded once per process.
    static let shipped: Result<ImportVocabulary, VaultError> = Result { () throws(VaultError) in
        try ImportVocabulary.shipped(checkedAgainst: ReportSchemas.load())
    }

    /// Maps a document read by ``ImportSource/read(_:name:)``.
    /// The most table cells a document may hold: a real report has a few thousand; beyond
    /// this the document is refused before mapping (which is linear, but not free).
    public static let cellLimit = 1_000_000

    public static func run(_ document: ImportDocument) throws(VaultError) -> ImportResult {
        var cells = 0
        for case .table(let table) in document.blocks { cells += table.cells.count }
        guard cells <= cellLimit else { throw .importTooManyCells(count: cells, limit: cellLimit) }
        let vocabulary = try shipped.get()
        let (read, notes) = readingFlatTables(document, vocabulary: vocabulary)
        var importer = ReportImporter(document: read, vocabulary: vocabulary)
        importer.out.notes += notes
        return try importer.run().moved(to: try ReportSchemas.load(), from: importer.vocabulary.schemaVersion)
    }

    /// Reads and maps a report's text (already decoded).
    public static func run(_ source: String) throws(VaultError) -> ImportResult {
        let vocabulary = try shipped.get()
        return try run(
            TextReader.read(source, format: Message("import.format.text"), isHeaderCell: vocabulary.isHeaderCell))
    }

    mutating func run() -> ImportResult {
        // Read in the vocabulary's version; `run(_:)` moves the result to the newest.
        out.set(["schemaVersion"], .number(Double(vocabulary.schemaVersion)))
        readIdentity()
        let sentences = self.sentences()
        readProfile(sentences)
        readNarrativeFigures(sentences)
        readTables()
        resolveIdentity()
        readSections()
        var report = out.value
        // schemaVersion is the format's, not a figure of the report.
        report = CanonicalJSON.sorted(report)
        var result = ImportResult(
            report: report, provenance: out.provenance, unmapped: unmapped(sentences), tableRows: out.tableRows,
            notes: out.notes)
        result.format = document.format
        return result
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
                    if Self.isFlattenedRow(piece) {
                        // A table row flattened into text ("三公经费 29.08 63.46 44.29"): which number is
                        // which column cannot be told, so no sentence rule reads it.
                    } else if piece.trimmed.hasPrefix("其中"), let last = out.last, last.line == line.number,
                        line.text.utf16.distance(from: line.text.startIndex, to: start) == last.offset
                            + last.text.utf16.count + 1
                    {
                        // "共支出X万元。其中，基本支出Y万元…": the breakdown is read with its total.
                        out[out.count - 1] = Sentence(
                            line: last.line, text: last.text + "。" + piece, offset: last.offset, section: last.section)
                    } else if !piece.trimmed.isEmpty {
                        out.append(
                            Sentence(
                                line: line.number, text: piece,
                                offset: line.text.utf16.distance(from: line.text.startIndex, to: start),
                                section: section))
                    }
                    start = next
                }
                i = next
            }
        }
        return out
    }

    /// A table row flattened into text, as a PDF's or a web page's text gives it: two bare
    /// numbers side by side ("三公经费 18.64 20 16.92", "项目支出 1286.5 1350 1312.78") — not one
    /// number with spaces between its thousands ("1 236.95").
    static func isFlattenedRow(_ piece: String) -> Bool {
        for m in TextPattern(#"(?:^|[^0-9.,])([0-9][0-9,]*(?:\.[0-9]+)?%?)\s+([0-9][0-9,]*)(?:\.[0-9]+)?%?(?![0-9])"#)
            .matches(in: piece)
        {
            guard let a = m[0]?.text, let b = m[1]?.text else { continue }
            // "1 236": one number when the first part has 1 to 3 digits and the second exactly 3.
            let thousands = a.count <= 3 && a.allSatisfy(\.isNumber) && b.count == 3
            if !thousands { return true }
        }
        return false
    }

    // MARK: - Identity

    mutating func readIdentity() {
        let firstHeading = headings.first?.line ?? Int.max
        let early = text.narrative.filter { $0.number < min(firstHeading, 40) }
        // The title: the last line before the first section that names a 自评报告.
        var titleLine = early.last { $0.text.contains("自评报告") } ?? text.narrative.first { $0.text.contains("自评报告") }
        // A title set on two lines ("岳阳县2021年度部门整体支出" / "绩效评价自评报告"): the year and
        // the unit are on the first.
        if let line = titleLine, let k = text.narrative.firstIndex(where: { $0.number == line.number }), k > 0,
            line.text.trimmed.hasPrefix("绩效"),
            case let above = text.narrative[k - 1], above.text.trimmed.count <= 40, above.text.contains("整体支出"),
            !above.text.contains("自评报告")
        {
            titleLine = ReportText.Line(
                number: above.number, original: above.original.trimmed + line.original.trimmed,
                text: above.text.trimmed + line.text.trimmed, place: above.place)
        }
        if let titleLine {
            let title = titleLine.original.trimmed
            out.string(["title"], title.filter { !$0.isNewline })
            if let m = TextPattern("([0-9]{4})\\s*年度?").firstMatch(in: titleLine.text), let year = m[0] {
                out.number(
                    ["fiscalYear"], year.text, line: titleLine.number, source: titleLine.original.trimmed,
                    offset: year.offset)
                years.append((Int(year.text)!, titleLine.place.message))
            } else if let m = TextPattern("^\\D{0,20}?((?:[0-9]\\s*){4})\\s*[-－—年]\\s*度").firstMatch(
                in: titleLine.text), let digits = m[0],
                case let year = digits.text.filter(\.isNumber), let value = Int(year),
                ReportPath.fiscalYears.contains(value)
            {
                // Digits a web page split with spaces, the 年 lost: "20 16 -度".
                out.number(["fiscalYear"], year, line: titleLine.number, source: titleLine.original.trimmed)
                years.append((value, titleLine.place.message))
            }
        }
        // No report title: the year of the self-evaluation table's title standing first ("2023年度部门整体支出绩效评价自评表").
        if titleLine == nil,
            let line = early.first(where: {
                $0.text.contains("绩效") && $0.text.trimmed.hasSuffix("表") && $0.text.count <= 40
            }),
            let m = TextPattern("([0-9]{4})\\s*年度?").firstMatch(in: line.text), let year = m[0],
            let value = Int(year.text), ReportPath.fiscalYears.contains(value)
        {
            out.number(["fiscalYear"], year.text, line: line.number, source: line.original.trimmed, offset: year.offset)
            years.append((value, line.place.message))
        }
        // A labelled year: "评价年度:2024" (a 填报日期 is when the report was written, not its year).
        if years.isEmpty {
            for line in early {
                if let m = TextPattern("^\\s*(?:评价年度|所属年度|自评年度|年度)\\s*[:：]\\s*([0-9]{4})").firstMatch(in: line.text),
                    let y = m[0], let value = Int(y.text)
                {
                    out.number(
                        ["fiscalYear"], y.text, line: line.number, source: line.original.trimmed, offset: y.offset)
                    years.append((value, line.place.message))
                    break
                }
            }
        }
        // The unit: a line that is only a unit's name (in brackets or not), or the name in the title.
        let unitEnding = "(" + vocabulary.unitNameEndings.joined(separator: "|") + ")"
        var candidates: [String] = []
        for line in early {
            let t = line.text.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "（）()"))
            if t.count <= 30, TextPattern("^\\p{Han}+" + unitEnding + "$").firstMatch(in: t) != nil {
                candidates.append(t)
            }
        }
        if let titleLine,
            let m = TextPattern("[0-9]\\s*年度?(?:单位|部门)?\\s*(\\p{Han}+?" + unitEnding + ")\\s*(?:单位|部门)?整体").firstMatch(
                in: titleLine.text), let name = m[0]
        {
            candidates.append(name.text)
        }
        // The unit before the year or a space: "某某县河口乡人民政府2020年度…", "某镇人民政府 2024年…".
        if let titleLine,
            let m = TextPattern("^(\\p{Han}+?" + unitEnding + ")(?:\\s|[0-9]{4}\\s*年)").firstMatch(in: titleLine.text),
            let name = m[0]
        {
            candidates.append(name.text)
        }
        // A unit line above a table or in the signature block: "单位名称:塘湖镇政府 填报日期:2021.5.18".
        var previous: String?
        for line in text.narrative {
            let t = line.text.trimmed
            defer { previous = t }
            if let m = TextPattern("^\\s*(\\S+?)\\s*(?:[:：]|\\s)\\s*(\\p{Han}+)").firstMatch(in: t), let label = m[0],
                let name = m[1], vocabulary.isUnitNameLabel(label.text)
            {
                unitNames.append((name.text, line.place.message))
            } else if let name = vocabulary.unitName(afterLabelIn: t) {
                // The label and the name with no colon between ("部门(单位)名称 岳阳县…中心").
                unitNames.append((name, line.place.message))
            } else if let previous, vocabulary.isUnitNameLabel(previous), vocabulary.looksLikeUnitName(t) {
                // The label and the name on lines of their own (a table's cells, one per line).
                unitNames.append((t, line.place.message))
            } else if line.number > firstHeading,
                vocabulary.looksLikeUnitName(t.trimmingCharacters(in: CharacterSet(charactersIn: "（）()")))
            {
                unitNames.append((t.trimmingCharacters(in: CharacterSet(charactersIn: "（）()")), line.place.message))
            }
        }
        unitNames.insert(
            contentsOf: candidates.sorted { $0.count > $1.count }.map {
                ($0, titleLine?.place.message ?? Message("import.place.title"))
            }, at: 0)
        for line in early {
            let t = line.text.trimmed
            if let m = TextPattern("^([0-9]{4})\\s*年\\s*([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*日$").firstMatch(in: t),
                let y = m[0], let mo = m[1], let d = m[2]
            {
                out.string(
                    ["date"],
                    "\(y.text)-\(mo.text.count == 1 ? "0" : "")\(mo.text)-\(d.text.count == 1 ? "0" : "")\(d.text)")
            }
            // 吉政函字〔2025〕31号, 某财发[2021]30号, 某政发（2024）第5号.
            if TextPattern("^\\p{Han}+\\s*[〔\\[［【(（]\\s*[0-9]{4}\\s*[〕\\]］】)）]\\s*第?\\s*[0-9]+\\s*号$").firstMatch(in: t)
                != nil
            {
                out.string(["documentNumber"], t)
            }
        }
        // Amounts are in 万元 unless the narrative says otherwise; tables may override.
        out.string(["amountUnit"], "万元")
        let headingLines = Set(headings.map(\.line))
        if let first = text.narrative.first(where: { line in
            line.number > (titleLine?.number ?? 0) && line.text.count > 40 && !headingLines.contains(line.number)
        }),
            first.number < firstHeading
        {
            out.string(["preamble"], first.original.trimmed)
        }
    }

    // MARK: - Sections

    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// The top-level headings (一、… 十、, or 4、 where 四、 belongs), in order, until the 附件 list
    /// (an 附件 line above the first heading is the cover's "附件2", not the list).
    static func topHeadings(in text: ReportText, keywords: [String]) -> [(line: Int, heading: String)] {
        var out: [(Int, String)] = []
        var previous = 0
        for line in text.narrative {
            let t = line.text.trimmed
            if t.hasPrefix("附件"), !out.isEmpty { break }
            guard t.count <= 40, !t.hasSuffix("。") else { continue }
            guard keywords.contains(where: { t.contains($0) }) else { continue }
            // A numbered heading (一、 or 4、), or a Word heading of the first two levels without a number.
            if let m = TextPattern("^([一二三四五六七八九十]{1,2}|[0-9]{1,2})\\s*[、.．]").firstMatch(in: t), let number = m[0] {
                if let n = Int(number.text) {
                    // 4、 stands where 四、 belongs only after a lower number; "2、…" under 三、 is a sub-item.
                    if n > Self.numerals.count || n <= previous { continue }
                    previous = n
                } else if let n = Self.numerals.firstIndex(of: number.text) {
                    previous = n + 1
                }
            } else if (line.outlineLevel ?? 9) > 1 || TextPattern("^[（(]").firstMatch(in: t) != nil {
                continue
            }
            out.append((line.number, t))
        }
        return out
    }

    mutating func readSections() {
        guard !headings.isEmpty else { return }
        let stop =
            text.narrative.first { $0.number > headings.last!.line && $0.text.trimmed.hasPrefix("附件") }?.number
            ?? Int.max
        for (k, heading) in headings.enumerated() {
            let end = k + 1 < headings.count ? headings[k + 1].line : stop
            let body = text.narrative.filter { $0.number > heading.line && $0.number < end }.map { $0.original.trimmed }
                .joined(separator: "\n")
            let i = out.appendRow(["sections"])
            let original = text.line(heading.line)?.original.trimmed ?? heading.heading
            out.string(["sections", String(i), "heading"], original)
            out.set(["sections", String(i), "text"], .string(body))
        }
    }

    // MARK: - Unmapped data

    /// Paragraphs holding amounts or percentages no rule mapped, once each, with the
    /// sentences that hold them.
    func unmapped(_ sentences: [Sentence]) -> [(place: Message, text: String)] {
        var out: [(Message, String)] = []
        let amount = TextPattern("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(万元|亿元|元|万|%)")
        for line in text.narrative {
            var pieces: [String] = []
            for m in amount.matches(in: line.text) {
                guard let n = m[0], !self.out.isUsed(line: line.number, offset: n.offset) else { continue }
                let sentence = sentences.first {
                    $0.line == line.number && $0.offset <= n.offset && n.offset < $0.offset + $0.text.utf16.count
                }
                let piece = (sentence?.text ?? line.text).trimmed
                if !pieces.contains(piece) { pieces.append(piece) }
            }
            guard !pieces.isEmpty else { continue }
            let joined = pieces.joined(separator: "；")
            out.append((line.place.message, joined.count > 160 ? String(joined.prefix(160)) + "…" : joined))
        }
        return out
    }

    // MARK: - Identity across the document

    /// Chooses the unit name and the fiscal year among the places that state them (title,
    /// a line of its own, a unit line, the tables) and notes where two places disagree.
    mutating func resolveIdentity() {
        func comparable(_ name: String) -> String { name.replacingOccurrences(of: "人民政府", with: "政府") }
        func agree(_ a: String, _ b: String) -> Bool {
            let x = comparable(a), y = comparable(b)
            return x.hasSuffix(y) || y.hasSuffix(x)
        }
        if !out.has(["unit", "name"]) {
            // The fullest name wins among those that agree with the first stated.
            if let first = unitNames.first {
                let agreeing = unitNames.filter { agree($0.name, first.name) }
                let chosen = agreeing.max { $0.name.count < $1.name.count }!.name
                out.string(["unit", "name"], chosen)
                // The county: the name up to its last 县/区/市 before the township (镇, 乡, 街道).
                if let m = TextPattern("^(\\p{Han}+(?:县|区|市))\\p{Han}+?(?:镇|乡|街道)").firstMatch(in: chosen),
                    let county = m[0], county.text.count < chosen.count - 2
                {
                    out.string(["unit", "county"], county.text)
                }
            }
        }
        if case .string(let unit)? = JSONPointer.resolve(tokens: ["unit", "name"], in: out.value) {
            var reported: Set<String> = []
            for other in unitNames where !agree(other.name, unit) && !reported.contains(other.name) {
                reported.insert(other.name)
                out.notes.append(
                    Message(
                        "import.note.otherUnitName",
                        ["place": .message(other.place), "name": .text(other.name), "unit": .text(unit)]))
            }
        }
        if !out.has(["fiscalYear"]), let first = years.first {
            out.tableNumber(["fiscalYear"], String(first.year), place: first.place, source: "\(first.year)")
        }
        if case .number(let year)? = JSONPointer.resolve(tokens: ["fiscalYear"], in: out.value) {
            var reported: Set<Int> = []
            for other in years where Double(other.year) != year && !reported.contains(other.year) {
                reported.insert(other.year)
                out.notes.append(
                    Message(
                        "import.note.otherYear",
                        ["place": .message(other.place), "year": .count(other.year), "expected": .count(Int(year))]))
            }
        }
    }
}
