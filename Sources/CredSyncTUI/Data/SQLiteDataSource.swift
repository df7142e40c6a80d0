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
    /// The last Pending window read and the match counts per filter, reread only when the rows changed — or, for
    /// a filter, when they changed and the last read is `filteredReuseMs` old. Keyed by the load time of the slow
    /// parts (`generation`), which are reread when their fingerprint changes.
    private var pendingCache: PendingRead?
    private var matchCounts: [String: (count: Int, generation: Int64, readAtMs: Int64)] = [:]
    /// The last snapshot shows a filtered window older than the rows: it is read again once it is old enough,
    /// even if nothing changes after it.
    private var showsStaleFilteredWindow = false

    private struct PendingRead {
        var generation: Int64
        var readAtMs: Int64
        var request: ListWindowRequest
        var window: PendingWindow

        /// Whether this read still stands for `request`: the rows are unchanged, or it is a filtered read younger
        /// than `filteredReuseMs`.
        func stands(for request: ListWindowRequest, generation: Int64, nowMs: Int64) -> Bool {
            self.request.filter == request.filter
                && SQLiteDataSource.stands(generation: self.generation, readAtMs: readAtMs, filter: request.filter,
                    currentGeneration: generation, nowMs: nowMs)
        }
    }

    /// How long a filtered Pending window and its count stand while rows change under them (a sync adding rows):
    /// a search visits every pending row, up to a second at a million rows, and the refresher would otherwise
    /// spend each read on it. The unfiltered list is read afresh on every change (its reads are index ranges);
    /// this dashboard's own commands, another filter or another window read afresh at once.
    public static let filteredReuseMs: Int64 = 3_000

    static func stands(generation: Int64, readAtMs: Int64, filter: String, currentGeneration: Int64, nowMs: Int64) -> Bool {
        generation == currentGeneration || (!filter.isEmpty && nowMs - readAtMs < filteredReuseMs)
    }

    private struct PendingWindow {
        var rows: [Credential]
        var offset: Int
        var matches: Int
    }
    /// The costly parts (counts over all credentials, the pending list, the sync log), reloaded only when their
    /// fingerprint changes: the engine's heartbeat alone changes `data_version` every second.
    private var slowParts: SlowParts?

    private struct SlowParts {
        var fingerprint: ChangeFingerprint
        var loadedAtMs: Int64
        var platforms: [PlatformSummary]
        var runs: [SyncRun]
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
            path: settings.databasePath, options: Connection.Options(busyTimeoutMs: Connection.Options.operatorBusyTimeoutMs),
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
            if var cached, version == lastDataVersion, windows == lastWindows, running.isEmpty, !showsStaleFilteredWindow {
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
            let pending = try pendingWindow(
                db, windows.pending, generation: slow.loadedAtMs, nowMs: now, total: slow.pendingTotal)
            let platforms = slow.platforms
            let names = Dictionary(uniqueKeysWithValues: platforms.map { ($0.id, $0.name) })
            let live = Dictionary(running.map { ($0.job.id, $0) }, uniquingKeysWith: { first, _ in first })
            let jobs = try queue.unfinishedAndRecentlyFailed(
                sinceMs: now - Int64(settings.dashboardFinishedJobsMinutes) * 60_000, limit: 200).map { job -> JobRow in
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
                } ?? report.engine?.workersBusy ?? jobs.filter { $0.job.state == .active }.count
            let total = ownEngine?.configuration.concurrency ?? report.engine?.workersTotal ?? settings.syncConcurrency
            return DashboardSnapshot(
                nowMs: now, databasePath: settings.databasePath, role: try role(db, now: now),
                schedulerEnabled: report.scheduler.enabled, schedulerCron: report.scheduler.cron,
                nextScheduledRunMs: report.scheduler.nextRunMs, workersBusy: busy, workersTotal: total,
                queuePaused: status.paused,
                rateLimitedUntilMs: status.rateLimitedUntilMs, openAlerts: try AlertStore(db: db, clock: clock).alerts(),
                platforms: platforms, jobs: jobs, runs: slow.runs, pending: pending.rows, pendingTotal: slow.pendingTotal,
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
            runs: try SyncRunStore(db: db, clock: clock).runs(limit: 200),
            pendingTotal: try credentials.pendingCount(),
            definitions: Dictionary(
                uniqueKeysWithValues: try PlatformStore(db: db, clock: clock).all().map { ($0.id, $0.definition) }))
        slowParts = parts
        return parts
    }

    /// How long a resolved alert stays in the alerts view.
    static let resolvedAlertsMs: Int64 = 7 * 86_400_000

    /// The Pending rows `request` asks for, where they start and how many match: from the cache while the rows
    /// are unchanged (or a filtered read is young), so a heartbeat or a running sync costs no count over a million
    /// rows. A window keyed on a row that went is read again from the end of the list.
    private func pendingWindow(
        _ db: Connection, _ request: ListWindowRequest, generation: Int64, nowMs: Int64, total: Int
    ) throws -> PendingWindow {
        if let pendingCache, pendingCache.request == request,
            pendingCache.stands(for: request, generation: generation, nowMs: nowMs)
        {
            showsStaleFilteredWindow = pendingCache.generation != generation
            return pendingCache.window
        }
        showsStaleFilteredWindow = false
        let credentials = CredentialStore(db: db, clock: clock)
        let search = CredentialSearch(request.filter, phones: PhoneNormalizer(defaultCountryCode: settings.defaultCountryCode))
        matchCounts = matchCounts.filter {
            Self.stands(generation: $0.value.generation, readAtMs: $0.value.readAtMs, filter: $0.key,
                currentGeneration: generation, nowMs: nowMs)
        }
        let matches: Int
        if search == nil {
            matches = total
        } else if let known = matchCounts[request.filter] {
            matches = known.count
        } else {
            matches = try credentials.pendingCount(search: search)
            matchCounts[request.filter] = (matches, generation, nowMs)
        }
        var window = request.window
        var rows = try credentials.pendingWindow(window, search: search)
        if rows.isEmpty, window.anchor != .first, window.anchor != .last {
            window.anchor = .last
            rows = try credentials.pendingWindow(window, search: search)
        }
        let offset: Int =
            switch window.anchor {
            case .first: 0
            case .last: max(0, matches - rows.count)
            default:
                try Self.offset(
                    of: window.anchor, rows: rows.count,
                    after: pendingCache.flatMap { $0.stands(for: request, generation: generation, nowMs: nowMs) ? $0.window : nil })
                    ?? rows.first.map { try credentials.pendingPosition(of: $0.id, search: search) } ?? 0
            }
        let result = PendingWindow(rows: rows, offset: offset, matches: max(matches, offset + rows.count))
        pendingCache = PendingRead(generation: generation, readAtMs: nowMs, request: request, window: result)
        return result
    }

    /// Where a window keyed on a row of the previous window starts, from that window's start, while that window
    /// stands: paging then costs no count of the rows before it (a count over a million rows takes ~0.1 s).
    private static func offset(of anchor: KeysetWindow.Anchor, rows: Int, after previous: PendingWindow?) -> Int? {
        guard let loaded = previous else { return nil }
        func local(_ id: Int64) -> Int? { loaded.rows.firstIndex { $0.id == id } }
        switch anchor {
        case .from(let id): return local(id).map { loaded.offset + $0 }
        case .after(let id, let skip): return local(id).map { loaded.offset + $0 + 1 + skip }
        case .before(let id, let skip): return local(id).map { max(0, loaded.offset + $0 - skip - rows) }
        case .first, .last: return nil
        }
    }

    // MARK: - Commands

    public func perform(_ command: DashboardCommand) -> CommandResult {
        commandLock.withLock {
            do {
                if commandConnection == nil { commandConnection = try open() }
                let result = try execute(command, operations: operations(commandConnection!))
                readLock.withLock {
                    lastDataVersion = nil
                    pendingCache = nil
                    matchCounts = [:]
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
