import CredSyncCore
import CredSyncTUI
import Foundation

/// The dashboard over a large database: snapshot load, frame build + diff at 200×60 (afresh, and through the pane
/// cache as the clock ticks), first-frame time, and the CPU of the real dashboard in tmux beside htop, with nothing
/// changing and with a countdown ticking.
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

        // The dashboard's own path for a ticking clock: panes whose inputs did not change are copied, not rebuilt.
        let cache = PaneCache()
        let size = Size(width: 200, height: 60)
        var model = DashboardModel(size: size)
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        previous = DashboardView.render(model, size: size, cache: cache)
        let built = cache.rebuilds
        changed = 0
        let cachedStart = Date()
        for _ in 0..<frames {
            model.snapshot!.nowMs += 1_000
            let buffer = DashboardView.render(model, size: size, cache: cache)
            changed += BufferDiff(from: previous, to: buffer).changes.count
            previous = buffer
        }
        print(String(format: "  build + diff one 200×60 frame as the clock ticks, with the pane cache: %.3f ms (%.1f panes rebuilt, %d cells changed per frame)",
            Date().timeIntervalSince(cachedStart) * 1000 / Double(frames), Double(cache.rebuilds - built) / Double(frames), changed / frames))
        if idleSeconds > 0 { try liveCPU(path: path, folder: folder, seconds: idleSeconds) }
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

    /// CPU time of the real dashboard in tmux (its own socket) over `seconds`, first with nothing changing, then
    /// with a retry countdown on screen (a delayed job); `htop` runs beside it in the same tmux server, measured over
    /// the same windows, for comparison.
    static func liveCPU(path: String, folder: String, seconds: Int) throws {
        let credsync = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("credsync").path
        let socket = "credsync-render-\(getpid())"
        let env = "HOME=\(folder) CREDSYNC_KEY_FILE=\(folder)/key CREDSYNC_LOG=\(folder)/log SYNC_AUTO_START=false"
        try shell("tmux -L \(socket) new-session -d -s dash -x 200 -y 60 'env \(env) \(credsync) --db \(path)'", readOutput: false)
        defer { _ = try? shell("tmux -L \(socket) kill-server") }
        let hasHtop = (try? shell("command -v htop"))?.isEmpty == false
        if hasHtop { try shell("tmux -L \(socket) new-session -d -s htop -x 200 -y 60 htop", readOutput: false) }
        Thread.sleep(forTimeInterval: 3)
        func pid(_ session: String) throws -> String {
            try shell("tmux -L \(socket) list-panes -t \(session) -F '#{pane_pid}'").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let dashboard = try pid("dash")
        let htop = hasHtop ? try pid("htop") : nil
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        func window(_ label: String) throws {
            let before = (try cpuTicks(pid: dashboard), try htop.map(cpuTicks(pid:)))
            Thread.sleep(forTimeInterval: Double(seconds))
            let after = (try cpuTicks(pid: dashboard), try htop.map(cpuTicks(pid:)))
            func percent(_ ticks: Int) -> Double { Double(ticks) / ticksPerSecond / Double(seconds) * 100 }
            var line = String(format: "  dashboard CPU %@ over %d s: %.2f%% (%d ticks)", label, seconds,
                percent(after.0 - before.0), after.0 - before.0)
            if let start = before.1, let end = after.1 {
                line += String(format: "; htop beside it: %.2f%% (%d ticks)", percent(end - start), end - start)
            }
            print(line)
        }
        try window("with nothing changing")
        let db = try Database.open(path: path)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try db.run(
            "INSERT INTO jobs (kind, platform_id, state, attempts, run_at, last_error, trigger, created_at, updated_at) VALUES ('sync', 1, 'delayed', 1, ?, 'HTTP 503', 'retry', ?, ?)",
            [now + 50 * 60_000, now, now])
        Thread.sleep(forTimeInterval: 3)
        try window("with a retry countdown ticking")
    }

    static func cpuTicks(pid: String) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat.split(separator: ")").last!.split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }

    /// Runs `command` with `sh -c` and returns its output. Through `popen` and `system`, not `Process`, whose wait
    /// adds tens of milliseconds (it spins a run loop) — too much for the latency benchmark. A command that starts a
    /// server (tmux new-session) must pass `readOutput: false`: the server would keep a pipe open for ever.
    @discardableResult
    static func shell(_ command: String, readOutput: Bool = true) throws -> String {
        guard readOutput else {
            guard system("\(command) </dev/null >/dev/null 2>&1") == 0 else { throw CommandError("failed: \(command)") }
            return ""
        }
        guard let pipe = popen(command, "r") else { throw CommandError("cannot run: \(command)") }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&chunk, 1, chunk.count, pipe)
            if count <= 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        pclose(pipe)
        return String(decoding: data, as: UTF8.self)
    }
}
