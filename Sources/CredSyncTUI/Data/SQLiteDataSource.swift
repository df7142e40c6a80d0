import CredSyncCore
import Foundation

/// The dashboard's data source over the database: snapshots through its own read connection (plus the live
/// progress of jobs this process runs), commands through a second connection. Each connection is opened on, and
/// only used from, the one dashboard thread that calls it.
public final class SQLiteDataSource: DashboardDataSource, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var settings: Settings
        public var actor: String
        public var secretBox: SecretBox?

        public init(settings: Settings, actor: String, secretBox: SecretBox?) {
            self.settings = settings
            self.actor = actor
            self.secretBox = secretBox
        }
    }

    private let configuration: Configuration
    private let engine: Engine?
    private let clock: any WallClock
    private let readLock = NSLock()
    private let commandLock = NSLock()
    private var readConnection: Connection?
    private var commandConnection: Connection?
    private var lastDataVersion: Int64?
    private var cached: DashboardSnapshot?
    /// The costly parts (counts over all credentials, the pending list, the sync log), reloaded only when their
    /// fingerprint changes: the engine's heartbeat alone changes `data_version` every second.
    private var slowParts: SlowParts?

    private struct SlowParts {
        var fingerprint: [Int64]
        var loadedAtMs: Int64
        var platforms: [PlatformSummary]
        var runs: [SyncRun]
        var pending: [Credential]
        var pendingTotal: Int
        var definitions: [Int64: PlatformDefinition]
    }

    /// `engine`: the engine this process runs, if any, for its role and live progress.
    public init(configuration: Configuration, engine: Engine?, clock: any WallClock = SystemClock()) {
        self.configuration = configuration
        self.engine = engine
        self.clock = clock
    }

    private var settings: Settings { configuration.settings }

    private func open() throws -> Connection {
        try Database.open(path: settings.databasePath, clock: clock)
    }

    // MARK: - Snapshots

    public func snapshot() throws -> DashboardSnapshot {
        try readLock.withLock {
            if readConnection == nil { readConnection = try open() }
            let db = readConnection!
            let now = clock.nowMs
            // > PRAGMA data_version: the integer values returned by two invocations of "PRAGMA data_version" from
            // > the same connection will be different if changes were committed to the database by any other
            // > connection in the interim.
            let version = try db.first("PRAGMA data_version") { $0.int64(0) }
            let running = engine?.pool.runningJobs ?? []
            if var cached, version == lastDataVersion, running.isEmpty {
                cached.nowMs = now
                cached.role = try role(db, now: now)
                self.cached = cached
                return cached
            }
            let snapshot = try load(db, now: now, running: running)
            lastDataVersion = version
            cached = snapshot
            return snapshot
        }
    }

    private func role(_ db: Connection, now: Int64) throws -> DashboardSnapshot.Role {
        if let engine, engine.isRunning { return .engine }
        guard let lease = try EngineLeaseStore(db: db, clock: clock).current(), lease.expiresAtMs > now else {
            return .noEngine
        }
        return .viewer(holder: "pid \(lease.pid) on \(lease.host)")
    }

    private func load(_ db: Connection, now: Int64, running: [JobContext]) throws -> DashboardSnapshot {
        try db.transaction {
            let settingsStore = SettingsStore(db: db)
            let enabled = try settingsStore.bool(SettingKey.schedulerEnabled) ?? settings.syncAutoStart
            let cronText = try settingsStore.value(SettingKey.schedulerCron) ?? settings.syncCronExpression
            let nextRun = enabled
                ? (try? CronExpression(parsing: cronText))?.nextFire(
                    after: Date(timeIntervalSince1970: Double(now) / 1000), in: settings.syncTimeZone
                ).map { Int64($0.timeIntervalSince1970 * 1000) }
                : nil
            let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings))
            let status = try queue.status()
            let slow = try slowParts(db, now: now)
            let platforms = slow.platforms
            let names = Dictionary(uniqueKeysWithValues: platforms.map { ($0.id, $0.name) })
            let live = Dictionary(running.map { ($0.job.id, $0) }, uniquingKeysWith: { first, _ in first })
            let jobs = try queue.unfinishedAndRecentlyFailed(sinceMs: now - 86_400_000, limit: 200).map { job -> JobRow in
                let progress = live[job.id]?.progress
                let done = progress?.done ?? job.progressDone
                let elapsedMs = job.startedAt.map { now - $0 } ?? 0
                let rate = job.state == .active && elapsedMs > 500 && done > 0 ? Double(done) * 1000 / Double(elapsedMs) : nil
                let pages = SyncCheckpoint.decode(progress?.checkpoint ?? job.checkpoint)?.pages
                return JobRow(
                    job: job, platformName: job.platformId.flatMap { names[$0] }, done: done,
                    total: progress?.total ?? job.progressTotal, itemsPerSecond: rate, pages: pages)
            }
            let busy = engine.map { engine in
                engine.pool.slots.filter { if case .busy = $0 { true } else { false } }.count
            } ?? jobs.filter { $0.job.state == .active }.count
            return DashboardSnapshot(
                nowMs: now, databasePath: settings.databasePath, role: try role(db, now: now), schedulerEnabled: enabled,
                schedulerCron: cronText, nextScheduledRunMs: nextRun, workersBusy: busy,
                workersTotal: engine?.configuration.concurrency ?? settings.syncConcurrency, queuePaused: status.paused,
                rateLimitedUntilMs: status.rateLimitedUntilMs, openAlerts: try AlertStore(db: db, clock: clock).alerts(),
                platforms: platforms, jobs: jobs, runs: slow.runs, pending: slow.pending, pendingTotal: slow.pendingTotal,
                tokens: try TokenStatus.all(db: db), platformDefinitions: slow.definitions)
        }
    }

    /// The slow parts, from the cache while nothing they show has changed (checked every 250 ms with a few index
    /// lookups), and at least every 30 s.
    private func slowParts(_ db: Connection, now: Int64) throws -> SlowParts {
        let fingerprint = try db.first(
            """
            SELECT (SELECT ifnull(max(id), 0) FROM sync_runs),
                   (SELECT ifnull(sum(fetched), 0) FROM sync_runs WHERE status = 'running'),
                   (SELECT ifnull(max(id), 0) FROM audit_log),
                   (SELECT ifnull(max(updated_at), 0) FROM platforms),
                   (SELECT count(*) FROM platforms)
            """
        ) { row in (0..<5).map { row.int64($0) } } ?? []
        if let slowParts, slowParts.fingerprint == fingerprint, now - slowParts.loadedAtMs < 30_000 {
            return slowParts
        }
        let credentials = CredentialStore(db: db, clock: clock)
        let parts = SlowParts(
            fingerprint: fingerprint, loadedAtMs: now, platforms: try PlatformSummary.all(db: db),
            runs: try SyncRunStore(db: db, clock: clock).runs(limit: 200),
            pending: try credentials.credentials(CredentialStore.Filter(status: .pending, limit: 200)),
            pendingTotal: try db.first("SELECT count(*) FROM external_credentials WHERE status = 'pending'") { $0.int(0) }
                ?? 0,
            definitions: Dictionary(
                uniqueKeysWithValues: try PlatformStore(db: db, clock: clock).all().map { ($0.id, $0.definition) }))
        slowParts = parts
        return parts
    }

    // MARK: - Commands

    public func perform(_ command: DashboardCommand) -> CommandResult {
        commandLock.withLock {
            do {
                if commandConnection == nil { commandConnection = try open() }
                let result = try execute(command, db: commandConnection!)
                readLock.withLock { lastDataVersion = nil }
                engine?.pool.wake()
                return result
            } catch {
                return CommandResult(succeeded: false, message: SecretRegistry.shared.redact(String(describing: error)))
            }
        }
    }

    private func execute(_ command: DashboardCommand, db: Connection) throws -> CommandResult {
        let platforms = PlatformStore(db: db, clock: clock)
        let audit = AuditLog(db: db, clock: clock, actor: configuration.actor)
        func platform(_ id: Int64) throws -> Platform {
            guard let platform = try platforms.platform(id: id) else { throw PlatformError.notFound("#\(id)") }
            return platform
        }
        switch command {
        case .syncPlatform(let id):
            return try requestSync([try platform(id)], db: db)
        case .syncAll:
            let active = try platforms.all().filter(\.isActive)
            guard !active.isEmpty else { return CommandResult(succeeded: false, message: "no active platforms to sync") }
            return try requestSync(active, db: db)
        case .refreshToken(let id):
            let target = try platform(id)
            let maintenance = TokenMaintenance(
                db: db, clock: clock, box: configuration.secretBox,
                client: HTTPClient(options: SyncPolicy(settings: settings).httpOptions), actor: configuration.actor)
            let result = maintenance.refresh(target, trigger: .manual)
            let succeeded = if case .refreshed = result { true } else { false }
            return CommandResult(succeeded: succeeded, message: "\(target.name): \(result.summary)")
        case .setScheduler(let enabled):
            let store = SettingsStore(db: db)
            try db.transaction(.immediate) {
                try store.set(SettingKey.schedulerEnabled, enabled ? "true" : "false", nowMs: clock.nowMs)
                if enabled { try store.set(SettingKey.schedulerLastFire, String(clock.nowMs), nowMs: clock.nowMs) }
                try audit.record(enabled ? "scheduler.start" : "scheduler.stop", target: "scheduler")
            }
            return CommandResult(succeeded: true, message: enabled ? "scheduler started" : "scheduler paused")
        case .setPlatformActive(let id, let active):
            let target = try platform(id)
            try db.transaction(.immediate) {
                try platforms.setActive(target, active, reason: active ? nil : "disabled by \(configuration.actor)")
                try audit.record(active ? "platform.enable" : "platform.disable", target: "platform:\(target.name)")
            }
            return CommandResult(succeeded: true, message: "\(target.name) \(active ? "enabled" : "disabled")")
        case .savePlatform(let id, let definition, let secrets):
            let box = secrets == nil ? nil : configuration.secretBox
            if secrets != nil && box == nil {
                return CommandResult(succeeded: false, message: "no encryption key is configured; secrets cannot be stored")
            }
            let saved = try db.transaction(.immediate) {
                let saved: Platform
                if let id {
                    saved = try platforms.update(try platform(id), to: definition, secrets: secrets, box: box)
                    try audit.record(secrets == nil ? "platform.edit" : "platform.edit+secrets", target: "platform:\(saved.name)")
                } else {
                    saved = try platforms.add(definition, secrets: secrets, box: box)
                    try audit.record("platform.add", target: "platform:\(saved.name)")
                }
                return saved
            }
            return CommandResult(succeeded: true, message: "saved platform \(saved.name)")
        case .searchUsers(let query):
            let users = try UserStore(db: db, clock: clock).users(search: query.isEmpty ? nil : query, limit: 50)
            return CommandResult(succeeded: true, message: "\(users.count) users", payload: .users(users))
        case .claim(let credentialId, let userId):
            guard let user = try UserStore(db: db, clock: clock).user(id: userId) else {
                return CommandResult(succeeded: false, message: "no user \(userId)")
            }
            _ = try CredentialStore(db: db, clock: clock).claim(credentialId, for: user, audit: audit)
            return CommandResult(succeeded: true, message: "credential \(credentialId) claimed for \(user.name.isEmpty ? "user \(user.id)" : user.name)")
        case .reject(let credentialId, let reason):
            _ = try CredentialStore(db: db, clock: clock).reject(credentialId, reason: reason, audit: audit)
            return CommandResult(succeeded: true, message: "credential \(credentialId) rejected")
        case .retryJob(let jobId):
            let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings))
            guard let job = try queue.retry(jobId: jobId) else { return CommandResult(succeeded: false, message: "no job \(jobId)") }
            try audit.record("job.retry", target: "job:\(jobId)")
            return CommandResult(
                succeeded: job.id == jobId && job.state == .waiting,
                message: job.id == jobId ? "job \(jobId) is \(job.state.rawValue)" : "job \(job.id) for the same work is already queued")
        case .cancelJob(let jobId):
            let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings))
            let result = try queue.cancel(jobId: jobId)
            try audit.record("job.cancel", target: "job:\(jobId)")
            switch result {
            case .cancelled: return CommandResult(succeeded: true, message: "job \(jobId) cancelled")
            case .requested: return CommandResult(succeeded: true, message: "job \(jobId) stops at its next page")
            case .alreadyFinished(let state): return CommandResult(succeeded: false, message: "job \(jobId) is already \(state.rawValue)")
            case .notFound: return CommandResult(succeeded: false, message: "no job \(jobId)")
            }
        case .loadRawItem(let credentialId):
            let raw = try CredentialStore(db: db, clock: clock).raw(id: credentialId) ?? "(no raw item stored)"
            return CommandResult(
                succeeded: true, message: "", payload: .rawItem(credentialId: credentialId, text: SecretRegistry.shared.redact(raw)))
        }
    }

    private func requestSync(_ targets: [Platform], db: Connection) throws -> CommandResult {
        let requester = ManualSyncRequester(db: db, clock: clock, settings: settings)
        var messages: [String] = []
        var allQueued = true
        for platform in targets {
            guard platform.isActive else {
                messages.append("\(platform.name) is disabled")
                allQueued = false
                continue
            }
            switch try requester.request(platform, full: false) {
            case .success(let (job, created)):
                messages.append(created ? "\(platform.name) queued" : "\(platform.name) already queued (job \(job.id))")
            case .failure(let refusal):
                messages.append("\(platform.name): \(refusal)")
                allQueued = false
            }
        }
        return CommandResult(succeeded: allQueued, message: messages.joined(separator: "; "))
    }
}
