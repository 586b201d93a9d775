import Foundation
import Testing

@testable import ReportVault
@testable import VaultGit

/// The change index (`vault-log-index`) is a cache: `log REPORT` through it must equal the walk
/// that compares every commit's path with its first parent's, on histories with merges,
/// deletions, reports coming back and a branch moved back; its paths must be those
/// `git diff-tree` lists; and a missing, damaged or stale file must only cost time.
@Suite struct ChangeIndexTests {
    let sig = GitSignature(name: "王会计", email: "wang@example.cn", time: 1_736_900_000, offsetMinutes: 480)
    static let units = ["长铺镇人民政府", "武阳镇人民政府", "黄桑坪苗族乡人民政府", "李熙桥镇人民政府", "金屋塘镇人民政府"]

    /// A vault whose history has `rounds` stretches of random commits (changes, removals,
    /// reports added again, two fiscal years) joined by merges made with git's plumbing.
    func makeVault(
        rounds: Int, seed: UInt64, check: (Vault) throws -> Void = { _ in }
    ) throws -> (TemporaryFolder, Vault) {
        let tmp = try TemporaryFolder()
        let dir = tmp.path + "/v"
        let vault = try Vault.create(at: dir, bare: true)
        Libgit2.chooseFsync(false)
        let base = try DiffTests.sample()
        var rng = SeededGenerator(seed: seed)
        var present: Set<Int> = []
        var time = sig.time
        func report(_ k: Int) throws -> Report {
            var doc = DiffTests.set("/unit/name", .string(Self.units[k % Self.units.count]), in: base)
            doc = DiffTests.set("/fiscalYear", .number(Double(k < Self.units.count ? 2024 : 2023)), in: doc)
            doc = DiffTests.set("/generalBudget/basic/personnel", .number(Double(1000 + rng.next() % 9000)), in: doc)
            return try Report(doc)
        }
        for round in 0..<rounds {
            for step in 0..<12 {
                time += 60
                let author = GitSignature(name: sig.name, email: sig.email, time: time, offsetMinutes: 480)
                let k = Int(rng.next() % UInt64(2 * Self.units.count))
                let r = try report(k)
                if present.contains(k), rng.next() % 5 == 0 {
                    _ = try vault.remove(r.path, message: "删除 \(round).\(step)", author: author)
                    present.remove(k)
                } else {
                    _ = try vault.commit([r], message: "第\(round).\(step)稿", author: author)
                    present.insert(k)
                }
                if step % 5 == 4 { try check(vault) }
            }
            // A side line from an older commit, merged back: its commits interleave by time.
            let older = try git(["rev-parse", "HEAD~\(3 + Int(rng.next() % 6))"], dir)
            let side1 = try git(
                ["commit-tree", "HEAD~1^{tree}", "-p", older, "-m", "side \(round)"], dir, time: time - 200)
            let side2 = try git(
                ["commit-tree", "HEAD~2^{tree}", "-p", side1, "-m", "side \(round) again"], dir, time: time + 30)
            let merge = try git(
                ["commit-tree", "HEAD^{tree}", "-p", "HEAD", "-p", side2, "-m", "merge \(round)"], dir, time: time + 60)
            _ = try git(["update-ref", "refs/heads/main", merge], dir)
            time += 120
            try check(vault)
        }
        return (tmp, vault)
    }

