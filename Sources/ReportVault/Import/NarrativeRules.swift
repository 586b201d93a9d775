import Foundation

/// Figures stated in sentences, as reports really write them.
extension ReportImporter {
    typealias Tokens = [String]

    /// Applies `pattern` to every sentence; for each match whose captured numbers are all
    /// still unmapped, `body` maps them. Returns the sentences that matched.
    @discardableResult
    mutating func rule(
        _ pattern: String, _ sentences: [Sentence], where condition: (Sentence) -> Bool = { _ in true },
        _ body: (inout ReportImporter, Sentence, TextPattern.Match) -> Void
    ) -> [Sentence] {
        let p = TextPattern(pattern)
        var hits: [Sentence] = []
        for s in sentences where condition(s) {
            for m in p.matches(in: s.text) {
                body(&self, s, m)
                hits.append(s)
            }
        }
        return hits
    }

    /// Maps capture `i` of `m` in sentence `s` to `tokens` (sign "-" for decreases).
    /// Returns whether the number now stands at `tokens` (mapped here, or the same figure stated again).
    @discardableResult
    mutating func take(_ tokens: Tokens, _ m: TextPattern.Match, _ i: Int, _ s: Sentence, sign: String = "") -> Bool {
        guard let g = m[i] else { return false }
        let offset = s.offset + g.offset
        let literal =
            sign == "-" && !g.text.hasPrefix("-") && ImportBuilder.parseNumber(g.text) != 0 ? "-" + g.text : g.text
        if out.has(tokens) {
            // A figure stated again (e.g. in a numbered paragraph): the same number is not unmapped data.
            if case .number(let d)? = JSONPointer.resolve(tokens: tokens, in: out.value),
                d == ImportBuilder.parseNumber(literal)
            {
                out.markUsed(line: s.line, offset: offset)
                return true
            }
            return false
        }
        if out.isUsed(line: s.line, offset: offset) { return false }
        out.number(tokens, literal, line: s.line, source: s.text.trimmed, offset: offset)
        return true
    }

    /// Whether capture `i` is still unmapped.
    func free(_ m: TextPattern.Match, _ i: Int, _ s: Sentence) -> Bool {
        guard let g = m[i] else { return false }
        return !out.isUsed(line: s.line, offset: s.offset + g.offset)
    }

    // MARK: - Profile

