import CredSyncCore
import CredSyncTUI
import Foundation

/// The dashboard over a large database: snapshot load, frame build + diff at 200×60, first-frame time, and the idle
/// CPU of the real dashboard in tmux over 30 s.
enum RenderBenchmark {
    static func run(credentials: Int, runs: Int, idleSeconds: Int) throws {
        print("render benchmark: \(credentials) credentials, \(runs) sync runs (\(BenchCommand.machine))")
        let folder = try BenchCommand.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/render.db"
        let fillStart = Date()
        try fill(path: path, credentials: credentials, runs: runs)
        print(String(format: "  fill: %.1f s", Date().timeIntervalSince(fillStart)))

        let settings = try Settings.load(
            flags: ["CREDSYNC_DB": path, "CREDSYNC_LOG": "\(folder)/log", "CREDSYNC_KEY_FILE": "\(folder)/key"],
            environment: ProcessInfo.processInfo.environment, configFile: nil)
        let firstStart = Date()
        let source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "bench", secretBox: nil), engine: nil)
        let snapshot = try source.snapshot()
        var previous = DashboardApp.renderFrame(snapshot: snapshot, size: Size(width: 200, height: 60))
        let firstFrameMs = Date().timeIntervalSince(firstStart) * 1000
        print(String(format: "  first frame (open, first snapshot, render): %.1f ms", firstFrameMs))

        let loads = 20
        let loadStart = Date()
        for _ in 0..<loads { _ = try SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "bench", secretBox: nil), engine: nil
        ).snapshot() }
        print(String(format: "  snapshot load (cold, per load): %.1f ms", Date().timeIntervalSince(loadStart) * 1000 / Double(loads)))

        let frames = 500
        var changed = 0
        let renderStart = Date()
        for frame in 0..<frames {
            var next = snapshot
            next.nowMs += Int64(frame) * 1_000
            let buffer = DashboardApp.renderFrame(snapshot: next, size: Size(width: 200, height: 60))
            changed += BufferDiff(from: previous, to: buffer).changes.count
            previous = buffer
        }
        let perFrameMs = Date().timeIntervalSince(renderStart) * 1000 / Double(frames)
        print(String(format: "  build + diff one 200×60 frame: %.3f ms (%d cells changed per frame on average)", perFrameMs, changed / frames))
        if idleSeconds > 0 { try idleCPU(path: path, folder: folder, seconds: idleSeconds) }
    }

    /// Bulk rows through SQL: five platforms, users, credentials (a quarter pending), sync runs.
    static func fill(path: String, credentials: Int, runs: Int) throws {
        let db = try Database.open(path: path, options: Connection.Options(synchronous: .normal))
        try db.transaction(.immediate) {
            for index in 1...5 {
                try db.run(
                    "INSERT INTO platforms (id, name, display_name, adapter, api_base_url, created_at, updated_at) VALUES (?, ?, ?, 'nsqf', 'http://127.0.0.1:9', 0, 0)",
                    [index, "platform\(index)", "Platform \(index)"])
            }
            try db.execute(
                """
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(credentials / 10))
                INSERT INTO users (name, email, email_normalized, created_at)
                SELECT 'User ' || n, 'user' || n || '@example.org', 'user' || n || '@example.org', 0 FROM seq;
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(credentials))
                INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                    learner_email, learner_name, certificate_title, issued_at, status, user_id, matched_by, match_note,
                    raw, created_at, updated_at)
                SELECT 1 + n % 5, 'EXT-' || n, 'learner' || n || '@example.org', 'email', 'learner' || n || '@example.org',
                    'Learner ' || n, 'Course ' || (n % 97), 1700000000000,
                    CASE WHEN n % 4 = 0 THEN 'pending' ELSE 'matched' END,
                    CASE WHEN n % 4 = 0 THEN NULL ELSE 1 + n % \(max(1, credentials / 10)) END,
                    CASE WHEN n % 4 = 0 THEN NULL ELSE 'email' END,
                    CASE WHEN n % 4 = 0 THEN 'no user with this email or phone' ELSE NULL END,
                    '{"id":"EXT-' || n || '"}', 0, 0 FROM seq;
                WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(runs))
                INSERT INTO sync_runs (platform_id, trigger, status, started_at, finished_at, duration_ms, pages, fetched,
                    created, updated, unchanged, matched, pending, invalid)
                SELECT 1 + n % 5, 'schedule', CASE WHEN n % 17 = 0 THEN 'failed' ELSE 'succeeded' END,
                    1700000000000 + n * 60000, 1700000000000 + n * 60000 + 5000, 5000, 10, 1000, 10, 5, 985, 12, 3, 0
                FROM seq;
                """)
        }
    }

    /// CPU time the real dashboard uses while nothing changes, in tmux.
    static func idleCPU(path: String, folder: String, seconds: Int) throws {
        let credsync = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("credsync").path
        let session = "credsync-bench-\(getpid())"
        let env = "HOME=\(folder) CREDSYNC_KEY_FILE=\(folder)/key CREDSYNC_LOG=\(folder)/log SYNC_AUTO_START=false"
        try shell("tmux new-session -d -s \(session) -x 200 -y 60 'env \(env) \(credsync) --db \(path)'", readOutput: false)
        defer { _ = try? shell("tmux kill-session -t \(session)") }
        Thread.sleep(forTimeInterval: 3)
        let pid = try shell("tmux list-panes -t \(session) -F '#{pane_pid}'").trimmingCharacters(in: .whitespacesAndNewlines)
        defer { if let process = Int32(pid) { kill(process, SIGTERM) } }
        let before = try cpuTicks(pid: pid)
        Thread.sleep(forTimeInterval: Double(seconds))
        let after = try cpuTicks(pid: pid)
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let percent = Double(after - before) / ticksPerSecond / Double(seconds) * 100
        print(String(format: "  idle dashboard CPU over %d s: %.2f%%", seconds, percent))
    }

    static func cpuTicks(pid: String) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat.split(separator: ")").last!.split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }

    /// Runs `command` with `sh -c` and returns its output. A command that starts a server (tmux new-session) must
    /// pass `readOutput: false`: the server would keep the pipe open and the read would never end.
    @discardableResult
    static func shell(_ command: String, readOutput: Bool = true) throws -> String {
        guard readOutput else {
            guard system("\(command) </dev/null >/dev/null 2>&1") == 0 else { throw CommandError("failed: \(command)") }
            return ""
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
