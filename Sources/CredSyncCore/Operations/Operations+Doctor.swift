import Foundation

extension Operations {
    // MARK: - Doctor

    /// The WAL size above which `doctor` fails: the engine checkpoints it, so a WAL this large means something holds
    /// a read transaction open for ever.
    public static let doctorMaximumWALBytes: Int64 = 1 << 30
    /// The free space below which `doctor` fails.
    public static let doctorMinimumFreeBytes: Int64 = 100 << 20

    /// Checks what a service needs, one line each (`credsync doctor`): the key (file, mode, and that it opens every
    /// sealed secret), the database (access, schema, `quick_check`, WAL, free space), the engine lease, the
    /// scheduler, every active platform (authenticated, one page of one item through `previewPlatform`) and the
    /// tokens expiring within `TOKEN_REFRESH_WINDOW_DAYS`. Never throws: a check that cannot run fails with why.
    /// Blocks on the network for the platform checks.
    public func doctor(environment: [String: String]) -> DoctorReport {
        var checks = keyChecks(environment: environment)
        checks += databaseChecks()
        checks.append(check("engine") { try engineCheck() })
        checks.append(check("scheduler") { try schedulerCheck() })
        checks += platformChecks()
        checks += tokenChecks()
        return DoctorReport(checks: checks)
    }

    private typealias Check = DoctorReport.Check

    /// Runs `body`; an error it throws becomes a failed check of `area`.
    private func check(_ area: String, _ body: () throws -> Check) -> Check {
        do {
            return try body()
        } catch {
            return Check(area, passed: false, OperatorMessage.of(error))
        }
    }

    // MARK: Key

    private func keyChecks(environment: [String: String]) -> [Check] {
        var checks: [Check] = []
        let path = context.settings.keyFilePath
        if environment[KeyStore.environmentVariable] == nil {
            guard FileManager.default.fileExists(atPath: path) else {
                let platforms = (try? SecretReencryption(db: db).platformsWithSecrets()) ?? []
                guard !platforms.isEmpty else {
                    return [
                        Check("key", passed: true, "no key file yet (\(path)); one is created with the first secret")
                    ]
                }
                return [
                    Check(
                        "key", passed: false,
                        "key file \(path) is missing but the secrets of \(platforms.joined(separator: ", ")) are "
                            + "stored "
                            + "encrypted; restore it from a backup or set \(KeyStore.environmentVariable)")
                ]
            }
            checks.append(Check("key", passed: true, "key file \(path) found"))
            let mode =
                ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?
                .uint32Value ?? 0
            let shown = String(mode & 0o777, radix: 8)
            guard mode & 0o077 == 0 else {
                checks.append(
                    Check(
                        "key", passed: false,
                        "key file mode is 0\(shown): other users may read the key; run 'chmod 600 \(path)'"))
                return checks
            }
            checks.append(Check("key", passed: true, "key file mode 0\(shown)"))
        }
        checks.append(
            check("key") {
                let ring = try KeyRing.load(environment: environment, keyFilePath: path, createIfMissing: false)
                let (sealed, problems) = try SecretReencryption(db: db).check(box: ring.box)
                guard let first = problems.first else {
                    return Check("key", passed: true, "the key (\(ring.source)) opens all \(sealed) stored secrets")
                }
                return Check(
                    "key", passed: false,
                    "the key (\(ring.source)) cannot open \(problems.count) of \(sealed) stored secrets: \(first)")
            })
        return checks
    }

    // MARK: Database

    private func databaseChecks() -> [Check] {
        let health = DatabaseHealth(db: db)
        var checks = [
            check("database") {
                try health.probeWrite()
                return Check("database", passed: true, "database \(db.path) is readable and writable")
            },
            check("database") {
                let (current, latest) = try health.schemaVersion()
                return current == latest
                    ? Check("database", passed: true, "schema version \(current), this binary's")
                    : Check(
                        "database", passed: false,
                        "schema version \(current), this binary knows \(latest); run the credsync that wrote it")
            },
            check("database") {
                let findings = try health.quickCheck()
                return findings == ["ok"]
                    ? Check("database", passed: true, "quick_check: ok")
                    : Check(
                        "database", passed: false,
                        "quick_check found damage (\(findings.prefix(3).joined(separator: "; "))); stop credsync and "
                            + "restore the database from a backup")
            },
        ]
        let wal = health.walBytes
        checks.append(
            wal <= Self.doctorMaximumWALBytes
                ? Check("database", passed: true, "WAL \(Self.bytes(wal))")
                : Check(
                    "database", passed: false,
                    "WAL is \(Self.bytes(wal)): a reader keeps it from being checkpointed; close long-running "
                        + "readers (a stuck dashboard or sqlite3 shell) and it shrinks at the engine's next checkpoint")
        )
        if let free = health.freeBytes {
            checks.append(
                free >= Self.doctorMinimumFreeBytes
                    ? Check("database", passed: true, "\(Self.bytes(free)) free on the database's file system")
                    : Check(
                        "database", passed: false,
                        "only \(Self.bytes(free)) free on the database's file system; free space before syncs fail"))
        }
        return checks
    }

