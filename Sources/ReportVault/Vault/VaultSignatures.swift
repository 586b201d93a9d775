import Foundation

/// What `vault verify` found about one submission tag's signature.
public struct TagSignatureCheck: Sendable {
    /// The verdict, as `vault verify --json` names it.
    public enum Status: String, Sendable {
        /// A valid signature by a key the allowed signers name.
        case good
        /// A signature that does not match the tag's content (or is damaged).
        case bad
        /// A valid-looking signature by a key the allowed signers do not name.
        case unknownKey
        /// No signature.
        case unsigned
        /// Signed, but vault cannot tell: no allowed-signers file, or a signature format or key
        /// type vault does not check (PGP, X.509, RSA, ECDSA).
        case unchecked
    }

    public var tag: String
    public var status: Status
    /// For a good signature: the principals of the allowed-signers line(s) of its key.
    public var signer: String?
    /// The signing key, when the signature names one.
    public var key: SSHPublicKey?
    /// The line `vault verify` prints, in either language.
    public var message: Message

    /// Whether `vault verify` counts this as a problem (everything but good and unsigned).
    /// (bad and unknown key; a signature vault cannot check is said, not counted).
    public var isProblem: Bool { status == .bad || status == .unknownKey }

    var json: JSONValue {
        .object([
            .init("tag", .string(tag)), .init("status", .string(status.rawValue)), .init("signer", .orNull(signer)),
            .init("key", .orNull(key?.fingerprint)), .init("keyType", .orNull(key?.type)),
        ])
    }
}

extension Vault {
    /// The git configuration key that names the allowed-signers file — git's own, so that plain
    /// `git tag -v` in the vault checks signatures against the same file.
    static let signersConfigKey = "gpg.ssh.allowedSignersFile"

    /// The allowed-signers file set with `vault config signers` (or in git's configuration), if any.
    public var signersFile: String? {
        guard let value = repository.configString(Self.signersConfigKey), !value.isEmpty else { return nil }
        if value.hasPrefix("~/") {
            return (NSHomeDirectory() as NSString).appendingPathComponent(String(value.dropFirst(2)))
        }
        return value
    }

    /// Sets the allowed-signers file (stored as an absolute path in the vault's git config, as
    /// `gpg.ssh.allowedSignersFile`), after checking that it reads as one: every line an entry,
    /// at least one key. Returns the stored path and the entries.
    public func setSignersFile(_ file: String) throws(VaultError) -> (path: String, signers: AllowedSigners) {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let signers: AllowedSigners
        do { signers = try AllowedSigners.load(absolute) } catch { throw VaultError(error) }
        if let line = signers.malformedLines.first { throw .signersFileMalformed(file: file, line: line) }
        if signers.entries.isEmpty { throw .signersFileEmpty(file: file) }
        do { try repository.setConfig(Self.signersConfigKey, absolute) } catch {
            throw describe(error, while: "vault config signers")
        }
        return (absolute, signers)
    }

    /// The signature of every tag, checked against the allowed signers, and the problems with
    /// the allowed-signers file itself.
    func signatureChecks(_ tags: [TagInfo]) -> (checks: [TagSignatureCheck], problems: [Message]) {
        var problems: [Message] = []
        var signers: AllowedSigners?
        let file = signersFile
        if let file {
            do {
                let loaded = try AllowedSigners.load(file)
                for line in loaded.malformedLines {
                    problems.append(Message("verify.signersMalformed", ["file": .text(file), "line": .count(line)]))
                }
                signers = loaded
            } catch {
                problems.append(
                    Message(
                        "verify.signersUnreadable",
                        ["file": .text(file), "problem": .message(VaultError(error).message)]))
            }
        }
        let checks = tags.map { tag in signatureCheck(tag, signers: signers, file: file) }
        return (checks, problems)
    }

