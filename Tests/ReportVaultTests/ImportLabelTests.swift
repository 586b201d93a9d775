import Foundation
import Testing

@testable import ReportVault

/// Never a wrong label: a right number under a wrong label is worse than a missing one. Every
/// variant, as written and with its table headers mangled the way web pages and plain-text saves
/// mangle them, imports with no figure at a pointer whose expected value is another.
@Suite struct ImportLabelTests {
    /// Words that make a line a header line of the funds or indicator table.
    static let headerWords = [
        "年初预算数", "全年预算数", "全年执行数", "执行数", "执行率", "分值", "得分", "年度指标值", "实际完成值", "一级指标", "二级指标", "三级指标", "权重", "预算数",
        "实际支出", "指标值", "实际值", "完成值", "目标值", "评分", "标准分",
    ]

    /// A line holding two header words or more, counting a word inside a longer one once
    /// (全年预算数 holds 预算数).
    static func isHeader(_ line: Substring) -> Bool {
        var rest = String(line), found = 0
        for word in headerWords.sorted(by: { $0.count > $1.count }) where rest.contains(word) {
            found += 1
            rest = rest.replacingOccurrences(of: word, with: " ")
        }
        return found >= 2
    }

    /// The forms a header takes in the wild, made from a header line.
    enum Mangling: String, CaseIterable {
        /// Split over two lines at the separator nearest its middle ("预算资金 |" then "年初预算数 | …").
        case splitInTwo
        /// Each header word with a space inside ("年度 指标值", "绩 效 指 标").
        case spacedWords
        /// Split after its first cell and again in the middle (a header over three lines).
        case splitInThree
    }

    /// A header line of several cells (TABs or pipes between them): one that can be split.
    static func isSplittable(_ line: Substring) -> Bool {
        guard isHeader(line) else { return false }
        let separator: Character = line.contains("\t") ? "\t" : "|"
        return line.split(separator: separator).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count >= 3
    }

    /// A header written a cell per line: a short line that is one header word or two.
    static func isHeaderCell(_ line: Substring) -> Bool {
        let cell = line.trimmingCharacters(in: CharacterSet(charactersIn: "\t |"))
        return cell.count <= 12 && headerWords.contains { cell.hasPrefix($0) }
    }

