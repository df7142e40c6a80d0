import Foundation

/// Runs the global `token_refresh` job that `TOKEN_REFRESH_CRON` enqueues: refreshes every active platform's token
/// that expires within `TOKEN_REFRESH_WINDOW_DAYS` (see `TokenMaintenance.refreshExpiring`).
///
/// The job succeeds when every due token was refreshed; it is retried with the queue's backoff when a refresh
/// failed for a reason that may pass (network, 5xx); it fails, naming the platforms, when a platform refused —
/// those platforms are inactive with an open alert, and retrying cannot help until the operator acts.
public struct TokenRefreshJobHandler: JobHandler {
    public var kind: JobKind { .tokenRefresh }

    public let windowMs: Int64
    public let clock: any WallClock
    /// Opens platform secrets and seals tokens, read when a job needs them; none when no key exists.
    public let keys: SecretKeys
    public let pacers: PacerRegistry
    public let policy: SyncPolicy
    /// Who the refreshes are audited as: the OS user the engine runs as.
    public let actor: String
    public let log: EngineLog
    public let alertSink: @Sendable ([AlertEvent]) -> Void
    /// Blocks the worker thread; tests pass one that advances a manual clock.
    public let sleep: @Sendable (Int64) -> Void

    public init(
        windowMs: Int64, clock: any WallClock, secretBox: SecretBox? = nil, keys: SecretKeys? = nil,
        pacers: PacerRegistry = PacerRegistry(),
        policy: SyncPolicy = SyncPolicy(), actor: String, log: EngineLog = .silent,
        alertSink: @escaping @Sendable ([AlertEvent]) -> Void = { _ in },
        sleep: @escaping @Sendable (Int64) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1000) }
    ) {
        self.windowMs = windowMs
        self.clock = clock
        self.keys = keys ?? .fixed(secretBox)
        self.pacers = pacers
        self.policy = policy
        self.actor = actor
        self.log = log
        self.alertSink = alertSink
        self.sleep = sleep
    }

    public func perform(_ context: JobContext) throws -> JobOutcome {
        let options = policy.httpOptions
        let sleep = self.sleep
        let maintenance = TokenMaintenance(
            db: context.database, clock: clock, box: try keys.box(),
            client: context.slot.httpClient(options: options), pacers: pacers,
            retryPolicy: policy.httpRetry, sleep: { sleep($0) }, actor: actor, alertSink: alertSink)
        let results = try maintenance.refreshExpiring(windowMs: windowMs)
        for (platform, result) in results {
            switch result {
            case .refreshed, .skipped:
                log.info("token of \(platform): \(result.summary)", fields: ["platform": "\(platform)"])
            case .refused, .failed:
                log.warn("token of \(platform): \(result.summary)", fields: ["platform": "\(platform)"])
            }
        }
        let retryable = results.filter {
            if case .failed(_, retryable: true) = $0.result { return true }
            return false
        }
        let broken = results.filter {
            switch $0.result {
            case .refused, .failed(_, retryable: false): return true
            default: return false
            }
        }
        if !retryable.isEmpty {
            return .retry(afterMs: nil, error: Self.describe(retryable, verb: "could not be refreshed yet"))
        }
        if !broken.isEmpty { return .failed(error: Self.describe(broken, verb: "could not be refreshed")) }
        return .succeeded
    }

    private static func describe(_ results: [(platform: String, result: TokenRefreshResult)], verb: String) -> String {
        "tokens \(verb): " + results.map { "\($0.platform) (\($0.result.summary))" }.joined(separator: "; ")
    }
}
