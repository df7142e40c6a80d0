/// The metrics credsync exposes, as a pure function of a `MetricsSnapshot`: what `credsync metrics` prints and the
/// daemon writes to `METRICS_TEXTFILE`. docs/operations.md lists them.
public enum CredSyncMetrics {
    /// The exposition text of the database as of `nowMs`, with what only this process knows (`process`).
    public static func text(db: Connection, nowMs: Int64, process: [MetricFamily] = []) throws -> String {
        MetricFamily.exposition(families(try MetricsSnapshot.read(db: db, nowMs: nowMs)) + process)
    }

    /// What this process's alert webhook did: posts delivered and given up, and retries. The daemon writes them to
    /// `METRICS_TEXTFILE`; a command's own process has nothing to add.
    public static func webhookFamilies(_ counts: AlertDeliveryCounter.Counts) -> [MetricFamily] {
        [
            MetricFamily(
                "credsync_alert_webhook_posts_total", .counter,
                help: "Alert posts to ALERT_WEBHOOK_URL by this daemon, by result (delivered, or given up after retries).",
                samples: [
                    .init([("result", "delivered")], Double(counts.delivered)),
                    .init([("result", "failed")], Double(counts.failed)),
                ]),
            MetricFamily(
                "credsync_alert_webhook_retries_total", .counter,
                help: "Alert posts this daemon tried again after a failure.", samples: [.init([], Double(counts.retries))]),
        ]
    }

    /// Every family, in a fixed order; platforms by name.
    public static func families(_ snapshot: MetricsSnapshot) -> [MetricFamily] {
        let platforms = snapshot.platforms
        func perPlatform(_ value: (MetricsSnapshot.PlatformNumbers) -> Double?) -> [MetricFamily.Sample] {
            platforms.compactMap { platform in value(platform).map { .init([("platform", platform.name)], $0) } }
        }
        func seconds(_ ms: Int64) -> Double { Double(ms) / 1000 }
        let credentials = platforms.reduce(into: [Credential.Status: Int]()) { totals, platform in
            totals.merge(platform.credentials, uniquingKeysWith: +)
        }
        let allCredentials = credentials.values.reduce(0, +)
        let runStatuses = SyncRun.Status.allCases.filter { $0 != .running }
        return [
            MetricFamily(
                "credsync_build_info", .gauge, help: "The credsync version; always 1.",
                samples: [.init([("version", CredSync.version)], 1)]),
            MetricFamily(
                "credsync_engine_up", .gauge,
                help: "1 when an engine holds a live lease on this database, else 0.",
                samples: [.init([], snapshot.lease == nil ? 0 : 1)]),
            MetricFamily(
                "credsync_engine_lease_holder_info", .gauge,
                help: "The process holding the engine lease (host and pid); absent when none does.",
                samples: snapshot.lease.map { [.init([("host", $0.host), ("pid", String($0.pid))], 1)] } ?? []),
            MetricFamily(
                "credsync_platform_active", .gauge, help: "1 when the platform is enabled, 0 when disabled.",
                samples: perPlatform { $0.isActive ? 1 : 0 }),
            MetricFamily(
                "credsync_platform_consecutive_failures", .gauge,
                help: "Failed sync runs in a row since the platform's last success.",
                samples: perPlatform { Double($0.consecutiveFailures) }),
            MetricFamily(
                "credsync_sync_runs_total", .counter,
                help: "Finished sync runs by platform and status (runs pruned after RUN_RETENTION_DAYS drop out).",
                samples: platforms.flatMap { platform in
                    runStatuses.map {
                        .init([("platform", platform.name), ("status", $0.rawValue)], Double(platform.runs[$0] ?? 0))
                    }
                }),
            MetricFamily(
                "credsync_sync_retries_total", .counter, help: "Sync runs that were a retry of a failed attempt.",
                samples: perPlatform { Double($0.retries) }),
            MetricFamily(
                "credsync_platform_last_success_timestamp_seconds", .gauge,
                help: "When the platform's last successful sync finished (Unix time); absent before the first.",
                samples: perPlatform { $0.lastSuccessAtMs.map(seconds) }),
            MetricFamily(
                "credsync_platform_last_run_duration_seconds", .gauge,
                help: "How long the platform's latest finished sync run took.",
                samples: perPlatform { $0.lastRunDurationMs.map(seconds) }),
            MetricFamily(
                "credsync_credentials", .gauge, help: "Stored credentials by platform and status.",
                samples: platforms.flatMap { platform in
                    Credential.Status.allCases.map {
                        .init(
                            [("platform", platform.name), ("status", $0.rawValue)],
                            Double(platform.credentials[$0] ?? 0))
                    }
                }),
            MetricFamily(
                "credsync_credentials_pending_ratio", .gauge,
                help: "The share of stored credentials waiting for a match (0 when there are none).",
                samples: [
                    .init([], allCredentials == 0 ? 0 : Double(credentials[.pending] ?? 0) / Double(allCredentials))
                ]),
            MetricFamily(
                "credsync_queue_jobs", .gauge, help: "Jobs in the queue by state (finished ones until pruned).",
                samples: JobState.allCases.map { .init([("state", $0.rawValue)], Double(snapshot.jobs[$0] ?? 0)) }),
            MetricFamily(
                "credsync_token_expiry_seconds", .gauge,
                help: "Seconds until the platform's token expires (negative once expired); absent when unknown.",
                samples: perPlatform { $0.tokenExpiresAtMs.map { seconds($0 - snapshot.nowMs) } }),
            MetricFamily(
                "credsync_alerts_open", .gauge, help: "Open alerts by kind.",
                samples: AlertKind.allCases.map {
                    .init([("kind", $0.rawValue)], Double(snapshot.openAlerts[$0] ?? 0))
                }),
        ]
    }
}
