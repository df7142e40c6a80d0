import CredSyncCore
import Foundation

/// `credsync sync [PLATFORM…|--all] [--full] [--wait]`: enqueue manual syncs; with `--wait`, follow them to the end
/// (running an engine in this process when no other holds the database).
///
/// Each platform's request passes the manual-sync limiter (`MANUAL_SYNC_LIMIT` per `MANUAL_SYNC_WINDOW_MINUTES`):
/// a refused one prints `rate limited, try again in 14m 36s`, enqueues nothing, and makes the exit status 1.
enum SyncCommand {
    static let usage = "credsync sync [PLATFORM…|--all] [--full] [--wait]"

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--all", "--full", "--wait"])
        guard parsed.flag("--all") != !parsed.positionals.isEmpty else {
            throw Arguments.UsageError(description: "name the platforms to sync, or --all; usage: \(usage)")
        }
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let operations = try environment.operations(settings, db)
        let results = try operations.requestSync(
            parsed.flag("--all") ? nil : parsed.positionals.map(PlatformReference.name), full: parsed.flag("--full"))
        var jobs: [(Platform, Int64)] = []
        var refused = false
        for result in results {
            switch result {
            case .queued, .alreadyQueued:
                Output.line(result.summary)
                jobs.append((try operations.platform(.name(result.platform)), result.jobId!))
            case .rateLimited, .disabled:
                Output.error(result.summary)
                refused = true
            }
        }
        guard parsed.flag("--wait"), !jobs.isEmpty else { return refused ? 1 : 0 }
        let status = try wait(for: jobs, db: db, settings: settings, environment: environment)
        return refused ? 1 : status
    }

    /// Follows the jobs until they finish, printing progress on stderr; runs an engine here when none is running.
    private static func wait(
        for jobs: [(Platform, Int64)], db: Connection, settings: Settings, environment: CommandEnvironment
    ) throws -> Int32 {
        let clock = SystemClock()
        let log = try EngineLogFactory.make(settings: settings, mirrorToStderr: false, clock: clock)
        let engine = try EngineFactory.make(settings: settings, environment: environment, log: log)
        var ownEngine = try engine.start() == .engine
        defer { if ownEngine { engine.shutdown() } }
        if !ownEngine { progress("another engine is running; following its progress") }
        let trap = SignalTrap { _ in
            engine.shutdown()
            _exit(130)
        }
        let queue = JobQueue(db: db, clock: clock)
        var lastLine: [Int64: String] = [:]
        var finished: [Int64: Job] = [:]
        while finished.count < jobs.count {
            // If the other engine dies, its lease expires and this process takes the work over.
            if !ownEngine, try engine.start() == .engine {
                ownEngine = true
                progress("took over as the engine")
            }
            for (platform, id) in jobs where finished[id] == nil {
                guard let job = try queue.job(id: id) else { continue }
                if job.isFinished {
                    finished[id] = job
                    progress("\(platform.name): \(job.state.rawValue)\(job.lastError.map { " — \($0)" } ?? "")")
                    continue
                }
                let line: String
                switch job.state {
                case .active:
                    let total = job.progressTotal.map { "/\($0)" } ?? ""
                    line = "\(platform.name): \(job.progressDone)\(total) items, attempt \(job.attempts)/\(job.maxAttempts)"
                case .delayed:
                    line = "\(platform.name): retry \(Timestamp.relative(job.runAt, nowMs: clock.nowMs))\(job.lastError.map { " after: \($0)" } ?? "")"
                default:
                    line = "\(platform.name): \(job.state.rawValue)"
                }
                if lastLine[id] != line {
                    lastLine[id] = line
                    progress(line)
                }
            }
            if finished.count < jobs.count { Thread.sleep(forTimeInterval: 0.25) }
        }
        withExtendedLifetime(trap) {}
        for (platform, id) in jobs {
            if let run = try SyncRunStore(db: db, clock: clock).runs(platformId: platform.id, limit: 1).first, run.jobId == id {
                Output.line(
                    "\(platform.name): \(run.status.rawValue) — \(run.fetched) fetched, \(run.created) new, "
                        + "\(run.updated) updated, \(run.unchanged) unchanged, \(run.matched) matched, \(run.pending) pending, "
                        + "\(run.invalid) invalid in \(Timestamp.duration(run.durationMs ?? 0))")
            }
        }
        return finished.values.allSatisfy { $0.state == .completed } ? 0 : 1
    }

    private static func progress(_ line: String) {
        Output.note(line)
    }
}
