import Foundation
import Testing

@testable import ReportVault
@testable import VaultDiff

@Suite struct DiffTests {
    static let schema = try! ReportSchemas.load().newestSchema()
    static let engine = FigureDiff(schema: schema)

    static func sample() throws -> JSONValue {
        try FileInput.json(Fixtures.packageRoot.appendingPathComponent("samples/changpu-2024.json").path)
    }

    static func set(_ pointer: String, _ value: JSONValue, in doc: JSONValue) -> JSONValue {
        replacing(pointer, in: doc, with: value)!
    }

    static func indicators(_ doc: JSONValue) -> [JSONValue] {
        guard case .array(let rows)? = JSONPointer.resolve("/selfEvaluation/indicators", in: doc) else { return [] }
        return rows
    }

    /// A hand-made draft: two figures edited, an indicator inserted, two indicators swapped,
    /// a project item removed, a narrative section extended.
    static func draft() throws -> JSONValue {
        var doc = try sample()
        doc = set("/generalBudget/basic/personnel", .number(1236.96), in: doc)
        doc = set("/baseData/rows/12/final", .number(338.25), in: doc)
        var rows = indicators(doc)
        rows.swapAt(0, 1)  // 地方收入增幅 now before 工资发放人数
        rows.insert(
            try JSONParser.parse(
                #"{"level1": "产出指标", "level2": "数量指标", "name": "新建道路长度", "target": "2公里", "actual": "2公里", "weight": 5, "score": 5}"#
            ), at: 3)
        doc = set("/selfEvaluation/indicators", .array(rows), in: doc)
        guard case .array(var items)? = JSONPointer.resolve("/generalBudget/project/items", in: doc) else {
            throw VaultError.noSuchFigureNamed(name: "items")
        }
        items.remove(at: 1)  // 运行维护经费
        doc = set("/generalBudget/project/items", .array(items), in: doc)
        guard case .string(let text)? = JSONPointer.resolve("/sections/6/text", in: doc) else {
            throw VaultError.noSuchFigureNamed(name: "text")
        }
        doc = set("/sections/6/text", .string(text + "\n四是部分项目资金拨付进度偏慢。"), in: doc)
        return doc
    }

