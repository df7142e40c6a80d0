import CredSyncCore
import CredSyncSim
import Foundation

/// `credsync-bench ingest --compare`: in one run, over the same feed, (a) credsync's real pipeline (first sync and
/// re-sync, peak RSS, bytes written against the database's growth), (b) the seed-shape loader (`SeedLoader`) into
/// today's table and (b₀) into the seed's own (`SeedLoader.useSeedTable`), and (c) SQLite's own bulk rate on the rows
/// (a) stored (`INSERT … SELECT`, one transaction); then the ratios a/b, a/b₀ and a/c. Once for an HTTP feed from
/// `credsync-sim` on loopback, once for a local JSON Lines file (`file_import`).
enum IngestComparison {
    struct Sizes {
        var records: Int
        var users: Int
        var lines: Int
        var batchSize: Int
        var pageSize: Int
        var contract: SimulatedContract
        /// What row (a′) changes against (a).
        var alternative: Alternative = .normal
    }

    /// Row (a′): the same first sync with one setting changed.
    enum Alternative: String {
        /// The batches at `synchronous=NORMAL` (`SyncPolicy.writeSynchronous`).
        case normal
        /// Automatic checkpoints every 30,000 WAL pages instead of 10,000 (`SyncPolicy.writeAutocheckpointPages`).
        case rareCheckpoints = "checkpoint-every-30000"
        /// The worker's page cache at 16 MiB instead of 8 (`SyncPolicy.writeCacheKiB`).
        case largeCache = "cache-16mib"
        /// The credentials' CHECK constraints as before migration 7, which SQLite codes as a temporary table per row.
        case inListChecks = "in-list-checks"
        /// The worker thread reads each batch's candidate users itself (`SyncPolicy.readsAhead` off).
        case noReadAhead = "no-read-ahead"
        /// Every batch reads its stored rows first, new or not (`SyncPolicy.readsNewBatchesAsNew` off).
        case readStoredRows = "read-stored-rows"

        var label: String {
            switch self {
            case .normal: "(a′) first sync, sync=NORMAL"
            case .rareCheckpoints: "(a′) first sync, ckpt 30k pages"
            case .largeCache: "(a′) first sync, cache 16 MiB"
            case .inListChecks: "(a′) first sync, IN CHECKs"
            case .noReadAhead: "(a′) first sync, no read-ahead"
            case .readStoredRows: "(a′) first sync, stored read"
            }
        }

        func policy(batchSize: Int) -> SyncPolicy {
            switch self {
            case .normal: SyncPolicy(batchSize: batchSize, writeSynchronous: .normal)
            case .rareCheckpoints: SyncPolicy(batchSize: batchSize, writeAutocheckpointPages: 30_000)
            case .largeCache: SyncPolicy(batchSize: batchSize, writeCacheKiB: 16_384)
            case .inListChecks: SyncPolicy(batchSize: batchSize)
            case .noReadAhead: SyncPolicy(batchSize: batchSize, readsAhead: false)
            case .readStoredRows: SyncPolicy(batchSize: batchSize, readsNewBatchesAsNew: false)
            }
        }

        /// Changes the fresh database of row (a′) before its users arrive.
        func prepare(_ db: Connection) throws {
            guard self == .inListChecks else { return }
            try db.transaction(.immediate) { try Schema.setCredentialChecks(db, compared: false) }
        }
    }

    static func run(_ sizes: Sizes) throws {
        print(
            "ingest comparison: \(sizes.contract.rawValue) feed \(sizes.records) credentials, file \(sizes.lines) lines, "
                + "users as many as credentials × \(Double(sizes.users) / Double(max(sizes.records, 1))), "
                + "batch \(sizes.batchSize), page \(sizes.pageSize) (\(BenchCommand.machine))")
        let httpSimulator = try SimulatorProcess(platform: "bench:\(sizes.contract.rawValue):\(sizes.records):7")
        defer { httpSimulator.stop() }
        try compare(
            title: "HTTP feed (\(sizes.contract.rawValue), loopback)", contract: sizes.contract, records: sizes.records,
            users: sizes.users, sizes: sizes
        ) { _ in
            var config = httpSimulator.config
            config["pageSize"] = .integer(Int64(sizes.pageSize))
            return PlatformDefinition(
                name: "bench", adapter: sizes.contract.rawValue, apiBaseURL: httpSimulator.baseURL,
                authType: sizes.contract == .swayam ? .apiKey : .oauth2ClientCredentials, config: config)
        } secrets: {
            httpSimulator.secrets
        }

        let fileSimulator = try SimulatorProcess(platform: "bench:file_jsonl:\(sizes.lines):7")
        defer { fileSimulator.stop() }
        let lineUsers = Int((Double(sizes.users) / Double(max(sizes.records, 1)) * Double(sizes.lines)).rounded())
        try compare(
            title: "file_import (JSON Lines, local file)", contract: .fileJSONL, records: sizes.lines, users: lineUsers,
            sizes: sizes
        ) { folder in
            let path = "\(folder)/export.jsonl"
            try download(fileSimulator.config["url"]?.stringValue ?? "", to: path)
            var config = fileSimulator.config
            config["url"] = nil
            config["path"] = .string(path)
            config["pageSize"] = .integer(Int64(sizes.pageSize))
            return PlatformDefinition(name: "bench", adapter: "file_import", config: config)
        } secrets: {
            PlatformSecrets()
        }
    }

