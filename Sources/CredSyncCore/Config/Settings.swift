import Foundation

/// Every credsync setting with its validated, typed value, and where each value came from.
///
/// Each setting is resolved on its own: a flag beats the environment, which beats the config file, which beats the
/// default. `Settings.descriptors` lists them all with their defaults. The fields are `var` so tests and the
/// command line can adjust a loaded value; `source(of:)` keeps reporting where `load` found it.
public struct Settings: Sendable, Equatable {
    /// The default of `SYNC_BATCH_SIZE`: credentials written per transaction (see docs/performance.md).
    public static let defaultBatchSize = 1_000
    /// The default of `LOG_MAX_BYTES`: 10 MiB.
    public static let defaultLogMaxBytes = 10 * 1024 * 1024

    // MARK: - Files and look
    /// `CREDSYNC_DB`: the SQLite database.
    public var databasePath: String
    /// `CREDSYNC_LOG`: the log file, rotated by size.
    public var logPath: String
    /// `CREDSYNC_KEY_FILE`: the encryption key file.
    public var keyFilePath: String
    /// `CREDSYNC_THEME`: the dashboard theme's name.
    public var theme: String
    /// `DASHBOARD_FINISHED_JOBS_MINUTES`: how long failed and cancelled jobs stay in the Queue pane.
    public var dashboardFinishedJobsMinutes: Int

    // MARK: - Scheduler and queue
    /// `SYNC_AUTO_START`: start the scheduler with the engine.
    public var syncAutoStart: Bool
    /// `SYNC_CRON_EXPRESSION`: when scheduled syncs are enqueued.
    public var syncCronExpression: String
    /// `SYNC_CONCURRENCY`: worker slots.
    public var syncConcurrency: Int
    /// `SYNC_RETRY_BASE_SECONDS`: the base of the exponential retry backoff.
    public var syncRetryBaseSeconds: Int
    public var syncPageTimeoutSeconds: Int
    /// `SYNC_MAX_ATTEMPTS`: attempts per job before it fails.
    public var syncMaxAttempts: Int
    /// `SYNC_JOBS_PER_MINUTE`: the global start rate limit.
    public var syncJobsPerMinute: Int
    /// `SYNC_BATCH_SIZE`: credentials written per transaction.
    public var syncBatchSize: Int
    /// `SYNC_TIMEZONE`: the zone cron expressions are evaluated in.
    public var syncTimeZone: TimeZone
    /// `TOKEN_REFRESH_CRON`: when the token refresh job runs.
    public var tokenRefreshCron: String
    /// `TOKEN_REFRESH_WINDOW_DAYS`: refresh tokens that expire within this many days.
    public var tokenRefreshWindowDays: Int

    // MARK: - Alerts and matching
    /// `ALERT_SYNC_DURATION_MINUTES`: a run longer than this raises an alert.
    public var alertSyncDurationMinutes: Int
    /// `ALERT_UNMATCHED_RATIO`: a run with a larger share of unmatched credentials raises an alert.
    public var alertUnmatchedRatio: Double
    /// `ALERT_WEBHOOK_URL`: where alerts are posted as JSON; nil posts nothing.
    public var alertWebhookURL: URL?
    /// `ALERT_WEBHOOK_FORMAT`: the body posted to the webhook: credsync's JSON, Slack's or Teams'.
    public var alertWebhookFormat: AlertWebhookFormat
    /// `DEFAULT_COUNTRY_CODE`: the calling code (digits only) given to national phone numbers.
    public var defaultCountryCode: String

    // MARK: - Retention, leases and limits
    /// `JOB_RETENTION_DAYS`: finished jobs older than this are pruned.
    public var jobRetentionDays: Int
    /// `RUN_RETENTION_DAYS`: sync runs older than this are pruned.
    public var runRetentionDays: Int
    /// `ENGINE_LEASE_SECONDS`: how long the engine lease lasts without a heartbeat.
    public var engineLeaseSeconds: Int
    /// `JOB_LEASE_SECONDS`: how long a job lease lasts without progress.
    public var jobLeaseSeconds: Int
    /// `MANUAL_SYNC_LIMIT`: manual sync requests allowed per platform per window.
    public var manualSyncLimit: Int
    /// `MANUAL_SYNC_WINDOW_MINUTES`: the manual-sync limiter's window.
    public var manualSyncWindowMinutes: Int

    // MARK: - Log
    /// `LOG_MAX_BYTES`: the log file's size before it rotates.
    public var logMaxBytes: Int
    /// `LOG_KEEP_FILES`: rotated log files kept.
    public var logKeepFiles: Int
    /// `LOG_LEVEL`: the lowest level written.
    public var logLevel: LogLevel
    /// `CREDSYNC_LOG_FORMAT`: text lines or JSON lines.
    public var logFormat: LogFormat

    // MARK: - Monitoring
    /// `METRICS_TEXTFILE`: where the daemon writes the metrics for node_exporter; nil writes none.
    public var metricsTextfile: String?
    /// `METRICS_INTERVAL_SECONDS`: how often it rewrites them.
    public var metricsIntervalSeconds: Int

    /// Where `load` found each setting's value, by name.
    private var sources: [String: SettingSource] = [:]

    // MARK: - Loading

