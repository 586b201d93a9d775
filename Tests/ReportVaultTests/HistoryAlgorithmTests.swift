import Foundation
import Testing

@testable import ReportVault

/// `log REPORT`, `history` and `blame` read only what changed (subtree ids along the path, one
/// scan per blob for the figures still open). Their results must equal those of the plain
/// algorithms they replaced — every commit's blob looked up through the whole path, every
/// revision parsed in full — on a vault where rows move, values go back to earlier ones, a
/// row is renamed and removed, and other reports' commits come in between.
@Suite struct HistoryAlgorithmTests {
    static let report = try! ReportPath(argument: "2024/绥宁县长铺镇人民政府")
    let sig = GitSignature(name: "王会计", email: "wang@example.cn", time: 1_736_900_000, offsetMinutes: 480)

    func makeVault() throws -> (TemporaryFolder, Vault) {
        let tmp = try TemporaryFolder()
        let vault = try Vault.create(at: tmp.path + "/v", bare: true)
        Libgit2.chooseFsync(false)
        let base = try DiffTests.sample()
        var doc = base
        var rng = SeededGenerator(seed: 20_261_122)
        var other = DiffTests.set("/fiscalYear", .number(2023), in: base)
        var earlier: [JSONValue] = [base]
        let amounts = [
            "/generalBudget/basic/personnel", "/generalBudget/basic/publicUse", "/baseData/rows/12/final",
            "/selfEvaluation/indicators/3/score",
        ]
        func commit(_ value: JSONValue, _ message: String) throws {
            _ = try vault.commit([try Report(value)], message: message, author: sig)
        }
        try commit(doc, "初稿")
        for i in 1...40 {
            switch i % 8 {
            case 0:  // another report only
                other = DiffTests.set("/generalBudget/basic/personnel", .number(Double(1000 + i)), in: other)
                try commit(other, "另一年 \(i)")
                continue
            case 1:  // rows move
                var rows = DiffTests.indicators(doc)
                rows.swapAt(Int(rng.next() % UInt64(rows.count)), Int(rng.next() % UInt64(rows.count)))
                rows.insert(rows.removeLast(), at: 0)
                doc = DiffTests.set("/selfEvaluation/indicators", .array(rows), in: doc)
            case 2:  // back to an earlier revision's values
                doc = earlier[Int(rng.next() % UInt64(earlier.count))]
            case 3:  // a row renamed, then one removed
                var rows = DiffTests.indicators(doc)
                let k = Int(rng.next() % UInt64(rows.count))
                rows[k] = replacing("/name", in: rows[k], with: .string("改名指标\(i)"))!
                if i > 20 { rows.remove(at: 0) }
                doc = DiffTests.set("/selfEvaluation/indicators", .array(rows), in: doc)
            case 4:  // the same figure set back and forth
                doc = DiffTests.set("/generalBudget/basic/publicUse", .number(i % 16 == 4 ? 338.25 : 338.26), in: doc)
            default:
                for _ in 0..<3 {
                    let pointer = amounts[Int(rng.next() % UInt64(amounts.count))]
                    let old = JSONPointer.resolve(pointer, in: doc)?.numberValue ?? 0
                    doc = DiffTests.set(pointer, .number(old + Double(Int(rng.next() % 9) + 1)), in: doc)
                }
            }
            earlier.append(doc)
            try commit(doc, "第\(i)稿")
            if i % 5 == 0 { try commit(other, "另一年不变 \(i)") }  // unchanged: nothing written
        }
        return (tmp, vault)
    }

    @Test func logOfAReportEqualsTheFullLookup() throws {
        let (tmp, vault) = try makeVault()
        _ = tmp
        let fast = try vault.log(Self.report)
        let plain = try plainLog(vault, Self.report)
        #expect(fast.count == plain.count)
        #expect(fast.map(\.commit.id) == plain.map(\.commit))
        #expect(fast.map(\.blob) == plain.map(\.blob))
        #expect(fast.map(\.parentBlob) == plain.map(\.parentBlob))
        #expect(try vault.log(ReportPath(argument: "2023/绥宁县长铺镇人民政府")).count == 6)
        #expect(try vault.log(ReportPath(argument: "2022/没有的单位")).isEmpty)
    }

