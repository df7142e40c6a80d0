import Foundation

/// A fixed number of worker slots, each a dedicated thread with its own SQLite connection, claiming jobs from the
/// queue and running their handlers. Blocking work (HTTP, SQLite writes, sleeps) stays on these threads, never on
/// Swift's cooperative pool.
public final class WorkerPool: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var slots: Int
        /// The engine's lease holder id; slot n holds jobs as "<holder>/w<n>".
        public var holder: String
        /// The longest a slot sleeps before looking for work again (other processes enqueue through the database).
        public var idlePollMs: Int64

        public init(slots: Int, holder: String, idlePollMs: Int64 = 1_000) {
            precondition(slots > 0)
            self.slots = slots
            self.holder = holder
            self.idlePollMs = idlePollMs
        }
    }

    /// What one slot is doing, for the dashboard header and `credsync jobs`.
    public enum SlotState: Sendable, Equatable {
        case starting
        case idle
        case paused
        case rateLimited(untilMs: Int64)
        case busy(jobId: Int64)
        case stopped
    }

    private let configuration: Configuration
    private let openConnection: @Sendable () throws -> Connection
    private let clock: any WallClock
    private let policy: QueuePolicy
    private let handlers: [JobKind: any JobHandler]
    private let log: EngineLog
    private let condition = NSCondition()
    private var stopping = false
    private var wakeups = 0
    private var contexts: [Int: JobContext] = [:]
    private var slotStates: [SlotState]
    private let finished = DispatchGroup()

    public init(
        configuration: Configuration, handlers: [any JobHandler], clock: any WallClock, policy: QueuePolicy,
        log: EngineLog, openConnection: @escaping @Sendable () throws -> Connection
    ) {
        self.configuration = configuration
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.clock = clock
        self.policy = policy
        self.log = log
        self.openConnection = openConnection
        slotStates = Array(repeating: .starting, count: configuration.slots)
    }

    /// Starts one thread per slot.
    public func start() {
        for slot in 0..<configuration.slots {
            finished.enter()
            let thread = Thread { [self] in
                runSlot(slot)
                finished.leave()
            }
            thread.name = "credsync-worker-\(slot)"
            thread.start()
        }
    }

    /// Wakes idle slots to look for work now (after an in-process enqueue).
    public func wake() {
        condition.withLock {
            wakeups += 1
            condition.broadcast()
        }
    }

    /// Stops claiming and asks running jobs to stop at their next page boundary and go back to waiting.
    public func beginShutdown() {
        condition.withLock {
            stopping = true
            for context in contexts.values { context.requestStop(.shutdown) }
            condition.broadcast()
        }
    }

    /// Waits for every slot to finish; false when `timeoutMs` passed first.
    public func waitUntilStopped(timeoutMs: Int) -> Bool {
        finished.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }

    /// The jobs running now.
    public var runningJobs: [JobContext] {
        condition.withLock { contexts.values.sorted { $0.job.id < $1.job.id } }
    }

    public var slots: [SlotState] { condition.withLock { slotStates } }

    /// Renews the leases of the running jobs through `queue` (the housekeeping connection) and relays cancel
    /// requests and lost leases to their handlers.
    public func renewLeases(using queue: JobQueue) {
        for context in runningJobs {
            do {
                switch try queue.renewLease(jobId: context.job.id, holder: context.holder) {
                case .renewed(let cancelRequested):
                    if cancelRequested { context.requestStop(.cancelRequested) }
                case .lost:
                    context.requestStop(.leaseLost)
                }
            } catch {
                log.warn("could not renew the lease of job \(context.job.id): \(error)")
            }
        }
    }

    // MARK: - A slot

    private func runSlot(_ slot: Int) {
        let holder = "\(configuration.holder)/w\(slot)"
        let queue: JobQueue
        do {
            queue = JobQueue(db: try openConnection(), clock: clock, policy: policy)
        } catch {
            log.error("worker \(slot) cannot open the database: \(error)")
            setSlot(slot, .stopped)
            return
        }
        let kinds = Array(handlers.keys)
        let workerSlot = WorkerSlot()
        while !isStopping && kinds.isEmpty {
            setSlot(slot, .idle)
            sleep(untilMs: clock.nowMs + 60_000)
        }
        // Completing a job and claiming the next share one transaction; `next` carries that claim over.
        var next: ClaimResult?
        while !isStopping {
            let now = clock.nowMs
            do {
                let result = try next ?? queue.claim(holder: holder, kinds: kinds)
                next = nil
                switch result {
                case .claimed(let job):
                    setSlot(slot, .busy(jobId: job.id))
                    next = run(job, slot: slot, holder: holder, queue: queue, kinds: kinds, workerSlot: workerSlot)
                case .idle(let nextRunAtMs):
                    setSlot(slot, .idle)
                    sleep(untilMs: min(nextRunAtMs ?? .max, now + configuration.idlePollMs))
                case .paused:
                    setSlot(slot, .paused)
                    sleep(untilMs: now + configuration.idlePollMs)
                case .rateLimited(let untilMs):
                    setSlot(slot, .rateLimited(untilMs: untilMs))
                    sleep(untilMs: min(untilMs, now + configuration.idlePollMs))
                }
            } catch {
                next = nil
                log.warn("worker \(slot) could not claim a job: \(error)")
                sleep(untilMs: now + configuration.idlePollMs)
            }
        }
        if case .claimed(let job) = next {
            try? queue.release(jobId: job.id, holder: holder)
        }
        setSlot(slot, .stopped)
    }

    /// Runs one attempt and records its outcome; returns the next claim when it was made in the same transaction.
    private func run(_ job: Job, slot: Int, holder: String, queue: JobQueue, kinds: [JobKind], workerSlot: WorkerSlot)
        -> ClaimResult?
    {
        guard let handler = handlers[job.kind] else {
            preconditionFailure("claimed a job of kind \(job.kind) with no handler")
        }
        let context = JobContext(job: job, holder: holder, queue: queue, slot: workerSlot)
        condition.withLock {
            contexts[slot] = context
            if stopping { context.requestStop(.shutdown) }
        }
        defer { condition.withLock { contexts[slot] = nil } }
        log.info(
            "job \(job.id) (\(job.kind)) started, attempt \(job.attempts)/\(job.maxAttempts)",
            fields: queue.logFields(for: job))

        let outcome: JobOutcome
        do {
            outcome = try handler.perform(context)
        } catch QueueError.leaseLost {
            outcome = .cancelled
        } catch {
            outcome = OutcomeClassifier(platformName: "NAME").outcome(forThrown: error, nowMs: clock.nowMs)
        }
        do {
            switch (context.stopReason, outcome) {
            case (.leaseLost, _):
                log.warn(
                    "job \(job.id) lost its lease to another engine; its uncommitted work was discarded",
                    fields: queue.logFields(for: job))
            case (.shutdown, .cancelled):
                try queue.release(jobId: job.id, holder: holder)
                log.info(
                    "job \(job.id) handed back to waiting for shutdown; it resumes from its checkpoint",
                    fields: queue.logFields(for: job))
            default:
                let (after, next) = try queue.completeAndClaim(
                    jobId: job.id, holder: holder, outcome: outcome, kinds: kinds)
                log.info(
                    "job \(job.id) (\(job.kind)) \(after?.state.rawValue ?? "lost")\(describe(outcome))",
                    fields: queue.logFields(for: job))
                return next
            }
        } catch {
            log.error(
                "job \(job.id): could not record its outcome (\(error)); it will be recovered as stalled",
                fields: queue.logFields(for: job))
        }
        return nil
    }

    private func describe(_ outcome: JobOutcome) -> String {
        switch outcome {
        case .succeeded, .cancelled: ""
        case .retry(_, let error), .failed(let error), .delayed(_, let error): ": \(error)"
        }
    }

    // MARK: - Waiting

    private var isStopping: Bool { condition.withLock { stopping } }

    private func setSlot(_ slot: Int, _ state: SlotState) {
        condition.withLock { slotStates[slot] = state }
    }

    /// Sleeps until the clock reaches `untilMs`, a wake-up, or shutdown, whichever comes first.
    private func sleep(untilMs: Int64) {
        condition.withLock {
            let seen = wakeups
            let seconds = Double(max(0, untilMs - clock.nowMs)) / 1000
            let deadline = Date(timeIntervalSinceNow: seconds)
            while !stopping && wakeups == seen {
                if !condition.wait(until: deadline) { break }
            }
        }
    }
}
