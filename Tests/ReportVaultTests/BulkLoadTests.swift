import Foundation
import Testing

@testable import ReportVault
@testable import VaultGit

/// `vault load` writes its pack itself (``PackFileWriter``, ``GitDelta``, ``GitBulkWriter``):
/// the same commits as libgit2 makes, in a pack git reads and checks.
@Suite struct BulkLoadTests {
    let sig = GitSignature(name: "档案室", email: "archive@example.cn", time: 1_767_225_600, offsetMinutes: 480)

    /// A deterministic generator, so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    /// Applies a delta as git does (`gitformat-pack`), independently of the encoder.
    func apply(_ delta: [UInt8], to base: [UInt8]) throws -> [UInt8] {
        var i = 0
        func size() -> Int {
            var value = 0, shift = 0
            while true {
                let byte = delta[i]
                i += 1
                value |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
        }
        #expect(size() == base.count)
        let expected = size()
        var out: [UInt8] = []
        while i < delta.count {
            let op = delta[i]
            i += 1
            if op & 0x80 != 0 {
                var offset = 0, length = 0
                for bit in 0..<4 where op & (1 << bit) != 0 {
                    offset |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                for bit in 0..<3 where op & (1 << (4 + bit)) != 0 {
                    length |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                if length == 0 { length = 0x10000 }
                out += base[offset..<offset + length]
            } else {
                try #require(op != 0, "an insert of nothing is reserved")
                out += delta[i..<i + Int(op)]
                i += Int(op)
            }
        }
        #expect(out.count == expected)
        return out
    }

    @Test func deltasRebuildTheirTargets() throws {
        var rng = Seeded(state: 20_261_130)
        // Lines: a report-like text, edited at random (changed, inserted, removed, moved lines,
        // long lines beyond one insert instruction, a last line without a newline).
        var lines = (0..<400).map { "  \"/figure/\($0)\": \(Int.random(in: 0..<100_000, using: &rng)).\($0 % 100),\n" }
        for round in 0..<60 {
            let base = Array(lines.joined().utf8)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: lines[at] = "  \"changed\": \(round),\n"
                case 1: lines.insert(String(repeating: "长", count: Int.random(in: 1...200, using: &rng)) + "\n", at: at)
                case 2: lines.remove(at: at)
                default: lines.swapAt(at, Int.random(in: 0..<lines.count, using: &rng))
                }
            }
            var target = Array(lines.joined().utf8)
            if round % 7 == 0 { target += Array("no newline at the end".utf8) }
            let delta = GitDelta.encode(from: GitDelta.Base(base, records: .lines), to: target)
            #expect(try apply(delta, to: base) == target, "round \(round)")
            #expect(delta.count < target.count / 4, "round \(round): \(delta.count) bytes of delta for \(target.count)")
        }
        // Tree entries: ids of random bytes (newlines and zeros among them), one entry changed.
        var entries = (0..<300).map { n in
            Array("100644 单位\(n).json\0".utf8) + (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let base = entries.flatMap { $0 }
        entries[150] = Array("100644 单位150.json\0".utf8) + [UInt8](repeating: 0x0A, count: 20)
        entries.insert(Array("40000 新\0".utf8) + [UInt8](repeating: 0, count: 20), at: 7)
        let target = entries.flatMap { $0 }
        let delta = GitDelta.encode(from: GitDelta.Base(base, records: .treeEntries), to: target)
        #expect(try apply(delta, to: base) == target)
        #expect(delta.count < 200, "\(delta.count) bytes of delta for two changed entries")
        // Unrelated texts: a correct delta that is all inserts.
        let other = Array(String(repeating: "x", count: 1000).utf8)
        #expect(try apply(GitDelta.encode(from: GitDelta.Base(base, records: .lines), to: other), to: base) == other)
    }

    /// The same revisions through the bulk writer and through libgit2 (`git_tree_create_updated`,
    /// `git_commit_create`) give the same commit ids, revision by revision — so the same trees,
    /// blobs and commit bytes — on top of a history libgit2 wrote, and git reads the pack.
    @Test func theBulkWriterMakesTheCommitsLibgit2Makes() throws {
        let tmp = try TemporaryFolder()
        let loaded = try GitRepository.create(at: tmp.path + "/loaded.git", bare: true)
        let made = try GitRepository.create(at: tmp.path + "/made.git", bare: true)
        var rng = Seeded(state: 7)
        func text(_ seed: Int) -> [UInt8] {
            Array((0..<300).map { "  \"/line/\($0)\": \(($0 * 7919 + seed) % 1000),\n" }.joined().utf8)
        }
        // Names git orders in its own way: "a" as a folder sorts as "a/", after "a.json".
        let paths = [
            "reports/2024/甲.json", "reports/2024/乙.json", "reports/2024/a.json", "reports/2024/a-b.json",
            "reports/2024/a/x.json",
            "reports/2023/甲.json", "reports/2022/丙.json", "reports/2025/新.json", "README.txt",
        ]
        var contents: [String: [UInt8]] = [:]
        // A first history written by libgit2 in both: the load starts from its trees.
        for path in paths.prefix(4) {
            contents[path] = text(path.utf8.count)
            for repository in [loaded, made] {
                let blob = try repository.writeBlob(contents[path]!)
                _ = try repository.commit(
                    on: "refs/heads/main", onto: try repository.branchTip("refs/heads/main"), message: "base \(path)\n",
                    author: sig, committer: sig
                ) {
                    [(path, blob)]
                }
            }
        }
        let base = try #require(try loaded.branchTip("refs/heads/main"))
        #expect(try made.branchTip("refs/heads/main") == base)

        let writer = try GitBulkWriter(repository: loaded, base: base, author: sig, durable: false)
        var expected: [ObjectID] = []
        var history: [[UInt8]] = []
        for revision in 0..<150 {
            var updates: [(path: String, bytes: [UInt8])] = []
            for path in paths.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)) {
                var lines = (contents[path] ?? text(revision)).split(separator: 0x0A, omittingEmptySubsequences: false)
                    .map(Array.init)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: lines = text(revision * 31).split(separator: 0x0A).map(Array.init)  // all new
                case 1:
                    // An old version again.
                    if let old = history.randomElement(using: &rng) {
                        lines = old.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                    }
                case 2: break  // unchanged
                default:
                    lines[Int.random(in: 0..<lines.count - 1, using: &rng)] = Array("  \"changed\": \(revision),".utf8)
                }
                let bytes = Array(lines.joined(separator: [0x0A]))
                contents[path] = bytes
                history.append(bytes)
                updates.append((path, bytes))
            }
            let message = "revision \(revision)\n"
            let ours = try writer.commit(updates, message: message)
            var blobs: [(path: String, blob: ObjectID?)] = []
            for update in updates { blobs.append((update.path, try made.writeBlob(update.bytes))) }
            let theirs = try made.commit(
                on: "refs/heads/main", onto: try made.branchTip("refs/heads/main"), message: message, author: sig,
                committer: sig
            ) { blobs }
            #expect(ours == theirs, "revision \(revision)")
            if let theirs { expected.append(theirs) }
        }
        #expect(expected.count > 100)
        let name = try #require(try writer.finish())
        try loaded.refreshObjects()
        let tip = try #require(expected.last)
        try loaded.moveBranch("refs/heads/main", from: base, to: tip, message: "load")
        // git reads every object, checks each id, and finds deltas among them.
        let fsck = try run("/usr/bin/git", ["-C", loaded.gitDirectory, "fsck", "--strict", "--full", "--no-dangling"])
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(fsck.stdout)\(fsck.stderr)")
        let pack = try run(
            "/usr/bin/git", ["verify-pack", "-v", loaded.gitDirectory + "objects/pack/" + name + ".idx"])
        #expect(pack.status == 0 && pack.stdout.contains("chain length = 1: "), "\(pack.stderr)")
        #expect(
            try run("/usr/bin/git", ["-C", loaded.gitDirectory, "rev-list", "--count", "main"]).stdout
                == "\(expected.count + 4)\n")
        // Nothing loose: every new object is in the pack.
        #expect(
            try run("/usr/bin/git", ["-C", loaded.gitDirectory, "count-objects", "-v"]).stdout.contains("in-pack: "))
        #expect(!FileManager.default.fileExists(atPath: loaded.gitDirectory + "objects/pack/" + name + ".pack.tmp"))
    }

    /// An author written with spaces around the name is trimmed as libgit2 trims it, and a file
    /// that would share its name with a folder (entries sorting between them included) is
    /// refused instead of written as a tree git rejects.
    @Test func authorsTrimmedAndNameClashesRefused() throws {
        let tmp = try TemporaryFolder()
        let loaded = try GitRepository.create(at: tmp.path + "/loaded.git", bare: true)
        let made = try GitRepository.create(at: tmp.path + "/made.git", bare: true)
        let spaced = GitSignature(
            name: "  档案室 ", email: " archive@example.cn ", time: 1_767_225_600, offsetMinutes: -90)
        let bytes = Array("{\n}\n".utf8)
        let writer = try GitBulkWriter(repository: loaded, base: nil, author: spaced, durable: false)
        let ours = try writer.commit([("reports/a/x.json", bytes), ("reports/a-b", bytes)], message: "one\n")
        let blob = try made.writeBlob(bytes)
        let theirs = try made.commit(
            on: "refs/heads/main", onto: nil, message: "one\n", author: spaced, committer: spaced
        ) {
            [("reports/a/x.json", blob), ("reports/a-b", blob)]
        }
        #expect(ours != nil && ours == theirs)
        #expect(throws: GitError.self) { try writer.commit([("reports/a", bytes)], message: "two\n") }
    }

    /// A load that fails on a later line writes nothing: no commit, no pack, no temporary file.
    @Test func aFailedLoadLeavesTheVaultAsItWas() throws {
        let e2e = EndToEndTests()
        let (tmp, dir) = try e2e.newVault(bare: true)
        _ = tmp
        let sample = String(decoding: CanonicalJSON.rfc8785(try FileInput.json(EndToEndTests.sample)), as: UTF8.self)
        let good = "{\"message\": \"draft 1\", \"report\": \(sample)}\n"
        #expect(try e2e.vault(["-C", dir, "load"] + EndToEndTests.author, stdin: Array(good.utf8)).status == 0)
        let before = try e2e.snapshot(dir)
        let input =
            String(
                repeating: good.replacingOccurrences(of: "\"fiscalYear\":2024", with: "\"fiscalYear\":2023"), count: 3)
            + "{\"message\": \"broken\", \"report\": {\"fiscalYear\": }}\n"
        let refused = try e2e.vault(["-C", dir, "load"] + EndToEndTests.author, stdin: Array(input.utf8))
        #expect(refused.status == 2 && refused.stderr.hasPrefix("error: <stdin>: line 4, "), "\(refused.stderr)")
        #expect(try e2e.snapshot(dir) == before)
    }
}
