import CredSyncCore
import CredSyncTUI
import CredSyncTestSupport
import Testing

/// `S` through the dashboard's command path: a partly refused request is a success with a note.
@Suite struct DashboardSyncAllTests {
    @Test func syncAllSucceedsWithANoteWhenSomePlatformsAreRateLimited() throws {
        let fixture = try TestDatabase()
        let first = try fixture.insertPlatform(name: "alpha")
        try fixture.insertPlatform(name: "beta")
        let settings = try Settings.load(
            flags: [:],
            environment: CredsyncProcess.environment(
                home: fixture.directory.path, ["CREDSYNC_DB": fixture.path, "MANUAL_SYNC_LIMIT": "1"]),
            configFile: nil)
        let dataSource = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "operator", secretBox: nil),
            engine: nil, clock: fixture.clock)
        let one = dataSource.perform(.syncPlatform(platformId: first))
        #expect(one.succeeded, "\(one.message)")
        let jobId = try #require(try fixture.db.first("SELECT max(id) FROM jobs") { $0.int64(0) })
        #expect(dataSource.perform(.cancelJob(jobId: jobId)).succeeded)
        let all = dataSource.perform(.syncAll)
        #expect(all.succeeded, "one queued, one refused: a success")
        #expect(all.message == "1 of 2 queued, 1 rate limited")
        let again = dataSource.perform(.syncAll)
        #expect(again.message == "0 of 2 queued, 2 rate limited")
        #expect(!again.succeeded, "nothing queued: a failure")
    }
}
