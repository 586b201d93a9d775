import Foundation
import Testing

@testable import ReportVault

/// diff, history, blame and log statistics through the built binary.
@Suite struct ReviewEndToEndTests {
    let e2e = EndToEndTests()
    static let report = "2024/绥宁县长铺镇人民政府"

    /// A vault with four revisions of the changpu sample by two authors:
    /// 1 王会计: the sample; 2 李审核: 单位日常运转经费 score 5 → 8 and the row moved to the top;
    /// 3 王会计: 公用经费 338.26 → 338.25 (tagged draft-3); 4 李审核: score 8 → 9, row back in place.
    func reviewVault() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        let base = try DiffTests.sample()
        func commit(_ doc: JSONValue, _ message: String, _ author: String) throws {
            let file = tmp.path + "/draft.json"
            try Data(CanonicalJSON.stored(doc)).write(to: URL(fileURLWithPath: file))
            let r = try e2e.vault(["-C", dir, "commit", file, "-m", message, "--author", author])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try commit(base, "初稿", "王会计 <wang@example.cn>")
        var rows = DiffTests.indicators(base)
        var moved = rows.remove(at: 7)
        moved = replacing("/score", in: moved, with: .number(8))!
        rows.insert(moved, at: 0)
        var doc2 = DiffTests.set("/selfEvaluation/indicators", .array(rows), in: base)
        try commit(doc2, "第二稿: 日常运转经费得分", "李审核 <li@example.cn>")
        doc2 = DiffTests.set("/generalBudget/basic/publicUse", .number(338.25), in: doc2)
        try commit(doc2, "第三稿: 公用经费", "王会计 <wang@example.cn>")
        #expect(
            try e2e.vault(["-C", dir, "tag", "draft-3", "-m", "第三稿送审", "--author", "王会计 <wang@example.cn>"]).status == 0
        )
        let doc4 = DiffTests.set(
            "/selfEvaluation/indicators/7/score", .number(9),
            in: DiffTests.set("/generalBudget/basic/publicUse", .number(338.25), in: base))
        try commit(doc4, "第四稿: 得分再调整", "李审核 <li@example.cn>")
        return (tmp, dir)
    }

    @Test func historyFollowsAMovedRow() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let r = try e2e.vault(["-C", dir, "history", Self.report, "/selfEvaluation/indicators/7/score", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let value = try JSONParser.parse(r.stdout)
        guard case .array(let revisions)? = value[member: "revisions"] else { Issue.record("no revisions"); return }
        #expect(revisions.map { $0[member: "value"]! } == [.number(9), .number(8), .number(5)])
        #expect(revisions.map { $0[member: "delta"]! } == [.number(1), .number(3), .null])
        #expect(
            revisions.map { $0[member: "path"]! } == [
                .string("/selfEvaluation/indicators/7/score"), .string("/selfEvaluation/indicators/0/score"),
                .string("/selfEvaluation/indicators/7/score"),
            ])
        #expect(
            revisions.map { $0[member: "message"]! } == [
                .string("第四稿: 得分再调整"), .string("第二稿: 日常运转经费得分"), .string("初稿"),
            ])
        let gitLog = try e2e.git(["log", "--format=%H", "--", "reports/2024/绥宁县长铺镇人民政府.json"], dir).stdout.split(
            separator: "\n"
        ).map(String.init)
        #expect(revisions.map { $0[member: "commit"]!.stringValue! } == [gitLog[0], gitLog[2], gitLog[3]])
        // tags are shown where they point
        let pub = try e2e.vault(["-C", dir, "history", Self.report, "/generalBudget/basic/publicUse"])
        #expect(pub.stdout.contains("338.25  ↓ 0.01  [draft-3]"))
        // an unknown figure is a one-line error
        let bad = try e2e.vault(["-C", dir, "history", Self.report, "/generalBudget/nothing"])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("error: figure /generalBudget/nothing does not exist in 2024/绥宁县长铺镇人民政府"))
    }

    @Test func blameNamesTheLastAuthorOfEachFigure() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let r = try e2e.vault(["-C", dir, "blame", Self.report, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let lines) = try JSONParser.parse(r.stdout) else { Issue.record("not an array"); return }
        func author(_ path: String) -> String? {
            lines.first { $0[member: "path"] == .string(path) }?[member: "author"]?.stringValue
        }
        #expect(author("/selfEvaluation/indicators/7/score") == "李审核 <li@example.cn>")
        #expect(author("/generalBudget/basic/publicUse") == "王会计 <wang@example.cn>")
        #expect(author("/generalBudget/basic/personnel") == "王会计 <wang@example.cn>")
        let commits = try e2e.git(["log", "--format=%H"], dir).stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first { $0[member: "path"] == .string("/generalBudget/basic/publicUse") }?[member: "commit"]
                == .string(commits[1]))
        #expect(
            lines.first { $0[member: "path"] == .string("/generalBudget/basic/personnel") }?[member: "commit"]
                == .string(commits[3]))
        #expect(
            lines.count
                == FigureList(schema: DiffTests.schema).figures(
                    of: try JSONParser.parse(try e2e.vault(["-C", dir, "show", Self.report]).stdout)
                ).count)
    }

    @Test func diffAcrossATagAndBetweenFiles() throws {
        let (tmp, dir) = try reviewVault()
        let r = try e2e.vault(["-C", dir, "diff", "draft-3", "HEAD", Self.report], env: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                2024/绥宁县长铺镇人民政府  draft-3 → HEAD
                  部门整体支出绩效自评表
                    ↕ 绩效指标 · 单位日常运转经费  moved from row 1 to row 8
                    绩效指标 · 单位日常运转经费 · 得分  8 → 9 分  ↑ 1 (+12.5%)
                  1 figure changed, 1 row moved

                """)
        #expect(!r.stdout.contains("\u{1B}["))
        // CSV of the same comparison
        let csv = try e2e.vault(["-C", dir, "diff", "draft-3", "--csv"])
        #expect(
            csv.stdout
                == "\u{FEFF}report,path,label,kind,old,new,delta,pct (%),unit\r\n2024/绥宁县长铺镇人民政府,/selfEvaluation/indicators/7,部门整体支出绩效自评表 · 绩效指标 · 单位日常运转经费,moved,0,7,,,\r\n2024/绥宁县长铺镇人民政府,/selfEvaluation/indicators/7/score,部门整体支出绩效自评表 · 绩效指标 · 单位日常运转经费 · 得分,changed,8,9,1,12.50,分\r\n"
        )
        // two files, no vault needed
        let a = try tmp.file("a.json", String(decoding: CanonicalJSON.stored(try DiffTests.sample()), as: UTF8.self))
        guard case .array(var items)? = JSONPointer.resolve("/generalBudget/project/items", in: try DiffTests.sample())
        else { Issue.record("items"); return }
        items.append(try JSONParser.parse(#"{"name": "社区资金", "amount": 12.5}"#))
        let edited = DiffTests.set(
            "/generalBudget/project/items", .array(items),
            in: DiffTests.set("/generalBudget/total/actual", .number(2023.38), in: try DiffTests.sample()))
        let b = try tmp.file("b.json", String(decoding: CanonicalJSON.stored(edited), as: UTF8.self))
        let files = try e2e.vault(["diff", a, b, "--json"], in: tmp.path)
        #expect(files.status == 0, "\(files.stderr)")
        let value = try JSONParser.parse(files.stdout)
        #expect(
            try JSONSchema(
                try FileInput.json(Fixtures.packageRoot.appendingPathComponent("schema/diff-output.schema.json").path)
            ).validate(value) == [])
        guard case .array(let reports)? = value[member: "reports"],
            case .array(let changes)? = reports.first?[member: "changes"]
        else { Issue.record("shape"); return }
        #expect(changes.map { $0[member: "kind"]! } == [.string("added"), .string("changed")])
        #expect(changes[1][member: "delta"] == .number(0.01))
        guard case .array(let fixed)? = reports[0][member: "findings"]?[member: "fixed"] else {
            Issue.record("findings"); return
        }
        #expect(fixed.map { $0[member: "rule"]! } == [.string("sum.general-budget")])
    }

    /// The clerk's first day: import the text, check it, commit it.
    @Test func importCheckCommit() throws {
        let (tmp, dir) = try e2e.newVault()
        let text = Fixtures.root.appendingPathComponent("reports/changpu-2024.txt").path
        let out = tmp.path + "/changpu.json"
        let imported = try e2e.vault(["import", text, "-o", out, "--provenance"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.isEmpty)
        #expect(
            imported.stderr.contains(
                "/generalBudget/total/actual ← line 25: \"2024年基本支出共计2023.37万元，其中人员经费1236.95万元，公用经费338.26万元，项目支出448.17万元\""
            ))
        #expect(imported.stderr.contains("imported \(text) (text, UTF-8): 112 figures, 37 table rows → \(out)"))
        #expect(imported.stderr.contains("not mapped (1):\n  line 45: 共完成9个市政基础设施建设项目，验收结算金额约146.42万元\n"))
        #expect(imported.stderr.contains("/selfEvaluation/indicators/10/score ← line 437: \"满意度指标（10分） | 服务对象满意度指标"))
        let check = try e2e.vault(["check", out])
        #expect(check.status == 1)
        #expect(check.stdout.hasPrefix("\(out): 4 errors, 0 warnings"))
        let commit = try e2e.vault(["-C", dir, "commit", out, "-m", "imported"] + EndToEndTests.author)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(
            try e2e.git(["cat-file", "-p", "HEAD:reports/2024/绥宁县长铺镇人民政府.json"], dir).stdoutBytes
                == (try FileInput.report(out)).storedBytes)
        // stdout when no -o; a missing file is a one-line error
        let toStdout = try e2e.vault(["import", text])
        #expect(try JSONParser.parse(toStdout.stdout)[member: "fiscalYear"] == .number(2024))
        let missing = try e2e.vault(["import", tmp.path + "/nope.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr == "error: \(tmp.path)/nope.txt: no such file\n")
    }

    @Test func logCountsFiguresPerReport() throws {
        let (tmp, dir) = try reviewVault()
        _ = tmp
        let r = try e2e.vault(["-C", dir, "log"])
        let reportsLines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("Reports:") }
        #expect(
            reportsLines == [
                "Reports: 2024/绥宁县长铺镇人民政府 (1 figure changed, 1 row moved)",
                "Reports: 2024/绥宁县长铺镇人民政府 (1 figure changed)",
                "Reports: 2024/绥宁县长铺镇人民政府 (1 figure changed, 1 row moved)",
                "Reports: 2024/绥宁县长铺镇人民政府 (added)",
            ])
    }
}