    /// One feed: (a), (a) with claims beside it, (a′), (b), (c) in that order, each in its own database with the same
    /// users.
    private static func compare(
        title: String, contract: SimulatedContract, records: Int, users: Int, sizes: Sizes,
        definition makeDefinition: (String) throws -> PlatformDefinition, secrets: () -> PlatformSecrets
    ) throws {
        let folder = try BenchCommand.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let definition = try makeDefinition(folder)
        print("\n\(title): \(records) credentials, \(users) users")
        let box = SecretBox(currentKey: try KeyStore.generate())

        /// A first sync of the feed into a fresh database `name` with the same users, as `policy` sets it up;
        /// `claims` runs a `ClaimProbe` beside it. The connection stays open for a re-sync.
        func firstSync(
            _ name: String, policy: SyncPolicy, claims: Bool = false, prepare: (Connection) throws -> Void = { _ in }
        ) throws -> (db: Connection, pass: Pass, sync: () throws -> Int, claims: String?) {
            let db = try Database.open(path: "\(folder)/\(name).db")
            try prepare(db)
            try IngestBenchmark.insertUsers(db, count: users, records: records, contract: contract)
            let platform = try PlatformStore(db: db, clock: SystemClock()).add(definition, secrets: secrets(), box: box)
            let handler = SyncJobHandler(policy: policy, clock: SystemClock(), secretBox: box)
            let probe = claims ? ClaimProbe(path: "\(folder)/\(name).db") : nil
            probe?.start()
            let pass = try measure(db) { try IngestBenchmark.sync(db, platform: platform, handler: handler, full: false) }
            let answered = probe?.finish()
            return (db, pass, { try IngestBenchmark.sync(db, platform: platform, handler: handler, full: true) }, answered)
        }

        // (a) credsync, then its re-sync of the unchanged feed
        let pipeline = try firstSync("a", policy: SyncPolicy(batchSize: sizes.batchSize))
        let first = pipeline.pass
        let resync = try measure(pipeline.db) { try pipeline.sync() }
        let stored = try pipeline.db.first("SELECT count(*) FROM external_credentials") { $0.int(0) } ?? 0
        try pipeline.db.close()

        // (a) again, with an operator's claim every 50 ms beside it
        let claimed = try firstSync("a-claims", policy: SyncPolicy(batchSize: sizes.batchSize), claims: true)
        try claimed.db.close()

        // (a′) the same first sync with one setting changed (`Alternative`)
        let alternative = try firstSync(
            "a-alternative", policy: sizes.alternative.policy(batchSize: sizes.batchSize),
            prepare: sizes.alternative.prepare)
        try alternative.db.close()

        /// The seed loader into a fresh database `name` with the same users, `passes` times over the same feed;
        /// `seedTable` gives its credentials the seed's table first.
        func seedLoad(_ name: String, seedTable: Bool, passes: Int) throws -> [Pass] {
            let db = try Database.open(path: "\(folder)/\(name).db")
            if seedTable { try SeedLoader.useSeedTable(db) }
            try IngestBenchmark.insertUsers(db, count: users, records: records, contract: contract)
            let platform = try PlatformStore(db: db, clock: SystemClock()).add(definition, secrets: secrets(), box: box)
            let loader = SeedLoader(db: db, platform: platform, secrets: secrets(), pageSize: sizes.pageSize)
            let measured = try (0..<passes).map { _ in try measure(db) { try loader.load() } }
            try db.close()
            return measured
        }

        // (b) the seed's per-row design into today's table, then the same feed again; (b₀) into the seed's own table
        let seedPasses = try seedLoad("b", seedTable: false, passes: 2)
        let (seed, seedAgain) = (seedPasses[0], seedPasses[1])
        let seedTable = try seedLoad("b0", seedTable: true, passes: 1)[0]

        // (c) SQLite's ceiling on the same rows
        let ceilingDB = try Database.open(path: "\(folder)/c.db")
        try ceilingDB.execute(
            """
            ATTACH DATABASE '\(folder)/a.db' AS source;
            INSERT INTO users SELECT * FROM source.users;
            INSERT INTO platforms SELECT * FROM source.platforms;
            """)
        let ceiling = try measure(ceilingDB) {
            try ceilingDB.transaction(.immediate) {
                try ceilingDB.execute("INSERT INTO external_credentials SELECT * FROM source.external_credentials")
            }
            return ceilingDB.changes
        }
        try ceilingDB.execute("DETACH DATABASE source")
        try ceilingDB.close()

        print(row("(a) credsync first sync", first))
        print(row("(a) credsync re-sync", resync))
        print(row("(a) first sync, claims beside", claimed.pass))
        print("  claims beside that first sync: \(claimed.claims ?? "none")")
        print(row(sizes.alternative.label, alternative.pass))
        print(row("(b) seed-shape loader", seed))
        print(row("(b) seed-shape re-load", seedAgain))
        print(row("(b₀) seed loader, seed's table", seedTable))
        print(row("(c) SQLite INSERT…SELECT", ceiling))
        print(
            String(
                format: "  a/b %.2f× (aim ≥ 3), a/b₀ %.2f×, a/c %.0f%% (aim ≥ 60 %%), "
                    + "re-sync/first %.2f× (aim ≥ 2), written/growth %.1f× (aim ≤ 3), "
                    + "%.0f B written per credential, %d stored",
                first.rate / seed.rate, first.rate / seedTable.rate, first.rate / ceiling.rate * 100,
                resync.rate / first.rate,
                Double(first.writtenBytes) / Double(max(first.growthBytes, 1)),
                Double(first.writtenBytes) / Double(max(stored, 1)), stored))
    }

