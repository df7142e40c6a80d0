import CredSyncCore
import CredSyncSim
import Foundation

/// A full sync of `records` credentials from `credsync-sim` (a separate process on loopback, so its memory is not
/// counted) against `users` users, then a re-sync of the unchanged data: credentials/s and peak RSS of each.
/// `alternative` changes one setting as in the comparison's row (a′); `firstOnly` skips the re-sync (to count the
/// first sync's instructions under callgrind, with `simulatorBanner`: see `SimulatorProcess`).
enum IngestBenchmark {
    static func run(
        records: Int, users: Int, batchSize: Int, pageSize: Int, contract: SimulatedContract,
        alternative: IngestComparison.Alternative? = nil, firstOnly: Bool = false, simulatorBanner: String? = nil
    ) throws {
        print(
            "ingest benchmark: \(contract.rawValue) feed, \(records) credentials, \(users) users, batch \(batchSize), "
                + "page \(pageSize)\(alternative.map { ", " + $0.rawValue } ?? "") (\(BenchCommand.machine))")
        let simulator = try SimulatorProcess(
            platform: "bench:\(contract.rawValue):\(records):7", bannerFile: simulatorBanner)
        defer { simulator.stop() }

        let folder = try BenchCommand.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clock = SystemClock()
        let db = try Database.open(path: "\(folder)/ingest.db")
        try alternative?.prepare(db)
        let setupStart = Date()
        try insertUsers(db, count: users, records: records, contract: contract)
        let box = SecretBox(currentKey: try KeyStore.generate())
        var config = simulator.config
        config["pageSize"] = .integer(Int64(pageSize))
        let platform = try PlatformStore(db: db, clock: clock).add(
            PlatformDefinition(
                name: "bench", adapter: contract.rawValue, apiBaseURL: simulator.baseURL,
                authType: contract == .swayam ? .apiKey : .oauth2ClientCredentials, config: config),
            secrets: simulator.secrets, box: box)
        print(String(format: "  setup (users, platform): %.1f s", Date().timeIntervalSince(setupStart)))

        let policy = alternative?.policy(batchSize: batchSize) ?? SyncPolicy(batchSize: batchSize)
        let handler = SyncJobHandler(policy: policy, clock: clock, secretBox: box)
        for (pass, full) in [("first sync", false), ("re-sync (unchanged)", true)].prefix(firstOnly ? 1 : 2) {
            ResidentMemory.resetPeak()
            let start = Date()
            _ = try sync(db, platform: platform, handler: handler, full: full)
            let seconds = Date().timeIntervalSince(start)
            guard let run = try SyncRunStore(db: db, clock: clock).runs(limit: 1).first else {
                throw CommandError("the sync left no run")
            }
            print(
                String(
                    format: "  %@: %.0f credentials/s (%.1f s), peak RSS %.1f MiB — %d fetched, %d new, %d updated, "
                        + "%d unchanged, %d matched, %d pending, %d invalid",
                    pass, Double(run.fetched) / seconds, seconds, Double(ResidentMemory.peakBytes()) / 1_048_576,
                    run.fetched, run.created, run.updated, run.unchanged, run.matched, run.pending, run.invalid))
        }
    }

    /// One sync job of `platform` through the queue and the real handler, as the engine runs it; the items fetched.
    static func sync(_ db: Connection, platform: Platform, handler: SyncJobHandler, full: Bool) throws -> Int {
        let clock = SystemClock()
        let queue = JobQueue(db: db, clock: clock, policy: QueuePolicy(startRate: nil))
        try queue.enqueue(kind: .sync, platformId: platform.id, trigger: .manual, payload: SyncJobHandler.Request(full: full).json)
        guard case .claimed(let job) = try queue.claim(holder: "bench", kinds: [.sync]) else {
            throw CommandError("the sync job was not claimable")
        }
        let outcome = try handler.perform(JobContext.standalone(job: job, holder: "bench", queue: queue))
        try queue.complete(jobId: job.id, holder: "bench", outcome: outcome)
        guard outcome == .succeeded, let run = try SyncRunStore(db: db, clock: clock).runs(limit: 1).first else {
            throw CommandError("the sync did not succeed: \(outcome)")
        }
        return run.fetched
    }

    /// Users for the simulator's learners (the same seed), topped up with strangers to `count`.
    static func insertUsers(_ db: Connection, count: Int, records: Int, contract: SimulatedContract = .nsqf) throws {
        let generator = UserGenerator(
            credentials: CredentialGenerator(contract: contract, seed: 7, count: records), fraction: 0.85)
        let insert = try db.prepare(
            "INSERT INTO users (external_ref, name, email, email_normalized, phone, phone_normalized, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)")
        let phones = PhoneNormalizer(defaultCountryCode: "91")
        var inserted = 0
        var index = 0
        try db.transaction(.immediate) {
            while inserted < count {
                let values: [String]
                if index < records, let user = generator.user(at: index) {
                    values = [user.externalRef, user.name, user.email, user.phone]
                } else {
                    values = ["filler-\(index)", "Filler \(index)", "filler\(index)@example.net", "+447\(700_000_000 + index)"]
                }
                index += 1
                try insert.run([
                    values[0], values[1], values[2], EmailNormalizer.normalize(values[2]), values[3],
                    phones.normalize(values[3]),
                ])
                inserted += 1
            }
        }
    }
}

/// A failure of the benchmark itself.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