    func git(_ arguments: [String], _ dir: String, time: Int64? = nil, index: String? = nil) throws -> String {
        var environment: [String: String] = [
            "GIT_AUTHOR_NAME": "王会计", "GIT_AUTHOR_EMAIL": "wang@example.cn", "GIT_COMMITTER_NAME": "王会计",
            "GIT_COMMITTER_EMAIL": "wang@example.cn",
        ]
        if let time {
            environment["GIT_COMMITTER_DATE"] = "\(time) +0800"; environment["GIT_AUTHOR_DATE"] = "\(time) +0800"
        }
        if let index { environment["GIT_INDEX_FILE"] = index }
        let result = try run("/usr/bin/git", ["-C", dir] + arguments, environment: environment)
        #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every report path the vault ever had.
    func everyPath(_ vault: Vault) throws -> [ReportPath] {
        var paths: [ReportPath] = []
        for k in 0..<(2 * Self.units.count) {
            paths.append(
                try ReportPath(
                    fiscalYear: k < Self.units.count ? 2024 : 2023, unitName: Self.units[k % Self.units.count]))
        }
        return paths
    }

    /// `log` through the index equals the walk (``Vault/log(_:limit:from:)`` with a start).
    func expectLogsAgree(_ vault: Vault, _ note: String) throws {
        let tip = try vault.repository.branchTip(vault.branch)!
        for path in try everyPath(vault) {
            let indexed = try vault.log(path)
            let walked = try vault.log(path, from: tip)
            #expect(indexed.map(\.commit.id) == walked.map(\.commit.id), "\(note) \(path)")
            #expect(indexed.map(\.blob) == walked.map(\.blob), "\(note) \(path)")
            #expect(indexed.map(\.parentBlob) == walked.map(\.parentBlob), "\(note) \(path)")
            #expect(
                try vault.log(path, limit: 2).map(\.commit.id) == Array(walked.prefix(2).map(\.commit.id)),
                "\(note) \(path)")
        }
        #expect(ChangeIndex.load(from: vault.changeIndexFile)?.tip == tip, "\(note): the index is written for the tip")
    }

    @Test func logThroughTheIndexEqualsTheWalk() throws {
        var checks = 0
        let (tmp, vault) = try makeVault(rounds: 4, seed: 7) { vault in
            // The index is extended commit by commit and, after a merge, rebuilt.
            try expectLogsAgree(vault, "check \(checks)")
            checks += 1
        }
        _ = tmp
        #expect(checks == 12)
        // Built again from nothing: the same index.
        let kept = try #require(ChangeIndex.load(from: vault.changeIndexFile))
        try FileManager.default.removeItem(atPath: vault.changeIndexFile)
        try expectLogsAgree(vault, "from nothing")
        #expect(ChangeIndex.load(from: vault.changeIndexFile) == kept)
        // The branch moved back (a reset): the old index names another tip; rebuilt.
        _ = try git(["update-ref", "refs/heads/main", "HEAD~7"], vault.gitDirectory)
        try expectLogsAgree(vault, "moved back")
    }

    @Test func pathsAreThoseGitDiffTreeLists() throws {
        let (tmp, vault) = try makeVault(rounds: 2, seed: 11)
        _ = tmp
        let tip = try vault.repository.branchTip(vault.branch)!
        let index = try vault.repository.changeIndex(at: tip, cachedIn: vault.changeIndexFile)
        let order = try git(["rev-list", "--topo-order", "main"], vault.gitDirectory).split(separator: "\n").map(
            String.init)
        #expect(Set(index.commits.map(\.hex)) == Set(order))
        #expect(index.commits.count == order.count)
        for (i, commit) in index.commits.enumerated() {
            let parents = try vault.repository.commitInfo(commit).parents
            let listed =
                parents.isEmpty
                ? try git(
                    ["diff-tree", "-r", "--root", "--no-commit-id", "--name-only", commit.hex], vault.gitDirectory)
                : try git(
                    ["diff-tree", "-r", "--no-renames", "--name-only", parents[0].hex, commit.hex], vault.gitDirectory)
            let expected = listed.split(separator: "\n").map(String.init).sorted()
            #expect(index.changedPaths(ofCommitAt: i).sorted() == expected, "\(commit)")
        }
    }

