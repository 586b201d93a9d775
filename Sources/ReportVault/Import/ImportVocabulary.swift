import Foundation

/// The words reports of the family use for their tables, columns and identity, loaded from
/// the `import-vocabulary.json` resource (data, not code: a county's new wording is a line
/// there). Every schema address it names is checked against the report schema on loading.
struct ImportVocabulary: Sendable {
    /// A kind of table and where its figures go.
    struct TableKind: Sendable {
        /// Schema address of the table's object; `*` stands for a new row (project tables).
        let target: String
        /// Words in a cell that identify the table.
        let words: [String]
        /// Words in the table's title that identify it (before `words` are tried).
        let titleWords: [String]
    }

    /// Columns of one row shape: field name → header words.
    struct ColumnGroup: Sendable {
        let name: String
        /// Where a row of this group goes, relative to the table's target (`indicators/*`).
        let row: String
        let fields: [(field: String, words: [String])]
        /// Fields whose cells are figures (the rest are text).
        let numbers: Set<String>
    }

    let unitNameLabels: [String]
    /// ``unitNameLabels`` as header keys, computed once (every table row asks).
    let unitNameLabelKeys: Set<String>
    let unitNameEndings: [String]
    let tables: [TableKind]
    let groups: [String: ColumnGroup]
    /// Label → address (relative to the table) for "label：amount" cells.
    let splits: [(address: String, words: [String])]
    let rowLabels: [String: [String]]
    let amountUnits: [(unit: String, words: [String])]
    /// Words of a top-level section heading.
    let sectionKeywords: [String]
    /// Words that make a year-on-year change a decrease or an increase.
    let changeDown: Set<String>
    let changeUp: Set<String>
    /// 支出功能分类 names with their codes.
    let functionClasses: [(name: String, code: String)]
    /// Year-on-year figures: schema address and how reports name them (a pattern fragment).
    let yearOnYear: [(address: String, pattern: String)]
    /// The words that introduce a year-on-year change (比上年, 同比 …).
    let yearOnYearLeads: [String]
    /// 部门预算支出经济分类 names with their codes.
    let economicClasses: [(name: String, code: String)]
    /// Staffing counts stated in sentences: schema address and the labels reports give them, in order.
    let staffing: [(address: String, labels: [String])]
    /// What a revenue task is a task of (财政, 税收收入 …).
    let revenueWords: [String]

    /// The schema version the vocabulary's addresses are written in: reports are read in it,
    /// then moved to the newest version (``ReportSchemas/convert(_:from:to:)``).
    let schemaVersion: Int

    /// The vocabulary shipped with the library, checked against the schema version it is
    /// written in; loaded once.
    static func shipped(checkedAgainst schemas: ReportSchemas) throws(VaultError) -> ImportVocabulary {
        let vocabulary = try load()
        let problems = vocabulary.unknownAddresses(in: try schemas.schema(vocabulary.schemaVersion))
        if !problems.isEmpty {
            throw .vocabularyAddressesNotInSchema(file: resourceName, addresses: problems)
        }
        return vocabulary
    }

    static let resourceName = "import-vocabulary.json"

    static func load() throws(VaultError) -> ImportVocabulary {
        guard let path = BundledResource.locate(resourceName) else {
            throw .resourceMissing(what: "vocabulary", file: resourceName)
        }
        return try ImportVocabulary(FileInput.json(path), file: path)
    }

