import Foundation

/// The embedded engine: holds the database's engine lease, runs the worker pool, and a housekeeping thread that
/// renews leases, recovers stalled jobs, fires the scheduler and prunes old rows.
///
/// Only one process runs an engine on a database; the others are viewers. Nothing here runs on Swift's cooperative
/// pool: the workers and the housekeeping loop are dedicated threads with their own connections.
public final class Engine: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var databasePath: String
        public var connectionOptions: Connection.Options
        public var concurrency: Int
        public var queuePolicy: QueuePolicy
        public var engineLeaseMs: Int64
        public var housekeepingIntervalMs: Int64
        public var pruneIntervalMs: Int64
        public var idlePollMs: Int64

        public init(
            databasePath: String, connectionOptions: Connection.Options = Connection.Options(), concurrency: Int = 5,
            queuePolicy: QueuePolicy = QueuePolicy(), engineLeaseMs: Int64 = 15_000,
            housekeepingIntervalMs: Int64 = 1_000,
            pruneIntervalMs: Int64 = 3_600_000, idlePollMs: Int64 = 1_000
        ) {
            self.databasePath = databasePath
            self.connectionOptions = connectionOptions
            self.concurrency = concurrency
            self.queuePolicy = queuePolicy
            self.engineLeaseMs = engineLeaseMs
            self.housekeepingIntervalMs = housekeepingIntervalMs
            self.pruneIntervalMs = pruneIntervalMs
            self.idlePollMs = idlePollMs
        }
    }

    /// Whether this process runs the engine or only views.
    public enum Role: Sendable, Equatable {
        case engine
        case viewer(EngineLease)
    }

    public let configuration: Configuration
    public let identity: EngineIdentity
    public let pool: WorkerPool
    private let clock: any WallClock
    private let log: EngineLog
    private let scheduler: SchedulerService?
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var lifecycle = EngineLifecycle()
    /// Called (on the housekeeping thread) when another process took the lease: the daemon exits so that its
    /// supervisor restarts it as a waiting engine. Guarded by `condition`.
    private var leaseLostHandler: @Sendable () -> Void = {}

    /// Sets what happens when another process takes the lease from this running engine.
    public func onLeaseLost(_ handler: @escaping @Sendable () -> Void) {
        condition.withLock { leaseLostHandler = handler }
    }
    private let housekeepingDone = DispatchGroup()
    private let heartbeat: @Sendable (EngineHeartbeat) -> Void

    /// - Parameter heartbeat: called on the housekeeping thread after each pass, and on the waiting thread after
    ///   each look at another engine's lease (`startWhenLeaseFree`); it must return quickly.
    public init(
        configuration: Configuration, handlers: [any JobHandler], scheduler: SchedulerService? = nil,
        clock: any WallClock = SystemClock(), log: EngineLog = .silent, identity: EngineIdentity = .current(),
        heartbeat: @escaping @Sendable (EngineHeartbeat) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.identity = identity
        self.clock = clock
        self.log = log
        self.scheduler = scheduler
        self.heartbeat = heartbeat
        let path = configuration.databasePath
        let options = configuration.connectionOptions
        pool = WorkerPool(
            configuration: WorkerPool.Configuration(
                slots: configuration.concurrency, holder: identity.holder, idlePollMs: configuration.idlePollMs),
            handlers: handlers, clock: clock, policy: configuration.queuePolicy, log: log,
            openConnection: { try Database.open(path: path, options: options, clock: clock) })
    }

    private func openConnection() throws -> Connection {
        try Database.open(path: configuration.databasePath, options: configuration.connectionOptions, clock: clock)
    }

    // MARK: - Starting

    /// Takes the engine lease if it is free and starts the workers and housekeeping; otherwise reports who holds it.
    /// Throws once `shutdown()` has been called: a stopped engine does not start again.
    public func start() throws -> Role {
        guard condition.withLock({ lifecycle.beginStart() }) else { throw EngineLifecycle.ShutDown() }
        let db: Connection
        do {
            db = try openConnection()
            let leases = EngineLeaseStore(db: db, clock: clock)
            if case .heldBy(let lease) = try leases.tryAcquire(identity, ttlMs: configuration.engineLeaseMs) {
                condition.withLock { lifecycle.abandonStart() }
                return .viewer(lease)
            }
            let queue = JobQueue(db: db, clock: clock, policy: configuration.queuePolicy)
            let recovered = try queue.recoverStalled()
            if !recovered.isEmpty { log.info("recovered stalled jobs \(recovered) to resume from their checkpoints") }
            if let scheduler {
                let enqueued = try scheduler.tick(db: db, isStartup: true)
                if !enqueued.isEmpty { log.info("scheduler enqueued \(enqueued.count) jobs at start") }
            }
        } catch {
            condition.withLock { lifecycle.abandonStart() }
            throw error
        }
        guard condition.withLock({ lifecycle.finishStart() }) else {
            try? EngineLeaseStore(db: db, clock: clock).release(identity)
            log.info("shutdown requested while starting; the engine did not start")
            throw EngineLifecycle.ShutDown()
        }
        log.info("engine started as \(identity.holder) with \(configuration.concurrency) workers")
        pool.start()
        housekeepingDone.enter()
        let thread = Thread { [self] in
            defer { housekeepingDone.leave() }
            do {
                housekeeping(db: try openConnection())
            } catch {
                log.error("housekeeping cannot open the database: \(error); stopping the workers")
                pool.beginShutdown()
            }
        }
        thread.name = "credsync-housekeeping"
        thread.start()
        return .engine
    }

    /// Keeps trying to become the engine until it succeeds or `shutdown()` is called: for the daemon.
    public func startWhenLeaseFree(pollMs: Int64 = 1_000) throws -> Bool {
        var reported: String?
        while !isStopping {
            let role: Role
            do {
                role = try start()
            } catch is EngineLifecycle.ShutDown {
                return false
            }
            switch role {
            case .engine:
                return true
            case .viewer(let lease):
                if reported != lease.holder {
                    reported = lease.holder
                    log.info(
                        "another engine (pid \(lease.pid) on \(lease.host)) holds this database; "
                            + "taking over if its lease expires")
                }
                heartbeat(.waiting(lease))
                wait(ms: min(pollMs, max(50, lease.expiresAtMs - clock.nowMs + 10)))
            }
        }
        return false
    }

    // MARK: - Stopping

    /// Stops claiming, lets running jobs commit the page in hand and go back to waiting, then gives up the lease.
    /// Returns false when some job did not stop within `timeoutMs` (it is handed back to waiting regardless).
    @discardableResult
    public func shutdown(timeoutMs: Int = 4_500) -> Bool {
        let action = condition.withLock {
            defer { condition.broadcast() }
            return lifecycle.requestStop()
        }
        guard action == .stopThreads else { return true }
        pool.beginShutdown()
        let clean = pool.waitUntilStopped(timeoutMs: timeoutMs)
        _ = housekeepingDone.wait(timeout: .now() + .milliseconds(1_000))
        do {
            let db = try openConnection()
            if !clean {
                // A handler that did not reach a page boundary in time: hand its job back; anything it tries to
                // commit later fails its lease check.
                try db.run(
                    """
                    UPDATE jobs SET state = 'waiting', attempts = max(attempts - 1, 0), locked_by = NULL,
                                    locked_until = NULL, updated_at = ?
                    WHERE state = 'active' AND substr(locked_by, 1, ?) = ?
                    """, [clock.nowMs, identity.holder.utf8.count + 1, identity.holder + "/"])
            }
            try EngineLeaseStore(db: db, clock: clock).release(identity)
        } catch {
            log.error("shutdown could not release the engine lease: \(error); it expires by itself")
        }
        condition.withLock { lifecycle.finishStop() }
        log.info(clean ? "engine stopped" : "engine stopped; unfinished jobs were handed back to waiting")
        return clean
    }

    public var isRunning: Bool { condition.withLock { lifecycle.isRunning } }

    private var isStopping: Bool { condition.withLock { lifecycle.isStopRequested } }

    private func wait(ms: Int64) {
        condition.withLock {
            let deadline = Date(timeIntervalSinceNow: Double(ms) / 1000)
            while !lifecycle.isStopRequested {
                if !condition.wait(until: deadline) { break }
            }
        }
    }

    // MARK: - Housekeeping

    private func housekeeping(db: Connection) {
        let queue = JobQueue(db: db, clock: clock, policy: configuration.queuePolicy)
        let leases = EngineLeaseStore(db: db, clock: clock)
        var lastPruneMs: Int64 = 0
        var renewedAtMs: Int64?
        while !isStopping {
            var status: EngineStatus?
            do {
                // Renewed at a third of its term: two renewals of margin, and no write each second — every write
                // wakes each dashboard watching the database.
                if renewedAtMs.map({ clock.nowMs - $0 >= configuration.engineLeaseMs / 3 }) ?? true {
                    guard try leases.renew(identity, ttlMs: configuration.engineLeaseMs) else {
                        log.error("lost the engine lease to another process; stopping the workers")
                        pool.beginShutdown()
                        let handler = condition.withLock { lifecycle.loseLease() ? leaseLostHandler : {} }
                        handler()
                        return
                    }
                    renewedAtMs = clock.nowMs
                }
                pool.renewLeases(using: queue)
                let recovered = try queue.recoverStalled()
                var wake = !recovered.isEmpty
                if wake { log.info("recovered stalled jobs \(recovered)") }
                if let scheduler {
                    let enqueued = try scheduler.tick(db: db, isStartup: false)
                    wake = wake || !enqueued.isEmpty
                }
                if wake { pool.wake() }
                status = try publishStatus(db)
                if clock.nowMs - lastPruneMs >= configuration.pruneIntervalMs {
                    let pruned = try queue.prune()
                    lastPruneMs = clock.nowMs
                    if pruned.jobs + pruned.syncRuns > 0 {
                        log.info("pruned \(pruned.jobs) finished jobs and \(pruned.syncRuns) sync runs")
                    }
                }
            } catch {
                log.warn("housekeeping: \(error)")
            }
            heartbeat(.running(status))
            wait(ms: configuration.housekeepingIntervalMs)
        }
    }

    /// Publishes what this engine runs (workers, the scheduler's cron and next run) for viewers, when it changed;
    /// returns it.
    private func publishStatus(_ db: Connection) throws -> EngineStatus {
        let busy = pool.slots.filter { if case .busy = $0 { true } else { false } }.count
        let status = EngineStatus(
            holder: identity.holder, pid: identity.pid, host: identity.host, workersTotal: configuration.concurrency,
            workersBusy: busy, scheduler: try scheduler?.status(db: db))
        try status.publish(db: db, nowMs: clock.nowMs)
        return status
    }
}
