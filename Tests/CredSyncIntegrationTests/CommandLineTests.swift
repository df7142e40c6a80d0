import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// The real binary's answers to good and bad input: exit codes and one-line messages.
@Suite struct CommandLineTests {
    let home = TemporaryDirectory("credsync-cli")

    private func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": home.file("cli.db")].merging(extra) { _, new in new }))
    }

    @Test func cronNextPrintsFireTimesWithOffsets() throws {
        let result = try run([
            "cron", "next", "30 2 * * *", "--from", "2024-03-09T12:00:00-05:00", "--count", "3", "--tz",
            "America/New_York",
        ])
        #expect(result.status == 0)
        #expect(result.stdout == "2024-03-10T03:00:00-04:00\n2024-03-11T02:30:00-04:00\n2024-03-12T02:30:00-04:00\n")
    }

    @Test func cronNextJSON() throws {
        let result = try run([
            "cron", "next", "@daily", "--from", "2026-01-01T00:00:00Z", "--count", "2", "--tz", "UTC", "--json",
        ])
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["next"] as? [String] == ["2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00"])
        #expect(document?["timezone"] as? String == "UTC")
    }

    @Test func platformsShowAndListReportARetryingSyncJob() throws {
        let db = try Database.open(path: home.file("cli.db"))
        try db.run(
            """
            INSERT INTO platforms (name, display_name, adapter, api_base_url, created_at, updated_at)
            VALUES ('swayam', 'SWAYAM', 'swayam', 'https://swayam.example', 0, 0)
            """)
        let queue = JobQueue(db: db, clock: SystemClock(), policy: QueuePolicy(startRate: nil))
        try queue.enqueue(kind: .sync, platformId: db.lastInsertRowID, trigger: .schedule)
        for _ in 1...2 {
            guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else {
                Issue.record("nothing to claim")
                return
            }
            try queue.complete(
                jobId: job.id, holder: "w", outcome: .retry(afterMs: 60_000, error: "GET /v1 answered HTTP 503"))
            try db.run("UPDATE jobs SET run_at = 0 WHERE id = ?", [job.id])
        }

        var result = try run(["platforms", "show", "swayam", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let shown = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(shown?["retrying"] as? Bool == true)
        #expect((shown?["sync_job"] as? [String: Any])?["failed_attempts"] as? Int == 2)
        #expect((shown?["sync_job"] as? [String: Any])?["last_error"] as? String == "GET /v1 answered HTTP 503")

        result = try run(["platforms", "list", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect((listed?.first?["sync_job"] as? [String: Any])?["failed_attempts"] as? Int == 2)

        result = try run(["platforms", "show", "swayam"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("active, retrying"))
        #expect(result.stdout.contains("retrying: 2 of 3 attempts failed"))
        #expect(result.stdout.contains("last error: GET /v1 answered HTTP 503"))
    }

    @Test func anInvalidCronExpressionExitsTwoWithOneLineNamingTheField() throws {
        let result = try run(["cron", "next", "0 25 * * *"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("hour"))
    }

    @Test func aFileThatIsNotADatabaseIsOneLineAndExitOne() throws {
        let path = home.file("notes.db")
        try Data(String(repeating: "not sqlite at all\n", count: 64).utf8).write(to: URL(fileURLWithPath: path))
        let result = try run(["jobs", "--db", path])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("is not a SQLite database"))
    }

    @Test func anUnreadableDatabaseIsOneLineAndExitOne() throws {
        guard getuid() != 0 else {
            // root reads any file; a folder it cannot create in is what root cannot open.
            let result = try run(["jobs", "--db", "/proc/none.db"])
            #expect(result.status == 1)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("cannot open database") || result.stderr.contains("read-only"), "\(result.stderr)")
            return
        }
        let path = home.file("locked.db")
        _ = try Database.open(path: path)
        chmod(path, 0)
        let result = try run(["jobs", "--db", path])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anInvalidSettingNamesIt() throws {
        let result = try run(["jobs"], ["SYNC_CONCURRENCY": "lots"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("SYNC_CONCURRENCY"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownCommandsAndOptionsAreUsageErrors() throws {
        #expect(try run(["frobnicate"]).status == 2)
        #expect(try run(["jobs", "--colour"]).status == 2)
        #expect(try run(["jobs", "--state", "sleeping"]).status == 2)
    }

    @Test func schedulerStartStopStatusPersist() throws {
        let start = try run(["scheduler", "start", "--cron", "*/30 * * * *"])
        #expect(start.status == 0)
        #expect(start.stdout.contains("scheduler started"))
        var status = try run(["scheduler", "status", "--json"])
        var document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(document?["enabled"] as? Bool == true)
        #expect(document?["cron"] as? String == "*/30 * * * *")
        #expect(document?["next_run"] is String)
        #expect(try run(["scheduler", "stop"]).status == 0)
        status = try run(["scheduler", "status", "--json"])
        document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(document?["enabled"] as? Bool == false)
        let bad = try run(["scheduler", "start", "--cron", "0 0 32 * *"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("day-of-month"))
    }

    @Test func jobsListsTheQueueAsTextAndJSON() throws {
        let db = try Database.open(path: home.file("cli.db"))
        let queue = JobQueue(db: db, clock: SystemClock())
        let job = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .manual).job
        let text = try run(["jobs"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("token_refresh"))
        #expect(text.stdout.contains("waiting 1"))
        let json = try run(["jobs", "--json", "--state", "waiting"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let jobs = document?["jobs"] as? [[String: Any]]
        #expect(jobs?.count == 1)
        #expect((jobs?.first?["id"] as? Int).map(Int64.init) == job.id)
        #expect(try run(["jobs", "cancel", String(job.id)]).status == 0)
        #expect(try queue.job(id: job.id)?.state == .cancelled)
        #expect(try run(["jobs", "cancel", String(job.id)]).status == 1)
        #expect(try run(["jobs", "pause"]).status == 0)
        #expect(try queue.isPaused())
    }
}