    static func mangle(_ text: String, _ mangling: Mangling) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard mangling == .spacedWords ? isHeader(line) || isHeaderCell(line) : isSplittable(line) else {
                lines.append(String(line))
                continue
            }
            let separator = line.contains("\t") ? "\t" : line.contains("|") ? "|" : nil
            switch mangling {
            case .spacedWords where isHeader(line) || isHeaderCell(line):
                var out = String(line)
                for word in headerWords.sorted(by: { $0.count > $1.count }) where out.contains(word) {
                    let chars = Array(word)
                    out = out.replacingOccurrences(
                        of: word, with: String(chars[..<(chars.count / 2)]) + " " + String(chars[(chars.count / 2)...]))
                }
                lines.append(out)
            case .spacedWords:
                lines.append(String(line))
            case .splitInTwo, .splitInThree:
                guard let separator else {
                    lines.append(String(line))
                    continue
                }
                let cells = line.components(separatedBy: separator)
                var cuts = [cells.count / 2]
                if mangling == .splitInThree, cells.count > 3 { cuts = [1, cells.count / 2] }
                var start = 0
                for cut in cuts + [cells.count] where cut > start {
                    lines.append(
                        cells[start..<cut].joined(separator: separator)
                            + (cut < cells.count && separator == "|" ? " |" : ""))
                    start = cut
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static let texts = ImportFixtureTests.variantTexts

    /// The figures imported from `text` whose pointer the expected figures give another value
    /// (or do not have, while the value is one of theirs elsewhere): a right number, wrong label.
    static func mislabeled(_ text: String, expected: [String: Double]) throws -> [String] {
        let result = try ReportImporter.run(text)
        var wrong: [String] = []
        let values = Set(expected.values)
        for (pointer, value) in ImportTests.figures(result.report) {
            if let want = expected[pointer] {
                if want != value { wrong.append("\(pointer): \(value), expected \(want)") }
            } else if values.contains(value) {
                wrong.append("\(pointer): \(value) belongs elsewhere")
            }
        }
        return wrong.sorted()
    }

    static func expected(_ file: String, folder: String = "variants") throws -> [String: Double] {
        let base = file.replacingOccurrences(of: ".txt", with: "")
        let value = try JSONParser.parse(Fixtures.bytes("\(folder)/\(base).expected.json"))
        guard case .object(let members)? = value[member: "figures"] else { return [:] }
        var out: [String: Double] = [:]
        for member in members { if case .number(let n) = member.value { out[member.name] = n } }
        return out
    }

    @Test(arguments: texts, Mangling.allCases)
    func aMangledHeaderNeverPutsANumberUnderAWrongLabel(_ file: String, _ mangling: Mangling) throws {
        let text = try Fixtures.text("variants/\(file)")
        let mangled = Self.mangle(text, mangling)
        // Every variant has a header line to mangle (a header written a cell per line has none to split).
        #expect(
            mangled != text
                || (mangling != .spacedWords && !text.split(separator: "\n").contains(where: Self.isSplittable)),
            "\(file): \(mangling) changed nothing")
        let wrong = try Self.mislabeled(mangled, expected: try Self.expected(file))
        #expect(wrong.isEmpty, "\(file), \(mangling): \(wrong.count) mislabeled:\n\(wrong.joined(separator: "\n"))")
    }

    /// The checks themselves: a row wider than its header is not placed; a header whose
    /// columns were read in the wrong order is caught by the arithmetic. Either way the row
    /// keeps its place and name, its numbers are left out, and a note says why.
    @Test func aRowReadOneColumnOffIsLeftOutWithTheReason() throws {
        let text = """
            2024年度某某县测试镇人民政府部门整体支出绩效自评表
            项目\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
            年度资金总额\t100\t200\t190\t10\t95%\t9.5
            基本支出\t60\t60\t57\t10\t95%\t9.5
            """
        let right = ImportTests.figures(try ReportImporter.run(text).report)
        #expect(
            right["/selfEvaluation/funds/rows/0/executed"] == 190 && right["/selfEvaluation/funds/rows/1/score"] == 9.5,
            "\(right)")
        // A header cell lost: seven cells under six columns.
        let lost = try ReportImporter.run(text.replacingOccurrences(of: "项目\t年初预算数\t", with: "项目\t"))
        #expect(ImportTests.figures(lost.report).keys.filter { $0.contains("/funds/") }.isEmpty)
        #expect(
            lost.notes.contains {
                $0.text(.en).contains("a row of 7 cells under a header of 6 columns was not placed")
            }, "\(lost.notes.map { $0.text(.en) })")
        #expect(
            lost.report[member: "selfEvaluation"]?[member: "funds"]?[member: "rows"]
                == .array([.object([.init("name", .string("年度资金总额"))]), .object([.init("name", .string("基本支出"))])]))
        // 执行数 and 执行率 read in each other's place: a rate of 190 is no rate of 95 ÷ 200.
        let swapped = try ReportImporter.run(
            text.replacingOccurrences(of: "全年执行数\t分值\t执行率\t得分", with: "执行率\t分值\t全年执行数\t得分"))
        #expect(
            ImportTests.figures(swapped.report).keys.filter { $0.contains("/funds/") }.isEmpty,
            "\(ImportTests.figures(swapped.report))")
        #expect(
            swapped.notes.contains {
                $0.text(.en).contains(
                    "the numbers of the row \"年度资金总额\" were left out, as they cannot stand under the columns they were read under: 执行率 190 is more than any 执行率 can be"
                )
                    || $0.text(.en).contains("执行率 190 is not")
            },
            "\(swapped.notes.map { $0.text(.en) })")
        // 分值 and 得分 swapped where the score is below the weight: the score would be above it.
        let scores = try ReportImporter.run(text.replacingOccurrences(of: "分值\t执行率\t得分", with: "得分\t执行率\t分值"))
        #expect(
            scores.notes.contains { $0.text(.en).contains("得分 10 is more than 分值 9.5") },
            "\(scores.notes.map { $0.text(.en) })")
    }

    // MARK: - The forms seen in the wild (Fixtures/wild, README there)

    /// Each wild report and the share of its figures the importer finds today, at least: a
    /// floor that may only rise (recall measured with scripts/import-score.py).
    static let wildFloors: [(file: String, recall: Double)] = [
        ("baitang-2023.txt", 0.96), ("chengguan-2018.txt", 0.92), ("dongxiang-2022.txt", 1.0), ("hexi-2022.txt", 0.96),
        ("jintang-2024.txt", 0.88),
        ("linye-2016.txt", 0.62), ("liushui-2021.txt", 1.0), ("longkou-2020.txt", 1.0), ("nongfu-2020.txt", 1.0),
        ("nongye-2023.txt", 0.89),
        ("shiqiao-2017.txt", 0.93), ("shuili-2024.txt", 0.72), ("songxi-2019.txt", 1.0), ("tiyu-2022.txt", 1.0),
        ("yibao-2019.txt", 1.0),
        ("zhujian-2018.txt", 1.0), ("qiaotou-2019.txt", 1.0), ("meishan-2023.txt", 0.98),
        ("taoxi-2021.txt", 0.94), ("shimen-2022.txt", 1.0),
    ]

    @Test func everyWildReportHasAFloor() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.root.appendingPathComponent("wild").path
        ).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.wildFloors.map(\.file)), "\(files.sorted())")
    }

    /// A wild report, as written and with its headers mangled: no figure under a wrong label,
    /// its unit and year right, and at least its floor of figures found.
    @Test(arguments: wildFloors.map(\.file))
    func aWildReportNeverGetsAWrongLabel(_ file: String) throws {
        let text = try Fixtures.text("wild/\(file)")
        let expected = try Self.expected(file, folder: "wild")
        let result = try ReportImporter.run(text)
        let got = ImportTests.figures(result.report)
        let right = expected.filter { got[$0.key] == $0.value }.count
        let floor = Self.wildFloors.first { $0.file == file }!.recall
        #expect(
            Double(right) / Double(expected.count) >= floor,
            "\(file): \(right) of \(expected.count) figures, floor \(floor)")
        let value = try JSONParser.parse(
            Fixtures.bytes("wild/\(file.replacingOccurrences(of: ".txt", with: "")).expected.json"))
        #expect(result.report[member: "unit"]?[member: "name"] == value[member: "unit"], "\(file)")
        #expect(result.report[member: "fiscalYear"] == value[member: "fiscalYear"], "\(file)")
        for mangling in [nil] + Mangling.allCases {
            let wrong = try Self.mislabeled(mangling.map { Self.mangle(text, $0) } ?? text, expected: expected)
            #expect(
                wrong.isEmpty,
                "\(file), \(mangling.map(\.rawValue) ?? "as written"): \(wrong.count) mislabeled:\n\(wrong.joined(separator: "\n"))"
            )
        }
    }
}
