import CredSyncCore
import Foundation

/// Claim + complete throughput of the durable queue, one worker connection, with `synchronous=FULL` and `NORMAL`.
/// The start-rate limit is off so the queue's own cost is measured.
enum QueueBenchmark {
    static func run(jobs: Int) throws {
        print("queue benchmark: \(jobs) jobs, claim + complete on one connection (\(BenchCommand.machine))")
        for synchronous in [Connection.Synchronous.full, .normal] {
            let folder = try BenchCommand.scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let db = try Database.open(
                path: "\(folder)/queue.db", options: Connection.Options(synchronous: synchronous))
            let queue = JobQueue(db: db, clock: SystemClock(), policy: QueuePolicy(startRate: nil), unitRandom: { 0.5 })

            let enqueueStart = Date()
            try db.transaction(.immediate) {
                for index in 1...jobs {
                    try db.run(
                        "INSERT INTO platforms (id, name, display_name, adapter, created_at, updated_at) VALUES (?, ?, ?, 'bench', 0, 0)",
                        [index, "p\(index)", "P\(index)"])
                    try queue.enqueue(kind: .sync, platformId: Int64(index), trigger: .schedule)
                }
            }
            let enqueueSeconds = Date().timeIntervalSince(enqueueStart)

            let start = Date()
            var completed = 0
            // As a worker does: each completion claims the next job in the same transaction.
            var next = try queue.claim(holder: "bench/w0", kinds: [.sync])
            while case .claimed(let job) = next {
                next = try queue.completeAndClaim(
                    jobId: job.id, holder: "bench/w0", outcome: .succeeded, kinds: [.sync]
                ).next
                completed += 1
            }
            let seconds = Date().timeIntervalSince(start)
            precondition(completed == jobs, "completed \(completed) of \(jobs)")
            let rate = Double(completed) / seconds
            print(
                String(
                    format:
                        "  synchronous=%@: claim+complete %.0f jobs/s (%.2f s); enqueue (one transaction) %.0f jobs/s",
                    synchronous.rawValue, rate, seconds, Double(jobs) / enqueueSeconds))
        }
    }
}