    private func signatureCheck(_ tag: TagInfo, signers: AllowedSigners?, file: String?) -> TagSignatureCheck {
        func result(
            _ status: TagSignatureCheck.Status, _ key: String, signer: String? = nil, publicKey: SSHPublicKey? = nil,
            _ values: [String: Message.Value] = [:]
        )
            -> TagSignatureCheck
        {
            var all = values
            all["tag"] = .text(tag.name)
            if let publicKey {
                all["kind"] = .text(publicKey.kind)
                all["fingerprint"] = .text(publicKey.fingerprint)
            }
            return TagSignatureCheck(
                tag: tag.name, status: status, signer: signer, key: publicKey, message: Message(key, all))
        }
        guard let stored = tagObject(of: tag), let block = stored.signatureBlock else {
            return result(.unsigned, "verify.signature.unsigned")
        }
        let payload = stored.payload
        guard block.hasPrefix(SSHSignature.beginLine) else {
            let format = block.hasPrefix("-----BEGIN PGP") ? "OpenPGP" : "X.509"
            return result(.unchecked, "verify.signature.otherFormat", ["format": .text(format)])
        }
        guard let signature = SSHSignature(armored: block) else { return result(.bad, "verify.signature.damaged") }
        let key = signature.publicKey
        guard let valid = signature.isValid(for: payload) else {
            return result(.unchecked, "verify.signature.keyType", publicKey: key, ["type": .text(key.type)])
        }
        guard valid else { return result(.bad, "verify.signature.bad", publicKey: key) }
        guard let signers, let file else { return result(.unchecked, "verify.signature.noSigners", publicKey: key) }
        let allowed = signers.entries(for: key, at: tag.tagger?.time ?? 0)
        guard !allowed.isEmpty else {
            return result(.unknownKey, "verify.signature.unknownKey", publicKey: key, ["file": .text(file)])
        }
        let who = allowed.map(\.principals).joined(separator: ", ")
        return result(.good, "verify.signature.good", signer: who, publicKey: key, ["signer": .text(who)])
    }
}

/// A submission's tag object as stored: the bytes a signature covers and the signature block.
public struct SubmissionTagObject: Sendable {
    public var tag: TagInfo
    /// The tag object's id and its bytes as stored.
    public var object: ObjectID
    public var bytes: [UInt8]
    /// The bytes before the signature block (all of them when unsigned), and the block.
    public var payload: [UInt8]
    public var signatureBlock: String?
}

extension Vault {
    /// The tag object of submission `name`, nil when there is no annotated tag of that name.
    public func submissionTagObject(_ name: String) -> SubmissionTagObject? {
        guard GitRepository.isValidTagName(name), let tag = try? repository.tag(named: name) else { return nil }
        return tagObject(of: tag)
    }

    /// The stored object of `tag`, nil for a lightweight tag or an object that cannot be read.
    func tagObject(of tag: TagInfo) -> SubmissionTagObject? {
        guard let object = tag.tagObject, let bytes = try? repository.tagObjectBytes(object) else { return nil }
        let (payload, block) = TagSignatureBlock.split(bytes)
        return SubmissionTagObject(tag: tag, object: object, bytes: bytes, payload: payload, signatureBlock: block)
    }
}

/// Where a tag object's signature starts, as git finds it: the last line that begins an
/// armoured signature block of a kind git knows (SSH, OpenPGP, X.509).
enum TagSignatureBlock {
    static let beginLines = [
        SSHSignature.beginLine, "-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----",
        "-----BEGIN SIGNED MESSAGE-----",
    ].map { Array($0.utf8) }

    /// The signed bytes and the signature block (nil when the tag is not signed).
    static func split(_ bytes: [UInt8]) -> (payload: [UInt8], block: String?) {
        var start: Int?
        var lineStart = 0
        while lineStart < bytes.count {
            if beginLines.contains(where: { bytes[lineStart...].starts(with: $0) }) { start = lineStart }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = newline + 1
        }
        guard let start else { return (bytes, nil) }
        return (Array(bytes[..<start]), String(decoding: bytes[start...], as: UTF8.self))
    }
}
