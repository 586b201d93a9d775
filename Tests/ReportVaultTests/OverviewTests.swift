import Foundation
import Testing

@testable import ReportVault

/// The county's summary (issue 32): `vault overview` of five townships, its totals checked
/// against the figures written into their reports by hand here, in every output.
@Suite struct OverviewTests {
    let e2e = EndToEndTests()
    static let author = ["--author", "王会计 <wang@example.cn>"]

    /// One township of 2024 with its own name and the self-evaluation table's 年度资金总额 row
    /// (budget A, spent B); `yuan` writes the table in 元 (the amounts are then ×10 000).
    static func township(
        _ name: String, budget: String?, spent: String?, score: String, yuan: Bool = false
    ) throws
        -> JSONValue
    {
        var report = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: EndToEndTests.sample))))
        JSONValue.set(&report, ["unit", "name"], .string(name))
        JSONValue.set(&report, ["selfEvaluation", "heading", "unitName"], .string(name))
        JSONValue.set(&report, ["selfEvaluation", "totalScore"], .number(Double(score)!))
        JSONValue.set(&report, ["performance", "score"], .number(Double(score)!))
        if yuan { JSONValue.set(&report, ["selfEvaluation", "amountUnit"], .string("元")) }
        if let budget {
            JSONValue.set(&report, ["selfEvaluation", "funds", "rows", "0", "annualBudget"], .number(Double(budget)!))
        }
        if let spent {
            JSONValue.set(&report, ["selfEvaluation", "funds", "rows", "0", "executed"], .number(Double(spent)!))
        }
        return report
    }

    /// Five townships, six drafts: 甲镇 twice, 丁镇 approved, 戊镇 submitted and changed since.
    func countyOf2024() throws -> (TemporaryFolder, String) {
        let (tmp, dir) = try e2e.newVault()
        let towns: [(String, String?, String?, String, Bool)] = [
            ("甲镇人民政府", "2000", "1900.5", "96", false),
            ("乙镇人民政府", "12345678.9", "11111111.1", "90", true),
            ("丙镇人民政府", nil, nil, "88.5", false),  // no 年度资金总额 figures: the general budget's
            ("丁镇人民政府", "800", "800", "100", false),
            ("戊镇人民政府", "1500.25", "1200.2", "92", false),
        ]
        var files: [String] = []
        for (i, town) in towns.enumerated() {
            let file = tmp.path + "/town\(i).json"
            try Data(
                CanonicalJSON.stored(
                    try Self.township(town.0, budget: town.1, spent: town.2, score: town.3, yuan: town.4))
            )
            .write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        let first = try e2e.vault(["-C", dir, "commit"] + files + ["-m", "first drafts"] + Self.author)
        try #require(first.status == 0, "\(first.stderr)")
        let tagged = try e2e.vault(
            ["-C", dir, "tag", "county-2024", "HEAD", "2024/戊镇人民政府", "-m", "submitted"] + Self.author)
        try #require(tagged.status == 0, "\(tagged.stderr)")
        let approved = try e2e.vault(["-C", dir, "review", "丁镇", "--approve", "--author", "李审核 <li@county.cn>"])
        try #require(approved.status == 0, "\(approved.stderr)")
        // 甲镇's second draft spends 1900.50 → 1950.75; 戊镇 changes after its submission.
        try Data(CanonicalJSON.stored(try Self.township("甲镇人民政府", budget: "2000", spent: "1950.75", score: "96")))
            .write(to: URL(fileURLWithPath: files[0]))
        try Data(CanonicalJSON.stored(try Self.township("戊镇人民政府", budget: "1500.25", spent: "1200.2", score: "93")))
            .write(to: URL(fileURLWithPath: files[4]))
        let second = try e2e.vault(["-C", dir, "commit", files[0], files[4], "-m", "second drafts"] + Self.author)
        try #require(second.status == 0, "\(second.stderr)")
        return (tmp, dir)
    }

    func json(_ result: ProcessResult) throws -> JSONValue { try JSONParser.parse(Array(result.stdout.utf8)) }

    @Test func fiveTownshipsAddUpInEveryOutput() throws {
        let (tmp, dir) = try countyOf2024()
        let result = try e2e.vault(["-C", dir, "overview", "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        let out = try json(result)
        #expect(out[member: "year"] == .number(2024))
        guard case .array(let rows)? = out[member: "reports"] else { Issue.record("no reports"); return }
        #expect(rows.map { $0[member: "unit"]?.stringValue } == ["丁镇人民政府", "丙镇人民政府", "乙镇人民政府", "戊镇人民政府", "甲镇人民政府"])
        func row(_ unit: String) -> JSONValue? { rows.first { $0[member: "unit"]?.stringValue == unit } }
        // 甲镇: 1950.75 ÷ 2000 = 97.5375 % → 97.54; two drafts.
        #expect(row("甲镇人民政府")?[member: "spent"]?[member: "value"] == .number(1950.75))
        #expect(row("甲镇人民政府")?[member: "spent"]?[member: "source"] == .string("/selfEvaluation/funds/rows/0/executed"))
        #expect(row("甲镇人民政府")?[member: "executionRate"] == .number(97.54))
        #expect(row("甲镇人民政府")?[member: "drafts"] == .number(2))
        // 乙镇 wrote its table in 元: 12 345 678.90 元 = 1234.56789 万元, 90.00 % spent.
        #expect(row("乙镇人民政府")?[member: "budget"]?[member: "value"] == .number(1234.56789))
        #expect(row("乙镇人民政府")?[member: "spent"]?[member: "value"] == .number(1111.11111))
        #expect(row("乙镇人民政府")?[member: "executionRate"] == .number(90))
        // 丙镇 has no 年度资金总额 figures: its spending is the general budget's total, no budget, no rate.
        #expect(row("丙镇人民政府")?[member: "budget"] == .null)
        #expect(row("丙镇人民政府")?[member: "spent"]?[member: "source"] == .string("/generalBudget/total/actual"))
        #expect(row("丙镇人民政府")?[member: "spent"]?[member: "value"] == .number(2023.37))
        #expect(row("丙镇人民政府")?[member: "executionRate"] == .null)
        #expect(row("丁镇人民政府")?[member: "review"] == .string("approved"))
        #expect(row("戊镇人民政府")?[member: "submission"] == .string("county-2024"))
        #expect(row("戊镇人民政府")?[member: "changedSinceSubmission"] == .bool(true))
        #expect(row("丙镇人民政府")?[member: "submission"] == .null)
        // Totals: 2000 + 1234.56789 + 800 + 1500.25 = 5534.81789 budgeted; spent 1950.75 +
        // 1111.11111 + 2023.37 + 800 + 1200.2 = 7085.43111; the rate of the four with a rate:
        // 5062.06111 ÷ 5534.81789 = 91.46 %. Medians: (1234.56789 + 1500.25) ÷ 2, 1200.2, 93.
        let totals = out[member: "totals"]
        let medians = out[member: "medians"]
        #expect(totals?[member: "budget"] == .number(5534.81789))
        #expect(totals?[member: "spent"] == .number(7085.43111))
        #expect(totals?[member: "executionRate"] == .number(91.46))
        #expect(totals?[member: "drafts"] == .number(7))
        #expect(totals?[member: "score"] == .null)
        #expect(medians?[member: "budget"] == .number(1367.408945))
        #expect(medians?[member: "spent"] == .number(1200.2))
        #expect(medians?[member: "score"] == .number(93))
        // The findings are the check's: each row's counts equal `vault check --json` of the report.
        for case let report in rows {
            let name = report[member: "report"]!.stringValue!
            let check = try json(try e2e.vault(["-C", dir, "check", name, "--json"]))
            guard case .array(let findings)? = check[member: "findings"] else { Issue.record("no findings"); continue }
            let errors = findings.filter { $0[member: "severity"] == .string("error") }.count
            #expect(report[member: "errors"] == .number(Double(errors)), "\(name)")
        }

        // The same numbers in the table, in Chinese, totals and medians under the rows.
        let text = try e2e.vault(["-C", dir, "overview", "2024"], env: ["VAULT_LANG": "zh"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("2024 年度汇总：5 个单位（版本 ") == true, "\(text.stdout)")
        #expect(
            lines.contains {
                $0.hasPrefix("合计") && $0.contains("5534.82") && $0.contains("7085.43") && $0.contains("91.46")
            })
        #expect(lines.contains { $0.hasPrefix("甲镇人民政府") && $0.contains("1950.75") && $0.contains("97.54") })
        #expect(lines.contains { $0.hasPrefix("丁镇人民政府") && $0.contains("审核通过") })
        #expect(lines.contains { $0.hasPrefix("戊镇人民政府") && $0.contains("county-2024 之后有改动") })

        // CSV: the same cells, with a byte order mark for Excel.
        let csv = try e2e.vault(["-C", dir, "overview", "--csv"], env: ["VAULT_LANG": "en"])
        let csvLines = csv.stdout.split(separator: "\r\n").map(String.init)
        #expect(
            csvLines.first == "\u{FEFF}Unit,Budget (10k yuan),Spent (10k yuan),Rate (%),Basic (10k yuan),"
                + "Project (10k yuan),Three public (10k yuan),Score,Errors,Warnings,Drafts,Last change,Review,Submission"
        )
        #expect(csvLines.contains { $0.hasPrefix("Total,5534.82,7085.43,91.46,") })
        #expect(csvLines.contains { $0.hasPrefix("Median,1367.41,1200.20,") })

        // The workbook: numbers as numbers, the total row; LibreOffice opens it and prints it on
        // one A4 page across.
        let book = tmp.path + "/overview.xlsx"
        let wrote = try e2e.vault(["-C", dir, "overview", "--xlsx", book], env: ["VAULT_LANG": "zh"])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        let reader = try XLSXReader(path: book)
        #expect(reader.sheetNames == ["2024 年度汇总"])
        let sheet = try reader.sheet(0)
        #expect(sheet.rows.first?.first == .text("单位"))
        let total = sheet.rows.first { $0.first == .text("合计") }
        #expect(total?[1] == .number(5534.81789) && total?[2] == .number(7085.43111), "\(String(describing: total))")
        #expect(sheet.rows.first { $0.first == .text("乙镇人民政府") }?[3] == .number(90))
        let office = try requireTool("libreoffice", package: "libreoffice-calc")
        let pdfinfo = try requireTool("pdfinfo", package: "poppler-utils")
        let converted = try run(
            office,
            [
                "-env:UserInstallation=file://\(tmp.path)/profile", "--headless", "--convert-to", "pdf", "--outdir",
                tmp.path + "/pdf", book,
            ])
        #expect(converted.status == 0, "\(converted.stderr)")
        let info = try run(pdfinfo, [tmp.path + "/pdf/overview.pdf"]).stdout
        #expect(info.contains("\nPages:           1\n"), "\(info)")
        #expect(info.contains("Page size:       841.89 x 595.3"), "\(info)")
    }

    @Test func badInputSaysWhatAndLeavesTheVaultAsItWas() throws {
        let (tmp, dir) = try countyOf2024()
        let before = try e2e.snapshot(dir)
        let noYear = try e2e.vault(["-C", dir, "overview", "2019"], env: ["VAULT_LANG": "en"])
        #expect(noYear.status == 3)
        #expect(noYear.stderr == "error: the vault holds no report of fiscal year 2019 (years held: 2024)\n")
        let badRev = try e2e.vault(["-C", dir, "overview", "--rev", "nosuch"], env: ["VAULT_LANG": "en"])
        #expect(badRev.status == 3 && badRev.stderr.hasPrefix("error: "), "\(badRev.stderr)")
        let both = try e2e.vault(["-C", dir, "overview", "--csv", "--json"])
        #expect(both.status == 64)
        let book = tmp.path + "/exists.xlsx"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: book))
        let exists = try e2e.vault(["-C", dir, "overview", "--xlsx", book])
        #expect(exists.status != 0 && exists.stderr.hasPrefix("error: "))
        #expect(try String(contentsOfFile: book, encoding: .utf8) == "keep")
        let (emptyTmp, empty) = try e2e.newVault()
        _ = emptyTmp
        let none = try e2e.vault(["-C", empty, "overview"])
        #expect(none.status == 3 && none.stderr.hasPrefix("error: "), "\(none.stderr)")
        #expect(try e2e.snapshot(dir) == before)
        // An older revision sums up what was there then: 甲镇's first draft.
        let old = try json(try e2e.vault(["-C", dir, "overview", "--rev", "HEAD~1", "--json"]))
        guard case .array(let rows)? = old[member: "reports"] else { Issue.record("no reports"); return }
        #expect(
            rows.first { $0[member: "unit"]?.stringValue == "甲镇人民政府" }?[member: "spent"]?[member: "value"]
                == .number(1900.5))
    }

    /// The headline figures' sources, on the four sample reports' shapes.
    @Test func headlinesComeFromOneTableAtATime() throws {
        let schemas = try ReportSchemas.load()
        func headlines(_ name: String) throws -> HeadlineFigures {
            let value = try JSONParser.parse(
                Array(try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/\(name).json"))))
            return HeadlineFigures(report: value, figures: try schemas.figureList(for: value).figures(of: value))
        }
        let xitang = try headlines("xitang-2024")
        // 年初预算数 of basic and project spending is not the year's budget: none, and no rate.
        #expect(xitang.budget == nil && xitang.executionRate == nil)
        #expect(xitang.spent?.source == "/generalBudget/basic/actual + /generalBudget/project/actual")
        #expect(xitang.spent?.value == Decimal(string: "7133.55"))
        #expect(xitang.score == nil)
        let jimin = try headlines("jimin-2024")
        // Its self-evaluation table has no 年度资金总额 row and the general budget no totals:
        // basic and project spending add up to what was spent, and no budget rates it.
        #expect(jimin.budget == nil && jimin.executionRate == nil)
        #expect(jimin.spent?.source == "/generalBudget/basic/actual + /generalBudget/project/actual")
        #expect(jimin.score?.value == Decimal(string: "91.93"))
        let pingkou = try headlines("pingkou-2023")
        #expect(pingkou.threePublic?.value == Decimal(string: "29.1"))
        #expect(pingkou.score?.source == "/performance/score")
    }
}