    mutating func readProfile(_ sentences: [Sentence]) {
        // Staffing: "label N人/名", the labels from the vocabulary (行政编制22人, 退休人员29人, 机关工勤2名).
        // A label right after another address's label is part of a compound whose meaning
        // is the first's ("核定编制在职人员为36人" counts posts, not people): no figure.
        let allLabels = vocabulary.staffing.flatMap(\.labels)
        for (address, labels) in vocabulary.staffing {
            guard let tokens = JSONPointer.tokens(address), !labels.isEmpty else { continue }
            let others = allLabels.filter { !labels.contains($0) }
            rule(ImportVocabulary.alternation(labels) + "(?:为|是|共计|合计|共)?：{N}[人名]", sentences) { me, s, m in
                if others.contains(where: { s.text[..<m.range.lowerBound].hasSuffix($0) }) { return }
                me.take(tokens, m, 0, s)
            }
            // A label and its count as words of a flattened table ("核定人数 45 实有人数 43").
            rule("(?:^|\\s)" + ImportVocabulary.alternation(labels) + "\\s+([0-9]+)(?=\\s|$)", sentences) {
                $0.take(tokens, $2, 0, $1)
            }
        }

        // 内设股室5个, 内设机构为6个, 设下列4个内设机构, 5个内设机构.
        rule("内设\\s*(?:股室|机构|党政机构|科室|职能机构|办公室)?(?:为|共|有)?{N}个|{N}个内设(?:机构|股室|科室)", sentences) { me, s, m in
            for i in 0..<2 where m[i] != nil { me.take(["profile", "departments", "count"], m, i, s) }
        }
        // 所属事业单位0个, 设4个事业单位, 设下列 3 个事业单位, 5个事业机构.
        rule("(?:所属|下属|直属)?事业单位(?:为|共|有)?{N}个|{N}个(?:所属|下属|直属)?事业(?:单位|机构?)", sentences) { me, s, m in
            for i in 0..<2 where m[i] != nil { me.take(["profile", "affiliatedUnits", "count"], m, i, s) }
        }
        // Names: listed after the count ("内设股室分别是：A，B", "内设党政机构7个，分别是A、B")
        // or inline before it ("内设A、B、C5个内设机构", "设置A、B等5个事业单位").
        let listed = "(?:，)?(?:分别是|分别为|包括)：(.+)$"
        let departmentsAfter = TextPattern("内设(?:股室|机构|党政机构|科室|职能机构|办公室)?(?:[0-9]+个)?" + listed)
        let unitsAfter = TextPattern("(?:(?:所属|下属|直属)?事业单位(?:[0-9]+个)?|[0-9]+\\s*个(?:所属|下属|直属)?事业(?:单位|机构))" + listed)
        // The list before the count carries the count too ("内设A、B、C3个科室").
        // With 内设 the noun may stand before the count or nowhere ("内设A、B等股室6个，", "内设A、B4个。").
        let departmentsBefore = TextPattern(
            "(?:内设|设置|设有|下设)(\\p{Han}[^0-9设]*?、[^0-9设]*?)等?{N}个(?:内设)?(?:机构|股室|科室|办公室)"
                + "|内设(\\p{Han}[^0-9设]*?、[^0-9设]*?)等?(?:股室|机构|科室|办公室)?{N}个(?=[，。；,]|$)")
        let unitsBefore = TextPattern("(?:设置|设有|下设|内设)(\\p{Han}[^0-9设]*?、[^0-9设]*?)等?{N}个(?:所属|下属|直属)?事业(?:单位|机构?)")
        for s in sentences {
            for (after, before, key) in [
                (departmentsAfter, departmentsBefore, "departments"), (unitsAfter, unitsBefore, "affiliatedUnits"),
            ] {
                if let m = after.firstMatch(in: s.text), let list = m[0] {
                    out.set(["profile", key, "names"], .array(Self.names(list.text).map(JSONValue.string)))
                } else if let m = before.firstMatch(in: s.text), let k = [0, 2].first(where: { m[$0] != nil }),
                    let list = m[k]
                {
                    out.set(["profile", key, "names"], .array(Self.names(list.text).map(JSONValue.string)))
                    take(["profile", key, "count"], m, k + 1, s)
                }
            }
        }
        readDuties()
    }

    /// Whether the words before a sentence's 其中 leave it about the sentence before: a new
    /// subject ("“三公”经费支出14.8万元，其中…", "收入…，其中…") is another sentence's breakdown.
    static func continuesSubject(_ lead: String) -> Bool {
        lead.trimmed.count <= 4 || lead.firstMatch(of: /三公|经费|收入|支出/) == nil
    }