    static func bytes(_ count: Int64) -> String {
        switch count {
        case ..<1024: "\(count) B"
        case ..<(1 << 20): "\(count >> 10) KiB"
        case ..<(1 << 30): "\(count >> 20) MiB"
        default: String(format: "%.1f GiB", Double(count) / Double(1 << 30))
        }
    }

    // MARK: Engine and scheduler

    private func engineCheck() throws -> Check {
        let now = clock.nowMs
        guard let lease = try EngineLeaseStore(db: db, clock: clock).current() else {
            return Check("engine", passed: true, "no engine holds the lease; start one with 'credsync daemon'")
        }
        let holder = "pid \(lease.pid) on \(lease.host)"
        if lease.expiresAtMs <= now {
            return Check(
                "engine", passed: false,
                "stale lease: \(holder) stopped renewing it \(Timestamp.relative(lease.heartbeatAtMs, nowMs: now)); "
                    + "that engine died — start 'credsync daemon' (it takes over) and check the old one's logs")
        }
        if lease.host == ProcessInfo.processInfo.hostName, kill(lease.pid, 0) != 0, errno == ESRCH {
            return Check(
                "engine", passed: false,
                "stale lease: \(holder) is not running; the lease expires "
                    + "\(Timestamp.relative(lease.expiresAtMs, nowMs: now)) "
                    + "and the next 'credsync daemon' takes over")
        }
        return Check(
            "engine", passed: true,
            "engine \(holder), heartbeat \(Timestamp.relative(lease.heartbeatAtMs, nowMs: now))")
    }

    private func schedulerCheck() throws -> Check {
        let scheduler = try schedulerStatus().scheduler
        if let problem = scheduler.cronProblem {
            return Check("scheduler", passed: false, "cron '\(scheduler.cron)' is invalid: \(problem)")
        }
        guard scheduler.enabled else {
            return Check(
                "scheduler", passed: true,
                "scheduler stopped: nothing syncs on a schedule; start it with 'credsync scheduler start'")
        }
        let next = scheduler.nextRunMs.map { "next run \(Timestamp.iso8601($0))" } ?? "no next run"
        return Check(
            "scheduler", passed: true, "scheduler running, cron '\(scheduler.cron)' (\(scheduler.timeZone)), \(next)")
    }

    // MARK: Platforms and tokens

    private func platformChecks() -> [Check] {
        let platforms: [Platform]
        do {
            platforms = try context.platforms.all()
        } catch {
            return [Check("platform", passed: false, "cannot read the platforms: \(error)")]
        }
        guard !platforms.isEmpty else {
            return [Check("platform", passed: true, "no platforms yet; add one with 'credsync platforms add'")]
        }
        return platforms.map { platform in
            guard platform.isActive else {
                return Check(
                    "platform", passed: true,
                    "\(platform.name): disabled\(platform.statusReason.map { " (\($0))" } ?? ""), not checked")
            }
            do {
                let preview = try previewPlatform(.platform(.id(platform.id)), pageSize: 1)
                return Check(
                    "platform", passed: true,
                    "\(platform.name): reachable and authenticated (\(preview.requestsSent) "
                        + "request\(preview.requestsSent == 1 ? "" : "s"))")
            } catch {
                return Check(
                    "platform", passed: false,
                    "\(platform.name): \(OperatorMessage.of(error))")
            }
        }
    }

    private func tokenChecks() -> [Check] {
        let statuses: [TokenStatus]
        do {
            statuses = try TokenStatus.all(db: db).filter(\.isActive)
        } catch {
            return [Check("tokens", passed: false, "cannot read the tokens: \(error)")]
        }
        let now = clock.nowMs
        let days = context.settings.tokenRefreshWindowDays
        let windowMs = Int64(days) * 86_400_000
        var checks: [Check] = []
        for status in statuses {
            let name = status.platformName
            let expiry = status.expiresAtMs.map { Timestamp.relative($0, nowMs: now) } ?? ""
            switch status.state(nowMs: now, windowMs: windowMs) {
            case .failed:
                checks.append(
                    Check(
                        "tokens", passed: false,
                        "\(name): the last token refresh failed (\(status.lastError ?? "")); re-enter its secrets "
                            + "with 'credsync platforms edit \(name) --secret-stdin', then "
                            + "'credsync tokens refresh \(name)'"
                    ))
            case .expired:
                checks.append(
                    Check(
                        "tokens", passed: false,
                        "\(name): token expired \(expiry); run 'credsync tokens refresh \(name)'"))
            case .expiring where status.authType.canRefresh:
                checks.append(
                    Check(
                        "tokens", passed: false,
                        "\(name): token expires \(expiry) and is not renewed while the platform is disabled; "
                            + "run 'credsync platforms enable \(name)'")
                )
            case .expiring:
                checks.append(
                    Check(
                        "tokens", passed: false,
                        "\(name): token expires \(expiry) and cannot be refreshed; set a new one with "
                            + "'credsync platforms edit \(name) --secret-stdin'"))
            case .missing, .ok:
                break
            }
        }
        if checks.isEmpty {
            checks.append(
                Check(
                    "tokens", passed: true,
                    statuses.isEmpty
                        ? "no active platform uses expiring tokens"
                        : "no token expires within \(days) days (\(statuses.count) checked)"))
        }
        return checks
    }
}
