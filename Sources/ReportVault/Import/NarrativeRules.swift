import Foundation

/// Figures stated in sentences, as reports really write them.
extension ReportImporter {
    typealias Tokens = [String]

    /// Applies `pattern` to every sentence; for each match whose captured numbers are all
    /// still unmapped, `body` maps them. Returns the sentences that matched.
    @discardableResult
    mutating func rule(_ pattern: String, _ sentences: [Sentence], where condition: (Sentence) -> Bool = { _ in true }, _ body: (inout ReportImporter, Sentence, TextPattern.Match) -> Void) -> [Sentence] {
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
        let literal = sign == "-" && !g.text.hasPrefix("-") && ImportBuilder.parseNumber(g.text) != 0 ? "-" + g.text : g.text
        if out.has(tokens) {
            // A figure stated again (e.g. in a numbered paragraph): the same number is not unmapped data.
            if case .number(let d)? = JSONPointer.resolve(tokens: tokens, in: out.value), d == ImportBuilder.parseNumber(literal) {
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
        let st = ["profile", "staffing"]
        rule("在职编制{N}[人名]", sentences) { $0.take(st + ["active"], $2, 0, $1) }
        rule("(?:人员编制|共有编制|核定编制|编制数为?|编制总数)：{N}[人名]", sentences) { $0.take(st + ["authorized"], $2, 0, $1) }
        rule("行政编制{N}[人名]", sentences) { $0.take(st + ["administrative"], $2, 0, $1) }
        rule("事业编制{N}[人名]", sentences) { $0.take(st + ["institutional"], $2, 0, $1) }
        rule("工勤(?:编制)?{N}[人名]", sentences) { $0.take(st + ["other"], $2, 0, $1) }
        rule("(?:实有在职人员|在职人员|实有人数|实有在职|在职人数|在职)：{N}人", sentences) { $0.take(st + ["active"], $2, 0, $1) }
        rule("现有人数{N}人", sentences) { $0.take(st + ["current"], $2, 0, $1) }
        rule("(?:离退休人员|离退休|退休人员|退休)：{N}人", sentences) { $0.take(st + ["retired"], $2, 0, $1) }
        rule("离休人员{N}人", sentences) { $0.take(st + ["retiredCadres"], $2, 0, $1) }

        rule("(?:内设|设下列)\\s*(?:股室|机构|党政机构|科室|职能机构)?{N}个(?:内设机构)?|{N}个内设机构", sentences) { me, s, m in
            guard s.text.contains("内设") else { return }
            for i in 0..<2 where m[i] != nil { me.take(["profile", "departments", "count"], m, i, s) }
        }
        rule("(?:所属事业单位|下属事业单位){N}个|设(?:下列)?{N}个事业(?:单位|机构|机)|{N}个事业(?:单位|机构|机)", sentences) { me, s, m in
            for i in 0..<3 where m[i] != nil { me.take(["profile", "affiliatedUnits", "count"], m, i, s) }
        }
        // Names: "分别是：A，B，C" after the count, or listed inline before "N个内设机构".
        for s in sentences {
            if let m = TextPattern("内设(?:股室|机构|党政机构)?分别是：(.+)$").firstMatch(in: s.text), let list = m[0] {
                out.set(["profile", "departments", "names"], .array(Self.names(list.text).map(JSONValue.string)))
            } else if let m = TextPattern("所属事业单位分别是：(.+)$").firstMatch(in: s.text), let list = m[0] {
                out.set(["profile", "affiliatedUnits", "names"], .array(Self.names(list.text).map(JSONValue.string)))
            } else if let m = TextPattern("内设(\\p{Han}[^0-9]*?)[0-9]+个内设机构").firstMatch(in: s.text), let list = m[0] {
                out.set(["profile", "departments", "names"], .array(Self.names(list.text).map(JSONValue.string)))
            }
            if let m = TextPattern("设置(\\p{Han}[^0-9]*?)[0-9]+个事业").firstMatch(in: s.text), let list = m[0] {
                out.set(["profile", "affiliatedUnits", "names"], .array(Self.names(list.text).map(JSONValue.string)))
            }
        }
        readDuties()
    }

    static func names(_ list: String) -> [String] {
        if list.trimmed.hasPrefix("无") { return [] }
        return list.components(separatedBy: CharacterSet(charactersIn: "，、,；")).map { $0.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "。以及和")) }.filter { !$0.isEmpty }
    }