    /// The names of a list "A、B，C以及D", up to the first piece holding a figure (the list ends
    /// where the sentence goes on: "…、财政所，设4个事业单位，分别是…"); "无" is none.
    static func names(_ list: String) -> [String] {
        if list.trimmed.hasPrefix("无") { return [] }
        var out: [String] = []
        for piece in list.components(separatedBy: CharacterSet(charactersIn: "，、,；")) {
            if piece.contains(where: { $0.isASCII && $0.isNumber }) { break }
            let name = piece.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "。以及和"))
            if !name.isEmpty { out.append(name) }
        }
        return out
    }

    /// The numbered list under the 职能职责 heading.
    mutating func readDuties() {
        guard
            let start = text.narrative.firstIndex(where: {
                ($0.text.contains("职能") || $0.text.contains("职责")) && $0.text.count <= 20
            })
        else { return }
        var duties: [String] = []
        let item = TextPattern("^\\s*(?:[0-9]{1,2}\\s*[、.．]|[（(][0-9]{1,2}[）)])\\s*(.+)$")
        for line in text.narrative[(start + 1)...] {
            let t = line.original.trimmed
            if let m = item.firstMatch(in: ReportText.normalize(t)), let body = m[0] {
                duties.append(String(t.suffix(body.text.count)))
            } else if !duties.isEmpty, !duties[duties.count - 1].hasSuffix("。"), !t.hasPrefix("（"), t.count > 3 {
                duties[duties.count - 1] += t  // a duty wrapped onto the next line
            } else {
                break
            }
        }
        if !duties.isEmpty { out.set(["profile", "duties"], .array(duties.map(JSONValue.string))) }
    }

    // MARK: - Figures in sentences

    mutating func readNarrativeFigures(_ sentences: [Sentence]) {
        let gb = ["generalBudget"]
        let vocabulary = self.vocabulary
        let yoy = Self.yearOnYearPattern(vocabulary)
        // The direction of a change and of its rate is the same: a word the vocabulary does not
        // know (a typo) takes the direction of its partner; two unknown words map nothing.
        let parts = "(?:[，,、]\\s*)"

        // 财政拨款支出 1855.32万元，其中基本支出 1287.78万元，项目支出 567.54万元: the final accounts' split.
        let finalSplit = rule(
            "(?:财政拨款|全年|本年|年度|[0-9]{4}年度?)(?:共|总)?支出(?:合计|总计|共计|总额)?(?:为|是)?{A}(?:，|。)其中(?:，|：)?基本支出(?:为|是)?{A}" + parts
                + "项目支出(?:为|是)?{A}",
            sentences
        ) { me, s, m in
            me.take(["finalAccounts", "expenditure", "total"], m, 0, s)
            me.take(["finalAccounts", "expenditure", "basic"], m, 1, s)
            me.take(["finalAccounts", "expenditure", "project"], m, 2, s)
        }
        // 支出：799.12万元。其中：人员经费支出 A，公用经费支出 B，项目支出 C — the final accounts'
        // total and project part, the general budget's two parts of basic spending.
        rule(
            "(?:^|[、.．\\s]|[0-9]{4}年度?)(?:共|总)?支出(?:合计|总计|共计|总额)?[：:]?{A}(?:，|。)其中(?:，|：|:)?人员经费(?:支出)?(?:为|是)?{A}"
                + parts
                + "(?:日常)?公用经费(?:支出)?(?:为|是)?{A}" + parts + "项目支出(?:为|是)?{A}",
            sentences
        ) { me, s, m in
            me.take(["finalAccounts", "expenditure", "total"], m, 0, s)
            me.take(gb + ["basic", "personnel"], m, 1, s)
            me.take(gb + ["basic", "publicUse"], m, 2, s)
            me.take(["finalAccounts", "expenditure", "project"], m, 3, s)
        }
        // 基本支出共计 X，其中人员经费 A，公用经费 B，项目支出 C: X is the whole general budget.
        rule(
            "基本支出(?:共计|合计|总计)?(?:为|是)?{A}，其中：?人员经费(?:为|是)?{A}" + parts + "(?:公用经费|商品和服务支出)(?:为|是)?{A}" + parts
                + "项目支出(?:为|是)?{A}", sentences
        ) { me, s, m in
            me.take(gb + ["total", "actual"], m, 0, s)
            me.take(gb + ["basic", "personnel"], m, 1, s)
            me.take(gb + ["basic", "publicUse"], m, 2, s)
            me.take(gb + ["project", "actual"], m, 3, s)
        }
        rule("基本支出年初预算数?为?{A}，实际支出为?{A}", sentences) { me, s, m in
            me.take(gb + ["basic", "budget"], m, 0, s)
            me.take(gb + ["basic", "actual"], m, 1, s)
        }
        rule(
            "基本支出(?:共计|合计|总计|为)?{A}(?:，执行率为?{P})?", sentences,
            where: { s in !finalSplit.contains { $0.line == s.line && $0.offset == s.offset } }
        ) { me, s, m in
            me.take(gb + ["basic", "actual"], m, 0, s)
            me.take(gb + ["basic", "executionRate"], m, 1, s)
        }
        // 人员经费 / 公用经费, with the year-on-year change when stated.
        for (name, key) in [("人员经费", "personnel"), ("(?:公用经费|商品和服务支出)", "publicUse")] {
            rule(name + "{A}(?:" + yoy + ")?", sentences, where: { !Self.isEconomicClassification($0, vocabulary) }) {
                me, s, m in
                me.take(gb + ["basic", key], m, 0, s)
                if m[1] != nil {
                    let label = key == "personnel" ? "人员经费" : (s.text.contains("公用经费") ? "公用经费" : "商品和服务支出")
                    me.yearOnYear(gb + ["changes"], name: label, m, s, current: 0, from: 1)
                }
            }
        }
        // Economic classification: 工资福利支出 / 商品和服务支出 / 对个人和家庭的补助 / 资本性支出.
        for s in sentences where Self.isEconomicClassification(s, vocabulary) {
            for (name, code) in vocabulary.economicClasses {
                guard let m = TextPattern(Self.economicClass(name)).firstMatch(in: s.text), free(m, 0, s) else {
                    continue
                }
                let i = out.appendRow(["economicClassification"])
                out.string(["economicClassification", String(i), "name"], name)
                out.string(["economicClassification", String(i), "code"], code)
                take(["economicClassification", String(i), "amount"], m, 0, s)
            }
        }
        readProject(sentences)
        // 三公经费, 会议费, 培训费: this year, with the change and the rate when stated.
        let yoyItems = vocabulary.yearOnYear.map { ($0.pattern, JSONPointer.tokens($0.address) ?? []) }
        for (name, tokens) in yoyItems {
            rule(name + "(?:完成|支出|为|是|共计|合计){0,2}{A}(?![0-9.]|\\s*%)(?:" + yoy + ")?", sentences) { me, s, m in
                me.take(tokens + ["current"], m, 0, s)
                me.takeYearOnYear(tokens, m, s, from: 1)
            }
        }
        // The other three budgets: an amount, or 无 (a note, never an invented 0).
        for (name, key) in [
            ("政府性基金预算", "governmentFund"), ("国有资(?:本|产)经营预算", "stateCapital"), ("社会保险基金预算", "socialInsurance"),
        ] {
            rule(name + "(?:的)?支出(?:为|是|共计|合计)?{A}", sentences, where: { !$0.text.contains("无" + name) }) { me, s, m in
                me.take([key, "actual"], m, 0, s)
                if let p = TextPattern("主要用于(.+)$").firstMatch(in: s.text), let purpose = p[0] {
                    me.out.string([key, "purpose"], purpose.text.trimmed)
                }
            }
            for s in sentences where TextPattern("无" + name + "(?:的)?支出").firstMatch(in: s.text) != nil {
                out.string([key, "note"], s.text.trimmed)
            }
        }
        // Revenue task: "财政任务为X，完成Y，完成率Z%" or "完成税收Y，完成全年任务的Z%".
        let task = ["performance", "revenueTask"]
        let revenue = ImportVocabulary.alternation(vocabulary.revenueWords)
        let taskHits = rule(
            revenue + "任务(?:数)?(?:为|是)?{A}，(?:全年|实际|累计){0,2}完成(?:了)?" + revenue + "?{A}(?:，完成率(?:为|达)?{P})?", sentences
        ) { me, s, m in
            me.take(task + ["target"], m, 0, s)
            me.take(task + ["completed"], m, 1, s)
            me.take(task + ["completionRate"], m, 2, s)
        }
        rule("完成(?:全年|年度)?" + revenue + "(?:任务)?{A}，(?:完成|占|为)(?:全年|年度)?(?:任务|计划)(?:数)?的?{P}", sentences) { me, s, m in
            me.take(task + ["completed"], m, 0, s)
            me.take(task + ["completionRate"], m, 1, s)
        }
        for s in taskHits {
            guard let range = s.text.range(of: "其中") else { continue }
            readItems(task + ["items"], from: s, after: range.upperBound, dropping: "完成")
        }
        // Score and grade of the performance section.
        rule(
            "(?:自评)?得分(?:为|是)?{N}分", sentences,
            where: { !Self.isAboutProjects($0) && ($0.section.contains("绩效") || $0.section.isEmpty) }
        ) { me, s, m in
            me.take(["performance", "score"], m, 0, s)
        }
        let grade = TextPattern(
            "(?:绩效|等级|等次|评价)(?:结果)?为(?:[“\"](优秀|优|良好|良|中|合格|差)[”\"]|(优秀|优|良好|良|中|合格|差)(?:等次|等级|等)?(?!\\p{Han}))")
        for s in sentences where !Self.isAboutProjects(s) {
            if let m = grade.firstMatch(in: s.text), let g = m[0] ?? m[1] {
                out.string(["performance", "grade"], g.text)
            }
        }
        readFinalAccounts(sentences)
        readProjectEvaluation(sentences)
    }

    /// The year-on-year part after a figure: "，比上年减少2.09万元，下降14.78%", the rate
    /// possibly missing, or the rate alone ("，同比下降10%"). Groups: the change word, the change,
    /// the rate word, the rate, the rate stated alone (its word is the first group).
    static func yearOnYearPattern(_ vocabulary: ImportVocabulary) -> String {
        "，" + ImportVocabulary.alternation(vocabulary.yearOnYearLeads) + "(?:[，,]\\s*)?" + ChangeWord.pattern
            + "(?:{A}(?![0-9.]|\\s*%)(?:，" + ChangeWord.pattern + "{P})?|{P})"
    }

    /// Maps the change and its rate of a year-on-year part whose first group is `k`
    /// (``yearOnYearPattern(_:)``); the signs come from the words, never guessed.
    mutating func takeYearOnYear(_ tokens: Tokens, _ m: TextPattern.Match, _ s: Sentence, from k: Int) {
        guard m[k] != nil else { return }
        if m[k + 4] != nil {
            guard let sign = vocabulary.changeSign(m[k]!.text) else { return }
            take(tokens + ["changeRate"], m, k + 4, s, sign: sign)
            return
        }
        guard let (changeSign, rateSign) = vocabulary.changeSigns(m[k]?.text, m[k + 2]?.text) else { return }
        take(tokens + ["change"], m, k + 1, s, sign: changeSign)
        take(tokens + ["changeRate"], m, k + 3, s, sign: rateSign)
    }

    /// The pattern of an economic class's amount: its name, words of its own kind (支出, 收入支出),
    /// then the amount.
    static func economicClass(_ name: String) -> String {
        name + "(?:收入|支出){0,2}(?:为|共计|合计)?{A}"
    }

    /// A sentence that breaks spending down by economic nature (工资福利支出 1024.74万元, …),
    /// not one that merely lists what 人员经费 covers: it gives amounts to two classes, or to one
    /// that is not also a name of 公用经费 (商品和服务支出 alone is 公用经费).
    static func isEconomicClassification(_ s: Sentence, _ vocabulary: ImportVocabulary) -> Bool {
        var named: Set<String> = []
        for (name, code) in vocabulary.economicClasses
        where TextPattern(economicClass(name)).firstMatch(in: s.text) != nil {
            named.insert(code)
        }
        return named.count >= 2 || named.contains { $0 != "302" }
    }

    /// A year-on-year row named `name` under `tokens` from the captures of one match.
    mutating func yearOnYear(
        _ tokens: Tokens, name: String, _ m: TextPattern.Match, _ s: Sentence, current: Int, from k: Int
    ) {
        let i = out.appendRow(tokens)
        let row = tokens + [String(i)]
        out.string(row + ["name"], name)
        out.number(row + ["current"], m[current]!.text, line: s.line, source: s.text.trimmed)
        takeYearOnYear(row, m, s, from: k)
    }

    // MARK: - Project expenditure

    mutating func readProject(_ sentences: [Sentence]) {
        let p = ["generalBudget", "project"]
        for (k, s) in sentences.enumerated() {
            // 财政拨款项目支出 is the grant-funded total of the final accounts, with its own items.
            let tokens =
                TextPattern("财政拨款(?:中|的)?项目支出").firstMatch(in: s.text) != nil ? ["finalAccounts", "expenditure"] : p
            var matched = false
            for (pattern, keys) in [
                // 项目支出预算X，实际支出为Y / 实际完成Y / 全年完成支出Y / 执行数Y (，执行率Z%)
                (
                    "(?:年初)?项目支出(?:年初|全年|调整后)?预算(?:金额|数)?(?:为|是)?{A}，(?:全年|本年|当年)?(?:实际)?(?:完成)?(?:支出|完成|执行|决算)(?:数)?(?:为|是)?{A}"
                        + "(?:，执行率为?{P})?", ["budget", "actual", "executionRate"]
                ),
                ("(?:年初)?项目支出预算(?:金额|数)?为{A}", ["budget"]),
                ("项目(?:预算)?支出(?:共计|合计|总计|为)?{A}(?:，执行率为?{P})?", ["actual", "executionRate"]),
            ] {
                guard let m = TextPattern(pattern).firstMatch(in: s.text) else { continue }
                // The final accounts keep only the amount spent (their 项目支出), at its own capture.
                let fields = keys.enumerated().compactMap { i, key -> (Int, String)? in
                    tokens == p ? (i, key) : key == "actual" ? (i, "project") : nil
                }
                for (i, key) in fields where take(tokens + [key], m, i, s) { matched = true }
                if matched { break }
            }
            // "项目支出包括A36.3万元，B1万元…": the items without their total.
            if !matched,
                let m = s.text.firstMatch(of: /^\s*(?:[0-9]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）])?\s*项目支出(?:主要)?包括[：:]?/)
            {
                readItems(p + ["items"], from: s, after: m.range.upperBound)
            }
            guard matched else { continue }
            let items = tokens == p ? p + ["items"] : tokens + ["projectItems"]
            // Items follow the project's amount: a 其中 before it breaks down something else;
            // "主要用于：" and "包括" lead a list of them too.
            let mentioned = s.text.range(of: "项目")?.lowerBound ?? s.text.startIndex
            if let range = s.text.range(of: "其中", range: mentioned..<s.text.endIndex)
                ?? s.text[mentioned...].firstMatch(of: /主要用于[：:]|包括[：:]?/)?.range
            {
                readItems(items, from: s, after: range.upperBound)
            } else if k + 1 < sentences.count,
                sentences[k + 1].line == s.line || sentences[k + 1].text.trimmed.hasPrefix("其中"),
                let range = sentences[k + 1].text.range(of: "其中"),
                Self.continuesSubject(String(sentences[k + 1].text[..<range.lowerBound]))
            {
                readItems(items, from: sentences[k + 1], after: range.upperBound)
            }
        }
    }

    /// A list "名称A万元，名称B万元、…" after `index`, to the end of the sentence's line or
    /// its first 。: each item is the text between the previous amount and its own amount
    /// (so names may contain 、).
    mutating func readItems(_ tokens: Tokens, from s: Sentence, after index: String.Index, dropping suffix: String = "")
    {
        guard !out.has(tokens), let line = text.line(s.line) else { return }
        let base = s.offset + s.text.utf16.distance(from: s.text.startIndex, to: index)
        let start = String.Index(utf16Offset: base, in: line.text)
        var rest = String(line.text[start...])
        if let stop = rest.firstIndex(of: "。") { rest = String(rest[..<stop]) }
        let amount = TextPattern("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*万元")
        var previousEnd = rest.startIndex
        for m in amount.matches(in: rest) {
            guard let g = m[0] else { continue }
            var name = String(rest[previousEnd..<m.range.lowerBound]).trimmingCharacters(
                in: CharacterSet(charactersIn: "：:，,、；; ").union(.whitespaces))
            previousEnd = m.range.upperBound
            if !suffix.isEmpty, name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
            if name.hasSuffix("为") { name = String(name.dropLast()) }
            guard !name.isEmpty, name.count <= 60, !out.isUsed(line: s.line, offset: base + g.offset) else { continue }
            let i = out.appendRow(tokens)
            out.string(tokens + [String(i), "name"], name)
            out.number(
                tokens + [String(i), "amount"], g.text, line: s.line, source: s.text.trimmed, offset: base + g.offset)
        }
    }

    // MARK: - Final accounts and project evaluation

    mutating func readFinalAccounts(_ sentences: [Sentence]) {
        let fa = ["finalAccounts"]
        rule("(?:部门|单位)?收入(?:合计|总计|共计)?(?:为|是)?{A}，其中：?一般公共预算(?:财政)?拨款收入(?:为|是)?{A}", sentences) { me, s, m in
            me.take(fa + ["income", "total"], m, 0, s)
            me.take(fa + ["income", "generalBudgetGrant"], m, 1, s)
        }
        rule("全年(?:总)?支出(?:合计|总计|共计)?(?:为|是)?{A}", sentences) { me, s, m in
            me.take(fa + ["expenditure", "total"], m, 0, s)
        }
        // 财政拨款收入合计2024.05万元 / 1、收入：792.22万元 — the total alone; likewise 财政拨款支出合计….
        rule("(?:财政拨款|部门|单位|本年)收入(?:合计|总计|共计)(?:为|是)?{A}|(?:^|[、.．]\\s*)收入[：:]{A}", sentences) { me, s, m in
            for i in 0..<2 where m[i] != nil { me.take(fa + ["income", "total"], m, i, s) }
        }
        rule("(?:财政拨款|部门|单位|本年)支出(?:合计|总计|共计)(?:为|是)?{A}", sentences) { me, s, m in
            me.take(fa + ["expenditure", "total"], m, 0, s)
        }
        // By function: a sentence that gives amounts to two or more 支出功能分类 classes.
        let classes = vocabulary.functionClasses.map {
            (name: $0.name, code: $0.code, pattern: TextPattern($0.name + "(?:为|共计|合计)?{A}"))
        }
        for s in sentences {
            let stated = classes.compactMap { c in c.pattern.firstMatch(in: s.text).map { (c, $0) } }
            guard stated.count >= 2 else { continue }
            for (c, m) in stated where free(m, 0, s) {
                let i = out.appendRow(fa + ["expenditure", "byFunction"])
                out.string(fa + ["expenditure", "byFunction", String(i), "name"], c.name)
                out.string(fa + ["expenditure", "byFunction", String(i), "code"], c.code)
                take(fa + ["expenditure", "byFunction", String(i), "amount"], m, 0, s)
            }
        }
        rule("整体支出完成率(?:为|达)?{P}", sentences) { me, s, m in me.take(fa + ["expenditure", "completionRate"], m, 0, s) }
    }

    /// A sentence about the evaluation of a number of projects (21 个项目 …).
    static func isAboutProjects(_ s: Sentence) -> Bool {
        TextPattern("[0-9]+\\s*个项目|项目\\s*[0-9]+\\s*个").firstMatch(in: s.text) != nil
    }

    mutating func readProjectEvaluation(_ sentences: [Sentence]) {
        let pe = ["projectEvaluation"]
        rule("(?:预算)?支出项目{N}个，当年财政拨款{A}，全年支出{A}，执行率为?{P}", sentences) { me, s, m in
            me.take(pe + ["count"], m, 0, s)
            me.take(pe + ["budget"], m, 1, s)
            me.take(pe + ["executed"], m, 2, s)
            me.take(pe + ["executionRate"], m, 3, s)
        }
        for (word, key) in [("优秀", "excellent"), ("良好", "good"), ("合格", "pass"), ("差", "poor")] {
            rule("{N}个项目(?:结果|评价)?为[“\"]" + word + "[”\"]", sentences) { me, s, m in me.take(pe + [key], m, 0, s) }
        }
        rule("(?:整体)?评价得分{N}分", sentences, where: Self.isAboutProjects) { me, s, m in
            me.take(pe + ["averageScore"], m, 0, s)
        }
    }
}
