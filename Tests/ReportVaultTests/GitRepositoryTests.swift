import Foundation
import Testing

@testable import ReportVault
@testable import VaultGit

@Suite struct GitRepositoryTests {
    let sig = GitSignature(name: "测试 Clerk", email: "clerk@example.cn", time: 1_736_900_000, offsetMinutes: 480)

    func git(_ args: [String], _ dir: String) throws -> ProcessResult {
        try run("/usr/bin/git", ["-C", dir] + args)
    }

    @Test func createsBareAndNonBareWithMainBranch() throws {
        let tmp = try TemporaryFolder()
        let work = try GitRepository.create(at: tmp.path + "/work", bare: false)
        let bare = try GitRepository.create(at: tmp.path + "/bare.git", bare: true)
        #expect(!work.isBare)
        #expect(bare.isBare)
        #expect(work.headBranch == "refs/heads/main")
        #expect(try git(["symbolic-ref", "HEAD"], tmp.path + "/bare.git").stdout == "refs/heads/main\n")
        #expect(try work.branchTip("refs/heads/main") == nil)
        #expect(throws: GitError.self) { try GitRepository.open(at: tmp.path) }
    }

    /// The objects a commit adds are the ones synced before the branch moves: the blob, each
    /// tree on its path (as git names them) and the commit; those in a pack have no file to
    /// sync, and a file that cannot be synced is named in the error.
    @Test func theObjectsACommitAddsAreSyncedTogether() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let blob = try repo.writeBlob(Array("{}\n".utf8))
        let id = try #require(
            try repo.commit(
                updates: [("reports/2024/甲.json", blob)], on: "refs/heads/main", message: "one\n", author: sig,
                committer: sig))
        let written = try repo.objectsWritten(by: id, updates: [("reports/2024/甲.json", blob)])
        var expected: Set<String> = [id.hex, blob.hex]
        for place in ["HEAD^{tree}", "HEAD:reports", "HEAD:reports/2024"] {
            expected.insert(
                try git(["rev-parse", place], tmp.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(Set(written.map(\.hex)) == expected)
        #expect(written.count == 5)
        try repo.syncLooseObjects(written)
        // Packed: no loose file is left to sync, and none is asked for.
        _ = try git(["repack", "-a", "-d", "-q"], tmp.path)
        _ = try git(["prune-packed"], tmp.path)
        try repo.syncLooseObjects(written)
        #expect(try git(["fsck", "--strict"], tmp.path).status == 0)
        #expect(FileSync.all([tmp.path + "/HEAD", tmp.path + "/objects"]).isEmpty)
        let failed = FileSync.all([tmp.path + "/no-such-file", tmp.path + "/HEAD", tmp.path + "/no-such-folder/x"])
        #expect(
            failed.map(\.path) == [tmp.path + "/no-such-file", tmp.path + "/no-such-folder/x"]
                && failed.allSatisfy { $0.error == ENOENT })
    }

    @Test func commitsNestedPathsWithoutWorkTree() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let blob = try repo.writeBlob(Array("{\n  \"a\": 1\n}\n".utf8))
        #expect(try repo.readBlob(blob) == Array("{\n  \"a\": 1\n}\n".utf8))
        let first = try #require(
            try repo.commit(
                updates: [("reports/2024/甲.json", blob)], on: "refs/heads/main", message: "one\n", author: sig,
                committer: sig))
        #expect(try repo.blobID(at: "reports/2024/甲.json", in: first) == blob)
        #expect(try repo.blobID(at: "reports/2024/乙.json", in: first) == nil)
        // Same content again: no commit.
        #expect(
            try repo.commit(
                updates: [("reports/2024/甲.json", blob)], on: "refs/heads/main", message: "again\n", author: sig,
                committer: sig) == nil)
        let blob2 = try repo.writeBlob(Array("{}\n".utf8))
        let second = try #require(
            try repo.commit(
                updates: [("reports/2023/乙.json", blob2)], on: "refs/heads/main", message: "two\n", author: sig,
                committer: sig))
        #expect(try repo.commitInfo(second).parents == [first])
        #expect(try repo.resolveCommit("HEAD~1") == first)
        #expect(try repo.resolveCommit(String(second.hex.prefix(10))) == second)
        #expect(try repo.changedPaths(in: second) == ["reports/2023/乙.json"])
        #expect(
            try repo.blobs(under: "reports", in: second).map(\.path) == ["reports/2023/乙.json", "reports/2024/甲.json"])
        var walked: [ObjectID] = []
        try repo.walk(from: second) {
            walked.append($0); return true
        }
        #expect(walked == [second, first])
        #expect(try git(["fsck", "--strict"], tmp.path).status == 0)
        #expect(try git(["cat-file", "-p", "main:reports/2024/甲.json"], tmp.path).stdout == "{\n  \"a\": 1\n}\n")
        #expect(
            try git(["log", "--format=%an|%ae|%s", "main"], tmp.path).stdout
                == "测试 Clerk|clerk@example.cn|two\n测试 Clerk|clerk@example.cn|one\n")
    }

    @Test func compareAndSwapRefusesAStaleTip() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let b1 = try repo.writeBlob([1]), b2 = try repo.writeBlob([2])
        let first = try #require(
            try repo.commit(updates: [("a", b1)], on: "refs/heads/main", message: "1\n", author: sig, committer: sig))
        let second = try #require(
            try repo.commit(updates: [("a", b2)], on: "refs/heads/main", message: "2\n", author: sig, committer: sig))
        // A writer that still believes the tip is `first` must not move the branch.
        let error = #expect(throws: GitError.self) {
            try repo.moveBranch("refs/heads/main", from: first, to: first, message: "stale")
        }
        #expect(error?.code == GitError.Code.modified)
        #expect(try repo.branchTip("refs/heads/main") == second)
        // "must not exist" on an existing branch is refused too.
        #expect(throws: GitError.self) { try repo.moveBranch("refs/heads/main", from: nil, to: first, message: "x") }
    }

    /// The git layer makes one attempt; the vault tries again when another writer got there first.
    @Test func concurrentWritersAllLand() throws {
        let tmp = try TemporaryFolder()
        _ = try GitRepository.create(at: tmp.path, bare: true)
        let path = tmp.path
        let writers = 8
        let failures = LockedData()
        DispatchQueue.concurrentPerform(iterations: writers) { i in
            do {
                // One repository handle per thread, as libgit2 requires.
                let vault = try Vault.open(at: path)
                let blob = try vault.repository.writeBlob(Array("writer \(i)\n".utf8))
                let s = GitSignature(name: "w\(i)", email: "w\(i)@x", time: 1_736_900_000, offsetMinutes: 0)
                _ = try vault.commitRetrying(on: "refs/heads/main", message: "w\(i)\n", author: s, committer: s) { _ in
                    [("reports/2024/u\(i).json", blob)]
                }
            } catch {
                failures.set(Data("\(error)".utf8))
            }
        }
        #expect(failures.get().isEmpty, "\(String(decoding: failures.get(), as: UTF8.self))")
        let repo = try GitRepository.open(at: path)
        let tip = try #require(try repo.branchTip("refs/heads/main"))
        #expect(try repo.blobs(under: "reports", in: tip).count == writers)
        #expect(try git(["rev-list", "--count", "main"], path).stdout == "\(writers)\n")
        #expect(try git(["fsck", "--strict"], path).status == 0)
    }

    @Test func aHeldLockIsReportedAsLocked() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let blob = try repo.writeBlob([1])
        _ = try repo.commit(updates: [("a", blob)], on: "refs/heads/main", message: "1\n", author: sig, committer: sig)
        try Data().write(to: URL(fileURLWithPath: tmp.path + "/refs/heads/main.lock"))
        let error = #expect(throws: GitError.self) {
            try repo.commit(updates: [("b", blob)], on: "refs/heads/main", message: "2\n", author: sig, committer: sig)
        }
        #expect(error?.code == GitError.Code.locked)
        // The vault tries again while the lock is held, then reports it.
        let vault = try Vault.open(at: tmp.path)
        let retried = #expect(throws: VaultError.self) {
            try vault.commitRetrying(on: "refs/heads/main", message: "2\n", author: sig, committer: sig, maxAttempts: 2)
            { _ in [("b", blob)] }
        }
        guard case .locked(let doing, _, _)? = retried else {
            Issue.record("expected a lock error, got \(String(describing: retried))")
            return
        }
        #expect(doing == "commit")
        #expect(try git(["rev-list", "--count", "main"], tmp.path).stdout == "1\n")
    }

    @Test func tagsAreAnnotatedAndNeverOverwritten() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let blob = try repo.writeBlob([1])
        let c1 = try #require(
            try repo.commit(updates: [("a", blob)], on: "refs/heads/main", message: "1\n", author: sig, committer: sig))
        let c2 = try #require(
            try repo.commit(updates: [("b", blob)], on: "refs/heads/main", message: "2\n", author: sig, committer: sig))
        let tag = try repo.createTag(name: "submitted", target: c1, tagger: sig, message: "first\n")
        let error = #expect(throws: GitError.self) {
            try repo.createTag(name: "submitted", target: c2, tagger: sig, message: "moved\n")
        }
        #expect(error?.code == GitError.Code.exists)
        let info = try repo.tag(named: "submitted")
        #expect(info.tagObject == tag)
        #expect(info.target == c1)
        #expect(info.tagger == sig)
        #expect(info.message == "first\n")
        #expect(try git(["cat-file", "-t", "submitted"], tmp.path).stdout == "tag\n")
        #expect(GitRepository.isValidTagName("draft-3"))
        #expect(!GitRepository.isValidTagName("bad name"))
        #expect(!GitRepository.isValidTagName("a..b"))
    }

    @Test func objectIDsAreTheirBytesAndSortAsTheirHex() throws {
        let hexes = [
            "fedcba9876543210fedcba9876543210fedcba98", "0000000000000000000000000000000000000000",
            "ff00000000000000000000000000000000000000",
            "0123456789abcdef0123456789abcdef01234567", "00000000000000000000000000000000000000ff",
            "0123456789abcdef0123456789abcdef01234566",
        ]
        let ids = try hexes.map { try #require(ObjectID(hex: $0)) }
        #expect(ids.map(\.hex) == hexes)
        #expect(ids.sorted().map(\.hex) == hexes.sorted())
        #expect(ids.map { ObjectID($0.oid) } == ids)
        #expect(Set(ids).count == hexes.count)
        #expect(ids[1].isZero && !ids[4].isZero)
        #expect(ids[3].short == "0123456" && ids[3].description == hexes[3])
        #expect(ObjectID(hex: "0123456789ABCDEF0123456789abcdef01234567") == nil)
        #expect(ObjectID(hex: "0123456789abcdef0123456789abcdef0123456") == nil)
        #expect(ObjectID(hex: "0123456789abcdef0123456789abcdef0123456g") == nil)
        // The id libgit2 computes, formatted here, is git's.
        #expect(try GitRepository.blobID(of: Array("hello\n".utf8)).hex == "ce013625030ba8dba906f756967f9e9ca394464a")
    }

    @Test func unknownRevisionIsNotFound() throws {
        let tmp = try TemporaryFolder()
        let repo = try GitRepository.create(at: tmp.path, bare: true)
        let error = #expect(throws: GitError.self) { try repo.resolveCommit("nope") }
        #expect(error?.code == GitError.Code.notFound)
        #expect(error?.message.isEmpty == false)
    }
}

extension GitRepository {
    /// One compare-and-swap attempt on the branch's current tip.
    fileprivate func commit(
        updates: [(path: String, blob: ObjectID)], on branch: String, message: String, author: GitSignature,
        committer: GitSignature
    ) throws -> ObjectID? {
        try commit(on: branch, onto: try branchTip(branch), message: message, author: author, committer: committer) {
            updates.map { ($0.path, $0.blob) }
        }
    }
}
