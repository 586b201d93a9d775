/// What goes wrong reading an SSH signing key or an allowed-signers file, or signing: the
/// signing layer's own errors, each with the file it concerns. The vault shows each as its
/// message (`VaultError(_:)` in the library above this one).
public enum SigningError: Error, Sendable, Equatable {
    case keyMissing(file: String)
    case keyUnreadable(file: String)
    case keyIsPublic(file: String)
    case keyNotOpenSSH(file: String)
    case keyEncrypted(file: String)
    case keyType(file: String, type: String)
    case keyDamaged(file: String)
    case signingFailed(detail: String)
    case signersFileMissing(file: String)
    case signersFileUnreadable(file: String)
}
