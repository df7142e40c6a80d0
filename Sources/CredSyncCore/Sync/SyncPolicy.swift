/// The sync pipeline's tunables, from the settings.
public struct SyncPolicy: Sendable {
    public var batchSize: Int
    public var defaultCountryCode: String
    public var alertAfterConsecutiveFailures: Int
    public var alertSyncDurationMs: Int64
    public var alertUnmatchedRatio: Double
    public var httpRetry: HTTPRetryPolicy
    public var httpOptions: HTTPClient.Options

    public init(
        batchSize: Int = Settings.defaultBatchSize, defaultCountryCode: String = "91", alertAfterConsecutiveFailures: Int = 3,
        alertSyncDurationMs: Int64 = 10 * 60_000, alertUnmatchedRatio: Double = 0.2,
        httpRetry: HTTPRetryPolicy = HTTPRetryPolicy(), httpOptions: HTTPClient.Options = HTTPClient.Options()
    ) {
        self.batchSize = batchSize
        self.defaultCountryCode = defaultCountryCode
        self.alertAfterConsecutiveFailures = alertAfterConsecutiveFailures
        self.alertSyncDurationMs = alertSyncDurationMs
        self.alertUnmatchedRatio = alertUnmatchedRatio
        self.httpRetry = httpRetry
        self.httpOptions = httpOptions
    }

    public init(settings: Settings) {
        self.init(
            batchSize: settings.syncBatchSize, defaultCountryCode: settings.defaultCountryCode,
            alertSyncDurationMs: Int64(settings.alertSyncDurationMinutes) * 60_000,
            alertUnmatchedRatio: settings.alertUnmatchedRatio)
    }
}
