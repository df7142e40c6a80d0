import CredSyncCore
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

/// The Pending pane over more credentials than one window holds, driven through the dashboard's update and its
/// SQLite data source: `G` reaches the last row, the counter counts every row, `/` finds a row far past the first
/// window, and claiming it writes the database.
@Suite struct DashboardPendingWindowTests: DashboardDriving {
    let fixture: TestDatabase
    let source: SQLiteDataSource
    let size = Size(width: 120, height: 40)

    init() throws {
        let fixture = try TestDatabase(nowMs: SystemClock().nowMs)
        self.fixture = fixture
        let platform = try fixture.insertPlatform(name: "nsqf")
        try fixture.db.transaction {
            for index in 1...5_000 {
                try fixture.db.run(
                    """
                    INSERT INTO external_credentials (platform_id, external_id, learner_name, learner_email,
                        email_normalized, certificate_title, raw, status, match_note, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'Welding', '{}', 'pending', 'no user with this email', 0, 0)
                    """, [platform, "e\(index)", "Learner \(index)q", "l\(index)q@example.org", "l\(index)q@example.org"])
            }
        }
        let users = try UserImport(
            text: "external_ref,name,email,phone\nu1,Kavya Menon,kavya.menon@example.org,\n", format: .csv,
            phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        _ = try UserStore(db: fixture.db, clock: fixture.clock).importUsers(
            users, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        let environment = CredsyncProcess.environment(home: fixture.directory.path, ["CREDSYNC_DB": fixture.path])
        source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: try Settings.load(flags: [:], environment: environment, configFile: nil), actor: "operator",
                secretBox: nil),
            engine: nil)
    }

    @Test func gReachesTheLastRowAndTheCounterCountsEveryRow() throws {
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: SystemClock().nowMs))
        try press(&model, [.character("4")])
        #expect(screen(model).contains("Pending (5,000)"))
        #expect(screen(model).contains(" 1/5,000 "))
        try press(&model, [.character("G")])
        #expect(model.selectedCredential?.externalId == "e5000")
        #expect(screen(model).contains(" 5,000/5,000 "))
        #expect(screen(model).contains("Learner 5000q"))
        try press(&model, [.pageUp, .pageUp, .up])
        let rows = DashboardLayout.layout(size).listRows(for: .pending)
        #expect(model.selectedCredential?.externalId == "e\(5_000 - 2 * rows - 1)")
        #expect(screen(model).contains(" \(Format.count(5_000 - 2 * rows - 1))/5,000 "))
        try press(&model, [.character("g")])
        #expect(model.selectedCredential?.externalId == "e1")
        // Paging down from the top walks windows keyed on the loaded rows.
        for _ in 0..<(5_000 / rows + 1) { try press(&model, [.pageDown]) }
        #expect(model.selectedCredential?.externalId == "e5000")
    }

    @Test func aFilterFindsARowBeyondTheFirstWindowAndClaimsIt() throws {
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: SystemClock().nowMs))
        try press(&model, [.character("4"), .character("/")] + "learner 4321q".map { .character($0) } + [.enter])
        #expect(screen(model).contains("Pending (1 of 5,000) /learner 4321q"))
        #expect(model.selectedCredential?.externalId == "e4321")

        try press(&model, [.escape, .character("/")] + "L4321Q@EXAMPLE.ORG".map { .character($0) } + [.enter])
        #expect(model.selectedCredential?.externalId == "e4321")
        try press(&model, [.escape, .character("/")] + "43".map { .character($0) } + [.enter])
        #expect(screen(model).contains("Pending (\(Format.count((1...5_000).filter { "\($0)".contains("43") }.count)) of 5,000)"))

        try press(&model, [.escape, .character("/")] + "learner 4321q".map { .character($0) } + [.enter])
        try press(&model, [.character("c"), .backspace] + Array(repeating: Key.backspace, count: 20) + "kavya".map { .character($0) })
        try press(&model, [.enter, .character("y")])
        let row = try fixture.db.first("SELECT status, user_id, matched_by FROM external_credentials WHERE external_id = 'e4321'") {
            [$0.text(0), $0.optionalText(1) ?? "∅", $0.optionalText(2) ?? "∅"]
        }
        #expect(row == ["matched", "1", "manual"])
        #expect(screen(model).contains("Pending (0 of 4,999) /learner 4321q"))
        try press(&model, [.escape])
        #expect(screen(model).contains("Pending (4,999)"))
    }

    /// While a sync adds rows, a filter's window and count (a pass over every pending row) stand for
    /// `filteredReuseMs`, then are read again; the unfiltered count follows every change; a command reads afresh.
    @Test func aFilteredCountStandsBrieflyWhileRowsChangeAndACommandReadsAfresh() throws {
        let clock = ManualClock(nowMs: fixture.clock.nowMs)
        let source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: try Settings.load(
                    flags: [:], environment: CredsyncProcess.environment(home: fixture.directory.path, ["CREDSYNC_DB": fixture.path]),
                    configFile: nil),
                actor: "operator", secretBox: nil),
            engine: nil, clock: clock)
        var windows = DashboardWindows()
        windows.pending.filter = "welding"
        func read() throws -> (total: Int, matches: Int) {
            let snapshot = try source.snapshot(windows: windows)
            return (snapshot.pendingTotal, snapshot.pendingMatches)
        }
        #expect(try read() == (5_000, 5_000))
        // A sync stores one more pending credential a second later, and counts it in its run.
        try fixture.db.run(
            """
            INSERT INTO sync_runs (platform_id, trigger, status, started_at, fetched)
            SELECT platform_id, 'manual', 'running', 0, 1 FROM external_credentials LIMIT 1
            """)
        try fixture.db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_name, certificate_title, raw, status,
                created_at, updated_at)
            SELECT platform_id, 'late', 'Late Learner', 'Welding', '{}', 'pending', 0, 0 FROM external_credentials LIMIT 1
            """)
        clock.advance(byMs: 1_000)
        let during = try read()
        #expect(during == (5_001, 5_000), "the filtered count stands, the total follows: \(during)")
        clock.advance(byMs: SQLiteDataSource.filteredReuseMs)
        #expect(try read() == (5_001, 5_001))
        // A claim through this dashboard shows at once.
        let user = try #require(try UserStore(db: fixture.db, clock: fixture.clock).users(search: "kavya").first)
        let late = try #require(try fixture.db.first("SELECT id FROM external_credentials WHERE external_id = 'late'") { $0.int64(0) })
        #expect(source.perform(.claim(credentialId: late, userId: user.id)).succeeded)
        #expect(try read() == (5_000, 5_000))
    }
}
