/// The signing layer's errors as the vault's: each the message a clerk reads.
extension VaultError {
    public init(_ error: SigningError) {
        switch error {
        case .keyMissing(let file): self = .signingKeyMissing(file: file)
        case .keyUnreadable(let file), .signersFileUnreadable(let file): self = .unreadable(file: file)
        case .keyIsPublic(let file): self = .signingKeyIsPublic(file: file)
        case .keyNotOpenSSH(let file): self = .signingKeyNotOpenSSH(file: file)
        case .keyEncrypted(let file): self = .signingKeyEncrypted(file: file)
        case .keyType(let file, let type): self = .signingKeyType(file: file, type: type)
        case .keyDamaged(let file): self = .signingKeyDamaged(file: file)
        case .signingFailed(let detail): self = .signingFailed(detail: detail)
        case .signersFileMissing(let file): self = .signersFileMissing(file: file)
        }
    }
}

extension Vault {
    /// The SSH signing key in `file` (`vault tag --sign --key FILE`), read before anything is written.
    public static func signingKey(at file: String) throws(VaultError) -> SSHSigningKey {
        do { return try SSHSigningKey.load(file) } catch { throw VaultError(error) }
    }
}