    /// The numbered list under the 职能职责 heading.
    mutating func readDuties() {
        guard let start = text.narrative.firstIndex(where: { ($0.text.contains("职能") || $0.text.contains("职责")) && $0.text.count <= 20 }) else { return }
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
        let yoy = "，比上年" + ChangeWord.pattern + "{A}，" + ChangeWord.pattern + "{P}"
        // The direction of a change and of its rate is the same: a word the vocabulary does not
        // know (a typo) takes the direction of its partner; two unknown words map nothing.

        // 财政拨款支出 1855.32万元，其中基本支出 1287.78万元，项目支出 567.54万元
        rule("财政拨款支出{A}，其中：?基本支出{A}，项目支出{A}", sentences) { me, s, m in
            me.take(["finalAccounts", "expenditure", "total"], m, 0, s)
            me.take(["finalAccounts", "expenditure", "basic"], m, 1, s)
            me.take(["finalAccounts", "expenditure", "project"], m, 2, s)
        }
        // 基本支出共计 X，其中人员经费 A，公用经费 B，项目支出 C: X is the whole general budget.
        rule("基本支出(?:共计|合计|总计)?{A}，其中：?人员经费{A}，(?:公用经费|商品和服务支出){A}，项目支出{A}", sentences) { me, s, m in
            me.take(gb + ["total", "actual"], m, 0, s)
            me.take(gb + ["basic", "personnel"], m, 1, s)
            me.take(gb + ["basic", "publicUse"], m, 2, s)
            me.take(gb + ["project", "actual"], m, 3, s)
        }
        rule("基本支出年初预算数?为?{A}，实际支出为?{A}", sentences) { me, s, m in
            me.take(gb + ["basic", "budget"], m, 0, s)
            me.take(gb + ["basic", "actual"], m, 1, s)
        }
        rule("基本支出(?:共计|合计|总计|为)?{A}(?:，执行率为?{P})?", sentences, where: { !$0.text.contains("财政拨款支出") }) { me, s, m in
            me.take(gb + ["basic", "actual"], m, 0, s)
            me.take(gb + ["basic", "executionRate"], m, 1, s)
        }
        // 人员经费 / 公用经费, with the year-on-year change when stated.
        for (name, key) in [("人员经费", "personnel"), ("(?:公用经费|商品和服务支出)", "publicUse")] {
            rule(name + "{A}(?:" + yoy + ")?", sentences, where: { !Self.isEconomicClassification($0) }) { me, s, m in
                me.take(gb + ["basic", key], m, 0, s)
                if m[2] != nil {
                    let label = key == "personnel" ? "人员经费" : (s.text.contains("公用经费") ? "公用经费" : "商品和服务支出")
                    me.yearOnYear(gb + ["changes"], name: label, m, s, current: 0, changeWord: 1, change: 2, rateWord: 3, rate: 4)
                }
            }
        }
        // Economic classification: 工资福利支出 / 商品和服务支出 / 对个人和家庭的补助.
        for s in sentences where Self.isEconomicClassification(s) {
            for (pattern, name, code) in [("工资福利支出{A}", "工资福利支出", "301"), ("商品和服务支出{A}", "商品和服务支出", "302"), ("对个人和家庭的补助(?:收入)?(?:支出)?{A}", "对个人和家庭的补助", "303"), ("资本性支出{A}", "资本性支出", "310")] {
                guard let m = TextPattern(pattern).firstMatch(in: s.text), free(m, 0, s) else { continue }
                let i = out.appendRow(["economicClassification"])
                out.string(["economicClassification", String(i), "name"], name)
                out.string(["economicClassification", String(i), "code"], code)
                take(["economicClassification", String(i), "amount"], m, 0, s)
            }
        }
        readProject(sentences)
        // 三公经费, 会议费, 培训费: this year, the change and the rate.
        let yoyItems = vocabulary.yearOnYear.map { ($0.pattern, JSONPointer.tokens($0.address) ?? []) }
        for (name, tokens) in yoyItems {
            rule(name + "(?:完成|支出|为|共计)?{A}" + yoy, sentences) { me, s, m in
                me.take(tokens + ["current"], m, 0, s)
                guard let (changeSign, rateSign) = me.vocabulary.changeSigns(m[1]?.text, m[3]?.text) else { return }
                me.take(tokens + ["change"], m, 2, s, sign: changeSign)
                me.take(tokens + ["changeRate"], m, 4, s, sign: rateSign)
            }
        }
        // The other three budgets: an amount, or 无 (a note, never an invented 0).
        for (name, key) in [("政府性基金预算", "governmentFund"), ("国有资(?:本|产)经营预算", "stateCapital"), ("社会保险基金预算", "socialInsurance")] {
            rule(name + "(?:的)?支出{A}", sentences, where: { !$0.text.contains("无" + name) }) { me, s, m in
                me.take([key, "actual"], m, 0, s)
                if let p = TextPattern("主要用于(.+)$").firstMatch(in: s.text), let purpose = p[0] { me.out.string([key, "purpose"], purpose.text.trimmed) }
            }
            for s in sentences where TextPattern("无" + name + "(?:的)?支出").firstMatch(in: s.text) != nil {
                out.string([key, "note"], s.text.trimmed)
            }
        }
        // Revenue task.
        let task = ["performance", "revenueTask"]
        let taskHits = rule("(?:财政|收入|税收)任务(?:数)?为?{A}，(?:实际)?完成{A}(?:，完成率{P})?", sentences) { me, s, m in
            me.take(task + ["target"], m, 0, s)
            me.take(task + ["completed"], m, 1, s)
            me.take(task + ["completionRate"], m, 2, s)
        }
        rule("完成税收{A}，完成全年任务的{P}", sentences) { me, s, m in
            me.take(task + ["completed"], m, 0, s)
            me.take(task + ["completionRate"], m, 1, s)
        }
        for s in taskHits {
            guard let range = s.text.range(of: "其中") else { continue }
            readItems(task + ["items"], from: s, after: range.upperBound, dropping: "完成")
        }
        // Score and grade of the performance section.
        rule("(?:自评)?得分{N}分", sentences, where: { !Self.isAboutProjects($0) && ($0.section.contains("绩效") || $0.section.isEmpty) }) { me, s, m in
            me.take(["performance", "score"], m, 0, s)
        }
        for s in sentences {
            if let m = TextPattern("(?:绩效|等级|评价)为[“\"]?(优秀|优|良好|良|中|合格|差)[”\"]").firstMatch(in: s.text), let g = m[0] {
                out.string(["performance", "grade"], g.text)
            }
        }
        readFinalAccounts(sentences)
        readProjectEvaluation(sentences)
    }