    @Test func goldenDiffAgainstAHandMadeDraft() throws {
        let changes = try Self.engine.changes(from: try Self.sample(), to: try Self.draft())
        let lines = changes.map { c -> String in
            var s = "\(c.kind.rawValue) \(c.path) \(c.label)"
            if let d = c.delta { s += " Δ\(ExactNumber.text(d))" }
            if let p = c.pct { s += " \(ExactNumber.text(p))%" }
            if let u = c.unit { s += " \(u)" }
            return s
        }
        #expect(
            lines == [
                "changed /baseData/rows/12/final 部门整体支出绩效评价基础数据表 · 经费控制情况 · 公用经费 · 本年决算数 Δ-0.01 -0.003% 万元",
                "changed /generalBudget/basic/personnel 一般公共预算支出 · 基本支出 · 人员经费 Δ0.01 0.0008% 万元",
                "removed /generalBudget/project/items/1 一般公共预算支出 · 项目支出 · 项目明细 · 运行维护经费",
                "changed /sections/6/text 正文 · 七、存在的问题及原因分析 · 内容",
                "moved /selfEvaluation/indicators/0 部门整体支出绩效自评表 · 绩效指标 · 地方收入增幅",
                "added /selfEvaluation/indicators/3 部门整体支出绩效自评表 · 绩效指标 · 新建道路长度",
            ])
        let comparison = try ReportComparison(
            report: "2024/x", old: try Self.sample(), new: try Self.draft(), diff: Self.engine,
            checker: ReportCheck(schema: Self.schema))
        #expect(
            comparison.summaryMessage.text(.en)
                == "2 figures changed, 1 row added, 1 row removed, 1 row moved, 1 text section changed, 1 check finding appeared"
        )
        // The inserted indicator's 5 points are not in the stated total of 95.
        #expect(comparison.newFindings.map(\.rule) == ["sum.total-score"])
        // the text change is summarised, with its excerpt
        let text = try #require(changes.first { $0.isText })
        guard case .string(let a)? = text.old, case .string(let b)? = text.new else {
            Issue.record("not strings"); return
        }
        let summary = TextDiff.summary(a, b)
        #expect(summary.added == 16 && summary.removed == 0)
        #expect(summary.excerpt == "+“四是部分项目资金拨付进度偏慢。”")
        #expect(TextDiff.marked("预算执行率为98%", "预算执行率为100%") == "预算执行率为[-98-]{+100+}%")
        // A finding that is fixed, and one that appears, are told apart from ones that persist.
        var fixed = try Self.sample()
        fixed = Self.set("/generalBudget/total/actual", .number(2023.38), in: fixed)
        fixed = Self.set("/performance/score", .number(96), in: fixed)
        let c2 = try ReportComparison(
            report: "2024/x", old: try Self.sample(), new: fixed, diff: Self.engine,
            checker: ReportCheck(schema: Self.schema))
        #expect(c2.fixedFindings.map(\.rule) == ["sum.general-budget"])
        #expect(c2.newFindings.map(\.rule) == ["score.text-vs-table"])
    }

    @Test func unkeyedArraysCompareByPosition() throws {
        let old = try JSONParser.parse(
            #"{"schemaVersion": 1, "fiscalYear": 2024, "unit": {"name": "甲"}, "amountUnit": "万元", "profile": {"duties": ["a", "b"]}}"#
        )
        let new = Self.set("/profile/duties", .array([.string("a"), .string("c"), .string("d")]), in: old)
        #expect(
            try Self.engine.changes(from: old, to: new).map { "\($0.kind.rawValue) \($0.path)" } == [
                "changed /profile/duties/1", "added /profile/duties/2",
            ])
    }

    @Test func deltasAreExactDecimals() throws {
        let old = try JSONParser.parse(#"{"finalAccounts": {"expenditure": {"total": 1043.96477}}, "x": 0}"#)
        let new = try JSONParser.parse(#"{"finalAccounts": {"expenditure": {"total": 1043.96478}}, "x": 5}"#)
        let changes = try Self.engine.changes(from: old, to: new)
        #expect(changes.map { $0.delta.map(ExactNumber.text) } == ["0.00001", "5"])
        #expect(changes[1].pct == nil)  // old is 0
        let json = String(
            decoding: CanonicalJSON.rfc8785(
                try ReportComparison(
                    report: "r", old: old, new: new, diff: Self.engine, checker: ReportCheck(schema: Self.schema)
                ).json), as: UTF8.self
        )
        #expect(json.contains(#""delta":0.00001,"kind":"changed""#))
    }

    @Test func jsonOutputFollowsTheDocumentedShape() throws {
        let shape = try JSONSchema(
            try FileInput.json(Fixtures.packageRoot.appendingPathComponent("schema/diff-output.schema.json").path))
        let comparison = try ReportComparison(
            report: "2024/x", old: try Self.sample(), new: try Self.draft(), diff: Self.engine,
            checker: ReportCheck(schema: Self.schema))
        let output = JSONValue.object([
            .init("from", .string("a")), .init("to", .string("b")), .init("reports", .array([comparison.json])),
        ])
        #expect(shape.validate(output) == [])
        // and the shape can fail: a change without its delta
        let broken = try JSONParser.parse(
            #"{"from": "a", "to": "b", "reports": [{"report": "r", "changes": [{"path": "/x", "label": "x", "kind": "changed", "old": 1, "new": 2, "pct": null, "unit": null}], "findings": {"new": [], "fixed": []}}]}"#
        )
        #expect(shape.validate(broken).map(\.keyword) == ["required"])
    }

    @Test func longestIncreasingSubsequence() {
        #expect(longestIncreasing([1, 0, 2, 3]).count == 3)
        #expect(longestIncreasing([3, 2, 1]).count == 1)
        #expect(longestIncreasing([]) == [])
    }
}

/// A reviewer on the county server compares two revisions of the bare vault itself: its own
/// `HEAD` file is git's, never a report file.
@Suite struct BareVaultDiffTests {
    @Test func revisionsOfABareVaultAreComparedNotItsHEADFile() throws {
        let e2e = EndToEndTests()
        let (tmp, dir) = try e2e.newVault(bare: true)
        _ = tmp
        let sample = try FileInput.json(EndToEndTests.sample)
        let changed = try #require(replacing("/generalBudget/basic/personnel", in: sample, with: .number(1300.5)))
        let lines = [sample, changed].enumerated().map { i, report in
            "{\"message\": \"draft \(i + 1)\", \"report\": "
                + String(decoding: CanonicalJSON.rfc8785(report), as: UTF8.self) + "}\n"
        }.joined()
        #expect(try e2e.vault(["-C", dir, "load"] + EndToEndTests.author, stdin: Array(lines.utf8)).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/HEAD"))
        let diff = try e2e.vault(["-C", dir, "diff", "HEAD~1", "HEAD", "--json"], env: ["VAULT_LANG": "en"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let output = try JSONParser.parse(Array(diff.stdout.utf8))
        guard case .array(let reports)? = JSONPointer.resolve("/reports", in: output),
            case .array(let changes)? = reports.first.flatMap({ JSONPointer.resolve("/changes", in: $0) })
        else {
            Issue.record("no changes in \(diff.stdout.prefix(300))")
            return
        }
        #expect(changes.count == 1)
        #expect(
            changes.first.flatMap { JSONPointer.resolve("/path", in: $0) } == .string("/generalBudget/basic/personnel"))
        #expect(changes.first.flatMap { JSONPointer.resolve("/new", in: $0) } == .number(1300.5))
        // The same with the range and in the work-tree-less vault's own words.
        #expect(try e2e.vault(["-C", dir, "diff", "HEAD~1..HEAD"]).status == 0)
    }
}