    /// Resolves every setting from flags, the environment, the config file and the defaults, and validates it.
    ///
    /// - Parameters:
    ///   - flags: values given on the command line, keyed by setting name (`--db` arrives as `CREDSYNC_DB`).
    ///   - environment: the process environment. Names that are not settings are ignored. `HOME` and the
    ///     `XDG_*_HOME` variables are read from here, never from the process.
    ///   - configFile: a config file given explicitly, which must exist. When nil,
    ///     `defaultConfigFilePath(environment:)` is read if it exists.
    ///   - validateCron: checks a cron expression and returns why it is invalid, or nil; without it cron settings
    ///     are only checked to be non-empty.
    /// - Throws: `ConfigError`, for the first problem found, as one line naming the setting or the file line.
    public static func load(
        flags: [String: String], environment: [String: String], configFile: String?,
        validateCron: ((String) -> String?)? = nil
    ) throws -> Settings {
        for name in flags.keys.sorted() where descriptorsByName[name] == nil {
            throw ConfigError.unknownSetting(name: name, source: .flag, suggestion: closestName(to: name))
        }
        let directories = XDGDirectories(environment: environment)
        var fileEntries: [String: ConfigFile.Entry] = [:]
        var filePath = ""
        let path = configFile ?? defaultConfigFilePath(environment: environment)
        if let path, let file = try ConfigFile.read(path: path, required: configFile != nil) {
            filePath = file.path
            for entry in file.entries {
                guard descriptorsByName[entry.key] != nil else {
                    throw ConfigError.unknownSetting(
                        name: entry.key, source: .file(path: file.path, line: entry.line),
                        suggestion: closestName(to: entry.key))
                }
                fileEntries[entry.key] = entry
            }
        }

        let context = SettingContext(directories: directories, validateCron: validateCron)
        var settings = Settings()
        for descriptor in descriptors {
            let name = descriptor.name
            let text: String
            let source: SettingSource
            if let value = flags[name] {
                (text, source) = (value, .flag)
            } else if let value = environment[name] {
                (text, source) = (value, .environment)
            } else if let entry = fileEntries[name] {
                (text, source) = (entry.value, .file(path: filePath, line: entry.line))
            } else if let value = descriptor.defaultValue(directories) {
                (text, source) = (value, .default)
            } else {
                throw ConfigError.noDefault(name: name, defaultText: descriptor.defaultText)
            }
            if let reason = descriptor.assign(text, &settings, context) {
                throw ConfigError.invalidValue(
                    name: name, value: descriptor.shown(text), source: source, reason: reason)
            }
            settings.sources[name] = source
        }
        return settings
    }

    /// `$XDG_CONFIG_HOME/credsync/credsync.env`, else `$HOME/.config/credsync/credsync.env`; nil when neither
    /// variable is set.
    public static func defaultConfigFilePath(environment: [String: String]) -> String? {
        XDGDirectories(environment: environment).configHome.map { "\($0)/credsync/credsync.env" }
    }

    // MARK: - Reporting

    /// Where `load` found the value of the setting `name` (a name from `descriptors`).
    public func source(of name: String) -> SettingSource {
        guard let source = sources[name] else { preconditionFailure("\(name) is not a credsync setting") }
        return source
    }

    /// The current value of the setting `name` as text, as a listing may show it: a sensitive setting shows
    /// only its scheme and host; an unset optional setting is empty.
    public func value(of name: String) -> String {
        guard let descriptor = Settings.descriptorsByName[name] else {
            preconditionFailure("\(name) is not a credsync setting")
        }
        return descriptor.shown(descriptor.render(self))
    }

    /// The descriptor of the setting `name`, or nil when there is no such setting.
    public static func descriptor(named name: String) -> SettingDescriptor? { descriptorsByName[name] }

    // MARK: - Private

    private static let descriptorsByName: [String: SettingDescriptor] = Dictionary(
        uniqueKeysWithValues: descriptors.map { ($0.name, $0) })

    /// Placeholders only: `load` assigns every field through its descriptor.
    private init() {
        databasePath = ""
        logPath = ""
        keyFilePath = ""
        theme = ""
        dashboardFinishedJobsMinutes = 0
        syncAutoStart = false
        syncCronExpression = ""
        syncConcurrency = 0
        syncRetryBaseSeconds = 0
        syncPageTimeoutSeconds = 0
        syncMaxAttempts = 0
        syncJobsPerMinute = 0
        syncBatchSize = 0
        syncTimeZone = TimeZone(secondsFromGMT: 0)!
        tokenRefreshCron = ""
        tokenRefreshWindowDays = 0
        alertSyncDurationMinutes = 0
        alertUnmatchedRatio = 0
        alertWebhookURL = nil
        alertWebhookFormat = .json
        defaultCountryCode = ""
        jobRetentionDays = 0
        runRetentionDays = 0
        engineLeaseSeconds = 0
        jobLeaseSeconds = 0
        manualSyncLimit = 0
        manualSyncWindowMinutes = 0
        logMaxBytes = 0
        logKeepFiles = 0
        logLevel = .info
        logFormat = .text
        metricsTextfile = nil
        metricsIntervalSeconds = 0
    }

    /// The setting whose name is closest to a mistyped one (ignoring case), when it is close enough to be a typo.
    static func closestName(to name: String) -> String? {
        let typed = Array(name.uppercased().utf8)
        let limit = max(2, typed.count / 4)
        var best: (name: String, distance: Int)?
        for descriptor in descriptors {
            let distance = editDistance(typed, Array(descriptor.name.utf8))
            if distance <= limit && distance < (best?.distance ?? Int.max) { best = (descriptor.name, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