    /// What one pass cost: rows/s, peak RSS (and the RSS it started from), and the bytes written to disk (counting the
    /// checkpoint of what the pass left in the WAL) against the database's growth.
    struct Pass {
        var rows: Int
        var seconds: Double
        var startRSS: Int
        var peakRSS: Int
        var writtenBytes: Int
        var growthBytes: Int
        var rate: Double { Double(rows) / seconds }
    }

    private static func measure(_ db: Connection, _ body: () throws -> Int) throws -> Pass {
        let sizeBefore = try databaseBytes(db)
        let writtenBefore = writeBytes()
        // Each pass starts from the memory the process holds, not from the heap an earlier pass or the setup freed:
        // this process runs many passes, where an operator's sync runs in a daemon that ran only syncs.
        ProcessTuning.releaseFreedHeap()
        let startRSS = ResidentMemory.currentBytes()
        ResidentMemory.resetPeak()
        let start = Date()
        let rows = try body()
        let seconds = Date().timeIntervalSince(start)
        let peak = ResidentMemory.peakBytes()
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Pass(
            rows: rows, seconds: seconds, startRSS: startRSS, peakRSS: peak, writtenBytes: writeBytes() - writtenBefore,
            growthBytes: try databaseBytes(db) - sizeBefore)
    }

    private static func row(_ label: String, _ pass: Pass) -> String {
        String(
            format:
                "  %@ %9.0f rows/s (%6.2f s, %d rows), peak RSS %5.1f MiB (from %4.1f), written %7.1f MiB for %7.1f MiB growth",
            label.padding(toLength: 30, withPad: " ", startingAt: 0), pass.rate, pass.seconds, pass.rows,
            Double(pass.peakRSS) / 1_048_576, Double(pass.startRSS) / 1_048_576,
            Double(pass.writtenBytes) / 1_048_576, Double(pass.growthBytes) / 1_048_576)
    }

    /// The database's size in pages, as SQLite counts it (the WAL is checkpointed into it before each reading).
    private static func databaseBytes(_ db: Connection) throws -> Int {
        let pages = try db.first("PRAGMA page_count") { $0.int(0) } ?? 0
        let pageSize = try db.first("PRAGMA page_size") { $0.int(0) } ?? 0
        return pages * pageSize
    }

    /// `write_bytes` of /proc/self/io: what this process caused to be written to storage.
    static func writeBytes() -> Int {
        guard let io = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8),
            let line = io.split(separator: "\n").first(where: { $0.hasPrefix("write_bytes:") })
        else { return 0 }
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    /// Saves the simulator's export to `path` with curl (its bytes are not this process's writes to measure).
    private static func download(_ url: String, to path: String) throws {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sSf", "-o", path, url]
        try curl.run()
        curl.waitUntilExit()
        guard curl.terminationStatus == 0 else {
            throw CommandError("curl could not download \(url) (exit \(curl.terminationStatus)); is curl installed?")
        }
    }
}
