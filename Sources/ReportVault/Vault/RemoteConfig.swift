extension Vault {
    /// The configured URL of `name` (credentials included: for the transfer, never for output).
    package func remoteURL(_ name: String) throws(VaultError) -> String {
        let url: String?
        do {
            url = try repository.remoteURL(name)
        } catch  where error.code == GitError.Code.invalidSpec {
            throw .noSuchRemote(name: RemoteURL.redacted(name))  // a URL given where a remote's name belongs
        } catch {
            throw describe(error, while: "read remote \(name)")
        }
        guard let url else { throw .noSuchRemote(name: name) }
        return url
    }
}
