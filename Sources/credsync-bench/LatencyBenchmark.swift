import CredSyncCore
import CredSyncTUI
import Foundation

/// Responsiveness while a full-speed sync writes: key → screen latency of the real dashboard in tmux (send-keys,
/// then capture-pane polled until the pane's position counter shows the move) and a claim's answer time through
/// the dashboard's command path, each measured first with nothing running and then during a sync of `records`
/// credentials from `credsync-sim`.
enum LatencyBenchmark {
    static func run(records: Int, samples: Int) throws {
        print("latency benchmark: sync of \(records) credentials, \(samples) samples each (\(BenchCommand.machine))")
        let simulator = try SimulatorProcess(platform: "bench:nsqf:\(records):7")
        defer { simulator.stop() }
        let folder = try BenchCommand.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/latency.db"
        let clock = SystemClock()
        let db = try Database.open(path: path)
        try IngestBenchmark.insertUsers(db, count: records, records: records)
        let box = SecretBox(currentKey: try KeyStore.generate())
        let platform = try PlatformStore(db: db, clock: clock).add(
            PlatformDefinition(
                name: "bench", adapter: "nsqf", apiBaseURL: simulator.baseURL, authType: .oauth2ClientCredentials,
                config: simulator.config),
            secrets: simulator.secrets, box: box)
        // Pending credentials of another platform for the claims, and the user they go to.
        try db.execute(
            """
            INSERT INTO platforms (id, name, display_name, adapter, api_base_url, created_at, updated_at)
                VALUES (99, 'claims', 'Claims', 'nsqf', 'http://127.0.0.1:9', 0, 0);
            WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 400)
            INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                learner_email, learner_name, certificate_title, status, match_note, raw, created_at, updated_at)
            SELECT 99, 'CLAIM-' || n, 'claim' || n || '@example.org', 'email', 'claim' || n || '@example.org',
                'Claim ' || n, 'Course', 'pending', 'no user with this email', '{}', 0, 0 FROM seq;
            """)
        let userId = try db.first("SELECT id FROM users ORDER BY id LIMIT 1") { $0.int64(0) }!
        var claimIds = try db.all("SELECT id FROM external_credentials WHERE platform_id = 99 ORDER BY id") { $0.int64(0) }

        let settings = try Settings.load(
            flags: ["CREDSYNC_DB": path, "CREDSYNC_LOG": "\(folder)/log", "CREDSYNC_KEY_FILE": "\(folder)/key"],
            environment: ProcessInfo.processInfo.environment, configFile: nil)
        let source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "bench", secretBox: nil), engine: nil)
        let dashboard = try TmuxDashboard(path: path, folder: folder)
        defer { dashboard.stop() }

        func measure(_ label: String) throws {
            var keys: [Double] = []
            var claims: [Double] = []
            for _ in 0..<samples {
                if let ms = try dashboard.keyLatencyMs() { keys.append(ms) }
                let id = claimIds.removeLast()  // beyond the rows on screen: the counter is not moved by the claims
                let start = Date()
                let result = source.perform(.claim(credentialId: id, userId: userId))
                claims.append(Date().timeIntervalSince(start) * 1000)
                if !result.succeeded { print("    claim \(id) failed: \(result.message)") }
                Thread.sleep(forTimeInterval: 0.2)
            }
            print("  \(label): key → screen \(summary(keys)); claim answered \(summary(claims))")
        }
        try measure("idle")

        let finished = DispatchSemaphore(value: 0)
        let syncStart = Date()
        let platformId = platform.id
        let syncThread = Thread {
            // Its own connection, as an engine worker has.
            do {
                let db = try Database.open(path: path)
                let handler = SyncJobHandler(policy: SyncPolicy(), clock: SystemClock(), secretBox: box)
                let queue = JobQueue(db: db, clock: SystemClock(), policy: QueuePolicy(startRate: nil))
                try queue.enqueue(
                    kind: .sync, platformId: platformId, trigger: .manual, payload: SyncJobHandler.Request(full: false).json)
                guard case .claimed(let job) = try queue.claim(holder: "bench", kinds: [.sync]) else {
                    throw CommandError("the sync job was not claimable")
                }
                let outcome = try handler.perform(JobContext.standalone(job: job, holder: "bench", queue: queue))
                try queue.complete(jobId: job.id, holder: "bench", outcome: outcome)
            } catch {
                print("  the sync failed: \(error)")
            }
            finished.signal()
        }
        syncThread.start()
        Thread.sleep(forTimeInterval: 2)  // the sync is past its first pages
        try measure("during the sync")
        let stillRunning = finished.wait(timeout: .now()) == .timedOut
        finished.wait()
        print(String(format: "  the sync took %.1f s%@", Date().timeIntervalSince(syncStart),
            stillRunning ? " and was still running when the samples ended" : " — it ENDED before the samples did"))
    }

    static func summary(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "no samples" }
        let sorted = values.sorted()
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return String(format: "median %.1f ms, p90 %.1f ms, max %.1f ms (%d)", at(0.5), at(0.9), sorted.last!, sorted.count)
    }
}

/// The real dashboard in tmux on its own server socket, driven by send-keys and read by capture-pane.
final class TmuxDashboard {
    let socket = "credsync-bench-\(getpid())"
    private var expected = 1
    private var total = ""

    init(path: String, folder: String) throws {
        let credsync = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("credsync").path
        let env = "HOME=\(folder) CREDSYNC_KEY_FILE=\(folder)/key CREDSYNC_LOG=\(folder)/log SYNC_AUTO_START=false"
        try RenderBenchmark.shell(
            "tmux -L \(socket) new-session -d -s bench -x 200 -y 60 'env \(env) \(credsync) --db \(path)'", readOutput: false)
        Thread.sleep(forTimeInterval: 3)
        try RenderBenchmark.shell("tmux -L \(socket) send-keys -t bench 4")  // Pending: its position counter moves
        Thread.sleep(forTimeInterval: 1)
        let screen = try capture()
        guard let match = screen.firstMatch(of: #/ 1/([0-9,]+) /#) else {
            throw CommandError("the Pending pane shows no position counter:\n\(screen)")
        }
        total = String(match.1)
    }

    var pid: String? {
        try? RenderBenchmark.shell("tmux -L \(socket) list-panes -t bench -F '#{pane_pid}'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func capture() throws -> String { try RenderBenchmark.shell("tmux -L \(socket) capture-pane -p -t bench") }

    /// Presses `j` and polls the screen until the counter shows the next row; nil when it never did within 2 s.
    func keyLatencyMs() throws -> Double? {
        expected += 1
        // The position only: the claims measured beside the keys shrink the total.
        let wanted = try Regex(" \(Format.count(expected))/[0-9,]+ ")
        let start = Date()
        try RenderBenchmark.shell("tmux -L \(socket) send-keys -t bench j", readOutput: false)
        while Date().timeIntervalSince(start) < 2 {
            if try capture().contains(wanted) { return Date().timeIntervalSince(start) * 1000 }
        }
        print("    the screen did not show \(wanted) within 2 s")
        return nil
    }

    func stop() { _ = try? RenderBenchmark.shell("tmux -L \(socket) kill-server") }
}
