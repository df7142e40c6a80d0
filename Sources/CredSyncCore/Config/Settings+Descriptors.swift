import Foundation

extension Settings {
    /// Every setting in the order help and docs list them: name, default, what it accepts, help.
    public static let descriptors: [SettingDescriptor] = [
        // MARK: Files and look
        .path(
            "CREDSYNC_DB", \.databasePath, defaultText: "$XDG_DATA_HOME/credsync/credsync.db",
            default: { $0.dataHome.map { "\($0)/credsync/credsync.db" } },
            help: "The SQLite database file."),
        .path(
            "CREDSYNC_LOG", \.logPath, defaultText: "$XDG_STATE_HOME/credsync/credsync.log",
            default: { $0.stateHome.map { "\($0)/credsync/credsync.log" } },
            help: "The log file, rotated by size."),
        .path(
            "CREDSYNC_KEY_FILE", \.keyFilePath, defaultText: "$XDG_CONFIG_HOME/credsync/key",
            default: { $0.configHome.map { "\($0)/credsync/key" } },
            help: "The file holding the key that encrypts platform secrets; created with mode 0600 on first use."),
        .text(
            "CREDSYNC_THEME", \.theme, default: "default", accepted: "a theme name",
            help: "The dashboard theme: a file in themes/ or $XDG_CONFIG_HOME/credsync/themes."),
        .integer(
            "DASHBOARD_FINISHED_JOBS_MINUTES", \.dashboardFinishedJobsMinutes, default: 1_440, in: 0...10_080, unit: "minutes",
            help: "How long failed and cancelled jobs stay in the dashboard's Queue pane, where R retries them."),

        // MARK: Scheduler and queue
        .boolean("SYNC_AUTO_START", \.syncAutoStart, default: true, help: "Start the scheduler with the engine."),
        .cron(
            "SYNC_CRON_EXPRESSION", \.syncCronExpression, default: "0 2 * * *",
            help: "When the scheduler enqueues a sync of every due platform."),
        .integer(
            "SYNC_CONCURRENCY", \.syncConcurrency, default: 5, in: 1...64,
            help: "Worker slots: syncs that run at the same time."),
        .integer(
            "SYNC_RETRY_BASE_SECONDS", \.syncRetryBaseSeconds, default: 30, in: 1...86_400, unit: "seconds",
            help: "Retry backoff base: attempt n waits base × 2^(n−1), with jitter."),
        .integer(
            "SYNC_PAGE_TIMEOUT_SECONDS", \.syncPageTimeoutSeconds, default: 90, in: 5...3_600, unit: "seconds",
            help: "The longest one page may take, its retries included: a silent server holds a job at most this "
                + "long per attempt."),
        .integer(
            "SYNC_MAX_ATTEMPTS", \.syncMaxAttempts, default: 3, in: 1...20,
            help: "Attempts per job before it fails."),
        .integer(
            "SYNC_JOBS_PER_MINUTE", \.syncJobsPerMinute, default: 10, in: 1...10_000,
            help: "At most this many jobs start per minute; the rest wait."),
        .integer(
            "SYNC_BATCH_SIZE", \.syncBatchSize, default: defaultBatchSize, in: 1...100_000,
            help: "Credentials written per transaction."),
        .typed(
            "SYNC_TIMEZONE", \.syncTimeZone, defaultText: "the system's time zone",
            default: { _ in
                let identifier = TimeZone.current.identifier
                return TimeZone(identifier: identifier) == nil ? "UTC" : identifier
            },
            accepted: "an IANA time zone such as Europe/Berlin, Asia/Kolkata or UTC",
            help: "The time zone cron expressions are evaluated in.",
            render: { $0.identifier }, parse: { text, _ in TimeZone(identifier: text) }),
        .cron(
            "TOKEN_REFRESH_CRON", \.tokenRefreshCron, default: "0 1 * * *",
            help: "When expiring platform tokens are refreshed."),
        .integer(
            "TOKEN_REFRESH_WINDOW_DAYS", \.tokenRefreshWindowDays, default: 7, in: 1...3_650, unit: "days",
            help: "The token refresh renews tokens that expire within this many days."),

        // MARK: Alerts and matching
        .integer(
            "ALERT_SYNC_DURATION_MINUTES", \.alertSyncDurationMinutes, default: 10, in: 1...10_080,
            unit: "minutes", help: "Raise an alert when a sync runs longer than this."),
        .decimal(
            "ALERT_UNMATCHED_RATIO", \.alertUnmatchedRatio, default: 0.20, in: 0...1,
            help: "Raise an alert when more than this share of a run's credentials stays unmatched."),
        .typed(
            "ALERT_WEBHOOK_URL", \.alertWebhookURL, defaultText: "", default: { _ in "" },
            accepted: "an http:// or https:// URL, or nothing", help: "Post alerts as JSON to this URL.",
            sensitive: true, render: { $0?.absoluteString ?? "" },
            parse: { text, _ in
                if text.isEmpty { return .some(nil) }
                guard let components = URLComponents(string: text),
                    let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                    let host = components.host, !host.isEmpty, let url = components.url
                else { return nil }
                return .some(url)
            }),
        .typed(
            "ALERT_WEBHOOK_FORMAT", \.alertWebhookFormat, defaultText: "json", default: { _ in "json" },
            accepted: "one of json, slack, teams",
            help: "The webhook body: credsync's JSON, Slack/Mattermost {\"text\"}, or a Teams Adaptive Card message.",
            render: { $0.rawValue }, parse: { text, _ in AlertWebhookFormat(rawValue: text.lowercased()) }),
        .typed(
            "DEFAULT_COUNTRY_CODE", \.defaultCountryCode, defaultText: "91", default: { _ in "91" },
            accepted: "a country calling code of 1 to 3 digits, such as 91",
            help: "The calling code given to national phone numbers when they are turned into E.164.",
            render: { $0 },
            parse: { text, _ in
                let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
                guard (1...3).contains(digits.count), digits.first != "0",
                    digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
                else { return nil }
                return String(digits)
            }),

        // MARK: Retention, leases and limits
        .integer(
            "JOB_RETENTION_DAYS", \.jobRetentionDays, default: 7, in: 1...36_500, unit: "days",
            help: "Finished jobs older than this are pruned."),
        .integer(
            "RUN_RETENTION_DAYS", \.runRetentionDays, default: 90, in: 1...36_500, unit: "days",
            help: "Sync runs older than this are pruned."),
        .integer(
            "ENGINE_LEASE_SECONDS", \.engineLeaseSeconds, default: 15, in: 2...3600, unit: "seconds",
            help: "A dead engine's lease expires after this long, and another process takes over."),
        .integer(
            "JOB_LEASE_SECONDS", \.jobLeaseSeconds, default: 30, in: 2...3600, unit: "seconds",
            help: "An active job whose lease is not renewed for this long is stalled and returns to waiting."),
        .integer(
            "MANUAL_SYNC_LIMIT", \.manualSyncLimit, default: 10, in: 1...1_000_000,
            help: "Manual sync requests allowed per platform per window."),
        .integer(
            "MANUAL_SYNC_WINDOW_MINUTES", \.manualSyncWindowMinutes, default: 15, in: 1...10_080, unit: "minutes",
            help: "The window of the manual sync limit."),

        // MARK: Log
        .integer(
            "LOG_MAX_BYTES", \.logMaxBytes, default: defaultLogMaxBytes, in: 4096...Int.max, unit: "bytes",
            help: "The log file rotates before it grows past this size."),
        .integer(
            "LOG_KEEP_FILES", \.logKeepFiles, default: 5, in: 0...100,
            help: "Rotated log files kept (credsync.log.1 is the newest)."),
        .typed(
            "LOG_LEVEL", \.logLevel, defaultText: "info", default: { _ in "info" },
            accepted: "one of debug, info, warn, error", help: "The lowest level written to the log.",
            render: { $0.name }, parse: { text, _ in LogLevel(name: text) }),
        .typed(
            "CREDSYNC_LOG_FORMAT", \.logFormat, defaultText: "text", default: { _ in "text" },
            accepted: "text or json", help: "How log lines are written: text, or one JSON object per line.",
            render: { $0.rawValue }, parse: { text, _ in LogFormat(rawValue: text.lowercased()) }),

        // MARK: Monitoring
        .typed(
            "METRICS_TEXTFILE", \.metricsTextfile, defaultText: "", default: { _ in "" },
            accepted: "a file path ending in .prom, or nothing",
            help: "The daemon writes `credsync metrics` here atomically, for node_exporter's textfile collector.",
            render: { $0 ?? "" },
            parse: { text, _ in
                if text.isEmpty { return .some(nil) }
                guard text.hasSuffix(".prom"), !text.contains("\0") else { return nil }
                return .some(text)
            }),
        .integer(
            "METRICS_INTERVAL_SECONDS", \.metricsIntervalSeconds, default: 60, in: 1...86_400, unit: "seconds",
            help: "How often the daemon rewrites METRICS_TEXTFILE."),
    ]
}