    /// A sentence that breaks spending down by economic nature (工资福利支出 1024.74万元, …),
    /// not one that merely lists what 人员经费 covers.
    static func isEconomicClassification(_ s: Sentence) -> Bool {
        TextPattern("工资福利支出\\s*[0-9]").firstMatch(in: s.text) != nil
    }

    /// A year-on-year row named `name` under `tokens` from the captures of one match.
    mutating func yearOnYear(_ tokens: Tokens, name: String, _ m: TextPattern.Match, _ s: Sentence, current: Int, changeWord: Int, change: Int, rateWord: Int, rate: Int) {
        let i = out.appendRow(tokens)
        let row = tokens + [String(i)]
        out.string(row + ["name"], name)
        out.number(row + ["current"], m[current]!.text, line: s.line, source: s.text.trimmed)
        guard let (changeSign, rateSign) = vocabulary.changeSigns(m[changeWord]?.text, m[rateWord]?.text) else { return }
        take(row + ["change"], m, change, s, sign: changeSign)
        take(row + ["changeRate"], m, rate, s, sign: rateSign)
    }

    // MARK: - Project expenditure

    mutating func readProject(_ sentences: [Sentence]) {
        let p = ["generalBudget", "project"]
        for (k, s) in sentences.enumerated() {
            // 财政拨款项目支出 is the grant-funded total of the final accounts, with its own items.
            let tokens = s.text.contains("财政拨款项目支出") ? ["finalAccounts", "expenditure"] : p
            var matched = false
            for (pattern, keys) in [
                ("项目支出预算(?:金额|数)?为?{A}，(?:实际支出|实际完成支出|实际完成|支出)为?{A}", ["budget", "actual"]),
                ("(?:年初)?项目支出预算(?:金额|数)?为?{A}，全年完成支出{A}", ["budget", "actual"]),
                ("(?:年初)?项目支出预算(?:金额|数)?为{A}", ["budget"]),
                ("项目(?:预算)?支出(?:共计|合计|总计|为)?{A}(?:，执行率为?{P})?", ["actual", "executionRate"]),
            ] {
                guard let m = TextPattern(pattern).firstMatch(in: s.text) else { continue }
                let keys = tokens == p ? keys : keys.map { $0 == "actual" ? "project" : $0 }.filter { $0 == "project" }
                for (i, key) in keys.enumerated() where take(tokens + [key], m, i, s) { matched = true }
                if matched { break }
            }
            guard matched else { continue }
            let items = tokens == p ? p + ["items"] : tokens + ["projectItems"]
            if let range = s.text.range(of: "其中") {
                readItems(items, from: s, after: range.upperBound)
            } else if k + 1 < sentences.count, sentences[k + 1].line == s.line || sentences[k + 1].text.trimmed.hasPrefix("其中"), let range = sentences[k + 1].text.range(of: "其中") {
                readItems(items, from: sentences[k + 1], after: range.upperBound)
            }
        }
    }

