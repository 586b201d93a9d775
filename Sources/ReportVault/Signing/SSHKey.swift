import Crypto
import Foundation

/// A public key in OpenSSH's form: its type name (`ssh-ed25519`) and its wire blob, as
/// `authorized_keys`, allowed-signers files and SSH signatures carry it.
public struct SSHPublicKey: Sendable, Hashable {
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, …
    public let type: String
    /// The key's wire encoding: `string type`, then the type's own fields.
    public let blob: [UInt8]

    init(type: String, blob: [UInt8]) {
        self.type = type
        self.blob = blob
    }

    /// A key from its wire blob; nil when the blob does not start with its type's name.
    init?(blob: [UInt8]) {
        var reader = SSHReader(blob)
        guard let type = reader.text(), !type.isEmpty else { return nil }
        self.init(type: type, blob: blob)
    }

    /// The key from the `type base64` words of an OpenSSH public key line.
    init?(type: String, base64: String) {
        guard let data = Data(base64Encoded: base64), let key = SSHPublicKey(blob: [UInt8](data)), key.type == type
        else { return nil }
        self = key
    }

    /// The Ed25519 key's 32 bytes; nil for another type.
    var ed25519: Curve25519.Signing.PublicKey? {
        var reader = SSHReader(blob)
        guard reader.text() == "ssh-ed25519", let raw = reader.string(), reader.isAtEnd else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// `SHA256:` and the unpadded Base64 of the blob's SHA-256, as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// `ED25519`, `ECDSA`, `RSA`, … as git and ssh-keygen name the kind of key.
    public var kind: String {
        switch type {
        case "ssh-ed25519": "ED25519"
        case "ssh-rsa": "RSA"
        case let t where t.hasPrefix("ecdsa-"): "ECDSA"
        case let t where t.hasPrefix("sk-ssh-ed25519"): "ED25519-SK"
        case let t where t.hasPrefix("sk-ecdsa"): "ECDSA-SK"
        default: type
        }
    }

    /// The `type base64` line of a `.pub` file.
    public var openSSHLine: String { type + " " + Data(blob).base64EncodedString() }
}

/// A private key to sign with, read from an OpenSSH private key file (`openssh-key-v1`, what
/// `ssh-keygen` writes): Ed25519 keys without a passphrase. A key protected by a passphrase,
/// another type of key, or a key that only lives in the ssh agent is refused with a line that
/// says so.
public struct SSHSigningKey: Sendable {
    /// The 32-byte Ed25519 seed (Curve25519.Signing.PrivateKey is not Sendable; made when signing).
    let seed: [UInt8]
    /// The matching public key.
    public let publicKey: SSHPublicKey
    /// The key's comment (often `user@host`).
    public let comment: String

    /// The default key: `~/.ssh/id_ed25519`, as git and ssh use it.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".ssh/id_ed25519")
    }

    /// Reads the private key in `file`.
    public static func load(_ file: String) throws(SigningError) -> SSHSigningKey {
        guard FileManager.default.fileExists(atPath: file) else { throw .keyMissing(file: file) }
        guard let data = FileManager.default.contents(atPath: file), data.count < 64 * 1024 else {
            throw .keyUnreadable(file: file)
        }
        let text = String(decoding: data, as: UTF8.self)
        return try parse(text, file: file)
    }

    /// Reads an OpenSSH private key from its text; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(SigningError) -> SSHSigningKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("ssh-") || trimmed.hasPrefix("ecdsa-") || trimmed.hasPrefix("sk-") {
            throw .keyIsPublic(file: file)
        }
        guard let bytes = SSHArmor.unwrap(text, label: "OPENSSH PRIVATE KEY") else {
            // PEM (-----BEGIN RSA/EC/PRIVATE KEY-----), PuTTY files, anything else.
            throw .keyNotOpenSSH(file: file)
        }
        // > "openssh-key-v1" 0x00, string ciphername, string kdfname, string kdfoptions,
        // > uint32 number of keys N, string publickey1 … publickeyN, string encrypted, len(encrypted)
        // > (OpenSSH PROTOCOL.key)
        let magic = Array("openssh-key-v1".utf8) + [0]
        var reader = SSHReader(bytes)
        guard reader.raw(magic.count) == magic, let cipher = reader.text(), let kdf = reader.text(),
            reader.string() != nil,
            let count = reader.uint32()
        else { throw .keyDamaged(file: file) }
        if cipher != "none" || kdf != "none" { throw .keyEncrypted(file: file) }
        guard count == 1, let publicBlob = reader.string(), let publicKey = SSHPublicKey(blob: publicBlob) else {
            throw .keyDamaged(file: file)
        }
        guard publicKey.type == "ssh-ed25519" else { throw .keyType(file: file, type: publicKey.type) }
        // > uint32 checkint, uint32 checkint, the keys (type and fields), string comment, padding
        // Both check integers are equal when the private part was decrypted (here: not encrypted) intact.
        guard var section = reader.string().map(SSHReader.init), let check1 = section.uint32(),
            section.uint32() == check1,
            section.text() == "ssh-ed25519", let publicRaw = section.string(), let pair = section.string(),
            pair.count == 64,
            let comment = section.string()
        else { throw .keyDamaged(file: file) }
        // The private field of an Ed25519 key is the 32-byte seed followed by the public key.
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: pair.prefix(32)),
            Array(key.publicKey.rawRepresentation) == publicRaw, Array(pair.suffix(32)) == publicRaw,
            publicKey.ed25519?.rawRepresentation == key.publicKey.rawRepresentation
        else { throw .keyDamaged(file: file) }
        return SSHSigningKey(
            seed: Array(pair.prefix(32)), publicKey: publicKey, comment: String(decoding: comment, as: UTF8.self))
    }

    /// The Ed25519 signature of `data` (deterministic, RFC 8032).
    func sign(_ data: [UInt8]) throws(SigningError) -> [UInt8] {
        do { return Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: data)) } catch {
            throw .signingFailed(detail: "\(error)")
        }
    }
}