    @Test func blameEqualsParsingEveryRevision() throws {
        let (tmp, vault) = try makeVault()
        _ = tmp
        let fast = try vault.blame(Self.report, schemas: ReportSchemas(single: DiffTests.schema))
        let plain = try plainBlame(vault, Self.report)
        #expect(fast.count == plain.count)
        #expect(fast.map(\.figure.path) == plain.map(\.figure.path))
        #expect(fast.map(\.commit.id) == plain.map(\.commit.id))
        // Not everything was settled by the newest revision: the walk went back.
        #expect(Set(fast.map(\.commit.id)).count > 5)
    }

    @Test func historyEqualsParsingEveryRevision() throws {
        let (tmp, vault) = try makeVault()
        _ = tmp
        for pointer in [
            "/generalBudget/basic/publicUse", "/generalBudget/basic/personnel", "/selfEvaluation/indicators/3/score",
            "/selfEvaluation/indicators/5/weight",
        ] {
            let fast = try vault.history(
                of: Self.report, pointer: pointer, schemas: ReportSchemas(single: DiffTests.schema))
            let plain = try plainHistory(vault, Self.report, pointer)
            #expect(fast.map(\.commit.id) == plain.map(\.commit), "\(pointer)")
            #expect(fast.map(\.value) == plain.map(\.value), "\(pointer)")
            #expect(fast.map(\.path) == plain.map(\.path), "\(pointer)")
        }
    }

    // MARK: - The plain algorithms

    /// Every commit's blob looked up through the whole path, compared with its first parent's.
    func plainLog(
        _ vault: Vault, _ report: ReportPath
    ) throws -> [(commit: ObjectID, blob: ObjectID?, parentBlob: ObjectID?)] {
        var out: [(ObjectID, ObjectID?, ObjectID?)] = []
        let repo = vault.repository
        try repo.walk(from: try repo.branchTip(vault.branch)!) { id in
            let mine = try repo.blobID(at: report.storedPath, in: id)
            let parent = try repo.commitInfo(id).parents.first.flatMap {
                try repo.blobID(at: report.storedPath, in: $0)
            }
            if mine != parent { out.append((id, mine, parent)) }
            return true
        }
        return out
    }

    /// Every revision parsed in full; figures compared by their keyed identities.
    func plainBlame(_ vault: Vault, _ report: ReportPath) throws -> [FigureBlame] {
        let schema = DiffTests.schema
        let revisions = try plainLog(vault, report)
        let infos = try revisions.map { try vault.repository.commitInfo($0.commit) }
        let current = try vault.reportValue(revisions[0].blob!)
        let list = FigureList(schema: schema)
        let figures = list.figures(of: current)
        let identities = figures.map {
            FigureAddress(tokens: JSONPointer.tokens($0.path)!, in: current, schema: schema).identity
        }
        var blamed = [Int](repeating: 0, count: figures.count)
        var open = Set(figures.indices)
        var revision = 0
        var previousBlob = revisions[0].blob!
        while !open.isEmpty, revision + 1 < revisions.count {
            guard let older = revisions[revision + 1].blob else { break }
            if older != previousBlob {
                let values = list.keyedValues(of: try vault.reportValue(older, cache: false))
                for k in open where values[identities[k]] != figures[k].value { open.remove(k) }
            }
            revision += 1
            previousBlob = older
            for k in open { blamed[k] = revision }
        }
        return figures.indices.map { FigureBlame(figure: figures[$0], commit: infos[blamed[$0]]) }
    }

    /// Every revision parsed in full; the figure resolved by its address.
    func plainHistory(
        _ vault: Vault, _ report: ReportPath, _ pointer: String
    ) throws -> [(commit: ObjectID, value: JSONValue?, path: String?)] {
        let revisions = try plainLog(vault, report)
        let newest = try vault.reportValue(revisions[0].blob!)
        let address = FigureAddress(tokens: JSONPointer.tokens(pointer)!, in: newest, schema: DiffTests.schema)
        var out: [(ObjectID, JSONValue?, String?)] = []
        var last: JSONValue?? = .none
        for entry in revisions.reversed() {
            let found = try entry.blob.flatMap { address.resolve(in: try vault.reportValue($0, cache: false)) }
            if case .some(let previous) = last, previous == found?.value { continue }
            out.append((entry.commit, found?.value, found.map { JSONPointer.make($0.tokens) }))
            last = .some(found?.value)
        }
        return out.reversed()
    }
}
