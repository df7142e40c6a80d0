/// How refreshing one platform's token ended, for the refresh job's log and `credsync tokens refresh`.
public enum TokenRefreshResult: Sendable, Equatable {
    /// A new token is stored; nil expiry when the platform did not say.
    case refreshed(expiresAtMs: Int64?)
    /// The platform refused (or a secret is missing): it is now inactive and an alert is open.
    case refused(String)
    /// It could not be done now (network, 5xx, the key): `retryable` when trying again later may work.
    case failed(String, retryable: Bool)
    /// Nothing was done: the auth type has no token credsync can renew, or it was not due.
    case skipped(String)

    /// One line for the operator.
    public var summary: String {
        switch self {
        case .refreshed(let expiresAtMs):
            "refreshed" + (expiresAtMs.map { ", expires \(Timestamp.iso8601($0))" } ?? ", no expiry given")
        case .refused(let reason): "refused: \(reason)"
        case .failed(let reason, _): "failed: \(reason)"
        case .skipped(let reason): "skipped: \(reason)"
        }
    }
}
