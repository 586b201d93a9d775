import Foundation
import Testing
import ZIPFoundation

@testable import ReportVault
@testable import VaultSigning

/// Signed submissions: keys and signatures as OpenSSH reads and writes them, tags that plain
/// `git tag -v` and `ssh-keygen -Y verify` accept, `vault verify` per tag, `--repair`, and the
/// submission archive.
@Suite struct SigningTests {
    let e2e = EndToEndTests()
    static let keygen = "/usr/bin/ssh-keygen"

    /// A new ed25519 key pair at `path` (and `path.pub`), as a clerk makes one.
    static func keygen(_ path: String, type: String = "ed25519", passphrase: String = "") throws {
        let made = try run(keygen, ["-q", "-t", type, "-N", passphrase, "-C", "clerk@test", "-f", path])
        try #require(made.status == 0, "ssh-keygen: \(made.stderr)")
    }

    /// An allowed-signers line for the public key at `pub`.
    static func signersLine(_ principal: String, _ pub: String, options: String = "") throws -> String {
        let words = try String(contentsOfFile: pub, encoding: .utf8).split(separator: " ")
        return ([principal] + (options.isEmpty ? [] : [options]) + [String(words[0]), String(words[1])]).joined(
            separator: " ") + "\n"
    }

    // MARK: - Keys and signatures against OpenSSH

    @Test func keysAndSignaturesAgreeWithSSHKeygen() throws {
        let tmp = try TemporaryFolder()
        let keyPath = tmp.path + "/id_ed25519"
        try Self.keygen(keyPath)
        let key = try SSHSigningKey.load(keyPath)
        #expect(key.comment == "clerk@test")
        #expect(
            key.publicKey.openSSHLine + " clerk@test\n"
                == (try String(contentsOfFile: keyPath + ".pub", encoding: .utf8)))
        let listed = try run(Self.keygen, ["-l", "-f", keyPath + ".pub"]).stdout
        #expect(listed.split(separator: " ")[1] == key.publicKey.fingerprint[...])