    @Test func aDamagedOrMissingFileCostsOnlyTime() throws {
        let (tmp, vault) = try makeVault(rounds: 1, seed: 3)
        let path = try ReportPath(fiscalYear: 2024, unitName: Self.units[0])
        let tip = try vault.repository.branchTip(vault.branch)!
        let expected = try vault.log(path, from: tip).map(\.commit.id)
        #expect(!FileManager.default.fileExists(atPath: vault.changeIndexFile))
        #expect(try vault.log(path).map(\.commit.id) == expected)
        let good = try Array(Data(contentsOf: URL(fileURLWithPath: vault.changeIndexFile)))
        #expect(ChangeIndex(bytes: good) != nil)
        // Every single byte changed, the file cut short, or another version: not taken.
        var damaged: [[UInt8]] = [Array(good.prefix(good.count / 2)), [], Array("VAULTLOG".utf8)]
        for k in stride(from: 0, to: good.count, by: max(1, good.count / 97)) {
            var bytes = good
            bytes[k] ^= 0x5a
            damaged.append(bytes)
        }
        for bytes in damaged {
            #expect(ChangeIndex(bytes: bytes) == nil)
            try Data(bytes).write(to: URL(fileURLWithPath: vault.changeIndexFile))
            #expect(try vault.log(path).map(\.commit.id) == expected)
            #expect(
                try Array(Data(contentsOf: URL(fileURLWithPath: vault.changeIndexFile))) == good, "written again whole")
        }
        // Where it can't be written, nothing is left behind and nothing fails.
        let index = try #require(ChangeIndex(bytes: good))
        index.save(to: tmp.path + "/no-such-folder/vault-log-index")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/no-such-folder"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: vault.gitDirectory).filter { $0.contains(".tmp.") }
                .isEmpty)
    }

    /// `vault load` writes the index of the chain it made (on top of the one before), as a
    /// reader would build it from the objects; the e2e `vault log` prints what git lists.
    @Test func loadWritesTheIndexAReaderWouldBuild() throws {
        let e2e = EndToEndTests()
        let (tmp, dir) = try e2e.newVault(bare: true)
        _ = tmp
        let base = try DiffTests.sample()
        func lines(_ drafts: Range<Int>) -> String {
            var text = ""
            for d in drafts {
                for (k, unit) in Self.units.enumerated() where (d + k) % 3 != 0 {
                    var doc = DiffTests.set("/unit/name", .string(unit), in: base)
                    doc = DiffTests.set("/generalBudget/basic/personnel", .number(Double(1000 + 10 * d + k)), in: doc)
                    text +=
                        "{\"message\": \"draft \(d)\", \"report\": \(String(decoding: CanonicalJSON.rfc8785(doc), as: UTF8.self))}\n"
                }
            }
            return text
        }
        for (round, drafts) in [0..<4, 4..<7].enumerated() {
            #expect(
                try e2e.vault(["-C", dir, "load"] + EndToEndTests.author, stdin: Array(lines(drafts).utf8)).status == 0)
            let vault = try Vault.open(at: dir)
            let tip = try #require(try vault.repository.branchTip(vault.branch))
            let written = try #require(ChangeIndex.load(from: vault.changeIndexFile), "round \(round)")
            #expect(written.tip == tip)
            #expect(
                written.changes(of: "reports/2024/" + Self.units[1] + ".json").allSatisfy {
                    $0.author == "王会计\u{0}wang@example.cn"
                })
            try FileManager.default.removeItem(atPath: vault.changeIndexFile)
            #expect(try vault.repository.changeIndex(at: tip, cachedIn: vault.changeIndexFile) == written)
            let unit = "2024/" + Self.units[1]
            let shown = try e2e.vault(["-C", dir, "log", unit]).stdout.split(separator: "\n").filter {
                $0.hasPrefix("commit ")
            }.map { String($0.dropFirst(7)) }
            let listed = try git(["log", "--format=%H", "--", "reports/\(unit).json"], dir).split(separator: "\n").map(
                String.init)
            #expect(shown == listed && listed.count == (round == 0 ? 3 : 5))
        }
    }

    /// `vault verify` finds reports deleted from the branch without reading the year folders
    /// whose names did not change (their digests from the object walk): it must find the same
    /// deletions as reading every folder, and as `git diff-tree` lists — also where plain git
    /// replaced one report by another in one commit, leaving as many names as before.
    @Test func deletionsFoundWithNameDigestsAreThoseGitLists() throws {
        let (tmp, vault) = try makeVault(rounds: 2, seed: 5)
        let dir = vault.gitDirectory
        _ = tmp
        /// A tree made by `git mktree` from `base`'s listing with `change` applied to its lines.
        func mktree(_ base: String, _ change: ([String]) -> [String]) throws -> String {
            let lines = change(try git(["ls-tree", base], dir).split(separator: "\n").map(String.init))
            let made = try run(
                "/usr/bin/git", ["-C", dir, "mktree"], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
            #expect(made.status == 0, "\(made.stderr)")
            return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func replacing(_ name: String, by id: String) -> ([String]) -> [String] {
            { lines in
                lines.map {
                    $0.hasSuffix("\t" + name)
                        ? $0.replacingOccurrences(of: String($0.split(separator: " ")[2].prefix(40)), with: id) : $0
                }
            }
        }
        for k in 0..<4 {
            let year = try mktree("main:reports/2024") { lines in
                var kept = lines
                let gone = kept.remove(at: k % kept.count)
                // The last time the same name comes back as a link: as many names, and the same
                // names, of another kind.
                if k == 3 { return kept + [gone.replacingOccurrences(of: "100644 blob", with: "120000 blob")] }
                return kept + [gone.replacingOccurrences(of: gone.split(separator: "\t")[1], with: "替换单位\(k).json")]
            }
            let reports = try mktree("main:reports", replacing("2024", by: year))
            let tree = try mktree("main", replacing("reports", by: reports))
            let commit = try git(["commit-tree", tree, "-p", "main", "-m", "swap \(k)"], dir)
            _ = try git(["update-ref", "refs/heads/main", commit], dir)
            _ = try vault.commit([try Report(DiffTests.sample())], message: "after swap \(k)", author: sig)
        }
        let walk = try vault.repository.readAllReachableObjects()
        #expect(walk.problems.isEmpty && !walk.leafNames.isEmpty)
        var withDigests = GitRepository.TreeMemo()
        withDigests.leafNames = walk.leafNames
        var reading = GitRepository.TreeMemo()
        var swaps = 0
        try vault.repository.walk(from: try vault.repository.branchTip(vault.branch)!) { id in
            let found = try vault.repository.deletedPaths(under: "reports", in: id, memo: &withDigests)
            #expect(found == (try vault.repository.deletedPaths(under: "reports", in: id, memo: &reading)), "\(id)")
            let parents = try vault.repository.commitInfo(id).parents
            if let parent = parents.first {
                // Gone, or now of another kind (git says T for a file become a link).
                let listed = try git(
                    [
                        "diff-tree", "-r", "--no-renames", "--diff-filter=DT", "--name-only", parent.hex, id.hex, "--",
                        "reports",
                    ], dir)
                #expect(found.sorted() == listed.split(separator: "\n").map(String.init).sorted(), "\(id)")
                if try vault.repository.commitInfo(id).message.hasPrefix("swap") {
                    #expect(found.count == 1)
                    swaps += 1
                }
            }
            return true
        }
        #expect(swaps == 4)
        // verify says them newest first, as the branch's walk meets them.
        let said = try vault.verify(schemas: ReportSchemas(single: DiffTests.schema)).problems.filter {
            $0.key == "verify.reportDeleted"
        }
        var rank: [String: Int] = [:]
        try vault.repository.walk(from: try vault.repository.branchTip(vault.branch)!) { id in
            rank[id.short] = rank.count
            return true
        }
        let ranks = said.compactMap { message -> Int? in
            if case .text(let commit)? = message.values["commit"] { return rank[commit] }
            return nil
        }
        #expect(ranks.count == said.count && said.count >= 2 && ranks == ranks.sorted(), "\(ranks)")
    }

    /// The index is made from the file where it can be: a commit on top compares one commit,
    /// a merge only the commits the file does not know, the branch moved back none.
    @Test func onlyCommitsTheFileDoesNotKnowAreCompared() throws {
        let (tmp, vault) = try makeVault(rounds: 1, seed: 9)
        _ = tmp
        let repo = vault.repository
        let file = vault.changeIndexFile
        func index() throws -> ChangeIndex {
            try repo.changeIndex(at: try repo.branchTip(vault.branch)!, cachedIn: file)
        }
        let total = Int(try git(["rev-list", "--count", "main"], vault.gitDirectory))!
        #expect(try index().compared == total)
        #expect(try index().compared == 0)
        for _ in 0..<2 {
            _ = try vault.commit(
                [
                    try Report(
                        DiffTests.set(
                            "/generalBudget/basic/personnel", .number(Double(total) + 1.5), in: try DiffTests.sample()))
                ], message: "on top", author: sig)
        }
        let onTop = try index()
        #expect(onTop.compared == 1 || onTop.compared == 2)  // the second commit may have changed nothing
        #expect(onTop.commits.count == Int(try git(["rev-list", "--count", "main"], vault.gitDirectory))!)
        let side = try git(["commit-tree", "HEAD~3^{tree}", "-p", "HEAD~4", "-m", "side"], vault.gitDirectory)
        let merge = try git(
            ["commit-tree", "HEAD^{tree}", "-p", "HEAD", "-p", side, "-m", "merge"], vault.gitDirectory)
        _ = try git(["update-ref", "refs/heads/main", merge], vault.gitDirectory)
        #expect(try index().compared == 2)
        _ = try git(["update-ref", "refs/heads/main", "HEAD~1"], vault.gitDirectory)
        let back = try index()
        #expect(back.compared == 0 && back.commits.count == onTop.commits.count)
    }

    /// A file whose CRC is right but whose content is not (made by hand, or by a bug) is not
    /// taken either.
    @Test func aFileWithARightCRCButWrongContentIsRefused() throws {
        let tip = ObjectID(bytes: [UInt8](repeating: 7, count: 20)),
            other = ObjectID(bytes: [UInt8](repeating: 9, count: 20))
        var index = ChangeIndex(tip: tip)
        index.append(tip, author: "x", changed: ["a"])
        index.append(other, author: "x", changed: [])
        let good = index.bytes
        #expect(ChangeIndex(bytes: good) == index)
        // Offsets: magic 8, version 4, tip 20, one path and one author (count 4, length 4, "a";
        // count 4, length 4, "x"), two commits (count 4; the tip's id 20, author 4, count 4,
        // number 4; the other's id 20, author 4, count 4), CRC 4.
        func sealed(_ body: [UInt8]) -> [UInt8] {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in body {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return body + withUnsafeBytes(of: (~crc).littleEndian, Array.init)
        }
        let body = Array(good.dropLast(4))
        #expect(sealed(body) == good, "the test's own CRC-32 agrees with the file's")
        var version = body
        version[8] = 1  // the format before authors were kept
        var notTip = body
        notTip.replaceSubrange(12..<32, with: other.bytes)
        #expect(body.count == 114 && body[40] == UInt8(ascii: "a") && body[49] == UInt8(ascii: "x"))
        var number = body
        number[82] = 1  // path number 1 of 1 path
        var count = body
        count[78] = 2  // the tip's commit says it changed 2 paths
        var author = body
        author[74] = 1  // author number 1 of 1 author
        for (name, bytes) in [
            ("version", version), ("first commit not the tip", notTip), ("path number", number), ("path count", count),
            ("author number", author),
            ("trailing bytes", body + [0, 0, 0, 0]),
        ] {
            #expect(ChangeIndex(bytes: sealed(bytes)) == nil, "\(name)")
        }
    }
}
