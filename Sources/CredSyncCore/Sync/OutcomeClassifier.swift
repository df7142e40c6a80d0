/// The one place where a sync's errors become job outcomes, with what the operator should do next. Pure: the time
/// is an argument, and the result is the queue's whole instruction.
///
/// - **Transient** — the network, a timeout, a 5xx, 408 or 429 still failing after the session's in-page retries,
///   anything unexpected (a database error): `.retry`, with the queue's backoff while attempts remain.
/// - **Rate limited beyond the in-page budget** — a 429 or 503 whose `Retry-After` is longer than a request sleeps
///   through: `.delayed` until the time the platform asked for, without spending an attempt, when that is at most
///   `maxDelayMs` away (7 days); a longer wait fails the job.
/// - **Permanent** — a body that is not JSON or not in the contract's shape, an invalid cursor, a 4xx (a 401 comes
///   here after the session's one token refresh), a body over the size cap, a TLS failure, a bad URL or redirect, a
///   looping cursor, a configuration error, a refused token refresh: `.failed` at once, with its hint.
public struct OutcomeClassifier: Sendable {
    /// The longest a platform's `Retry-After` may hold a job: 7 days. A platform that asks for longer has revoked
    /// access rather than throttled it, and the operator should hear about it.
    public static let defaultMaxDelayMs: Int64 = 7 * 86_400_000

    /// The platform's name, for hints that name a command.
    public var platformName: String
    public var maxDelayMs: Int64

    public init(platformName: String, maxDelayMs: Int64 = Self.defaultMaxDelayMs) {
        precondition(maxDelayMs >= 0)
        self.platformName = platformName
        self.maxDelayMs = maxDelayMs
    }

    /// The outcome of an attempt that stopped with `error` at `nowMs`.
    public func outcome(for error: SyncError, nowMs: Int64) -> JobOutcome {
        switch error {
        case .transport(let httpError, _):
            return httpError.isTransient
                ? .retry(afterMs: nil, error: error.description) : .failed(error: error.description)
        case .httpStatus(_, _, let status, _, _):
            guard let hint = hint(forStatus: status) else { return .retry(afterMs: nil, error: error.description) }
            return .failed(error: "\(error.description); \(hint)")
        case .rateLimited(_, _, _, _, let untilMs):
            let waitMs = max(0, untilMs - nowMs)
            guard waitMs <= maxDelayMs else {
                return .failed(
                    error: "\(error.description): a wait of \(Timestamp.duration(waitMs)), more than the "
                        + "\(Timestamp.duration(maxDelayMs)) a job is held for; ask the platform about its limit, "
                        + "then run 'credsync sync \(platformName)'")
            }
            return .delayed(
                untilMs: nowMs + waitMs,
                reason: "waiting for \(platformName)'s Retry-After, \(Timestamp.duration(waitMs)): \(error.description)"
            )
        case .malformedBody:
            let hint =
                error.isHTMLPage
                ? "the platform answered a web page, not its API: check api_base_url and api_version "
                    + "('credsync platforms show \(platformName)')"
                : "the platform sent a broken page; the next scheduled sync tries again, and if this persists, report "
                    + "it to the platform"
            return .failed(error: "\(error.description); \(hint)")
        case .unexpectedShape:
            return .failed(
                error: "\(error.description); check api_version and that the platform's adapter matches its API "
                    + "('credsync platforms show \(platformName)')")
        case .invalidCursor:
            return .failed(error: "\(error.description); run 'credsync sync \(platformName) --full' to start over")
        case .unreadableFile:
            return .failed(error: "\(error.description); check the file's location and permissions")
        case .unauthorized, .paginationLoop, .configuration:
            return .failed(error: error.description)
        case .unexpected:
            return .retry(afterMs: nil, error: error.description)
        }
    }

    /// The outcome of an attempt that stopped with any error: see `SyncError.init(_:)`.
    public func outcome(forThrown error: any Error, nowMs: Int64) -> JobOutcome {
        outcome(for: SyncError(error), nowMs: nowMs)
    }

    /// What to do about a status the session handed back: nil when a later attempt may succeed (408, 429, 5xx).
    func hint(forStatus status: Int) -> String? {
        switch status {
        case 408, 429, 500...599:
            nil
        case 300...399:
            "the platform redirected where credsync does not follow: set its API URL to the new address "
                + "('credsync platforms edit \(platformName) --url URL')"
        case 400, 422:
            "the platform refused the request as invalid: check the platform's config (pageSize, filters, "
                + "api_version) against its API documentation"
        case 401:
            "the platform refused the credentials, after a token refresh where its auth type has one: re-enter them "
                + "with 'credsync platforms edit \(platformName) --secret-stdin'"
        case 403:
            "the credentials lack permission for this data: ask the platform to grant the account access (or a "
                + "wider token scope), then run 'credsync sync \(platformName)'"
        case 404:
            "check api_base_url and api_version ('credsync platforms show \(platformName)')"
        case 410:
            "the platform has retired this API: check api_version against its documentation"
        default:
            "the platform refused the request: check its settings ('credsync platforms show \(platformName)')"
        }
    }
}