    init(_ value: JSONValue, file: String) throws(VaultError) {
        func strings(_ v: JSONValue?) -> [String] {
            guard case .array(let items)? = v else { return [] }
            return items.compactMap(\.stringValue)
        }
        func pairs(_ v: JSONValue?) -> [(String, [String])] {
            guard case .object(let members)? = v else { return [] }
            return members.map { ($0.name, strings($0.value)) }
        }
        schemaVersion = value[member: "schemaVersion"]?.numberValue.flatMap { Int(exactly: $0) } ?? 1
        unitNameLabels = strings(value[member: "unitNameLabels"])
        unitNameLabelKeys = Set(
            unitNameLabels.map {
                Self.headerKey($0.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: ""))
            })
        unitNameEndings = strings(value[member: "unitNameEndings"]).sorted { $0.count > $1.count }
        guard case .array(let tableItems)? = value[member: "tables"],
            case .object(let groupMembers)? = value[member: "columns"]
        else {
            throw .vocabularyMalformed(file: file, needs: "\"tables\", \"columns\"")
        }
        tables = tableItems.map {
            TableKind(
                target: $0[member: "target"]?.stringValue ?? "", words: strings($0[member: "words"]),
                titleWords: strings($0[member: "titleWords"]))
        }
        var groups: [String: ColumnGroup] = [:]
        for member in groupMembers {
            let g = member.value
            groups[member.name] = ColumnGroup(
                name: member.name, row: g[member: "row"]?.stringValue ?? "",
                fields: pairs(g[member: "fields"]).map { ($0.0, $0.1) }, numbers: Set(strings(g[member: "numbers"])))
        }
        self.groups = groups
        splits = pairs(value[member: "splits"]).map { ($0.0, $0.1) }
        rowLabels = Dictionary(pairs(value[member: "rowLabels"]), uniquingKeysWith: { a, _ in a })
        amountUnits = pairs(value[member: "amountUnits"]).map { ($0.0, $0.1) }
        let narrative = value[member: "narrative"]
        sectionKeywords = strings(narrative?[member: "sectionKeywords"])
        changeDown = Set(strings(narrative?[member: "changeWords"]?[member: "down"]))
        changeUp = Set(strings(narrative?[member: "changeWords"]?[member: "up"]))
        func tuples(_ v: JSONValue?) -> [(String, String)] {
            guard case .array(let items)? = v else { return [] }
            return items.compactMap { item in
                let pair = strings(item)
                return pair.count == 2 ? (pair[0], pair[1]) : nil
            }
        }
        functionClasses = tuples(narrative?[member: "functionClasses"]).map { ($0.0, $0.1) }
        yearOnYear = tuples(narrative?[member: "yearOnYear"]).map { ($0.0, $0.1) }
        yearOnYearLeads = strings(narrative?[member: "yearOnYearLeads"])
        economicClasses = tuples(narrative?[member: "economicClasses"]).map { ($0.0, $0.1) }
        if case .array(let items)? = narrative?[member: "staffing"] {
            staffing = items.compactMap { item in
                let row = strings(item)
                return row.count >= 2 ? (row[0], Array(row.dropFirst())) : nil
            }
        } else {
            staffing = []
        }
        revenueWords = strings(narrative?[member: "revenueWords"])
        if sectionKeywords.isEmpty || changeDown.isEmpty || changeUp.isEmpty || yearOnYearLeads.isEmpty {
            throw .vocabularyMalformed(
                file: file, needs: "\"narrative\": sectionKeywords, changeWords, yearOnYearLeads")
        }
    }

    /// Every address the vocabulary names that the schema does not describe.
    func unknownAddresses(in schema: JSONSchema) -> [String] {
        var problems: [String] = []
        func tokens(_ address: String) -> [String] {
            (JSONPointer.tokens(address) ?? []).map { $0 == "*" ? "0" : $0 }
        }
        var targets: [String] = []
        for table in tables {
            if schema.node(at: tokens(table.target)) == nil {
                problems.append(table.target)
            } else {
                targets.append(table.target)
            }
        }
        for group in groups.values.sorted(by: { $0.name < $1.name }) {
            let owners = targets.filter { schema.node(at: tokens($0 + "/" + group.row)) != nil }
            if owners.isEmpty { problems.append("*/" + group.row) }
            for owner in owners {
                for (field, _) in group.fields
                where schema.node(at: tokens(owner + "/" + group.row + "/" + field)) == nil {
                    problems.append(owner + "/" + group.row + "/" + field)
                }
            }
            for field in group.numbers where !group.fields.contains(where: { $0.field == field }) {
                problems.append(group.name + ": number field " + field + " has no words")
            }
        }
        for (address, _) in yearOnYear {
            for member in ["current", "change", "changeRate"]
            where schema.node(at: tokens(address + "/" + member)) == nil {
                problems.append(address + "/" + member)
            }
        }
        for (address, _) in staffing where schema.node(at: tokens(address)) == nil {
            problems.append(address)
        }
        for (address, _) in splits
        where !targets.contains(where: { schema.node(at: tokens($0 + "/" + address)) != nil }) {
            problems.append("*/" + address)
        }
        return problems
    }

    // MARK: - Matching

    /// "-" for a decrease, "" for an increase, nil for a word that says neither.
    func changeSign(_ word: String) -> String? {
        changeDown.contains(word) ? "-" : changeUp.contains(word) ? "" : nil
    }

    /// An alternation of `words` for a pattern, the longest first (so that 离退休人员 wins over 退休).
    static func alternation(_ words: [String]) -> String {
        "(?:" + words.sorted { $0.count > $1.count }.joined(separator: "|") + ")"
    }

    /// The signs of a change and of its rate, stated by two words: a word that says neither
    /// (a typo such as 较少) takes its partner's direction; nil when neither word says one.
    func changeSigns(_ changeWord: String?, _ rateWord: String?) -> (String, String)? {
        let a = changeWord.flatMap(changeSign), b = rateWord.flatMap(changeSign)
        guard let first = a ?? b else { return nil }
        return (a ?? first, b ?? first)
    }

    /// A header cell as matched: no spaces, no bracketed text, no leading year, no trailing colon.
    static func headerKey(_ text: String) -> String {
        var out = ""
        var depth = 0
        for c in text {
            if c == "（" || c == "(" || c == "【" || c == "[" { depth += 1; continue }
            if c == "）" || c == ")" || c == "】" || c == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 && !c.isWhitespace && c != "：" && c != ":" && c != "*" { out.append(c) }
        }
        // A leading year ("2024年", "2024年度"), read by hand: a Regex here costs more than the rest.
        let scalars = Array(out.unicodeScalars.prefix(6))
        if scalars.count >= 5, scalars[0..<4].allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }), scalars[4] == "年" {
            out = String(
                String.UnicodeScalarView(out.unicodeScalars.dropFirst(scalars.count >= 6 && scalars[5] == "度" ? 6 : 5)))
        }
        return out
    }

    /// How well `word` names a header key: its length when it equals the key or (unless
    /// marked exact with "=") the key contains it; 0 otherwise.
    static func strength(_ word: String, _ key: String) -> Int {
        if word.hasPrefix("=") { return key == word.dropFirst() ? word.count : 0 }
        if key == word { return word.count + 100 }
        return key.contains(word) ? word.count : 0
    }

    /// The field of `group` a header cell names, if any.
    func field(of header: String, in group: ColumnGroup) -> String? {
        let key = Self.headerKey(header)
        guard !key.isEmpty else { return nil }
        var best: (String, Int)?
        for (field, words) in group.fields {
            for word in words {
                let s = Self.strength(word, key)
                if s > 0, s > (best?.1 ?? 0) { best = (field, s) }
            }
        }
        return best?.0
    }

    /// Whether a short line of text is a header word of any column group (for readers that
    /// must find a header without knowing reports).
    func isHeaderCell(_ text: String) -> Bool {
        let key = Self.headerKey(text)
        guard !key.isEmpty, key.count <= 16 else { return false }
        for group in groups.values {
            for (_, words) in group.fields where words.contains(where: { Self.strength($0, key) > 0 }) { return true }
        }
        return false
    }

    /// Whether `text` (a cell or a short line) is one of the labels of `rowLabel`.
    func isLabel(_ text: String, _ rowLabel: String) -> Bool {
        let key = Self.headerKey(text)
        return (rowLabels[rowLabel] ?? []).contains { key == $0 || key.hasPrefix($0) }
    }

    /// Whether `text` is a unit-name label (单位名称, 预算单位名称, 部门(单位)名称 …).
    func isUnitNameLabel(_ text: String) -> Bool {
        let key = Self.headerKey(
            text.replacingOccurrences(of: "（", with: "").replacingOccurrences(of: "）", with: "").replacingOccurrences(
                of: "(", with: ""
            ).replacingOccurrences(of: ")", with: ""))
        return unitNameLabelKeys.contains(key)
    }

    /// The unit's name in a line that starts with a unit-name label and goes on with the
    /// name, no colon between ("部门(单位)名称 岳阳县荣湾湖建设开发服务中心"): nil otherwise.
    func unitName(afterLabelIn line: String) -> String? {
        let key = line.filter { !"（）()".contains($0) && !$0.isWhitespace }
        for label in unitNameLabelKeys.sorted(by: { $0.count > $1.count })
        where label.count >= 4 && key.hasPrefix(label) {
            let rest = key.dropFirst(label.count).drop { $0 == ":" || $0 == "：" }
            let name = String(rest.prefix { $0.unicodeScalars.allSatisfy { $0.properties.isIdeographic } })
            return looksLikeUnitName(name) ? name : nil
        }
        return nil
    }

    /// Whether `text` reads as the name of a unit: Chinese characters ending as units' names do.
    func looksLikeUnitName(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 3, t.count <= 40,
            t.unicodeScalars.allSatisfy({ $0.properties.isIdeographic || "（）()·".unicodeScalars.contains($0) })
        else { return false }
        return unitNameEndings.contains { t.hasSuffix($0) && t.count > $0.count }
    }

    /// The amount unit a header or caption states ("（元）", "单位：万元"), if any.
    func amountUnit(in text: String) -> String? {
        let compact = text.filter { !$0.isWhitespace }
        for (unit, words) in amountUnits {
            for word in words {
                if compact.contains("（" + word + "）") || compact.contains("(" + word + ")")
                    || (word.count > 2 && compact.contains(word))
                {
                    if unit == "元", compact.contains("万元"), !compact.contains("（元）"), !compact.contains("(元)"),
                        !compact.contains("：元")
                    {
                        continue
                    }
                    return unit
                }
            }
        }
        return nil
    }
}
