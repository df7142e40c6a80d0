/// The engine's lifecycle as a value: idle → starting → running → stopping → stopped, every transition here.
///
/// `Engine` keeps one behind its lock and performs the I/O each transition calls for. A start that finds another
/// engine holding the lease goes back to idle and may be tried again; `stopped` is final.
struct EngineLifecycle: Equatable {
    enum State: Equatable {
        /// Not started, or the last start found another engine holding the lease.
        case idle
        /// `start()` is taking the lease; `stopRequested` when `shutdown()` came meanwhile.
        case starting(stopRequested: Bool)
        /// The workers and the housekeeping thread run.
        case running
        /// `shutdown()` is stopping the workers and the housekeeping thread.
        case stopping
        /// Final: nothing runs and nothing starts again.
        case stopped
    }

    private(set) var state: State = .idle

    /// What `Engine.start()` throws when a shutdown was asked for before the engine ran.
    struct ShutDown: Error, CustomStringConvertible {
        var description: String { "the engine was shut down before it started" }
    }

    /// Whether a shutdown has been asked for: the housekeeping loop and the daemon's wait for the lease end.
    var isStopRequested: Bool {
        switch state {
        case .idle, .running, .starting(stopRequested: false): false
        case .starting(stopRequested: true), .stopping, .stopped: true
        }
    }

    /// Whether the engine runs and no shutdown has been asked for.
    var isRunning: Bool { state == .running }

    // MARK: - Starting

    /// idle → starting, true. False once a shutdown was asked for (the engine does not start again); starting an
    /// engine that is already starting or running is a bug.
    mutating func beginStart() -> Bool {
        switch state {
        case .idle:
            state = .starting(stopRequested: false)
            return true
        case .stopping, .stopped:
            return false
        case .starting, .running:
            preconditionFailure("the engine is already running")
        }
    }

    /// starting → idle: another engine holds the lease, or taking it failed. A shutdown asked for meanwhile ends it.
    mutating func abandonStart() {
        guard case .starting(let stopRequested) = state else { preconditionFailure("no start to abandon: \(state)") }
        state = stopRequested ? .stopped : .idle
    }

    /// starting → running, true: the caller starts the threads. When a shutdown was asked for meanwhile → stopped,
    /// false: the caller gives the lease back and starts nothing.
    mutating func finishStart() -> Bool {
        guard case .starting(let stopRequested) = state else { preconditionFailure("no start to finish: \(state)") }
        state = stopRequested ? .stopped : .running
        return !stopRequested
    }

    // MARK: - Stopping

    /// What `shutdown()` must do.
    enum StopAction: Equatable {
        /// The engine runs: stop its threads, hand unfinished jobs back, give up the lease, then `finishStop()`.
        case stopThreads
        /// Nothing runs (never started, or the start in progress will see the request); nothing to wait for.
        case nothingToStop
    }

    /// Records a shutdown request: running → stopping; idle → stopped; starting → starting(stopRequested: true).
    mutating func requestStop() -> StopAction {
        switch state {
        case .idle:
            state = .stopped
            return .nothingToStop
        case .starting:
            state = .starting(stopRequested: true)
            return .nothingToStop
        case .running:
            state = .stopping
            return .stopThreads
        case .stopping, .stopped:
            return .nothingToStop
        }
    }

    /// running → stopped: another process took the lease (this one could not renew it in time). Nothing is handed
    /// back or released — the lease is no longer this engine's. False when a stop was already under way.
    mutating func loseLease() -> Bool {
        guard state == .running else { return false }
        state = .stopped
        return true
    }

    /// stopping → stopped, once the threads have ended and the lease is given up.
    mutating func finishStop() {
        precondition(state == .stopping, "no stop to finish: \(state)")
        state = .stopped
    }
}
