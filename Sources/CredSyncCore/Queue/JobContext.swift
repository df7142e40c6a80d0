import Foundation

/// What a handler gets while it runs one attempt: the job, the worker's own database connection, a way to commit
/// work together with its checkpoint, live progress, and whether to stop.
///
/// The context is shared between the worker thread that runs the handler and the engine's housekeeping thread that
/// renews leases and relays cancel requests, hence the lock.
public final class JobContext: @unchecked Sendable {
    public let job: Job
    public let holder: String
    /// The worker thread's connection. Only the handler's thread may use it.
    public let database: Connection
    /// The worker slot running the attempt: what the handler reuses across jobs (its HTTP client). Only the
    /// handler's thread may use it.
    public let slot: WorkerSlot
    let queue: JobQueue
    private let lock = NSLock()
    private var stopReasonStorage: StopReason?
    private var progressStorage: JobProgress

    init(job: Job, holder: String, queue: JobQueue, slot: WorkerSlot) {
        self.job = job
        self.holder = holder
        self.queue = queue
        self.slot = slot
        self.database = queue.db
        progressStorage = JobProgress(done: job.progressDone, total: job.progressTotal, checkpoint: job.checkpoint)
    }

    /// A context for running a handler outside a worker pool: benchmarks and tests.
    public static func standalone(job: Job, holder: String, queue: JobQueue) -> JobContext {
        JobContext(job: job, holder: holder, queue: queue, slot: WorkerSlot())
    }

    /// The checkpoint the job last committed: where a resumed attempt starts.
    public var resumeCheckpoint: String? { job.checkpoint }

    /// Set when the handler should stop at its next page boundary.
    public var stopReason: StopReason? { lock.withLock { stopReasonStorage } }

    public var shouldStop: Bool { stopReason != nil }

    /// The latest progress, for the in-process progress feed.
    public var progress: JobProgress { lock.withLock { progressStorage } }

    func requestStop(_ reason: StopReason) {
        lock.withLock {
            // A lost lease outranks everything; a cancel outranks shutdown (the operator asked for it).
            switch (stopReasonStorage, reason) {
            case (.leaseLost, _): break
            case (.cancelRequested, .shutdown): break
            default: stopReasonStorage = reason
            }
        }
    }

    /// Runs `work` and records `checkpoint` and progress in ONE transaction, so a crash either keeps both or
    /// neither. Throws `QueueError.leaseLost` (rolling `work` back) if another worker owns the job now.
    public func commit<T>(checkpoint: String?, done: Int, total: Int?, _ work: (Connection) throws -> T) throws -> T {
        do {
            let result = try database.transaction(.immediate) {
                let result = try work(database)
                try queue.saveProgress(jobId: job.id, holder: holder, done: done, total: total, checkpoint: checkpoint)
                return result
            }
            lock.withLock {
                progressStorage.done = done
                progressStorage.total = total
                progressStorage.checkpoint = checkpoint
            }
            return result
        } catch QueueError.leaseLost(let jobId) {
            requestStop(.leaseLost)
            throw QueueError.leaseLost(jobId: jobId)
        }
    }

    /// Notes that a request went out at `sinceMs` (nil: its answer came), for the Queue pane's "waiting for
    /// response 25 s". In memory only.
    public func markAwaitingResponse(sinceMs: Int64?) {
        lock.withLock { progressStorage.awaitingResponseSinceMs = sinceMs }
    }

    /// Updates the in-memory progress only (not persisted): for live progress between commits.
    public func reportProgress(done: Int, total: Int?) {
        lock.withLock {
            progressStorage.done = done
            progressStorage.total = total
        }
    }
}
