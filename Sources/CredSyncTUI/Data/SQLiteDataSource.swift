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
        public var alertSink: AlertSink
        /// Makes the box when there was none at launch (the first secret of a new installation), with the same
        /// rules as the command line: never a new key while secrets are sealed with another.
        public var makeSecretBox: (@Sendable (Connection) throws -> SecretBox)?

        public init(
            settings: Settings, actor: String, secretBox: SecretBox?, alertSink: AlertSink = .none,
            makeSecretBox: (@Sendable (Connection) throws -> SecretBox)? = nil
        ) {
            self.settings = settings
            self.actor = actor
            self.secretBox = secretBox
            self.alertSink = alertSink
            self.makeSecretBox = makeSecretBox
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
    private var lastWindows: DashboardWindows?
    private var cached: DashboardSnapshot?
    /// The paged panes' last windows and match counts. Pending and Sync logs are keyed by the load time of the
    /// slow parts, reread when their fingerprint changes; the Queue by each load, its rows being few and live.
    private let pendingReader = ListWindowReader<Int64, Credential>(key: \.id, filteredReuseMs: filteredReuseMs)
    private let runsReader = ListWindowReader<SyncRunKey, SyncRun>(key: \.key, filteredReuseMs: filteredReuseMs)
    private let jobsReader = ListWindowReader<JobOrderKey, Job>(key: JobOrderKey.init, filteredReuseMs: filteredReuseMs)

    /// How long a filtered window and its count stand while rows change under them (a sync adding rows): a search
    /// visits every row of its list, up to a second at a million rows, and the refresher would otherwise spend each
    /// read on it. Unfiltered lists are read afresh on every change (their reads are index ranges); this
    /// dashboard's own commands, another filter or another window read afresh at once.
    public static let filteredReuseMs: Int64 = 3_000
    private var answeredStale: Bool {
        pendingReader.answeredStale || runsReader.answeredStale || jobsReader.answeredStale
    }
    private var loads: Int64 = 0
    /// What decides which runs a Sync logs filter matches and in what order — how many runs, the newest, the running
    /// ones — and a number that changes with it: a running sync's progress changes the rows but not this, so a
    /// filter's count over a million runs is not taken again at every batch (a reason a running run adds to its
    /// invalid items is counted by a filter once the run ends).
    private var runsMembership: (values: [Int64], generation: Int64) = ([], 0)
    /// How many runs are newer than the newest one the operator saw, for the generation, filter and run it counts.
    private var runsAboveSeen: (generation: Int64, filter: String, seen: SyncRunKey, count: Int)?

    /// The costly parts (counts over all credentials, the pending list, the sync log), reloaded only when their
    /// fingerprint changes: a lease renewal or a job's lease alone changes `data_version`.
    private var slowParts: SlowParts?

    private struct SlowParts {
        var fingerprint: ChangeFingerprint
        var loadedAtMs: Int64
        var platforms: [PlatformSummary]
        var runsTotal: Int
        var pendingTotal: Int
        var definitions: [Int64: PlatformDefinition]
    }

    /// `engine`: this process's engine, for its role and live progress while it runs — from the start, or once it
    /// takes the lease over from an engine that quit.
    public init(configuration: Configuration, engine: Engine?, clock: any WallClock = SystemClock()) {
        self.configuration = configuration
        self.engine = engine
        self.clock = clock
    }

    private var settings: Settings { configuration.settings }

    private func open() throws -> Connection {
        try Database.open(
            path: settings.databasePath, options: .operatorAction,
            clock: clock)
    }

    // MARK: - Snapshots

    public func snapshot() throws -> DashboardSnapshot {
        try snapshot(windows: readLock.withLock { lastWindows } ?? DashboardWindows())
    }

    public func snapshot(windows: DashboardWindows) throws -> DashboardSnapshot {
        try readLock.withLock {
            if readConnection == nil { readConnection = try open() }
            let db = readConnection!
            let now = clock.nowMs
            let version = try db.dataVersion()
            let running = engine?.pool.runningJobs ?? []
            if var cached, version == lastDataVersion, windows == lastWindows, running.isEmpty, !answeredStale {
                cached.nowMs = now
                cached.role = try role(db, now: now)
                self.cached = cached
                return cached
            }
            let snapshot = try load(db, now: now, running: running, windows: windows)
            lastDataVersion = version
            lastWindows = windows
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

    private func load(
        _ db: Connection, now: Int64, running: [JobContext], windows: DashboardWindows
    ) throws -> DashboardSnapshot {
        try db.transaction {
            let report = try operations(db).schedulerStatus()
            let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings))
            let status = try queue.status()
            let slow = try slowParts(db, now: now)
            loads += 1
            let pending = try pendingWindow(db, windows.pending, generation: slow.loadedAtMs, total: slow.pendingTotal)
            let runsGeneration = try runsCountGeneration(db, total: slow.runsTotal)
            let runs = try runsWindow(
                db, windows.logs, generation: slow.loadedAtMs, countGeneration: runsGeneration, total: slow.runsTotal)
            let aboveSeen = try runsAbove(
                windows.newestSeenRun, db, filter: windows.logs.filter, generation: runsGeneration)
            let sinceMs = now - Int64(settings.dashboardFinishedJobsMinutes) * 60_000
            let shownJobs = try jobsWindow(queue, windows.queue, sinceMs: sinceMs)
            let platforms = slow.platforms
            let names = Dictionary(uniqueKeysWithValues: platforms.map { ($0.id, $0.name) })
            let live = Dictionary(running.map { ($0.job.id, $0) }, uniquingKeysWith: { first, _ in first })
            let jobs = shownJobs.rows.map { job -> JobRow in
                let progress = live[job.id]?.progress
                let done = progress?.done ?? job.progressDone
                // From the first second, and kept for a finished job (its average over the run).
                let endMs = job.isFinished ? (job.finishedAt ?? now) : now
                let elapsedMs = job.startedAt.map { endMs - $0 } ?? 0
                let rate = elapsedMs >= 1_000 && done > 0 ? Double(done) * 1000 / Double(elapsedMs) : nil
                let pages = SyncCheckpoint.decode(progress?.checkpoint ?? job.checkpoint)?.pages
                return JobRow(
                    job: job, platformName: job.platformId.flatMap { names[$0] }, done: done,
                    total: progress?.total ?? job.progressTotal, itemsPerSecond: rate, pages: pages,
                    awaitingResponseSinceMs: job.state == .active ? progress?.awaitingResponseSinceMs : nil)
            }
            // This process's engine counts its own slots; a viewer shows what the engine published.
            let ownEngine = engine.flatMap { $0.isRunning ? $0 : nil }
            let busy =
                ownEngine.map { engine in
                    engine.pool.slots.filter { if case .busy = $0 { true } else { false } }.count
                } ?? report.engine?.workersBusy ?? status.counts[.active] ?? 0
            let total = ownEngine?.configuration.concurrency ?? report.engine?.workersTotal ?? settings.syncConcurrency
            return DashboardSnapshot(
                nowMs: now, databasePath: settings.databasePath, role: try role(db, now: now),
                schedulerEnabled: report.scheduler.enabled, schedulerCron: report.scheduler.cron,
                nextScheduledRunMs: report.scheduler.nextRunMs, workersBusy: busy, workersTotal: total,
                queuePaused: status.paused,
                rateLimitedUntilMs: status.rateLimitedUntilMs, openAlerts: try AlertStore(db: db, clock: clock).alerts(),
                platforms: platforms, jobs: jobs,
                jobsPlace: ListWindowPlace(
                    offset: shownJobs.offset, matches: shownJobs.matches, total: shownJobs.total,
                    filter: windows.queue.filter),
                activeJobs: status.counts[.active] ?? 0,
                runs: runs.rows,
                runsPlace: ListWindowPlace(
                    offset: runs.offset, matches: runs.matches, total: slow.runsTotal, filter: windows.logs.filter),
                newestSeenRun: windows.newestSeenRun, runsAboveSeen: aboveSeen,
                pending: pending.rows, pendingTotal: slow.pendingTotal,
                pendingOffset: pending.offset, pendingMatches: pending.matches, pendingFilter: windows.pending.filter,
                tokens: try TokenStatus.all(db: db), platformDefinitions: slow.definitions,
                alerts: try AlertStore(db: db, clock: clock).recent(resolvedSinceMs: now - Self.resolvedAlertsMs),
                defaultCountryCode: settings.defaultCountryCode)
        }
    }

    /// The slow parts, from the cache while nothing they show has changed (checked every 250 ms with a few index
    /// lookups), and at least every 30 s.
    private func slowParts(_ db: Connection, now: Int64) throws -> SlowParts {
        let fingerprint = try ChangeFingerprint.read(db: db)
        if let slowParts, slowParts.fingerprint == fingerprint, now - slowParts.loadedAtMs < 30_000 {
            return slowParts
        }
        let credentials = CredentialStore(db: db, clock: clock)
        let parts = SlowParts(
            fingerprint: fingerprint, loadedAtMs: now, platforms: try PlatformSummary.all(db: db),
            runsTotal: try SyncRunStore(db: db, clock: clock).count(search: nil),
            pendingTotal: try credentials.pendingCount(),
            definitions: Dictionary(
                uniqueKeysWithValues: try PlatformStore(db: db, clock: clock).all().map { ($0.id, $0.definition) }))
        slowParts = parts
        return parts
    }

    /// How long a resolved alert stays in the alerts view.
    static let resolvedAlertsMs: Int64 = 7 * 86_400_000

    /// The Pending rows `request` asks for, where they start and how many match: from the cache while the rows
    /// are unchanged, so a heartbeat costs no count over a million rows.
    private func pendingWindow(
        _ db: Connection, _ request: ListWindowRequest<Int64>, generation: Int64, total: Int
    ) throws -> ListWindowReader<Int64, Credential>.Loaded {
        let credentials = CredentialStore(db: db, clock: clock)
        let search = CredentialSearch(request.filter, phones: PhoneNormalizer(defaultCountryCode: settings.defaultCountryCode))
        return try pendingReader.read(
            request, generation: generation, total: total, nowMs: clock.nowMs,
            .init(
                rows: { try credentials.pendingWindow($0, search: search) },
                count: { try credentials.pendingCount(search: search) },
                position: { try credentials.pendingPosition(of: $0, search: search) }))
    }

    /// The Sync logs' count generation: it moves when a run starts, ends or is pruned (the running ones are read
    /// through their own small index).
    private func runsCountGeneration(_ db: Connection, total: Int) throws -> Int64 {
        let values = [Int64(total)] + (try SyncRunStore(db: db, clock: clock).membership())
        if values != runsMembership.values { runsMembership = (values, runsMembership.generation + 1) }
        return runsMembership.generation
    }

    /// The Sync logs rows `request` asks for, newest first, from the cache while no run changed.
    private func runsWindow(
        _ db: Connection, _ request: ListWindowRequest<SyncRunKey>, generation: Int64, countGeneration: Int64,
        total: Int
    ) throws -> ListWindowReader<SyncRunKey, SyncRun>.Loaded {
        let runs = SyncRunStore(db: db, clock: clock)
        let search = SyncRunSearch(request.filter)
        return try runsReader.read(
            request, generation: generation, countGeneration: countGeneration, total: total, nowMs: clock.nowMs,
            .init(
                rows: { try runs.window($0, search: search) }, count: { try runs.count(search: search) },
                position: { try runs.position(of: $0, search: search) }))
    }

    /// How many runs matching `filter` are newer than `seen`: a count over the new runs alone.
    private func runsAbove(_ seen: SyncRunKey?, _ db: Connection, filter: String, generation: Int64) throws -> Int {
        guard let seen else { return 0 }
        if let known = runsAboveSeen, known.generation == generation, known.filter == filter, known.seen == seen {
            return known.count
        }
        let count = try SyncRunStore(db: db, clock: clock).position(of: seen, search: SyncRunSearch(filter))
        runsAboveSeen = (generation, filter, seen, count)
        return count
    }

    /// The Queue rows `request` asks for, in the pane's order, with how many jobs the pane shows in all.
    private func jobsWindow(
        _ queue: JobQueue, _ request: ListWindowRequest<JobOrderKey>, sinceMs: Int64
    ) throws -> (rows: [Job], offset: Int, matches: Int, total: Int) {
        let search = JobSearch(request.filter)
        let total = try queue.shownCount(sinceMs: sinceMs, search: nil)
        let loaded = try jobsReader.read(
            request, generation: loads, total: total, nowMs: clock.nowMs,
            .init(
                rows: { try queue.shownWindow($0, sinceMs: sinceMs, search: search) },
                count: { try queue.shownCount(sinceMs: sinceMs, search: search) },
                position: { try queue.shownPosition(of: $0, sinceMs: sinceMs, search: search) }))
        return (loaded.rows, loaded.offset, loaded.matches, total)
    }

    // MARK: - Commands

    public func perform(_ command: DashboardCommand) -> CommandResult {
        commandLock.withLock {
            do {
                if commandConnection == nil { commandConnection = try open() }
                let result = try execute(command, operations: operations(commandConnection!))
                readLock.withLock {
                    lastDataVersion = nil
                    for reader in [pendingReader.forget, runsReader.forget, jobsReader.forget] { reader() }
                }
                engine?.pool.wake()
                return result
            } catch OperationError.invalid(let error) {
                return CommandResult(
                    succeeded: false, message: error.description,
                    payload: .invalidField(field: error.field, problem: error.problem))
            } catch {
                return CommandResult(succeeded: false, message: OperatorMessage.of(error))
            }
        }
    }

    private func operations(_ db: Connection) -> Operations {
        let (box, make) = (configuration.secretBox, configuration.makeSecretBox)
        let keyFilePath = settings.keyFilePath
        return Operations(
            OperationContext(
                db: db, clock: clock, settings: settings, actor: configuration.actor,
                secretBox: {
                    if let box { return box }
                    guard let make else { throw KeyStoreError.keyFileMissing(path: keyFilePath) }
                    return try make(db)
                }, alertSink: configuration.alertSink))
    }

    /// Performs one command through the operations layer and phrases its result for the footer.
    private func execute(_ command: DashboardCommand, operations: Operations) throws -> CommandResult {
        switch command {
        case .syncPlatform(let id):
            return syncResult(try operations.requestSync([.id(id)], full: false))
        case .syncAll:
            return syncResult(try operations.requestSync(nil, full: false))
        case .refreshToken(let id):
            let (platform, result) = try operations.refreshTokens([.id(id)])[0]
            let succeeded = if case .refreshed = result { true } else { false }
            return CommandResult(succeeded: succeeded, message: "\(platform.name): \(result.summary)")
        case .setScheduler(let enabled):
            _ = enabled ? try operations.startScheduler(cron: nil) : try operations.stopScheduler()
            return CommandResult(succeeded: true, message: enabled ? "scheduler started" : "scheduler paused")
        case .setPlatformActive(let id, let active):
            let platform = try operations.setPlatformActive(.id(id), active: active)
            return CommandResult(succeeded: true, message: "\(platform.name) \(active ? "enabled" : "disabled")")
        case .savePlatform(let id, let changes, let secrets):
            let saved =
                if let id {
                    try operations.editPlatform(.id(id), changes, secrets: secrets)
                } else {
                    try operations.addPlatform(changes, secrets: secrets)
                }
            return CommandResult(succeeded: true, message: "saved platform \(saved.name)")
        case .previewPlatform(let id, let changes, let secrets):
            let preview = try operations.previewPlatform(
                id.map { .edit(.id($0), changes, secrets: secrets) } ?? .definition(changes, secrets: secrets))
            return CommandResult(succeeded: true, message: preview.summary)
        case .searchUsers(let query):
            let users = try operations.searchUsers(query, limit: 50)
            return CommandResult(succeeded: true, message: "\(users.count) users", payload: .users(users))
        case .claim(let credentialId, let userId):
            let (_, user) = try operations.claim(credentialId, user: String(userId))
            return CommandResult(
                succeeded: true,
                message: "credential \(credentialId) claimed for \(user.name.isEmpty ? "user \(user.id)" : user.name)")
        case .reject(let credentialId, let reason):
            _ = try operations.reject(credentialId, reason: reason)
            return CommandResult(succeeded: true, message: "credential \(credentialId) rejected")
        case .retryJob(let jobId):
            _ = try operations.retryJob(jobId)
            return CommandResult(succeeded: true, message: "job \(jobId) is waiting")
        case .cancelJob(let jobId):
            let result = try operations.cancelJob(jobId)
            return CommandResult(
                succeeded: true,
                message: result == .requested ? "job \(jobId) stops at its next page" : "job \(jobId) cancelled")
        case .acknowledgeAlert(let alertId):
            let alert = try operations.acknowledgeAlert(alertId)
            return CommandResult(
                succeeded: true, message: "alert \(alertId) acknowledged (\(AlertsView.kindName(alert.kind)))")
        case .undoDecision(let credentialId):
            let credential = try operations.undoDecision(credentialId)
            return CommandResult(
                succeeded: true, message: "credential \(credentialId) is \(credential.status.rawValue) again")
        case .loadRawItem(let credentialId):
            let raw = try CredentialStore(db: operations.context.db, clock: clock).raw(id: credentialId)
                ?? "(no raw item stored)"
            return CommandResult(
                succeeded: true, message: "",
                payload: .rawItem(credentialId: credentialId, text: SecretRegistry.shared.redact(raw)))
        }
    }

    private func syncResult(_ results: [SyncRequestResult]) -> CommandResult {
        let queued = results.filter(\.isQueued).count
        if results.count > 1 {
            // `S`: a summary; it succeeded when anything is (now or already) queued, the rest is a note.
            var already = 0, limited = 0, disabled = 0
            for result in results {
                switch result {
                case .queued: break
                case .alreadyQueued: already += 1
                case .rateLimited: limited += 1
                case .disabled: disabled += 1
                }
            }
            var message = "\(queued) of \(results.count) queued"
            if already > 0 { message += ", \(already) already queued" }
            if limited > 0 { message += ", \(limited) rate limited" }
            if disabled > 0 { message += ", \(disabled) disabled" }
            return CommandResult(succeeded: queued + already > 0, message: message)
        }
        let message = results.map { result in
            switch result {
            case .queued(let platform, _): "\(platform) queued"
            case .alreadyQueued(let platform, let id, _): "\(platform) already queued (job \(id))"
            case .rateLimited(let platform, let afterMs): "\(platform): \(ManualSyncRefusal(retryAfterMs: afterMs))"
            case .disabled(let platform, _): "\(platform) is disabled"
            }
        }.joined(separator: "; ")
        return CommandResult(succeeded: queued > 0, message: message)
    }
}
