import Crypto
import Foundation

/// An SSH signature in OpenSSH's SSHSIG format — what `ssh-keygen -Y sign` writes and what git
/// appends to a tag signed with `gpg.format=ssh` (namespace `git`).
///
/// > byte[6] MAGIC_PREAMBLE ("SSHSIG"), uint32 SIG_VERSION (1), string publickey,
/// > string namespace, string reserved, string hash_algorithm, string signature
/// > — and what is signed: byte[6] MAGIC_PREAMBLE, string namespace, string reserved,
/// > string hash_algorithm, string H(message)   (OpenSSH PROTOCOL.sshsig)
public struct SSHSignature: Sendable, Equatable {
    static let magic = Array("SSHSIG".utf8)
    static let label = "SSH SIGNATURE"
    /// The first line of the armoured block; git finds a tag's signature by it.
    public static let beginLine = "-----BEGIN SSH SIGNATURE-----"

    /// The key that made the signature, as the signature names it.
    public var publicKey: SSHPublicKey
    public var namespace: String
    /// `sha512` (what ssh-keygen and vault write) or `sha256`.
    public var hashAlgorithm: String
    /// The signature's own wire form: `string type`, `string bytes`.
    var signature: [UInt8]

    /// Signs `message` with `key` for `namespace` (git's is `git`).
    public static func sign(
        _ message: [UInt8], with key: SSHSigningKey, namespace: String = "git"
    ) throws(SigningError) -> SSHSignature {
        let toSign = signedData(message, namespace: namespace, hashAlgorithm: "sha512")!
        var wire = SSHWriter()
        wire.string("ssh-ed25519")
        wire.string(try key.sign(toSign))
        return SSHSignature(
            publicKey: key.publicKey, namespace: namespace, hashAlgorithm: "sha512", signature: wire.bytes)
    }

    /// What the key signs for `message`; nil for a hash algorithm SSHSIG does not define.
    static func signedData(_ message: [UInt8], namespace: String, hashAlgorithm: String) -> [UInt8]? {
        let digest: [UInt8]
        switch hashAlgorithm {
        case "sha512": digest = Array(SHA512.hash(data: message))
        case "sha256": digest = Array(SHA256.hash(data: message))
        default: return nil
        }
        var data = SSHWriter()
        data.raw(magic)
        data.string(namespace)
        data.string([UInt8]())
        data.string(hashAlgorithm)
        data.string(digest)
        return data.bytes
    }

    /// The SSHSIG blob.
    var blob: [UInt8] {
        var w = SSHWriter()
        w.raw(Self.magic)
        w.uint32(1)
        w.string(publicKey.blob)
        w.string(namespace)
        w.string([UInt8]())
        w.string(hashAlgorithm)
        w.string(signature)
        return w.bytes
    }

    /// The armoured block, 70 Base64 characters a line, ending with a line feed.
    public var armored: String { SSHArmor.wrap(blob, label: Self.label) }

    /// Reads an armoured SSHSIG block; nil when it is not one (a damaged block is not a signature
    /// anyone can check).
    public init?(armored text: String) {
        guard let bytes = SSHArmor.unwrap(text, label: Self.label) else { return nil }
        var r = SSHReader(bytes)
        guard r.raw(6) == Self.magic, r.uint32() == 1, let keyBlob = r.string(), let key = SSHPublicKey(blob: keyBlob),
            let namespace = r.text(),
            r.string() != nil, let hash = r.text(), let signature = r.string(), r.isAtEnd
        else { return nil }
        self.init(publicKey: key, namespace: namespace, hashAlgorithm: hash, signature: signature)
    }

    init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }

    /// Whether this signature by its own key is valid for `message` in `namespace`. Only
    /// Ed25519 signatures are checked; nil for a key type this build cannot check.
    public func isValid(for message: [UInt8], namespace expected: String = "git") -> Bool? {
        guard let key = publicKey.ed25519 else { return nil }
        var r = SSHReader(signature)
        guard namespace == expected, r.text() == "ssh-ed25519", let raw = r.string(), raw.count == 64, r.isAtEnd,
            let data = Self.signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm)
        else { return false }
        return key.isValidSignature(raw, for: data)
    }
}
