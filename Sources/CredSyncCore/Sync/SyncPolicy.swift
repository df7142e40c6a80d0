/// The sync pipeline's tunables, from the settings.
public struct SyncPolicy: Sendable {
    public var batchSize: Int
    public var defaultCountryCode: String
    public var alertAfterConsecutiveFailures: Int
    public var alertSyncDurationMs: Int64
    public var alertUnmatchedRatio: Double
    public var httpRetry: HTTPRetryPolicy
    public var httpOptions: HTTPClient.Options
    /// SQLite's page cache on the worker's connection while a sync writes (`PRAGMA cache_size`), in KiB: the
    /// indexes' hot pages and a batch's dirty pages stay in memory instead of being re-read and spilled. 8 MiB holds
    /// a 1,000-credential batch's pages several times over; 16 MiB synced no faster at 1,000,000 credentials and
    /// held 4 – 8 MiB more at the peak (docs/performance.md).
    public var writeCacheKiB: Int
    /// WAL pages between automatic checkpoints while a sync writes (`PRAGMA wal_autocheckpoint`): pages that
    /// several batches change are copied into the database once per checkpoint instead of once per batch.
    public var writeAutocheckpointPages: Int
    /// The default of `writeAutocheckpointPages`.
    public static let defaultWriteAutocheckpointPages = 10_000
    /// `PRAGMA synchronous` on the worker's connection while a sync writes its batches; `FULL` as shipped. `NORMAL`
    /// would skip the fsync per commit (a power loss could lose the last batches with their resume cursor, which the
    /// next attempt fetches again — docs/architecture.md); `credsync-bench ingest --compare` measures it beside
    /// `FULL` and has not shown a gain that outweighs that. Other work keeps the connection's own setting.
    public var writeSynchronous: Connection.Synchronous
    /// Whether the prefetch thread reads each page's identities and candidate users ahead of the worker thread
    /// (`MatchReadAhead`); on as shipped, off only to measure it (`credsync-bench ingest --alt no-read-ahead`).
    public var readsAhead: Bool
    /// Whether a batch that follows one of mostly new credentials skips the read of its stored rows and lets the
    /// unique key find them (`CredentialWriter`, `BatchCounts.foundMostlyNew`); on as shipped, off only to measure
    /// it (`credsync-bench ingest --alt read-stored-rows`).
    public var readsNewBatchesAsNew: Bool

    public init(
        batchSize: Int = Settings.defaultBatchSize, defaultCountryCode: String = "91", alertAfterConsecutiveFailures: Int = 3,
        alertSyncDurationMs: Int64 = 10 * 60_000, alertUnmatchedRatio: Double = 0.2,
        httpRetry: HTTPRetryPolicy = HTTPRetryPolicy(), httpOptions: HTTPClient.Options = HTTPClient.Options(),
        writeCacheKiB: Int = 8_192, writeAutocheckpointPages: Int = defaultWriteAutocheckpointPages,
        writeSynchronous: Connection.Synchronous = .full, readsAhead: Bool = true, readsNewBatchesAsNew: Bool = true
    ) {
        self.batchSize = batchSize
        self.defaultCountryCode = defaultCountryCode
        self.alertAfterConsecutiveFailures = alertAfterConsecutiveFailures
        self.alertSyncDurationMs = alertSyncDurationMs
        self.alertUnmatchedRatio = alertUnmatchedRatio
        self.httpRetry = httpRetry
        self.httpOptions = httpOptions
        self.writeCacheKiB = writeCacheKiB
        self.writeAutocheckpointPages = writeAutocheckpointPages
        self.writeSynchronous = writeSynchronous
        self.readsAhead = readsAhead
        self.readsNewBatchesAsNew = readsNewBatchesAsNew
    }

    public init(settings: Settings) {
        self.init(
            batchSize: settings.syncBatchSize, defaultCountryCode: settings.defaultCountryCode,
            alertSyncDurationMs: Int64(settings.alertSyncDurationMinutes) * 60_000,
            alertUnmatchedRatio: settings.alertUnmatchedRatio,
            httpRetry: HTTPRetryPolicy(maxTotalMs: Int64(settings.syncPageTimeoutSeconds) * 1_000))
    }
}
