import Foundation
import Testing

@testable import ReportVault

/// How the command line names the vault: -C PATH before or after the command, as in git,
/// else $VAULT_DIR; and `vault load` reading JSON lines from standard input.
@Suite struct CommandLineTests {
    let e2e = EndToEndTests()

    @Test func theVaultOptionGoesBeforeOrAfterTheCommand() throws {
        let (tmp, dir) = try e2e.newVault()
        let (otherTmp, other) = try e2e.newVault()
        _ = (tmp, otherTmp)
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "first"] + EndToEndTests.author).status == 0
        )
        let before = try e2e.vault(["-C", dir, "log", "--oneline"])
        #expect(before.status == 0 && before.stdout.hasSuffix(" first\n"), "\(before.stderr)")
        #expect(try e2e.vault(["log", "-C", dir, "--oneline"]).stdout == before.stdout)
        #expect(try e2e.vault(["log", "--oneline"], env: ["VAULT_DIR": dir]).stdout == before.stdout)
        // The one after the command wins, and either wins over $VAULT_DIR.
        #expect(try e2e.vault(["-C", other, "log", "-C", dir, "--oneline"]).stdout == before.stdout)
        #expect(try e2e.vault(["-C", dir, "log", "--oneline"], env: ["VAULT_DIR": other]).stdout == before.stdout)
        #expect(try e2e.vault(["-C", other, "log"]).stderr == "no revisions yet\n")
        // Before a command that opens no vault it changes nothing.
        let canonical = try e2e.vault(["-C", dir, "canonicalize", EndToEndTests.sample])
        let expected = CanonicalJSON.rfc8785(try FileInput.json(EndToEndTests.sample))
        #expect(canonical.status == 0 && canonical.stdoutBytes == expected)
        // A mistyped command is still named as one.
        let typo = try e2e.vault(["-C", dir, "lgo"])
        #expect(
            typo.status == 64
                && typo.stderr.hasPrefix("error: 'lgo' is not a vault command; did you mean 'ls' or 'log'?"))
    }

    /// The exit status says what kind of failure it was (README, "Exit status"), and the
    /// README's table names every category with its number.
    @Test func theExitStatusSaysWhatKindOfFailure() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        #expect(
            try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "first"] + EndToEndTests.author).status == 0
        )
        let missing = try e2e.vault(["-C", dir, "show", "2024/无此镇"])
        #expect(
            missing.status == 3 && missing.stderr.hasPrefix("error: no report '2024/无此镇' at HEAD"),
            "\(missing.status) \(missing.stderr)")
        let broken = dir + "/broken.json"
        try Data("{\n".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try e2e.vault(["-C", dir, "commit", broken, "-m", "x"] + EndToEndTests.author)
        #expect(refused.status == 2 && refused.stderr.hasPrefix("error: "), "\(refused.status) \(refused.stderr)")
        #expect(try e2e.vault(["-C", dir, "tag", "sent", "-m", "报送"] + EndToEndTests.author).status == 0)
        let taken = try e2e.vault(["-C", dir, "tag", "sent", "-m", "again"] + EndToEndTests.author)
        #expect(taken.status == 4 && taken.stderr.contains("already exists"), "\(taken.status) \(taken.stderr)")
        let url = try e2e.vault(["-C", dir, "fetch", "http://127.0.0.1:9/nothing.git"])
        #expect(
            url.status == 3 && url.stderr.hasPrefix("error: no remote named 'http://127.0.0.1:9/nothing.git'"),
            "\(url.status) \(url.stderr)")
        #expect(try e2e.vault(["-C", dir, "remote", "add", "origin", "http://127.0.0.1:9/nothing.git"]).status == 0)
        let unreachable = try e2e.vault(["-C", dir, "fetch"])
        #expect(unreachable.status == 6, "\(unreachable.status) \(unreachable.stderr)")
        #expect(try e2e.vault(["-C", dir, "log", "--bogus"]).status == 64)
        // Nothing was changed by the failures: the tag and the one commit are all there is.
        #expect(try e2e.git(["rev-list", "--count", "main"], dir).stdout == "1\n")

        let readme = String(
            decoding: try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md")), as: UTF8.self)
        let rows = Set(
            readme.split(separator: "\n").filter { $0.hasPrefix("| ") }.compactMap {
                Int32($0.dropFirst(2).prefix { $0 != " " })
            })
        for category in VaultError.Category.allCases {
            #expect(rows.contains(category.rawValue), "README's exit status table lacks \(category.rawValue)")
        }
        // Every error is placed (the switch is exhaustive); a wrapped one takes its inner's place.
        #expect(
            VaultError.inFile(file: "a.json", .noSuchReport(argument: "x", revision: "HEAD", suggestions: [])).exitCode
                == 3)
        #expect(
            VaultError.inFile(file: "a.json", .atPointer(pointer: "/unit", .unitNameMissing)).code == "unitNameMissing")
        #expect(VaultError.inFile(file: "a.json", .atPointer(pointer: "/unit", .unitNameMissing)).exitCode == 2)
    }

    @Test func loadReadsJSONLinesFromStandardInput() throws {
        let (tmp, dir) = try e2e.newVault(bare: true)
        _ = tmp
        let sample = String(decoding: CanonicalJSON.rfc8785(try FileInput.json(EndToEndTests.sample)), as: UTF8.self)
        let draft2 = String(decoding: CanonicalJSON.rfc8785(try FileInput.json(EndToEndTests.draft2)), as: UTF8.self)
        let input =
            "{\"message\": \"draft 1\", \"report\": \(sample)}\n\n{\"message\": \"draft 2\", \"reports\": [\(draft2)]}\n"
        let loaded = try e2e.vault(["-C", dir, "load"] + EndToEndTests.author, stdin: Array(input.utf8))
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(
            loaded.stdout.hasPrefix(
                "loaded 2 commits (0 unchanged revisions skipped) in 1 pack; refs/heads/main is at "))
        #expect(try e2e.git(["log", "--format=%s"], dir).stdout == "draft 2\ndraft 1\n")
        let refused = try e2e.vault(
            ["-C", dir, "load"] + EndToEndTests.author, stdin: Array("\n{\"message\": \"x\"}\n".utf8))
        #expect(refused.status == 2 && refused.stderr == "error: <stdin>:2: missing \"report\"\n")
    }

    /// `vault load` stores the same bytes as `vault commit` for the same reports: the trees
    /// (and so every blob) of the two vaults are identical, revision by revision.
    @Test func loadStoresTheBytesCommitStores() throws {
        let (tmp, loadedDir) = try e2e.newVault(bare: true)
        let (tmp2, committedDir) = try e2e.newVault()
        _ = (tmp, tmp2)
        // Not canonical as given (spaces, key order): both must canonicalise the same way.
        let drafts = [EndToEndTests.sample, EndToEndTests.draft2]
        var input = ""
        for (i, file) in drafts.enumerated() {
            // On one line, as JSON lines are; members in the file's order, with its spaces.
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            input += "{\"message\": \"draft \(i + 1)\", \"report\": \(text)}\n"
            let committed = try e2e.vault(
                ["-C", committedDir, "commit", file, "-m", "draft \(i + 1)"] + EndToEndTests.author)
            #expect(committed.status == 0, "\(committed.stderr)")
        }
        let loaded = try e2e.vault(["-C", loadedDir, "load"] + EndToEndTests.author, stdin: Array(input.utf8))
        #expect(loaded.status == 0, "\(loaded.stderr)")
        for revision in ["HEAD~1", "HEAD"] {
            let a = try e2e.git(["rev-parse", "\(revision)^{tree}"], loadedDir).stdout
            let b = try e2e.git(["rev-parse", "\(revision)^{tree}"], committedDir).stdout
            #expect(!a.isEmpty && a == b, "\(revision)")
        }
    }
}
