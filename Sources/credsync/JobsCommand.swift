import CredSyncCore
import Foundation

/// `credsync jobs [--state S] [--limit N] [--json]`, `jobs cancel ID`, `jobs retry ID`, `jobs pause|resume`.
enum JobsCommand {
    static let usage =
        "credsync jobs [--state S] [--limit N] [--json] | jobs cancel ID | jobs retry ID | jobs pause|resume"

    struct Listing: Encodable {
        let paused: Bool
        let rateLimitedUntil: String?
        let counts: [String: Int]
        let jobs: [Job]

        enum CodingKeys: String, CodingKey {
            case paused, counts, jobs
            case rateLimitedUntil = "rate_limited_until"
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--state", "--limit"], flags: ["--json"])
        let settings = try environment.settings()
        let clock = SystemClock()
        let db = try environment.openDatabase(settings)
        let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings))
        let operations = try environment.operations(settings, db)
        switch parsed.positionals.first {
        case nil:
            return try list(parsed, queue, nowMs: clock.nowMs)
        case "cancel":
            let id = try jobId(parsed)
            switch try operations.cancelJob(id) {
            case .requested:
                Output.line("job \(id) is running; it stops at its next page boundary, keeping what it committed")
            default: Output.line("job \(id) cancelled")
            }
        case "retry":
            let id = try jobId(parsed)
            _ = try operations.retryJob(id)
            Output.line("job \(id) is waiting to run again")
        case "pause":
            try operations.setQueuePaused(true)
            Output.line("queue paused: running jobs finish, no new job starts until 'credsync jobs resume'")
        case "resume":
            try operations.setQueuePaused(false)
            Output.line("queue resumed")
        case let other?:
            throw Arguments.UsageError(description: "unknown jobs action '\(other)'; usage: \(usage)")
        }
        return 0
    }

    private static func jobId(_ parsed: Arguments) throws -> Int64 {
        try parsed.expectPositionals(atMost: 2, usage: usage)
        guard parsed.positionals.count == 2, let id = Int64(parsed.positionals[1]) else {
            throw Arguments.UsageError(description: "expected a job id (a number); usage: \(usage)")
        }
        return id
    }

    private static func list(_ parsed: Arguments, _ queue: JobQueue, nowMs: Int64) throws -> Int32 {
        try parsed.expectPositionals(atMost: 0, usage: usage)
        var state: JobState?
        if let name = parsed.option("--state") {
            guard let known = JobState(rawValue: name) else {
                let names = JobState.allCases.map(\.rawValue).joined(separator: ", ")
                throw Arguments.UsageError(description: "--state \(name): expected one of \(names)")
            }
            state = known
        }
        let limit = try parsed.intOption("--limit", in: 1...100_000) ?? 50
        let jobs = try queue.jobs(state: state, limit: limit)
        let status = try queue.status()
        if parsed.flag("--json") {
            try Output.json(
                Listing(
                    paused: status.paused, rateLimitedUntil: status.rateLimitedUntilMs.map(Timestamp.iso8601),
                    counts: Dictionary(uniqueKeysWithValues: status.counts.map { ($0.key.rawValue, $0.value) }),
                    jobs: jobs))
            return 0
        }
        let summary = JobState.allCases.map { "\($0.rawValue) \(status.counts[$0] ?? 0)" }.joined(separator: ", ")
        Output.line("queue \(status.paused ? "PAUSED" : "running"): \(summary)")
        if let until = status.rateLimitedUntilMs {
            Output.line("rate limited, next start \(Timestamp.relative(until, nowMs: nowMs))")
        }
        guard !jobs.isEmpty else {
            Output.line(state == nil ? "no jobs" : "no \(state!.rawValue) jobs")
            return 0
        }
        Output.table(
            ["ID", "KIND", "PLATFORM", "STATE", "ATTEMPT", "TRIGGER", "RUN AT", "PROGRESS", "LAST ERROR"],
            jobs.map { job in
                [
                    String(job.id), job.kind.rawValue, job.platformId.map(String.init) ?? "-", job.state.rawValue,
                    "\(job.attempts)/\(job.maxAttempts)", job.trigger.rawValue,
                    job.isFinished ? "-" : Timestamp.relative(job.runAt, nowMs: nowMs),
                    job.progressTotal.map { "\(job.progressDone)/\($0)" }
                        ?? (job.progressDone > 0 ? "\(job.progressDone)" : "-"),
                    job.lastError ?? "",
                ]
            })
        return 0
    }
}
