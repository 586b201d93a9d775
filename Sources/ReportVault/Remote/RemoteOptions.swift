import Foundation

/// How a fetch, push or clone talks to a server: its timeout and where progress goes.
public struct RemoteOptions {
    /// Seconds without any sign of life from the server before the operation is abandoned
    /// (`VAULT_REMOTE_TIMEOUT`, default 60).
    public var timeout: Double
    /// Called while objects arrive or are sent; nil reports nothing.
    public var progress: ((RemoteProgress) -> Void)?

    public init(timeout: Double? = nil, progress: ((RemoteProgress) -> Void)? = nil) {
        self.timeout = timeout ?? RemoteOptions.timeoutFromEnvironment
        self.progress = progress
    }

    /// `VAULT_REMOTE_TIMEOUT` in seconds when set to a positive number, else 60.
    public static var timeoutFromEnvironment: Double {
        ProcessEnvironment["VAULT_REMOTE_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 60
    }

    /// A session for one transfer with the remote at `url`.
    func session(url: String) -> RemoteSession {
        let report = progress
        return RemoteSession(
            url: url, timeout: timeout,
            progress: report.map { report in
                { report(RemoteProgress(sending: $0, objects: $1, totalObjects: $2, bytes: $3)) }
            })
    }
}

/// How far a transfer got.
public struct RemoteProgress: Sendable {
    /// Receiving (clone, fetch) or sending (push).
    public var sending: Bool
    /// Objects received or sent so far, and in all.
    public var objects: Int
    public var totalObjects: Int
    /// Bytes received or sent so far.
    public var bytes: Int
}