    /// A list "名称A万元，名称B万元、…" after `index`, to the end of the sentence's line or
    /// its first 。: each item is the text between the previous amount and its own amount
    /// (so names may contain 、).
    mutating func readItems(_ tokens: Tokens, from s: Sentence, after index: String.Index, dropping suffix: String = "") {
        guard !out.has(tokens), let line = text.line(s.line) else { return }
        let base = s.offset + s.text.utf16.distance(from: s.text.startIndex, to: index)
        let start = String.Index(utf16Offset: base, in: line.text)
        var rest = String(line.text[start...])
        if let stop = rest.firstIndex(of: "。") { rest = String(rest[..<stop]) }
        let amount = TextPattern("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*万元")
        var previousEnd = rest.startIndex
        for m in amount.matches(in: rest) {
            guard let g = m[0] else { continue }
            var name = String(rest[previousEnd..<m.range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: "：:，,、；; ").union(.whitespaces))
            previousEnd = m.range.upperBound
            if !suffix.isEmpty, name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
            if name.hasSuffix("为") { name = String(name.dropLast()) }
            guard !name.isEmpty, name.count <= 60, !out.isUsed(line: s.line, offset: base + g.offset) else { continue }
            let i = out.appendRow(tokens)
            out.string(tokens + [String(i), "name"], name)
            out.number(tokens + [String(i), "amount"], g.text, line: s.line, source: s.text.trimmed, offset: base + g.offset)
        }
    }

    // MARK: - Final accounts and project evaluation

    mutating func readFinalAccounts(_ sentences: [Sentence]) {
        let fa = ["finalAccounts"]
        rule("(?:部门|单位)?收入{A}，其中：?一般公共预算财政拨款收入{A}", sentences) { me, s, m in
            me.take(fa + ["income", "total"], m, 0, s)
            me.take(fa + ["income", "generalBudgetGrant"], m, 1, s)
        }
        rule("全年(?:总)?支出{A}", sentences) { me, s, m in
            me.take(fa + ["expenditure", "total"], m, 0, s)
        }
        let hits = sentences.filter { TextPattern("全年(?:总)?支出{A}，其中").firstMatch(in: $0.text) != nil }
        for s in hits {
            for (name, code) in vocabulary.functionClasses {
                guard let m = TextPattern(name + "{A}").firstMatch(in: s.text), free(m, 0, s) else { continue }
                let i = out.appendRow(fa + ["expenditure", "byFunction"])
                out.string(fa + ["expenditure", "byFunction", String(i), "name"], name)
                out.string(fa + ["expenditure", "byFunction", String(i), "code"], code)
                take(fa + ["expenditure", "byFunction", String(i), "amount"], m, 0, s)
            }
        }
        rule("整体支出完成率{P}", sentences) { me, s, m in me.take(fa + ["expenditure", "completionRate"], m, 0, s) }
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
        rule("(?:整体)?评价得分{N}分", sentences, where: Self.isAboutProjects) { me, s, m in me.take(pe + ["averageScore"], m, 0, s) }
    }
}