        let message = Array("object 0123\n报送县财政局\n".utf8)
        let file = try tmp.file("message.txt", String(decoding: message, as: UTF8.self))
        // ssh-keygen signs; vault checks its signature.
        let signed = try run(Self.keygen, ["-Y", "sign", "-f", keyPath, "-n", "git", file])
        #expect(signed.status == 0, "\(signed.stderr)")
        let theirs = try String(contentsOfFile: file + ".sig", encoding: .utf8)
        let parsed = try #require(SSHSignature(armored: theirs))
        #expect(parsed.publicKey == key.publicKey && parsed.namespace == "git" && parsed.hashAlgorithm == "sha512")
        #expect(parsed.isValid(for: message) == true)
        #expect(parsed.isValid(for: message + [0x0A]) == false)
        #expect(parsed.isValid(for: message, namespace: "file") == false)
        // vault signs; Ed25519 is deterministic, so it is ssh-keygen's block byte for byte.
        let ours = try SSHSignature.sign(message, with: key)
        #expect(ours.armored == theirs)
        // And ssh-keygen accepts it.
        try ours.armored.write(toFile: file + ".sig", atomically: true, encoding: .utf8)
        let signers = try tmp.file("allowed", try Self.signersLine("wang@example.cn", keyPath + ".pub"))
        let verified = try run(
            Self.keygen, ["-Y", "verify", "-f", signers, "-I", "wang@example.cn", "-n", "git", "-s", file + ".sig"],
            stdin: message)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            verified.stdout.contains(
                "Good \"git\" signature for wang@example.cn with ED25519 key \(key.publicKey.fingerprint)"))
    }

    @Test func keysVaultCannotUseAreRefusedWithTheReason() throws {
        let tmp = try TemporaryFolder()
        try Self.keygen(tmp.path + "/locked", passphrase: "secret phrase")
        try Self.keygen(tmp.path + "/rsa", type: "rsa")
        try Self.keygen(tmp.path + "/ecdsa", type: "ecdsa")
        let garbage = try tmp.file("garbage", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n")
        // The signing layer's own error, with the file; the vault's message is made from it.
        #expect(throws: SigningError.keyMissing(file: tmp.path + "/none")) {
            try SSHSigningKey.load(tmp.path + "/none")
        }
        #expect(throws: SigningError.keyEncrypted(file: tmp.path + "/locked")) {
            try SSHSigningKey.load(tmp.path + "/locked")
        }
        #expect(VaultError(SigningError.keyMissing(file: "k")).exitCode == 3)
        func error(_ path: String) -> String {
            do {
                _ = try Vault.signingKey(at: path)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(
            error(tmp.path + "/locked").hasSuffix(
                "locked: the key is protected by a passphrase, which vault cannot open (nor can it use a key held only by ssh-agent); sign with an ed25519 key kept without a passphrase for signing"
            ))
        #expect(
            error(tmp.path + "/rsa").hasSuffix(
                "rsa: a ssh-rsa key; vault signs only with ed25519 keys (ssh-keygen -t ed25519)"))
        #expect(
            error(tmp.path + "/ecdsa").hasSuffix(
                "ecdsa: a ecdsa-sha2-nistp256 key; vault signs only with ed25519 keys (ssh-keygen -t ed25519)"))
        #expect(
            error(tmp.path + "/rsa.pub").hasSuffix(
                "rsa.pub: a public key; name the private key (the same name without .pub) with --key"))
        #expect(
            error(garbage).hasSuffix(
                "garbage: not an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----); vault signs with ed25519 keys as ssh-keygen -t ed25519 writes them"
            ))
        #expect(
            error(tmp.path + "/none").hasSuffix(
                "none: no such key; name your private key with --key PATH, or make one with: ssh-keygen -t ed25519"))
    }

    @Test func allowedSignersReadAsGitAndSSHKeygenReadThem() throws {
        let tmp = try TemporaryFolder()
        try Self.keygen(tmp.path + "/a")
        try Self.keygen(tmp.path + "/b")
        let a = try SSHSigningKey.load(tmp.path + "/a").publicKey
        let b = try SSHSigningKey.load(tmp.path + "/b").publicKey
        let text =
            "# county office\n\n" + (try Self.signersLine("wang@example.cn,王会计", tmp.path + "/a.pub"))
            + (try Self.signersLine(
                "li@example.cn", tmp.path + "/b.pub", options: "namespaces=\"file\",valid-before=\"20300101\""))
            + "not a line\n" + (try Self.signersLine("ca@example.cn", tmp.path + "/b.pub", options: "cert-authority"))
        let signers = AllowedSigners.parse(text)
        #expect(signers.entries.count == 3)
        #expect(signers.malformedLines == [5])
        #expect(signers.entries(for: a, at: 1_700_000_000).map(\.principals) == ["wang@example.cn,王会计"])
        // b may sign files only, and a certificate authority's key signs no tag itself.
        #expect(signers.entries(for: b, at: 1_700_000_000).isEmpty)
        #expect(signers.entries(for: b, namespace: "file", at: 1_700_000_000).map(\.principals) == ["li@example.cn"])
        #expect(signers.entries(for: b, namespace: "file", at: AllowedSigners.time("20300102Z")!).isEmpty)
        #expect(AllowedSigners.time("20240101Z") == 1_704_067_200)
        #expect(
            AllowedSigners.matches("*@example.cn", "wang@example.cn")
                && !AllowedSigners.matches("?@example.cn", "wang@example.cn"))
    }

    // MARK: - Signed tags, checked by git, ssh-keygen and vault

    /// A vault with one commit, a clerk's key `clerk` and allowed signers naming it.
    func signingVault() throws -> (TemporaryFolder, String, key: String, signers: String) {
        let (tmp, dir) = try e2e.newVault()
        try Self.keygen(tmp.path + "/clerk")
        let signers = try tmp.file("allowed_signers", try Self.signersLine("wang@example.cn", tmp.path + "/clerk.pub"))
        let r = try e2e.vault(["-C", dir, "commit", EndToEndTests.sample, "-m", "one"] + EndToEndTests.author)
        #expect(r.status == 0, "\(r.stderr)")
        return (tmp, dir, tmp.path + "/clerk", signers)
    }

    func verifyJSON(_ dir: String, _ extra: [String] = []) throws -> JSONValue {
        let r = try e2e.vault(["-C", dir, "verify", "--json"] + extra)
        return try JSONParser.parse(r.stdout)
    }

    func signature(_ value: JSONValue, _ tag: String) -> JSONValue? {
        guard case .array(let all)? = value[member: "signatures"] else { return nil }
        return all.first { $0[member: "tag"] == .string(tag) }
    }

    @Test func aSignedTagIsVerifiedByGitSSHKeygenAndVault() throws {
        let (tmp, dir, key, signers) = try signingVault()
        let tagged = try e2e.vault(
            ["-C", dir, "tag", "submitted-2025-01", "-m", "报送县财政局", "--sign", "--key", key] + EndToEndTests.author)
        #expect(tagged.status == 0, "\(tagged.stderr)")
        let fingerprint = try SSHSigningKey.load(key).publicKey.fingerprint
        #expect(tagged.stdout.hasSuffix("signed with ED25519 key \(fingerprint)\n"), "\(tagged.stdout)")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)

        // The object is a git tag with the SSHSIG block appended to its message.
        let object = try e2e.git(["cat-file", "tag", "submitted-2025-01"], dir).stdout
        #expect(object.contains("\ntag submitted-2025-01\ntagger 王会计 <wang@example.cn> "))
        #expect(object.contains("\n\n报送县财政局\n\nReports:\n\(EndToEndTests.storedPath) sha256:"))
        #expect(object.hasSuffix("-----END SSH SIGNATURE-----\n"))

        // Plain git checks it, with the file `vault config signers` sets as git's own setting.
        let set = try e2e.vault(["-C", dir, "config", "signers", signers])
        #expect(set.stdout == "signers: \(signers) (1 key)\n", "\(set.stderr)")
        #expect(try e2e.git(["config", "gpg.ssh.allowedSignersFile"], dir).stdout == signers + "\n")
        let gitVerify = try e2e.git(["tag", "-v", "submitted-2025-01"], dir)
        #expect(gitVerify.status == 0, "\(gitVerify.stderr)")
        #expect(
            gitVerify.stderr.contains("Good \"git\" signature for wang@example.cn with ED25519 key \(fingerprint)"),
            "\(gitVerify.stderr)")

        // ssh-keygen alone, on the payload and signature split as git splits them.
        let bytes = try e2e.git(["cat-file", "tag", "submitted-2025-01"], dir).stdoutBytes
        let (payload, block) = TagSignatureBlock.split(bytes)
        let sig = try tmp.file("tag.sig", try #require(block))
        let sshVerify = try run(
            Self.keygen, ["-Y", "verify", "-f", signers, "-I", "wang@example.cn", "-n", "git", "-s", sig],
            stdin: payload)
        #expect(sshVerify.status == 0, "\(sshVerify.stderr)")

        // vault verify names the signer; an unsigned tag is said to be unsigned, not a problem.
        #expect(try e2e.vault(["-C", dir, "tag", "draft", "-m", "draft"] + EndToEndTests.author).status == 0)
        let text = try e2e.vault(["-C", dir, "verify"])
        #expect(text.status == 0, "\(text.stdout)")
        #expect(
            text.stdout.contains(
                "signature: tag submitted-2025-01: good signature by wang@example.cn (ED25519 key \(fingerprint))\n"))
        #expect(text.stdout.contains("signature: tag draft: not signed\n"))
        let json = try verifyJSON(dir)
        #expect(json[member: "ok"] == .bool(true))
        #expect(
            signature(json, "submitted-2025-01")
                == .object([
                    .init("key", .string(fingerprint)), .init("keyType", .string("ssh-ed25519")),
                    .init("signer", .string("wang@example.cn")),
                    .init("status", .string("good")), .init("tag", .string("submitted-2025-01")),
                ]))
        #expect(signature(json, "draft")?[member: "status"] == .string("unsigned"))
    }

    @Test func aTagReSignedByAnotherKeyOrChangedIsReported() throws {
        let (tmp, dir, key, signers) = try signingVault()
        #expect(try e2e.vault(["-C", dir, "config", "signers", signers]).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "tag", "s1", "-m", "sent", "--sign", "--key", key] + EndToEndTests.author).status
                == 0)
        #expect(
            try e2e.vault(["-C", dir, "tag", "s2", "-m", "sent", "--sign", "--key", key] + EndToEndTests.author).status
                == 0)
        try Self.keygen(tmp.path + "/intruder")
        let intruder = try SSHSigningKey.load(tmp.path + "/intruder").publicKey.fingerprint

        // s1 re-signed by git itself with another key, same message.
        let message = try e2e.git(["tag", "-l", "--format=%(contents:subject)", "s1"], dir).stdout.trimmingCharacters(
            in: .newlines)
        let resigned = try run(
            "/usr/bin/git",
            [
                "-C", dir, "-c", "gpg.format=ssh", "-c", "user.signingkey=\(tmp.path)/intruder", "-c", "user.name=王会计",
                "-c", "user.email=wang@example.cn",
                "tag", "-f", "-s", "s1", "-m", message, "s1^{commit}",
            ])
        #expect(resigned.status == 0, "\(resigned.stderr)")
        // s2's message changed by hand, its signature kept.
        var bytes = try e2e.git(["cat-file", "tag", "s2"], dir).stdoutBytes
        let at = try #require(bytes.firstRange(of: Array("\n\nsent".utf8)))
        bytes.replaceSubrange(at, with: Array("\n\nsend".utf8))
        let forged = try run("/usr/bin/git", ["-C", dir, "hash-object", "-t", "tag", "-w", "--stdin"], stdin: bytes)
            .stdout.trimmingCharacters(in: .newlines)
        #expect(try e2e.git(["update-ref", "refs/tags/s2", forged], dir).status == 0)

        let r = try e2e.vault(["-C", dir, "verify"])
        #expect(r.status == 1)
        let problems = r.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
        #expect(
            problems.contains(
                "problem: tag s1: signed by a key that \(signers) does not allow (ED25519 key \(intruder))"),
            "\(r.stdout)")
        #expect(
            problems.contains {
                $0.hasPrefix(
                    "problem: tag s2: BAD signature — the tag was changed after it was signed (ED25519 key SHA256:")
            }, "\(r.stdout)")
        #expect(
            problems.contains { $0.hasPrefix("problem: tag s1: moved") }
                && problems.contains { $0.hasPrefix("problem: tag s2: moved") })
        // git agrees on both.
        #expect(try e2e.git(["tag", "-v", "s1"], dir).status != 0)
        #expect(try e2e.git(["tag", "-v", "s2"], dir).status != 0)
        let json = try verifyJSON(dir)
        #expect(
            signature(json, "s1")?[member: "status"] == .string("unknownKey")
                && signature(json, "s1")?[member: "key"] == .string(intruder))
        #expect(signature(json, "s2")?[member: "status"] == .string("bad"))
    }

    @Test func signingFailuresSayOneLineAndLeaveTheVaultAsItWas() throws {
        let (tmp, dir, _, signers) = try signingVault()
        try Self.keygen(tmp.path + "/locked", passphrase: "secret phrase")
        let before = try e2e.snapshot(dir)
        for (args, expected) in [
            (
                ["--sign", "--key", tmp.path + "/locked"],
                "error: \(tmp.path)/locked: the key is protected by a passphrase"
            ),
            (["--sign", "--key", tmp.path + "/missing"], "error: \(tmp.path)/missing: no such key"),
            (["--sign"], "error: \(tmp.path)/home/.ssh/id_ed25519: no such key"),
            (["--key", tmp.path + "/locked"], "error: --key names the key to sign with: add --sign"),
        ] {
            let r = try e2e.vault(
                ["-C", dir, "tag", "s", "-m", "sent"] + args + EndToEndTests.author, env: ["HOME": tmp.path + "/home"])
            #expect(r.status != 0)
            #expect(r.stderr.hasPrefix(expected) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        #expect(try e2e.snapshot(dir) == before)
        // Refused before any object is written (git fsck stays clean): a name that would be a
        // folder of another tag, a message git would read as a signature, a tagger git can't read.
        #expect(try e2e.vault(["-C", dir, "tag", "first", "-m", "sent"] + EndToEndTests.author).status == 0)
        let afterFirst = try e2e.snapshot(dir)
        for (args, env, expected) in [
            (
                ["tag", "first/again", "-m", "x"] + EndToEndTests.author, [:],
                "error: a tag can't be named 'first/again' while tag 'first' exists"
            ),
            (
                ["tag", "t3", "-m", "plain\n-----BEGIN SSH SIGNATURE-----\nx"] + EndToEndTests.author, [:],
                "error: the tag message has a line git would read"
            ),
            (
                ["tag", "t4", "-m", "x"], ["VAULT_AUTHOR_NAME": "a <b>", "VAULT_AUTHOR_EMAIL": "b@example.cn"],
                "error: --author 'a <b> <b@example.cn>'"
            ),
        ] as [([String], [String: String], String)] {
            let r = try e2e.vault(["-C", dir] + args, env: env)
            #expect(r.status != 0 && r.stderr.hasPrefix(expected), "\(r.stderr)")
        }
        #expect(try e2e.snapshot(dir) == afterFirst)
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        // A bad allowed-signers file is refused where it is wrong, and nothing is set.
        let bad = try tmp.file("bad_signers", "wang@example.cn ssh-ed25519\n")
        let r = try e2e.vault(["-C", dir, "config", "signers", bad])
        #expect(
            r.status == 2
                && r.stderr
                    == "error: \(bad):1: not an allowed-signers line (principal[,principal] [options] keytype base64key); nothing was set\n"
        )
        #expect(
            try e2e.vault(["-C", dir, "config", "signers"]).stdout
                == "signers: not set; set it with: vault config signers FILE\n")
        #expect(
            try e2e.vault(["-C", dir, "config", "colour", "red"]).stderr
                == "error: 'colour' is not a vault setting; the settings: signers, user\n")
        #expect(try e2e.vault(["-C", dir, "config", "signers", signers]).status == 0)
        #expect(try e2e.vault(["-C", dir, "config", "signers"]).stdout == "signers: \(signers)\n")
    }

    // MARK: - Repair after a crash between the tag and the ledger

    @Test func repairRecordsMissingEntriesAndRestoresMissingTagsOnly() throws {
        let (tmp, dir, key, signers) = try signingVault()
        _ = tmp
        #expect(try e2e.vault(["-C", dir, "config", "signers", signers]).status == 0)
        for name in ["a", "b"] {
            #expect(
                try e2e.vault(
                    ["-C", dir, "tag", name, "-m", "sent \(name)", "--sign", "--key", key] + EndToEndTests.author
                ).status == 0)
        }
        // As a kill between the two renames leaves it: b's ledger entry, or a's tag reference, missing.
        let aObject = try e2e.git(["rev-parse", "refs/tags/a"], dir).stdout.trimmingCharacters(in: .newlines)
        #expect(try e2e.git(["update-ref", "refs/vault/ledger", "refs/vault/ledger~1"], dir).status == 0)
        #expect(try e2e.git(["update-ref", "-d", "refs/tags/a"], dir).status == 0)
        // And a tag vault did not make, whose message copies a vault tag's (reports and digests).
        let copied = try e2e.git(["tag", "-l", "--format=%(contents:subject)%0a%0a%(contents:body)", "b"], dir).stdout
        let unsigned = copied.components(separatedBy: "-----BEGIN SSH SIGNATURE-----")[0]
        #expect(unsigned.contains("Reports:\n"), "\(unsigned)")
        #expect(
            try e2e.git(
                ["-c", "user.name=x", "-c", "user.email=x@example.cn", "tag", "-a", "extra", "-m", unsigned, "b^{}"],
                dir
            ).status == 0)
        let broken = try e2e.vault(["-C", dir, "verify"])
        #expect(broken.status == 1)
        #expect(
            broken.stdout.contains("problem: tag b: not in the ledger")
                && broken.stdout.contains("problem: tag a: in the ledger"), "\(broken.stdout)")

        let repaired = try e2e.vault(["-C", dir, "verify", "--repair"])
        let lines = repaired.stdout.split(separator: "\n").filter { $0.hasPrefix("repaired: ") }
        #expect(lines.count == 3, "\(repaired.stdout)")
        #expect(lines[0].hasPrefix("repaired: tag a: restored refs/tags/a to tag object \(aObject.prefix(7)) (commit "))
        #expect(lines[1].hasPrefix("repaired: tag b: recorded in the ledger (tag object "))
        #expect(
            lines[2]
                == "repaired: tag extra: not in the ledger and not made by vault tag here (no 'vault tag' move in its reflog, or its message does not list the reports of its commit); left as it is"
        )
        // Only the hand-made tag is left as a problem; nothing was removed.
        let problems = repaired.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
        #expect(
            problems == [
                "problem: tag extra: not in the ledger (created or re-created outside vault, e.g. with git tag)"
            ], "\(repaired.stdout)")
        #expect(try e2e.git(["rev-parse", "refs/tags/a"], dir).stdout.trimmingCharacters(in: .newlines) == aObject)
        #expect(try e2e.git(["rev-parse", "refs/tags/extra"], dir).status == 0)
        #expect(try e2e.git(["rev-list", "--count", "refs/vault/ledger"], dir).stdout == "2\n")
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
        // A plain clone has no ledger: repair makes none up and says to fetch it.
        let clone = tmp.path + "/plain-clone"
        #expect(try run("/usr/bin/git", ["clone", "-q", dir, clone]).status == 0)
        let inClone = try e2e.vault(["-C", clone, "verify", "--repair"])
        #expect(inClone.status == 2)
        #expect(
            inClone.stderr.hasSuffix("fetch it first: git fetch origin '+refs/vault/*:refs/vault/*'\n"),
            "\(inClone.stderr)")
        #expect(try e2e.git(["rev-parse", "--verify", "-q", "refs/vault/ledger"], clone).status != 0)
        let json = try verifyJSON(dir, ["--repair"])
        #expect(
            json[member: "repairs"]
                == .array([
                    .string(
                        "tag extra: not in the ledger and not made by vault tag here (no 'vault tag' move in its reflog, or its message does not list the reports of its commit); left as it is"
                    )
                ]))
    }

    /// A withdrawal moves three references; stopped half-way, the ledger decides: a recorded
    /// withdrawal is finished, an unrecorded one undone (and can be made again).
    @Test func repairFinishesOrUndoesAHalfWithdrawal() throws {
        let (tmp, dir) = try e2e.newVault()
        _ = tmp
        func vault(_ args: [String]) throws -> ProcessResult {
            try e2e.vault(["-C", dir] + args + EndToEndTests.author)
        }
        func ref(_ name: String) throws -> String? {
            let r = try e2e.git(["rev-parse", "--verify", "-q", name], dir)
            return r.status == 0 ? r.stdout.trimmingCharacters(in: .newlines) : nil
        }
        #expect(try vault(["commit", EndToEndTests.draft2, "-m", "终稿"]).status == 0)
        // Not recorded: the ledger did not move.
        #expect(try vault(["tag", "w1", "-m", "报送"]).status == 0)
        let ledger = try #require(try ref("refs/vault/ledger")), w1 = try #require(try ref("refs/tags/w1"))
        #expect(try vault(["tag", "w1", "--withdraw", "-m", "更正"]).status == 0)
        #expect(try e2e.git(["update-ref", "refs/vault/ledger", ledger], dir).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "verify"]).stdout.contains(
                "problem: tag w1: refs/vault/withdrawn/w1 exists but the ledger records no withdrawal"))
        let undone = try e2e.vault(["-C", dir, "verify", "--repair"])
        #expect(undone.status == 0, "\(undone.stdout)")
        #expect(
            undone.stdout.contains(
                "repaired: tag w1: its withdrawal was not recorded in the ledger, so it was undone and the tag stands"))
        #expect(try ref("refs/tags/w1") == w1 && ref("refs/vault/withdrawn/w1") == nil)
        #expect(try vault(["tag", "w1", "--withdraw", "-m", "更正"]).status == 0)
        // Recorded: the tag reference was not removed.
        #expect(try vault(["tag", "w2", "-m", "报送"]).status == 0)
        let w2 = try #require(try ref("refs/tags/w2"))
        #expect(try vault(["tag", "w2", "--withdraw", "-m", "更正"]).status == 0)
        #expect(try e2e.git(["update-ref", "refs/tags/w2", w2], dir).status == 0)
        #expect(try e2e.git(["update-ref", "-d", "refs/vault/withdrawn/w2"], dir).status == 0)
        #expect(
            try e2e.vault(["-C", dir, "verify"]).stdout.contains(
                "problem: tag w2: withdrawn in the ledger, but the tag is still there"))
        let finished = try e2e.vault(["-C", dir, "verify", "--repair"])
        #expect(finished.status == 0, "\(finished.stdout)")
        #expect(finished.stdout.contains("repaired: tag w2: finished the withdrawal the ledger records"))
        #expect(try ref("refs/tags/w2") == nil && ref("refs/vault/withdrawn/w2") == w2)
        #expect(try e2e.git(["fsck", "--strict"], dir).status == 0)
    }

    // MARK: - The submission archive

    @Test func theSubmissionArchiveIsCompleteCheckableAndRepeatable() throws {
        let (tmp, dir, key, signers) = try signingVault()
        #expect(
            try e2e.vault(
                ["-C", dir, "tag", "submitted-2025-01", "-m", "报送县财政局", "--sign", "--key", key] + EndToEndTests.author
            ).status == 0)
        let zip = tmp.path + "/out.zip"
        let made = try e2e.vault(["-C", dir, "submission", "submitted-2025-01", "-o", zip])
        #expect(made.status == 0, "\(made.stderr)")
        let first = try Data(contentsOf: URL(fileURLWithPath: zip))
        let digest = try run("/usr/bin/sha256sum", [zip]).stdout.prefix(64)
        #expect(
            made.stdout.hasPrefix("wrote \(zip): submission submitted-2025-01 (tag ")
                && made.stdout.hasSuffix(", 1 report, 10 files, signed, sha256:\(digest)\n"))

        // Refused again, made again with --force and in Chinese: the same bytes.
        let again = try e2e.vault(["-C", dir, "submission", "submitted-2025-01", "-o", zip])
        #expect(
            again.status == 4
                && again.stderr
                    == "error: \(zip): already exists; choose another name with -o, or pass --force to overwrite it\n"
        )
        #expect(
            try e2e.vault(
                ["-C", dir, "submission", "submitted-2025-01", "-o", zip, "--force"], env: ["VAULT_LANG": "zh"]
            ).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: zip)) == first)
        #expect(
            try e2e.vault(["-C", dir, "submission", "nope", "-o", tmp.path + "/n.zip"]).stderr.hasPrefix(
                "error: no submission 'nope'"))

        // The files, in their order.
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .read)
        let names = Array(archive).map(\.path)
        #expect(
            names == [
                "README.txt", "tag/object.txt", "tag/message.txt", "tag/payload.txt", "tag/signature.sig",
                EndToEndTests.storedPath,
                "canonical/2024/绥宁县长铺镇人民政府.json", "figures/2024/绥宁县长铺镇人民政府.csv", "manifest.json", "SHA256SUMS",
            ])
        let out = tmp.path + "/unpacked"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            let path = out + "/" + entry.path
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        // What README.txt says to run works.
        let sums = try run("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], in: out)
        #expect(sums.status == 0 && sums.stdout.split(separator: "\n").count == 9, "\(sums.stdout)\(sums.stderr)")
        let tagID = try e2e.git(["rev-parse", "refs/tags/submitted-2025-01"], dir).stdout
        #expect(try run("/usr/bin/git", ["hash-object", "-t", "tag", "tag/object.txt"], in: out).stdout == tagID)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: out + "/tag/object.txt"))
                == Data(try e2e.git(["cat-file", "tag", "submitted-2025-01"], dir).stdoutBytes))
        let verified = try run(
            Self.keygen,
            ["-Y", "verify", "-f", signers, "-I", "wang@example.cn", "-n", "git", "-s", "tag/signature.sig"], in: out,
            stdin: [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/tag/payload.txt"))))
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: out + "/" + EndToEndTests.storedPath))
                == Data(try e2e.git(["show", "submitted-2025-01:\(EndToEndTests.storedPath)"], dir).stdoutBytes))
        // Without the vault: the canonical form's SHA-256 is the digest the signed tag message records.
        let canonicalSum = try run("/usr/bin/sha256sum", ["canonical/2024/绥宁县长铺镇人民政府.json"], in: out).stdout.prefix(64)
        let signedMessage = try String(contentsOfFile: out + "/tag/payload.txt", encoding: .utf8)
        #expect(signedMessage.contains("\(EndToEndTests.storedPath) sha256:\(canonicalSum)"), "\(signedMessage)")
        let csvBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/figures/2024/绥宁县长铺镇人民政府.csv")))
        let csv = String(decoding: csvBytes.dropFirst(3), as: UTF8.self)
        #expect(csvBytes.prefix(3) == [0xEF, 0xBB, 0xBF] && csv.hasPrefix("路径,名称,数值,单位\r\n"))
        #expect(csv.contains("/generalBudget/basic/publicUse,一般公共预算支出 · 基本支出 · 公用经费,338.26,万元\r\n"))
        let readme = try String(contentsOfFile: out + "/README.txt", encoding: .utf8)
        #expect(
            readme.hasPrefix("报送 submitted-2025-01\n") && readme.contains("sha256sum -c SHA256SUMS")
                && readme.contains("git hash-object -t tag tag/object.txt"))
        #expect(try String(contentsOfFile: out + "/tag/message.txt", encoding: .utf8).hasPrefix("报送县财政局\n\nReports:\n"))
        // The manifest: the tag, the signing key and every other file's SHA-256.
        let manifest = try JSONParser.parse(
            try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")).map { $0 })
        #expect(manifest[member: "tagObject"] == .string(tagID.trimmingCharacters(in: .newlines)))
        #expect(
            manifest[member: "signature"]?[member: "key"] == .string(try SSHSigningKey.load(key).publicKey.fingerprint))
        guard case .array(let files)? = manifest[member: "files"] else { Issue.record("files"); return }
        #expect(files.map { $0[member: "path"] } == names.dropLast(2).map { .string($0) })
        let report = try FileInput.report(EndToEndTests.sample)
        guard case .array(let reports)? = manifest[member: "reports"] else { Issue.record("reports"); return }
        #expect(reports.first?[member: "digest"] == .string(report.digest))
    }
}
